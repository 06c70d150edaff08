"""Every page type in a real browser: accessible, private, and working under its own CSP."""

from urllib.parse import urlsplit

import pytest

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from tests.e2e.conftest import WIDTHS, axe_violations
from tests.e2e.events_news import MONTH_ONLY_SLUG

# The seed content has no events or news yet (see tests/e2e/events_news.py).
pytestmark = pytest.mark.usefixtures("events_and_news")

NOT_FOUND = "/gibt-es-nicht/"
DETAILS = {
    "praxisbeispiel": PracticeExample,
    "foerderprogramm": FundingProgramme,
    "beratungsstelle": Contact,
    "handlungsempfehlung": Recommendation,
    "veranstaltung": Event,
    "meldung": NewsItem,
}

PUBLIC_PAGES = [
    "/",
    "/praxisbeispiele/",
    "/praxisbeispiele/?page=1",
    "/foerderprogramme/",
    "/foerderprogramme/?page=1",
    "/beratung/",
    "/beratung/?page=1",
    # Filtered: the Kreise unfolded as a nested group, the ended-programmes choice, the offer of entries without a fact.
    "/beratung/?region=mainz",
    "/foerderprogramme/?antragsberechtigte=kommunen&abgelaufene=ja",
    *DETAILS,
    "/handlungsempfehlungen/",
    "/handlungsempfehlungen/?phase=nicht-angegeben&fuer=kommune",
    "/suche/?q=pflege",
    "/veranstaltungen/",
    # A month-only event: its page says that the day is not known instead of offering a calendar file.
    f"/veranstaltungen/{MONTH_ONLY_SLUG}/",
    "/aktuelles/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    NOT_FOUND,
]
ADMIN_LOGIN = "/admin/login/"
NARROWEST = {"width": 320, "height": 640}


def path_of(page_id):
    """Detail pages are named by type; their address comes from the seed content."""
    if page_id in DETAILS:
        return DETAILS[page_id].objects.published().order_by("pk").first().get_absolute_url()
    return page_id


def foreign_requests(page, server):
    own = urlsplit(server).netloc
    return [
        url for url in page.requests if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != own
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_id", [*PUBLIC_PAGES, ADMIN_LOGIN])
def test_the_page_is_accessible_private_and_works_under_its_content_security_policy(open_page, server, page_id, width):
    status = 404 if page_id == NOT_FOUND else 200
    page = open_page(path_of(page_id), viewport=WIDTHS[width], bypass_csp=False, status=status)
    page.wait_for_load_state("load")

    csp_errors = [text for text in page.console_errors if "Content Security Policy" in text or "Refused" in text]
    assert csp_errors == []
    assert page.evaluate("document.fonts.check('16px \"Fira Sans\"')")
    assert axe_violations(page) == []
    assert foreign_requests(page, server) == []
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], "scrolls sideways"
    if page_id != ADMIN_LOGIN:
        assert page.locator("h1").count() == 1
        assert page.context.cookies() == []
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    if width == "phone":
        # The narrowest phone still in use: the same page, laid out anew at 320 px, must not scroll sideways.
        page.set_viewport_size(NARROWEST)
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"], "scrolls sideways at 320 px"
