"""The map pages of the practice examples and the advice services: the list's entries on a map, never instead of it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError

from places import maps
from places.models import Kreis, Land
from projects.models import PracticeExample
from tests.places.conftest import remove_places, shared_places  # noqa: F401 - the sample places, loaded once
from tests.werkzeugkoffer.test_bad_input import BAD_PARAMS
from werkzeugkoffer.catalogue.maps import MAPS, MARKER_RADIUS, MAX_UNPLACED, EntryMap, cluster_radius

HETZERATH = {"latitude": 49.877, "longitude": 6.80}  # Landkreis Bernkastel-Wittlich, found by the outline
MAINZ = {"latitude": 50.0, "longitude": 8.27, "ags": "07315000"}
BIELEFELD = {"latitude": 52.02, "longitude": 8.53}


def area_links(content):
    """{accessible name: href} of the areas of the map."""
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'<a class="entry-map-area[^"]*" href="([^"]+)" aria-label="([^"]+)"', content)
    }


def table_counts(content):
    """{area name: count} of the table under the map."""
    rows = re.findall(
        r'<th class="kern-table__cell" scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td[^>]*>(\d+)</td>', content
    )
    return {name: int(count) for name, count in rows}


@pytest.fixture
def places(request):
    """The sample places of tests/places/data with their outlines, committed once for this module before the test's
    transaction begins."""
    loaded = request.getfixturevalue("shared_places")
    request.getfixturevalue("db")
    return loaded


@pytest.fixture
def examples(places, make_example):
    return [
        make_example(title="Dorfladen Hetzerath", slug="dorfladen", **HETZERATH),
        make_example(title="Wohncafé Mainz", slug="wohncafe", is_running=True, **MAINZ),
        make_example(title="Quartier Bielefeld", slug="quartier", **BIELEFELD),
        make_example(title="Nachbarschaft ohne Ort", slug="ohne-ort"),
    ]


def test_it_shows_the_examples_of_rheinland_pfalz_by_kreis(client, examples):
    response = client.get("/praxisbeispiele/karte/")
    content = response.content.decode()
    entry_map = response.context["entry_map"]
    published = PracticeExample.objects.published().count()

    assert response.status_code == 200
    assert (entry_map.total, entry_map.placed, entry_map.shown, entry_map.outside) == (published, 3, 2, 1)
    assert f"3 von {published} Praxisbeispielen haben einen Ort auf der Karte. Davon liegen 2 in Rheinland-Pfalz." in (
        content
    )
    links = area_links(content)
    assert len(links) == 36
    assert "Landkreis Bernkastel-Wittlich: 1 Praxisbeispiel" in links
    assert "Kreisfreie Stadt Mainz: 1 Praxisbeispiel" in links
    assert "Landkreis Kusel: keine Praxisbeispiele" in links
    counts = table_counts(content)
    assert counts["Landkreis Bernkastel-Wittlich"] == 1
    assert sum(counts.values()) == 2
    assert "1 Praxisbeispiel liegt außerhalb von Rheinland-Pfalz" in content


def test_a_kreis_links_to_the_list_of_its_place_with_the_other_filters(client, examples):
    content = client.get("/praxisbeispiele/karte/", {"laufzeit": "laeuft", "sort": "titel"}).content.decode()
    href = area_links(content)["Kreisfreie Stadt Mainz: 1 Praxisbeispiel"]
    url = urlsplit(href)
    assert url.path == "/praxisbeispiele/"
    assert parse_qs(url.query) == {
        "laufzeit": ["laeuft"],
        "sort": ["titel"],
        "ort": ["Kreisfreie Stadt Mainz (Rheinland-Pfalz)"],
    }
    assert "ort=Kreisfreie+Stadt+Mainz+%28Rheinland-Pfalz%29" in href
    # The table's names lead to the same lists.
    assert f'<a href="{href.replace("&", "&amp;")}">Kreisfreie Stadt Mainz</a>' in content


def test_it_applies_the_filters_and_the_search_of_the_list(client, examples):
    running = client.get("/praxisbeispiele/karte/", {"laufzeit": "laeuft"})
    assert running.context["entry_map"].total == running.context["listing"].total
    assert running.context["entry_map"].shown == 1
    assert "Kreisfreie Stadt Mainz: 1 Praxisbeispiel" in area_links(running.content.decode())
    assert "Landkreis Bernkastel-Wittlich: keine Praxisbeispiele" in area_links(running.content.decode())

    searched = client.get("/praxisbeispiele/karte/", {"q": "Dorfladen"})
    assert searched.context["entry_map"].total == searched.context["listing"].total < PracticeExample.objects.count()
    assert searched.context["entry_map"].shown == 1
    # A misspelt word falls back to similar spellings, as the list does.
    similar = client.get("/praxisbeispiele/karte/", {"q": "Hezterath"})
    assert similar.context["listing"].mode == "similar"
    assert similar.context["entry_map"].total == similar.context["listing"].total >= 1


def test_it_finds_the_entries_of_a_search_that_only_some_words_match(client, examples):
    response = client.get("/praxisbeispiele/karte/", {"q": "Dorfladen Zwiebelkuchenparadies"})
    assert response.context["listing"].mode == "partial"
    assert response.context["entry_map"].total == response.context["listing"].total >= 1


def test_it_links_back_to_the_list_with_the_same_filters(client, examples):
    content = client.get("/praxisbeispiele/karte/", {"laufzeit": "laeuft", "karte": "deutschland"}).content.decode()
    assert 'href="/praxisbeispiele/?laufzeit=laeuft"' in content
    assert "Als Liste anzeigen" in content
    assert "Gefiltert nach: Laufzeit: läuft noch" in content


def test_it_switches_between_rheinland_pfalz_and_germany(client, examples):
    response = client.get("/praxisbeispiele/karte/", {"karte": "deutschland", "laufzeit": "laeuft"})
    content = response.content.decode()
    assert response.context["entry_map"].name == "Deutschland"
    links = area_links(content)
    assert len(links) == 16
    assert "Rheinland-Pfalz: 1 Praxisbeispiel" in links
    assert "ort=Land+Rheinland-Pfalz" in links["Rheinland-Pfalz: 1 Praxisbeispiel"]
    assert '<a href="?laufzeit=laeuft">Rheinland-Pfalz</a>' in content
    assert '<a href="?karte=deutschland&amp;laufzeit=laeuft" aria-current="page">Deutschland</a>' in content

    everything = client.get("/praxisbeispiele/karte/", {"karte": "deutschland"}).context["entry_map"]
    assert (everything.shown, everything.outside) == (3, 0)
    assert (
        table_counts(client.get("/praxisbeispiele/karte/?karte=deutschland").content.decode())["Nordrhein-Westfalen"]
        == 1
    )


def test_it_names_the_entries_without_a_point_by_name(client, examples, make_example):
    make_example(title="Älter werden im Quartier", slug="aelter")
    content = client.get("/praxisbeispiele/karte/").content.decode()
    unplaced = PracticeExample.objects.published().filter(latitude__isnull=True).count()
    assert f"{unplaced} Praxisbeispiele haben keinen Ort und fehlen deshalb auf der Karte:" in content
    assert '<li><a href="/praxisbeispiele/ohne-ort/">Nachbarschaft ohne Ort</a></li>' in content
    # Ä among the A, as a person looks it up.
    assert content.index("Älter werden im Quartier") < content.index("Nachbarschaft ohne Ort")


def test_it_names_at_most_so_many_entries_without_a_point(client, places, make_example):
    for number in range(MAX_UNPLACED + 3):
        make_example(title=f"Ohne Ort {number:03}", slug=f"ohne-ort-{number}")
    entry_map = client.get("/praxisbeispiele/karte/", {"q": "Ohne Ort"}).context["entry_map"]
    assert len(entry_map.unplaced) == MAX_UNPLACED
    assert entry_map.unplaced_more == entry_map.unplaced_count - MAX_UNPLACED > 0


def test_a_single_entry_is_a_marker_linking_to_it_and_close_ones_a_cluster_with_their_count(
    client, places, make_example
):
    make_example(title="Am Dom", slug="am-dom", **MAINZ)
    make_example(title="Am Rhein", slug="am-rhein", latitude=50.001, longitude=8.272)
    make_example(title="In Hetzerath", slug="in-hetzerath", **HETZERATH)
    content = client.get("/praxisbeispiele/karte/").content.decode()
    assert re.search(
        r'<a class="entry-map-marker" href="/praxisbeispiele/in-hetzerath/" aria-label="Praxisbeispiel: In Hetzerath">',
        content,
    )
    assert re.search(
        r'<g class="entry-map-cluster" aria-hidden="true"><circle [^>]+/><text [^>]+>2</text></g>', content
    )
    assert "/praxisbeispiele/am-dom/" not in content.split('class="entry-map-markers"')[1].split("</svg>")[0]
    # SVG numbers with a decimal point, although the page is German.
    assert re.search(r'<circle class="entry-map-marker__dot" cx="\d+(\.\d)?" cy="\d+(\.\d)?" r="8"/>', content)


@pytest.mark.parametrize(
    ("total", "placed", "outside", "summary"),
    [
        (0, 0, 0, "Keine Praxisbeispiele gefunden."),
        (1, 1, 0, "Gefunden: 1 Praxisbeispiel, mit Ort auf der Karte."),
        (1, 0, 0, "Gefunden: 1 Praxisbeispiel, ohne Ort auf der Karte."),
        (16, 12, 0, "12 von 16 Praxisbeispielen haben einen Ort auf der Karte."),
        (16, 1, 0, "1 von 16 Praxisbeispielen hat einen Ort auf der Karte."),
        (16, 12, 3, "12 von 16 Praxisbeispielen haben einen Ort auf der Karte. Davon liegen 9 in Rheinland-Pfalz."),
        (16, 2, 1, "2 von 16 Praxisbeispielen haben einen Ort auf der Karte. Davon liegt 1 in Rheinland-Pfalz."),
        (
            16,
            2,
            2,
            "2 von 16 Praxisbeispielen haben einen Ort auf der Karte. Keiner dieser Orte liegt in Rheinland-Pfalz.",
        ),
    ],
)
def test_it_says_in_good_german_how_many_entries_are_on_the_map(total, placed, outside, summary):
    entry_map = EntryMap(
        choice="rlp",
        shown_map=MAPS["rlp"],
        noun=("Praxisbeispiel", "Praxisbeispiele", "Praxisbeispielen"),
        base=maps.BaseMap(areas=(), projection=None, key_length=5),
        areas=[],
        markers=[],
        total=total,
        placed=placed,
        outside=outside,
        unplaced=[],
    )
    assert " ".join(part for part in (entry_map.summary, entry_map.within) if part) == summary


def test_a_cluster_radius_grows_with_its_count_up_to_a_limit():
    assert cluster_radius(1) == MARKER_RADIUS
    assert MARKER_RADIUS < cluster_radius(2) < cluster_radius(10) < cluster_radius(1000) == 22


def test_the_map_has_a_caption_and_skip_link_and_names_its_source(client, examples):
    content = client.get("/praxisbeispiele/karte/").content.decode()
    assert 'role="group" aria-labelledby="karte-titel"' in content
    caption = "Praxisbeispiele in Rheinland-Pfalz nach Landkreisen und kreisfreien Städten"
    assert f'<figcaption id="karte-titel" class="entry-map-caption">{caption}</figcaption>' in content
    assert '<a href="#karte-tabelle">Karte überspringen' in content
    assert '<h2 id="karte-tabelle">' in content
    assert "Grenzen: © GeoBasis-DE / BKG (2016)" in content


def test_the_page_asks_no_other_site_for_anything_and_sets_no_cookie(client, examples):
    response = client.get("/praxisbeispiele/karte/", {"karte": "deutschland"})
    content = response.content.decode()
    addresses = re.findall(r'(?:src|href|action|xlink:href)="([^"]*)"', content)
    assert addresses
    assert [address for address in addresses if re.match(r"^(https?:)?//", address)] == []
    assert "style=" not in content
    assert not response.cookies


def test_the_advice_services_have_a_map_too(client, places, make_contact):
    make_contact(name="Pflegestützpunkt Mainz", slug="psp-mainz", **MAINZ)
    make_contact(name="Beratung Bielefeld", slug="bielefeld", **BIELEFELD)
    response = client.get("/beratung/karte/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Beratungsstellen auf der Karte" in content
    links = area_links(content)
    assert "ort=Kreisfreie+Stadt+Mainz+%28Rheinland-Pfalz%29" in links["Kreisfreie Stadt Mainz: 1 Beratungsstelle"]
    assert urlsplit(links["Kreisfreie Stadt Mainz: 1 Beratungsstelle"]).path == "/beratung/"
    assert (
        '<a class="entry-map-marker" href="/beratung/psp-mainz/" aria-label="Beratungsstelle: Pflegestützpunkt Mainz">'
        in content
    )
    assert "1 Beratungsstelle liegt außerhalb von Rheinland-Pfalz" in content


@pytest.mark.parametrize("url", ["/praxisbeispiele/karte/", "/beratung/karte/"])
def test_an_unknown_map_gets_a_german_notice(client, places, url):
    response = client.get(url, {"karte": "<b>mond</b>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Die Karte „&lt;b&gt;mond&lt;/b&gt;“ gibt es nicht; gezeigt wird die Karte von Rheinland-Pfalz." in content
    assert len(area_links(content)) == 36


@pytest.mark.parametrize("url", ["/praxisbeispiele/karte/", "/beratung/karte/"])
@pytest.mark.parametrize(
    "params",
    [*BAD_PARAMS, {"karte": ["deutschland", "\x00"]}, {"karte": "x" * 5000}, {"ort": "\x00<b>"}],
    ids=range(len(BAD_PARAMS) + 3),
)
def test_bad_input_never_breaks_a_map(client, places, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<b>" not in content


def test_before_the_places_are_loaded_the_page_says_so_and_still_counts(client, db, make_example):
    remove_places()  # those of the module's other tests, inside this test's transaction
    make_example(title="Irgendwo", slug="irgendwo", **MAINZ)
    response = client.get("/praxisbeispiele/karte/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Die Karte kann gerade nicht gezeigt werden" in content
    assert '<svg class="entry-map-svg' not in content
    assert response.context["entry_map"].placed == 1
    assert "außerhalb" not in content


def test_the_lists_link_to_their_map_with_their_filters(client, db):
    content = client.get("/praxisbeispiele/", {"laufzeit": "laeuft", "page": "1"}).content.decode()
    assert '<a href="/praxisbeispiele/karte/?laufzeit=laeuft">Auf der Karte anzeigen</a>' in content
    assert '<a href="/beratung/karte/?">Auf der Karte anzeigen</a>' in client.get("/beratung/").content.decode()
    assert "Auf der Karte anzeigen" not in client.get("/foerderprogramme/").content.decode()
    # The live filter replaces the results with this part alone: its link follows the filters.
    partial = client.get("/beratung/", {"region": "mainz"}, headers={"X-Werkzeugkoffer-Partial": "1"})
    assert '<a href="/beratung/karte/?region=mainz">Auf der Karte anzeigen</a>' in partial.content.decode()


@pytest.mark.parametrize("model_fixture", ["make_example", "make_contact"])
def test_no_entry_may_take_the_address_of_the_map(request, model_fixture):
    make = request.getfixturevalue(model_fixture)
    with pytest.raises(IntegrityError, match="slug_not_karte"):
        make(slug="karte")


def test_the_outlines_drawn_are_those_of_the_places(client, places):
    Kreis.objects.filter(land__ags="07").exclude(ags="07336").update(outline=None)
    content = client.get("/praxisbeispiele/karte/").content.decode()
    assert list(area_links(content)) == ["Landkreis Kusel: keine Praxisbeispiele"]
    assert Land.objects.get(ags="07").outline  # the map of Germany is untouched


def test_it_keeps_to_the_place_of_the_list(client, examples):
    near = client.get("/praxisbeispiele/karte/", {"ort": "Hetzerath", "umkreis": "10"})
    assert near.context["entry_map"].total == near.context["listing"].total
    links = area_links(near.content.decode())
    assert "Landkreis Bernkastel-Wittlich: 1 Praxisbeispiel" in links
    assert "Kreisfreie Stadt Mainz: keine Praxisbeispiele" in links
