"""Application deadlines as iCalendar: for a filtered funding list (to subscribe to) and for one programme. Only
entered deadlines (DeadlineState.ENTERED with an application_end) are in a calendar; the portal never guesses a date.
Built like the events' calendars (guidance/events.py), with the icalendar library."""

import datetime

import icalendar
from django.shortcuts import get_object_or_404
from django.utils import timezone

from alerts.lists import SOURCES, list_title, matching_entries
from alerts.models import Catalogue
from funding.models import DeadlineState, FundingProgramme
from guidance.events import calendar_host, calendar_response

PRODUCT_ID = "-//Werkzeugkoffer Quartiersentwicklung//Antragsfristen//DE"


def deadline_event(request, programme, host):
    end = programme.application_end
    lines = [programme.summary, f"Fördergeber: {programme.funder}"]
    return icalendar.Event.new(
        # One UID per programme: a moved deadline moves the calendar entry instead of adding one.
        uid=f"frist-{programme.pk}@{host}",
        stamp=programme.updated_at,
        last_modified=programme.updated_at,
        # An all-day entry on the last day; DTEND is the day after (RFC 5545).
        start=end,
        end=end + datetime.timedelta(days=1),
        summary=f"Antragsfrist: {programme.title}",
        description="\n\n".join(lines),
        url=request.build_absolute_uri(programme.get_absolute_url()),
        status="CONFIRMED",
        transparency="TRANSPARENT",
    )


def build_calendar(request, programmes, name, uid):
    host = calendar_host(request)
    calendar = icalendar.Calendar.new(prodid=PRODUCT_ID, name=name, uid=f"{uid}@{host}")
    for programme in programmes:
        calendar.add_component(deadline_event(request, programme, host))
    return calendar


def with_deadline(queryset):
    return queryset.filter(deadline_state=DeadlineState.ENTERED, application_end__isnull=False)


def deadlines_calendar(request):
    """The deadlines of today and later of every programme of the funding list under the query string."""
    programmes = with_deadline(matching_entries(request, SOURCES[Catalogue.FUNDING])).filter(
        application_end__gte=timezone.localdate()
    )
    calendar = build_calendar(
        request,
        programmes.order_by("application_end", "title"),
        f"Antragsfristen: {list_title(SOURCES[Catalogue.FUNDING], request.GET.urlencode())} – Werkzeugkoffer",
        "antragsfristen",
    )
    return calendar_response(calendar, "antragsfristen.ics")


def deadline_calendar(request, slug):
    """One programme's deadline as a file; 404 when it has no entered deadline."""
    programme = get_object_or_404(with_deadline(FundingProgramme.objects.published()), slug=slug)
    return calendar_response(
        build_calendar(request, [programme], programme.title, f"frist-{programme.pk}"), f"frist-{programme.slug}.ics"
    )
