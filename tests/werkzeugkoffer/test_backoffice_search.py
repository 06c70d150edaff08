import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import FundingProgramme
from guidance.models import Event, EventKind
from projects.models import PracticeExample
from tests.admin_forms import admin_url
from werkzeugkoffer.models import FieldOfAction, Page, PublicationStatus

URL = "/admin/suche/"


@pytest.fixture
def editor_user(make_staff):
    return make_staff("redaktion", "Redaktion")


def test_it_finds_a_draft_and_an_archived_entry_by_words_of_their_titles(
    editor_user, client_for, make_example, make_programme
):
    draft = make_example(slug="entwurf", title="Quartierstreff Sonnenblume", status=PublicationStatus.DRAFT)
    archived = make_programme(slug="alt", title="Sonnenblumen-Programm für Dörfer", status=PublicationStatus.ARCHIVED)

    response = client_for(editor_user).get(URL, {"q": "sonnenblume"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "2 Treffer für „sonnenblume“" in content
    assert f'<a href="{admin_url(PracticeExample, "change", draft.pk)}">Quartierstreff Sonnenblume</a>' in content
    assert f'<a href="{admin_url(FundingProgramme, "change", archived.pk)}">' in content
    assert "<caption>Praxisbeispiele (1)</caption>" in content
    assert "<td>Entwurf</td>" in content
    assert "<td>archiviert</td>" in content


def test_it_finds_events_legal_pages_and_taxonomies_by_their_titles(make_staff, client_for):
    Event.objects.create(
        slug="werkstatt",
        title="Zukunftswerkstatt Dorfgemeinschaft",
        kind=EventKind.WORKSHOP,
        description="Ein Tag.",
        start_date=datetime.date(2027, 3, 1),
        status=PublicationStatus.DRAFT,
    )
    field = FieldOfAction.objects.order_by("pk").first()
    client = client_for(make_staff("freigabe", "Freigabe"))

    content = client.get(URL, {"q": "werkstatt dorf"}).content.decode()
    assert "Zukunftswerkstatt Dorfgemeinschaft" in content
    assert "<caption>Veranstaltungen (1)</caption>" in content

    content = client.get(URL, {"q": "impressum"}).content.decode()
    assert f'<a href="{admin_url(Page, "change", Page.objects.get(slug="impressum").pk)}">Impressum</a>' in content
    content = client.get(URL, {"q": field.name}).content.decode()
    assert f'<a href="{admin_url(FieldOfAction, "change", field.pk)}">{field.name}</a>' in content


def test_it_lists_only_the_content_types_the_user_may_view(make_staff, client_for, make_example, make_programme):
    make_example(slug="beispiel", title="Lindenhof Begegnung")
    make_programme(slug="programm", title="Lindenhof Förderung")
    only_examples = make_staff("nur-beispiele")
    only_examples.user_permissions.add(Permission.objects.get(codename="view_practiceexample"))

    content = client_for(only_examples).get(URL, {"q": "lindenhof"}).content.decode()

    assert "Lindenhof Begegnung" in content
    assert "Lindenhof Förderung" not in content
    assert "Sucht in Praxisbeispiele – auch in Entwürfen" in content

    no_rights = client_for(make_staff("ohne-rechte")).get(URL, {"q": "lindenhof"})
    assert "0 Treffer" in no_rights.content.decode()
    assert "Lindenhof" not in no_rights.content.decode().replace("„lindenhof“", "")


def test_it_is_for_signed_in_staff_only(client, make_example):
    response = client.get(URL, {"q": "pflege"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_header_carries_the_search_field(editor_user, client_for):
    content = client_for(editor_user).get("/admin/").content.decode()

    assert f'<form class="wk-admin-search" method="get" action="{URL}" role="search">' in content
    assert '<label for="wk-admin-search-q">Alle Inhalte durchsuchen</label>' in content


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("pflege " * 1000, "Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen"),
        ("%_\\' \"<>", "Ihr Suchbegriff enthält keine Wörter; gesucht wurde nur in den Titeln."),
        ("<script>alert(1)</script>", ""),
        ("pfl\x00ege", "Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen"),
        ("§§ 123 & | ! :*", ""),
    ],
)
def test_odd_input_gives_a_page_with_a_german_notice(editor_user, client_for, query, notice):
    response = client_for(editor_user).get(URL, {"q": query})

    assert response.status_code == 200
    content = response.content.decode()
    assert notice in content
    assert "<script>" not in content.split("</header>", 1)[1]


def test_without_a_query_it_asks_for_one(editor_user, client_for):
    content = client_for(editor_user).get(URL).content.decode()
    assert "Geben Sie einen Suchbegriff ein" in content
    assert "Treffer für" not in content


def test_many_hits_are_capped_per_type_with_their_count(editor_user, client_for, make_example):
    for number in range(13):
        make_example(slug=f"kastanie-{number}", title=f"Kastanienhof {number}", status=PublicationStatus.DRAFT)

    content = client_for(editor_user).get(URL, {"q": "kastanienhof"}).content.decode()

    assert "<caption>Praxisbeispiele (13)</caption>" in content
    assert content.count(">Kastanienhof ") == 10
    assert "Angezeigt: die 10 besten von 13 Treffern." in content
    assert f'href="{admin_url(PracticeExample, "changelist")}?q=kastanienhof"' in content


def test_the_number_of_queries_does_not_grow_with_the_hits(editor_user, client_for, make_example):
    client = client_for(editor_user)
    client.get(URL, {"q": "warm"})  # sessions and permissions are loaded alike on every request

    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": text}).status_code == 200
        return len(captured)

    few = queries("ahornallee")
    for number in range(12):
        make_example(slug=f"ahorn-{number}", title=f"Ahornallee {number}", status=PublicationStatus.DRAFT)
    many = queries("ahornallee")

    assert few == many
    # One query per content type (six catalogues, legal pages, two taxonomies) and those of every admin page.
    assert many <= 9 + 8
