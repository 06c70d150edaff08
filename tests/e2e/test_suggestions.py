"""Suggestions while typing: the search boxes as WAI-ARIA comboboxes, used with the keyboard alone."""

import re

import pytest

from .conftest import DESKTOP, PHONE, WIDTHS, axe_violations, screenshot
from .test_keyboard import FOCUS_IS_VISIBLE, tab_to

BAD_MUENSTER = "/praxisbeispiele/zuhause-im-stadtteil-bad-muenster/"


def listbox_of(page, box):
    return page.locator(f"#{page.get_attribute(box, 'aria-controls')}")


def wait_until_open(page, box):
    page.wait_for_selector(f"{box}[aria-expanded='true']")
    return listbox_of(page, box)


def active_option(page, box):
    option_id = page.get_attribute(box, "aria-activedescendant")
    assert option_id, "no option is active"
    return page.locator(f"#{option_id}")


def option_index(listbox, text):
    texts = listbox.locator("[role=option]").all_text_contents()
    return next(index for index, option in enumerate(texts) if text in option)


@pytest.mark.parametrize("width", WIDTHS)
def test_typing_arrow_down_and_enter_open_a_suggested_entry(open_page, width):
    page = open_page("/", viewport=WIDTHS[width])
    tab_to(page, "element.id === 'suche-start'")

    page.keyboard.type("Muenst")
    listbox = wait_until_open(page, "#suche-start")

    assert page.get_attribute("#suche-start", "role") == "combobox"
    assert page.get_attribute("#suche-start", "aria-autocomplete") == "list"
    assert listbox.get_attribute("role") == "listbox"
    assert page.get_attribute("#suche-start", "aria-activedescendant") is None
    status = page.locator("#suche-start ~ [role=status]")
    page.wait_for_function("document.querySelector('#suche-start ~ [role=status]').textContent.trim() !== ''")
    assert status.text_content().strip() == "1 Vorschlag verfügbar."

    page.keyboard.press("ArrowDown")
    option = active_option(page, "#suche-start")
    assert option.get_attribute("role") == "option"
    assert option.get_attribute("aria-selected") == "true"
    assert "Bad Münster am Stein-Ebernburg" in option.text_content()
    assert "Praxisbeispiel" in option.text_content()
    # The focus stays in the box, visibly.
    assert page.evaluate("document.activeElement.id") == "suche-start"
    assert page.evaluate(FOCUS_IS_VISIBLE)

    page.keyboard.press("Enter")
    page.wait_for_url(f"**{BAD_MUENSTER}")


def test_arrows_move_through_the_options_and_wrap_around(open_page):
    page = open_page("/suche/")
    tab_to(page, "element.id === 'globale-suche'")
    page.keyboard.type("quartier")
    listbox = wait_until_open(page, "#globale-suche")
    count = listbox.locator("[role=option]").count()
    assert count > 2

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert active_option(page, "#globale-suche").get_attribute("id") == f"{listbox.get_attribute('id')}-1"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert active_option(page, "#globale-suche").get_attribute("id") == f"{listbox.get_attribute('id')}-{count - 1}"
    assert listbox.locator("[aria-selected=true]").count() == 1
    # Moving the caret hands the visual focus back to the text.
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#globale-suche", "aria-activedescendant") is None
    assert page.get_attribute("#globale-suche", "aria-expanded") == "true"


def test_escape_closes_the_list_and_a_second_escape_clears_the_box(open_page):
    page = open_page("/foerderprogramme/")
    tab_to(page, "element.id === 'katalog-suche'")
    page.keyboard.type("rheinl")
    listbox = wait_until_open(page, "#katalog-suche")
    page.keyboard.press("ArrowDown")

    page.keyboard.press("Escape")
    assert page.get_attribute("#katalog-suche", "aria-expanded") == "false"
    assert page.get_attribute("#katalog-suche", "aria-activedescendant") is None
    assert listbox.is_hidden()
    assert page.input_value("#katalog-suche") == "rheinl"

    page.keyboard.press("Escape")
    assert page.input_value("#katalog-suche") == ""
    assert page.evaluate("document.activeElement.id") == "katalog-suche"


def test_a_catalogue_box_suggests_its_own_entries_first(open_page):
    page = open_page("/beratung/")
    tab_to(page, "element.id === 'katalog-suche'")
    page.keyboard.type("quartier")
    listbox = wait_until_open(page, "#katalog-suche")
    assert "Beratung" in listbox.locator("[role=option]").first.text_content()


def test_enter_on_a_place_searches_the_list_for_it(open_page):
    page = open_page("/praxisbeispiele/")
    tab_to(page, "element.id === 'katalog-suche'")
    page.keyboard.type("ostfil")
    listbox = wait_until_open(page, "#katalog-suche")
    for _ in range(option_index(listbox, "Ostfildern, Ort") + 1):
        page.keyboard.press("ArrowDown")
    assert active_option(page, "#katalog-suche").text_content() == "Ostfildern, Ort"

    page.keyboard.press("Enter")

    # The live filter shows the results for the place, in place.
    page.wait_for_url(re.compile(r"\?q=Ostfildern$"))
    page.wait_for_function("document.getElementById('ergebnis-ueberschrift').textContent.includes('Ostfildern')")
    assert page.input_value("#katalog-suche") == "Ostfildern"
    assert page.get_attribute("#katalog-suche", "aria-expanded") == "false"


def test_enter_without_an_active_option_submits_what_was_typed(open_page):
    page = open_page("/praxisbeispiele/")
    tab_to(page, "element.id === 'katalog-suche'")
    page.keyboard.type("Pflege")
    wait_until_open(page, "#katalog-suche")

    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"\?q=Pflege$"))
    page.wait_for_function("document.getElementById('ergebnis-ueberschrift').textContent.includes('Pflege')")
    # No late answer opens the list again.
    page.wait_for_timeout(400)
    assert page.get_attribute("#katalog-suche", "aria-expanded") == "false"


def test_tab_leaves_the_box_as_usual_and_closes_the_list(open_page):
    page = open_page("/suche/")
    tab_to(page, "element.id === 'globale-suche'")
    page.keyboard.type("kre")
    wait_until_open(page, "#globale-suche")
    page.keyboard.press("ArrowDown")

    page.keyboard.press("Tab")

    # On to the next field, the place field („PLZ oder Ort“).
    assert page.evaluate("document.activeElement.id") == "globale-ort"
    assert page.get_attribute("#globale-suche", "aria-expanded") == "false"
    assert page.input_value("#globale-suche") == "kre"


def test_typing_asks_the_server_only_when_typing_pauses(open_page):
    page = open_page("/suche/")
    # The page's timers on a clock of the test's own: however slowly a busy machine delivers the keystrokes, no
    # pause passes until the test lets the time run.
    page.clock.install()
    tab_to(page, "element.id === 'globale-suche'")
    page.keyboard.type("Nach")
    page.clock.run_for(100)  # shorter than the pause the box waits for
    page.keyboard.type("barschaft")
    asked = [url for url in page.requests if "/api/v1/vorschlaege/" in url]
    assert asked == []

    page.clock.run_for(200)
    listbox = wait_until_open(page, "#globale-suche")
    asked = [url for url in page.requests if "/api/v1/vorschlaege/" in url]
    assert len(asked) == 1 and asked[0].endswith("?q=Nachbarschaft")
    assert "Nachbarschaft" in listbox.locator("[role=option]").first.text_content()


def test_an_option_can_be_tapped(browser, server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server + "/")
        page.locator("#suche-start").tap()
        page.keyboard.type("Muenst")
        listbox = wait_until_open(page, "#suche-start")
        listbox.locator("[role=option]").first.tap()
        page.wait_for_url(f"**{BAD_MUENSTER}")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("name", "path", "box", "typed"),
    [
        ("start", "/", "#suche-start", "pfle"),
        ("katalog", "/praxisbeispiele/", "#katalog-suche", "kre"),
        ("kopf", "/impressum/", "#suche-kopf", "qu"),
    ],
    ids=["start", "katalog", "kopf"],
)
def test_the_open_list_has_no_accessibility_violation(open_page, width, name, path, box, typed):
    page = open_page(path, viewport=WIDTHS[width])
    tab_to(page, f"element.id === {box[1:]!r}")
    page.keyboard.type(typed)
    listbox = wait_until_open(page, box)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")

    assert axe_violations(page) == []
    # Nothing wider than the screen, the list included.
    bounds = listbox.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= WIDTHS[width]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]

    listbox.scroll_into_view_if_needed()
    screenshot(page, f"suggest-{name}-{WIDTHS[width]['width']}")


def test_suggestions_run_under_the_content_security_policy(open_page):
    page = open_page("/", viewport=DESKTOP, bypass_csp=False)
    page.locator("#suche-start").focus()
    page.keyboard.type("Muenst")
    wait_until_open(page, "#suche-start")
    assert page.console_errors == []


def test_without_javascript_the_search_box_is_a_plain_form(browser, server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server + "/")
        assert page.get_attribute("#suche-start", "role") is None
        assert page.locator(".wk-combobox, [role=listbox]").count() == 0
        page.fill("#suche-start", "Pflege")
        page.press("#suche-start", "Enter")
        page.wait_for_url(re.compile(r"/suche/\?q=Pflege$"))
    finally:
        context.close()
