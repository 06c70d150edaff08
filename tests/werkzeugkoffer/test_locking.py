import datetime
import re

import pytest
from django.contrib import admin

from funding.models import FundingProgramme
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from werkzeugkoffer.models import PublicationStatus


@pytest.fixture
def anna(make_staff, client_for):
    return client_for(make_staff("anna", "Freigabe"))


@pytest.fixture
def ben(make_staff, client_for):
    return client_for(make_staff("ben", "Freigabe"))


def test_it_refuses_the_second_of_two_concurrent_saves(anna, ben, make_programme):
    programme = make_programme(status=PublicationStatus.DRAFT)
    url = admin_url(FundingProgramme, "change", programme.pk)
    annas_form, bens_form = change_form_data(anna.get(url)), change_form_data(ben.get(url))

    annas_form["title"] = "Titel von Anna"
    assert anna.post(url, annas_form).status_code == 302
    bens_form["summary"] = "Zusammenfassung von Ben"
    response = ben.post(url, bens_form)

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "inzwischen von jemand anderem gespeichert" in message
    assert "Zuletzt gespeichert von anna" in message
    assert "Titel: „Testprogramm Quartiere“ → „Titel von Anna“" in message
    assert "Ihre Änderungen wurden nicht gespeichert" in message
    programme.refresh_from_db()
    assert programme.title == "Titel von Anna"
    assert programme.summary == "Zuschüsse für Quartiersprojekte."
    assert programme.version == 2


def test_a_save_after_reopening_succeeds(anna, ben, make_programme):
    programme = make_programme()
    url = admin_url(FundingProgramme, "change", programme.pk)
    annas_form = change_form_data(anna.get(url))
    annas_form["title"] = "Neu"
    anna.post(url, annas_form)
    bens_form = change_form_data(ben.get(url))
    bens_form["summary"] = "Von Ben"
    assert ben.post(url, bens_form).status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.summary, programme.version) == ("Neu", "Von Ben", 3)


def test_it_refuses_a_list_edit_of_an_entry_saved_meanwhile(anna, ben, make_programme):
    programme = make_programme(review_due=datetime.date(2027, 1, 1))
    changelist = admin_url(FundingProgramme, "changelist")
    stale_versions = changelist_versions(ben.get(changelist))

    url = admin_url(FundingProgramme, "change", programme.pk)
    annas_form = change_form_data(anna.get(url))
    annas_form["review_due"] = "2027-02-01"
    anna.post(url, annas_form)

    response = ben.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(programme.pk),
            "form-0-review_due": "2027-03-01",
            "_save": "Sichern",
            **stale_versions,
        },
    )
    assert response.status_code == 200
    assert "inzwischen von jemand anderem gespeichert" in response.content.decode()
    programme.refresh_from_db()
    assert programme.review_due == datetime.date(2027, 2, 1)


def test_a_list_edit_of_an_unchanged_entry_is_saved(ben, make_programme):
    programme = make_programme(review_due=datetime.date(2027, 1, 1))
    changelist = admin_url(FundingProgramme, "changelist")
    versions = changelist_versions(ben.get(changelist))
    response = ben.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(programme.pk),
            "form-0-review_due": "2027-03-01",
            "_save": "Sichern",
            **versions,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.review_due == datetime.date(2027, 3, 1)
    assert programme.version == 2


def test_it_refuses_an_action_on_an_entry_saved_meanwhile(anna, ben, make_programme):
    programme = make_programme()
    changelist = admin_url(FundingProgramme, "changelist")
    stale_versions = changelist_versions(ben.get(changelist))

    url = admin_url(FundingProgramme, "change", programme.pk)
    annas_form = change_form_data(anna.get(url))
    annas_form["funder"] = "Neuer Fördergeber"
    anna.post(url, annas_form)

    response = ben.post(
        changelist, {"action": "archive", "_selected_action": [programme.pk], **stale_versions}, follow=True
    )
    content = response.content.decode()
    assert "Die Aktion wurde für keinen Eintrag ausgeführt" in content
    assert "Neuer Fördergeber" in content
    programme.refresh_from_db()
    assert programme.status == PublicationStatus.PUBLISHED
    assert programme.funder == "Neuer Fördergeber"


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(admin.site._registry[FundingProgramme], "list_per_page", 2)


def across_pages(client, changelist, action):
    """POST data for an action on all entries of the list, as the browser sends it after „alle auswählen“."""
    page = client.get(changelist)
    assert page.context["cl"].result_count > len(page.context["cl"].result_list)
    return {
        "action": action,
        "select_across": "1",
        "_selected_action": [str(entry.pk) for entry in page.context["cl"].result_list],
        "_list_state": re.search(r'name="_list_state" value="(\w+)"', page.content.decode())[1],
        **changelist_versions(page),
    }


def test_an_action_on_all_pages_runs_when_nothing_changed_since_the_list_was_shown(ben, make_programme, two_per_page):
    for number in range(3):
        make_programme(slug=f"test-{number}", title=f"Testprogramm {number}")
    changelist = admin_url(FundingProgramme, "changelist") + "?q=Testprogramm"

    response = ben.post(changelist, across_pages(ben, changelist, "archive"), follow=True)

    assert "3 Einträge archiviert" in response.content.decode()
    assert set(FundingProgramme.objects.filter(slug__startswith="test-").values_list("status", flat=True)) == {
        PublicationStatus.ARCHIVED
    }


def test_an_action_on_all_pages_is_refused_when_an_entry_not_shown_was_saved_meanwhile(
    anna, ben, make_programme, two_per_page
):
    programmes = [make_programme(slug=f"test-{number}", title=f"Testprogramm {number}") for number in range(3)]
    changelist = admin_url(FundingProgramme, "changelist") + "?q=Testprogramm"
    data = across_pages(ben, changelist, "archive")
    not_shown = next(programme for programme in programmes if str(programme.pk) not in data["_selected_action"])

    url = admin_url(FundingProgramme, "change", not_shown.pk)
    annas_form = change_form_data(anna.get(url))
    annas_form["funder"] = "Neuer Fördergeber"
    assert anna.post(url, annas_form).status_code == 302
    response = ben.post(changelist, data, follow=True)

    content = response.content.decode()
    assert "Die Aktion wurde für keinen Eintrag ausgeführt" in content
    assert "seit dem Laden der Liste wurden Einträge darin gespeichert" in content
    assert not FundingProgramme.objects.filter(slug__startswith="test-", status=PublicationStatus.ARCHIVED).exists()


def test_an_action_on_all_pages_is_refused_when_an_entry_was_added_meanwhile(ben, make_programme, two_per_page):
    for number in range(3):
        make_programme(slug=f"test-{number}", title=f"Testprogramm {number}")
    changelist = admin_url(FundingProgramme, "changelist") + "?q=Testprogramm"
    data = across_pages(ben, changelist, "publish")
    make_programme(slug="test-neu", title="Testprogramm neu", status=PublicationStatus.DRAFT)

    response = ben.post(changelist, data, follow=True)

    assert "Die Aktion wurde für keinen Eintrag ausgeführt" in response.content.decode()
    assert FundingProgramme.objects.get(slug="test-neu").status == PublicationStatus.DRAFT


def test_an_action_on_all_pages_without_the_list_state_is_refused(ben, make_programme, two_per_page):
    for number in range(3):
        make_programme(slug=f"test-{number}", title=f"Testprogramm {number}", status=PublicationStatus.DRAFT)
    changelist = admin_url(FundingProgramme, "changelist") + "?q=Testprogramm"
    data = across_pages(ben, changelist, "publish")
    del data["_list_state"]

    response = ben.post(changelist, data, follow=True)

    assert "Die Aktion wurde für keinen Eintrag ausgeführt" in response.content.decode()
    assert not FundingProgramme.objects.filter(slug__startswith="test-", status=PublicationStatus.PUBLISHED).exists()
