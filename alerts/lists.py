"""What a subscription or a feed watches: one catalogue's list under a query string, rebuilt without pagination
through the lists' own machinery (the apps' *_listing and catalogue.maps.matching), so that it holds exactly what the
list page shows."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from alerts.models import Catalogue
from contacts.models import Contact
from contacts.views import contact_listing
from funding.models import FundingProgramme
from funding.views import programme_listing
from guidance.models import Recommendation
from guidance.views import recommendation_listing
from projects.models import PracticeExample
from projects.views import example_listing
from werkzeugkoffer.catalogue.maps import matching

# Parameters that only page or order the list: the same entries, so the same subscription.
# The Merkliste („e“) travels in the address beside the filters but is not one of them.
IGNORED_PARAMETERS = {"page", "sort", "e"}
# A deadline is announced once it is this near (and again in no later digest).
DEADLINE_NOTICE_DAYS = 14


@dataclass(frozen=True)
class Source:
    catalogue: str  # a Catalogue value
    model: type
    listing: object  # the app's *_listing(request, queryset=None)
    list_view: str  # the URL name of the list page
    title_field: str
    summary_field: str
    noun: tuple  # singular, plural

    @property
    def label(self):
        return Catalogue(self.catalogue).label

    def list_path(self):
        return reverse(self.list_view)


SOURCES = {
    Catalogue.PROJECTS: Source(
        Catalogue.PROJECTS, PracticeExample, example_listing, "projects:list", "title", "teaser",
        ("Praxisbeispiel", "Praxisbeispiele"),
    ),
    Catalogue.FUNDING: Source(
        Catalogue.FUNDING, FundingProgramme, programme_listing, "funding:list", "title", "summary",
        ("Förderprogramm", "Förderprogramme"),
    ),
    Catalogue.GUIDANCE: Source(
        Catalogue.GUIDANCE, Recommendation, recommendation_listing, "guidance:list", "title", "teaser",
        ("Handlungsempfehlung", "Handlungsempfehlungen"),
    ),
    Catalogue.CONTACTS: Source(
        Catalogue.CONTACTS, Contact, contact_listing, "contacts:list", "name", "description",
        ("Beratungsangebot", "Beratungsangebote"),
    ),
}  # fmt: skip


def clean_query(query_string):
    """The query string of a list without page and sort and without empty values, its parameters in a fixed order:
    the same list always gives the same string, and so one subscription."""
    data = QueryDict(query_string)
    cleaned = QueryDict(mutable=True)
    for key in sorted(data):
        if key in IGNORED_PARAMETERS:
            continue
        values = [value for value in data.getlist(key) if value.strip()]
        if values:
            cleaned.setlist(key, values)
    return cleaned.urlencode()


def list_request(source, query, base=None):
    """A GET request for the list with query, for the lists' machinery outside a request (the digests)."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = source.list_path()
    request.GET = QueryDict(query)
    parts = urlsplit(base or settings.SITE_URL or "http://localhost")
    request.META["SERVER_NAME"] = parts.hostname or "localhost"
    request.META["SERVER_PORT"] = str(parts.port or (443 if parts.scheme == "https" else 80))
    request.META["wsgi.url_scheme"] = parts.scheme or "http"
    return request


def described(source, query):
    """The chips of the list („Handlungsfeld: Wohnen“) and its defaults, in words for the pages and the mails."""
    listing = source.listing(list_request(source, query))
    return [chip.label for chip in listing.chips] + list(listing.defaults_in_effect)


def list_title(source, query):
    """The list's name with what narrows it („Förderprogramme (Handlungsfeld: Wohnen)“), so that a feed reader or a
    calendar program holding several of them tells them apart."""
    chips = [chip.label for chip in source.listing(list_request(source, clean_query(query))).chips]
    title = f"{source.label} ({'; '.join(chips)})" if chips else source.label
    # A search term may hold control characters, which XML (the feed) and iCalendar do not allow.
    return "".join(character for character in title if character.isprintable())


def matching_entries(request, source):
    """Every published entry of the list that request asks for, on every page, with its moment of last change
    (`changed`: saved, or released by its „veröffentlichen ab“, whichever came later)."""
    listing = source.listing(request)
    base = source.model.objects.published()
    # The list annotates a search rank; a plain queryset of the matching ids is enough here.
    ids = matching(request, listing, base).values("pk")
    return (
        source.model.objects.published().filter(pk__in=ids).annotate(changed=Greatest(F("updated_at"), F("publish_at")))
    )


def changed_between(request, source, after, until):
    """Entries of the list changed after `after` (None: ever) and up to `until`, newest first."""
    entries = matching_entries(request, source).filter(changed__lte=until)
    if after is not None:
        entries = entries.filter(changed__gt=after)
    return entries.order_by("-changed", "-pk")


def deadlines_coming(request, after_day, until_day):
    """Funding programmes of the list whose Antragsfrist came within DEADLINE_NOTICE_DAYS on a day after after_day
    (None: any) and up to until_day, nearest deadline first; only entered deadlines, never guessed ones."""
    from funding.models import DeadlineState

    source = SOURCES[Catalogue.FUNDING]
    notice = datetime.timedelta(days=DEADLINE_NOTICE_DAYS)
    entries = matching_entries(request, source).filter(
        deadline_state=DeadlineState.ENTERED,
        application_end__gte=until_day,
        application_end__lte=until_day + notice,
    )
    if after_day is not None:
        entries = entries.filter(application_end__gt=after_day + notice)
    return entries.order_by("application_end", "title")


def list_url(source, query):
    path = source.list_path()
    return f"{path}?{query}" if query else path


def absolute(path, base=None):
    return (base or settings.SITE_URL or "http://localhost").rstrip("/") + path
