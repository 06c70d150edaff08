"""Comparing any two versions of an entry side by side."""

import re

import pytest
from django.urls import reverse

from funding.models import FundingProgramme
from tests.admin_forms import admin_url, change_form_data
from tests.werkzeugkoffer.test_history import INSERTED, REMOVED
from werkzeugkoffer.models import Page


def save_with(client, entry, **changes):
    url = admin_url(type(entry), "change", entry.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()


def versions(entry):
    return list(entry.history.order_by("history_date", "history_id"))


def compare_url(entry, a, b):
    return f"{admin_url(type(entry), 'history_compare', entry.pk)}?a={a}&b={b}"


def test_the_comparison_shows_what_differs_between_versions_1_and_3(make_staff, client_for, make_programme):
    anna, ben = client_for(make_staff("anna", "Freigabe")), client_for(make_staff("ben", "Freigabe"))
    programme = make_programme(summary="Zuschüsse für Quartiersprojekte in Städten und Gemeinden.")
    save_with(anna, programme, title="Quartiere im Wandel")
    save_with(ben, programme, summary="Zuschüsse für Quartiersprojekte in Dörfern und Gemeinden.", tags="Dorf")
    first, second, third = versions(programme)

    response = ben.get(compare_url(programme, first.pk, third.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Fassungen vergleichen: Quartiere im Wandel" in content
    assert "Fassung 1 vom" in content and "Fassung 3 vom" in content
    assert "gespeichert von ben" in content
    title = r'<th scope="row">Titel</th>\s*<td>Testprogramm Quartiere</td>\s*<td>Quartiere im Wandel</td>'
    assert re.search(title, content)
    summary = content[content.index('<th scope="row">Kurzbeschreibung</th>') :]
    summary = summary[: summary.index("</tr>")]
    assert re.findall(REMOVED, summary) == ["Städten"]
    assert re.findall(INSERTED, summary) == ["Dörfern"]
    assert '<th scope="row">Schlagworte</th>' in content
    # Only what differs: fields both versions share are not listed.
    assert '<th scope="row">Fördergeber</th>' not in content
    assert "(aktuelle Fassung)" in content


def test_the_comparison_puts_the_older_version_first_whichever_is_chosen_as_a(reviewer, make_programme):
    programme = make_programme()
    save_with(reviewer, programme, title="Neuer Titel")
    first, second = versions(programme)

    content = reviewer.get(compare_url(programme, second.pk, first.pk)).content.decode()

    assert content.index("Fassung 1 vom") < content.index("Fassung 2 vom")
    assert re.search(r"<td>Testprogramm Quartiere</td>\s*<td>Neuer Titel</td>", content)


def test_each_history_row_links_to_a_comparison_with_the_current_version(reviewer, make_programme):
    programme = make_programme()
    save_with(reviewer, programme, title="Zweiter Titel")
    save_with(reviewer, programme, title="Dritter Titel")
    first, second, third = versions(programme)

    content = reviewer.get(admin_url(FundingProgramme, "history", programme.pk)).content.decode()

    for record in (first, second):
        assert f'href="{compare_url(programme, record.pk, third.pk).replace("&", "&amp;")}"' in content
    assert "aktuelle Fassung" in content
    # Two radio columns in a GET form, the newest two versions chosen.
    assert f'<form method="get" action="{admin_url(FundingProgramme, "history_compare", programme.pk)}">' in content
    assert re.search(rf'name="a" value="{second.pk}"[^>]*checked', content)
    assert re.search(rf'name="b" value="{third.pk}"[^>]*checked', content)


def test_the_legal_pages_compare_their_text_without_tags(admin_client):
    page = Page.objects.get(slug="impressum")
    url = admin_url(Page, "change", page.pk)
    data = change_form_data(admin_client.get(url))
    data["body"] = "<h2>Anbieter</h2><p>Ministerium für Soziales</p>"
    assert admin_client.post(url, data).status_code == 302
    data = change_form_data(admin_client.get(url))
    data["body"] = "<h2>Anbieter</h2><p>Ministerium für Arbeit und Soziales</p>"
    assert admin_client.post(url, data).status_code == 302
    older, newer = list(page.history.order_by("-history_date", "-history_id")[:2])[::-1]

    content = admin_client.get(compare_url(page, older.pk, newer.pk)).content.decode()

    assert "&lt;h2&gt;" not in content
    assert re.findall(INSERTED, content) == ["Arbeit und"]


def test_versions_that_did_not_record_links_say_so(reviewer, make_contact):
    contact = make_contact()
    contact.history.update(tag_names=None)
    save_with(reviewer, contact, name="Neuer Name", tags="Beratung")
    first, second = versions(contact)

    content = reviewer.get(compare_url(contact, first.pk, second.pk)).content.decode()

    assert "bevor Verknüpfungen (z. B. Handlungsfelder, Zielgruppen, Regionen) und Schlagworte" in content
    assert '<th scope="row">Schlagworte</th>' not in content
    assert '<th scope="row">Name der Beratungsstelle</th>' in content


def test_choosing_the_same_version_twice_says_so(editor, make_contact):
    contact = make_contact()
    version = contact.history.get()
    content = editor.get(compare_url(contact, version.pk, version.pk)).content.decode()
    assert "Sie haben zweimal dieselbe Fassung gewählt" in content


def test_comparing_without_two_versions_leads_back_to_the_history(editor, make_contact):
    contact = make_contact()
    version = contact.history.get()
    url = admin_url(contact._meta.model, "history_compare", contact.pk)
    response = editor.get(url, {"a": version.pk}, follow=True)
    assert response.redirect_chain[-1][0] == admin_url(contact._meta.model, "history", contact.pk)
    assert "Bitte wählen Sie zwei Fassungen aus" in response.content.decode()


@pytest.mark.parametrize("bad_id", ["foreign", "unknown", "text", "huge"])
def test_a_version_that_is_not_one_of_the_entry_is_not_found(editor, make_contact, bad_id):
    contact = make_contact()
    other = make_contact(name="Andere Stelle", slug="andere-stelle")
    own = contact.history.get().pk
    ids = {"foreign": other.history.get().pk, "unknown": own + 1000, "text": "neu", "huge": 10**20}

    response = editor.get(compare_url(contact, own, ids[bad_id]))

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_the_comparison_of_an_entry_that_does_not_exist_is_not_found(editor, object_id):
    url = reverse("admin:contacts_contact_history_compare", args=[object_id])
    response = editor.get(url, {"a": "1", "b": "2"})
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_the_comparison_needs_the_right_to_see_the_history(make_staff, client_for, make_contact):
    contact = make_contact()
    version = contact.history.get().pk
    without_role = client_for(make_staff("ohne-rolle"))
    assert without_role.get(compare_url(contact, version, version)).status_code == 403
