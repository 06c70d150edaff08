"""Load test: wrk for 60 s at 50 connections against gunicorn in production mode on loopback.

Usage: .venv/bin/python bench/loadtest.py [--duration 60] [--connections 50] [--workers 2] [--size 1000]
(or `make loadtest`)

It fills a separate database (werkzeugkoffer_load) on the embedded server with the seed content plus
--size demo practice examples (and a tenth as many funding programmes and contacts), starts gunicorn
with the production settings as they ship (facet cache, rate limits, JSON request log) and sends a
mix of start page, lists with and without filters and search terms, detail pages, the global search,
the API and the legal pages. Requests come from a thousand client addresses (X-Forwarded-For, with
one trusted proxy), so that the rate limits count as they would for a thousand people and never refuse.

It reports requests per second, latency, errors (must be zero: every status must be 2xx or 3xx) and the
memory of each worker from /proc (RSS and PSS) after start, after a 10 s warm-up and after the run, and
writes the table to bench/results/loadtest.md. Exits non-zero on any error.
"""

import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from run import FIELDS, PYTHON, ROOT, STATES, TERMS, ensure_wrk, free_port

sys.path.insert(0, str(ROOT))

DATABASE = "werkzeugkoffer_load"
WARM_UP_SECONDS = 10


def load_env():
    """The production settings as they ship, on a database of the embedded server (EMBEDDED_PGDATA or .pgdata/)."""
    from werkzeugkoffer.operations.embedded_db import SUPERUSER, ensure_running

    if os.environ.get("DATABASE_URL"):
        sys.exit("The load test uses the embedded PostgreSQL; unset DATABASE_URL.")
    host = ensure_running(os.environ.get("EMBEDDED_PGDATA", ROOT / ".pgdata"))["HOST"]
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DATABASE_URL": f"postgres://{SUPERUSER}@/{DATABASE}?host={host}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "loadtest-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "INFO",
        # wrk sends X-Forwarded-For like a reverse proxy would (bench/loadtest.lua).
        "DJANGO_TRUSTED_PROXIES": "1",
    }
    return env, host


def psql(host, database, command):
    from werkzeugkoffer.operations.embedded_db import SUPERUSER, find_bin_dir

    result = subprocess.run(
        [str(find_bin_dir() / "psql"), "-h", host, "-U", SUPERUSER, "-d", database, "-tAq", "-c", command],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def prepare_database(env, host, size):
    psql(host, "postgres", f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql(host, "postgres", f'CREATE DATABASE "{DATABASE}"')
    quiet = {"env": {**env, "DJANGO_LOG_LEVEL": "WARNING"}, "cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], **quiet)
    subprocess.run([PYTHON, "manage.py", "load_seed", "-v", "0"], **quiet)
    subprocess.run([PYTHON, "manage.py", "generate_demo_data", "--practice-examples", str(size)], **quiet)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], **quiet)


def request_paths(host):
    """About 300 distinct paths in the mix a visitor would produce."""
    rng = random.Random(2026)
    published = "status = 'veroeffentlicht' ORDER BY slug"
    examples = psql(host, DATABASE, f"SELECT slug FROM projects_practiceexample WHERE {published}")
    programmes = psql(host, DATABASE, f"SELECT slug FROM funding_fundingprogramme WHERE {published}")
    contacts = psql(host, DATABASE, f"SELECT slug FROM contacts_contact WHERE {published}")
    paths = ["/", "/", "/praxisbeispiele/", "/foerderprogramme/", "/beratung/", "/impressum/", "/health/ready"]
    for _ in range(40):
        paths.append(f"/praxisbeispiele/{rng.choice(examples)}/")
        paths.append(f"/foerderprogramme/{rng.choice(programmes)}/")
        paths.append(f"/beratung/{rng.choice(contacts)}/")
        filters = {"bundesland": rng.choice(STATES), "handlungsfeld": rng.choice(FIELDS)}
        paths.append("/praxisbeispiele/?" + urlencode(filters))
        paths.append("/praxisbeispiele/?" + urlencode({"q": rng.choice(TERMS), "bundesland": rng.choice(STATES)}))
        paths.append("/foerderprogramme/?" + urlencode({"q": rng.choice(TERMS)}))
        paths.append("/beratung/?" + urlencode({"thema": rng.choice(FIELDS)}))
        paths.append("/suche/?" + urlencode({"q": rng.choice(TERMS)}))
    for _ in range(10):
        paths.append("/api/v1/praxisbeispiele/?" + urlencode({"q": rng.choice(TERMS), "page": rng.randint(1, 3)}))
        paths.append(f"/api/v1/foerderprogramme/{rng.choice(programmes)}/")
    rng.shuffle(paths)
    return paths


def start_gunicorn(env, port, workers, log):
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "werkzeugkoffer.wsgi"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            time.sleep(1)  # all workers booted
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not start")


def worker_memory(master):
    """{pid: (RSS MB, PSS MB)} of gunicorn's workers, from /proc."""
    memory = {}
    for pid in sorted(int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()):
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        memory[pid] = (fields["Rss"], fields["Pss"])
    return memory


def wrk(port, paths, connections, duration):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s"]
            + ["-s", str(ROOT / "bench/loadtest.lua"), f"http://127.0.0.1:{port}", "--", handle.name],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["errors"] = sum(data[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    data["errors"] += data["non_2xx_3xx"]
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--size", type=int, default=1000, help="demo practice examples besides the seed")
    args = parser.parse_args()

    ensure_wrk()
    env, host = load_env()
    print(f"Datenbank {DATABASE}: Seed und {args.size} Demo-Praxisbeispiele …", flush=True)
    prepare_database(env, host, args.size)
    paths = request_paths(host)

    log_path = Path(tempfile.gettempdir()) / "werkzeugkoffer-loadtest.log"
    port = free_port()
    with open(log_path, "w") as log:
        server = start_gunicorn(env, port, args.workers, log)
    try:
        started = worker_memory(server.pid)
        warm_up = wrk(port, paths, args.connections, WARM_UP_SECONDS)
        warm = worker_memory(server.pid)
        result = wrk(port, paths, args.connections, args.duration)
        after = worker_memory(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    request_lines = sum('"logger": "werkzeugkoffer.requests"' in line for line in log_path.open())
    report(args, paths, warm_up, result, started, warm, after, request_lines)
    if result["errors"] or warm_up["errors"]:
        sys.exit(f"{result['errors'] + warm_up['errors']} Fehler – siehe {log_path}")


def report(args, paths, warm_up, result, started, warm, after, request_lines):
    seconds = result["duration_us"] / 1e6
    cpu = platform.processor() or platform.machine()
    machine = f"{os.cpu_count()} Kerne, {cpu}, Python {platform.python_version()}"
    lines = [
        f"Lasttest {time.strftime('%Y-%m-%d %H:%M')} – {machine}; gunicorn {args.workers} Worker, Produktionsmodus, "
        f"Seed + {args.size} Demo-Praxisbeispiele, {len(set(paths))} verschiedene Adressen, 1.000 Client-Adressen.",
        "",
        "| Lauf | Dauer | Verbindungen | Anfragen | Anfragen/s | p50 ms | p90 ms | p99 ms | max ms | Fehler |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in [("Aufwärmen", warm_up), ("Messung", result)]:
        lines.append(
            f"| {name} | {data['duration_us'] / 1e6:.0f} s | {args.connections} | {data['requests']} "
            f"| {data['requests'] / (data['duration_us'] / 1e6):.0f} | {data['p50_us'] / 1000:.1f} "
            f"| {data['p90_us'] / 1000:.1f} | {data['p99_us'] / 1000:.1f} | {data['max_us'] / 1000:.0f} "
            f"| {data['errors']} |"
        )
    lines += [
        "",
        f"Fehler in der Messung: {result['errors']} (Verbindung {result['connect_errors']}, Lesen "
        f"{result['read_errors']}, Schreiben {result['write_errors']}, Zeitüberschreitung {result['timeouts']}, "
        f"Status nicht 2xx/3xx {result['non_2xx_3xx']}); JSON-Zeilen im Anfrage-Log: {request_lines} "
        f"(Anfragen gesamt: {warm_up['requests'] + result['requests']}).",
        "",
        "| Worker | RSS nach Start | nach Aufwärmen | nach Messung | Zuwachs in der Messung | PSS nach Messung |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for pid in after:
        rss_start = started.get(pid, (float("nan"),))[0]
        rss_warm = warm.get(pid, (float("nan"),))[0]
        lines.append(
            f"| {pid} | {rss_start:.1f} MB | {rss_warm:.1f} MB | {after[pid][0]:.1f} MB "
            f"| {after[pid][0] - rss_warm:+.1f} MB | {after[pid][1]:.1f} MB |"
        )
    print(f"\n{seconds:.0f} s Messung:\n")
    target = ROOT / "bench/results"
    target.mkdir(exist_ok=True)
    (target / "loadtest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nTabelle geschrieben: {target / 'loadtest.md'}")


if __name__ == "__main__":
    main()
