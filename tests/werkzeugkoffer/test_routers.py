import pytest
from django.test import RequestFactory

from projects.models import PracticeExample
from tests.werkzeugkoffer.test_settings import run_manage
from werkzeugkoffer.operations import routers
from werkzeugkoffer.operations.routers import PrimaryForWritesMiddleware, ReadReplicaRouter


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_without_a_replica_everything_uses_the_primary():
    router = ReadReplicaRouter()
    assert router.db_for_read(PracticeExample) == "default"
    assert router.db_for_write(PracticeExample) == "default"


def test_with_a_replica_reads_go_there_and_writes_to_the_primary(with_replica):
    router = ReadReplicaRouter()
    assert router.db_for_read(PracticeExample) == "replica"
    assert router.db_for_write(PracticeExample) == "default"
    assert router.allow_migrate("default", "projects")
    assert not router.allow_migrate("replica", "projects")


def test_requests_that_may_write_read_from_the_primary(with_replica):
    router = ReadReplicaRouter()
    seen = {}

    def view(request):
        seen[request.method, request.path] = router.db_for_read(PracticeExample)

    middleware = PrimaryForWritesMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/praxisbeispiele/"))
    middleware(factory.post("/praxisbeispiele/"))
    middleware(factory.get("/admin/projects/"))
    assert seen == {
        ("GET", "/praxisbeispiele/"): "replica",
        ("POST", "/praxisbeispiele/"): "default",
        ("GET", "/admin/projects/"): "default",
    }
    assert router.db_for_read(PracticeExample) == "replica"  # reset after the request


def test_the_replica_url_setting_configures_the_router():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)",
        DATABASE_REPLICA_URL="postgres://leser@replica.example:5432/werkzeugkoffer",
    )
    assert result.returncode == 0, result.stderr
    assert "['default', 'replica'] ['werkzeugkoffer.operations.routers.ReadReplicaRouter']" in result.stdout
