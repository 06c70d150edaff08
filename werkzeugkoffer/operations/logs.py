"""Logs an operator can use: one JSON line per request, tied together by a request id.

The id comes from a proxy's X-Request-ID header when that looks sane, otherwise it is made here;
it is returned in the X-Request-ID response header, added to every log line written while the
request runs and shown on the German 500 page, so that a caller can quote it. The request line holds
no personal data: no address, no user agent, no query values (a search term may name a person),
only the names of the query parameters.
"""

import contextvars
import datetime
import json
import logging
import re
import secrets
import time

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from a proxy or load balancer (UUIDs, hex digests, our own format) are kept; anything else is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
# Crockford's base32: no I, L, O or U, so that an id read out on the phone is unambiguous.
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_LOGGED_PATH = 300
MAX_LOGGED_PARAMS = 20
MAX_LOGGED_PARAM_NAME = 40

current_request_id = contextvars.ContextVar("request_id", default=None)
request_logger = logging.getLogger("werkzeugkoffer.requests")


def new_request_id():
    """Twelve random characters in groups of four, e.g. 7KQM-4XR2-PA9D (60 bits)."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def request_id_for(request):
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else new_request_id()


def param_names(request):
    """The names of the query parameters, never their values."""
    names = sorted({name[:MAX_LOGGED_PARAM_NAME] for name in request.GET})
    return names[:MAX_LOGGED_PARAMS]


class RequestLogMiddleware:
    """Give each request its id and log it as one line: method, path, parameter names, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = request.path[:MAX_LOGGED_PATH]
            request_logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "fields": {
                        "method": request.method[:10],
                        "path": path,
                        "params": param_names(request),
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                    }
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the record's fields, the traceback."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Django's own request log (django.request) passes the request along, and may log after the middleware.
        request = getattr(record, "request", None)
        request_id = getattr(record, "request_id", None) or getattr(request, "request_id", None)
        request_id = request_id or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        if isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
