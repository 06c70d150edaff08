"""The points of a practice example: its project's place within its Kreis or Land, and its Träger's address."""

import pytest
from django.urls import reverse

from places.models import LocationSource
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from tests.places.conftest import load_places
from werkzeugkoffer.models import ApprovalRequest, Region

HETZERATH = (49.8833, 6.8167)


@pytest.fixture
def places(db):
    """The sample places (tests/places/data): Hetzerath, Mainz, Eichstetten and others."""
    return load_places()


@pytest.fixture
def freigabe(make_staff, client_for):
    return client_for(make_staff("freigabe", "Freigabe"))


@pytest.fixture
def redaktion(make_staff, client_for):
    return client_for(make_staff("redaktion", "Redaktion"))


@pytest.fixture
def wittlich(db):
    return Region.objects.get(slug="landkreis-bernkastel-wittlich")


def edit(client, entry, **changes):
    url = admin_url(type(entry), "change", entry.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def points(example):
    example.refresh_from_db()
    return (
        (example.latitude, example.longitude, example.ags, example.location_source),
        (example.operator_latitude, example.operator_longitude, example.operator_ags, example.operator_location_source),
    )


def test_saving_locates_the_project_in_its_kreis_and_the_traeger_at_its_address(
    places, freigabe, make_example, wittlich
):
    example = make_example(place="Hetzerath (Mosel)", district=wittlich)

    response = edit(freigabe, example, operator_postcode="55116", operator_town="Mainz")

    assert response.status_code == 302
    project, operator = points(example)
    assert project[2:] == ("07231053", LocationSource.TOWN)
    assert project[0] == pytest.approx(49.88, abs=0.02)
    assert operator == (50.001, 8.2688, "07315000", LocationSource.POSTCODE)


def test_a_place_outside_the_examples_kreis_gets_no_point(places, freigabe, make_example, wittlich):
    example = make_example(place="Mainz-Kastel", district=None)

    edit(freigabe, example)
    assert points(example)[0] == (None, None, "", "")
    content = freigabe.get(admin_url(PracticeExample, "change", example.pk)).content.decode()
    assert "Kein Punkt: Zu „Mainz-Kastel“ ließ sich in den Ortsdaten kein eindeutiger Ort finden." in content

    edit(freigabe, example, state=str(Region.objects.get(slug="hessen").pk))
    assert points(example)[0][2:] == ("06414000", LocationSource.TOWN)


def test_changing_the_kreis_locates_the_place_anew(places, freigabe, make_example, wittlich):
    example = make_example(place="Hetzerath")
    edit(freigabe, example)
    assert points(example)[0][3] == LocationSource.TOWN

    edit(freigabe, example, district=str(Region.objects.get(slug="mainz").pk))

    assert points(example)[0] == (None, None, "", "")


def test_the_traeger_point_is_corrected_on_its_own(places, freigabe, make_example, wittlich):
    example = make_example(place="Hetzerath", district=wittlich, operator_postcode="54523", operator_town="Hetzerath")
    edit(freigabe, example)

    edit(freigabe, example, operator_latitude="50.0", operator_longitude="8.27")

    project, operator = points(example)
    assert project[3] == LocationSource.TOWN
    assert operator == (50.0, 8.27, "07315000", LocationSource.EDITOR)
    content = freigabe.get(admin_url(PracticeExample, "change", example.pk)).content.decode()
    assert "Woher der Punkt des Trägers kommt" in content


def test_a_redaktion_change_waits_with_its_new_point_and_arrives_on_approval(
    places, redaktion, freigabe, make_example, wittlich, django_capture_on_commit_callbacks
):
    example = make_example(place="Hetzerath", district=wittlich)
    edit(freigabe, example)
    published = points(example)

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(redaktion, example, operator_postcode="54523", operator_town="Hetzerath")

    assert response.status_code == 302
    assert points(example) == published
    approval = ApprovalRequest.objects.get()
    assert approval.data["fields"]["operator_location_source"] == LocationSource.POSTCODE
    review = reverse("admin:werkzeugkoffer_approvalrequest_change", args=[approval.pk])
    with django_capture_on_commit_callbacks(execute=True):
        freigabe.post(review, {"decision": "freigeben", "decision_note": ""})
    assert points(example) == (published[0], (*HETZERATH, "07231053", LocationSource.POSTCODE))


def test_the_page_says_what_the_points_are(places, client, freigabe, make_example, wittlich):
    example = make_example(place="Hetzerath", district=wittlich, operator_postcode="54523", operator_town="Hetzerath")
    content = client.get(example.get_absolute_url()).content.decode()
    assert "Ortsmitte" not in content

    edit(freigabe, example)
    content = client.get(example.get_absolute_url()).content.decode()

    assert "beruhen auf der Ortsmitte nach dem Ortsnamen, nicht auf dem genauen Standort des Projekts." in content
    assert "beruhen auf der Ortsmitte (Postleitzahl und Ort), nicht auf der genauen Adresse." in content
