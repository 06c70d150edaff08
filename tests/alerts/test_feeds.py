"""The Atom feed of a filtered list and the deadline calendars parse with well-kept libraries."""

import datetime

import feedparser
import icalendar
import pytest
from django.utils import timezone

from funding.models import DeadlineState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("catalogue", ["praxisbeispiele", "foerderprogramme", "handlungsempfehlungen", "beratung"])
def test_it_serves_an_atom_feed_of_every_list(client, catalogue):
    response = client.get(f"/{catalogue}/feed/?q=Quartier")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.endswith("Werkzeugkoffer Quartiersentwicklung")
    assert feed.entries
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert not response.cookies


def test_the_feed_takes_the_lists_filters(client, make_programme):
    make_programme(title="Dorfladenfonds", slug="dorfladenfonds")
    titles = [
        entry.title
        for entry in feedparser.parse(client.get("/foerderprogramme/feed/?q=Dorfladenfonds").content).entries
    ]
    assert titles == ["Neu: Dorfladenfonds"]


def test_the_feed_keeps_nothing_of_a_request_for_the_next(client, make_programme):
    """One feed instance serves every request, in a threaded server at the same time: a request's filters must
    never reach another request's feed through it."""
    from django.urls import resolve

    make_programme(title="Dorfladenfonds", slug="dorfladenfonds")
    feed = resolve("/foerderprogramme/feed/").func
    client.get("/foerderprogramme/feed/?q=Dorfladenfonds")
    assert vars(feed) == {}
    entry = feedparser.parse(client.get("/foerderprogramme/feed/?q=Dorfladenfonds").content).entries[0]
    assert entry.id == "http://testserver/foerderprogramme/dorfladenfonds/#stand-1"


def test_the_funding_feed_names_a_deadline_within_14_days(client, make_programme):
    end = timezone.localdate() + datetime.timedelta(days=10)
    make_programme(title="Fristfonds", slug="fristfonds", deadline_state=DeadlineState.ENTERED, application_end=end)
    feed = feedparser.parse(client.get("/foerderprogramme/feed/?q=Fristfonds").content)
    assert f"Antragsfrist am {end:%d.%m.%Y}: Fristfonds" in [entry.title for entry in feed.entries]


def test_the_list_page_links_its_feed_and_sets_no_cookie(client):
    response = client.get("/praxisbeispiele/?q=Quartier&page=1")
    assert '<link rel="alternate" type="application/atom+xml"' in response.text
    assert 'href="/praxisbeispiele/feed/?q=Quartier"' in response.text
    assert "Als Feed abonnieren" in response.text
    assert 'name="suche" value="q=Quartier&amp;page=1"' in response.text
    assert not response.cookies


def test_the_deadline_calendar_holds_the_entered_deadlines_of_the_list(client, make_programme):
    end = timezone.localdate() + datetime.timedelta(days=40)
    make_programme(title="Fristfonds", slug="fristfonds", deadline_state=DeadlineState.ENTERED, application_end=end)
    make_programme(title="Fristfonds ohne Datum", slug="fristfonds-offen", deadline_state=DeadlineState.UNKNOWN)
    response = client.get("/foerderprogramme/fristen.ics?q=Fristfonds")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Antragsfrist: Fristfonds"]
    assert events[0].decoded("DTSTART") == end


def test_a_programme_with_a_known_deadline_offers_its_calendar_file(client, make_programme):
    end = timezone.localdate() + datetime.timedelta(days=40)
    make_programme(title="Fristfonds", slug="fristfonds", deadline_state=DeadlineState.ENTERED, application_end=end)
    assert "In den Kalender" in client.get("/foerderprogramme/fristfonds/").text
    calendar = icalendar.Calendar.from_ical(client.get("/foerderprogramme/fristfonds/frist.ics").content)
    assert calendar.walk("VEVENT")[0].decoded("DTSTART") == end


def test_a_programme_without_a_known_deadline_has_no_calendar(client, make_programme):
    make_programme(title="Offener Fonds", slug="offener-fonds", deadline_state=DeadlineState.UNKNOWN)
    assert "In den Kalender" not in client.get("/foerderprogramme/offener-fonds/").text
    assert client.get("/foerderprogramme/offener-fonds/frist.ics").status_code == 404


def test_feeds_and_calendars_are_named_after_their_filters(client):
    feed = feedparser.parse(client.get("/foerderprogramme/feed/?handlungsfeld=wohnen&page=2&e=x").content)
    assert feed.feed.title == "Förderprogramme (Handlungsfeld: Wohnen) – Werkzeugkoffer Quartiersentwicklung"
    unfiltered = feedparser.parse(client.get("/beratung/feed/").content)
    assert unfiltered.feed.title == "Beratung – Werkzeugkoffer Quartiersentwicklung"

    calendar = icalendar.Calendar.from_ical(client.get("/foerderprogramme/fristen.ics?handlungsfeld=wohnen").content)
    assert str(calendar["X-WR-CALNAME"]) == "Antragsfristen: Förderprogramme (Handlungsfeld: Wohnen) – Werkzeugkoffer"


def test_a_control_character_in_the_search_never_breaks_the_feed_or_the_calendar(client):
    feed = feedparser.parse(client.get("/foerderprogramme/feed/?q=Quartier%01").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Förderprogramme (Suche: Quartier) – Werkzeugkoffer Quartiersentwicklung"
    calendar = icalendar.Calendar.from_ical(client.get("/foerderprogramme/fristen.ics?q=Quartier%01").content)
    assert "\x01" not in str(calendar["X-WR-CALNAME"])
