"""The portal in real servers: `make run` (gunicorn in production mode) and Django's runserver (`make dev`).

Both serve a copy of the seeded test database. `make run` is started exactly as a person starts it; then
the pages a new user opens first, an unknown address and an overlong search must come back as the public
will see them, and a sample of the hostile requests of test_hostile_input.py must not break either server.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from tests.ops.conftest import connect, database_url, free_port
from tests.ops.test_hostile_input import ROUTES, requests
from werkzeugkoffer.models import PublicationStatus
from werkzeugkoffer.operations.backup import restore

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
]
HOSTILE_SAMPLE = 60


@pytest.fixture(scope="module")
def served_database(django_db_setup, django_db_blocker, seed_dump):
    """A database restored from the seeded test database, for servers in other processes."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
    name = f"{database['NAME']}_server"
    with connect(database, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    served = {**database, "NAME": name}
    restore(served, seed_dump)
    yield served
    with connect(database, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_environment(database, **extra):
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return {**inherited, "DATABASE_URL": database_url(database), **extra}


def fetch(port, method, target, body=None, headers=None):
    """(status, headers as a list of pairs, body) of one request, with the target sent exactly as given."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def started(command, env, port, log):
    """The process of a server that answers /health/live, or a test failure with the end of its log."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 180
    while True:
        try:
            if fetch(port, "GET", "/health/live")[0] == 200:
                return process
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop(process)
            pytest.fail(f"{command} did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def make_run(served_database, tmp_path_factory):
    """`make run` on a free port: (port, log file)."""
    port = free_port()
    folder = tmp_path_factory.mktemp("make-run")
    env = server_environment(served_database, PORT=str(port), DJANGO_STATIC_ROOT=str(folder / "static"))
    process = started(["make", "--no-print-directory", "run"], env, port, folder / "server.log")
    yield port, folder / "server.log"
    stop(process)


@pytest.fixture(scope="module")
def runserver(served_database, tmp_path_factory):
    """Django's development server as `make dev` starts it (debug on), without autoreload: its port."""
    port = free_port()
    folder = tmp_path_factory.mktemp("runserver")
    env = server_environment(served_database, DJANGO_SETTINGS_MODULE="werkzeugkoffer.settings")
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    process = started(command, env, port, folder / "server.log")
    yield port
    stop(process)


def published_slug(database, table):
    with connect(database) as conn:
        query = sql.SQL("SELECT slug FROM {} WHERE status = %s ORDER BY slug LIMIT 1").format(sql.Identifier(table))
        return conn.execute(query, [PublicationStatus.PUBLISHED]).fetchone()[0]


def test_make_run_serves_the_portal_as_the_public_sees_it(make_run, served_database):
    port, log = make_run
    detail = f"/praxisbeispiele/{published_slug(served_database, 'projects_practiceexample')}/"
    for path in ["/", "/praxisbeispiele/", "/foerderprogramme/", "/beratung/", detail, "/impressum/"]:
        status, headers, body = fetch(port, "GET", path)
        assert status == 200, path
        assert all(name in dict(headers) for name in SECURITY_HEADERS), path
        assert "Set-Cookie" not in dict(headers), path
        assert 'lang="de"' in body.decode()

    status, headers, body = fetch(port, "GET", "/gibt-es-nicht/")
    assert status == 404
    assert all(name in dict(headers) for name in SECURITY_HEADERS)
    page = body.decode()
    assert "Seite nicht gefunden" in page and "Page not found" not in page and "DEBUG" not in page

    status, headers, body = fetch(port, "GET", "/?q=" + "x" * 10_000)
    assert status == 414
    assert "Content-Security-Policy" in dict(headers)
    assert "Die Adresse ist zu lang" in body.decode()

    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', fetch(port, "GET", "/")[2].decode())
    assert stylesheet, "hashed static file names (production storage)"
    assert fetch(port, "GET", stylesheet.group(1))[0] == 200

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["logger"] == "werkzeugkoffer.requests" and line["path"] == "/gibt-es-nicht/" for line in lines)


QUEUE_AN_IMPORT = """
from django.contrib.contenttypes.models import ContentType
from contacts.models import Contact
from contacts.resources import ContactResource
from werkzeugkoffer.backoffice import imports
from werkzeugkoffer.backoffice.formats import SpreadsheetCSV
from werkzeugkoffer.models import ImportJob
data = SpreadsheetCSV().export_data(ContactResource().export(Contact.objects.order_by("pk")[:3]))
job = ImportJob.objects.create(
    content_type=ContentType.objects.get_for_model(Contact), resource="contacts.resources.ContactResource",
    file_name="server-test.csv", file_format="csv", data=data.encode(), total_rows=3,
)
imports.check_import.enqueue(job.pk)
"""


def test_make_run_checks_imports_with_the_task_worker_beside_gunicorn(make_run, served_database):
    port, log = make_run
    env = server_environment(served_database)
    subprocess.run([sys.executable, "manage.py", "shell", "-c", QUEUE_AN_IMPORT], cwd=ROOT, env=env, check=True)

    deadline = time.monotonic() + 120
    with connect(served_database, autocommit=True) as conn:
        while True:
            query = "SELECT state, processed_rows FROM werkzeugkoffer_importjob WHERE file_name = 'server-test.csv'"
            state, processed = conn.execute(query).fetchone()
            if state not in ("wartet-pruefung", "pruefung") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert (state, processed) == ("geprueft", 3), log.read_text()[-3000:]
    assert "Task worker started" in log.read_text()


def sendable(headers):
    """The generated headers as a client can send them: HTTP names, UTF-8 bytes read as latin-1, no line breaks."""
    result = {}
    for name, value in headers.items():
        value = value.encode("utf-8").decode("latin-1")
        if not re.search(r"[\x00-\x1f\x7f]", value):
            result[name.removeprefix("HTTP_").replace("_", "-").title()] = value
    return result


def hostile_sample(port, production):
    slugs = ["gibt-es-nicht", "a", "demo"]

    @settings(max_examples=HOSTILE_SAMPLE, suppress_health_check=[HealthCheck.too_slow])
    @given(request=st.sampled_from(ROUTES).flatmap(lambda route: requests(route, slugs)))
    def check(request):
        method, path, query, form, headers, _sent = request
        target = f"{path}?{query}" if query else path
        body = None
        headers = sendable(headers)
        if method == "POST":
            body = encode_multipart(BOUNDARY, form)
            headers["Content-Type"] = MULTIPART_CONTENT
        status, response_headers, _body = fetch(port, method, target, body, headers)
        assert status < 500, (status, method, target)
        # Django's debug pages (development server) carry no policy; every production answer does.
        if production and status != 304:
            assert "Content-Security-Policy" in dict(response_headers), (status, method, target)

    check()


def test_gunicorn_in_production_mode_survives_hostile_requests(make_run):
    hostile_sample(make_run[0], production=True)


def test_the_development_server_survives_hostile_requests(runserver):
    hostile_sample(runserver, production=False)
    status, _headers, body = fetch(runserver, "GET", "/?q=" + "x" * 10_000)
    assert status == 414 and "Die Adresse ist zu lang" in body.decode()
