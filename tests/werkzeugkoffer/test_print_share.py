"""Lists print with filters, date and addresses; profiles print whom to call; lists and profiles can be shared."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample

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


@pytest.fixture
def reachable_contact(make_contact):
    return make_contact(
        name="Servicestelle Wohnen im Alter",
        slug="servicestelle-wohnen",
        person_name="Erika Muster",
        street="Bauhofstraße 9",
        postcode="55116",
        town="Mainz",
        phone="06131 16-0",
        email="wohnen@example.org",
    )


def assert_reachable(content):
    kontakt = content[content.index('id="kontakt"') :]
    for text in ["Servicestelle Wohnen im Alter", "Erika Muster", "Bauhofstraße 9", "55116 Mainz"]:
        assert text in kontakt
    assert '<a href="tel:06131160">06131 16-0</a>' in kontakt
    # The address in parts, as on the contact page (static/js/site.js joins it into a mailto link).
    assert 'data-user="wohnen" data-domain="example.org"' in kontakt


def test_the_steckbrief_of_an_example_says_how_to_reach_its_contact(client, make_example, reachable_contact):
    example = make_example()
    example.contacts.add(reachable_contact)

    assert_reachable(client.get(example.get_absolute_url()).content.decode())


def test_the_steckbrief_of_a_programme_says_how_to_reach_its_contact(client, make_programme, reachable_contact):
    programme = make_programme(contact=reachable_contact)

    assert_reachable(client.get(programme.get_absolute_url()).content.decode())


def test_a_contact_page_has_a_print_button(client, reachable_contact):
    content = client.get(reachable_contact.get_absolute_url()).content.decode()

    assert re.search(r"<button [^>]*data-print hidden>\s*<span [^>]*>Steckbrief drucken</span>", content)


def shared_url(content):
    match = re.search(r'Link zu dieser Seite: <span class="wk-url">([^<]+)</span>', content)
    assert match, "no address to copy"
    assert re.search(r"<button [^>]*data-share-button hidden>", content), "the copy button waits for its script"
    return unescape(match.group(1))


def first_detail(model):
    return model.objects.published().order_by("pk").first().get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [FILTERED, "/foerderprogramme/", "/beratung/", "/suche/?q=pflege"],
)
def test_lists_offer_their_link_to_copy(client, db, path):
    assert shared_url(client.get(path).content.decode()) == f"http://testserver{path}"


def test_the_live_filter_gets_the_link_of_the_new_results(client, db):
    assert shared_url(client.get(FILTERED, headers=PARTIAL).content.decode()) == f"http://testserver{FILTERED}"


@pytest.mark.parametrize("model", [PracticeExample, FundingProgramme, Contact])
def test_profiles_offer_their_link_to_copy(client, db, model):
    path = first_detail(model)
    assert shared_url(client.get(path).content.decode()) == f"http://testserver{path}"
