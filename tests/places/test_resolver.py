import pytest

from places.models import Kreis
from places.resolver import PlaceKind, choose, portal_regions, resolve
from werkzeugkoffer.models import Region, RegionKind


@pytest.fixture
def places(shared_places, db):
    """The places of the sample, loaded once for this module."""
    return shared_places


def names(candidates):
    return [(candidate.kind, candidate.name) for candidate in candidates]


def test_it_resolves_a_postcode_to_its_places_kreis_and_land(places):
    candidates = resolve("54523")
    assert names(candidates) == [(PlaceKind.POSTCODE, "Dierscheid"), (PlaceKind.POSTCODE, "Hetzerath")]
    hetzerath = candidates[1]
    assert (hetzerath.postcode, hetzerath.ags, hetzerath.gemeinde) == ("54523", "07231053", "Hetzerath")
    assert (hetzerath.kreis, hetzerath.kreis_ags) == ("Landkreis Bernkastel-Wittlich", "07231")
    assert (hetzerath.land, hetzerath.land_ags) == ("Rheinland-Pfalz", "07")
    assert hetzerath.label == "54523 Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)"


def test_a_postcode_of_many_places_gives_each(places):
    candidates = resolve(" 54518 ")
    assert len(candidates) == 10
    assert {candidate.kreis_ags for candidate in candidates} == {"07231"}
    assert all(candidate.postcode == "54518" for candidate in candidates)


def test_it_resolves_a_gemeinde_by_name(places):
    [hetzerath] = resolve("Hetzerath")
    assert (hetzerath.kind, hetzerath.ags, hetzerath.kreis_ags, hetzerath.land) == (
        PlaceKind.GEMEINDE,
        "07231053",
        "07231",
        "Rheinland-Pfalz",
    )
    assert hetzerath.latitude == pytest.approx(49.88, abs=0.02)


def test_mainz_is_one_city_by_name_and_by_postcode(places):
    by_name = resolve("Mainz")
    assert (by_name[0].kind, by_name[0].ags, by_name[0].kreis_ags) == (PlaceKind.GEMEINDE, "07315000", "07315")
    assert by_name[0].label == "Stadt Mainz (Rheinland-Pfalz)"
    [by_code] = resolve("55116")
    assert (by_code.name, by_code.ags, by_code.land) == ("Mainz", "07315000", "Rheinland-Pfalz")


def test_it_resolves_bielefeld_in_another_land(places):
    [bielefeld] = resolve("bielefeld")
    assert (bielefeld.ags, bielefeld.land, bielefeld.land_ags) == ("05711000", "Nordrhein-Westfalen", "05")


def test_it_resolves_eichstetten_by_postcode_and_by_the_beginning_of_its_name(places):
    [by_code] = resolve("79356")
    assert (by_code.name, by_code.kreis, by_code.land) == (
        "Eichstetten am Kaiserstuhl",
        "Landkreis Breisgau-Hochschwarzwald",
        "Baden-Württemberg",
    )
    [by_name] = resolve("Eichstetten")
    assert (by_name.kind, by_name.ags) == (PlaceKind.GEMEINDE, "08315030")


def test_it_resolves_a_land_and_a_kreis_by_name(places):
    [land] = resolve("Rheinland-Pfalz")
    assert (land.kind, land.ags) == (PlaceKind.LAND, "07")
    kreis = resolve("Landkreis Bernkastel-Wittlich")[0]
    assert (kreis.kind, kreis.ags, kreis.land) == (PlaceKind.KREIS, "07231", "Rheinland-Pfalz")
    assert resolve("Bernkastel-Wittlich")[0] == kreis


def test_a_city_and_a_landkreis_of_one_name_are_both_offered(places):
    candidates = resolve("Kaiserslautern")
    assert [(c.kind, c.ags) for c in candidates[:2]] == [(PlaceKind.KREIS, "07335"), (PlaceKind.GEMEINDE, "07312000")]


def test_it_resolves_a_verbandsgemeinde(places):
    [verband] = resolve("VG Wittlich-Land")
    assert (verband.kind, verband.kind_label, verband.ags, verband.kreis_ags) == (
        PlaceKind.VERBAND,
        "Verbandsgemeinde",
        "072315008",
        "07231",
    )


def test_it_reads_ae_oe_ue_as_umlauts_and_ignores_case(places):
    assert resolve("MAINZ")[0].ags == "07315000"
    assert [c.ags for c in resolve("Neustadt an der Weinstrasse")] == ["07316000"]


def test_an_ambiguous_name_offers_a_choice_with_kreis_and_land(places):
    candidates = resolve("Neustadt")
    gemeinden = [c for c in candidates if c.kind == PlaceKind.GEMEINDE]
    assert len(gemeinden) >= 5
    assert len({c.kreis_ags for c in gemeinden}) >= 5
    assert len({c.land for c in gemeinden}) > 2
    assert all(c.name.startswith("Neustadt") and c.kreis and c.land for c in candidates)
    assert len({c.label for c in candidates}) == len(candidates)


@pytest.mark.parametrize("text", ["", "   ", None, "Xyzzy", "99999", "00", "!!!", "%", "_", "a" * 500])
def test_unknown_input_gives_an_empty_list(places, text):
    assert resolve(text) == []


def test_a_null_byte_is_read_as_a_space(places):
    assert resolve("Mainz\x00")[0].ags == "07315000"


def test_it_finds_postcodes_by_their_beginning(places):
    candidates = resolve("5452")
    assert candidates
    assert all(c.postcode.startswith("5452") for c in candidates)


def test_every_kreis_of_rheinland_pfalz_is_a_region_of_the_portal(places):
    districts = Region.objects.districts().filter(parent__slug="rheinland-pfalz")
    assert districts.count() == 36
    kreise = Kreis.objects.filter(land__ags="07")
    assert kreise.count() == 36
    regions = {region.official_key: region for region in districts}
    for kreis in kreise:
        region = regions[kreis.ags]
        # The portal names them as the BKG does, with or without the kind in front.
        assert region.name in (kreis.name, f"{kreis.kind} {kreis.name}")
        expected = RegionKind.CITY if kreis.kind == "Kreisfreie Stadt" else RegionKind.DISTRICT
        assert region.kind == expected


def test_a_place_knows_its_regions_of_the_portal(places):
    hetzerath = resolve("54523")[1]
    assert [region.slug for region in portal_regions(hetzerath)] == [
        "landkreis-bernkastel-wittlich",
        "rheinland-pfalz",
    ]
    [bielefeld] = resolve("Bielefeld")
    assert [region.slug for region in portal_regions(bielefeld)] == ["nordrhein-westfalen"]


def test_the_places_of_a_preferred_land_come_first(places):
    candidates = resolve("Neustadt", prefer_land="07")
    gemeinden = [c.name for c in candidates if c.kind == PlaceKind.GEMEINDE]
    assert gemeinden[:3] == ["Neustadt (Wied)", "Neustadt an der Weinstraße", "Neustadt/Westerwald"]
    assert "Neustadt an der Weinstraße" not in [c.name for c in resolve("Neustadt")]


@pytest.mark.parametrize(
    ("text", "label", "kreis_ags", "land_ags"),
    [
        (
            "54518",
            "54518 Altrich, Arenrath, Bergweiler … (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)",
            "07231",
            "07",
        ),
        ("54523 Hetzerath", "54523 Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)", "07231", "07"),
        ("Hetzerath", "Gemeinde Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)", "07231", "07"),
        ("55116", "55116 Mainz (Rheinland-Pfalz)", "07315", "07"),
        ("mainz", "Stadt Mainz (Rheinland-Pfalz)", "07315", "07"),
        ("Bielefeld", "Stadt Bielefeld (Nordrhein-Westfalen)", "05711", "05"),
        (
            "79356",
            "79356 Eichstetten am Kaiserstuhl (Landkreis Breisgau-Hochschwarzwald, Baden-Württemberg)",
            "08315",
            "08",
        ),
        ("Landkreis Bernkastel-Wittlich", "Landkreis Bernkastel-Wittlich (Rheinland-Pfalz)", "07231", "07"),
        ("Landkreis Kaiserslautern", "Landkreis Kaiserslautern (Rheinland-Pfalz)", "07335", "07"),
        ("Stadt Kaiserslautern", "Stadt Kaiserslautern (Rheinland-Pfalz)", "07312", "07"),
        ("Rheinland-Pfalz", "Land Rheinland-Pfalz", "07", "07"),
    ],
)
def test_choose_turns_a_postcode_or_name_into_one_place(places, text, label, kreis_ags, land_ags):
    resolution = choose(text, prefer_land="07")
    assert resolution.place is not None, resolution.choices
    assert resolution.place.label == label
    assert (resolution.place.kreis_ags or resolution.place.land_ags, resolution.place.land_ags) == (kreis_ags, land_ags)
    assert resolution.notice == ""


def test_choose_offers_a_choice_for_several_places_and_a_notice_for_none(places):
    kaiserslautern = choose("Kaiserslautern")
    assert kaiserslautern.place is None
    assert {c.label for c in kaiserslautern.choices} >= {
        "Landkreis Kaiserslautern (Rheinland-Pfalz)",
        "Stadt Kaiserslautern (Rheinland-Pfalz)",
    }
    assert kaiserslautern.notice == "Zu „Kaiserslautern“ passen mehrere Orte. Bitte wählen Sie einen aus."
    neustadt = choose("Neustadt", prefer_land="07")
    assert neustadt.place is None and len(neustadt.choices) > 3
    assert neustadt.choices[0].land_ags == "07"
    for text in ("Atlantis", "00000", "Musterstadt am See", "", "   ", "\x00"):
        nowhere = choose(text)
        assert nowhere.place is None and not nowhere.choices
    assert "kennen wir nicht" in choose("Atlantis").notice
