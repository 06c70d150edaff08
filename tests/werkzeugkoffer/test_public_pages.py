import html
import re

import pytest
from django.urls import reverse

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.models import PublicationStatus

LISTS = ["projects:list", "funding:list", "contacts:list"]
MODELS = [PracticeExample, FundingProgramme, Contact]


def test_the_start_page_shows_three_entry_points_with_counts(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    for name in LISTS:
        assert f'href="{reverse(name)}"' in content
    assert f"{PracticeExample.objects.published().count()} Projekte" in content
    assert 'lang="de"' in content


def test_the_start_page_counts_are_reused_until_the_content_changes(client, make_example):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def start_page():
        with CaptureQueriesContext(connection) as captured:
            content = client.get("/").content.decode()
        return len(captured), content

    count = PracticeExample.objects.published().count()
    first, content = start_page()
    assert f"{count} Projekte" in content
    second, _content = start_page()
    # The counts and the checked search suggestions come from the cache; the newest entries do not.
    assert second < first
    make_example(slug="noch-ein-projekt")
    third, content = start_page()
    assert third == first and f"{count + 1} Projekte" in content


def test_the_start_page_lists_upcoming_deadlines(client, make_programme, today):
    import datetime

    make_programme(
        title="Frist-Programm Dorfladen", application_end=datetime.date.today() + datetime.timedelta(days=20)
    )
    response = client.get("/")
    assert "Frist-Programm Dorfladen" in response.content.decode()


@pytest.mark.parametrize("url_name", LISTS)
def test_each_list_shows_its_published_entries(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.context["page"].paginator.count > 0


@pytest.mark.parametrize("model", MODELS)
def test_every_published_entry_has_a_detail_page(client, db, model):
    for entry in model.objects.published():
        response = client.get(entry.get_absolute_url())
        assert response.status_code == 200, entry.slug
        assert str(entry) in response.content.decode()


def test_lists_hide_drafts(client, make_example):
    make_example(title="Geheimer Entwurf", status=PublicationStatus.DRAFT)
    response = client.get(reverse("projects:list"))
    assert "Geheimer Entwurf" not in response.content.decode()


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED], ids=["draft", "archived"])
def test_unpublished_entries_give_a_german_404(client, make_example, status):
    example = make_example(status=status)
    response = client.get(example.get_absolute_url())
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.parametrize(
    "prefix", ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/", "/handlungsempfehlungen/", "/gibt-es-nicht/"]
)
def test_unknown_addresses_give_a_german_404(client, db, prefix):
    response = client.get(f"{prefix}unbekannter-eintrag/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_the_example_detail_shows_its_profile(client, db):
    example = PracticeExample.objects.published().filter(funding_programmes__isnull=False).first()
    content = client.get(example.get_absolute_url()).content.decode()
    assert example.operator_name in content
    assert example.state.name in content
    assert example.funding_programmes.first().get_absolute_url() in content
    assert 'aria-label="Brotkrumennavigation"' in content


def test_the_detail_page_hides_links_to_unpublished_entries(client, make_example, make_contact):
    hidden = make_contact(name="Versteckte Stelle", slug="versteckt", status=PublicationStatus.DRAFT)
    example = make_example()
    example.contacts.add(hidden)
    assert "Versteckte Stelle" not in client.get(example.get_absolute_url()).content.decode()


def test_a_bad_page_number_shows_a_valid_page(client, db):
    for value in ["abc", "-1", "99999", "1e9"]:
        response = client.get(reverse("projects:list"), {"page": value})
        assert response.status_code == 200


def test_pagination_keeps_other_parameters(client, make_example):
    for number in range(25):
        make_example(title=f"Zusatzbeispiel {number:02}", slug=f"zusatz-{number}")
    response = client.get(reverse("projects:list"), {"sort": "title"})
    assert 'href="?sort=title&amp;page=2"' in response.content.decode()


def test_the_contact_page_links_phone_and_email(client, db):
    contact = Contact.objects.published().exclude(phone="").exclude(email="").first()
    content = client.get(contact.get_absolute_url()).content.decode()
    assert "tel:" in content
    assert contact.phone in content


@pytest.mark.parametrize(("model", "limit"), [(PracticeExample, 9), (FundingProgramme, 7), (Contact, 7)])
def test_detail_pages_read_each_relation_once(client, db, model, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = set()
    for entry in model.objects.published():
        with CaptureQueriesContext(connection) as captured:
            client.get(entry.get_absolute_url())
        counts.add(len(captured))
    assert max(counts) <= limit, sorted(counts)


def test_programme_pages_say_when_deadlines_are_unknown_or_the_programme_has_ended(client, make_programme):
    from funding.models import DeadlineState

    make_programme(slug="beendet", deadline_state=DeadlineState.ENDED)
    unknown = client.get("/foerderprogramme/soziale-stadt/").content.decode()
    ended = client.get("/foerderprogramme/beendet/").content.decode()
    listing = client.get("/foerderprogramme/").content.decode()

    assert "Antragsfrist: nicht bekannt – bitte beim Fördergeber erfragen" in unknown
    assert "laufend" not in unknown
    assert "Antragsfrist: Programm beendet – keine neuen Anträge" in ended
    assert "Antragsfrist: nicht bekannt – bitte beim Fördergeber erfragen" in listing
    assert "Antragsfrist: laufend · offen" in listing
    assert "/foerderprogramme/beendet/" not in listing


def test_the_title_of_a_list_names_its_count_and_page(client, db, settings):
    import re

    settings.LIST_PAGE_SIZE = 5

    def title(url, params):
        content = client.get(url, params).content.decode()
        return re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()

    total = client.get("/praxisbeispiele/").context["listing"].total
    assert title("/praxisbeispiele/", {}) == f"{total} Praxisbeispiele – Werkzeugkoffer Quartiersentwicklung"
    assert title("/praxisbeispiele/", {"page": "2"}).startswith(f"{total} Praxisbeispiele – Seite 2 – ")
    searched = client.get("/foerderprogramme/", {"q": "Pflege"}).context["listing"].total
    assert title("/foerderprogramme/", {"q": "Pflege"}).startswith(f"{searched} Förderprogramme für „Pflege“ – ")
    # The live filter takes the new title from the results region it loads.
    partial = client.get("/beratung/", {"page": "2"}, headers={"X-Werkzeugkoffer-Partial": "1"}).content.decode()
    assert "– Seite 2 – Werkzeugkoffer Quartiersentwicklung" in partial


# Remarks of the Redaktion about a source appear only in the small print „Quelle: …“ under an entry.
EDITORIAL_REMARK = re.compile(r"quelle|broschüre|\blaut\b|seed|nach angaben", re.IGNORECASE)
SOURCE_SMALL_PRINT = re.compile(r'<p class="wk-source">.*?</p>', re.DOTALL)
PLACEHOLDER = re.compile(r"\[[^\]]*wird (von der Redaktion|vom Betrieb) ergänzt", re.IGNORECASE)


def visible_text(content):
    main = content[content.index("<main") : content.index("</main>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", SOURCE_SMALL_PRINT.sub("", main)))


def public_addresses():
    yield "/"
    for name in ("projects:list", "funding:list", "contacts:list"):
        yield reverse(name)
        yield f"{reverse(name)}?page=2"
    for model in (PracticeExample, FundingProgramme, Contact):
        for entry in model.objects.published():
            yield entry.get_absolute_url()


def test_no_public_page_shows_a_placeholder_or_a_remark_about_a_source(client, db):
    for address in public_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        content = response.content.decode()
        assert not PLACEHOLDER.search(content), address
        assert not EDITORIAL_REMARK.search(visible_text(content)), (address, EDITORIAL_REMARK.findall(content))


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"])
def test_no_legal_page_shows_a_placeholder_to_the_public(client, db, slug):
    content = client.get(reverse(slug)).content.decode()

    assert not PLACEHOLDER.search(content)
    assert "wird von der Redaktion ergänzt" not in content
    assert "Fehlende Pflichtangaben" not in content


def test_the_source_and_the_remarks_on_it_stand_in_small_print_under_the_entry(client, db):
    example = PracticeExample.objects.get(slug="zuhause-im-stadtteil-bad-muenster")

    content = client.get(example.get_absolute_url()).content.decode()

    assert (
        '<p class="wk-source"><small>Quelle: DStGB-Dokumentation Nr. 150 „Vielfalt leben“, Kap. 4.2, S. 20 – '
        "Die Angaben zur Finanzierung ergeben zusammen nur 90 Prozent.</small></p>"
    ) in content
    assert "Stand: etwa Anfang 2019" in content


def test_cards_and_details_say_laufzeit_unbekannt_when_no_source_says_whether_a_project_runs(client, db):
    example = PracticeExample.objects.get(slug="ravensburg-galgenhalde")

    detail = client.get(example.get_absolute_url()).content.decode()
    cards = client.get(reverse("projects:list"), {"q": "Galgenhalde"}).content.decode()

    assert "Beginn 2007 – Laufzeit unbekannt" in detail
    assert "läuft noch" not in detail
    assert "Baden-Württemberg · Laufzeit unbekannt" in cards
