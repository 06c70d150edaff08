"""Veranstaltungen: the coming events and the archive, a page per event, and iCalendar files to take them along."""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from guidance.models import DatePrecision, Event
from werkzeugkoffer.backoffice.richtext import readable_lines
from werkzeugkoffer.views import paginate, preview_response

ARCHIVE_PER_PAGE = 20
# What a card shows (guidance/includes/event_card.html); the description only as a short excerpt.
CARD_FIELDS = [
    "title",
    "slug",
    "kind",
    "description",
    "start_date",
    "date_precision",
    "end_date",
    "start_time",
    "end_time",
    "venue",
    "town",
    "organiser",
    "documentation_url",
]
# The editors enter local times of events in Rhineland-Palatinate; calendars get them with this zone.
EVENT_TIME_ZONE = ZoneInfo(settings.TIME_ZONE)
PRODUCT_ID = "-//Werkzeugkoffer Quartiersentwicklung//Veranstaltungen//DE"


def event_list(request):
    today = timezone.localdate()
    events = Event.objects.published().only(*CARD_FIELDS)
    # The archive grows every year; the coming events are few and shown on every page above it.
    archive, notices = paginate(
        request, events.past(today).order_by("-last_day", "-start_date", "title", "pk"), ARCHIVE_PER_PAGE
    )
    return render(
        request,
        "guidance/event_list.html",
        {
            # Soonest first: the events' own ordering.
            "upcoming": events.upcoming(today),
            "archive": archive,
            "notices": notices,
        },
    )


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    # A month-only date is no day to put into a calendar: the page says so instead of offering a file.
    month_only = event.date_precision == DatePrecision.MONTH
    response = render(
        request,
        "guidance/event_detail.html",
        {
            "event": event,
            "practice_examples": event.practice_examples.published().select_related("state", "district"),
            "recommendations": event.recommendations.published(),
            "news_items": event.news_items.published().newest(),
            "month_only": month_only,
            "calendar_url": None if month_only else reverse("events:calendar", args=[event.slug]),
        },
    )
    return preview_response(response, event)


def event_calendar(request, slug):
    """One event as an iCalendar file; a month-only event has none (404)."""
    event = get_object_or_404(Event.objects.published().filter(date_precision=DatePrecision.DAY), slug=slug)
    return calendar_response(build_calendar(request, [event], event.title), f"{event.slug}.ics")


def upcoming_calendar(request):
    """Every coming event whose day is known, as one iCalendar feed to download or subscribe to."""
    events = Event.objects.published().upcoming().filter(date_precision=DatePrecision.DAY)
    return calendar_response(
        build_calendar(request, events, "Veranstaltungen – Werkzeugkoffer Quartiersentwicklung"),
        "veranstaltungen.ics",
    )


def calendar_host(request):
    """The host that makes the events' UIDs unique: the public address if configured, else the one asked for."""
    return urlsplit(settings.SITE_URL).hostname or split_domain_port(request.get_host())[0] or "werkzeugkoffer"


def calendar_span(event):
    """(DTSTART, DTEND or None) of an event whose day is known.

    Without a time it is an all-day event, whose DTEND is the day after its last one (RFC 5545). With a time
    it has local times in Europe/Berlin; a multi-day event without an end time lasts until its last day ends.
    """
    last_day = event.end_date or event.start_date
    if event.start_time is None:
        return event.start_date, last_day + datetime.timedelta(days=1)
    start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=EVENT_TIME_ZONE)
    if event.end_time is not None:
        end = datetime.datetime.combine(last_day, event.end_time, tzinfo=EVENT_TIME_ZONE)
    elif event.end_date is not None:
        end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=EVENT_TIME_ZONE)
    else:
        end = None
    # An end time before the start (a slip in the back office) would make the whole file invalid.
    return start, end if end is not None and end > start else None


def plain_description(event):
    """The description as plain text, with the organiser and the registration that calendars otherwise lose."""
    lines = readable_lines(event.description)
    facts = [f"Veranstalter: {event.organiser or 'nicht angegeben'}"]
    if event.registration_url:
        facts.append(f"Anmeldung: {event.registration_url}")
    return "\n\n".join(part for part in ("\n".join(lines), "\n".join(facts)) if part)


def calendar_event(request, event, host):
    start, end = calendar_span(event)
    return icalendar.Event.new(
        uid=f"event-{event.pk}@{host}",
        # Without a METHOD, DTSTAMP is when the event's information was last changed (RFC 5545, 3.8.7.2).
        stamp=event.updated_at,
        last_modified=event.updated_at,
        start=start,
        end=end,
        summary=event.title,
        description=plain_description(event),
        location=event.place_label() or None,
        url=request.build_absolute_uri(event.get_absolute_url()),
        status="CONFIRMED",
    )


def build_calendar(request, events, name):
    host = calendar_host(request)
    # A fixed calendar UID, so that the same events always give the same file.
    calendar = icalendar.Calendar.new(prodid=PRODUCT_ID, name=name, uid=f"veranstaltungen@{host}")
    days = []
    for event in events:
        calendar.add_component(calendar_event(request, event, host))
        if event.start_time is not None:
            days += [event.start_date, event.end_date or event.start_date]
    if days:
        # The time zone's rules for just the years of the events, instead of every year since 1970.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year, 1, 1), last_date=datetime.date(max(days).year + 1, 1, 1)
        )
    return calendar


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
