import json
import logging
import re

import pytest
from django.test import Client

import werkzeugkoffer.settings as production
from tests.werkzeugkoffer.json_log import JsonLog
from werkzeugkoffer.operations.logs import JsonFormatter, new_request_id

OUR_ID = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


@pytest.fixture
def json_log():
    with JsonLog() as log:
        yield log


def test_it_writes_one_json_line_per_request_without_query_values(client, db, json_log):
    response = client.get("/praxisbeispiele/", {"q": "Erika Mustermann", "bundesland": "rheinland-pfalz"})

    [line] = json_log.lines("werkzeugkoffer.requests")
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/praxisbeispiele/"
    assert line["params"] == ["bundesland", "q"]
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert "Mustermann" not in json_log.stream.getvalue()
    assert "rheinland-pfalz" not in json_log.stream.getvalue()


def test_it_logs_missing_pages_too_and_djangos_own_line_carries_the_id(client, db, json_log):
    response = client.get("/gibt-es-nicht/")

    [line] = json_log.lines("werkzeugkoffer.requests")
    assert line["status"] == 404
    [warning] = json_log.lines("django.request")
    assert warning["message"] == "Not Found: /gibt-es-nicht/"
    assert warning["request_id"] == response["X-Request-ID"]
    assert warning["status"] == 404


def test_it_makes_a_request_id_that_can_be_read_out_on_the_phone(client, db):
    first, second = client.get("/health/live"), client.get("/health/live")

    assert OUR_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert OUR_ID.fullmatch(new_request_id())


@pytest.mark.parametrize("incoming", ["6f1c2a0e-93b4-4c1e-9d5e-0a8f3b2c1d4e", "0123456789abcdef0123456789abcdef"])
def test_it_keeps_the_request_id_of_a_proxy(client, db, incoming):
    assert client.get("/health/live", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming


@pytest.mark.parametrize("incoming", ["", "kurz", "<script>alert(1)</script>", "a b c d e f g h", "x" * 65, "ä" * 10])
def test_it_replaces_an_odd_incoming_request_id(client, db, incoming):
    assert OUR_ID.fullmatch(client.get("/health/live", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"])


def test_an_unexpected_exception_is_logged_with_the_request_id_shown_to_the_user(settings, db, json_log):
    settings.ROOT_URLCONF = "tests.werkzeugkoffer.failing_urls"

    response = Client(raise_request_exception=False).get("/kaputt/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert request_id in response.content.decode()
    [error] = [line for line in json_log.lines("django.request") if line["level"] == "ERROR"]
    assert error["request_id"] == request_id
    assert "RuntimeError: Absichtlicher Fehler" in error["exception"]
    [request_line] = json_log.lines("werkzeugkoffer.requests")
    assert request_line["request_id"] == request_id
    assert request_line["status"] == 500


def test_a_log_line_is_one_line_of_json_even_with_a_traceback():
    try:
        raise ValueError("zwei\nZeilen")
    except ValueError:
        record = logging.getLogger("test").makeRecord("test", logging.ERROR, __file__, 1, "Fehler „%s“", ("ä",), True)
        record.exc_info = __import__("sys").exc_info()
    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert json.loads(line)["message"] == "Fehler „ä“"


def test_production_settings_write_every_log_line_as_json():
    assert production.LOGGING["formatters"]["json"]["()"] == "werkzeugkoffer.operations.logs.JsonFormatter"
    assert production.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert production.MIDDLEWARE[0] == "werkzeugkoffer.operations.logs.RequestLogMiddleware"
