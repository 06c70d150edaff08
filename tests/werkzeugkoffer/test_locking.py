import datetime

import pytest

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
