"""Places in the search query: Länder, abbreviations, Kreise, Kreisstädte and towns of the content are understood
as regions, match the entries for them, and can become the region filter."""

import pytest

from contacts.models import Contact
from funding.models import FundingProgramme
from werkzeugkoffer.catalogue import places, search
from werkzeugkoffer.catalogue.places import Gazetteer, RegionRow, towns
from werkzeugkoffer.models import Region

RLP = RegionRow(7, "rheinland-pfalz", "Rheinland-Pfalz", "land", None)
NRW = RegionRow(5, "nordrhein-westfalen", "Nordrhein-Westfalen", "land", None)
MAINZ = RegionRow(7315, "mainz", "Mainz", "kreisfreie-stadt", 7)
KL_CITY = RegionRow(7312, "kaiserslautern", "Kaiserslautern", "kreisfreie-stadt", 7)
KL_DISTRICT = RegionRow(7335, "landkreis-kaiserslautern", "Landkreis Kaiserslautern", "landkreis", 7)
WITTLICH = RegionRow(7231, "landkreis-bernkastel-wittlich", "Landkreis Bernkastel-Wittlich", "landkreis", 7)
LANDAU = RegionRow(7313, "landau-in-der-pfalz", "Landau in der Pfalz", "kreisfreie-stadt", 7)
ALTENKIRCHEN = RegionRow(
    7132, "landkreis-altenkirchen-westerwald", "Landkreis Altenkirchen (Westerwald)", "landkreis", 7
)
REGIONS = [RLP, NRW, MAINZ, KL_CITY, KL_DISTRICT, WITTLICH, LANDAU, ALTENKIRCHEN]


@pytest.fixture
def gazetteer():
    return Gazetteer.build(REGIONS, [("Hetzerath", WITTLICH.id, RLP.id), ("Krefeld (vier Standorte)", None, NRW.id)])


def place_of(gazetteer, text):
    found = [unit for unit in search.units(text, gazetteer=gazetteer) if unit.place]
    return found[0].place if found else None


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Rheinland-Pfalz", [RLP]),
        ("rheinland pfalz", [RLP]),
        ("RLP", [RLP]),
        ("nrw", [NRW]),
        ("Mainz", [MAINZ]),
        ("Landkreis Bernkastel-Wittlich", [WITTLICH]),
        ("Bernkastel Wittlich", [WITTLICH]),
        ("Wittlich", [WITTLICH]),  # the Kreisstadt
        ("Landau", [LANDAU]),
        ("Landau in der Pfalz", [LANDAU]),
        ("Altenkirchen", [ALTENKIRCHEN]),
        ("Kaiserslautern", [KL_CITY, KL_DISTRICT]),  # the city and the Landkreis
        ("Hetzerath", [WITTLICH]),  # a town of the content, with the Kreis its entry names
        ("Krefeld", [NRW]),  # … or only the Land
    ],
)
def test_places_are_found_by_their_names_abbreviations_and_towns(gazetteer, text, regions):
    place = place_of(gazetteer, text)
    assert place is not None, text
    assert list(place.regions) == regions
    assert place.land == RLP if regions[0] is not NRW else place.land == NRW


@pytest.mark.parametrize("text", ["Bremer Heimstiftung", "Mainzer", "Pfalz", "Rhein", "Stadt", "BE", "Kreis"])
def test_other_words_are_no_places(gazetteer, text):
    assert place_of(gazetteer, text) is None


def test_the_longest_place_name_wins_and_other_words_stay_words(gazetteer):
    units = search.units("Tagespflege in Rheinland-Pfalz für Mainz", gazetteer=gazetteer)
    assert [(unit.words, unit.place and unit.place.name) for unit in units] == [
        (("tagespflege",), None),
        (("rheinland", "pfalz"), "Rheinland-Pfalz"),
        (("mainz",), "Mainz"),
    ]


def test_an_abbreviation_also_finds_the_full_name_in_the_text(gazetteer):
    (unit,) = search.units("NRW", gazetteer=gazetteer)
    assert "'nordrhein':*" in unit.source and "'westfalen':*" in unit.source


def test_towns_are_read_from_the_place_of_an_entry():
    assert towns("Bielefeld und Herford (vier Quartiere)") == ["Bielefeld", "Herford"]
    assert towns("Ostfildern, Stadtteil Nellingen") == ["Ostfildern"]
    assert towns("Bad Wildbad (Pilotstandort Ludwig-Uhland-Residenz); weitere Standorte") == ["Bad Wildbad"]


def test_removing_a_place_from_the_query_keeps_the_rest_as_typed():
    assert search.without_words("Projekte in Rheinland-Pfalz", ("rheinland", "pfalz")) == "Projekte"
    assert search.without_words("Beratung Mainz", ("mainz",)) == "Beratung"
    assert search.without_words("Mainz", ("mainz",)) == ""
    assert search.without_words("Demenz-WG bei Wittlich für Senioren", ("wittlich",)) == "Demenz-WG für Senioren"


def test_the_gazetteer_of_the_database_knows_regions_and_content_towns(db):
    gazetteer = places.load()
    assert place_of(gazetteer, "Mainz").regions[0].slug == "mainz"
    assert place_of(gazetteer, "NRW").regions[0].slug == "nordrhein-westfalen"
    assert place_of(gazetteer, "Hetzerath").regions[0].slug == "landkreis-bernkastel-wittlich"
    assert place_of(gazetteer, "Eching").regions[0].slug == "bayern"


def api(client, catalogue, query, **params):
    response = client.get(f"/api/v1/{catalogue}/", {"q": query, **params})
    assert response.status_code == 200
    return response.json()


def test_a_town_finds_the_services_responsible_for_it_and_nationwide_ones_last(client, db):
    data = api(client, "beratung", "Beratung Mainz")
    assert data["suche"]["orte"] == [{"name": "Mainz", "filter": {"region": "mainz"}}]
    slugs = [entry["slug"] for entry in data["ergebnisse"]]
    assert "landesberatungsstelle-lsjv" in slugs[:3]
    nationwide = set(Contact.objects.filter(nationwide=True).values_list("slug", flat=True))
    flags = [slug in nationwide for slug in slugs]
    assert flags == sorted(flags), slugs  # those responsible for Mainz first
    mainz = Region.objects.get(slug="mainz")
    for slug in slugs:
        contact = Contact.objects.get(slug=slug)
        assert (
            contact.nationwide
            or mainz.pk in contact.facet_regions
            or "Mainz" in contact.search_document + str(contact.town)
        ), slug


def test_a_land_abbreviation_finds_the_programmes_for_that_land(client, db):
    data = api(client, "foerderprogramme", "Quartiersmanagement Förderung NRW")
    slugs = [entry["slug"] for entry in data["ergebnisse"]]
    assert {"nrw-foerderangebot-quartiersarbeit-krefeld", "nrw-masterplan-altengerechte-quartiere"} <= set(slugs[:3])
    assert data["suche"]["orte"] == [
        {"name": "Nordrhein-Westfalen", "filter": {"foerdergebiet": "nordrhein-westfalen"}}
    ]
    nationwide = set(FundingProgramme.objects.filter(nationwide=True).values_list("slug", flat=True))
    flags = [slug in nationwide for slug in slugs]
    assert flags == sorted(flags), slugs


def test_a_kreis_becomes_its_land_where_the_filter_has_only_laender(client, db):
    data = api(client, "foerderprogramme", "Mainz")
    assert data["suche"]["orte"] == [{"name": "Mainz", "filter": {"foerdergebiet": "rheinland-pfalz"}}]


def test_a_kreisstadt_finds_the_examples_of_its_kreis(client, db):
    data = api(client, "praxisbeispiele", "Pflege-WG bei Wittlich")
    assert data["ergebnisse"][0]["slug"] == "pflege-wg-hetzerath"
    assert data["suche"]["orte"] == [{"name": "Wittlich", "filter": {"kreis": "landkreis-bernkastel-wittlich"}}]


def test_the_list_offers_to_turn_the_place_into_the_region_filter(client, db):
    page = client.get("/beratung/", {"q": "Beratung Mainz"}).content.decode()
    assert "„Mainz“ ist als Ort berücksichtigt" in page
    # „Beratung“ says what every service is: the filter alone keeps every service the search showed.
    assert 'href="?region=mainz"' in page
    assert "Nur Mainz anzeigen" in page
    searched = api(client, "beratung", "Beratung Mainz")
    filtered = client.get("/api/v1/beratung/", {"region": "mainz"}).json()
    assert {entry["slug"] for entry in searched["ergebnisse"]} <= {entry["slug"] for entry in filtered["ergebnisse"]}
    page = client.get("/praxisbeispiele/", {"q": "Demenz in Rheinland-Pfalz"}).content.decode()
    assert 'href="?q=Demenz&amp;bundesland=rheinland-pfalz"' in page
    # With the filter set, the offer is gone; the notice stays while the place is in the query.
    page = client.get("/beratung/", {"q": "Beratung Mainz", "region": "mainz"}).content.decode()
    assert "Nur Mainz anzeigen" not in page


def test_a_query_of_only_a_place_becomes_the_filter_alone(client, db):
    page = client.get("/praxisbeispiele/", {"q": "Rheinland-Pfalz"}).content.decode()
    assert 'href="?bundesland=rheinland-pfalz"' in page


def test_words_that_describe_the_catalogue_rank_but_do_not_exclude(client, db):
    # No service's text says „Ansprechpartner“ and „Trier“; every service is one, so the place decides.
    slugs = [entry["slug"] for entry in api(client, "beratung", "Ansprechpartner Trier")["ergebnisse"]]
    assert "landesberatungsstelle-lsjv" in slugs[:3]
    # Alone, such a word is searched as usual.
    assert api(client, "beratung", "Beratung")["anzahl"] < Contact.objects.published().count()


def test_a_word_naming_applicants_also_finds_programmes_that_name_none(client, db, make_programme):
    make_programme(slug="fuer-kommunen", title="Zwiebelturmförderung", applicants=["kommunen"])
    make_programme(slug="ohne-angabe", title="Zwiebelturmförderung", applicants=[])
    make_programme(slug="fuer-vereine", title="Zwiebelturmförderung", applicants=["vereine"])
    slugs = [entry["slug"] for entry in api(client, "foerderprogramme", "Zwiebelturm Kommunen")["ergebnisse"]]
    assert slugs == ["fuer-kommunen", "ohne-angabe"]
