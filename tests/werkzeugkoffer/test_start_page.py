"""The start page: a deadlines box that is never empty, cards that name their type, suggestions that find something."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from funding.models import DeadlineState, FundingProgramme
from guidance.models import Event, EventKind, GuidanceKind, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer import views
from werkzeugkoffer.models import PublicationStatus

DAY = datetime.timedelta(days=1)


def section(content, heading_id):
    """The HTML of the start page section labelled by heading_id."""
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def links(html):
    return [
        (unescape(href), re.sub(r"<[^>]+>", "", text))
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html)
    ]


def deadlines_box(client):
    return section(client.get("/").content.decode(), "fristen")


def list_total(client, url):
    return client.get(url).context["listing"].total


def forget_deadlines():
    """No programme has a known date: as in the seed content, whatever it holds."""
    FundingProgramme.objects.filter(deadline_state=DeadlineState.ENTERED).update(
        application_start=None, application_end=None
    )


def test_the_deadlines_box_lists_the_nearest_known_deadlines(client, make_programme):
    today = timezone.localdate()
    forget_deadlines()
    make_programme(slug="spaeter", title="Späteres Programm", application_end=today + 60 * DAY)
    make_programme(slug="bald", title="Baldiges Programm", application_end=today + 20 * DAY)
    make_programme(
        slug="noch-nicht",
        title="Noch nicht offenes Programm",
        application_start=today + 10 * DAY,
        application_end=today + 40 * DAY,
    )
    make_programme(slug="vorbei", title="Vergangenes Programm", application_end=today - DAY)

    box = deadlines_box(client)

    titles = [text for _href, text in links(box)]
    assert titles[:3] == ["Baldiges Programm", "Noch nicht offenes Programm", "Späteres Programm"]
    assert "Vergangenes Programm" not in box
    assert f"(Anträge ab {(today + 10 * DAY).day}." in box
    assert f'<time datetime="{(today + 20 * DAY).isoformat()}">' in box


def test_without_known_deadlines_the_box_links_to_open_and_unknown_programmes_with_their_counts(client, db):
    forget_deadlines()
    open_count = FundingProgramme.objects.published().open_for_applications().count()
    unknown_count = FundingProgramme.objects.published().filter(deadline_state=DeadlineState.UNKNOWN).count()
    assert open_count and unknown_count, "the seed content has rolling programmes and ones without known deadlines"

    box = deadlines_box(client)

    assert "Zurzeit ist bei keinem Programm eine kommende Antragsfrist eingetragen." in box
    found = dict(links(box))
    open_link = f"{reverse('funding:list')}?status=offen"
    unknown_link = f"{reverse('funding:list')}?status=unbekannt"
    assert found[open_link] == f"{open_count} Programme nehmen zurzeit Anträge an"
    assert found[unknown_link] == f"{unknown_count} Programme ohne bekannte Frist"
    # Each count is the one the linked list shows.
    assert list_total(client, open_link) == open_count
    assert list_total(client, unknown_link) == unknown_count


def test_without_any_programme_the_box_still_leads_to_advice(client, db):
    FundingProgramme.objects.update(status=PublicationStatus.DRAFT)

    box = deadlines_box(client)

    contact_count = Contact.objects.published().count()
    assert [href for href, _text in links(box)] == [reverse("contacts:list")]
    assert f"({contact_count} im Werkzeugkoffer)" in box
    assert list_total(client, reverse("contacts:list")) == contact_count > 0


@pytest.mark.parametrize("state", ["deadlines known", "none known", "no programme"])
def test_the_deadlines_box_is_never_empty(client, make_programme, state):
    forget_deadlines()
    if state == "deadlines known":
        make_programme(application_end=timezone.localdate() + 30 * DAY)
    elif state == "no programme":
        FundingProgramme.objects.update(status=PublicationStatus.DRAFT)

    box = deadlines_box(client)

    # Every link leads somewhere with entries: a programme, or a list that is not empty.
    assert links(box)
    for href, text in links(box):
        response = client.get(href)
        assert response.status_code == 200, href
        assert "listing" not in response.context or response.context["listing"].total > 0, (href, text)


def test_the_newest_cards_name_their_type(client, db):
    cards = re.findall(r'<article class="card">(.*?)</article>', section(client.get("/").content.decode(), "neu"), re.S)

    assert cards
    for card in cards:
        kind = re.search(r'<p class="card-type">([^<]+)</p>', card).group(1)
        href = re.search(r'href="([^"]+)"', card).group(1)
        expected = {"/praxisbeispiele/": "Praxisbeispiel", "/foerderprogramme/": "Förderprogramm"}
        assert [label for prefix, label in expected.items() if href.startswith(prefix)] == [kind]


def test_every_search_suggestion_on_the_start_page_finds_something(client, db):
    content = client.get("/").content.decode()
    hero = content[
        content.index('class="wk-hero__search"') : content.index("</form>", content.index("wk-hero__search"))
    ]
    suggestions = [href for href, _text in links(hero)]

    assert len(suggestions) >= 3
    for href in suggestions:
        assert href.startswith(f"{reverse('search')}?q=")
        response = client.get(href)
        assert response.context["total"] > 0, href
        assert response.context["mode"] == "fulltext", href


def test_a_suggestion_appears_once_the_content_has_it(client, make_example, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_SUGGESTIONS", ["Pflege-WG", "Glockengießerei"])
    assert views.findable(views.SEARCH_SUGGESTIONS) == ["Pflege-WG"]
    assert "Glockengießerei" not in client.get("/").content.decode()

    make_example(slug="glocken", title="Nachbarschaftstreff in der alten Glockengießerei")

    assert views.findable(views.SEARCH_SUGGESTIONS) == ["Pflege-WG", "Glockengießerei"]
    assert "?q=Glockengie%C3%9Ferei" in client.get("/").content.decode()


def test_it_offers_the_four_parts_of_the_toolbox_with_their_counts(client, db):
    Recommendation.objects.create(
        title="Beteiligung planen",
        slug="beteiligung",
        teaser="-",
        body="-",
        kind=GuidanceKind.RECOMMENDATION,
        status=PublicationStatus.PUBLISHED,
    )
    Recommendation.objects.create(
        title="Entwurf", slug="entwurf", teaser="-", body="-", kind=GuidanceKind.METHOD, steps="a"
    )

    box = section(client.get("/").content.decode(), "einstiege")

    assert [href for href, _text in links(box)] == [
        reverse("projects:list"),
        reverse("funding:list"),
        reverse("guidance:list"),
        reverse("contacts:list"),
    ]
    counts = re.findall(r'<p class="kern-preline">([^<]+)</p>', box)
    assert counts == [
        f"{PracticeExample.objects.published().count()} Projekte",
        f"{FundingProgramme.objects.published().count()} Programme",
        f"{Recommendation.objects.published().count()} Empfehlungen",
        f"{Contact.objects.published().count()} Stellen",
    ]


def test_the_number_of_queries_does_not_grow_with_events_and_news(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()

    def add(number):
        for index in range(number):
            Event.objects.create(
                title=f"Fachtag {number}-{index}",
                slug=f"fachtag-{number}-{index}",
                kind=EventKind.CONFERENCE,
                description="-",
                start_date=today + (index + 1) * DAY,
                status=PublicationStatus.PUBLISHED,
            )
            NewsItem.objects.create(
                title=f"Meldung {number}-{index}",
                slug=f"meldung-{number}-{index}",
                date=today - index * DAY,
                teaser="-",
                status=PublicationStatus.PUBLISHED,
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    add(1)
    few = queries()
    add(6)
    assert queries() == few
