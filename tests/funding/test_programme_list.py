"""The funding list as a person uses it: the ended-programmes choice and applicants nobody named."""

import datetime

import pytest
from django.utils import timezone

from funding.filters import three_months_after
from funding.models import Applicant, DeadlineState, FundingProgramme

DAY = datetime.timedelta(days=1)


def listing(client, **params):
    return client.get("/foerderprogramme/", {"q": "Testprogramm", **params}).context["listing"]


def facet(listing, name):
    return next(facet for facet in listing.facets if facet.name == name)


def test_it_shows_only_current_programmes_as_one_visible_default_choice(client, make_programme):
    make_programme(slug="offen")
    make_programme(slug="beendet", deadline_state=DeadlineState.ENDED)

    page = client.get("/foerderprogramme/", {"q": "Testprogramm"})
    content = page.content.decode()
    assert [entry.slug for entry in page.context["listing"].page] == ["offen"]
    assert '<input type="radio" name="abgelaufene" value="" id="f-abgelaufene-nein" checked>' in content
    assert "nur aktuelle Programme" in content and "auch abgelaufene Programme" in content
    # The default is no chip, and none of the status boxes is ticked on its behalf.
    assert [chip.label for chip in page.context["listing"].chips] == ["Suche: Testprogramm"]
    assert 'name="status" value="offen" id="f-status-offen" checked' not in content


def test_it_includes_ended_programmes_when_asked_and_the_chip_leads_back(client, make_programme):
    make_programme(slug="offen")
    make_programme(slug="beendet", deadline_state=DeadlineState.ENDED)

    chosen = listing(client, abgelaufene="ja")
    assert {entry.slug for entry in chosen.page} == {"offen", "beendet"}
    chip = next(chip for chip in chosen.chips if chip.label.startswith("Abgelaufene"))
    assert chip.label == "Abgelaufene Programme: auch abgelaufene Programme"
    assert "abgelaufene" not in chip.url
    assert [(o.value, o.count) for o in facet(chosen, "abgelaufene").options] == [("nein", 1), ("ja", 2)]
    # Sent explicitly, the default is still no choice of the person's.
    assert [chip.label for chip in listing(client, abgelaufene="nein").chips] == ["Suche: Testprogramm"]


def test_an_older_link_asking_for_closed_programmes_still_finds_them(client, make_programme):
    make_programme(slug="offen")
    make_programme(slug="beendet", deadline_state=DeadlineState.ENDED)

    found = listing(client, status="geschlossen")
    assert [entry.slug for entry in found.page] == ["beendet"]


def test_programmes_that_name_no_applicants_are_an_option_of_their_own(client, make_programme):
    make_programme(slug="fuer-kommunen", applicants=[Applicant.MUNICIPALITIES])
    make_programme(slug="ohne-angabe", applicants=[])

    everything = facet(listing(client), "antragsberechtigte")
    counts = {option.value: option.count for option in everything.visible_options}
    assert counts == {"kommunen": 1, "nicht-angegeben": 1}
    assert [option.label for option in everything.visible_options][-1] == "nicht angegeben"
    only_unknown = listing(client, antragsberechtigte="nicht-angegeben")
    assert [entry.slug for entry in only_unknown.page] == ["ohne-angabe"]
    both = listing(client, antragsberechtigte=["kommunen", "nicht-angegeben"])
    assert {entry.slug for entry in both.page} == {"fuer-kommunen", "ohne-angabe"}


def test_a_chosen_applicant_group_offers_the_programmes_that_name_none(client, make_programme):
    make_programme(slug="fuer-kommunen", applicants=[Applicant.MUNICIPALITIES])
    make_programme(slug="ohne-angabe", applicants=[])

    page = client.get("/foerderprogramme/", {"q": "Testprogramm", "antragsberechtigte": "kommunen"})
    found = page.context["listing"]
    assert [entry.slug for entry in found.page] == ["fuer-kommunen"]
    [offer] = found.unknown_offers
    assert offer.label == "Auch 1 Eintrag ohne Angabe zu „Antragsberechtigte“ anzeigen"
    assert offer.url in page.content.decode().replace("&amp;", "&")
    followed = client.get("/foerderprogramme/" + offer.url).context["listing"]
    assert {entry.slug for entry in followed.page} == {"fuer-kommunen", "ohne-angabe"}
    assert followed.unknown_offers == []


def test_cards_and_details_say_when_no_applicants_are_named(client, make_programme):
    programme = make_programme(slug="ohne-angabe", applicants=[])
    expected = "Antragsberechtigte: nicht angegeben – bitte beim Fördergeber erfragen"
    assert expected in client.get("/foerderprogramme/", {"q": "Testprogramm"}).content.decode()
    assert (
        "nicht angegeben – bitte beim Fördergeber erfragen" in client.get(programme.get_absolute_url()).content.decode()
    )


def test_programmes_valid_nowhere_named_count_as_region_not_stated(client, make_programme):
    make_programme(slug="ohne-gebiet", nationwide=False)
    make_programme(slug="bundesweit", nationwide=True)

    area = facet(listing(client), "foerdergebiet")
    unknown = next(option for option in area.options if option.value == "nicht-angegeben")
    assert unknown.count == 1
    assert [e.slug for e in listing(client, foerdergebiet="nicht-angegeben").page] == ["ohne-gebiet"]
    # A nationwide programme counts for every Land, but not as „nicht angegeben“.
    assert {e.slug for e in listing(client, foerdergebiet="bayern").page} == {"bundesweit"}
    assert FundingProgramme.objects.filter(slug="ohne-gebiet", regions__isnull=True).exists()


def test_the_printed_list_names_the_default_that_leaves_ended_programmes_out(client, make_programme):
    make_programme(slug="offen")
    content = client.get("/foerderprogramme/", {"q": "Testprogramm"}).content.decode()
    assert "Voreinstellung: Abgelaufene Programme: nur aktuelle Programme" in content
    chosen = client.get("/foerderprogramme/", {"q": "Testprogramm", "abgelaufene": "ja"}).content.decode()
    assert "Voreinstellung" not in chosen


def test_opening_within_three_months_is_an_option_of_the_status(client, make_programme):
    today = timezone.localdate()
    make_programme(slug="offen", deadline_state=DeadlineState.ENTERED, application_end=today + 10 * DAY)
    make_programme(slug="in-zwei-monaten", deadline_state=DeadlineState.ENTERED, application_start=today + 60 * DAY)
    make_programme(slug="in-fuenf-monaten", deadline_state=DeadlineState.ENTERED, application_start=today + 150 * DAY)
    make_programme(slug="frist-unbekannt", deadline_state=DeadlineState.UNKNOWN)

    soon = listing(client, status=["offen", "in-3-monaten"])
    assert {entry.slug for entry in soon.page} == {"offen", "in-zwei-monaten"}
    options = {option.value: option.count for option in facet(soon, "status").options}
    assert options["in-3-monaten"] == 1 and options["demnaechst"] == 2
    assert [option.value for option in facet(soon, "status").options][:3] == ["offen", "demnaechst", "in-3-monaten"]
    assert "Antragsstatus: öffnet in den nächsten 3 Monaten" in [chip.label for chip in soon.chips]


def test_a_chosen_status_offers_the_programmes_whose_deadline_is_not_known(client, make_programme):
    make_programme(slug="offen", deadline_state=DeadlineState.ENTERED)
    make_programme(slug="frist-unbekannt", deadline_state=DeadlineState.UNKNOWN)
    make_programme(slug="frist-unbekannt-2", deadline_state=DeadlineState.UNKNOWN)

    chosen = listing(client, status="offen")
    assert [entry.slug for entry in chosen.page] == ["offen"]
    [offer] = chosen.unknown_offers
    assert offer.label == "Auch 2 Einträge mit unbekannter Antragsfrist anzeigen"
    offered = client.get("/foerderprogramme/" + offer.url).context["listing"]
    assert {entry.slug for entry in offered.page} == {"offen", "frist-unbekannt", "frist-unbekannt-2"}
    # Once they are shown, nothing more is offered.
    assert offered.unknown_offers == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-12-04", "2027-03-04"),
        ("2026-11-30", "2027-02-28"),
        ("2027-11-30", "2028-02-29"),
        ("2027-01-31", "2027-04-30"),
        ("2027-10-15", "2028-01-15"),
    ],
)
def test_three_months_after_keeps_the_day_or_takes_the_last_of_the_month(day, expected):
    assert three_months_after(datetime.date.fromisoformat(day)) == datetime.date.fromisoformat(expected)


def test_two_chosen_facts_offer_the_programmes_that_state_neither(client, make_programme):
    make_programme(slug="offen-fuer-vereine", deadline_state=DeadlineState.ENTERED, applicants=[Applicant.ASSOCIATIONS])
    make_programme(slug="ohne-alles", deadline_state=DeadlineState.UNKNOWN, applicants=[])
    make_programme(slug="ohne-alles-2", deadline_state=DeadlineState.UNKNOWN, applicants=[])
    make_programme(slug="fuer-kommunen", deadline_state=DeadlineState.UNKNOWN, applicants=[Applicant.MUNICIPALITIES])

    chosen = listing(client, status="offen", antragsberechtigte="vereine")
    assert [entry.slug for entry in chosen.page] == ["offen-fuer-vereine"]
    # Neither single offer finds them: each other filter still hides them.
    offer = chosen.unknown_offers[-1]
    assert offer.label == "Auch 2 Einträge anzeigen, denen Angaben zu „Antragsstatus“ oder „Antragsberechtigte“ fehlen"
    assert len(chosen.unknown_offers) == 1
    offered = client.get("/foerderprogramme/" + offer.url).context["listing"]
    assert {entry.slug for entry in offered.page} == {"offen-fuer-vereine", "ohne-alles", "ohne-alles-2"}
    assert offered.unknown_offers == []


def test_no_combined_offer_when_a_single_one_shows_as_much(client, make_programme):
    make_programme(slug="offen-fuer-vereine", deadline_state=DeadlineState.ENTERED, applicants=[Applicant.ASSOCIATIONS])
    make_programme(slug="vereine-frist-unbekannt", deadline_state=DeadlineState.UNKNOWN, applicants=["vereine"])

    chosen = listing(client, status="offen", antragsberechtigte="vereine")
    assert [offer.label for offer in chosen.unknown_offers] == ["Auch 1 Eintrag mit unbekannter Antragsfrist anzeigen"]
