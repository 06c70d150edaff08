import pytest
from django.template.loader import render_to_string
from django.test import Client


@pytest.mark.parametrize(
    "code, title",
    [
        ("400", "Die Anfrage ist fehlerhaft"),
        ("403", "Zugriff nicht erlaubt"),
        ("404", "Seite nicht gefunden"),
        ("500", "Ein Fehler ist aufgetreten"),
    ],
)
def test_error_pages_render_in_german_without_a_request(code, title):
    # Django renders 500.html without a request or context processors.
    content = render_to_string(f"{code}.html")

    assert f'<h1 class="kern-heading-x-large">{title}</h1>' in content
    assert f"Fehlercode {code}" in content
    assert 'lang="de"' in content
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    assert 'href="/impressum/"' in content


def test_a_server_error_shows_the_german_error_page(settings, db):
    settings.ROOT_URLCONF = "tests.werkzeugkoffer.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/kaputt/")

    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
