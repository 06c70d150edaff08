import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client

from werkzeugkoffer.operations import limits
from werkzeugkoffer.settings import env_rates

MB = 1024 * 1024


# --- oversized requests -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, title",
    [("413", "Die Anfrage ist zu groß"), ("414", "Die Adresse ist zu lang"), ("429", "Zu viele Anfragen")],
)
def test_the_refusal_pages_render_in_german_without_a_request(code, title):
    content = render_to_string(f"{code}.html")

    assert f'<h1 class="kern-heading-x-large">{title}</h1>' in content
    assert f"Fehlercode {code}" in content
    assert "INVALID_TEMPLATE_VARIABLE" not in content


def test_an_overlong_address_gets_the_german_414_page(client, db):
    response = client.get("/praxisbeispiele/", {"q": "Pflege " * 2000})

    assert response.status_code == 414
    content = response.content.decode()
    assert "Die Adresse ist zu lang" in content
    assert "Pflege" not in content
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_an_overlong_path_is_refused_too(client, db):
    assert client.get("/praxisbeispiele/" + "a" * 8100 + "/").status_code == 414


def test_an_overlong_api_address_gets_json(client, db):
    response = client.get("/api/v1/beratung/", {"q": "x" * 9000})

    assert response.status_code == 414
    assert response.json()["fehler"] == "Die Adresse ist zu lang."


def test_a_large_body_to_a_public_page_gets_the_german_413_page(client, db):
    response = client.post("/praxisbeispiele/", b"x" * (3 * MB), content_type="application/octet-stream")

    assert response.status_code == 413
    assert "Die Anfrage ist zu groß" in response.content.decode()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(admin_client):
    upload = SimpleUploadedFile("riesig.jpg", b"\xff" * (13 * MB), content_type="image/jpeg")

    response = admin_client.post("/admin/projects/practiceexample/add/", {"image": upload})

    assert response.status_code == 413
    assert "höchstens 12 MB" in response.content.decode()


def test_form_data_over_the_memory_limit_but_within_the_upload_limit_gets_the_german_400_page(client, db):
    response = client.post("/admin/login/", {"username": "x" * (3 * MB), "password": "y"})

    assert response.status_code == 400
    assert "Die Anfrage ist fehlerhaft" in response.content.decode()


def test_too_many_fields_get_the_german_400_page(client, db):
    response = client.post("/admin/login/", {f"feld{number}": "x" for number in range(1500)})

    assert response.status_code == 400
    assert "Die Anfrage ist fehlerhaft" in response.content.decode()


def test_too_many_files_get_the_german_400_page(client, db):
    files = {f"datei{number}": SimpleUploadedFile(f"{number}.txt", b"x") for number in range(25)}

    response = client.post("/admin/login/", files)

    assert response.status_code == 400


# --- rate limits ----------------------------------------------------------------------------------


@pytest.fixture
def limited(settings, db):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"search": [(3, 60), (5, 3600)], "api": [(2, 60)]}
    settings.TRUSTED_PROXY_COUNT = 0
    caches[settings.RATELIMIT_CACHE].clear()
    yield settings
    caches[settings.RATELIMIT_CACHE].clear()


def test_searches_beyond_the_limit_get_429_with_retry_after(limited, client):
    for _ in range(3):
        assert client.get("/suche/", {"q": "pflege"}).status_code == 200

    response = client.get("/suche/", {"q": "wohnen"})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    content = response.content.decode()
    assert "Zu viele Anfragen" in content
    assert f"Bitte warten Sie {response['Retry-After']} Sekunden" in content
    assert response["Cache-Control"] == "no-store"


def test_a_list_with_a_search_term_counts_as_a_search(limited, client):
    for path in ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/"]:
        assert client.get(path, {"q": "pflege"}).status_code == 200
    assert client.get("/beratung/", {"q": "pflege"}).status_code == 429


def test_browsing_and_filtering_without_a_search_term_is_not_limited(limited, client):
    for _ in range(6):
        assert client.get("/praxisbeispiele/", {"bundesland": "rheinland-pfalz", "q": " "}).status_code == 200
        assert client.get("/").status_code == 200


def test_the_api_refuses_in_json(limited, client):
    for _ in range(2):
        assert client.get("/api/v1/praxisbeispiele/").status_code == 200

    response = client.get("/api/v1/beratung/")

    assert response.status_code == 429
    data = response.json()
    assert data["fehler"].startswith("Zu viele Anfragen")
    assert data["erneut_in_sekunden"] == int(response["Retry-After"])


def test_the_longer_window_holds_after_the_short_one_has_passed(limited):
    for second in range(5):
        assert limits.seconds_until_allowed("search", "192.0.2.1", now=1_000_000 + second * 61) is None
    retry_after = limits.seconds_until_allowed("search", "192.0.2.1", now=1_000_000 + 5 * 61)
    assert retry_after > 60


def test_each_client_address_has_its_own_count(limited):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(2):
        assert first.get("/api/v1/beratung/").status_code == 200
    assert first.get("/api/v1/beratung/").status_code == 429
    assert second.get("/api/v1/beratung/").status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts_and_claims_further_left_do_not(limited):
    limited.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    spoofing = [Client(**proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7") for n in range(3)]
    assert spoofing[0].get("/api/v1/beratung/").status_code == 200
    assert spoofing[1].get("/api/v1/beratung/").status_code == 200
    assert spoofing[2].get("/api/v1/beratung/").status_code == 429
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.8").get("/api/v1/beratung/").status_code == 200


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),
        (1, "10.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "1.1.1.1, 203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        # Fewer entries than proxies: someone reached the portal around the proxies.
        (2, "192.0.2.1", "203.0.113.9", "192.0.2.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", "<script>", None),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_the_client_address(rf, settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert limits.client_address(request) == expected


def test_rates_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_RATES", "30/min, 500/h,2/s")
    assert env_rates("TEST_RATES", "1/d") == [(30, 60), (500, 3600), (2, 1)]
    assert env_rates("UNSET_RATES", "60/min,1/d") == [(60, 60), (1, 86400)]
    monkeypatch.setenv("TEST_RATES", "viele/min")
    with pytest.raises(ImproperlyConfigured, match="TEST_RATES"):
        env_rates("TEST_RATES", "1/d")


def test_a_public_page_names_its_smaller_limit(client, db):
    response = client.post("/beratung/", b"x" * (3 * MB), content_type="application/octet-stream")
    assert "höchstens 2,5 MB" in response.content.decode()
