"""Checks the external addresses of catalogue entries and stores the result per link.

A few requests run at the same time (never more than ``concurrency``), each with a timeout;
redirects are followed. Every distinct address is requested once, however many entries use it.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from werkzeugkoffer.backoffice import richtext
from werkzeugkoffer.models import LinkCheck, LinkCheckRun, LinkStatus

CONCURRENCY = 8
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 5
# The longest address LinkCheck stores.
URL_LENGTH = 500
USER_AGENT = "Werkzeugkoffer-Linkpruefung/1.0 (+Redaktion des Werkzeugkoffers)"


@dataclass
class Outcome:
    ok: bool
    status_code: int | None = None
    final_url: str = ""
    error: str = ""


def fetch(client, url):
    """Request url (following redirects) and tell whether it answers with a success status."""
    try:
        # Streamed, so that the body of a large file is never downloaded.
        with client.stream("GET", url) as response:
            return Outcome(response.is_success, response.status_code, str(response.url))
    except httpx.TooManyRedirects:
        return Outcome(False, error="zu viele Weiterleitungen")
    except httpx.TimeoutException:
        return Outcome(False, error="keine Antwort innerhalb der Wartezeit")
    except httpx.HTTPError as error:
        return Outcome(False, error=f"nicht erreichbar ({type(error).__name__})")


def check_urls(urls, concurrency=CONCURRENCY, timeout=TIMEOUT_SECONDS):
    """{url: Outcome} for the distinct urls, with at most concurrency requests at a time."""
    urls = sorted(set(urls))
    if not urls:
        return {}
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=concurrency),
    )
    with client, ThreadPoolExecutor(max_workers=concurrency) as pool:
        return dict(zip(urls, pool.map(lambda url: fetch(client, url), urls), strict=True))


def links_of(entry):
    """(field, url) of every filled external address of entry: its address fields, and the links to other sites
    inside its texts, numbered per text („further_reading-2“ is the second link in „Literatur“)."""
    links = [(name, getattr(entry, name)) for name in entry.url_fields if getattr(entry, name)]
    for name in entry.rich_text_fields:
        hrefs = richtext.external_links(getattr(entry, name))
        # Addresses longer than the stored ones may be are left to the editors' eyes.
        links += [(f"{name}-{number}", href) for number, href in enumerate(hrefs, 1) if len(href) <= URL_LENGTH]
    return links


def check_entries(entries, concurrency=CONCURRENCY, timeout=TIMEOUT_SECONDS):
    """Check the links of entries, store one LinkCheck per link and return them."""
    links = [(entry, name, url) for entry in entries for name, url in links_of(entry)]
    outcomes = check_urls([url for _entry, _name, url in links], concurrency, timeout)
    now = timezone.now()
    results = []
    for entry, name, url in links:
        outcome = outcomes[url]
        result, _created = LinkCheck.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(entry),
            object_id=entry.pk,
            field=name,
            defaults={
                "url": url,
                "status": LinkStatus.OK if outcome.ok else LinkStatus.BROKEN,
                "status_code": outcome.status_code,
                "final_url": outcome.final_url,
                "error": outcome.error,
                "checked_at": now,
            },
        )
        results.append(result)
    # Addresses that were removed from an entry have no result any more.
    for entry in entries:
        LinkCheck.objects.filter(content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk).exclude(
            field__in=[name for name, _url in links_of(entry)]
        ).delete()
    return results


def record_run(started_at, results):
    """Note a finished run over all entries (not a check of a selection), for the start page's link-check state."""
    return LinkCheckRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        links=len(results),
        broken=sum(result.is_broken() for result in results),
    )


def last_run():
    return LinkCheckRun.objects.order_by("-finished_at").first()


def reason(result):
    return f"HTTP {result.status_code}" if result.status_code else result.error
