"""„Link kopieren“ on lists and profiles: with JavaScript it copies the address; without, the address is shown."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import WIDTHS
from tests.e2e.test_pages import DETAILS, path_of

# The detail pages include events and news, which the seed content does not hold yet (see tests/e2e/events_news.py).
pytestmark = pytest.mark.usefixtures("events_and_news")

SHARED = ["/praxisbeispiele/?handlungsfeld=wohnen&q=pflege", "/foerderprogramme/", "/suche/?q=pflege", *DETAILS]


def with_clipboard(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    return page


@pytest.mark.parametrize("page_id", SHARED)
def test_the_button_copies_the_address_and_says_so(open_page, server, page_id):
    page = with_clipboard(open_page(path_of(page_id)), server)
    expect(page.locator(".wk-share__fallback")).to_be_hidden()

    page.get_by_role("button", name="Link kopieren").click()

    page.wait_for_function("document.querySelector('[data-share-status]').textContent !== ''")
    assert page.locator("[data-share-status]").text_content().startswith("Der Link wurde kopiert.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url == server + path_of(page_id)


def test_after_the_live_filter_the_button_copies_the_new_address(open_page, server):
    page = with_clipboard(open_page("/praxisbeispiele/"), server)
    page.locator("#f-handlungsfeld-wohnen").check()
    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    page.wait_for_function("document.getElementById('live-status').textContent.includes('gefunden')")

    page.get_by_role("button", name="Link kopieren").click()

    page.wait_for_function("document.querySelector('[data-share-status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "handlungsfeld=wohnen" in page.url


def test_when_copying_is_refused_the_address_is_shown_to_copy_by_hand(open_page):
    page = open_page("/foerderprogramme/")
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('verweigert')); }")

    page.get_by_role("button", name="Link kopieren").click()

    page.wait_for_function("document.querySelector('[data-share-status]').textContent !== ''")
    assert "nicht kopiert" in page.locator("[data-share-status]").text_content()
    expect(page.locator(".wk-share__fallback")).to_be_visible()
    assert page.evaluate("getSelection().toString()") == page.url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_id", SHARED)
def test_without_javascript_the_address_is_shown_instead_of_the_button(browser, server, page_id, width):
    context = browser.new_context(viewport=WIDTHS[width], java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server + path_of(page_id))

        expect(page.get_by_role("button", name="Link kopieren")).to_be_hidden()
        fallback = page.locator(".wk-share__fallback")
        expect(fallback).to_be_visible()
        assert fallback.inner_text() == f"Link zu dieser Seite: {server}{path_of(page_id)}"
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], "scrolls sideways"
    finally:
        context.close()
