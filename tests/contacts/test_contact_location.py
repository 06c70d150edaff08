"""The point of a contact's address: located from postcode and town, corrected by the Redaktion, said on the page."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from contacts.resources import ContactResource
from places.models import LocationSource
from tests.admin_forms import admin_url, change_form_data, run_tasks
from tests.places.conftest import load_places

HETZERATH = (49.8833, 6.8167)


@pytest.fixture
def places(db):
    """The sample places (tests/places/data): Hetzerath, Mainz, Eichstetten and others."""
    return load_places()


@pytest.fixture
def freigabe(make_staff, client_for):
    return client_for(make_staff("freigabe", "Freigabe"))


def edit(client, entry, **changes):
    """Open the change form as the browser does, change fields and save; returns the response."""
    url = admin_url(type(entry), "change", entry.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def point(contact):
    contact.refresh_from_db()
    return contact.latitude, contact.longitude, contact.ags, contact.location_source


def test_saving_an_address_locates_it_at_the_centre_of_its_place(places, freigabe, make_contact):
    contact = make_contact()

    response = edit(freigabe, contact, postcode="54523", town="Hetzerath")

    assert response.status_code == 302
    assert point(contact) == (*HETZERATH, "07231053", LocationSource.POSTCODE)


def test_a_changed_address_moves_the_point_and_an_unknown_one_removes_it(places, freigabe, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath")
    edit(freigabe, contact)
    assert point(contact)[3] == LocationSource.POSTCODE

    edit(freigabe, contact, postcode="", town="Eichstetten am Kaiserstuhl")
    assert point(contact)[2:] == ("08315030", LocationSource.TOWN)

    edit(freigabe, contact, postcode="", town="Xyzzy")
    assert point(contact) == (None, None, "", "")


def test_a_typed_point_is_the_redaktions_and_stays_when_the_address_changes(places, freigabe, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath")
    edit(freigabe, contact)

    response = edit(freigabe, contact, latitude="50.0", longitude="8.27")
    assert response.status_code == 302
    assert point(contact) == (50.0, 8.27, "07315000", LocationSource.EDITOR)

    edit(freigabe, contact, postcode="79356", town="Eichstetten am Kaiserstuhl")
    assert point(contact) == (50.0, 8.27, "07315000", LocationSource.EDITOR)
    assert (
        "Von der Redaktion gesetzt (nächstgelegene Gemeinde Mainz"
        in freigabe.get(admin_url(Contact, "change", contact.pk)).content.decode()
    )


def test_emptying_both_coordinates_returns_to_the_located_point(places, freigabe, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath", latitude=50.0, longitude=8.27)
    Contact.objects.filter(pk=contact.pk).update(location_source=LocationSource.EDITOR, ags="07315000")

    edit(freigabe, contact, latitude="", longitude="")

    assert point(contact) == (*HETZERATH, "07231053", LocationSource.POSTCODE)


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("49.88", "", "Bitte geben Sie zur Breite auch die Länge an"),
        ("6.82", "49.88", "Breite und Länge scheinen vertauscht"),
        ("40.4", "-3.7", "Dieser Punkt liegt nicht in Deutschland"),
    ],
)
def test_a_half_or_foreign_point_is_refused_in_german(places, freigabe, make_contact, latitude, longitude, message):
    contact = make_contact(postcode="54523", town="Hetzerath")

    response = edit(freigabe, contact, latitude=latitude, longitude=longitude)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert point(contact) == (None, None, "", "")


def test_the_change_form_says_where_the_point_comes_from(places, freigabe, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath")
    edit(freigabe, contact)

    content = freigabe.get(admin_url(Contact, "change", contact.pk)).content.decode()

    assert "Lage (für Entfernung und Karte)" in content
    assert (
        "Ortsmitte von 54523 Hetzerath nach Postleitzahl und Ort – aus den Ortsdaten ermittelt (Gemeinde Hetzerath, "
        "Gemeindeschlüssel 07231053)." in content
    )
    assert "Ortsmitte nach Postleitzahl und Ort" in content  # the Herkunft, read-only
    assert 'name="ags"' not in content and 'name="location_source"' not in content


def import_csv(client, headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    upload = SimpleUploadedFile("beratung.csv", buffer.getvalue().encode(), content_type="text/csv")
    response = client.post(admin_url(Contact, "import"), {"resource": "0", "format": "0", "import_file": upload})
    assert response.status_code == 302
    run_tasks()
    job_page = client.get(response.url)
    job = job_page.context["job"]
    if job.summary.get("problems"):
        return job_page
    client.post(admin_url(Contact, "import_job", job.pk), {"confirm": ""})
    run_tasks()
    return client.get(response.url)


HEADERS = ["slug", "name", "kind", "description", "status", "postcode", "town", "latitude", "longitude"]


def test_an_import_locates_its_rows_and_keeps_a_typed_point_as_the_redaktions(places, freigabe):
    import_csv(
        freigabe,
        HEADERS,
        [
            ["hetzerath", "Beratung Hetzerath", "kommunale-stelle", "Berät.", "entwurf", "54523", "Hetzerath", "", ""],
            ["mainz", "Beratung Mainz", "kommunale-stelle", "Berät.", "entwurf", "54523", "Hetzerath", "50,0", "8,27"],
        ],
    )

    assert point(Contact.objects.get(slug="hetzerath")) == (*HETZERATH, "07231053", LocationSource.POSTCODE)
    assert point(Contact.objects.get(slug="mainz")) == (50.0, 8.27, "07315000", LocationSource.EDITOR)


def test_an_exported_point_imported_again_stays_located_and_no_typed_one(places, freigabe, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath")
    edit(freigabe, contact)
    dataset = ContactResource().export(Contact.objects.filter(pk=contact.pk))
    labels = {label: name for name, label in ContactResource().column_labels().items()}
    headers = [labels[header] for header in dataset.headers]
    row = dict(zip(headers, dataset[0], strict=True))
    assert (row["latitude"], row["ags"], row["location_source"]) == ("49,8833", "07231053", "plz")
    changed = {**row, "description": "Berät jetzt auch zu Pflege."}
    copy = {**row, "slug": "kopie", "name": "Kopie", "version": ""}

    import_csv(freigabe, headers, [[line[name] for name in headers] for line in (changed, copy)])

    assert point(contact) == (*HETZERATH, "07231053", LocationSource.POSTCODE)
    assert point(Contact.objects.get(slug="kopie")) == (*HETZERATH, "07231053", LocationSource.POSTCODE)


def test_an_import_with_half_a_point_is_refused_with_the_reason(places, freigabe):
    page = import_csv(
        freigabe,
        HEADERS,
        [["halb", "Beratung halb", "kommunale-stelle", "Berät.", "entwurf", "54523", "Hetzerath", "49,9", ""]],
    )

    assert "Bitte geben Sie zur Breite auch die Länge an" in "\n".join(page.context["job"].summary["problems"])
    assert not Contact.objects.filter(slug="halb").exists()


def test_the_page_says_that_the_point_is_the_centre_of_the_place(places, client, make_contact):
    contact = make_contact(postcode="54523", town="Hetzerath")
    assert "Ortsmitte" not in client.get(contact.get_absolute_url()).content.decode()

    Contact.objects.filter(pk=contact.pk).update(
        latitude=49.8833, longitude=6.8167, ags="07231053", location_source=LocationSource.POSTCODE
    )
    content = client.get(contact.get_absolute_url()).content.decode()
    assert (
        "Die Lage auf der Karte und Entfernungen beruhen auf der Ortsmitte (Postleitzahl und Ort), nicht auf der "
        "genauen Adresse." in content
    )

    Contact.objects.filter(pk=contact.pk).update(location_source=LocationSource.EDITOR)
    assert "einem Punkt, den die Redaktion gesetzt hat" in client.get(contact.get_absolute_url()).content.decode()
