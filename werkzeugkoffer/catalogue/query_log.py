"""Counts the searches that found nothing, so that editors can add synonyms and content where people miss them.

Privacy by design: nothing about the person is read or kept – no address, no browser, no cookie, no time of day.
A search counts per day and place under a digest of its normalised text, keyed with the secret key and the day,
so that digests can neither be read back with a dictionary nor linked across days. The text itself is stored only
once the same query found nothing QUERY_LOG_TEXT_THRESHOLD times on one day in one place, and never when it looks
like an e-mail address or a telephone number. `manage.py prune_query_log` folds the digests of ended days into one
count per day and deletes everything after QUERY_LOG_RETENTION_DAYS.

Counted is a search that finds nothing after every fallback (every word, some of the words, similar spellings),
without a chosen filter: with filters, an empty list says more about the combination than about the words, and the
list then offers to drop a filter. The choice of the funding list whether ended programmes are included is no such
filter. Not counted: requests of signed-in staff (editors trying the search), HEAD requests, self-declared bots,
and repeated requests that the HTTP cache answers without running the view (see README, Search and filters).
Counting must never break a search: any failure is logged as a warning without the query, and the search answers.
"""

import contextlib
import logging
import re
import unicodedata

from django.db import router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from werkzeugkoffer.catalogue import search
from werkzeugkoffer.models import QUERY_LOG_TEXT_LENGTH, QUERY_LOG_TEXT_THRESHOLD, SearchPlace, ZeroResultQuery

logger = logging.getLogger(__name__)

# The catalogue lists by the model of their FilterSet: (HTML list, API list).
LIST_PLACES = {
    "projects.PracticeExample": (SearchPlace.PRACTICE_EXAMPLES, SearchPlace.API_PRACTICE_EXAMPLES),
    "funding.FundingProgramme": (SearchPlace.FUNDING, SearchPlace.API_FUNDING),
    "contacts.Contact": (SearchPlace.CONTACTS, SearchPlace.API_CONTACTS),
    "guidance.Recommendation": (SearchPlace.GUIDANCE, SearchPlace.API_GUIDANCE),
}
# User agents that say they are crawlers; their searches are no people's.
BOT = re.compile(r"bot\b|crawl|spider|slurp", re.IGNORECASE)
# A text with an @ or this many digits may be an e-mail address or a telephone number: counted, never stored.
# A postcode (five digits) is stored.
MAX_DIGITS = 5


def normalise(query):
    """The query as it is counted: cleaned as the search cleans it, composed, lower case, at most
    QUERY_LOG_TEXT_LENGTH characters (cut at a word)."""
    text, _shortened = search.clean_query(query)
    text = unicodedata.normalize("NFC", text).lower()
    if len(text) > QUERY_LOG_TEXT_LENGTH:
        text = text[:QUERY_LOG_TEXT_LENGTH].rsplit(" ", 1)[0] or text[:QUERY_LOG_TEXT_LENGTH]
    return text


def digest(text, day):
    """HMAC-SHA256 of the normalised text with a key derived from SECRET_KEY and the day."""
    return salted_hmac(f"werkzeugkoffer.query_log:{day.isoformat()}", text, algorithm="sha256").hexdigest()


def storable(text):
    return "@" not in text and sum(character.isdigit() for character in text) <= MAX_DIGITS


def counts(request):
    """Whether request is a public person's search that may be counted."""
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and not (user is not None and user.is_authenticated)
        and not BOT.search(request.headers.get("User-Agent", ""))
    )


def record(request, place, query, found):
    """Count query as a search in place that found nothing, if found is 0 and request counts; never raises."""
    if found or not query or not counts(request):
        return
    try:
        text = normalise(query)
        if text:
            _add(timezone.localdate(), place, text)
    except Exception as error:  # counting must never break a search
        # Only the kind of error: a database message may quote the row, and so the query.
        logger.warning("Suche ohne Treffer nicht gezählt (%s)", type(error).__name__)


def record_listing(request, listing, api=False):
    """record() for a catalogue list (werkzeugkoffer.catalogue.listing.Listing) or its API mirror."""
    if not listing.mode:  # no search ran: no term, or only stop words
        return
    if any(facet.selected for facet in listing.facets if not facet.single):
        return
    html_place, api_place = LIST_PLACES[listing.filterset._meta.model._meta.label]
    record(request, api_place if api else html_place, listing.query, listing.total)


def _add(day, place, text):
    # Inside a transaction (a test, or a caller's atomic block) a savepoint keeps a failure from spoiling it;
    # in autocommit, as in public requests, each statement is atomic on its own.
    connection = transaction.get_connection(router.db_for_write(ZeroResultQuery))
    atomic = transaction.atomic(using=connection.alias) if connection.in_atomic_block else contextlib.nullcontext()
    with atomic:
        pk, searches, has_text = ZeroResultQuery.objects.add_search(day, place, digest(text, day))
        # The text goes to the database only when it is stored, never with the searches below the threshold.
        if searches >= QUERY_LOG_TEXT_THRESHOLD and not has_text and storable(text):
            ZeroResultQuery.objects.store_text(pk, text)
