"""Benchmark the portal in production mode under gunicorn on loopback.

Usage: .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--duration 10]

For each size it fills a separate database (werkzeugkoffer_bench) with the seed
content plus demo practice examples (and a tenth as many funding programmes and
contacts), starts gunicorn with 2 workers and measures every scenario with wrk:
latency at 2 connections (one request per worker, no queueing) and throughput at
8 connections. Paths rotate through at least 50 distinct combinations where that
makes sense, so that no cache serves them. The trivial /health/live endpoint
through the same stack is the baseline. The table is printed and written to
bench/results/latest.md.
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "werkzeugkoffer_bench"
BASELINE = "Baseline /health/live"
TERMS = [
    "Pflege",
    "Quartier Demenz",
    "Wohncafe",
    "Nachbarschaft",
    "Ehrenamt",
    "Mobilität",
    "Begegnung",
    "Beratung",
    "Wohnen",
    "Inklusion",
    "Mittagstisch",
    "Dorfladen",
    "Genossenschaft",
    "Bürgerbus",
    "Garten",
]
# A town that no demo entry names: a search with it finds entries with only some of its words.
UNKNOWN_TOWN = "Musterstadt"
# Places a query may name (catalogue/places.py): Länder, an abbreviation, kreisfreie Städte, a Kreisstadt.
PLACES = ["Rheinland-Pfalz", "Bayern", "NRW", "Niedersachsen", "Sachsen", "Hessen", "Mainz", "Trier", "Wittlich"]
# What people type into the place field („PLZ oder Ort“): postcodes, towns, a Kreis, a Land (see catalogue/nearby.py).
PLACE_FIELD = [
    "55116",
    "Mainz",
    "54523",
    "Trier",
    "Kaiserslautern",
    "56068",
    "Landkreis Bernkastel-Wittlich",
    "Bielefeld",
    "79356",
    "Bayern",
    "Koblenz",
    "67433",
]
STATES = [
    "rheinland-pfalz",
    "bayern",
    "nordrhein-westfalen",
    "niedersachsen",
    "sachsen",
    "hessen",
    "berlin",
    "baden-wuerttemberg",
    "thueringen",
    "brandenburg",
]
FIELDS = [
    "wohnen",
    "soziales-nachbarschaft-und-begegnung",
    "gesundheit-hilfe-und-pflege",
    "beratung",
    "mobilitaet",
    "teilhabe-und-partizipation",
    "kooperation-und-vernetzung",
    "qualifizierung-und-engagement",
]
GROUPS = [
    "aeltere-menschen",
    "pflegebeduerftige",
    "menschen-mit-demenz",
    "menschen-mit-behinderung",
    "familien-und-generationen",
    "ehrenamtliche",
]
APPLICANTS = ["kommunen", "freie-traeger", "vereine", "wohnungsunternehmen"]
LEVELS = ["eu", "bund", "land", "kommune", "stiftung", "lotterie"]
AUDIENCES = ["kommune", "traeger", "wohnungswirtschaft", "buergerinnen-und-buerger", "politik", "nicht-angegeben"]


def run(*args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `apt-get install wrk` (as root) and run again.")
    run("apt-get", "update", "-qq")
    run("apt-get", "install", "-y", "-qq", "wrk")


def bench_env():
    """Production-mode settings pointing at the benchmark database on the embedded server."""
    sys.path.insert(0, str(ROOT))
    from werkzeugkoffer.operations.embedded_db import SUPERUSER, ensure_running

    if os.environ.get("DATABASE_URL"):
        sys.exit("The benchmark uses the embedded PostgreSQL; unset DATABASE_URL.")
    host = ensure_running(ROOT / ".pgdata")["HOST"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{SUPERUSER}@/{DATABASE}?host={host}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Measure the real work: no cached facet counts (see README) and no rate limit,
        # which would answer most of the load generator's requests with 429.
        "FACET_CACHE_SECONDS": "0",
        "DJANGO_RATELIMIT_ENABLED": "false",
    }
    return env, host


def reset_database(host):
    from werkzeugkoffer.operations.embedded_db import SUPERUSER, find_bin_dir

    psql = [str(find_bin_dir() / "psql"), "-h", host, "-U", SUPERUSER, "-d", "postgres", "-q", "-c"]
    run(*psql, f'DROP DATABASE IF EXISTS "{DATABASE}"', stdout=subprocess.DEVNULL)
    run(*psql, f'CREATE DATABASE "{DATABASE}"', stdout=subprocess.DEVNULL)


def published_slugs(env, count, model="projects.models.PracticeExample"):
    """Slugs of published demo entries of model (a practice example unless named), spread over the table."""
    module, name = model.rsplit(".", 1)
    script = (
        f"from {module} import {name} as P; "
        "print('\\n'.join(P.objects.published().filter(slug__startswith='demo-')"
        f".order_by('?').values_list('slug', flat=True)[:{count}]))"
    )
    result = run(PYTHON, "manage.py", "shell", "-c", script, env=env, capture_output=True, text=True)
    return [line for line in result.stdout.split() if line.startswith("demo-")]


def term_shares(env):
    """Share of the published practice examples each search term finds, to read the figures by."""
    script = (
        "import json; from projects.models import PracticeExample as P; "
        "from werkzeugkoffer.catalogue.listing import fulltext; "
        "p = P.objects.published(); n = p.count(); "
        f"print(json.dumps({{t: fulltext(p, t).count() / n for t in {TERMS!r}}}))"
    )
    result = run(PYTHON, "manage.py", "shell", "-c", script, env=env, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def settle(host):
    """After a bulk load: statistics current, dead rows gone, dirty pages written — so that autovacuum
    and checkpoints do not run in the middle of the measurements."""
    from werkzeugkoffer.operations.embedded_db import SUPERUSER, find_bin_dir

    psql = [str(find_bin_dir() / "psql"), "-h", host, "-U", SUPERUSER, "-d", DATABASE, "-q", "-c"]
    run(*psql, "VACUUM ANALYZE", stdout=subprocess.DEVNULL)
    run(*psql, "CHECKPOINT", stdout=subprocess.DEVNULL)


def drain(result):
    """Let requests still running in the workers finish before the next measurement starts."""
    time.sleep(min(15, result["p99_us"] / 1e6 + 1))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port):
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "werkzeugkoffer.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not start")


def scenarios(rng, detail_slugs, guidance_slugs):
    """Scenario name -> list of paths."""

    def combos(prefix, make, count=60):
        """count distinct query strings."""
        distinct = set()
        while len(distinct) < count:
            distinct.add(make())
        return [f"{prefix}?{query}" for query in sorted(distinct)]

    def example_filters():
        return urlencode(
            {"q": rng.choice(TERMS), "bundesland": rng.choice(STATES), "handlungsfeld": rng.choice(FIELDS)}
        )

    def programme_filters():
        return urlencode(
            {"q": rng.choice(TERMS), "antragsberechtigte": rng.choice(APPLICANTS), "foerderebene": rng.choice(LEVELS)}
        )

    def contact_filters():
        return urlencode({"q": rng.choice(TERMS), "region": rng.choice(STATES), "thema": rng.choice(FIELDS)})

    def partial_filters():
        # No entry names this town, so the list falls back to the entries with some of the words.
        return urlencode(
            {
                "q": f"{rng.choice(TERMS)} {UNKNOWN_TOWN}",
                "bundesland": rng.choice(STATES),
                "handlungsfeld": rng.choice(FIELDS),
            }
        )

    def guidance_filters():
        return urlencode({"q": rng.choice(TERMS), "fuer": rng.choice(AUDIENCES), "handlungsfeld": rng.choice(FIELDS)})

    def near_contacts():
        return urlencode({"ort": rng.choice(PLACE_FIELD), "thema": rng.choice(FIELDS)})

    def near_examples():
        return urlencode(
            {"ort": rng.choice(PLACE_FIELD), "umkreis": rng.choice(["10", "25", "", "100"]), "q": rng.choice(TERMS)}
        )

    def check_answers():
        """A Förder-Check result: every answer given, the place either named or „egal“."""
        where = rng.choice([{"wo": "ueberall"}, {"wo": "ort", "ort": rng.choice(PLACE_FIELD)}])
        return urlencode(
            {
                "antragsberechtigte": rng.choice([*APPLICANTS, "egal"]),
                **where,
                "handlungsfeld": rng.choice(FIELDS),
                "zielgruppe": rng.choice([*GROUPS, "egal"]),
                "wann": rng.choice(["jetzt", "3-monate", "egal"]),
            }
        )

    def status_and_applicants():
        # Two facets whose entries may leave the fact open: the list also counts the offer of both at once.
        return urlencode(
            {"status": rng.choice(["offen", "in-3-monaten"]), "antragsberechtigte": rng.choice(APPLICANTS)}
        )

    def place_filters():
        return urlencode({"q": f"{rng.choice(TERMS)} {rng.choice(PLACES)}", "handlungsfeld": rng.choice(FIELDS)})

    return {
        BASELINE: ["/health/live"],
        "Startseite": ["/"],
        "Praxisbeispiele ohne Filter": ["/praxisbeispiele/"],
        "Förderprogramme ohne Filter": ["/foerderprogramme/"],
        "Beratung ohne Filter": ["/beratung/"],
        "Praxisbeispiele: Suche + 2 Facetten": combos("/praxisbeispiele/", example_filters),
        "Förderprogramme: Suche + 2 Facetten": combos("/foerderprogramme/", programme_filters),
        "Beratung: Suche + 2 Facetten": combos("/beratung/", contact_filters),
        "Praxisbeispiele: „Quartier“ (fast überall)": ["/praxisbeispiele/?q=Quartier"],
        "Detailseite Praxisbeispiel": [f"/praxisbeispiele/{slug}/" for slug in detail_slugs],
        "Globale Suche": [f"/suche/?{urlencode({'q': term})}" for term in TERMS],
        "API Praxisbeispiele: Suche + 2 Facetten": combos("/api/v1/praxisbeispiele/", example_filters),
        # Last, so that the filter combinations above stay those of earlier runs.
        "Praxisbeispiele: einige Wörter + 2 Facetten": combos("/praxisbeispiele/", partial_filters),
        f"Praxisbeispiele: „Quartier {UNKNOWN_TOWN}“ (einige Wörter; fast überall)": [
            f"/praxisbeispiele/?{urlencode({'q': f'Quartier {UNKNOWN_TOWN}'})}"
        ],
        "Praxisbeispiele: Suche mit Ort + 1 Facette": combos("/praxisbeispiele/", place_filters),
        "Beratung: „Beratung“ mit Ort": [f"/beratung/?{urlencode({'q': f'Beratung {place}'})}" for place in PLACES],
        "Handlungsempfehlungen ohne Filter": ["/handlungsempfehlungen/"],
        "Handlungsempfehlungen: Suche + 2 Facetten": combos("/handlungsempfehlungen/", guidance_filters),
        "API Handlungsempfehlungen: Suche + 2 Facetten": combos("/api/v1/handlungsempfehlungen/", guidance_filters),
        "Detailseite Handlungsempfehlung": [f"/handlungsempfehlungen/{slug}/" for slug in guidance_slugs],
        # The place field (issue 20), last for the same reason.
        "Beratung: PLZ oder Ort + 1 Facette": combos("/beratung/", near_contacts),
        "Praxisbeispiele: PLZ oder Ort + Umkreis + Suche": combos("/praxisbeispiele/", near_examples),
        "API Beratung: PLZ oder Ort + 1 Facette": combos("/api/v1/beratung/", near_contacts),
        # The tools of issue 21: the Förder-Check's result (three lists) and a list with two facets of unknowns.
        "Förder-Check: Ergebnis": combos("/foerder-check/ergebnis/", check_answers),
        "Förderprogramme: Status + Antragsberechtigte": combos("/foerderprogramme/", status_and_applicants, count=8),
    }


def wrk(port, paths, connections, duration):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t",
                str(min(connections, 2)),
                "-c",
                str(connections),
                "-d",
                f"{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench/paths.lua"),
                f"http://127.0.0.1:{port}",
                "--",
                handle.name,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument(
        "--only", nargs="+", default=[], help="measure only scenarios whose name contains one of these words"
    )
    args = parser.parse_args()

    ensure_wrk()
    env, host = bench_env()
    reset_database(host)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_seed", "-v", "0", env=env, stdout=subprocess.DEVNULL)
    run(PYTHON, "manage.py", "load_places", env=env, stdout=subprocess.DEVNULL)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    rows = []
    shares = {}
    loaded = 0
    for size in sorted(args.sizes):
        started = time.monotonic()
        run(
            PYTHON,
            "manage.py",
            "generate_demo_data",
            "--practice-examples",
            str(size - loaded),
            "--seed",
            str(size),
            env=env,
            stdout=subprocess.DEVNULL,
        )
        loaded = size
        settle(host)
        print(f"\n{size} Praxisbeispiele geladen in {time.monotonic() - started:.0f} s", flush=True)
        shares[size] = term_shares(env)
        print("Anteil der Treffer je Suchbegriff: " + format_shares(shares[size]), flush=True)
        detail_slugs = published_slugs(env, 60)
        guidance_slugs = published_slugs(env, 60, "guidance.models.Recommendation")
        port = free_port()
        server = start_gunicorn(env, port)
        try:
            baseline = None
            # The same filter combinations at every size, so that the sizes compare.
            for name, paths in scenarios(random.Random(2026), detail_slugs, guidance_slugs).items():
                if args.only and name != BASELINE and not any(word in name for word in args.only):
                    continue
                wrk(port, paths, 2, 2)  # warm-up
                latency = wrk(port, paths, 2, args.duration)
                drain(latency)
                throughput = wrk(port, paths, 8, args.duration)
                drain(throughput)
                baseline = baseline or throughput["rps"]
                row = {
                    "size": size,
                    "scenario": name,
                    "paths": len(set(paths)),
                    "rps": throughput["rps"],
                    "ratio": throughput["rps"] / baseline,
                    "p50": latency["p50_us"] / 1000,
                    "p95": latency["p95_us"] / 1000,
                    "p99": latency["p99_us"] / 1000,
                    "errors": latency["socket_errors"]
                    + latency["non_2xx"]
                    + throughput["socket_errors"]
                    + throughput["non_2xx"],
                }
                rows.append(row)
                print(format_row(row), flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    write_table(rows, shares, args)


def format_shares(shares):
    return ", ".join(f"{term} {share:.0%}" for term, share in sorted(shares.items(), key=lambda item: -item[1]))


def format_row(row):
    return (
        f"| {row['size']:>7,} | {row['scenario']} | {row['paths']} | {row['rps']:,.0f} | {row['ratio']:.1%} "
        f"| {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {row['errors']} |"
    ).replace(",", ".")


def write_table(rows, shares, args):
    machine = (
        f"{platform.node()}: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    lines = [
        f"Benchmark {time.strftime('%Y-%m-%d %H:%M')} – {machine}; gunicorn 2 workers, production mode, "
        f"{args.duration} s per measurement; latency at 2 connections, throughput at 8 connections.",
        "",
        "| Praxisbeispiele | Szenario | verschiedene URLs | Anfragen/s (8 Verb.) | Anteil an Baseline "
        "| p50 ms | p95 ms "
        "| p99 ms | Fehler |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        *[format_row(row) for row in rows],
        "",
        "Anteil der veröffentlichten Praxisbeispiele, die ein Suchbegriff findet:",
        "",
        *[f"- {size:,}: {format_shares(by_term)}".replace(",", ".", 1) for size, by_term in shares.items()],
    ]
    target = ROOT / "bench/results"
    target.mkdir(exist_ok=True)
    (target / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
    print(f"\nTabelle geschrieben: {target / 'latest.md'}")


if __name__ == "__main__":
    main()
