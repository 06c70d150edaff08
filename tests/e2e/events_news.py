"""Veranstaltungen and Meldungen for the browser and HTML checks: the seed content holds none yet.

Each kind of page the portal renders for them: a coming event with times, registration and links, a past
multi-day event with its documentation, a month-only one, and a news item that links to entries of every kind.
"""

import datetime

from django.utils import timezone

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import DatePrecision, Event, EventKind, NewsItem
from projects.models import PracticeExample
from werkzeugkoffer.models import PublicationStatus

PREFIX = "e2e-"
MONTH_ONLY_SLUG = f"{PREFIX}kongress"
DAY = datetime.timedelta(days=1)


def create_events_and_news():
    """The events and news, the first of each being the richest (the checks open the first by pk)."""
    remove_events_and_news()
    today = timezone.localdate()
    published = PublicationStatus.PUBLISHED
    coming = Event.objects.create(
        slug=f"{PREFIX}fachtag",
        title="Fachtag Quartiersentwicklung im ländlichen Raum",
        kind=EventKind.CONFERENCE,
        description="<p>Wie Dörfer ihre Nachbarschaft stärken.</p><ul><li>Praxisbeispiele</li><li>Förderung</li></ul>",
        start_date=today + 30 * DAY,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(16),
        venue="Kurfürstliches Schloss",
        town="Mainz",
        organiser="Ministerium für Arbeit, Soziales, Transformation und Digitalisierung Rheinland-Pfalz",
        audience="Kommunen, Träger und Wohnungsunternehmen",
        registration_url="https://example.org/anmeldung",
        source="Einladung des Ministeriums",
        source_date="Dezember 2026",
        status=published,
    )
    coming.practice_examples.add(*PracticeExample.objects.published().order_by("pk")[:2])
    Event.objects.create(
        slug=f"{PREFIX}werkstatt",
        title="Quartierswerkstatt Pflege und Nachbarschaft",
        kind=EventKind.WORKSHOP,
        description="Zwei Tage Austausch.",
        start_date=today - 60 * DAY,
        end_date=today - 59 * DAY,
        town="Trier",
        documentation_url="https://example.org/dokumentation",
        status=published,
    )
    Event.objects.create(
        slug=MONTH_ONLY_SLUG,
        title="Kongress Quartiersarbeit",
        kind=EventKind.CONGRESS,
        description="Nur der Monat ist bekannt.",
        start_date=datetime.date(2017, 3, 1),
        date_precision=DatePrecision.MONTH,
        town="Krefeld",
        status=published,
    )
    item = NewsItem.objects.create(
        slug=f"{PREFIX}online",
        title="Der digitale Werkzeugkoffer ist online",
        date=today - 2 * DAY,
        teaser="Praxisbeispiele, Förderprogramme, Handlungsempfehlungen und Beratung an einem Ort.",
        body="<p>Das Ministerium stellt den Werkzeugkoffer vor.</p><p>Er wächst mit Ihren Hinweisen.</p>",
        source="Pressemitteilung",
        source_date="Dezember 2026",
        status=published,
    )
    item.practice_examples.add(PracticeExample.objects.published().order_by("pk").first())
    item.funding_programmes.add(FundingProgramme.objects.published().order_by("pk").first())
    item.contacts.add(Contact.objects.published().order_by("pk").first())
    item.events.add(coming)
    for number in range(1, 4):
        NewsItem.objects.create(
            slug=f"{PREFIX}meldung-{number}",
            title=f"Meldung {number} zu Quartieren",
            date=today - (number * 10) * DAY,
            teaser="Was sich geändert hat und wen es betrifft.",
            status=published,
        )


def remove_events_and_news():
    for model in (NewsItem, Event):
        pks = list(model.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        model.objects.filter(pk__in=pks).delete()
        model.history.filter(id__in=pks).delete()
