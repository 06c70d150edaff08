"""Send reads to a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL).

Writes, migrations and every request that may write — the back office and any
non-GET request — use the primary, so that editors always read their own writes
despite replication lag.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_primary_only = contextvars.ContextVar("primary_only", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def primary_only():
    """Reads inside go to the primary too (for work that writes, such as the import tasks)."""
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary_only.get() or not replica_configured():
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForWritesMiddleware:
    """Requests that may write read from the primary, too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        needs_primary = request.method not in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/admin/")
        token = _primary_only.set(needs_primary)
        try:
            return self.get_response(request)
        finally:
            _primary_only.reset(token)
