"""The place field in the browser: a person types her town or postcode and sees who is responsible first."""

import re

import pytest

from .conftest import DESKTOP, PHONE, WIDTHS, axe_violations, screenshot
from .test_suggestions import option_index, wait_until_open

FIRST_CARD = ".result-list > li:first-child .card-title"


@pytest.mark.parametrize("typed", ["Mainz", "55116"])
def test_a_person_on_a_phone_types_her_town_and_sees_the_landesberatungsstelle_first(open_page, typed):
    page = open_page("/beratung/", viewport=PHONE)
    page.locator("#katalog-ort").fill(typed)
    page.locator("#katalog-ort").press("Enter")
    page.wait_for_url(re.compile(r"ort="))
    page.wait_for_function(
        "document.querySelector('.chips') && document.querySelector('.chips').textContent.includes('Ort:')"
    )
    assert page.locator(FIRST_CARD).inner_text().startswith("Landesberatungsstelle")
    assert page.locator(".result-list > li:first-child .card-place").inner_text() == "zuständig für Rheinland-Pfalz"
    # The first result is on the first two screens of the phone.
    top = page.evaluate(f"document.querySelector('{FIRST_CARD}').getBoundingClientRect().top + window.scrollY")
    assert top < 2.5 * PHONE["height"], top
    screenshot(page, f"e2e-ort-{typed}-375", full_page=False)
    assert axe_violations(page) == []


def test_a_name_of_several_places_offers_a_choice_that_leads_to_the_list(open_page):
    page = open_page("/beratung/", viewport=PHONE)
    page.locator("#katalog-ort").fill("Neustadt")
    page.locator("#katalog-ort").press("Enter")
    choices = page.locator(".place-choices")
    choices.wait_for()
    assert "Welchen meinen Sie?" in choices.inner_text()
    assert axe_violations(page) == []
    choices.get_by_role("link", name="Stadt Neustadt an der Weinstraße (Rheinland-Pfalz)").click()
    page.wait_for_url(re.compile(r"ort=Stadt\+Neustadt"))
    assert "Ort: Stadt Neustadt an der Weinstraße (Rheinland-Pfalz)" in page.locator(".chips").inner_text()
    assert page.input_value("#katalog-ort") == "Stadt Neustadt an der Weinstraße (Rheinland-Pfalz)"


def test_suggestions_while_typing_take_the_place_chosen_with_the_keyboard(open_page):
    page = open_page("/praxisbeispiele/", viewport=DESKTOP)
    page.locator("#katalog-ort").focus()
    page.keyboard.type("Hetz")
    listbox = wait_until_open(page, "#katalog-ort")
    for _ in range(option_index(listbox, "Hetzerath") + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"ort=Gemeinde\+Hetzerath"))
    page.wait_for_function(
        "document.querySelector('.chips') && document.querySelector('.chips').textContent.includes('Hetzerath')"
    )
    # The example of the seed content in Landkreis Bernkastel-Wittlich is listed, as lying in that Kreis.
    assert page.locator(".card-place").first.inner_text().startswith("im Landkreis Bernkastel-Wittlich")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_start_page_leads_from_a_postcode_to_what_the_three_lists_hold(open_page, width):
    page = open_page("/", viewport=WIDTHS[width])
    page.locator("#ort-start").fill("55116")
    page.locator("#ort-start").press("Enter")
    page.wait_for_url(re.compile(r"/suche/\?ort=55116"))
    heading = page.locator("#in-der-naehe")
    assert heading.inner_text() == "Für 55116 Mainz (Rheinland-Pfalz)"
    assert page.locator(".nearby-overview-item").count() == 3
    screenshot(page, f"e2e-ort-start-{width}", full_page=True)
    assert axe_violations(page) == []
    page.locator(".nearby-overview-item h3 a").first.click()
    page.wait_for_url(re.compile(r"/beratung/\?ort="))
    assert page.locator(FIRST_CARD).inner_text().startswith("Landesberatungsstelle")


def test_removing_the_place_chip_empties_the_place_field(open_page):
    page = open_page("/beratung/?ort=Mainz&umkreis=25", viewport=DESKTOP)
    assert page.input_value("#katalog-umkreis") == "25"
    page.locator(".chips a", has_text="Ort: Stadt Mainz").click()
    page.wait_for_function(
        "!document.querySelector('.chips') || !document.querySelector('.chips').textContent.includes('Ort:')"
    )
    assert page.input_value("#katalog-ort") == ""
    assert page.input_value("#katalog-umkreis") == ""
    assert "ort=" not in page.url
