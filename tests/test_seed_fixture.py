"""The seed fixture (fixtures/seed.json), loaded once per session by tests/conftest.py."""

import pytest

from contacts.models import Contact, ContactKind
from funding.models import DeadlineState, FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.models import Region, RegionKind

pytestmark = pytest.mark.django_db


def test_it_has_sixteen_published_practice_examples():
    assert PracticeExample.objects.published().count() == 16


def test_it_gives_every_practice_example_an_operator_place_state_and_field_of_action():
    for example in PracticeExample.objects.published():
        assert example.operator_name, example.slug
        assert example.place, example.slug
        assert example.state.kind == RegionKind.STATE, example.slug
        assert example.fields_of_action.exists(), example.slug


def test_it_assigns_the_rhineland_palatinate_examples_to_their_district():
    examples = PracticeExample.objects.filter(state__slug="rheinland-pfalz")
    districts = dict(examples.values_list("slug", "district__name"))

    assert districts == {
        "zuhause-im-stadtteil-bad-muenster": "Landkreis Bad Kreuznach",
        "pflege-wg-hetzerath": "Landkreis Bernkastel-Wittlich",
    }


def test_it_has_at_least_twenty_five_published_funding_programmes():
    assert FundingProgramme.objects.published().count() >= 25


def test_it_enters_no_dates_because_the_sources_give_no_deadlines():
    programmes = FundingProgramme.objects.published()

    assert not programmes.filter(application_start__isnull=False).exists()
    assert not programmes.filter(application_end__isnull=False).exists()


def test_it_calls_a_programme_open_only_where_the_source_says_there_is_no_deadline():
    open_programmes = FundingProgramme.objects.published().open_for_applications()

    assert open_programmes.exists()
    for programme in open_programmes:
        assert programme.deadline_note.startswith(("Keine Antragsfrist", "Beratung ist jederzeit")), programme.slug
    assert FundingProgramme.objects.get(slug="soziale-stadt").deadline_state == DeadlineState.UNKNOWN
    assert FundingProgramme.objects.get(slug="anlaufstellen-fuer-aeltere-menschen").has_ended()


def test_it_includes_the_rhineland_palatinate_programme_under_sgb_xi():
    programme = FundingProgramme.objects.published().get(slug="rlp-foerderprogramm-123-124-sgb-xi")

    assert programme.legal_basis == "§§ 123, 124 SGB XI"
    assert list(programme.regions.values_list("slug", flat=True)) == ["rheinland-pfalz"]
    assert programme.contact.kind == ContactKind.STATE_ADVICE


def test_it_has_at_least_fifteen_published_contacts():
    assert Contact.objects.published().count() >= 15


def test_it_includes_the_landesberatungsstelle_at_the_lsjv():
    contact = Contact.objects.published().get(
        kind=ContactKind.STATE_ADVICE, organisation__contains="Landesamt für Soziales, Jugend und Versorgung"
    )

    assert contact.person_name == "Petra Mahler"
    assert contact.phone == "06131 967-712"
    assert contact.email == "mahler.petra@lsjv.rlp.de"
    assert list(contact.regions.values_list("slug", flat=True)) == ["rheinland-pfalz"]


def test_it_keeps_the_planned_advice_office_unpublished():
    planned = Contact.objects.get(slug="zentrale-beratungsstelle-lsjv")

    assert not planned.is_published()


def test_it_has_the_sixteen_bundeslaender():
    states = Region.objects.states()

    assert states.count() == 16
    assert sorted(states.values_list("official_key", flat=True)) == [f"{n:02d}" for n in range(1, 17)]


def test_it_has_the_thirty_six_districts_and_cities_of_rhineland_palatinate():
    districts = Region.objects.filter(parent__slug="rheinland-pfalz")

    assert districts.filter(kind=RegionKind.DISTRICT).count() == 24
    assert districts.filter(kind=RegionKind.CITY).count() == 12
    assert Region.objects.districts().count() == 36


def test_it_tells_the_district_and_the_city_of_kaiserslautern_apart():
    district = Region.objects.get(slug="landkreis-kaiserslautern")
    city = Region.objects.get(slug="kaiserslautern")

    assert (district.kind, district.official_key) == (RegionKind.DISTRICT, "07335")
    assert (city.kind, city.official_key) == (RegionKind.CITY, "07312")


def test_it_links_the_ravensburg_example_to_stiftung_liebenau():
    example = PracticeExample.objects.get(slug="ravensburg-galgenhalde")

    assert "Stiftung Liebenau" in example.contacts.values_list("name", flat=True)


def test_it_links_at_least_one_example_to_a_funding_programme():
    assert PracticeExample.objects.published().filter(funding_programmes__isnull=False).exists()


def test_it_tags_every_practice_example_with_three_to_six_tags():
    for example in PracticeExample.objects.published():
        assert 3 <= example.tags.count() <= 6, example.slug
