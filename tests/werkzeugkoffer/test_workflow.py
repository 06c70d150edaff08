import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from werkzeugkoffer.models import PublicationStatus, months_later


def test_it_has_four_statuses_in_workflow_order():
    assert PublicationStatus.labels == ["Entwurf", "zur Freigabe", "veröffentlicht", "archiviert"]


def test_a_draft_is_invisible_to_the_public(client, make_example):
    draft = make_example(status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not PracticeExample.objects.published().filter(pk=draft.pk).exists()


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.ARCHIVED])
def test_staff_see_an_unpublished_entry_as_a_marked_preview(editor, make_example, status):
    entry = make_example(status=status)
    response = editor.get(entry.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vorschau – nicht öffentlich" in content
    assert entry.get_status_display() in content
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_a_published_entry_has_no_preview_marker(editor, make_example):
    content = editor.get(make_example().get_absolute_url()).content.decode()
    assert "Vorschau" not in content


@pytest.mark.parametrize("kind", ["example", "programme", "contact", "recommendation"])
def test_a_preview_works_for_every_catalogue(
    editor, make_example, make_programme, make_contact, make_recommendation, kind
):
    maker = {
        "example": make_example,
        "programme": make_programme,
        "contact": make_contact,
        "recommendation": make_recommendation,
    }[kind]
    entry = maker(status=PublicationStatus.DRAFT)
    assert "Vorschau – nicht öffentlich" in editor.get(entry.get_absolute_url()).content.decode()


def test_staff_without_a_second_factor_get_no_preview(client, make_staff, make_example):
    client.force_login(make_staff("ohne-2fa", "Redaktion"))
    draft = make_example(status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_without_a_role_get_no_preview(make_staff, client_for, make_example):
    visitor = client_for(make_staff("ohne-rolle"))
    draft = make_example(status=PublicationStatus.DRAFT)
    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_it_publishes_only_from_the_publication_time_on(client, make_programme):
    later = timezone.now() + datetime.timedelta(days=2)
    programme = make_programme(publish_at=later)
    assert not FundingProgramme.objects.published().filter(pk=programme.pk).exists()
    assert FundingProgramme.objects.published(now=later).filter(pk=programme.pk).exists()
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert not programme.is_published()


def test_the_detail_page_shows_the_date_of_the_source_and_when_it_was_last_reviewed(client, make_contact):
    contact = make_contact(source_date="Anfang 2019", reviewed_at=datetime.date(2026, 3, 5))
    content = client.get(contact.get_absolute_url()).content.decode()
    assert "Stand: Anfang 2019 · zuletzt geprüft am 5. März 2026" in content


@pytest.mark.parametrize("kind", ["example", "programme", "contact", "recommendation"])
def test_it_shows_the_review_date_only_after_an_editor_checked_the_entry(
    client, reviewer, make_example, make_programme, make_contact, make_recommendation, kind
):
    make = {
        "example": make_example,
        "programme": make_programme,
        "contact": make_contact,
        "recommendation": make_recommendation,
    }[kind]
    entry = make(source_date="Mai 2025")
    assert entry.reviewed_at is None
    before = client.get(entry.get_absolute_url()).content.decode()
    assert "Stand: Mai 2025" in before
    assert "zuletzt geprüft" not in before

    page = reviewer.get(admin_url(entry, "changelist"))
    reviewer.post(
        admin_url(entry, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [entry.pk], **changelist_versions(page)},
    )

    after = client.get(entry.get_absolute_url()).content.decode()
    today = date_format(timezone.localdate(), "j. F Y")
    assert f"Stand: Mai 2025 · zuletzt geprüft am {today}" in after


def test_saving_an_entry_in_the_admin_does_not_mark_it_as_checked(reviewer, make_example):
    entry = make_example()
    url = admin_url(PracticeExample, "change", entry.pk)
    data = change_form_data(reviewer.get(url))
    data["teaser"] = "Ein Café als Treffpunkt für Jung und Alt."

    assert reviewer.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.teaser == "Ein Café als Treffpunkt für Jung und Alt."
    assert entry.reviewed_at is None


def test_a_new_entry_is_due_for_its_first_check_a_year_after_it_was_created(make_contact):
    contact = make_contact()

    assert contact.reviewed_at is None
    assert contact.review_due == months_later(timezone.localdate())


def test_a_programme_with_a_past_deadline_is_shown_as_closed(client, make_programme):
    from django.utils.formats import date_format

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    programme = make_programme(application_end=yesterday)
    content = client.get(programme.get_absolute_url()).content.decode()
    assert f"Antragsfrist: {date_format(yesterday, 'j. F Y')} · geschlossen" in content


def test_published_entries_are_archived_not_deleted(reviewer, make_example):
    published = make_example()
    assert reviewer.get(admin_url(PracticeExample, "delete", published.pk)).status_code == 403
    assert PracticeExample.objects.filter(pk=published.pk).exists()


def test_drafts_can_be_deleted_by_the_freigabe(reviewer, make_example):
    draft = make_example(status=PublicationStatus.DRAFT)
    response = reviewer.post(admin_url(PracticeExample, "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not PracticeExample.objects.filter(pk=draft.pk).exists()


def test_there_is_no_bulk_delete(reviewer, db):
    response = reviewer.get(admin_url(PracticeExample, "changelist"))
    assert "delete_selected" not in response.content.decode()


def test_the_editor_submits_a_draft_for_approval(editor, make_example):
    draft = make_example(status=PublicationStatus.DRAFT)
    page = editor.get(admin_url(PracticeExample, "changelist"))
    response = editor.post(
        admin_url(PracticeExample, "changelist"),
        {"action": "submit_for_review", "_selected_action": [draft.pk], **changelist_versions(page)},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.IN_REVIEW
    assert draft.version == 2


def test_the_freigabe_publishes_with_the_change_form(reviewer, make_example):
    entry = make_example(status=PublicationStatus.IN_REVIEW)
    url = admin_url(PracticeExample, "change", entry.pk)
    data = change_form_data(reviewer.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    response = reviewer.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.status == PublicationStatus.PUBLISHED


def test_checking_an_entry_moves_its_review_date_a_year_on(reviewer, make_contact):
    contact = make_contact(reviewed_at=datetime.date(2024, 1, 10), review_due=datetime.date(2025, 1, 10))
    page = reviewer.get(admin_url(contact, "changelist"))
    reviewer.post(
        admin_url(contact, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [contact.pk], **changelist_versions(page)},
    )
    contact.refresh_from_db()
    today = timezone.localdate()
    assert contact.reviewed_at == today
    assert contact.review_due == months_later(today)
