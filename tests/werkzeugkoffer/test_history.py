import pytest
from django.urls import reverse

from contacts.models import Contact
from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.history import describe_changes


@pytest.fixture
def reviewer(make_staff, client_for):
    return client_for(make_staff("freigabe", "Freigabe"))


@pytest.fixture
def editor(make_staff, client_for):
    return client_for(make_staff("redaktion", "Redaktion"))


def save_with(client, contact, **changes):
    url = admin_url(Contact, "change", contact.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()


def test_it_records_a_history_row_per_save_with_who_and_what(editor, make_contact):
    contact = make_contact()
    save_with(editor, contact, phone="06131 123456")
    save_with(editor, contact, town="Mainz")

    records = list(contact.history.order_by("history_date"))
    assert len(records) == 3
    assert records[-1].history_user.username == "redaktion"
    assert records[-1].version == 3
    assert describe_changes(records[1], records[2]) == [("Ort", "leer", "Mainz")]


def test_the_history_page_shows_the_differences(editor, make_contact):
    contact = make_contact()
    save_with(editor, contact, phone="06131 123456")
    response = editor.get(admin_url(Contact, "history", contact.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "06131 123456" in content
    assert "redaktion" in content


def test_the_freigabe_reverts_to_an_earlier_version(reviewer, make_contact):
    contact = make_contact()
    first = contact.history.get()
    save_with(reviewer, contact, name="Falscher Name")

    url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, first.history_id])
    data = change_form_data(reviewer.get(url))
    response = reviewer.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()
    assert contact.name == "Teststelle Wohnberatung"
    assert contact.version == 3
    assert contact.history.count() == 3


def test_the_redaktion_may_view_but_not_revert(editor, make_contact):
    contact = make_contact()
    first = contact.history.get()
    url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, first.history_id])
    data = change_form_data(editor.get(url))
    data["name"] = "Geändert"
    assert editor.post(url, data).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Teststelle Wohnberatung"
