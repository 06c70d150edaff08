"""A real outage: gunicorn in production mode on a throwaway PostgreSQL cluster, which the test stops and starts.

No mocks: the cluster is a second embedded PostgreSQL in a temporary folder, loaded with a backup of the
seeded test database, so the test database (and anyone else's server) is never touched.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ops.conftest import database_url, free_port
from werkzeugkoffer.operations.backup import restore
from werkzeugkoffer.operations.embedded_db import ensure_running, stop

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# For the seeded test database, which the backup for the cluster is made from.
pytestmark = pytest.mark.django_db

PAGES = ["/", "/praxisbeispiele/", "/foerderprogramme/?q=pflege", "/beratung/", "/suche/?q=wohnen", "/impressum/"]


def get(port, path):
    """(status, headers, body) without raising on error statuses."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


@pytest.fixture
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="wk-ausfall-"))
    data_dir = folder / "pgdata"
    try:
        yield data_dir, ensure_running(data_dir)
    finally:
        stop(data_dir)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(cluster, seed_dump, tmp_path):
    data_dir, database = cluster
    restore(database, seed_dump)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "tests.ops.server_settings",
        "DATABASE_URL": database_url(database),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "outage-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    with open(log, "w") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "werkzeugkoffer.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/health/live")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port, process, data_dir, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_pages_answer_503_while_the_database_is_down_and_recover_without_a_restart(server):
    port, process, data_dir, log = server
    for path in PAGES:
        assert get(port, path)[0] == 200, path
    workers = worker_pids(process.pid)
    assert len(workers) == 3, "two web workers and the task worker"

    stop(data_dir)

    for _ in range(2):  # both workers
        for path in PAGES:
            status, headers, body = get(port, path)
            assert status == 503, path
            assert headers["Retry-After"] == "30"
            assert "vorübergehend nicht erreichbar" in body
            assert "Fehlercode 503" in body
    status, headers, body = get(port, "/api/v1/praxisbeispiele/")
    assert status == 503
    assert "vorübergehend nicht erreichbar" in json.loads(body)["fehler"]
    assert get(port, "/health/ready")[0] == 503
    assert get(port, "/health/live")[0] == 200
    # The task worker polls once a second; give it time to meet the outage before the database returns.
    deadline = time.monotonic() + 20
    while "Task worker lost the database" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)

    ensure_running(data_dir)

    for _ in range(2):
        for path in [*PAGES, "/api/v1/praxisbeispiele/", "/health/ready"]:
            assert get(port, path)[0] == 200, path
    assert process.poll() is None
    # The same processes, the task worker included: it waited for the database instead of ending.
    assert worker_pids(process.pid) == workers

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "werkzeugkoffer.requests"]
    assert [line["status"] for line in requests].count(503) == 2 * len(PAGES) + 2
    assert all(line["request_id"] for line in requests)
    outage_errors = [line for line in lines if line["logger"] == "django.request"]
    assert all(line["request_id"] and line["status"] == 503 for line in outage_errors)
    assert "OperationalError" in outage_errors[0]["exception"]
    assert any(line["message"].startswith("Task worker lost the database") for line in lines)
