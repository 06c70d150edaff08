"""The maps in a browser: drawn at phone and desktop width, reachable by keyboard, accessible and valid HTML."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from contacts.models import Contact
from projects.models import PracticeExample
from tests.e2e.test_html_validity import VNU

from .conftest import DESKTOP, PHONE, SCREENSHOTS_DIR, WIDTHS, axe_violations, screenshot

MAPS = {
    "praxisbeispiele-rlp": "/praxisbeispiele/karte/",
    "praxisbeispiele-deutschland": "/praxisbeispiele/karte/?karte=deutschland",
    "beratung-rlp": "/beratung/karte/",
    "beratung-deutschland-gefiltert": "/beratung/karte/?karte=deutschland&thema=wohnen",
}
# Points for seed entries, which have none: two close together in Mainz (a cluster), one in the Landkreis
# Bernkastel-Wittlich (a marker of its own), one in Bielefeld (on the map of Germany only).
POINTS = [
    {"latitude": 50.0, "longitude": 8.27, "ags": "07315000"},
    {"latitude": 49.995, "longitude": 8.26, "ags": "07315000"},
    {"latitude": 49.877, "longitude": 6.80, "ags": "07231053"},
    {"latitude": 52.02, "longitude": 8.53, "ags": ""},
]


def settled_screenshot(page, name, full_page=False):
    """A picture to look at (if SCREENSHOTS_DIR is set), once KERN's smooth scrolling to the focus has come to rest."""
    if not SCREENSHOTS_DIR:
        return
    page.evaluate(
        """() => new Promise(resolve => {
            let last = -1;
            const check = () => window.scrollY === last ? resolve() : (last = window.scrollY, setTimeout(check, 100));
            check();
        })"""
    )
    screenshot(page, name, full_page=full_page)


@pytest.fixture(scope="module", autouse=True)
def places_and_points(server, django_db_blocker):
    """A few points committed for the live server while this module runs (the server has the sample places)."""
    with django_db_blocker.unblock():
        for model in (PracticeExample, Contact):
            for entry, point in zip(model.objects.published().order_by("pk"), POINTS, strict=False):
                model.objects.filter(pk=entry.pk).update(**point)
    yield
    with django_db_blocker.unblock():
        for model in (PracticeExample, Contact):
            model.objects.update(latitude=None, longitude=None, ags="")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_kreis_is_reached_by_tab_and_leads_to_the_list_of_its_place(open_page, server, width):
    page = open_page("/praxisbeispiele/karte/?laufzeit=laeuft&laufzeit=nicht-angegeben", viewport=WIDTHS[width])
    svg = page.locator("svg.entry-map-svg")
    box = svg.bounding_box()
    assert 300 < box["width"] <= WIDTHS[width]["width"]
    assert box["height"] > 300
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.locator(".entry-map-skip a").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.getAttribute('class'), document.activeElement.ariaLabel]")
    assert focused == ["entry-map-area", "Landkreis Ahrweiler: keine Praxisbeispiele"]
    for _ in range(5):
        page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.ariaLabel")
    assert label.startswith("Landkreis Bernkastel-Wittlich: ")
    settled_screenshot(page, f"map-focus-{width}")

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/praxisbeispiele/\?"))
    assert page.url.startswith(server + "/praxisbeispiele/?laufzeit=laeuft&laufzeit=nicht-angegeben&ort=")
    assert page.url.endswith("ort=Landkreis+Bernkastel-Wittlich+%28Rheinland-Pfalz%29")


def test_a_marker_of_one_entry_leads_to_it(open_page):
    page = open_page("/praxisbeispiele/karte/")
    marker = page.locator("a.entry-map-marker")
    assert marker.count() == 1
    label = marker.get_attribute("aria-label")
    marker.click()
    page.wait_for_url(re.compile(r"/praxisbeispiele/[\w-]+/$"))
    assert page.locator("h1").text_content().strip() == label.removeprefix("Praxisbeispiel: ")


def test_a_land_inside_another_can_be_clicked(open_page):
    page = open_page("/praxisbeispiele/karte/?karte=deutschland")
    page.locator('a.entry-map-area[aria-label^="Berlin:"]').click()
    page.wait_for_url(re.compile(r"ort=Land\+Berlin"))


def test_a_click_on_a_cluster_reaches_the_kreis_beneath(open_page):
    page = open_page("/praxisbeispiele/karte/")
    assert page.locator(".entry-map-cluster text").text_content() == "2"
    page.locator(".entry-map-cluster circle").click(force=True)
    page.wait_for_url(re.compile(r"ort=Kreisfreie\+Stadt\+Mainz"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", MAPS)
def test_the_maps_pass_axe_and_ask_no_other_site(open_page, server, name, width):
    page = open_page(MAPS[name], viewport=WIDTHS[width])
    assert page.locator(".entry-map-area").count() in (16, 36)
    settled_screenshot(page, f"map-{name}-{width}", full_page=True)
    assert [url for url in page.requests if not url.startswith(server)] == []
    assert page.console_errors == []
    assert axe_violations(page) == []


def test_the_list_links_to_the_map_with_the_filters_chosen_live(open_page):
    page = open_page("/beratung/", viewport=DESKTOP)
    page.locator("summary", has_text="Rheinland-Pfalz: Kreise").click()
    page.locator("#f-region-mainz").check()
    page.wait_for_url(re.compile(r"region=mainz"))
    page.get_by_role("link", name="Auf der Karte anzeigen").click()
    page.wait_for_url(re.compile(r"/beratung/karte/\?region=mainz$"))
    assert "Zuständig für: Mainz" in page.locator(".entry-map-filters").text_content()


def test_the_table_stays_readable_on_a_phone(open_page):
    page = open_page("/praxisbeispiele/karte/", viewport=PHONE)
    table = page.locator(".entry-map-counts")
    assert table.bounding_box()["width"] <= PHONE["width"]
    assert page.evaluate("document.querySelector('.kern-table-responsive').scrollWidth <= window.innerWidth")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.entry-map-counts td')).fontSize)")
    assert font >= 16


def test_the_map_pages_are_valid_html(client, tmp_path):
    java = shutil.which("java")
    if not java:
        pytest.fail("The Nu HTML Checker needs Java: apt-get install default-jre-headless", pytrace=False)
    for name, path in {**MAPS, "ohne-treffer": "/praxisbeispiele/karte/?q=Zwiebelkuchenparadies"}.items():
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [
        f"{Path(message['url']).stem}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stderr)["messages"]
    ]
    assert errors == []
