"""Veranstaltungen: coming events and the archive, a page per event, and iCalendar files read back with icalendar."""

import calendar
import datetime
import re
from html import unescape

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from guidance.models import DatePrecision, Event, EventKind, EventStatus, GuidanceKind, Recommendation
from werkzeugkoffer.models import PublicationStatus

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def only_our_own(db):
    """Each test builds the whole list it checks; the seeded entries (rolled back with the test) would mix in."""
    Event.objects.all().delete()


@pytest.fixture
def make_event(db):
    def make(**fields):
        fields.setdefault("title", "Fachtag Quartier")
        fields.setdefault("slug", slugify(fields["title"])[:120])
        fields.setdefault("kind", EventKind.CONFERENCE)
        fields.setdefault("description", "<p>Ein Tag für alle, die Quartiere entwickeln &amp; begleiten.</p>")
        fields.setdefault("start_date", timezone.localdate() + 10 * DAY)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        return Event.objects.create(**fields)

    return make


def month_start(date):
    return date.replace(day=1)


def text_of(html):
    """The visible text of an HTML fragment, with its whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(content, heading_id):
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def card_titles(html):
    return [unescape(title) for title in re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)]


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


# ---- The list: coming events soonest first, then the archive newest first ----


def test_it_lists_coming_events_soonest_first_and_past_ones_newest_first(client, make_event):
    today = timezone.localdate()
    coming = [
        make_event(title="In drei Wochen", start_date=today + 21 * DAY),
        make_event(title="In fünf Tagen", start_date=today + 5 * DAY, start_time=datetime.time(10)),
        make_event(title="Läuft gerade", start_date=today - DAY, end_date=today + DAY),
        make_event(title="Irgendwann diesen Monat", start_date=month_start(today), date_precision=DatePrecision.MONTH),
    ]
    make_event(title="Endete gestern", start_date=today - 3 * DAY, end_date=today - DAY)
    make_event(title="Vor hundert Tagen", start_date=today - 100 * DAY)
    make_event(
        title="Im Monat vor einem Jahr", start_date=month_start(today - 365 * DAY), date_precision=DatePrecision.MONTH
    )

    response = client.get(reverse("events:list"))

    assert response.status_code == 200
    content = response.content.decode()
    # The month-only event starts on the first of this month: before or on the day „Läuft gerade“ began.
    soonest_first = sorted(coming, key=lambda event: (event.start_date, event.title))
    assert card_titles(section(content, "kommende")) == [event.title for event in soonest_first]
    assert card_titles(section(content, "vergangene")) == [
        "Endete gestern",
        "Vor hundert Tagen",
        "Im Monat vor einem Jahr",
    ]


def test_it_derives_the_status_from_the_date(client, make_event):
    today = timezone.localdate()
    make_event(title="Diesen Monat, Tag unbekannt", start_date=month_start(today), date_precision=DatePrecision.MONTH)
    make_event(title="Heute", start_date=today)
    make_event(title="Bis gestern", start_date=today - 2 * DAY, end_date=today - DAY)

    content = client.get(reverse("events:list")).content.decode()

    coming, past = text_of(section(content, "kommende")), text_of(section(content, "vergangene"))
    assert "Diesen Monat, Tag unbekannt" in coming and "Heute" in coming
    assert coming.count("angekündigt") == 2 and "vorbei" not in coming
    assert "Bis gestern" in past and past.count("vorbei") == 1 and "angekündigt" not in past


def test_it_counts_a_month_only_event_as_coming_until_its_month_has_ended(make_event, today):
    event = make_event(start_date=month_start(today), date_precision=DatePrecision.MONTH)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])

    assert event.date_status(today) == EventStatus.UPCOMING
    assert event.date_status(month_end) == EventStatus.UPCOMING
    assert event.date_status(month_end + DAY) == EventStatus.PAST
    assert list(Event.objects.upcoming(month_end)) == [event]
    assert list(Event.objects.past(month_end + DAY)) == [event]


def test_it_counts_an_event_that_ended_yesterday_as_past(make_event, today):
    event = make_event(start_date=today - 3 * DAY, end_date=today - DAY)

    assert event.date_status(today) == EventStatus.PAST
    assert event.date_status(today - DAY) == EventStatus.UPCOMING
    assert list(Event.objects.past(today)) == [event]
    assert not Event.objects.upcoming(today).exists()


def test_it_shows_date_place_kind_and_organiser_on_each_card_and_never_invents_one(client, make_event):
    make_event(
        title="Kongress Quartiersentwicklung",
        kind=EventKind.CONGRESS,
        start_date=datetime.date(2017, 3, 1),
        date_precision=DatePrecision.MONTH,
        town="Mainz",
        documentation_url="https://example.org/kongress-2017",
    )
    make_event(
        title="Workshop Nachbarschaft",
        kind=EventKind.WORKSHOP,
        start_date=timezone.localdate() + 7 * DAY,
        venue="Bürgerhaus",
        town="Trier",
        organiser="Landesberatungsstelle Neues Wohnen",
        documentation_url="https://example.org/noch-keine",
    )

    content = client.get(reverse("events:list")).content.decode()

    past = text_of(section(content, "vergangene"))
    assert "Kongress" in past and "März 2017" in past and "Ort: Mainz" in past
    assert "Veranstalter: nicht angegeben" in past
    assert 'href="https://example.org/kongress-2017"' in section(content, "vergangene")
    coming = text_of(section(content, "kommende"))
    assert "Workshop" in coming and "Ort: Bürgerhaus, Trier" in coming
    assert "Veranstalter: Landesberatungsstelle Neues Wohnen" in coming
    # A coming event has no documentation yet, whatever the field holds.
    assert "https://example.org/noch-keine" not in section(content, "kommende")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.IN_REVIEW},
        {"status": PublicationStatus.ARCHIVED},
        {"publish_at": timezone.now() + datetime.timedelta(hours=2)},
    ],
    ids=["draft", "in-review", "archived", "scheduled"],
)
def test_it_hides_unpublished_events(client, make_event, fields):
    event = make_event(title="Noch geheimer Fachtag", **fields)

    assert "Noch geheimer Fachtag" not in client.get(reverse("events:list")).content.decode()
    assert "Noch geheimer Fachtag" not in client.get("/").content.decode()
    for url in (event.get_absolute_url(), reverse("events:calendar", args=[event.slug])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Seite nicht gefunden" in response.content.decode()
    assert b"Noch geheimer Fachtag" not in client.get(reverse("events:feed")).content


def test_it_pages_through_a_long_archive(client, make_event):
    today = timezone.localdate()
    for number in range(23):
        make_event(title=f"Vergangener Fachtag {number:02}", start_date=today - (number + 1) * DAY)

    first = client.get(reverse("events:list"))
    second = client.get(reverse("events:list"), {"page": 2})

    assert len(first.context["archive"].object_list) == 20
    assert card_titles(section(second.content.decode(), "vergangene")) == [
        "Vergangener Fachtag 20",
        "Vergangener Fachtag 21",
        "Vergangener Fachtag 22",
    ]
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1.5", "²", "9" * 5000])
def test_it_answers_a_page_that_does_not_exist_with_a_notice(client, make_event, page):
    make_event(title="Vergangen", start_date=timezone.localdate() - 30 * DAY)

    response = client.get(reverse("events:list"), {"page": page})

    assert response.status_code == 200
    assert "gibt es nicht; angezeigt wird eine vorhandene Seite." in response.content.decode()
    assert "Vergangen" in card_titles(response.content.decode())


def test_it_shows_no_notice_for_the_first_page(client, make_event):
    make_event()
    response = client.get(reverse("events:list"), {"page": "1"})
    assert "gibt es nicht" not in response.content.decode()


# ---- The page of an event ----


def test_it_shows_all_facts_of_an_event_with_its_links(client, make_event, make_example):
    example = make_example(slug="dorfladen", title="Dorfladen mit Café")
    hidden_example = make_example(slug="entwurf", title="Entwurf eines Beispiels", status=PublicationStatus.DRAFT)
    recommendation = Recommendation.objects.create(
        title="Bürgerbeteiligung planen",
        slug="beteiligung",
        teaser="Wie Sie alle ins Boot holen.",
        body="<p>Text</p>",
        kind=GuidanceKind.RECOMMENDATION,
        status=PublicationStatus.PUBLISHED,
    )
    hidden_recommendation = Recommendation.objects.create(
        title="Unfertige Empfehlung", slug="unfertig", teaser="-", body="-", kind=GuidanceKind.RECOMMENDATION
    )
    event = make_event(
        title="Fachtag Wohnen im Alter",
        start_date=datetime.date(2031, 5, 7),
        start_time=datetime.time(10),
        end_time=datetime.time(16, 30),
        venue="Kurfürstliches Schloss",
        town="Mainz",
        organiser="Ministerium für Arbeit, Soziales, Transformation und Digitalisierung",
        audience="Kommunen und Träger",
        registration_url="https://example.org/anmeldung",
        source="Einladung des Ministeriums",
        source_date="Januar 2031",
    )
    event.practice_examples.add(example, hidden_example)
    event.recommendations.add(recommendation, hidden_recommendation)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    text = text_of(content)
    assert "7. Mai 2031, 10:00 bis 16:30 Uhr" in text
    assert "Kurfürstliches Schloss, Mainz" in text
    assert "Ministerium für Arbeit, Soziales, Transformation und Digitalisierung" in text
    assert "Kommunen und Träger" in text and "angekündigt" in text
    assert 'href="https://example.org/anmeldung"' in content
    assert "Ein Tag für alle, die Quartiere entwickeln &amp; begleiten." in content
    assert f'href="{example.get_absolute_url()}"' in content and "Entwurf eines Beispiels" not in content
    assert f'href="{recommendation.get_absolute_url()}"' in content and "Unfertige Empfehlung" not in content
    assert "Quelle: Einladung des Ministeriums" in text and "Stand: Januar 2031" in text
    assert f'<a href="{reverse("events:list")}">Veranstaltungen</a>' in content
    calendar_link = f'href="{reverse("events:calendar", args=[event.slug])}"'
    assert calendar_link in content
    assert "In den Kalender übernehmen (iCalendar)" in text


def test_a_past_event_shows_its_documentation_and_no_registration(client, make_event):
    event = make_event(
        start_date=timezone.localdate() - 40 * DAY,
        registration_url="https://example.org/anmeldung-vorbei",
        documentation_url="https://example.org/doku",
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "vorbei" in text_of(content)
    assert 'href="https://example.org/doku"' in content
    assert "anmeldung-vorbei" not in content


def test_a_month_only_event_says_that_its_day_is_not_known_and_has_no_calendar_file(client, make_event):
    event = make_event(
        title="Kongress 2017", start_date=datetime.date(2017, 3, 1), date_precision=DatePrecision.MONTH, town="Mainz"
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "März 2017" in text_of(content)
    assert "Der genaue Tag ist nicht bekannt" in text_of(content)
    assert "kalender.ics" not in content and "In den Kalender übernehmen" not in content
    response = client.get(reverse("events:calendar", args=[event.slug]))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/veranstaltungen/gibt-es-nicht/", "/veranstaltungen/gibt-es-nicht/kalender.ics", "/veranstaltungen/%00/"]
)
def test_an_unknown_event_gives_a_german_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


# ---- iCalendar ----


def test_an_event_without_a_time_is_an_all_day_entry(client, make_event):
    event = make_event(
        title="Fachtag, ganztägig; mit Zeichen",
        start_date=datetime.date(2031, 5, 7),
        venue="Bürgerhaus",
        town="Trier",
        organiser="Landkreis Trier-Saarburg",
        registration_url="https://example.org/anmeldung",
    )

    response = client.get(reverse("events:calendar", args=[event.slug]))

    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (entry,) = calendar_of(response).walk("VEVENT")
    assert entry.start == datetime.date(2031, 5, 7) and not isinstance(entry.start, datetime.datetime)
    assert entry.end == datetime.date(2031, 5, 8)
    assert entry["DTSTART"].params.get("VALUE") == "DATE"
    assert str(entry["UID"]) == f"event-{event.pk}@testserver"
    assert str(entry["SUMMARY"]) == "Fachtag, ganztägig; mit Zeichen"
    assert str(entry["LOCATION"]) == "Bürgerhaus, Trier"
    assert str(entry["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert entry.get("DTSTAMP") is not None
    description = str(entry["DESCRIPTION"])
    assert "Ein Tag für alle, die Quartiere entwickeln & begleiten." in description
    assert "<" not in description and "&amp;" not in description
    assert "Veranstalter: Landkreis Trier-Saarburg" in description
    assert "Anmeldung: https://example.org/anmeldung" in description


def test_a_multi_day_event_without_a_time_ends_the_day_after_its_last_day(client, make_event):
    event = make_event(start_date=datetime.date(2031, 11, 11), end_date=datetime.date(2031, 11, 12))

    (entry,) = calendar_of(client.get(reverse("events:calendar", args=[event.slug]))).walk("VEVENT")

    assert (entry.start, entry.end) == (datetime.date(2031, 11, 11), datetime.date(2031, 11, 13))


def test_an_event_with_times_has_them_in_berlin_time(client, make_event):
    event = make_event(
        start_date=datetime.date(2031, 7, 3), start_time=datetime.time(9, 30), end_time=datetime.time(17)
    )

    calendar = calendar_of(client.get(reverse("events:calendar", args=[event.slug])))

    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry.start == datetime.datetime(2031, 7, 3, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert entry.end.astimezone(datetime.UTC) == datetime.datetime(2031, 7, 3, 15, tzinfo=datetime.UTC)
    assert [timezone_.tz_name for timezone_ in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


def test_a_multi_day_event_with_a_start_time_but_no_end_time_lasts_until_its_last_day_ends(client, make_event):
    event = make_event(
        start_date=datetime.date(2031, 1, 20), end_date=datetime.date(2031, 1, 21), start_time=datetime.time(13)
    )

    (entry,) = calendar_of(client.get(reverse("events:calendar", args=[event.slug]))).walk("VEVENT")

    assert entry.start.hour == 13 and entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry.end.date() == datetime.date(2031, 1, 22) and entry.end.hour == 0


def test_the_feed_holds_one_entry_per_coming_published_event_whose_day_is_known(client, make_event):
    today = timezone.localdate()
    coming = [
        make_event(title="Bald", start_date=today + 3 * DAY),
        make_event(title="Später mit Uhrzeit", start_date=today + 40 * DAY, start_time=datetime.time(14)),
        make_event(title="Läuft noch", start_date=today - DAY, end_date=today + DAY),
    ]
    make_event(title="Vorbei", start_date=today - 10 * DAY)
    make_event(title="Entwurf", start_date=today + 5 * DAY, status=PublicationStatus.DRAFT)
    make_event(title="Monat bekannt", start_date=month_start(today + 62 * DAY), date_precision=DatePrecision.MONTH)

    response = client.get(reverse("events:feed"))

    assert response["Content-Disposition"] == 'attachment; filename="veranstaltungen.ics"'
    entries = calendar_of(response).walk("VEVENT")
    assert sorted(str(entry["SUMMARY"]) for entry in entries) == sorted(event.title for event in coming)
    assert sorted(str(entry["UID"]) for entry in entries) == sorted(f"event-{event.pk}@testserver" for event in coming)


def test_the_uid_of_an_event_stays_the_same(client, make_event):
    event = make_event()
    url = reverse("events:calendar", args=[event.slug])
    first = calendar_of(client.get(url)).walk("VEVENT")[0]["UID"]
    event.title = "Fachtag Quartier (verschoben)"
    event.save()
    assert calendar_of(client.get(url)).walk("VEVENT")[0]["UID"] == first
    assert calendar_of(client.get(reverse("events:feed"))).walk("VEVENT")[0]["UID"] == first


def test_an_empty_feed_is_still_a_calendar(client, db):
    calendar = calendar_of(client.get(reverse("events:feed")))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]).startswith("-//Werkzeugkoffer")


# ---- Start page, privacy ----


def test_the_start_page_shows_the_next_three_events_with_date_and_place(client, make_event):
    today = timezone.localdate()
    make_event(title="Erster Termin", start_date=today + 2 * DAY, town="Koblenz")
    make_event(title="Zweiter Termin", start_date=today + 4 * DAY, venue="Rathaus", town="Speyer")
    make_event(title="Dritter Termin", start_date=today + 6 * DAY)
    make_event(title="Vierter Termin", start_date=today + 8 * DAY)
    make_event(title="Vergangener Termin", start_date=today - 8 * DAY)

    box = section(client.get("/").content.decode(), "termine")

    titles = re.findall(r'<a class="kern-link" href="/veranstaltungen/[^"]+/">([^<]+)</a>', box)
    assert titles == ["Erster Termin", "Zweiter Termin", "Dritter Termin"]
    text = text_of(box)
    assert f"{(today + 2 * DAY).day}." in text and "Koblenz" in text and "Rathaus, Speyer" in text
    assert "Ort nicht angegeben" in text
    assert f'href="{reverse("events:list")}"' in box


def test_without_coming_events_the_start_page_says_so_and_links_to_the_archive(client, db):
    box = section(client.get("/").content.decode(), "termine")
    assert "Zurzeit sind keine Veranstaltungen angekündigt." in box
    assert f'href="{reverse("events:list")}#vergangene"' in box


@pytest.mark.parametrize("page", ["list", "detail", "calendar", "feed"])
def test_the_events_pages_set_no_cookie(client, make_event, page):
    event = make_event()
    url = {
        "list": reverse("events:list"),
        "detail": event.get_absolute_url(),
        "calendar": reverse("events:calendar", args=[event.slug]),
        "feed": reverse("events:feed"),
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_the_main_navigation_marks_the_events_section(client, make_event):
    event = make_event()
    link = f'<a class="wk-nav__link" href="{reverse("events:list")}" aria-current="{{}}">Veranstaltungen</a>'
    assert link.format("page") in client.get(reverse("events:list")).content.decode()
    assert link.format("true") in client.get(event.get_absolute_url()).content.decode()


def test_the_list_needs_as_many_queries_for_many_events_as_for_one(client, make_event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()

    def add(number, sign):
        when = "kommend" if sign > 0 else "vergangen"
        for index in range(number):
            make_event(title=f"Fachtag {when} {number}-{index}", start_date=today + sign * (index + 2) * DAY)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("events:list")).status_code == 200
        return len(captured)

    add(1, 1)
    add(1, -1)
    few = queries()
    add(8, 1)
    add(8, -1)
    assert queries() == few
