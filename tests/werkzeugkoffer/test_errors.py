"""The German 500 and 503 pages. The real outage (a stopped PostgreSQL) is in tests/ops/test_outage.py."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


@pytest.fixture
def failing(settings, db):
    settings.ROOT_URLCONF = "tests.werkzeugkoffer.failing_urls"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/datenbank-weg/", "/verbindung-zu/"])
def test_an_unreachable_database_gives_the_german_503_page(failing, path):
    response = failing.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    content = response.content.decode()
    assert "vorübergehend nicht erreichbar" in content
    assert "Fehlercode 503" in content
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_the_api_says_it_in_json(failing):
    response = failing.get("/api/v1/datenbank-weg/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "vorübergehend nicht erreichbar" in response.json()["fehler"]


def test_the_500_page_shows_the_request_id_to_quote(failing):
    response = failing.get("/kaputt/", HTTP_X_REQUEST_ID="proxy-id-12345678")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Ein Fehler ist aufgetreten" in content
    assert "nennen Sie bitte diese Fehlernummer: <strong>proxy-id-12345678</strong>" in content
    assert response["X-Request-ID"] == "proxy-id-12345678"


def test_an_api_error_carries_the_request_id_in_json(failing):
    response = failing.get("/api/v1/kaputt/")

    assert response.status_code == 500
    assert response.json()["fehlernummer"] == response["X-Request-ID"]
    assert "<" not in response.content.decode()


def test_the_outage_page_renders_in_german_without_a_request():
    content = render_to_string("503.html")

    assert '<h1 class="kern-heading-x-large">Vorübergehend nicht erreichbar</h1>' in content
    assert "Fehlercode 503" in content
    assert "INVALID_TEMPLATE_VARIABLE" not in content


def test_the_outage_page_needs_no_database(rf):
    from werkzeugkoffer.operations.errors import database_unavailable

    # Without the db fixture, any query would fail this test.
    response = database_unavailable(rf.get("/praxisbeispiele/"))

    assert response.status_code == 503
