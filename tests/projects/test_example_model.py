import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from projects.models import PracticeExample
from werkzeugkoffer.models import PublicationStatus, Region


def test_published_hides_drafts_and_archived_entries(make_example):
    make_example(slug="entwurf", status=PublicationStatus.DRAFT)
    make_example(slug="archiv", status=PublicationStatus.ARCHIVED)
    visible = make_example(slug="sichtbar")
    slugs = set(PracticeExample.objects.published().values_list("slug", flat=True))
    assert visible.slug in slugs
    assert "entwurf" not in slugs
    assert "archiv" not in slugs


def test_running_keeps_only_running_examples(make_example):
    make_example(slug="laeuft", is_running=True)
    make_example(slug="vorbei", is_running=False, running_since=2010, running_until=2015)
    make_example(slug="unbekannt", running_since=2010)
    slugs = set(PracticeExample.objects.running().values_list("slug", flat=True))
    assert "laeuft" in slugs
    assert "vorbei" not in slugs
    assert "unbekannt" not in slugs


def test_it_knows_no_running_state_unless_told(make_example):
    example = make_example(running_since=2007)

    assert example.is_running is None
    assert example.running_label() == "Laufzeit unbekannt"
    assert example.period_label() == "Beginn 2007 – Laufzeit unbekannt"


@pytest.mark.parametrize(
    "fields, label",
    [
        ({"is_running": True, "running_since": 2007}, "seit 2007 – läuft noch"),
        ({"is_running": False, "running_since": 2014, "running_until": 2017}, "2014 bis 2017 – abgeschlossen"),
        ({"is_running": False, "running_since": 2018}, "Beginn 2018 – abgeschlossen"),
        ({}, "Laufzeit unbekannt"),
    ],
)
def test_it_describes_the_period_in_words(make_example, fields, label):
    assert make_example(**fields).period_label() == label


def test_it_rejects_an_unknown_status(make_example):
    with pytest.raises(IntegrityError):
        make_example(status="geheim")


def test_it_rejects_an_end_before_the_start(make_example):
    with pytest.raises(IntegrityError):
        make_example(is_running=False, running_since=2015, running_until=2010)


def test_it_rejects_an_ended_example_that_still_runs(make_example):
    with pytest.raises(IntegrityError):
        make_example(is_running=True, running_since=2010, running_until=2015)


def test_it_rejects_an_end_year_beside_an_unknown_running_state(make_example):
    with pytest.raises(IntegrityError):
        make_example(running_since=2010, running_until=2015)


def test_it_allows_an_example_without_a_named_operator(make_example):
    example = make_example(operator_name="")

    example.full_clean()


def test_it_rejects_an_implausible_start_year(make_example):
    with pytest.raises(IntegrityError):
        make_example(running_since=20)


def test_it_rejects_a_district_outside_the_state(make_example):
    district = Region.objects.get(slug="rheinland-pfalz").children.first()
    example = make_example(state=Region.objects.get(slug="bayern"), district=district)
    with pytest.raises(ValidationError):
        example.full_clean()


def test_it_lists_partners_one_per_line(make_example):
    example = make_example(partners="Stadt Mainz\n\n  Wohnbau Mainz GmbH  \n")
    assert example.partner_list() == ["Stadt Mainz", "Wohnbau Mainz GmbH"]


def test_it_formats_the_operator_address(make_example):
    example = make_example(operator_street="Hauptstraße 1", operator_postcode="55116", operator_town="Mainz")
    assert example.operator_address() == "Hauptstraße 1, 55116 Mainz"
