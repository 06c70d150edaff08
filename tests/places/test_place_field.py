"""The place field of the lists (?ort=…&umkreis=…): coverage before proximity, distances, choices, notices, and
counts that stay honest with the facets. Places come from the sample data (see conftest.py)."""

import math
import re

import pytest
from django.db.models import Avg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import ContactKind
from funding.models import FundingProgramme
from places.models import Gemeinde, Kreis, Land
from places.resolver import choose, kreis_place, land_place
from tests.werkzeugkoffer.test_facets import alone, as_query, get, selection
from werkzeugkoffer.models import Region


@pytest.fixture
def places(shared_places, db):
    """The places of the sample, loaded once for this module."""
    return shared_places


BERATUNG = "/api/v1/beratung/"
BEISPIELE = "/api/v1/praxisbeispiele/"
FOERDERUNG = "/api/v1/foerderprogramme/"


def point(name):
    gemeinde = Gemeinde.objects.get(name=name)
    return {"latitude": gemeinde.latitude, "longitude": gemeinde.longitude, "ags": gemeinde.ags}


def km(a, b):
    """The straight line between two points (haversine), as a check independent of the database's."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def names(data):
    return [entry.get("name") or entry.get("titel") for entry in data["ergebnisse"]]


@pytest.fixture
def region():
    return lambda key: Region.objects.get(official_key=key)


@pytest.fixture
def services(places, make_contact, region):
    """Advice services around Hetzerath (Landkreis Bernkastel-Wittlich) and further away."""
    wittlich = make_contact(
        name="Pflegestützpunkt Wittlich", slug="psp-wittlich", kind=ContactKind.CARE_SUPPORT, **point("Wittlich")
    )
    wittlich.regions.add(region("07231"))
    kaiserslautern = make_contact(
        name="Seniorenberatung Kaiserslautern", slug="sb-kl", kind=ContactKind.MUNICIPAL, **point("Kaiserslautern")
    )
    kaiserslautern.regions.add(region("07312"))
    # No region stated, but near Hetzerath: found by its point.
    make_contact(name="Wohnberatung an der Mosel", slug="wb-mosel", kind=ContactKind.WELFARE, **point("Hetzerath"))
    wiesbaden = make_contact(
        name="Wohnberatung Wiesbaden", slug="wb-wiesbaden", kind=ContactKind.MUNICIPAL, **point("Wiesbaden")
    )
    wiesbaden.regions.add(region("06"))


def test_responsibility_beats_proximity_in_the_advice_order(client, services):
    data = get(client, BERATUNG, {"ort": "54523 Hetzerath"})
    found = names(data)
    assert data["ort"]["name"] == "54523 Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)"
    # The Kreis's own service first, then those for all of Rheinland-Pfalz, then nationwide, then the one nearby.
    assert found[0] == "Pflegestützpunkt Wittlich"
    first_land = found.index("Landesberatungsstelle beim Landesamt für Soziales, Jugend und Versorgung Rheinland-Pfalz")
    nationwide = found.index("Netzwerk: Soziales neu gestalten (SONG) e. V.")
    nearby = found.index("Wohnberatung an der Mosel")
    assert 0 < first_land < nationwide < nearby
    # Those responsible elsewhere and far away are not listed.
    assert "Seniorenberatung Kaiserslautern" not in found
    assert "Wohnberatung Wiesbaden" not in found
    by_name = {entry["name"]: entry for entry in data["ergebnisse"]}
    assert by_name["Pflegestützpunkt Wittlich"]["ortsbezug"].startswith(
        "zuständig für den Landkreis Bernkastel-Wittlich"
    )
    assert by_name["Wohnberatung an der Mosel"]["ortsbezug"].endswith("km entfernt (Luftlinie)")


def test_within_the_land_advice_services_come_before_the_traeger_of_examples(client, db, places):
    for text in ("Mainz", "55116"):
        data = get(client, BERATUNG, {"ort": text})
        assert names(data)[0].startswith("Landesberatungsstelle"), text
        assert data["ergebnisse"][0]["ortsbezug"] == "zuständig für Rheinland-Pfalz"


def test_distances_are_plausible(client, services):
    hetzerath, wittlich, mainz, wiesbaden = map(point, ["Hetzerath", "Wittlich", "Mainz", "Wiesbaden"])
    data = get(client, BERATUNG, {"ort": "Hetzerath"})
    distances = {entry["name"]: entry["entfernung_km"] for entry in data["ergebnisse"]}
    assert distances["Pflegestützpunkt Wittlich"] == pytest.approx(km(hetzerath, wittlich), abs=10)
    assert distances["Wohnberatung an der Mosel"] == pytest.approx(0, abs=1)
    data = get(client, BERATUNG, {"ort": "55116", "umkreis": "25"})
    distances = {entry["name"]: entry["entfernung_km"] for entry in data["ergebnisse"]}
    # Wiesbaden is in Hessen but across the Rhine from Mainz: near, with the distance between the town centres.
    assert distances["Wohnberatung Wiesbaden"] == pytest.approx(km(mainz, wiesbaden), abs=10)


def test_the_radius_narrows_what_counts_as_near(client, services):
    near = names(get(client, BERATUNG, {"ort": "Mainz", "umkreis": "10"}))
    wider = names(get(client, BERATUNG, {"ort": "Mainz", "umkreis": "100"}))
    assert "Seniorenberatung Kaiserslautern" not in near
    assert "Seniorenberatung Kaiserslautern" in wider  # about 60 km from Mainz


def test_a_kreis_or_land_lists_what_lies_within_without_distances(client, services):
    data = get(client, BERATUNG, {"ort": "Landkreis Bernkastel-Wittlich"})
    assert data["ort"]["art"] == "Kreis"
    assert names(data)[0] == "Pflegestützpunkt Wittlich"
    assert all(entry["entfernung_km"] is None for entry in data["ergebnisse"])
    assert data["ort"]["umkreis_km"] is None
    hessen = names(get(client, BERATUNG, {"ort": "Hessen"}))
    assert "Wohnberatung Wiesbaden" in hessen
    assert "Pflegestützpunkt Wittlich" not in hessen


def test_practice_examples_in_the_kreis_come_first_then_those_nearby(client, places, make_example, region, rlp):
    make_example(title="Dorfladen Hetzerath", slug="dorfladen", place="Hetzerath", **point("Hetzerath"))
    make_example(title="Wohncafé Wittlich", slug="wohncafe", place="Wittlich", district=region("07231"))
    make_example(
        title="Quartier Wiesbaden", slug="quartier-wi", place="Wiesbaden", state=region("06"), **point("Wiesbaden")
    )
    make_example(title="Nachbarschaft Kaiserslautern", slug="nb-kl", place="Kaiserslautern", **point("Kaiserslautern"))
    make_example(title="Irgendwo in Rheinland-Pfalz", slug="irgendwo", place="Rheinland-Pfalz")
    data = get(client, BEISPIELE, {"ort": "Hetzerath"})
    found = names(data)
    assert found[:2] == ["Dorfladen Hetzerath", "Wohncafé Wittlich"]
    assert "Quartier Wiesbaden" not in found and "Nachbarschaft Kaiserslautern" not in found
    # Where within the Land an example is, its entry does not say: it is listed last, as such.
    assert found[-1] == "Irgendwo in Rheinland-Pfalz" or "Irgendwo in Rheinland-Pfalz" in found
    by_title = {entry["titel"]: entry for entry in data["ergebnisse"]}
    assert by_title["Irgendwo in Rheinland-Pfalz"]["ortsbezug"] == "in Rheinland-Pfalz, Ort nicht genauer angegeben"
    assert (
        by_title["Dorfladen Hetzerath"]["ortsbezug"] == "im Landkreis Bernkastel-Wittlich · 0,0 km entfernt (Luftlinie)"
    )
    near_mainz = names(get(client, BEISPIELE, {"ort": "Mainz", "umkreis": "25"}))
    assert "Quartier Wiesbaden" in near_mainz and "Dorfladen Hetzerath" not in near_mainz


def test_funding_for_the_kreis_the_land_and_germany_covers_the_place(client, places, make_programme, region):
    kreis = make_programme(title="Kreisprogramm Testquartier Bernkastel-Wittlich", slug="kreis-bw")
    kreis.regions.add(region("07231"))
    land = make_programme(title="Landesprogramm Testquartier", slug="land-rp")
    land.regions.add(region("07"))
    make_programme(title="Bundesprogramm Testquartier", slug="bund", nationwide=True)
    hessen = make_programme(title="Hessenprogramm Testquartier", slug="hessen")
    hessen.regions.add(region("06"))
    other_kreis = make_programme(title="Kreisprogramm Testquartier Kaiserslautern", slug="kreis-kl")
    other_kreis.regions.add(region("07312"))
    unknown = make_programme(title="Testquartier ohne Fördergebiet", slug="ohne")
    assert not unknown.nationwide
    every = {"status": ["offen", "demnaechst", "unbekannt", "geschlossen"]}
    data = get(client, FOERDERUNG, {"ort": "54523", "q": "Testquartier"} | every)
    found = names(data)
    order = [
        found.index("Kreisprogramm Testquartier Bernkastel-Wittlich"),
        found.index("Landesprogramm Testquartier"),
        found.index("Bundesprogramm Testquartier"),
        found.index("Testquartier ohne Fördergebiet"),
    ]
    assert order == sorted(order)
    assert "Hessenprogramm Testquartier" not in found
    assert "Kreisprogramm Testquartier Kaiserslautern" not in found
    by_title = {entry["titel"]: entry for entry in data["ergebnisse"]}
    assert by_title["Testquartier ohne Fördergebiet"]["ortsbezug"] == "Fördergebiet nicht angegeben"
    assert FundingProgramme.objects.filter(regions__isnull=True, nationwide=False).exists()


def test_an_ambiguous_name_offers_a_choice_that_then_applies(client, db, places):
    response = client.get("/beratung/", {"ort": "Neustadt"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zu „Neustadt“ passen mehrere Orte. Welchen meinen Sie?" in page
    links = re.findall(r'<li><a href="(\?[^"]*ort=[^"]*)">([^<]*)</a></li>', page)
    labels = [label for _url, label in links]
    assert "Stadt Neustadt an der Weinstraße (Rheinland-Pfalz)" in labels
    # The places of Rheinland-Pfalz, the portal's Land, come first.
    assert all("Rheinland-Pfalz" in label for label in labels[:3])
    url = {label: url for url, label in links}["Stadt Neustadt an der Weinstraße (Rheinland-Pfalz)"]
    chosen = client.get("/beratung/" + url.replace("&amp;", "&"))
    assert "Ort: Stadt Neustadt an der Weinstraße (Rheinland-Pfalz), Umkreis 50 km" in chosen.content.decode()
    api = get(client, BERATUNG, {"ort": "Neustadt"})
    assert api["ort"]["aufgeloest"] is False and len(api["ort"]["auswahl"]) > 3


@pytest.mark.parametrize(
    "params",
    [
        {"ort": "Atlantis"},
        {"ort": "99999"},
        {"ort": "12"},
        {"ort": "\x00"},
        {"ort": "x" * 5000},
        {"ort": "(((("},
        {"ort": "Mainz", "umkreis": "7"},
        {"ort": "Mainz", "umkreis": "-1e309"},
        {"ort": "Mainz", "sort": "naehe", "page": "99"},
        {"sort": "naehe"},
    ],
)
def test_bad_place_input_gets_a_german_answer_never_an_error(client, db, places, params):
    for url in ("/beratung/", "/praxisbeispiele/", "/foerderprogramme/", BERATUNG):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
    page = client.get("/beratung/", params).content.decode()
    if params.get("ort") in ("Atlantis", "99999", "(((("):
        assert "kennen wir nicht" in page
    if params.get("umkreis") == "7":
        assert "Den Umkreis „7“ gibt es nicht" in page


def test_a_list_without_places_says_it_ignores_the_place(client, db, places):
    page = client.get("/handlungsempfehlungen/", {"ort": "Mainz"}).content.decode()
    assert "lässt sich nicht nach Ort eingrenzen" in page


def test_the_place_field_and_the_cards_say_why_an_entry_is_listed(client, services):
    page = client.get("/beratung/", {"ort": "Hetzerath", "umkreis": "25"}).content.decode()
    assert 'name="ort" value="Hetzerath"' in page
    assert '<option value="25" selected>25 km</option>' in page
    assert '<p class="card-place">zuständig für den Landkreis Bernkastel-Wittlich' in page
    assert "Ort: Gemeinde Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz), Umkreis 25 km" in page
    # The funding list has no radius: its programmes are not at a point.
    funding = client.get("/foerderprogramme/", {"ort": "Hetzerath"}).content.decode()
    assert 'name="ort"' in funding and 'name="umkreis"' not in funding


def test_nothing_near_offers_a_wider_radius_and_dropping_the_place(client, places, make_example):
    page = client.get("/praxisbeispiele/", {"ort": "Wiesbaden", "umkreis": "10"}).content.decode()
    assert "Im Umkreis von 100 km suchen" in page
    assert "Nicht mehr nach Ort eingrenzen" in page


def test_place_suggestions_are_labels_that_resolve(client, db, places):
    data = client.get("/api/v1/vorschlaege/", {"q": "Neust", "typ": "ort"}).json()
    texts = [item["text"] for item in data["vorschlaege"]]
    assert texts and all(item["art"] == "Ort" and item["url"] is None for item in data["vorschlaege"])
    assert texts[0].endswith("Rheinland-Pfalz)")
    for text in texts:
        assert choose(text, prefer_land="07").place.label == text


def test_every_kreis_and_land_label_resolves_to_that_place(db, places):
    centre = {"lat": Avg("gemeinden__latitude"), "lon": Avg("gemeinden__longitude")}
    kreise = Kreis.objects.select_related("land").annotate(**centre).filter(lat__isnull=False)
    assert kreise.count() > 5
    for place in [
        *map(kreis_place, kreise),
        *map(land_place, Land.objects.annotate(**centre).filter(lat__isnull=False)),
    ]:
        chosen = choose(place.label).place
        assert (chosen.kind, chosen.ags, chosen.label) == (place.kind, place.ags, place.label)


PLACES = ["Mainz", "55116", "54523", "Hetzerath", "Landkreis Bernkastel-Wittlich", "Bielefeld", "Hessen", "Neustadt"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_counts_stay_honest_with_a_place_and_facets(client, services, data):
    url = data.draw(st.sampled_from([BERATUNG, BEISPIELE, FOERDERUNG]), label="list")
    place = data.draw(st.sampled_from(PLACES), label="ort")
    radius = data.draw(st.sampled_from(["", "10", "100"]), label="umkreis")
    base = {"ort": place} | ({"umkreis": radius} if radius else {})
    start = get(client, url, base)
    params = []
    for facet in start["facetten"]:
        values = [option["wert"] for option in facet["optionen"]]
        if values:
            params += [(facet["name"], value) for value in data.draw(st.lists(st.sampled_from(values), max_size=2))]
    result = get(client, url, base | as_query(params))
    assert len(result["ergebnisse"]) == min(result["anzahl"], 20)
    shown = [facet for facet in result["facetten"] if facet["optionen"]]
    if not shown:
        return
    facet = data.draw(st.sampled_from(shown), label="facet")
    option = data.draw(st.sampled_from(facet["optionen"]), label="option")
    ticked = get(client, url, base | as_query(alone(selection(result), facet["name"], option["wert"])))
    assert ticked["anzahl"] == option["anzahl"]
    # The place never lets in more than the list without it.
    assert result["anzahl"] <= get(client, url, as_query(params))["anzahl"]


def test_the_start_page_offers_the_place_field(client, db):
    page = client.get("/").content.decode()
    assert '<form class="wk-nearby__form" action="/suche/" method="get">' in page
    assert 'name="ort"' in page and 'data-suggest-scope="ort"' in page


def test_the_global_search_shows_what_each_list_holds_for_a_place(client, services):
    page = client.get("/suche/", {"ort": "Hetzerath"}).content.decode()
    assert "Für Gemeinde Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)" in page
    for url, noun in ((BERATUNG, "Beratungsstellen"), (BEISPIELE, "Praxisbeispiel"), (FOERDERUNG, "Förderprogramme")):
        count = get(client, url, {"ort": "Hetzerath"})["anzahl"]
        assert f">{count} {noun}" in page or (count == 0 and f"Keine {noun}" in page), noun
    assert 'Pflegestützpunkt Wittlich</a> <span class="card-place-inline">– zuständig für den Landkreis' in page
    assert 'href="/beratung/?ort=Gemeinde+Hetzerath+%28Landkreis+Bernkastel-Wittlich%2C+Rheinland-Pfalz%29"' in page


def test_the_global_search_with_words_keeps_to_the_place(client, services):
    page = client.get("/suche/", {"q": "Beratung", "ort": "Hetzerath"}).content.decode()
    assert "Ort: Gemeinde Hetzerath" in page
    assert "Wohnberatung an der Mosel" in page
    assert "Seniorenberatung Kaiserslautern" not in page
    anywhere = client.get("/suche/", {"q": "Beratung"}).content.decode()
    assert "Seniorenberatung Kaiserslautern" in anywhere
    choice = client.get("/suche/", {"ort": "Neustadt"}).content.decode()
    assert "Welchen meinen Sie?" in choice and "kennen wir nicht" not in choice
