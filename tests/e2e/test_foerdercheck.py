"""The Förder-Check in the browser: question by question to the filtered list, on a phone and a desktop."""

import re

import pytest

from .conftest import WIDTHS, axe_violations, screenshot
from .test_suggestions import option_index, wait_until_open


@pytest.mark.parametrize("width", WIDTHS)
def test_a_kommune_answers_every_question_and_reaches_its_programmes(open_page, width):
    viewport = WIDTHS[width]
    page = open_page("/foerder-check/", viewport=viewport)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Jetzt starten").click()

    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/wer/\?"))
    assert page.locator(".kern-alert--danger").inner_text().count("Wählen Sie aus, wer den Antrag stellt.") == 1
    screenshot(page, f"check-e2e-fehler-{viewport['width']}", full_page=True)
    assert axe_violations(page) == []

    page.get_by_label("Eine Kommune").check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/wo/\?"))
    assert page.locator("h1").inner_text() == "Wo soll Ihr Vorhaben stattfinden?"
    page.get_by_label("PLZ oder Ort").fill("54523")
    page.get_by_label("PLZ oder Ort").press("Enter")
    page.wait_for_url(re.compile(r"/wofuer/\?"))
    assert axe_violations(page) == []

    # The browser's back button shows the place as answered; „Weiter“ again goes on.
    page.go_back()
    page.wait_for_url(re.compile(r"/wo/\?"))
    page.go_forward()
    page.wait_for_url(re.compile(r"/wofuer/\?"))
    page.get_by_label("Wohnen").check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/fuer-wen/\?"))
    page.get_by_label("Ältere Menschen").check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/wann/\?"))
    assert axe_violations(page) == []

    # „Zurück“ keeps the answers: the group is still ticked.
    page.get_by_role("link", name="Zurück").click()
    page.wait_for_url(re.compile(r"/fuer-wen/\?"))
    assert page.get_by_label("Ältere Menschen").is_checked()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label("Jetzt").check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/antworten/\?"))
    assert "54523" in page.locator(".wk-check__answers").inner_text()
    screenshot(page, f"check-e2e-antworten-{viewport['width']}", full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Passende Förderung anzeigen").click()
    page.wait_for_url(re.compile(r"/ergebnis/\?"))
    screenshot(page, f"check-e2e-ergebnis-{viewport['width']}", full_page=True)
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    # The one error: the question sent without an answer, which the page answers with 400.
    assert [error for error in page.console_errors if "400 (Bad Request)" not in error] == []

    page.locator("#ergebnis-foerderung ~ .wk-check__actions a, #ergebnis-foerderung ~ p a").first.click()
    page.wait_for_url(re.compile(r"/foerderprogramme/\?"))
    url = page.url
    for expected in [
        "antragsberechtigte=kommunen",
        "handlungsfeld=wohnen",
        "zielgruppe=aeltere-menschen",
        "status=offen",
    ]:
        assert expected in url
    assert "ort=54523" in url


@pytest.mark.parametrize("width", WIDTHS)
def test_a_place_of_several_meanings_is_chosen_on_the_same_question(open_page, width):
    page = open_page("/foerder-check/wo/?antragsberechtigte=vereine", viewport=WIDTHS[width])
    page.get_by_label("PLZ oder Ort").fill("Neustadt")
    # The suggestions open over the button on a phone; Escape closes them, as it does for a keyboard user.
    wait_until_open(page, "#ort")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"ort=Neustadt"))
    assert page.locator("h1").inner_text() == "Welchen Ort meinen Sie?"
    screenshot(page, f"check-e2e-ortswahl-{WIDTHS[width]['width']}", full_page=True)
    assert axe_violations(page) == []
    page.locator(".kern-form-check").first.locator("label").click()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url(re.compile(r"/wofuer/\?"))


def test_the_place_question_suggests_places_while_typing(open_page):
    page = open_page("/foerder-check/wo/?antragsberechtigte=vereine", viewport=WIDTHS["phone"])
    page.get_by_label("Egal – in ganz Deutschland").check()
    page.get_by_label("PLZ oder Ort").focus()
    page.keyboard.type("Hetz")
    # Typing a place is choosing „An einem bestimmten Ort“.
    assert page.get_by_label("An einem bestimmten Ort").is_checked()
    listbox = wait_until_open(page, "#ort")
    for _ in range(option_index(listbox, "Hetzerath") + 1):
        page.keyboard.press("ArrowDown")
    screenshot(page, "check-e2e-ort-vorschlag-375", full_page=True)
    assert axe_violations(page) == []
    page.keyboard.press("Enter")

    # The chosen place is the answer: on to the next question, the place kept in the address.
    page.wait_for_url(re.compile(r"/wofuer/\?.*ort=Gemeinde\+Hetzerath"))
    assert page.locator("h1").inner_text() == "Wofür suchen Sie Geld?"
