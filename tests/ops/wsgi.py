"""Requests through Django's WSGI application under wsgiref.validate, as a strict WSGI server sends them.

Django's test client calls the handler directly and never checks what goes over the wire: a header
name that is a StrEnum member instead of a str passes there, while wsgiref (runserver) answers such a
response with a 500. Here every response passes the WSGI checks of the standard library, whose
warnings are errors in this test suite.
"""

import io
import sys
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes
from wsgiref.validate import validator

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


class TestWSGIHandler(WSGIHandler):
    """Django's WSGI application without CSRF enforcement, so that posted form data reaches the views
    as it does with the test client."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


@dataclass
class WSGIResponse:
    status_code: int
    header_list: list
    content: bytes
    headers: dict = field(init=False)

    def __post_init__(self):
        self.headers = {}
        for name, value in self.header_list:
            self.headers.setdefault(name.lower(), value)

    def get(self, name, default=""):
        return self.headers.get(name.lower(), default)

    def all(self, name):
        return [value for key, value in self.header_list if key.lower() == name.lower()]


class ValidatedClient:
    """Sends one request at a time through validator(WSGIHandler()) in this thread, on the test database.

    Use it as a context manager: while it is open, a finished request does not close the database
    connection (it holds the test's transaction), as with Django's test client.
    """

    def __init__(self):
        self.application = validator(TestWSGIHandler())

    def __enter__(self):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return self

    def __exit__(self, *exc_info):
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    def request(self, method, path, query="", body=b"", content_type="", headers=None):
        """headers: CGI-style names ("HTTP_X_FORWARDED_FOR") to str values."""
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            # PEP 3333: the percent-decoded path as bytes, carried in a str decoded as latin-1.
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            # A server hands header bytes on as latin-1 text; a client sends UTF-8.
            **{name: value.encode("utf-8").decode("latin-1") for name, value in (headers or {}).items()},
        }
        if content_type:
            environ["CONTENT_TYPE"] = content_type
        started = {}

        def start_response(status, header_list, exc_info=None):
            started["status"], started["headers"] = status, header_list
            return lambda data: None

        result = self.application(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            result.close()
        return WSGIResponse(int(started["status"].split(" ", 1)[0]), started["headers"], content)
