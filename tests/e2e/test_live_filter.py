"""With JavaScript, filters update the results in place; without it, the same form works by reloading."""

import re

import pytest

from .conftest import WIDTHS


def facet_checkbox(page, facet, value):
    return page.locator(f"#f-{facet}-{value}")


def test_ticking_a_filter_updates_results_url_and_announcement_without_a_reload(open_page, server):
    page = open_page("/praxisbeispiele/")
    page.evaluate("window.notReloaded = true")
    box = facet_checkbox(page, "handlungsfeld", "wohnen")
    box.focus()
    page.keyboard.press("Space")

    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    page.wait_for_function("document.getElementById('live-status').textContent.includes('gefunden')")
    assert page.evaluate("window.notReloaded === true")
    # Keyboard focus stays on the same checkbox, now inside the updated region.
    assert page.evaluate("document.activeElement.id") == "f-handlungsfeld-wohnen"
    assert page.evaluate("document.activeElement.checked")
    heading = page.locator("#ergebnis-ueberschrift").text_content()
    assert "Handlungsfeld: Wohnen" in page.locator(".chips").text_content()
    # The page title follows the new count, as a screen reader announces it when switching tabs.
    assert page.title().startswith(heading.strip().split(" ")[0] + " Praxisbeispiel")

    # The same URL loaded afresh shows the same result.
    fresh = open_page(page.url.removeprefix(server))
    assert fresh.locator("#ergebnis-ueberschrift").text_content() == heading


def test_the_back_button_restores_the_previous_results(open_page):
    page = open_page("/praxisbeispiele/")
    before = page.locator("#ergebnis-ueberschrift").text_content()
    facet_checkbox(page, "handlungsfeld", "mobilitaet").check()
    page.wait_for_url(re.compile(r"handlungsfeld=mobilitaet"))
    page.wait_for_function(f"document.getElementById('ergebnis-ueberschrift').textContent !== {before!r}")
    page.go_back()
    page.wait_for_url(re.compile(r"/praxisbeispiele/$"))
    page.wait_for_function(f"document.getElementById('ergebnis-ueberschrift').textContent === {before!r}")
    assert not facet_checkbox(page, "handlungsfeld", "mobilitaet").is_checked()


@pytest.mark.parametrize("width", WIDTHS)
def test_searching_updates_in_place_and_highlights_matches(open_page, width):
    page = open_page("/praxisbeispiele/", viewport=WIDTHS[width])
    page.fill("#katalog-suche", "Demenz")
    page.press("#katalog-suche", "Enter")
    page.wait_for_url(re.compile(r"q=Demenz"))
    page.wait_for_selector(".result-list mark")
    assert "Demenz" in page.locator("#ergebnis-ueberschrift").text_content()


def test_a_new_search_term_sorts_by_relevance_unless_the_sort_is_chosen_anew(open_page):
    page = open_page("/praxisbeispiele/?q=Pflege&sort=titel")
    page.fill("#katalog-suche", "Demenz")
    page.press("#katalog-suche", "Enter")
    page.wait_for_url(re.compile(r"q=Demenz"))
    assert "sort=" not in page.url
    page.wait_for_function("document.getElementById('sortierung').selectedOptions[0].text === 'Relevanz'")

    page.select_option("#sortierung", label="Titel A–Z")
    page.wait_for_url(re.compile(r"sort=titel"))
    page.wait_for_function("document.getElementById('sortierung').selectedOptions[0].text === 'Titel A–Z'")


def test_without_javascript_the_filter_form_still_works(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/praxisbeispiele/")
    page.check("#f-handlungsfeld-wohnen")
    page.click(".facets-apply")
    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    assert "Handlungsfeld: Wohnen" in page.locator(".chips").text_content()
    context.close()
