"""A practice example, funding programme or contact prints as a one- or two-page Steckbrief; a list as a plain list."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.e2e.conftest import DESKTOP, WIDTHS
from tests.e2e.test_pages import DETAILS, path_of

MAX_PAGES = 2
# A Handlungsempfehlung is a guide with its whole text, not a fact sheet; its longest fits on three pages.
MAX_PAGES_OF = {"handlungsempfehlung": 3}
# The detail pages include events and news, which the seed content does not hold yet (see tests/e2e/events_news.py).
pytestmark = pytest.mark.usefixtures("events_and_news")


@pytest.mark.parametrize("detail", DETAILS)
def test_the_longest_entry_prints_on_at_most_two_pages(open_page, detail):
    model = DETAILS[detail]
    longest = max(model.objects.published(), key=lambda entry: len(" ".join(map(str, vars(entry).values()))))
    page = open_page(longest.get_absolute_url())

    pdf = page.pdf(format="A4")

    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= MAX_PAGES_OF.get(detail, MAX_PAGES)
    page.emulate_media(media="print")
    for hidden in [".wk-nav", ".wk-search", ".wk-breadcrumbs", ".wk-footer nav"]:
        expect(page.locator(hidden)).to_be_hidden()
    assert page.locator(".wk-print-only").first.is_visible() or detail == "beratungsstelle"


FILTERED = "/praxisbeispiele/?handlungsfeld=wohnen&q=pflege"
REACHABLE = Contact.objects.published().exclude(phone="").exclude(email="")


def printed_today():
    with translation.override("de"):
        return date_format(timezone.localdate(), "j. F Y")


def all_visible(locator):
    return [locator.nth(index).is_visible() for index in range(locator.count())]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_filtered_list_prints_its_results_under_its_filters_date_and_address(open_page, server, width):
    page = open_page(FILTERED, viewport=WIDTHS[width])
    page.emulate_media(media="print")

    titles = page.locator(".result-list .card-title")
    assert titles.count() > 0 and all(all_visible(titles))
    controls = page.locator("form.catalogue :is(input, select, button, label, summary, fieldset)")
    assert controls.count() > 0 and not any(all_visible(controls))
    expect(page.locator(".chips")).to_be_hidden()
    header = page.locator(".wk-print-header")
    text = " ".join(header.inner_text().split())
    assert f"Abgerufen am {printed_today()} unter {server}{FILTERED}" in text
    assert "Aktive Filter: Suche: pflege; Handlungsfeld: Wohnen" in text
    # At the top: before the count and the first entry.
    assert header.bounding_box()["y"] < page.locator("#ergebnis-ueberschrift").bounding_box()["y"]
    addresses = page.locator(".result-list .wk-print-url")
    assert all(all_visible(addresses))
    assert addresses.all_inner_texts() == [
        server + href for href in page.locator(".result-list .card-title a").evaluate_all("a => a.map(l => l.pathname)")
    ]

    page.emulate_media(media="screen")
    assert not header.is_visible() and not any(all_visible(addresses))


def test_the_print_header_follows_the_live_filter(open_page):
    page = open_page("/praxisbeispiele/")
    page.locator("#f-handlungsfeld-wohnen").check()
    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    page.wait_for_function("document.getElementById('live-status').textContent.includes('gefunden')")

    page.emulate_media(media="print")

    text = page.locator(".wk-print-header").inner_text()
    assert "Handlungsfeld: Wohnen" in text and "handlungsfeld=wohnen" in text


@pytest.mark.parametrize(
    "entries",
    [
        PracticeExample.objects.filter(contacts__in=REACHABLE),
        FundingProgramme.objects.filter(contact__in=REACHABLE),
    ],
    ids=["praxisbeispiel", "foerderprogramm"],
)
def test_the_printed_steckbrief_says_how_to_reach_the_contact(open_page, entries):
    entry = entries.published().order_by("pk").first()
    assert entry, "the seed content has an entry whose contact has a phone number and an e-mail address"
    contact = entry.contacts.filter(pk__in=REACHABLE).first() if isinstance(entry, PracticeExample) else entry.contact
    page = open_page(entry.get_absolute_url())

    page.emulate_media(media="print")

    reach = page.locator("#kontakt").locator("..")
    expect(reach).to_be_visible()
    text = reach.inner_text()
    assert contact.name in text and contact.phone in text and contact.email in text
    for line in contact.address_lines():
        assert line in text


def test_a_contact_page_has_a_print_button_and_prints_without_it(open_page):
    contact = REACHABLE.order_by("pk").first()
    page = open_page(contact.get_absolute_url())
    page.evaluate("window.print = () => { window.printed = true; }")

    button = page.get_by_role("button", name="Steckbrief drucken")
    button.click()

    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    assert contact.phone in page.locator(".wk-facts").inner_text()


@pytest.mark.parametrize("page_id", DETAILS)
def test_without_javascript_there_is_no_print_button_that_does_nothing(browser, server, page_id):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + path_of(page_id))
        assert page.locator(".wk-print-button").count() == 1
        expect(page.locator(".wk-print-button")).to_be_hidden()
    finally:
        context.close()
