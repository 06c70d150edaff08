import pytest

from places.locating import locate_address, name_forms, nearest_gemeinde, point_errors
from places.models import LocationSource


def test_it_locates_a_postcode_and_town_at_that_place_of_the_postcode(places):
    location = locate_address("54523", "Hetzerath")
    assert location.source == LocationSource.POSTCODE
    assert (location.latitude, location.longitude, location.ags) == (49.8833, 6.8167, "07231053")


def test_it_reads_the_town_as_the_resolver_does(places):
    assert locate_address("54518", "MINHEIM").latitude == 49.8649
    assert locate_address(" 55124 ", "Mainz-Gonsenheim").ags == "07315000"


def test_a_town_that_is_no_place_of_the_postcode_gives_the_mean_of_its_places(places):
    location = locate_address("54518", "Wittlich-Land")
    assert location.source == LocationSource.POSTCODE
    assert location.latitude == pytest.approx(49.93, abs=0.02)
    assert location.longitude == pytest.approx(6.83, abs=0.03)
    assert location.ags.startswith("07231")


def test_it_locates_a_town_alone_at_its_gemeinde(places):
    location = locate_address("", "Hetzerath")
    assert (location.source, location.ags) == (LocationSource.TOWN, "07231053")
    assert location.latitude == pytest.approx(49.88, abs=0.02)


def test_an_unknown_postcode_falls_back_to_the_town(places):
    assert locate_address("99999", "Eichstetten am Kaiserstuhl").source == LocationSource.TOWN


def test_a_town_of_many_places_needs_its_land_or_kreis(places):
    assert locate_address("", "Neustadt") is None
    assert locate_address("", "Neustadt an der Weinstraße").ags == "07316000"
    assert locate_address("", "Neustadt (Wied)", land_ags="07").ags.startswith("07138")


def test_a_town_is_only_taken_inside_the_given_land(places):
    kastel = locate_address("", "Mainz-Kastel", land_ags="06")
    assert kastel.ags.startswith("06414")
    # Mainz-Kastel is a part of Wiesbaden: in Rheinland-Pfalz it is nothing, and never „Mainz“.
    assert locate_address("", "Mainz-Kastel", land_ags="07") is None
    assert locate_address("", "Hetzerath", kreis_ags="07315") is None
    assert locate_address("", "Hetzerath", kreis_ags="07231").ags == "07231053"


def test_it_reads_the_town_before_a_description_of_the_quarter(places):
    assert name_forms("Krefeld-Inrath") == ["Krefeld-Inrath", "Krefeld"]
    assert name_forms("Bielefeld (vier Quartiere)") == ["Bielefeld (vier Quartiere)", "Bielefeld"]
    assert name_forms("Neustadt/Westerwald") == ["Neustadt/Westerwald"]
    assert locate_address("", "Bielefeld, südliche Innenstadt", land_ags="05").ags == "05711000"
    assert locate_address("", "Mainz-Gonsenheim", kreis_ags="07315").ags == "07315000"


@pytest.mark.parametrize(
    ("postcode", "town"),
    [("", ""), (None, None), ("", "Xyzzy"), ("99999", ""), ("", "Bielefeld und Herford"), ("5452", "")],
)
def test_an_address_the_places_do_not_tell_gives_none(places, postcode, town):
    assert locate_address(postcode, town) is None


def test_without_place_data_nothing_is_located(db):
    assert locate_address("54523", "Hetzerath") is None
    assert nearest_gemeinde(49.88, 6.82) == ""


def test_a_point_belongs_to_the_nearest_gemeinde(places):
    assert nearest_gemeinde(49.884, 6.815) == "07231053"
    assert nearest_gemeinde(50.0, 8.27) == "07315000"


@pytest.mark.parametrize(
    ("latitude", "longitude", "fields"),
    [
        (49.88, None, ["longitude"]),
        (None, 6.82, ["latitude"]),
        (6.82, 49.88, ["latitude"]),
        (40.0, 6.82, ["latitude"]),
        (49.88, 20.0, ["longitude"]),
        (0.0, 0.0, ["latitude", "longitude"]),
        (float("nan"), 6.82, ["latitude"]),
    ],
)
def test_a_typed_point_outside_germany_or_half_given_is_refused(latitude, longitude, fields):
    errors = point_errors(latitude, longitude)
    assert sorted(errors) == fields
    assert all("Breite" in message or "Länge" in message for message in errors.values())


def test_a_point_in_germany_or_none_is_accepted():
    assert point_errors(49.88, 6.82) == {}
    assert point_errors(None, None) == {}
