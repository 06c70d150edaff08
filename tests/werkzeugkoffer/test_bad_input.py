"""Whatever a person or a bot sends to a list, it gets a German answer, never a 500."""

import pytest

URLS = [
    "/praxisbeispiele/",
    "/foerderprogramme/",
    "/beratung/",
    "/handlungsempfehlungen/",
    "/suche/",
    "/api/v1/praxisbeispiele/",
    "/api/v1/foerderprogramme/",
    "/api/v1/beratung/",
    "/api/v1/handlungsempfehlungen/",
    "/api/v1/vorschlaege/",
]
BAD_PARAMS = [
    {"handlungsfeld": "gibt-es-nicht"},
    {"handlungsfeld": ["wohnen", "wohnen", "wohnen"]},
    {"bundesland": "'; DROP TABLE projects_practiceexample; --"},
    {"page": "abc"},
    {"page": "-1"},
    {"page": "999999"},
    {"page": ["1", "2"]},
    # Digits to str.isdigit(), but no page numbers; and a number too long for int().
    {"page": "²"},
    {"page": "1²", "q": "Pflege"},
    {"page": "٣", "q": "Pflege"},
    {"page": "0000"},
    {"page": "9" * 5000, "q": "Pflege"},
    {"sort": "unbekannt"},
    {"sort": ["titel", "neu"]},
    # Long, but below settings.MAX_URL_LENGTH (longer addresses get 414, see tests/werkzeugkoffer/test_limits.py).
    {"q": "Pflege" * 1000},
    {"q": "Pflege\x00WG"},
    {"q": "<script>alert('x')</script>"},
    {"q": "' OR 1=1; --"},
    {"q": "!!!&&||<->:*"},
    {"q": ["Pflege", "Wohnen"]},
    {"typ": "unbekannt", "q": "Pflege"},
    {"status": "<b>offen</b>"},
    {"frist": "-30"},
    {"region": "\x00"},
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("params", BAD_PARAMS, ids=range(len(BAD_PARAMS)))
def test_bad_input_never_crashes(client, db, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<b>offen</b>" not in content


@pytest.mark.parametrize("url", URLS)
def test_invalid_utf8_and_raw_bytes_never_crash(client, db, url):
    response = client.get(f"{url}?q=%ED%A0%80%FF&handlungsfeld=%C0%AF&page=%00")
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/praxisbeispiele/", "/suche/"])
def test_ignored_values_are_named_in_a_german_notice(client, db, url):
    content = client.get(url, {"handlungsfeld": "gibt-es-nicht", "typ": "gibt-es-nicht", "q": "Pflege"}).content
    assert "wurde ignoriert" in content.decode()


def test_a_long_query_is_shortened_with_a_notice(client, db):
    data = client.get("/api/v1/praxisbeispiele/", {"q": "Pflege " * 1000}).json()
    assert len(data["suche"]["begriff"]) <= 200
    assert any("gekürzt" in notice for notice in data["hinweise"])


def test_an_unknown_value_keeps_the_valid_ones(client, db):
    data = client.get("/api/v1/praxisbeispiele/", {"handlungsfeld": ["wohnen", "quatsch"]}).json()
    wohnen = client.get("/api/v1/praxisbeispiele/", {"handlungsfeld": "wohnen"}).json()
    assert data["anzahl"] == wohnen["anzahl"]
    assert any("quatsch" in notice for notice in data["hinweise"])


def test_a_page_number_is_plain_ascii_digits():
    from werkzeugkoffer.catalogue.listing import page_number

    assert page_number("3") == 3
    assert page_number("003") == 3
    assert page_number("9" * 5000) == 10**9
    assert [page_number(raw) for raw in (None, "", "0", "²", "٣", "-1", " 2", "1e3")] == [None] * 8
