"""The seed fixture (fixtures/seed.json), loaded once per session by tests/conftest.py."""

import re

import pytest

from contacts.models import Contact, ContactKind
from funding.models import Applicant, DeadlineState, FundingProgramme, FundingType, Level
from projects.models import AreaType, PracticeExample
from werkzeugkoffer.models import PublicationStatus, Region, RegionKind

pytestmark = pytest.mark.django_db

# Editorial remarks about a source belong into Anmerkung zur Quelle, not into the texts the public reads.
EDITORIAL_REMARK = re.compile(r"quelle|broschüre|\blaut\b|seed|nach angaben|dokumentation nennt", re.IGNORECASE)
PUBLIC_TEXTS = {
    PracticeExample: [
        "title",
        "teaser",
        "motto",
        "goals",
        "implementation",
        "special_feature",
        "financing",
        "results",
        "operator_name",
        "place",
        "partners",
        "staffing",
    ],
    FundingProgramme: [
        "title",
        "summary",
        "funded_activities",
        "funder",
        "applicants_note",
        "legal_basis",
        "amount_text",
        "deadline_note",
        "how_to_apply",
    ],
    Contact: ["name", "organisation", "description", "person_role", "opening_hours", "accessibility_note"],
}


def test_it_has_sixteen_published_practice_examples():
    assert PracticeExample.objects.published().count() == 16


def test_it_gives_every_practice_example_an_operator_place_state_and_field_of_action():
    for example in PracticeExample.objects.published().exclude(slug="bielefelder-modell"):
        assert example.operator_name, example.slug
    for example in PracticeExample.objects.published():
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


# „Results people can trust“: the seed content says only what its sources say.


def test_it_shows_no_verstetigung_traffic_light_that_no_source_gives():
    # The Krefeld workshop rated 18 single activities (14 green), not a whole project; GeiSt has no rating at all.
    assert not PracticeExample.objects.exclude(continuation="").exists()
    krefeld = PracticeExample.objects.get(slug="krefeld-suedliche-innenstadt")
    assert "14 Ampeln auf Grün" in krefeld.special_feature
    assert "teilweise gesichert" not in krefeld.results


def test_it_says_laeuft_noch_only_where_a_source_says_so():
    # Only the article of May 2025 describes a project as under way; the brochure of early 2019 cannot say so today.
    examples = PracticeExample.objects.published()

    assert set(examples.running().values_list("slug", flat=True)) == {"pflege-wg-hetzerath"}
    assert examples.filter(is_running__isnull=True).count() == 11
    for example in examples.filter(is_running__isnull=True):
        assert example.running_label() == "Laufzeit unbekannt"
        assert example.running_until is None, example.slug


def test_it_gives_geist_its_period_from_september_2014_to_august_2017():
    geist = PracticeExample.objects.get(slug="geist-steinheim")

    assert (geist.running_since, geist.running_until, geist.is_running) == (2014, 2017, False)
    assert "von September 2014 bis August 2017" in geist.teaser
    assert geist.period_label() == "2014 bis 2017 – abgeschlossen"


def test_it_calls_rostock_a_whole_city_of_about_200000_not_a_district():
    rostock = PracticeExample.objects.get(slug="kommune-inklusiv-rostock")

    assert rostock.area_type == AreaType.CITY
    assert rostock.get_area_type_display() == "Großstadt"
    assert rostock.inhabitants == 200000


def test_it_calls_ravensburg_and_ostfildern_a_mittelstadt():
    mittelstadt = PracticeExample.objects.filter(area_type=AreaType.MEDIUM_TOWN)

    assert set(mittelstadt.values_list("slug", flat=True)) == {"ravensburg-galgenhalde", "gutes-aelterwerden-nellingen"}


def test_it_gives_a_raumtyp_only_where_a_source_gives_the_size_of_the_place():
    area_types = dict(PracticeExample.objects.exclude(area_type="").values_list("slug", "area_type"))

    assert area_types == {
        "ravensburg-galgenhalde": AreaType.MEDIUM_TOWN,  # Stadt Ravensburg rund 50 000
        "altwerden-in-vrees": AreaType.VILLAGE,  # circa 1800
        "kommune-inklusiv-rostock": AreaType.CITY,  # circa 200 000
        "gutes-aelterwerden-nellingen": AreaType.MEDIUM_TOWN,  # Stadt Ostfildern rund 40 000
        "buergergemeinschaft-eichstetten": AreaType.VILLAGE,  # circa 3500
        "asz-mgh-eching": AreaType.SMALL_TOWN,  # circa 14 200
        "geist-steinheim": AreaType.SMALL_TOWN,  # circa 13 500
    }


def test_it_says_the_robert_bosch_stiftung_funded_the_research_in_eching():
    eching = PracticeExample.objects.get(slug="asz-mgh-eching")

    assert "Die Robert Bosch Stiftung hat die wissenschaftliche Begleitung gefördert" in eching.results
    assert "wissenschaftlich begleitet" not in eching.results


def test_it_names_no_operator_for_the_bielefeld_model():
    bielefeld = PracticeExample.objects.get(slug="bielefelder-modell")

    assert bielefeld.operator_name == ""
    assert bielefeld.operator_address() == ""


def test_it_says_the_interreg_project_in_vrees_was_only_planned():
    vrees = PracticeExample.objects.get(slug="altwerden-in-vrees")

    assert not vrees.funding_programmes.filter(slug="interreg-vitale-regionen").exists()
    assert "stand als Baustein des deutsch-niederländischen INTERREG-Projekts „Vitale Regionen“ auf der Agenda" in (
        vrees.implementation
    )
    assert "EU" not in vrees.results


def test_it_does_not_call_the_seg_of_ostfildern_staedtisch():
    nellingen = PracticeExample.objects.get(slug="gutes-aelterwerden-nellingen")

    for text in (nellingen.teaser, nellingen.implementation, nellingen.financing):
        assert "städtische Entwicklungsgesellschaft" not in text
    assert "Sanierungs- und Entwicklungsgesellschaft Ostfildern (SEG)" in nellingen.teaser


def test_it_states_no_source_remark_in_the_texts_of_the_practice_examples():
    for example in PracticeExample.objects.all():
        for name in PUBLIC_TEXTS[PracticeExample]:
            assert not EDITORIAL_REMARK.search(getattr(example, name)), (example.slug, name)


def test_it_gives_every_practice_example_the_date_of_its_source():
    for example in PracticeExample.objects.published():
        assert example.source, example.slug
        # Only the undated page of the Landesberatungsstelle gives no date.
        assert example.source_date or "Landesberatungsstelle" in example.source, example.slug


def test_it_marks_no_entry_as_checked_by_an_editor_when_the_seed_is_loaded():
    for model in (PracticeExample, FundingProgramme, Contact):
        assert not model.objects.filter(reviewed_at__isnull=False).exists(), model


def test_it_merges_the_two_sgb_xi_entries_into_one_programme_of_rhineland_palatinate():
    published = FundingProgramme.objects.published().filter(legal_basis__contains="§§ 123, 124 SGB XI")

    assert list(published.values_list("slug", flat=True)) == ["rlp-foerderprogramm-123-124-sgb-xi"]
    programme = published.get()
    assert (programme.level, programme.nationwide, programme.deadline_state) == (
        Level.STATE,
        False,
        DeadlineState.UNKNOWN,
    )
    assert (
        programme.website_url
        == "https://mastd.rlp.de/themen/soziales/gut-leben-im-alter/foerderprogramm-123-124-sgb-11"
    )
    # The duplicate is archived, not deleted, so that its history stays; the public no longer finds it.
    duplicate = FundingProgramme.objects.get(slug="sgb-xi-123-124")
    assert duplicate.status == PublicationStatus.ARCHIVED
    assert "rlp-foerderprogramm-123-124-sgb-xi" in duplicate.source_note


def test_it_calls_no_programme_open_whose_own_text_gives_a_past_period():
    traegerbudget = FundingProgramme.objects.get(slug="hh-traegerbudget")
    zuschlag = FundingProgramme.objects.get(slug="hh-sozialraumzuschlag-eingliederungshilfe")

    assert traegerbudget.has_ended()
    assert "2014 bis 2018" in traegerbudget.deadline_note and "2019 bis 2023" in traegerbudget.deadline_note
    assert not zuschlag.is_open()
    open_slugs = set(FundingProgramme.objects.published().open_for_applications().values_list("slug", flat=True))
    assert not open_slugs & {"hh-traegerbudget", "hh-sozialraumzuschlag-eingliederungshilfe"}


def test_it_includes_the_bundeswettbewerb_unser_dorf_hat_zukunft():
    contest = FundingProgramme.objects.published().get(slug="unser-dorf-hat-zukunft")

    assert contest.title == "Bundeswettbewerb „Unser Dorf hat Zukunft“"
    assert (contest.level, contest.funding_type) == (Level.FEDERAL, FundingType.PRIZE)
    assert contest.deadline_unknown()
    assert "Golddorf" in contest.summary
    assert list(contest.practice_examples.values_list("slug", flat=True)) == ["altwerden-in-vrees"]


def test_it_fills_antragsberechtigte_only_where_a_source_supports_it():
    filled = {
        programme.slug: programme.applicants
        for programme in FundingProgramme.objects.published().exclude(applicants=[])
    }

    assert filled == {
        # „unterstützt ... die öffentliche Verwaltung“ and „Initiatorinnen und Initiatoren“
        "rlp-foerderberatung-landesberatungsstelle": [Applicant.MUNICIPALITIES, Applicant.ASSOCIATIONS],
        # „die kommunale Förderung im Masterplan“, „etwa 80 kommunale Projekte“
        "nrw-masterplan-altengerechte-quartiere": [Applicant.MUNICIPALITIES],
        "nrw-landesfoerderplan-alter-und-pflege": [Applicant.MUNICIPALITIES],
        # agreed between Hamburger Leistungsanbieter and the Sozialbehörde
        "hh-sozialraumzuschlag-eingliederungshilfe": [Applicant.PROVIDERS],
        "hh-traegerbudget": [Applicant.PROVIDERS],
        # the Krefeld care homes' contract with the Kassen
        "leistungen-pflege-und-krankenversicherung": [Applicant.CARE_FACILITIES],
        # the five Modellkommunen
        "aktion-mensch-kommune-inklusiv": [Applicant.MUNICIPALITIES],
    }


def test_it_says_the_robert_bosch_stiftung_funded_the_research_and_did_not_do_it():
    programme = FundingProgramme.objects.get(slug="robert-bosch-stiftung")

    assert "hat die wissenschaftliche Begleitung des Alten-Service-Zentrums Eching gefördert" in programme.summary
    assert "begleitet" not in programme.summary


def test_it_presents_the_interreg_project_as_planned_in_vrees():
    programme = FundingProgramme.objects.get(slug="interreg-vitale-regionen")

    assert "auf der Agenda" in programme.summary
    assert "geplant" in programme.funded_activities
    assert not programme.practice_examples.exists()


def test_it_states_no_source_remark_in_the_texts_of_the_funding_programmes():
    for programme in FundingProgramme.objects.all():
        for name in PUBLIC_TEXTS[FundingProgramme]:
            assert not EDITORIAL_REMARK.search(getattr(programme, name)), (programme.slug, name)


def test_it_gives_the_krefeld_example_its_named_actors_as_contacts():
    krefeld = PracticeExample.objects.get(slug="krefeld-suedliche-innenstadt")
    contacts = krefeld.contacts.published()

    assert set(contacts.values_list("name", flat=True)) == {
        "Caritasverband für die Region Krefeld e.V.",
        "Der Paritätische NRW Kreisgruppe Krefeld",
        "Stadt Krefeld, Fachbereich Soziales, Senioren und Wohnen",
        "Landesbüro altengerechte Quartiere.NRW",
    }
    for contact in contacts.exclude(slug="landesbuero-altengerechte-quartiere-nrw"):
        # The report names the actors but no address, telephone number or e-mail address.
        assert (contact.street, contact.phone, contact.email, contact.website) == ("", "", "", ""), contact.slug
        assert contact.source_date == "Februar 2018"


def test_it_states_no_source_remark_in_the_texts_of_the_contacts():
    for contact in Contact.objects.all():
        for name in PUBLIC_TEXTS[Contact]:
            assert not EDITORIAL_REMARK.search(getattr(contact, name)), (contact.slug, name)


def test_it_gives_every_programme_and_contact_the_date_of_its_source():
    for model in (FundingProgramme, Contact):
        for entry in model.objects.published():
            assert entry.source, entry.slug
            # Only the undated page of the Landesberatungsstelle gives no date.
            assert entry.source_date or "Landesberatungsstelle" in entry.source, entry.slug
