"""German error pages that render without the database.

Django turns every unexpected exception — in a view or in a middleware, such as the content-state
query of the caching middleware — into a call of handler500 (with DEBUG off). That is why the
outage page hangs there and not in a middleware's process_exception, which sees only the views'
exceptions: when the database is unreachable, people get 503 „vorübergehend nicht erreichbar“
with Retry-After; every other failure gets the 500 page with the request id to quote. Django
reconnects on the next request, so the portal recovers by itself once the database is back.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.csp import CSP, build_policy

# Long enough for a database restart, short enough that people try again soon.
DATABASE_RETRY_AFTER_SECONDS = 30
DATABASE_UNAVAILABLE = (
    "Der Werkzeugkoffer ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einigen Minuten noch einmal."
)
SERVER_ERROR = "Auf unserer Seite ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später noch einmal."


def is_api(request):
    return request.path.startswith("/api/")


def finish(response, request):
    response["Cache-Control"] = "no-store"
    # These responses may be built outside the CSP and clickjacking middleware (see the order in MIDDLEWARE).
    # str(): the header name is a StrEnum member, which a strict WSGI server (wsgiref) refuses as not a str.
    response.headers.setdefault(str(CSP.HEADER_ENFORCE), build_policy(settings.SECURE_CSP))
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response


def static_page(request, template_name, status, **context):
    """A German page from templates/, rendered without the request: no context processors, no database."""
    context = {"request_id": getattr(request, "request_id", ""), **context}
    return finish(HttpResponse(loader.render_to_string(template_name, context), status=status), request)


def json_error(request, message, status, **fields):
    request_id = getattr(request, "request_id", "")
    data = {"fehler": message, **fields, **({"fehlernummer": request_id} if request_id else {})}
    return finish(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}), request)


def database_unavailable(request):
    if is_api(request):
        response = json_error(request, DATABASE_UNAVAILABLE, 503)
    else:
        response = static_page(request, "503.html", 503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: 503 while the database is unreachable, else the 500 page with the request id."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    if is_api(request):
        return json_error(request, SERVER_ERROR, 500)
    return static_page(request, "500.html", 500)
