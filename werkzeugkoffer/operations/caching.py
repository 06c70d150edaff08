"""HTTP caching for public pages, so that a reverse proxy or CDN can serve the peaks.

Public GET pages carry an ETag and Last-Modified derived from the content state
(a row that database triggers bump on every change to public content) and the
date (funding deadlines move with it). A matching conditional request is answered
with 304 before the view runs — one small query instead of the whole page.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import connection
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

PRIVATE_PREFIXES = ("/admin/", "/static/", "/media/", "/health/")
CACHE_CONTROL = "public, max-age=60"
# Sent by the live filter script when it wants only the results region of a list (a variant of the page).
PARTIAL_HEADER = "X-Werkzeugkoffer-Partial"


# The content version, and the newest „veröffentlichen ab“ time that has passed: a scheduled
# entry appears without any write to the database, so the key must change with it.
CONTENT_STATE_SQL = """
SELECT state.version, state.changed_at, greatest(
    (SELECT max(publish_at) FROM projects_practiceexample WHERE publish_at <= now()),
    (SELECT max(publish_at) FROM funding_fundingprogramme WHERE publish_at <= now()),
    (SELECT max(publish_at) FROM contacts_contact WHERE publish_at <= now()),
    (SELECT max(publish_at) FROM guidance_recommendation WHERE publish_at <= now()),
    (SELECT max(publish_at) FROM guidance_event WHERE publish_at <= now()),
    (SELECT max(publish_at) FROM guidance_newsitem WHERE publish_at <= now())
)
FROM werkzeugkoffer_contentstate state WHERE state.id = 1
"""


def content_state():
    """(version key, last change) of public content, in one small indexed query."""
    with connection.cursor() as cursor:
        cursor.execute(CONTENT_STATE_SQL)
        row = cursor.fetchone()
    if row is None:
        return "0", timezone.now()
    version, changed_at, released = row
    if released is None:
        return str(version), changed_at
    return f"{version}:{released.timestamp():.0f}", max(changed_at, released)


class ConditionalContentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def is_public(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(PRIVATE_PREFIXES)
            # Staff previews and logged-in views are personal and must not be shared.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    def __call__(self, request):
        if not self.is_public(request):
            return self.get_response(request)
        version, changed_at = content_state()
        request.content_version = version
        today = timezone.localdate()
        start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        last_modified = http_date(max(changed_at, start_of_day).timestamp())
        variant = "partial" if request.headers.get(PARTIAL_HEADER) else "page"
        digest = hashlib.sha256(f"{version}|{today}|{variant}".encode()).hexdigest()[:20]
        etag = f'W/"{digest}"'

        if self.not_modified(request, etag, max(changed_at, start_of_day)):
            response = HttpResponseNotModified()
        else:
            response = self.get_response(request)
            if response.status_code != 200 or response.cookies or response.has_header("Cache-Control"):
                return response
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = CACHE_CONTROL
        patch_vary_headers(response, [PARTIAL_HEADER, "Cookie"])
        return response

    def not_modified(self, request, etag, modified):
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            candidates = [tag.removeprefix("W/") for tag in parse_etags(if_none_match)]
            return "*" in candidates or etag.removeprefix("W/") in candidates
        if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return if_modified_since is not None and int(modified.timestamp()) <= if_modified_since
