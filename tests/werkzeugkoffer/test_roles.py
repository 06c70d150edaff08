from django.contrib.auth.models import Group

from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from werkzeugkoffer.models import FieldOfAction, Page, PublicationStatus


def test_the_roles_exist_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Redaktion", "Freigabe"}
    freigabe = set(Group.objects.get(name="Freigabe").permissions.values_list("codename", flat=True))
    redaktion = set(Group.objects.get(name="Redaktion").permissions.values_list("codename", flat=True))
    assert redaktion < freigabe
    assert "publish_fundingprogramme" in freigabe - redaktion
    assert "change_historicalcontact" in freigabe - redaktion
    assert {"view_synonym", "view_historicalsynonym"} <= redaktion
    assert {"add_synonym", "change_synonym", "delete_synonym", "change_historicalsynonym"} <= freigabe - redaktion


def status_choices(client, model, entry=None):
    url = admin_url(model, "change", entry.pk) if entry else admin_url(model, "add")
    form = client.get(url).context["adminform"].form
    return [value for value, _label in form.fields["status"].choices]


def test_the_redaktion_drafts_and_submits_but_does_not_publish(editor, make_example):
    assert status_choices(editor, PracticeExample) == [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]
    published = make_example()
    assert status_choices(editor, PracticeExample, published) == [PublicationStatus.PUBLISHED]


def test_the_freigabe_may_choose_every_status(reviewer, make_example):
    assert status_choices(reviewer, PracticeExample, make_example()) == PublicationStatus.values


def test_the_redaktion_cannot_publish_by_a_crafted_form(editor, make_example):
    draft = make_example(status=PublicationStatus.DRAFT)
    url = admin_url(PracticeExample, "change", draft.pk)
    data = change_form_data(editor.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_the_redaktion_cannot_publish_or_archive_by_action(editor, make_example):
    draft = make_example(status=PublicationStatus.IN_REVIEW)
    changelist = admin_url(PracticeExample, "changelist")
    page = editor.get(changelist)
    assert 'value="publish"' not in page.content.decode()
    for action in ("publish", "archive"):
        editor.post(changelist, {"action": action, "_selected_action": [draft.pk], **changelist_versions(page)})
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.IN_REVIEW


def test_the_freigabe_publishes_and_archives_by_action(reviewer, make_programme):
    programme = make_programme(status=PublicationStatus.IN_REVIEW)
    changelist = admin_url(FundingProgramme, "changelist")
    for action, expected in (("publish", PublicationStatus.PUBLISHED), ("archive", PublicationStatus.ARCHIVED)):
        page = reviewer.get(changelist)
        reviewer.post(changelist, {"action": action, "_selected_action": [programme.pk], **changelist_versions(page)})
        programme.refresh_from_db()
        assert programme.status == expected


def test_only_the_freigabe_sets_a_publication_time(editor, reviewer, make_example):
    entry = make_example(status=PublicationStatus.DRAFT)
    url = admin_url(PracticeExample, "change", entry.pk)
    assert "publish_at" not in editor.get(url).context["adminform"].form.fields
    assert "publish_at" in reviewer.get(url).context["adminform"].form.fields


def test_the_redaktion_cannot_delete_even_drafts(editor, make_example):
    draft = make_example(status=PublicationStatus.DRAFT)
    assert editor.post(admin_url(PracticeExample, "delete", draft.pk), {"post": "yes"}).status_code == 403
    assert PracticeExample.objects.filter(pk=draft.pk).exists()


def test_the_redaktion_only_reads_taxonomies_and_legal_pages(editor, db):
    term = FieldOfAction.objects.first()
    page = Page.objects.first()
    assert editor.get(admin_url(FieldOfAction, "add")).status_code == 403
    response = editor.post(admin_url(Page, "change", page.pk), {"title": "Gekapert", "body": "x"})
    assert response.status_code == 403
    assert editor.get(admin_url(FieldOfAction, "change", term.pk)).status_code == 200


def test_the_freigabe_maintains_legal_pages(reviewer, db):
    page = Page.objects.get(slug="impressum")
    data = {"title": "Impressum", "body": "<p>Neu</p>", "opened_version": page.version}
    response = reviewer.post(admin_url(Page, "change", page.pk), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>Neu</p>"


def test_staff_without_a_role_see_no_catalogue(make_staff, client_for, db):
    visitor = client_for(make_staff("ohne-rolle"))
    assert visitor.get(admin_url(PracticeExample, "changelist")).status_code == 403
    assert visitor.get("/admin/").status_code == 200
