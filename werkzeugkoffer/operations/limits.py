"""Limits on what one request and one client may ask of the portal.

Requests with an overlong address (414) or body (413) are refused before anything reads them.
Searches (a list with a search term, /suche/), suggestions while typing and API calls are counted
per client address in fixed windows (settings.RATELIMITS); beyond the limit the client gets 429 with
Retry-After until the window ends. The counters live in the "ratelimit" cache: local memory counts per worker
process, so production with several workers or servers should point it at a shared cache (README).
"""

import functools
import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from werkzeugkoffer.operations.errors import is_api, json_error, static_page

UNKNOWN_CLIENT = "unbekannt"
# One person or household usually holds a whole IPv6 /64.
IPV6_PREFIX = 64


class RequestSizeMiddleware:
    """414 for addresses longer than MAX_URL_LENGTH, 413 for bodies larger than the path allows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > settings.MAX_URL_LENGTH:
            return refusal(request, "414.html", 414, "Die Adresse ist zu lang.")
        limit = body_limit(request)
        if content_length(request) > limit:
            return refusal(
                request,
                "413.html",
                413,
                "Die gesendeten Daten sind zu groß.",
                max_megabytes=round(limit / 1024 / 1024, 1),
            )
        return self.get_response(request)


def body_limit(request):
    """Uploads (images, import files) go to the back office only; public pages take no more than form data."""
    if request.path.startswith("/admin/"):
        return settings.UPLOAD_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        # Django reads nothing of a body with a malformed length either.
        return 0


def refusal(request, template_name, status, message, **context):
    if is_api(request):
        return json_error(request, message, status)
    return static_page(request, template_name, status, **context)


EXPORT_PATH = re.compile(r"/[a-z-]+/export/[^/]+/")


@functools.cache
def list_paths():
    return frozenset(reverse(name) for name in ("projects:list", "funding:list", "contacts:list"))


@functools.cache
def suggestion_path():
    return reverse("api:suggestions")


def rate_bucket(request):
    """Which limit counts this request: "suggest", "api", "search" or none."""
    # Suggestions come with typing, several per search: they have their own, higher limit and never use up
    # the searches or the API calls of the same person.
    if request.path == suggestion_path():
        return "suggest"
    if request.path.startswith("/api/"):
        return "api"
    if request.path == reverse("search"):
        return "search"
    if request.path in list_paths() and request.GET.get("q", "").strip():
        return "search"
    # A list's export (/foerderprogramme/export/pdf/?…) reads the whole list, and a PDF takes seconds to write.
    if EXPORT_PATH.fullmatch(request.path):
        return "search"
    return None


def client_address(request):
    """The client's address, for the rate limits and django-axes' login lockout (AXES_CLIENT_IP_CALLABLE).

    With settings.TRUSTED_PROXY_COUNT = n proxies in front, each of which appends the address it saw to
    X-Forwarded-For, the client is the n-th entry from the right; entries further left are whatever the
    client claimed and are never trusted. IPv6 addresses count by their /64 network. None when the
    address is not an IP address (django-axes stores it in an address column).
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def seconds_until_allowed(bucket, client, now=None):
    """Count this request; None while within every window of the bucket, else the seconds until its window ends."""
    cache = caches[settings.RATELIMIT_CACHE]
    now = time.time() if now is None else now
    for count, seconds in settings.RATELIMITS[bucket]:
        window = int(now // seconds)
        key = f"ratelimit:{bucket}:{seconds}:{client}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            hits = cache.incr(key)
        except ValueError:
            # Expired between add and incr.
            cache.set(key, 1, timeout=seconds + 1)
            hits = 1
        if hits > count:
            return max(1, int((window + 1) * seconds - now + 0.999))
    return None


class RateLimitMiddleware:
    """429 with Retry-After for clients beyond the search or API limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bucket = rate_bucket(request) if settings.RATELIMIT_ENABLED else None
        if bucket:
            retry_after = seconds_until_allowed(bucket, client_address(request) or UNKNOWN_CLIENT)
            if retry_after:
                return too_many_requests(request, retry_after)
        return self.get_response(request)


def too_many_requests(request, retry_after):
    if is_api(request):
        response = json_error(
            request,
            f"Zu viele Anfragen von Ihrer Adresse. Bitte warten Sie {retry_after} Sekunden.",
            429,
            erneut_in_sekunden=retry_after,
        )
    else:
        response = static_page(request, "429.html", 429, retry_after=retry_after)
    response["Retry-After"] = str(retry_after)
    return response
