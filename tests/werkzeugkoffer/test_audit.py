import datetime
import logging

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from tests.werkzeugkoffer.test_import_export import confirm, csv_upload, export_rows, preview
from werkzeugkoffer.models import AuditAction, AuditEvent, PublicationStatus

LOGIN = "/admin/login/"
PASSWORD = "ein-langes-passwort-123"


@pytest.fixture
def staff_with_code(make_staff):
    user = make_staff("redaktion", "Redaktion")
    device = StaticDevice.objects.create(user=user, name="Notfallcodes", confirmed=True)
    StaticToken.objects.create(device=device, token="notfall123")
    return user


def login(client, username, password, token):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": token, "next": "/admin/"})


def test_a_successful_login_is_recorded_and_logged(client, staff_with_code, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="werkzeugkoffer.audit")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, "redaktion", PASSWORD, "notfall123")

    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LOGIN
    assert event.username == "redaktion"
    assert event.request_id == response["X-Request-ID"]
    [record] = [record for record in caplog.records if record.name == "werkzeugkoffer.audit"]
    assert record.fields["audit"] == "anmeldung"
    assert record.fields["user"] == "redaktion"
    assert record.request_id == response["X-Request-ID"]


@pytest.mark.parametrize(
    "password, token, reason",
    [
        ("falsch-falsch-falsch", "notfall123", "Benutzername oder Passwort falsch"),
        (PASSWORD, "", "Einmalcode fehlt"),
        (PASSWORD, "falsch9999", "Einmalcode falsch"),
    ],
)
def test_a_failed_login_is_recorded_with_its_reason(client, staff_with_code, password, token, reason):
    assert login(client, "redaktion", password, token).status_code == 200

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.username == "redaktion"
    assert reason in event.details


def test_a_failed_login_keeps_no_unknown_user_name(client, db):
    # People type their password into the wrong field; a name without an account is not stored.
    login(client, "Geheim-Passwort-2026", PASSWORD, "")

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.username == ""
    assert "unbekannter Benutzername" in event.details
    assert "Geheim" not in f"{event.details}{event.object_repr}"


def test_a_lockout_is_recorded(client, staff_with_code):
    for _ in range(5):
        response = login(client, "redaktion", "falsch-falsch-falsch", "")
    assert response.status_code == 429
    assert "Anmeldung gesperrt" in AuditEvent.objects.latest("id").details


def test_publishing_with_the_action_is_recorded(reviewer, make_example):
    entry = make_example(status=PublicationStatus.IN_REVIEW)
    page = reviewer.get(admin_url(PracticeExample, "changelist"))
    reviewer.post(
        admin_url(PracticeExample, "changelist"),
        {"action": "publish", "_selected_action": [entry.pk], **changelist_versions(page)},
    )

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.PUBLISH
    assert event.username == "freigabe"
    assert event.object_repr == entry.title
    assert event.object_id == str(entry.pk)
    assert event.content_type.model == "practiceexample"
    assert event.details == "Fassung 2"


def test_publishing_with_the_change_form_is_recorded_and_other_saves_are_not(reviewer, make_programme):
    entry = make_programme(status=PublicationStatus.IN_REVIEW)
    url = admin_url(FundingProgramme, "change", entry.pk)
    data = change_form_data(reviewer.get(url))
    data["funder"] = "Anderes Ministerium"
    assert reviewer.post(url, data).status_code == 302
    assert not AuditEvent.objects.exists()

    data = change_form_data(reviewer.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    assert reviewer.post(url, data).status_code == 302

    assert list(AuditEvent.objects.values_list("action", "object_repr")) == [(AuditAction.PUBLISH, entry.title)]


def test_archiving_is_recorded(reviewer, make_contact):
    contact = make_contact()
    page = reviewer.get(admin_url(Contact, "changelist"))
    reviewer.post(
        admin_url(Contact, "changelist"),
        {"action": "archive", "_selected_action": [contact.pk], **changelist_versions(page)},
    )
    assert AuditEvent.objects.get().action == AuditAction.ARCHIVE


def test_a_revert_is_recorded(reviewer, make_contact):
    contact = make_contact()
    first = contact.history.get()
    url = admin_url(Contact, "change", contact.pk)
    data = change_form_data(reviewer.get(url))
    data["name"] = "Falscher Name"
    reviewer.post(url, data)

    url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, first.history_id])
    assert reviewer.post(url, change_form_data(reviewer.get(url))).status_code == 302

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.REVERT
    assert event.object_repr == "Teststelle Wohnberatung"
    assert "(Fassung 1) wiederhergestellt" in event.details


def test_an_import_is_recorded_with_its_totals(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("slug")] = "aus-der-datei"
    rows[0][headers.index("version")] = ""
    checked = preview(reviewer, csv_upload(headers, rows, name="liste.csv"))
    assert not AuditEvent.objects.exists()

    confirm(reviewer, checked)

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.IMPORT
    assert event.object_repr == "Förderprogramme"
    assert event.details == "1 neu, 0 geändert, 0 unverändert; Datei: liste.csv"


def test_the_freigabe_reads_the_log_but_cannot_change_it(reviewer, db):
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, username="jemand")

    assert reviewer.get(admin_url(AuditEvent, "changelist")).status_code == 200
    assert "jemand" in reviewer.get(admin_url(AuditEvent, "change", event.pk)).content.decode()
    assert reviewer.get(admin_url(AuditEvent, "add")).status_code == 403
    assert reviewer.post(admin_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    response = reviewer.post(admin_url(AuditEvent, "change", event.pk), {"username": "anders"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.username == "jemand"


def test_the_redaktion_cannot_read_the_log(editor, db):
    assert editor.get(admin_url(AuditEvent, "changelist")).status_code == 403


def test_only_the_freigabe_group_has_the_permission(db):
    assert list(Group.objects.filter(permissions__codename="view_auditevent").values_list("name", flat=True)) == [
        "Freigabe"
    ]


def test_old_records_are_pruned(db):
    old = AuditEvent.objects.create(action=AuditAction.LOGIN, username="alt")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    recent = AuditEvent.objects.create(action=AuditAction.LOGIN, username="neu")

    call_command("prune_audit_log", "--days", "365")

    assert list(AuditEvent.objects.all()) == [recent]
