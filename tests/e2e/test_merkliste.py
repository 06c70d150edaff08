"""The Merkliste and its comparison in the browser: readable at phone and desktop width, no axe violation, and the
browser's storage written only after a click on „merken“."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.e2e.conftest import WIDTHS, axe_violations, screenshot

STORAGE_KEY = "werkzeugkoffer-merkliste"


@pytest.fixture(scope="module")
def keys(server, django_db_blocker):
    """Two published funding programmes and two practice examples of the seed content, as Merkliste keys."""
    with django_db_blocker.unblock():
        programmes = FundingProgramme.objects.published().order_by("pk").values_list("slug", flat=True)[:3]
        examples = PracticeExample.objects.published().order_by("pk").values_list("slug", flat=True)[:2]
        return [f"foerderprogramme:{slug}" for slug in programmes] + [f"praxisbeispiele:{slug}" for slug in examples]


def query(keys):
    return "?" + "&".join(f"e={key}" for key in keys)


def stored(page):
    return page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_comparison_is_readable_and_has_no_axe_violation(open_page, keys, width):
    page = open_page(f"/merkliste/vergleich/{query(keys)}", viewport=WIDTHS[width])

    assert page.locator(".wk-compare").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], "the page scrolls sideways"
    # The first column stays in view while the table scrolls.
    table = page.locator(".wk-compare").first
    table.evaluate("element => element.scrollLeft = 400")
    label = page.locator(".wk-compare__table tbody th").first
    assert label.bounding_box()["x"] >= table.bounding_box()["x"] - 1
    assert page.locator(".wk-compare__marker").count() > 0
    screenshot(page, f"merkliste-vergleich-{width}", full_page=True)
    assert axe_violations(page) == []
    assert stored(page) is None


@pytest.mark.parametrize("width", WIDTHS)
def test_the_merkliste_has_no_axe_violation(open_page, keys, width):
    page = open_page(f"/merkliste/{query(keys)}&e=foerderprogramme:gibt-es-nicht", viewport=WIDTHS[width])

    assert page.get_by_role("alert").first.text_content().startswith("Den Eintrag „gibt-es-nicht“")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], "the page scrolls sideways"
    screenshot(page, f"merkliste-{width}", full_page=True)
    assert axe_violations(page) == []


def test_storage_is_written_only_after_a_click_on_merken(open_page, keys):
    slug = keys[0].split(":", 1)[1]
    page = open_page(f"/foerderprogramme/{slug}/")
    assert stored(page) is None
    assert page.evaluate("localStorage.length") == 0

    page.locator("[data-merkliste-add]").click()

    page.wait_for_function("document.querySelector('[data-merkliste-status]').textContent !== ''")
    assert stored(page) == f'["{keys[0]}"]'
    assert page.locator("[data-merkliste-status]").text_content() == "Gemerkt. Zur Merkliste (1 Eintrag)"
    assert f"/foerderprogramme/{slug}/" in page.url, "stays on the page"
    assert page.context.cookies() == []

    # Another page reads the stored list without writing, and the Merkliste without a list in its address offers it.
    page.goto(page.url.split("/foerderprogramme/")[0] + "/merkliste/")
    expect(page.locator("[data-merkliste-stored]")).to_be_visible()
    page.get_by_role("link", name="Diese Merkliste anzeigen").click()
    page.wait_for_url(re.compile(r"/merkliste/\?e=foerderprogramme"))
    assert page.locator(".wk-merkliste__item").count() == 1

    page.get_by_role("link", name="Merkliste leeren").click()
    page.wait_for_url(re.compile(r"/merkliste/$"))
    assert stored(page) is None


def test_merken_on_a_card_adds_to_the_list_of_the_address_without_javascript(browser, server, keys):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{server}/foerderprogramme/{query(keys[1:2])}")
        page.locator(f"[data-merkliste-add][value='{keys[0]}']").click()

        page.wait_for_url(re.compile(r"/merkliste/\?"))
        assert unquote(page.url).endswith(f"/merkliste/{query([keys[1], keys[0]])}")
        assert page.locator(".wk-merkliste__item").count() == 2

        page.locator(".wk-merkliste__remove").first.click()
        page.wait_for_url(re.compile(r"/merkliste/\?"))
        assert unquote(page.url).endswith(f"/merkliste/{query([keys[0]])}")
    finally:
        context.close()


def test_without_javascript_the_list_grows_across_filters_lists_and_detail_pages(browser, server, keys):
    context = browser.new_context(java_script_enabled=False, locale="de-DE", viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        page.goto(f"{server}/foerderprogramme/")
        page.locator(f"[data-merkliste-add][value='{keys[0]}']").click()
        page.wait_for_url(re.compile(r"/merkliste/\?"))

        # From the Merkliste to another list, narrowed there by a filter: the list travels in the form.
        page.locator(".wk-main").get_by_role("link", name="Praxisbeispiele").first.click()
        page.wait_for_url(re.compile(r"/praxisbeispiele/\?e="))
        box = page.locator("details.facet[open] input[type=checkbox]").first
        facet = box.get_attribute("name")
        box.check()
        page.locator("button.facets-apply").click()
        page.wait_for_url(re.compile(rf"{facet}="))
        assert keys[0] in unquote(page.url)

        # A card opens its page with the list; „merken“ there adds the entry.
        page.locator(".card-title a").first.click()
        page.wait_for_url(re.compile(r"/praxisbeispiele/[-a-z0-9]+/\?e="))
        added = page.locator("[data-merkliste-add]").first.get_attribute("value")
        page.locator("[data-merkliste-add]").first.click()
        page.wait_for_url(re.compile(r"/merkliste/\?"))
        assert page.locator(".wk-merkliste__item").count() == 2

        # Main navigation and the footer keep it too.
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Förderprogramme").click()
        page.wait_for_url(re.compile(r"/foerderprogramme/\?e="))
        assert page.locator(f"[data-merkliste-add][value='{keys[0]}']").inner_text().startswith("gemerkt")
        page.get_by_role("navigation", name="Rechtliches").get_by_role("link", name="Merkliste").click()
        page.wait_for_url(re.compile(r"/merkliste/\?"))
        assert unquote(page.url).endswith(f"/merkliste/{query([keys[0], added])}")
        screenshot(page, "merkliste-ohne-js-375", full_page=True)
    finally:
        context.close()
