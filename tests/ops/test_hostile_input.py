"""Hostile input against every public URL pattern and the API, generated requests for each.

Random and malicious query strings, paths, form data and headers must never produce a 5xx, never
reflect markup unescaped (in the body or a header) and never leave a template variable undefined.
Each generated attack carries a unique marker, so that a reflection can be told from the page's own markup.
Every request goes through Django's WSGI application under wsgiref.validate (tests/ops/wsgi.py), so a
response a strict WSGI server would refuse (e.g. a header name that is not a str) fails the test.
How many requests per route: the Hypothesis profile (tests/conftest.py; 1,000 with HYPOTHESIS_PROFILE=thorough).
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.ops.wsgi import ValidatedClient
from werkzeugkoffer.operations.caching import PARTIAL_HEADER

PARAMETERS = [
    "q",
    "page",
    "sort",
    "typ",
    "bundesland",
    "kreis",
    "handlungsfeld",
    "zielgruppe",
    "raumtyp",
    "laufzeit",
    "verstetigung",
    "schlagwort",
    "status",
    "frist",
    "antragsberechtigte",
    "foerdergebiet",
    "foerderebene",
    "foerderart",
    "region",
    "thema",
    "art",
    "barrierefreiheit",
    "abgelaufene",
    # The place field, the Merkliste and its comparison, the Förder-Check, the alerts.
    "ort",
    "umkreis",
    "e",
    "v",
    "wo",
    "wann",
    "weiter",
    "aendern",
    "liste",
    "suche",
    "email",
    "frequency",
    "aktion",
    "List-Unsubscribe",
]
VALID_VALUES = [
    "rheinland-pfalz",
    "wohnen",
    "pflege",
    "1",
    "2",
    "titel",
    "neu",
    "land",
    "laufend",
    "30",
    "kommunen",
    "in-3-monaten",
    "55116",
    "Neustadt",
    "25",
    "foerderprogramme:aktion-mensch-sozialraum-inklusiv",
    "praxisbeispiele:x",
    "ja",
    "jetzt",
    "3-monate",
    "egal",
    "ueberall",
    "foerderprogramme",
    "taeglich",
    "amt@beispiel-kommune.de",
    "beenden",
    "One-Click",
]
# {m} becomes a unique marker: if one of these comes back verbatim, the portal reflected markup.
ATTACKS = [
    "<script>alert('{m}')</script>",
    '"><img src=x onerror={m}>',
    "'><svg onload={m}>",
    "</textarea></title><{m}>",
    '" autofocus onfocus="{m}',
    "' onmouseover='{m}",
    '<a href="javascript:{m}">x</a>',
    "<!--{m}-->",
    "<{m} data-x='1'>",
    "\r\nSet-Cookie: {m}=1",
    '{m}"</script><script>',
]
HARMLESS_ATTACKS = [
    "' OR '1'='1' -- {m}",
    "1; DROP TABLE projects_practiceexample; -- {m}",
    "%' AND 1=1 -- {m}",
    "{{{{ {m} }}}}",
    "{{% debug %}}{m}",
    "${{{m}}}",
    "../../../../etc/passwd{m}",
    "{m}\x00\x00",
    "\u202e{m}\u200b",
    "javascript:{m}",
]
ODD_VALUES = [
    "",
    " ",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "null",
    "\x00",
    "%00",
    "%",
    "&&||!!:*<->",
    "ß" * 50,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


ATTACK = st.builds(
    lambda template, number: template.format(m=f"wkx{number}"),
    st.sampled_from(ATTACKS + HARMLESS_ATTACKS),
    st.integers(0, 10**9),
)
VALUES = st.one_of(ATTACK, TEXT, st.sampled_from(VALID_VALUES + ODD_VALUES))
NAMES = st.one_of(st.sampled_from(PARAMETERS), ATTACK, TEXT)
PAIRS = st.lists(st.tuples(NAMES, VALUES), max_size=5)
# Percent-encoded bytes that are not valid UTF-8, or raw characters that a sloppy client sends unencoded.
RAW_QUERY = st.one_of(
    st.binary(max_size=30).map(lambda data: "q=" + "".join(f"%{byte:02X}" for byte in data)),
    st.sampled_from(["q=%ED%A0%80", "page=%00", "q=%", "%%%", "=&=&", "q&q&q", "a=1;b=2", "q=%C0%AF"]),
)
HEADER_NAMES = [
    "HTTP_X_REQUEST_ID",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_" + PARTIAL_HEADER.upper().replace("-", "_"),
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
]
HEADER_VALUES = ["*", 'W/"0"', "1", "203.0.113.9", "2001:db8::1, 10.0.0.1", "de-DE,de;q=0.9", "0123456789abcdef"]
HEADERS = st.dictionaries(
    st.sampled_from(HEADER_NAMES), st.one_of(ATTACK, TEXT, st.sampled_from(HEADER_VALUES)), max_size=2
)


def route_paths(resolver, prefix="/"):
    """(route template, converters) for every URL pattern outside the admin."""
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if not isinstance(pattern, RoutePattern):
            continue  # regular expressions: only the admin's and Django's own
        route = prefix + str(pattern)
        if route.startswith("/admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from route_paths(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


ROUTES = sorted(set(route_paths(get_resolver())))


def test_the_walk_covers_the_public_pages_and_the_api():
    for route in ["/", "/suche/", "/praxisbeispiele/<slug:slug>/", "/api/v1/beratung/", "/health/ready", "/impressum/"]:
        assert route in ROUTES
    # The tools of the people who act: Förder-Check, Merkliste, exports, feeds, calendars and alerts.
    for route in [
        "/foerder-check/<slug:step>/",
        "/foerder-check/ergebnis/",
        "/merkliste/",
        "/merkliste/vergleich/",
        "/merkliste/export/<str:file_format>/",
        "/foerderprogramme/export/<str:file_format>/",
        "/foerderprogramme/feed/",
        "/foerderprogramme/fristen.ics",
        "/benachrichtigungen/",
        "/benachrichtigungen/verwalten/<str:token>/",
    ]:
        assert route in ROUTES, route
    assert len(ROUTES) >= 20


@pytest.fixture
def hostile_settings(settings):
    # Small pages keep 1,000 requests per endpoint fast; the rate limiter runs (with forwarded addresses)
    # but never refuses.
    settings.LIST_PAGE_SIZE = 3
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {bucket: [(10**9, 60)] for bucket in ("search", "api", "suggest")}
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


@st.composite
def requests(draw, route, slugs):
    """(method, path, query string, form data, headers, attacks sent) for one route."""
    sent = []

    def note(value):
        if re.search(r"wkx\d+", value):
            sent.append(value)
        return value

    def slug():
        return draw(st.one_of(st.sampled_from(slugs), ATTACK, TEXT.filter(bool)))

    path = re.sub(r"<(?:\w+:)?\w+>", lambda _match: quote(note(slug()), safe=""), route)
    if draw(st.integers(0, 9)) == 0:
        path += quote(note(draw(st.one_of(ATTACK, TEXT))), safe="/")
    if draw(st.booleans()):
        pairs = draw(PAIRS)
        for name, value in pairs:
            note(name)
            note(value)
        query = urlencode(pairs)
    else:
        query = draw(RAW_QUERY)
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST"]))
    form = {}
    if method == "POST":
        form = {note(name): note(value) for name, value in draw(PAIRS)}
    headers = draw(HEADERS)
    for value in headers.values():
        note(value)
    return method, path, query, form, headers, sent


# What must never come back verbatim: markup characters and quotes that would end an HTML attribute; in a
# header also line breaks. A JSON string may hold a single quote (the API escapes <, > and &, JSON the ").
UNSAFE_IN = {"html": "<>\"'", "json": '<>"', "header": "<>\"'\r\n"}


def unsafe(value, where):
    return any(char in value for char in UNSAFE_IN[where])


def send(client, request):
    """The WSGI response to one generated request."""
    method, path, query, form, headers, _sent = request
    if method == "POST":
        body = encode_multipart(BOUNDARY, form)
        return client.request(method, path, query, body, MULTIPART_CONTENT, headers)
    return client.request(method, path, query, headers=headers)


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_requests_never_break_the_portal(db, hostile_settings, route):
    slugs = [
        *PracticeExample.objects.published().values_list("slug", flat=True)[:3],
        *FundingProgramme.objects.published().values_list("slug", flat=True)[:3],
        *Contact.objects.published().values_list("slug", flat=True)[:3],
    ]

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(request=requests(route, slugs))
    def check(request):
        _method, path, query, _form, _headers, sent = request
        url = f"{path}?{query}" if query else path
        response = send(client, request)

        assert response.status_code < 500, (response.status_code, url)
        body = response.content.decode("utf-8", errors="replace")
        header_text = "\n".join(f"{name}: {value}" for name, value in response.header_list)
        assert "INVALID_TEMPLATE_VARIABLE" not in body, url
        body_kind = "json" if response.get("Content-Type").startswith("application/json") else "html"
        for value in sent:
            if unsafe(value, body_kind):
                assert value not in body, (url, value)
            if unsafe(value, "header"):
                assert value not in header_text, (url, value)
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", body, re.IGNORECASE), url
        for cookie in response.all("Set-Cookie"):
            assert "wkx" not in cookie

    with ValidatedClient() as client:
        check()


OVERSIZED = [
    # An address longer than settings.MAX_URL_LENGTH: the German 414 page.
    ("GET", "/", "q=" + "x" * 10_000, b"", 414),
    ("GET", "/api/v1/praxisbeispiele/", "q=" + "x" * 10_000, b"", 414),
    # A body larger than a public page takes: the German 413 page.
    ("POST", "/suche/", "", b"q=" + b"x" * 3_000_000, 413),
]


@pytest.mark.parametrize(("method", "path", "query", "body", "status"), OVERSIZED)
def test_oversized_requests_get_german_pages_a_wsgi_server_accepts(db, method, path, query, body, status):
    with ValidatedClient() as client:
        response = client.request(method, path, query, body, "application/x-www-form-urlencoded" if body else "")
    assert response.status_code == status
    assert response.get("Content-Security-Policy")
    assert "zu lang" in response.content.decode() or "zu groß" in response.content.decode()


def test_the_validated_client_refuses_a_header_name_that_is_not_a_str(db, settings):
    settings.ROOT_URLCONF = "tests.ops.enum_header_urls"
    with ValidatedClient() as client, pytest.raises(AssertionError, match="must be of type str"):
        client.request("GET", "/")
