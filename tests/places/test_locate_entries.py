from io import StringIO

from django.core.management import call_command

from contacts.models import Contact
from places.locating import locate_entry
from places.models import LocationSource
from projects.models import PracticeExample
from werkzeugkoffer.models import Region


def locate_entries():
    out = StringIO()
    call_command("locate_entries", stdout=out)
    return out.getvalue()


def test_it_locates_the_seed_entries_that_the_places_know_and_names_the_others(places):
    output = locate_entries()

    eichstetten = Contact.objects.get(postcode="79356")
    assert (eichstetten.ags, eichstetten.location_source) == ("08315030", LocationSource.POSTCODE)
    hetzerath = PracticeExample.objects.get(place="Hetzerath")
    assert (hetzerath.ags, hetzerath.location_source) == ("07231053", LocationSource.TOWN)
    assert hetzerath.operator_location_source == ""
    bielefeld = PracticeExample.objects.get(place="Bielefeld und Herford (vier Quartiere)")
    assert (bielefeld.latitude, bielefeld.location_source) == (None, "")
    assert bielefeld.operator_ags == "05711000"
    assert "Beratungsstellen, Adresse: " in output
    assert "Praxisbeispiele, Projektort: " in output
    assert "Praxisbeispiele, Träger: " in output
    assert f"nicht ermittelbar: „{bielefeld}“ (Bielefeld und Herford (vier Quartiere))" in output


def test_a_second_run_changes_nothing_and_no_run_adds_a_version(places):
    versions = {entry.pk: entry.version for entry in PracticeExample.objects.all()}
    history = PracticeExample.history.count(), Contact.history.count()
    first = locate_entries()
    located = list(PracticeExample.objects.values_list("pk", "latitude", "longitude", "ags", "location_source"))

    second = locate_entries()

    assert " 0 gesetzt" not in first.splitlines()[0]
    assert all(" 0 gesetzt" in line for line in second.splitlines() if "gesetzt," in line)
    assert list(PracticeExample.objects.values_list("pk", "latitude", "longitude", "ags", "location_source")) == located
    assert {entry.pk: entry.version for entry in PracticeExample.objects.all()} == versions
    assert (PracticeExample.history.count(), Contact.history.count()) == history


def test_it_leaves_points_set_by_the_redaktion(places):
    contact = Contact.objects.get(postcode="79356")
    Contact.objects.filter(pk=contact.pk).update(
        latitude=48.1, longitude=7.7, ags="08315030", location_source=LocationSource.EDITOR
    )

    output = locate_entries()

    contact.refresh_from_db()
    assert (contact.latitude, contact.longitude, contact.location_source) == (48.1, 7.7, LocationSource.EDITOR)
    assert "1 von der Redaktion gesetzt (unberührt)" in output.splitlines()[0]


def test_a_point_that_no_longer_follows_from_the_address_is_removed(places, make_contact):
    contact = make_contact(postcode="", town="Xyzzy", latitude=50.0, longitude=8.27, ags="07315000")
    Contact.objects.filter(pk=contact.pk).update(location_source=LocationSource.TOWN)

    output = locate_entries()

    contact.refresh_from_db()
    assert (contact.latitude, contact.ags, contact.location_source) == (None, "", "")
    assert f"nicht ermittelbar: „{contact}“ (Xyzzy) – bisheriger Punkt entfernt" in output


def test_locate_entry_fills_an_entry_without_saving_it(places):
    example = PracticeExample(
        place="Neustadt an der Weinstraße",
        state=Region.objects.get(slug="rheinland-pfalz"),
        operator_postcode="54523",
        operator_town="Hetzerath",
    )

    changed = locate_entry(example)

    assert set(changed) == {
        "latitude",
        "longitude",
        "ags",
        "location_source",
        "operator_latitude",
        "operator_longitude",
        "operator_ags",
        "operator_location_source",
    }
    assert (example.ags, example.operator_ags) == ("07316000", "07231053")
    assert locate_entry(example) == []
