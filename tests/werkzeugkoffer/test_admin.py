import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import login_verified
from werkzeugkoffer.models import PublicationStatus

REGISTERED = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"werkzeugkoffer", "projects", "funding", "contacts", "guidance"}
]


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_superuser("redaktion", "redaktion@example.org", "ein-langes-passwort-123")
    return login_verified(client, user)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_all_catalogue_models_are_registered():
    names = {model.__name__ for model in REGISTERED}
    assert {"Region", "FieldOfAction", "TargetGroup", "PracticeExample", "FundingProgramme", "Contact"} <= names


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model.__name__)
def test_changelist_add_and_change_pages_open(editor_client, model, rf):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "changelist"), {"q": "Pflege"}).status_code == 200
    request = rf.get("/")
    request.user = User.objects.get(username="redaktion")
    expected_add = 200 if admin.site._registry[model].has_add_permission(request) else 403
    assert editor_client.get(admin_url(model, "add")).status_code == expected_add
    entry = model.objects.first()
    if entry is not None:  # the link check results are empty until a check has run
        assert editor_client.get(admin_url(model, "change", entry.pk)).status_code == 200


def test_the_admin_requires_a_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_change_page_links_to_the_public_page(editor_client):
    from projects.models import PracticeExample

    example = PracticeExample.objects.published().first()
    content = editor_client.get(admin_url(PracticeExample, "change", example.pk)).content.decode()
    assert "Auf der Website anzeigen" in content


def test_the_publish_action_publishes_drafts(editor_client, make_example):
    from projects.models import PracticeExample

    draft = make_example(status=PublicationStatus.DRAFT)
    editor_client.post(
        admin_url(PracticeExample, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED


def programme_form(**fields):
    """What the admin's add form for a funding programme sends, with fields changed or added."""
    return {
        "title": "Neues Landesprogramm",
        "slug": "neues-landesprogramm",
        "status": PublicationStatus.DRAFT,
        "summary": "Zuschüsse für Nachbarschaftstreffs.",
        "funder": "Land",
        "level": "land",
        "funding_type": "zuschuss",
        "deadline_state": "eingetragen",
        **fields,
    }


def test_an_editor_can_create_a_funding_programme(editor_client, db):
    from funding.models import FundingProgramme

    response = editor_client.post(
        admin_url(FundingProgramme, "add"),
        programme_form(applicants=["kommunen", "vereine"], tags="Nachbarschaft"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme = FundingProgramme.objects.get(slug="neues-landesprogramm")
    assert programme.applicants == ["kommunen", "vereine"]


def test_dates_for_a_programme_with_unknown_deadlines_get_a_german_form_error(editor_client, db):
    from funding.models import FundingProgramme

    response = editor_client.post(
        admin_url(FundingProgramme, "add"),
        programme_form(slug="ohne-fristen", deadline_state="unbekannt", application_end="31.12.2027"),
    )
    assert response.status_code == 200
    assert "bitte weder Antragsstart noch Antragsfrist eintragen" in response.content.decode()
    assert not FundingProgramme.objects.filter(slug="ohne-fristen").exists()


LIST_EDITS = [("projects.PracticeExample", "review_due"), ("werkzeugkoffer.FieldOfAction", "position")]


@pytest.mark.parametrize(("model", "field"), LIST_EDITS)
def test_list_edit_fields_are_named_after_their_column_and_row(editor_client, model, field):
    from django.apps import apps
    from django.utils.html import escape

    model = apps.get_model(model)
    entry = model.objects.order_by("pk").first()
    content = editor_client.get(admin_url(model, "changelist")).content.decode()
    assert f'aria-label="{escape(model._meta.get_field(field).verbose_name)}: {escape(entry)}"' in content


def test_help_texts_naming_html_tags_show_them_as_text(editor_client):
    from projects.models import PracticeExample
    from werkzeugkoffer.models import Page

    for model, entry in ((PracticeExample, PracticeExample.objects.first()), (Page, Page.objects.first())):
        content = editor_client.get(admin_url(model, "change", entry.pk)).content.decode()
        assert "&lt;a href=" in content
        assert '<a href="…">' not in content
