"""Read by gunicorn when started from this folder (`gunicorn werkzeugkoffer.wsgi`, also `make run`)."""

import os
import subprocess
import sys

# gunicorn's own request-line limit is at most 8,190 bytes and answers beyond it with an English 414
# without the portal's security headers. With 0 and the C parser (gunicorn-h1c), a request line may be up
# to 1 MB, so that Django answers every address longer than settings.MAX_URL_LENGTH (8,000 characters)
# with its German 414 page before reading anything else. Longer lines are refused by gunicorn; in production
# the reverse proxy answers long addresses first (docs/deployment.md).
limit_request_line = 0
http_parser = "fast"
# gunicorn's control socket lives in the home directory, where two servers (a trial and the tests) collide;
# the portal does not use it.
control_socket_disable = True

# The task worker for imports (werkzeugkoffer/backoffice/imports.py) runs next to the web workers and stops with
# them, so that `make run` and a plain `gunicorn werkzeugkoffer.wsgi` need nothing else; it waits out database
# outages (werkzeugkoffer/management/commands/task_worker.py). A deployment that runs
# `manage.py db_worker` as a service of its own sets TASK_WORKER=off (docs/deployment.md).


def when_ready(server):
    server.task_worker = None
    if os.environ.get("TASK_WORKER", "on") != "off":
        command = [sys.executable, "manage.py", "task_worker"]
        server.task_worker = subprocess.Popen(command, cwd=os.path.dirname(os.path.abspath(__file__)))
        server.log.info("Task worker started (pid %s)", server.task_worker.pid)


def on_exit(server):
    worker = getattr(server, "task_worker", None)
    if worker is not None and worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
