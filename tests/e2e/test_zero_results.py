"""Searches without results: counted from real browsers, shown on the editors' start page accessibly."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EDITOR, EDITOR_CODES, WIDTHS, axe_violations, screenshot
from werkzeugkoffer.models import ZeroResultQuery

NOTHING = "Zwiebelturmquokka"


@pytest.fixture(scope="module")
def searched(server, open_page_module, django_db_blocker):
    """Three people search for something no entry holds, with the live filter script."""
    for _person in range(3):
        page = open_page_module("/praxisbeispiele/")
        page.fill("#katalog-suche", NOTHING)
        page.get_by_role("form", name="Praxisbeispiele durchsuchen").get_by_role("button", name="Suchen").click()
        page.get_by_role("heading", name=f"0 Praxisbeispiele für „{NOTHING}“").wait_for()
    yield
    # The live server committed the counts; later tests must not see them.
    with django_db_blocker.unblock():
        ZeroResultQuery.objects.all().delete()


@pytest.fixture(scope="module")
def open_page_module(browser, server):
    contexts = []

    def open_(path):
        context = browser.new_context(viewport=WIDTHS["desktop"], locale="de-DE")
        contexts.append(context)
        page = context.new_page()
        page.goto(server + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("width", "code"), [("desktop", 30), ("phone", 31)])
def test_the_start_page_shows_the_searches_without_results_accessibly(open_page, searched, width, code):
    assert list(ZeroResultQuery.objects.values_list("searches", "text")) == [(3, NOTHING.lower())]
    page = open_page("/admin/login/", viewport=WIDTHS[width])
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[code])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")

    section = page.locator("section.wk-zero-results")
    row = section.get_by_role("row", name=NOTHING.lower())
    assert row.get_by_role("cell").nth(0).inner_text() == "3"
    expect(row.get_by_role("link", name=f"„{NOTHING.lower()}“ erneut suchen in: Praxisbeispiele")).to_be_visible()
    expect(row.get_by_role("link", name=f"Synonym anlegen für „{NOTHING.lower()}“")).to_be_visible()
    expect(section.get_by_role("table", name="Suchen ohne Treffer pro Tag")).to_be_visible()
    assert section.evaluate("element => element.scrollWidth <= element.clientWidth")
    screenshot(page, f"querylog-dashboard-{WIDTHS[width]['width']}", full_page=True)
    screenshot(section, f"querylog-section-{WIDTHS[width]['width']}")
    assert axe_violations(page) == []

    row.get_by_role("link", name=f"Synonym anlegen für „{NOTHING.lower()}“").click()
    assert page.locator("#id_source").input_value() == NOTHING.lower()
    screenshot(page, f"querylog-synonym-add-{WIDTHS[width]['width']}", full_page=True)
