"""Keyboard use alone: skip link, main navigation, filters and pagination, with visible focus."""

import re

import pytest

from tests.e2e.conftest import WIDTHS

FOCUS_IS_VISIBLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
}"""


def tab_to(page, predicate, limit=400):
    """Press Tab until the focused element fulfils the JavaScript predicate; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {predicate})(document.activeElement)"):
            assert page.evaluate(FOCUS_IS_VISIBLE), "focus is not visible"
            return
    pytest.fail(f"Tab never reached an element with {predicate}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_skip_link_comes_first_and_jumps_to_the_content(open_page, width):
    page = open_page("/foerderprogramme/", viewport=WIDTHS[width])

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    assert page.evaluate(FOCUS_IS_VISIBLE)
    assert page.locator(".wk-skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "inhalt"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_main_navigation_works_with_the_keyboard(open_page, width):
    page = open_page("/", viewport=WIDTHS[width])

    tab_to(page, "element.closest('.wk-nav') && element.textContent === 'Beratung'")
    page.keyboard.press("Enter")

    page.wait_for_url("**/beratung/")
    assert page.locator(".wk-nav [aria-current='page']").text_content() == "Beratung"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_list_pagination_works_with_the_keyboard(open_page, width):
    page = open_page("/foerderprogramme/?page=1", viewport=WIDTHS[width])

    tab_to(page, "element.matches('.pagination a[rel=next]')")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"page=2"))
    assert "Seite 2 von" in page.locator(".pagination").text_content()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_filters_work_with_the_keyboard(open_page, width):
    page = open_page("/praxisbeispiele/", viewport=WIDTHS[width])
    total_before = page.locator(".result-count").first.text_content()

    if width == "phone":
        # On a phone the filters wait behind a button.
        tab_to(page, "element.matches('.filter-toggle')")
        page.keyboard.press("Enter")
    tab_to(page, "element.matches('.facets input[type=checkbox]') && !element.checked")
    name, value = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    page.keyboard.press("Space")
    tab_to(page, "element.matches('.facets-apply')")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(rf"{name}={value}"))
    page.wait_for_function(f"document.querySelector('.result-count').textContent !== {total_before!r}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_search_works_with_the_keyboard(open_page, width):
    page = open_page("/impressum/", viewport=WIDTHS[width])

    tab_to(page, "element.id === 'suche-kopf'")
    page.keyboard.type("Pflege")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/suche/\?q=Pflege"))
    assert "Treffer" in page.locator("main").text_content()
