"""Four eyes on everything public: what the Redaktion changes on a published entry waits for the Freigabe."""

import pytest
from django.core import mail
from django.urls import reverse

from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from werkzeugkoffer.backoffice import approvals
from werkzeugkoffer.models import ApprovalKind, ApprovalRequest, ApprovalState, AuditAction, AuditEvent
from werkzeugkoffer.models import PublicationStatus as Status


@pytest.fixture
def redaktion(make_staff, client_for):
    user = make_staff("redaktion", "Redaktion")
    user.first_name, user.last_name = "Rita", "Redaktion"
    user.save()
    return user, client_for(user)


@pytest.fixture
def freigabe(make_staff, client_for):
    user = make_staff("freigabe", "Freigabe")
    user.first_name, user.last_name = "Frieda", "Freigabe"
    user.save()
    return user, client_for(user)


@pytest.fixture(autouse=True)
def commits(django_capture_on_commit_callbacks):
    """Mails go out after the commit, which a test's transaction never reaches: each request runs them at its end."""
    global after_commit
    after_commit = django_capture_on_commit_callbacks


def post(client, url, data):
    with after_commit(execute=True):
        return client.post(url, data)


def decide(client, approval, decision, note=""):
    return post(client, review_url(approval), {"decision": decision, "decision_note": note})


def edit(client, entry, note="", **changes):
    """Open the change form as the browser does, change fields and save; returns the response."""
    url = admin_url(type(entry), "change", entry.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    if note:
        data["approval_note"] = note
    return post(client, url, data)


def public_text(client, entry):
    return client.get(entry.get_absolute_url()).content.decode()


after_commit = None  # set by the fixture commits


def review_url(approval):
    return reverse("admin:werkzeugkoffer_approvalrequest_change", args=[approval.pk])


def test_a_redaktion_change_to_a_published_entry_waits_and_the_public_page_stays(
    client, redaktion, freigabe, make_example
):
    user, editor = redaktion
    example = make_example(title="Wohncafé Altstadt", teaser="Ein Treffpunkt.")
    version = example.version

    response = edit(editor, example, note="Neuer Name laut Website", title="Wohncafé Neustadt")

    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Wohncafé Altstadt"
    assert example.version == version
    assert "Wohncafé Altstadt" in public_text(client, example)
    assert "Neustadt" not in public_text(client, example)
    [approval] = ApprovalRequest.objects.all()
    assert approval.kind == ApprovalKind.CHANGE
    assert approval.state == ApprovalState.PENDING
    assert approval.author == user
    assert approval.note == "Neuer Name laut Website"
    assert approval.base_version == version
    assert approval.data["fields"]["title"] == "Wohncafé Neustadt"
    assert AuditEvent.objects.filter(action=AuditAction.SUBMIT, username="redaktion").exists()


def test_the_freigabe_is_told_by_mail_and_sees_the_difference(redaktion, freigabe, make_example):
    _user, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    mail.outbox.clear()

    edit(editor, example, note="Bitte prüfen", title="Wohncafé Neustadt")

    [message] = mail.outbox
    assert message.to == ["freigabe@example.org"]
    assert message.subject == "Zur Freigabe: Wohncafé Altstadt"
    assert "Rita Redaktion" in message.body
    assert "Bitte prüfen" in message.body
    approval = ApprovalRequest.objects.get()
    assert review_url(approval) in message.body

    page = freigabe[1].get(review_url(approval)).content.decode()
    assert "Wohncafé Altstadt" in page
    assert "Wohncafé Neustadt" in page
    assert "Bitte prüfen" in page
    assert "Rita Redaktion" in page
    assert "1 Feld ändert sich" in page
    assert 'value="freigeben"' in page


def test_approving_publishes_exactly_that_revision(client, redaktion, freigabe, make_example, rlp):
    author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, title="Wohncafé Neustadt", tags="Begegnung, Café")
    approval = ApprovalRequest.objects.get()
    mail.outbox.clear()

    response = decide(freigabe[1], approval, "freigeben")

    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Wohncafé Neustadt"
    assert sorted(example.tags.names()) == ["Begegnung", "Café"]
    assert example.status == Status.PUBLISHED
    assert example.version == approval.base_version + 1
    assert "Wohncafé Neustadt" in public_text(client, example)
    approval.refresh_from_db()
    assert approval.state == ApprovalState.APPROVED
    assert approval.decided_by == freigabe[0]
    latest = example.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == author
    assert latest.history_change_reason == "freigegeben von Frieda Freigabe"
    [message] = mail.outbox
    assert message.to == ["redaktion@example.org"]
    assert "freigegeben" in message.subject.lower()


def test_returning_keeps_the_note_tells_the_author_and_changes_nothing(client, redaktion, freigabe, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, title="Wohncafé Neustadt")
    approval = ApprovalRequest.objects.get()
    mail.outbox.clear()

    refused = decide(freigabe[1], approval, "zurueckgeben", "  ")
    assert refused.status_code == 302
    approval.refresh_from_db()
    assert approval.is_pending()

    decide(freigabe[1], approval, "zurueckgeben", "Quelle fehlt.")

    approval.refresh_from_db()
    assert approval.state == ApprovalState.RETURNED
    assert approval.decision_note == "Quelle fehlt."
    example.refresh_from_db()
    assert example.title == "Wohncafé Altstadt"
    [message] = mail.outbox
    assert message.to == ["redaktion@example.org"]
    assert "Quelle fehlt." in message.body
    assert "Quelle fehlt." in editor.get(review_url(approval)).content.decode()


def test_the_redaktion_continues_its_waiting_change_in_the_form(redaktion, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt", teaser="Alt.")
    edit(editor, example, note="Erster Schritt", title="Wohncafé Neustadt")

    response = editor.get(admin_url(PracticeExample, "change", example.pk))
    assert response.context["adminform"].form.initial["title"] == "Wohncafé Neustadt"
    assert "zur Freigabe eingereicht" in response.content.decode()

    edit(editor, example, teaser="Neu.")
    waiting = ApprovalRequest.objects.pending().get()
    assert waiting.data["fields"]["title"] == "Wohncafé Neustadt"
    assert waiting.data["fields"]["teaser"] == "Neu."
    assert waiting.note == "Erster Schritt"
    assert ApprovalRequest.objects.filter(state=ApprovalState.WITHDRAWN).count() == 1
    example.refresh_from_db()
    assert example.teaser == "Alt."


def test_a_change_submitted_meanwhile_is_not_replaced_unseen(redaktion, make_staff, client_for, make_example):
    _author, editor = redaktion
    colleague = client_for(make_staff("kollegin", "Redaktion"))
    example = make_example(title="Wohncafé Altstadt")
    url = admin_url(PracticeExample, "change", example.pk)
    stale_form = change_form_data(editor.get(url))
    edit(colleague, example, title="Wohncafé der Kollegin")

    response = editor.post(url, {**stale_form, "title": "Wohncafé Neustadt"})

    assert response.status_code == 200
    assert "wurde eine Änderung daran zur Freigabe eingereicht" in response.content.decode()
    assert ApprovalRequest.objects.pending().get().data["fields"]["title"] == "Wohncafé der Kollegin"


def test_a_change_cannot_be_approved_over_a_newer_save(redaktion, freigabe, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, title="Wohncafé Neustadt")
    approval = ApprovalRequest.objects.get()
    edit(freigabe[1], example, teaser="Direkt von der Freigabe geändert.")

    response = freigabe[1].post(review_url(approval), {"decision": "freigeben"}, follow=True)

    assert "nach dem Einreichen gespeichert" in response.content.decode()
    example.refresh_from_db()
    assert example.title == "Wohncafé Altstadt"
    approval.refresh_from_db()
    assert approval.is_pending()


def test_the_redaktion_cannot_decide(redaktion, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, title="Wohncafé Neustadt")
    approval = ApprovalRequest.objects.get()

    assert 'value="freigeben"' not in editor.get(review_url(approval)).content.decode()
    assert editor.post(review_url(approval), {"decision": "freigeben"}).status_code == 403
    example.refresh_from_db()
    assert example.title == "Wohncafé Altstadt"


def test_the_freigabe_changes_published_entries_directly(freigabe, make_example):
    example = make_example(title="Wohncafé Altstadt")
    edit(freigabe[1], example, title="Wohncafé Neustadt")
    example.refresh_from_db()
    assert example.title == "Wohncafé Neustadt"
    assert not ApprovalRequest.objects.exists()


def test_a_list_edit_of_a_published_entry_waits(redaktion, make_example):
    _author, editor = redaktion
    example = make_example()
    url = admin_url(PracticeExample, "changelist")
    versions = changelist_versions(editor.get(url))
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(example.pk),
        "form-0-review_due": "2030-01-31",
        "_save": "Sichern",
        **versions,
    }
    editor.post(url, data)

    old_due = example.review_due
    example.refresh_from_db()
    assert example.review_due == old_due
    approval = ApprovalRequest.objects.pending().get()
    assert approval.data["fields"]["review_due"] == "2030-01-31"


def test_a_bulk_action_on_a_published_entry_waits(client, redaktion, make_example):
    _author, editor = redaktion
    example = make_example()
    url = admin_url(PracticeExample, "changelist")
    versions = changelist_versions(editor.get(url))

    editor.post(url, {"action": "mark_reviewed", "_selected_action": [example.pk], **versions})

    example.refresh_from_db()
    assert example.reviewed_at is None
    assert "zuletzt geprüft" not in public_text(client, example)
    approval = ApprovalRequest.objects.pending().get()
    assert approval.data["fields"]["reviewed_at"]


def test_a_draft_submitted_with_a_note_waits_as_a_first_publication(redaktion, freigabe, make_example):
    author, editor = redaktion
    draft = make_example(status=Status.DRAFT, title="Neues Projekt")
    mail.outbox.clear()

    edit(editor, draft, note="Fertig aus meiner Sicht", status=Status.IN_REVIEW)

    approval = ApprovalRequest.objects.pending().get()
    assert approval.kind == ApprovalKind.FIRST
    assert approval.note == "Fertig aus meiner Sicht"
    assert approval.author == author
    assert [message.to for message in mail.outbox] == [["freigabe@example.org"]]

    decide(freigabe[1], approval, "freigeben")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_returning_a_first_publication_makes_it_a_draft_again(redaktion, freigabe, make_example):
    _author, editor = redaktion
    draft = make_example(status=Status.DRAFT)
    edit(editor, draft, status=Status.IN_REVIEW)
    approval = ApprovalRequest.objects.pending().get()

    decide(freigabe[1], approval, "zurueckgeben", "Bitte Fotos ergänzen.")

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_by_the_action_closes_the_request(redaktion, freigabe, make_example):
    _author, editor = redaktion
    draft = make_example(status=Status.DRAFT)
    edit(editor, draft, status=Status.IN_REVIEW)
    url = admin_url(PracticeExample, "changelist")
    versions = changelist_versions(freigabe[1].get(url))

    freigabe[1].post(url, {"action": "publish", "_selected_action": [draft.pk], **versions})

    approval = ApprovalRequest.objects.get()
    assert approval.state == ApprovalState.APPROVED
    assert approval.decided_by == freigabe[0]


def test_an_import_by_the_redaktion_asks_for_changes_to_published_entries(redaktion, freigabe, make_programme):
    from tests.werkzeugkoffer.test_import_export import confirm, csv_upload, export_rows, preview

    _author, editor = redaktion
    programme = make_programme(title="Landesprogramm Quartier")
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=programme.pk))
    rows[0][headers.index("title")] = "Landesprogramm Quartier 2027"
    mail.outbox.clear()

    checked = preview(editor, csv_upload(headers, rows, name="programme.csv"))
    assert checked.context["job"].summary["proposed"] == 1
    assert "diese Änderung geht zur Freigabe" in checked.content.decode()
    with after_commit(execute=True):
        done = confirm(editor, checked)

    assert "Eine Änderung an einem veröffentlichten Eintrag wartet auf Freigabe" in done.content.decode()
    programme.refresh_from_db()
    assert programme.title == "Landesprogramm Quartier"
    approval = ApprovalRequest.objects.pending().get()
    assert approval.data["fields"]["title"] == "Landesprogramm Quartier 2027"
    assert "programme.csv" in approval.note
    assert [message.subject for message in mail.outbox] == ["Zur Freigabe: Landesprogramm Quartier"]

    # A second file for the same entry waits until the Freigabe decided on the first.
    rows[0][headers.index("title")] = "Landesprogramm Quartier 2028"
    refused = preview(editor, csv_upload(headers, rows, name="noch-einmal.csv"))
    assert "wartet schon eine Änderung" in "\n".join(refused.context["job"].summary["problems"])


def test_the_preview_shows_the_change_without_saving_it(client, redaktion, freigabe, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, title="Wohncafé Neustadt")
    approval = ApprovalRequest.objects.get()

    preview = freigabe[1].get(reverse("admin:werkzeugkoffer_approvalrequest_preview", args=[approval.pk]))

    content = preview.content.decode()
    assert "Wohncafé Neustadt" in content
    assert "Vorschau einer Änderung" in content
    example.refresh_from_db()
    assert example.title == "Wohncafé Altstadt"


def test_the_snapshot_round_trips_every_field(make_programme):
    programme = make_programme()
    data = approvals.snapshot(programme)
    record = approvals.as_record(FundingProgramme, programme.pk, data)
    current = approvals.as_record(FundingProgramme, programme.pk, approvals.snapshot(programme))
    from werkzeugkoffer.backoffice.history import describe_changes

    assert describe_changes(current, record) == []


def test_a_photo_added_by_the_redaktion_waits_and_arrives_on_approval(
    redaktion, freigabe, make_example, settings, tmp_path
):
    from tests.projects.test_example_images import picture
    from tests.werkzeugkoffer.test_image_history import CAFE, save

    settings.MEDIA_ROOT = tmp_path
    _author, editor = redaktion
    example = make_example()
    with after_commit(execute=True):
        save(editor, example, new_images=[(CAFE, picture(name="cafe.jpg"))])

    assert not example.images.exists()
    approval = ApprovalRequest.objects.pending().get()
    assert [image["alt_text"] for image in approval.data["images"]] == [CAFE]
    page = freigabe[1].get(review_url(approval)).content.decode()
    assert "Foto 1 hinzugefügt" in page

    decide(freigabe[1], approval, "freigeben")

    [image] = example.images.all()
    assert image.alt_text == CAFE
    assert image.image.name.endswith(".jpg")
    assert image.rendition_small


def test_the_start_page_lists_what_waits_with_author_and_note_and_what_came_back(redaktion, freigabe, make_example):
    _author, editor = redaktion
    example = make_example(title="Wohncafé Altstadt")
    edit(editor, example, note="Neuer Name laut Website", title="Wohncafé Neustadt")

    listed = freigabe[1].get(admin_url(PracticeExample, "changelist")).content.decode()
    assert listed.count("wartet seit") == 1
    assert "(redaktion)" in listed

    board = freigabe[1].get(reverse("admin:index")).content.decode()
    assert "Warten auf Freigabe (1)" in board
    assert "Wohncafé Altstadt" in board
    assert "von Rita Redaktion am" in board
    assert "Neuer Name laut Website" in board

    decide(freigabe[1], ApprovalRequest.objects.get(), "zurueckgeben", "Bitte die Quelle nennen.")

    mine = editor.get(reverse("admin:index")).content.decode()
    assert "An Sie zurückgegeben (1)" in mine
    assert "Bitte die Quelle nennen." in mine
    assert "Warten auf Freigabe (0)" in mine

    # Submitted again, it leaves the list of returned requests.
    edit(editor, example, note="Quelle ergänzt", title="Wohncafé Neustadt", source="Website des Trägers")
    assert "An Sie zurückgegeben" not in editor.get(reverse("admin:index")).content.decode()


def test_the_author_withdraws_a_waiting_request_and_nobody_else_can(redaktion, make_staff, client_for, make_example):
    _author, editor = redaktion
    draft = make_example(status=Status.DRAFT)
    edit(editor, draft, status=Status.IN_REVIEW)
    approval = ApprovalRequest.objects.pending().get()
    colleague = client_for(make_staff("kollegin", "Redaktion"))

    assert 'value="zurueckziehen"' not in colleague.get(review_url(approval)).content.decode()
    assert decide(colleague, approval, "zurueckziehen").status_code == 403
    assert 'value="zurueckziehen"' in editor.get(review_url(approval)).content.decode()
    decide(editor, approval, "zurueckziehen")

    approval.refresh_from_db()
    assert approval.state == ApprovalState.WITHDRAWN
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.history.first().history_change_reason == "Anfrage zur Freigabe zurückgezogen"
