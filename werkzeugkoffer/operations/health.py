"""Health endpoints for load balancers and monitoring."""

from django.db import DatabaseError, connection
from django.http import HttpResponse


def live(request):
    """The process answers; touches nothing else (also the benchmark's baseline)."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def ready(request):
    """The database answers, too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("Datenbank nicht erreichbar\n", status=503, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse("bereit\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
