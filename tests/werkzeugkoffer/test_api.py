import pytest

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.models import PublicationStatus

ENDPOINTS = [
    ("/api/v1/praxisbeispiele/", PracticeExample),
    ("/api/v1/foerderprogramme/", FundingProgramme),
    ("/api/v1/beratung/", Contact),
]


@pytest.mark.parametrize(("url", "model"), ENDPOINTS)
def test_each_list_returns_all_published_entries(client, db, url, model):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    published = model.objects.published()
    if model is FundingProgramme:
        # Like the list page, unless asked for them the API leaves out programmes one can no longer apply to.
        published = published.exclude(pk__in=FundingProgramme.objects.closed())
    assert data["anzahl"] == published.count()
    assert len(data["ergebnisse"]) == min(20, data["anzahl"])
    first = data["ergebnisse"][0]
    assert first["url"].startswith("http://testserver/")
    assert first["api_url"] == f"http://testserver{url}{first['slug']}/"


@pytest.mark.parametrize(("url", "model"), ENDPOINTS)
def test_pages_follow_each_other(client, db, url, model):
    data = client.get(url).json()
    if data["seiten"] > 1:
        second = client.get(data["naechste"]).json()
        assert second["seite"] == 2
        assert second["vorherige"]


@pytest.mark.parametrize(("url", "model"), ENDPOINTS)
def test_each_detail_matches_the_list(client, db, url, model):
    entry = model.objects.published().first()
    data = client.get(f"{url}{entry.slug}/").json()
    assert data["slug"] == entry.slug


def test_drafts_are_not_in_the_api(client, make_example):
    make_example(slug="entwurf", status=PublicationStatus.DRAFT)
    assert client.get("/api/v1/praxisbeispiele/entwurf/").status_code == 404
    slugs = []
    url = "/api/v1/praxisbeispiele/"
    while url:
        data = client.get(url).json()
        slugs += [entry["slug"] for entry in data["ergebnisse"]]
        url = data["naechste"]
    assert "entwurf" not in slugs


def test_the_example_detail_has_related_names_and_links(client, db):
    example = PracticeExample.objects.published().filter(funding_programmes__isnull=False).first()
    data = client.get(f"/api/v1/praxisbeispiele/{example.slug}/").json()
    assert data["traeger"]["name"] == example.operator_name
    assert data["bundesland"]["name"] == example.state.name
    assert data["handlungsfelder"]
    assert data["foerderprogramme"][0]["url"].startswith("http://testserver/foerderprogramme/")


@pytest.mark.parametrize("page", ["abc", "0", "-2", "1.5", "999"])
def test_a_bad_page_gives_a_valid_page_with_a_german_notice(client, db, page):
    response = client.get("/api/v1/praxisbeispiele/", {"page": page})
    assert response.status_code == 200
    data = response.json()
    assert data["ergebnisse"]
    assert any("Seite" in notice for notice in data["hinweise"])


def test_unknown_slugs_give_a_json_404(client, db):
    response = client.get("/api/v1/beratung/gibt-es-nicht/")
    assert response.status_code == 404
    assert response.json()["fehler"]


def test_the_list_needs_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/api/v1/praxisbeispiele/")
    with django_assert_max_num_queries(10):
        client.get("/api/v1/foerderprogramme/")


def test_contact_email_addresses_are_not_harvestable(client, db):
    from contacts.models import Contact

    contact = Contact.objects.published().exclude(email="").first()
    data = client.get(f"/api/v1/beratung/{contact.slug}/").json()
    assert "@" not in data["email"]
    assert data["email"] == contact.email.replace("@", " [at] ")


def test_echoed_input_cannot_form_markup_and_reads_back_unchanged(client, db):
    import json

    query = "<script>alert('Ä & ö')</script> Pflege"
    response = client.get("/api/v1/praxisbeispiele/", {"q": query, "bundesland": "<b>&"})
    body = response.content
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert b"<" not in body and b">" not in body and b"&" not in body
    assert b"\\u003Cscript\\u003E" in body and "Ä".encode() in body  # readable UTF-8, not \\u00c4
    data = json.loads(body)
    assert data["suche"]["begriff"] == query
    assert any("<b>&" in notice for notice in data["hinweise"])


@pytest.mark.parametrize(("url", "model"), ENDPOINTS)
def test_the_api_tells_the_date_of_the_source_and_when_an_editor_last_checked(client, db, url, model):
    entry = model.objects.published().first()
    model.objects.filter(pk=entry.pk).update(source_date="Anfang 2019", source_note="Nennt keine Frist.")

    unchecked = client.get(f"{url}{entry.slug}/").json()
    assert (unchecked["stand"], unchecked["anmerkung_zur_quelle"]) == ("Anfang 2019", "Nennt keine Frist.")
    assert unchecked["zuletzt_geprueft"] is None

    model.objects.filter(pk=entry.pk).update(reviewed_at="2026-11-27")
    assert client.get(f"{url}{entry.slug}/").json()["zuletzt_geprueft"] == "2026-11-27"


def test_the_api_gives_an_unknown_running_state_as_null(client, make_example):
    make_example(slug="unbekannt", running_since=2007)

    assert client.get("/api/v1/praxisbeispiele/unbekannt/").json()["laeuft_noch"] is None


def test_the_search_says_whether_entries_contain_every_word(client, db):
    every = client.get("/api/v1/praxisbeispiele/", {"q": "Pflege"}).json()["suche"]
    assert every["modus"] == "volltext" and every["treffer"] == "alle-woerter"
    some = client.get("/api/v1/praxisbeispiele/", {"q": "Pflege Xylophonwerkstatt"}).json()["suche"]
    assert some["modus"] == "volltext" and some["treffer"] == "einige-woerter"
    assert some["nicht_gefunden"] == ["Xylophonwerkstatt"]
