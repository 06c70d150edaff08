"""Two editors saving the same legal page, taxonomy, region or synonym (also in a list): the second is told, nothing is
lost."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin_forms import admin_url, change_form_data, changelist_versions
from werkzeugkoffer.backoffice.admin import ListEditFormSet
from werkzeugkoffer.models import FieldOfAction, Page, Region, Synonym, TargetGroup, Versioned


@pytest.mark.parametrize(
    ("model", "lookup", "field"),
    [
        (Page, {"slug": "impressum"}, "title"),
        (FieldOfAction, {"slug": "wohnen"}, "description"),
        (Region, {"slug": "bayern"}, "name"),
        (Synonym, {"source": "Einsamkeit"}, "terms"),
    ],
    ids=["legal-page", "handlungsfeld", "region", "synonym"],
)
def test_the_second_of_two_concurrent_saves_is_refused(make_staff, client_for, model, lookup, field):
    entry = model.objects.get(**lookup)
    url = admin_url(model, "change", entry.pk)
    first, second = client_for(make_staff("freigabe", "Freigabe")), client_for(make_staff("zweite", "Freigabe"))
    first_form, second_form = change_form_data(first.get(url)), change_form_data(second.get(url))
    assert first_form["opened_version"] == second_form["opened_version"] == str(entry.version)

    first_form[field] = "Erste Fassung"
    assert first.post(url, first_form).status_code == 302
    second_form[field] = "Zweite Fassung"
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    assert "inzwischen von jemand anderem gespeichert" in refused.content.decode()
    assert "Opened version" not in refused.content.decode()
    entry.refresh_from_db()
    assert getattr(entry, field) == "Erste Fassung"
    assert entry.version == 2


def list_edit(client, model, entry, field, value, versions):
    """Post the change list's „Sichern“ for one row, with the version inputs the list showed."""
    return client.post(
        admin_url(model, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(entry.pk),
            f"form-0-{field}": value,
            "_save": "Sichern",
            **versions,
        },
    )


@pytest.mark.parametrize("model", [FieldOfAction, TargetGroup], ids=["handlungsfeld", "zielgruppe"])
def test_a_list_edit_of_a_taxonomy_saved_meanwhile_is_refused(make_staff, client_for, model):
    first, second = client_for(make_staff("freigabe", "Freigabe")), client_for(make_staff("zweite", "Freigabe"))
    entry = model.objects.order_by("position", "name").first()
    stale_versions = changelist_versions(second.get(admin_url(model, "changelist")))
    assert stale_versions[f"_version_{entry.pk}"] == str(entry.version)

    first_versions = changelist_versions(first.get(admin_url(model, "changelist")))
    assert list_edit(first, model, entry, "position", "7", first_versions).status_code == 302
    refused = list_edit(second, model, entry, "position", "9", stale_versions)

    assert refused.status_code == 200
    assert "inzwischen von jemand anderem gespeichert" in refused.content.decode()
    assert "Opened version" not in refused.content.decode()
    entry.refresh_from_db()
    assert (entry.position, entry.version) == (7, 2)


def test_a_list_edit_of_an_unchanged_taxonomy_is_saved_with_the_next_version(make_staff, client_for):
    client = client_for(make_staff("freigabe", "Freigabe"))
    entry = FieldOfAction.objects.order_by("position", "name").first()
    versions = changelist_versions(client.get(admin_url(FieldOfAction, "changelist")))

    assert list_edit(client, FieldOfAction, entry, "position", "12", versions).status_code == 302
    entry.refresh_from_db()
    assert (entry.position, entry.version) == (12, 2)


def test_every_list_edit_of_the_back_office_checks_versions(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    list_editing = [model_admin for model_admin in admin.site._registry.values() if model_admin.list_editable]
    assert {type(model_admin).__name__ for model_admin in list_editing} >= {"TaxonomyAdmin", "FundingProgrammeAdmin"}
    for model_admin in list_editing:
        assert issubclass(model_admin.model, Versioned), model_admin
        assert issubclass(model_admin.get_changelist_formset(request), ListEditFormSet), model_admin
        assert "version_marker" in model_admin.get_list_display(request), model_admin


@pytest.mark.parametrize(
    ("model", "lookup", "field"),
    [
        (FieldOfAction, {"slug": "wohnen"}, "description"),
        (TargetGroup, {}, "name"),
        (Region, {"slug": "bayern"}, "name"),
        (Page, {"slug": "impressum"}, "title"),
        (Synonym, {"source": "Einsamkeit"}, "terms"),
    ],
    ids=["handlungsfeld", "zielgruppe", "region", "legal-page", "synonym"],
)
def test_a_taxonomy_region_legal_page_or_synonym_keeps_its_history_and_can_be_reverted(
    make_staff, client_for, model, lookup, field
):
    reviewer = client_for(make_staff("freigabe", "Freigabe"))
    entry = model.objects.filter(**lookup).order_by("pk").first()
    url = admin_url(model, "change", entry.pk)
    for value in ("Erste Änderung", "Zweite Änderung"):
        form = change_form_data(reviewer.get(url))
        form[field] = value
        assert reviewer.post(url, form).status_code == 302

    history = reviewer.get(admin_url(model, "history", entry.pk)).content.decode()
    assert "Zweite" in history.split('id="change-history"')[1]
    first = entry.history.get(**{field: "Erste Änderung"})
    opts = model._meta
    revert_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[entry.pk, first.history_id])
    assert reviewer.post(revert_url, change_form_data(reviewer.get(revert_url))).status_code == 302

    entry.refresh_from_db()
    assert getattr(entry, field) == "Erste Änderung"
    assert entry.version == 4
    assert entry.history.filter(history_date__gt=first.history_date).count() == 2


def test_a_refused_save_of_a_handlungsfeld_says_who_changed_what(make_staff, client_for):
    entry = FieldOfAction.objects.get(slug="wohnen")
    entry.save()  # its first version, as the migration records it for every existing Handlungsfeld
    url = admin_url(FieldOfAction, "change", entry.pk)
    anna = make_staff("anna", "Freigabe")
    anna.first_name, anna.last_name = "Anna", "Beispiel"
    anna.save()
    first, second = client_for(anna), client_for(make_staff("ben", "Freigabe"))
    first_form, second_form = change_form_data(first.get(url)), change_form_data(second.get(url))
    first_form["description"] = "Neue Beschreibung"
    assert first.post(url, first_form).status_code == 302

    message = " ".join(second.post(url, second_form).context["adminform"].form.non_field_errors())

    assert "Zuletzt gespeichert von Anna Beispiel" in message
    assert "Beschreibung:" in message and "Neue Beschreibung" in message


def test_the_hidden_version_field_has_a_german_label(editor, make_example):
    from projects.models import PracticeExample

    content = editor.get(admin_url(PracticeExample, "change", make_example().pk)).content.decode()

    assert '<label for="id_opened_version">Geöffnete Fassung:</label>' in content
    assert "Opened version" not in content
