"""A practice example, funding programme or contact prints as a one- or two-page Steckbrief; a list as a plain list."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from tests.e2e.conftest import WIDTHS
from tests.e2e.test_pages import DETAILS

MAX_PAGES = 2


@pytest.mark.parametrize("detail", DETAILS)
def test_the_longest_entry_prints_on_at_most_two_pages(open_page, detail):
    model = DETAILS[detail]
    longest = max(model.objects.published(), key=lambda entry: len(" ".join(map(str, vars(entry).values()))))
    page = open_page(longest.get_absolute_url())

    pdf = page.pdf(format="A4")

    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= MAX_PAGES
    page.emulate_media(media="print")
    for hidden in [".wk-nav", ".wk-search", ".wk-breadcrumbs", ".wk-footer nav"]:
        assert not page.locator(hidden).is_visible()
    assert page.locator(".wk-print-only").first.is_visible() or detail == "beratungsstelle"


FILTERED = "/praxisbeispiele/?handlungsfeld=wohnen&q=pflege"


def printed_today():
    with translation.override("de"):
        return date_format(timezone.localdate(), "j. F Y")


def all_visible(locator):
    return [locator.nth(index).is_visible() for index in range(locator.count())]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_filtered_list_prints_its_results_under_its_filters_date_and_address(open_page, server, width):
    page = open_page(FILTERED, viewport=WIDTHS[width])
    page.emulate_media(media="print")

    titles = page.locator(".result-list .card-title")
    assert titles.count() > 0 and all(all_visible(titles))
    controls = page.locator("form.catalogue :is(input, select, button, label, summary, fieldset)")
    assert controls.count() > 0 and not any(all_visible(controls))
    assert not page.locator(".chips").is_visible()
    header = page.locator(".wk-print-header")
    text = " ".join(header.inner_text().split())
    assert f"Abgerufen am {printed_today()} unter {server}{FILTERED}" in text
    assert "Aktive Filter: Suche: pflege; Handlungsfeld: Wohnen" in text
    # At the top: before the count and the first entry.
    assert header.bounding_box()["y"] < page.locator("#ergebnis-ueberschrift").bounding_box()["y"]
    addresses = page.locator(".result-list .wk-print-url")
    assert all(all_visible(addresses))
    assert addresses.all_inner_texts() == [
        server + href for href in page.locator(".result-list .card-title a").evaluate_all("a => a.map(l => l.pathname)")
    ]

    page.emulate_media(media="screen")
    assert not header.is_visible() and not any(all_visible(addresses))


def test_the_print_header_follows_the_live_filter(open_page):
    page = open_page("/praxisbeispiele/")
    page.locator("#f-handlungsfeld-wohnen").check()
    page.wait_for_url(re.compile(r"handlungsfeld=wohnen"))
    page.wait_for_function("document.getElementById('live-status').textContent.includes('gefunden')")

    page.emulate_media(media="print")

    text = page.locator(".wk-print-header").inner_text()
    assert "Handlungsfeld: Wohnen" in text and "handlungsfeld=wohnen" in text
