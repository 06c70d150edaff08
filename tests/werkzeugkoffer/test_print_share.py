"""Lists print with filters, date and addresses."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

FILTERED = "/praxisbeispiele/?handlungsfeld=wohnen&q=pflege"
PARTIAL = {"X-Werkzeugkoffer-Partial": "1"}


def print_header(content):
    match = re.search(r'<div class="wk-print-header">(.*?)</div>', content, re.S)
    assert match, "no print header"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def printed_today():
    with translation.override("de"):
        return date_format(timezone.localdate(), "j. F Y")


@pytest.mark.parametrize("headers", [{}, PARTIAL], ids=["page", "live filter"])
def test_a_filtered_list_prints_its_filters_date_and_address(client, db, headers):
    response = client.get(FILTERED, headers=headers)

    header = print_header(response.content.decode())
    assert f"Abgerufen am {printed_today()} unter http://testserver{FILTERED}" in header
    assert "Aktive Filter: Suche: pflege; Handlungsfeld: Wohnen" in header


def test_an_unfiltered_list_prints_that_no_filter_is_active_and_which_part_it_shows(client, db):
    response = client.get(reverse("funding:list"))

    header = print_header(response.content.decode())
    page = response.context["listing"].page
    assert "Aktive Filter: keine" in header
    assert page.has_other_pages(), "the seed content has more programmes than one page shows"
    assert (
        f"Einträge 1–{page.end_index()} von {page.paginator.count} (Seite 1 von {page.paginator.num_pages})" in header
    )


@pytest.mark.parametrize("url_name", ["projects:list", "funding:list", "contacts:list"])
def test_every_entry_of_a_list_prints_its_address(client, db, url_name):
    response = client.get(reverse(url_name))

    printed = re.findall(r'<p class="wk-print-url">([^<]+)</p>', response.content.decode())
    assert printed == [f"http://testserver{entry.get_absolute_url()}" for entry in response.context["listing"].page]


def test_search_results_print_with_the_search_term_and_addresses(client, db):
    response = client.get("/suche/?q=pflege&typ=beratung")

    content = response.content.decode()
    assert "Aktive Filter: Suche: pflege; Inhaltstyp: Beratung" in print_header(content)
    printed = re.findall(r'<p class="wk-print-url">([^<]+)</p>', content)
    assert printed and all(url.startswith("http://testserver/beratung/") for url in printed)
    assert len(printed) == len(response.context["page"].object_list)
