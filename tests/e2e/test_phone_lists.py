"""Lists on a phone: results first, filters in a panel that shows what ticking does."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, WIDTHS, axe_violations

LISTS = ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/"]


@pytest.mark.parametrize("path", [*LISTS, "/foerderprogramme/?antragsberechtigte=kommunen", "/suche/?q=Pflege"])
def test_the_first_result_starts_within_two_screen_heights(open_page, path):
    page = open_page(path, viewport=PHONE)
    top = page.evaluate("document.querySelector('.result-list > li, .search-results li').getBoundingClientRect().top")
    assert 0 < top < 2 * PHONE["height"], top


def test_the_filter_panel_opens_shows_the_effect_of_a_tick_and_leads_to_the_results(open_page):
    page = open_page("/beratung/", viewport=PHONE)
    expect(page.locator("#filter-panel")).to_be_hidden()
    toggle = page.locator(".filter-toggle")
    assert toggle.text_content().strip() == "Filter"
    total = int(page.locator("#ergebnis-ueberschrift").text_content().split()[0])

    toggle.click()
    expect(page.locator("#filter-panel")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "filter-ueberschrift"
    assert page.locator(".filter-toggle").get_attribute("aria-expanded") == "true"
    # Everything behind the panel is out of reach of focus and screen readers.
    assert page.evaluate("document.querySelector('.results').closest('[inert]') !== null")
    apply = page.locator(".facets-apply")
    assert apply.inner_text().strip() == f"{total} Ergebnisse anzeigen"

    page.locator("summary", has_text="Rheinland-Pfalz: Kreise").click()
    page.locator("#f-region-mainz").check()
    page.wait_for_url(re.compile(r"region=mainz"))
    # The panel stays open, with the Kreise still unfolded, and its button names the new count.
    page.wait_for_function("document.querySelector('.filter-toggle').textContent.includes('1 aktiv')")
    expect(page.locator("#filter-panel")).to_be_visible()
    expect(page.locator("#f-region-mainz")).to_be_visible()
    count = int(page.locator("#ergebnis-ueberschrift").text_content().split()[0])
    assert page.locator(".facets-apply").inner_text().strip() in (f"{count} Ergebnisse anzeigen", "1 Ergebnis anzeigen")

    page.locator(".facets-apply").click()
    page.wait_for_function("!document.querySelector('form.catalogue').classList.contains('filters-open')")
    expect(page.locator("#filter-panel")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "ergebnis-ueberschrift"
    assert page.evaluate("document.querySelector('[inert]') === null")
    assert "Zuständig für: Mainz" in page.locator(".chips").text_content()


def test_escape_closes_the_filter_panel_and_returns_to_its_button(open_page):
    page = open_page("/praxisbeispiele/", viewport=PHONE)
    page.locator(".filter-toggle").click()
    page.keyboard.press("Escape")
    expect(page.locator("#filter-panel")).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('filter-toggle')")
    assert page.locator(".filter-toggle").get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("path", LISTS)
def test_controls_on_a_phone_are_at_least_44_pixels_square(open_page, path):
    page = open_page(path + "?handlungsfeld=wohnen", viewport=PHONE)
    page.locator(".filter-toggle").click()
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              '.facet-option, .facet summary, .filter-toggle, .facets-close, .facets-apply, .chip, .chip-reset,'
              + ' .pagination a, #sortierung, .catalogue-search-row button'))
            .filter(el => el.offsetParent !== null)
            .map(el => [el.className || el.tagName, el.getBoundingClientRect()])
            .filter(([, r]) => r.height < 44 || r.width < 44)
            .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []


def test_without_javascript_a_phone_gets_a_link_past_the_filters(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server}/beratung/")
    skip = page.locator(".skip-results")
    expect(skip).to_be_visible()
    expect(page.locator(".filter-toggle")).to_be_hidden()
    skip.click()
    assert page.evaluate("location.hash") == "#ergebnis-ueberschrift"
    context.close()


def test_filter_groups_a_person_opened_stay_open_after_a_live_update(open_page):
    page = open_page("/praxisbeispiele/", viewport=DESKTOP)
    closed = page.locator("details.facet:not([open])").first
    name = closed.get_attribute("data-facet")
    closed.locator("summary").click()
    page.locator("#f-handlungsfeld-wohnen").check()
    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    page.wait_for_function("document.getElementById('live-status').textContent.includes('gefunden')")
    assert page.locator(f'details[data-facet="{name}"]').get_attribute("open") is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_an_empty_result_and_its_advice_are_announced(open_page, width):
    page = open_page("/praxisbeispiele/", viewport=WIDTHS[width])
    page.fill("#katalog-suche", "Xylophonwerkstatt")
    page.press("#katalog-suche", "Enter")
    page.wait_for_function("document.getElementById('live-status').textContent.includes('Keine Praxisbeispiele')")
    assert page.title().startswith("0 Praxisbeispiele für „Xylophonwerkstatt“")


def test_a_spelling_suggestion_is_announced(open_page):
    page = open_page("/praxisbeispiele/")
    page.fill("#katalog-suche", "Mehrgenerationenhauss")
    page.press("#katalog-suche", "Enter")
    page.wait_for_function("document.getElementById('live-status').textContent.includes('Gezeigt werden')")


def test_the_open_filter_panel_has_no_accessibility_violation(open_page):
    page = open_page("/foerderprogramme/", viewport=PHONE)
    page.locator(".filter-toggle").click()
    assert axe_violations(page) == []
