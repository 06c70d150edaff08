"""The rich-text editor of the back office: its widget, the warning about what saving removed, the link search."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.backoffice.editor import RichTextarea, check_bundle
from werkzeugkoffer.models import Page, PublicationStatus

PASTED_WITHOUT_SCRIPT = (
    '<p class="MsoNormal" style="color:red">Treffpunkt</p><table><tr><td>Montag</td></tr></table>'
    '<img src="https://example.org/bild.png"><img src="x"><a href="javascript:alert(1)">Klick</a>'
)


def warnings_of(response):
    return [message.message for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


def test_every_rich_text_field_of_an_entry_uses_the_editor(editor, make_example):
    example = make_example()
    form = editor.get(admin_url(PracticeExample, "change", example.pk)).context["adminform"].form
    for name in PracticeExample.rich_text_fields:
        widget = form.fields[name].widget
        assert isinstance(widget, RichTextarea)
        assert widget.attrs["data-rich-text"] == "text"
        assert "Werkzeugleiste" in form.fields[name].help_text
    assert "data-rich-text" not in form.fields["teaser"].widget.attrs


def test_fields_with_sub_headings_get_the_heading_buttons(editor, make_recommendation):
    from guidance.models import Recommendation

    recommendation = make_recommendation()
    content = editor.get(admin_url(Recommendation, "change", recommendation.pk)).content.decode()
    assert 'data-rich-text="headings"' in content  # body
    assert 'data-rich-text="text"' in content  # further_reading
    assert "„Überschrift 2“" in content
    assert f'data-link-search="{reverse("rich_text_links")}"' in content
    assert "build/editor.js" in content and "css/editor.css" in content


def test_the_legal_pages_use_the_editor_with_sub_headings(admin_client):
    page = Page.objects.get(slug="impressum")
    content = admin_client.get(admin_url(Page, "change", page.pk)).content.decode()
    assert 'data-rich-text="headings"' in content
    assert "build/editor.js" in content


def test_saving_warns_what_sanitising_removed_from_a_field(make_staff, client_for, make_example):
    client = client_for(make_staff("freigabe", "Freigabe"))
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(client.get(url))
    data["goals"] = PASTED_WITHOUT_SCRIPT
    response = client.post(url, data)
    assert response.status_code == 302
    label = PracticeExample._meta.get_field("goals").verbose_name
    assert warnings_of(response) == [
        f"Im Feld „{label}“ wurde beim Speichern entfernt: 1 Tabelle (Text übernommen), 2 Bilder, "
        "1 unsicherer Link (javascript:), Attribute class und style."
    ]
    example.refresh_from_db()
    assert "<table" not in example.goals and "Montag" in example.goals


def test_a_change_that_goes_to_the_freigabe_warns_as_well(make_staff, client_for, make_example):
    client = client_for(make_staff("redaktion", "Redaktion"))
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(client.get(url))
    data["results"] = '<p>Ergebnis<img src="x"></p>'
    response = client.post(url, data)
    assert response.status_code == 302
    assert warnings_of(response) == ["Im Feld „Ergebnisse und Erfahrungen“ wurde beim Speichern entfernt: 1 Bild."]


def test_saving_clean_text_warns_of_nothing(make_staff, client_for, make_example):
    client = client_for(make_staff("freigabe", "Freigabe"))
    example = make_example(goals='<p>Ein <a href="https://example.org/">Café</a></p>')
    url = admin_url(PracticeExample, "change", example.pk)
    example.full_clean()
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 302
    assert warnings_of(response) == []


def test_saving_a_legal_page_warns_what_was_removed_but_keeps_sub_headings(admin_client):
    page = Page.objects.get(slug="impressum")
    url = admin_url(Page, "change", page.pk)
    data = change_form_data(admin_client.get(url))
    data["body"] = '<h2>Anschrift</h2><h1>Groß</h1><p style="font-size:20px">Text</p>'
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert warnings_of(response) == [
        "Im Feld „Text“ wurde beim Speichern entfernt: 1 Überschrift (als Text übernommen), Attribut style."
    ]
    page.refresh_from_db()
    assert page.body.startswith("<h2>Anschrift</h2>")


def test_the_link_search_finds_published_entries_of_all_catalogues(
    editor, make_example, make_programme, make_contact, make_recommendation
):
    make_example(title="Wohncafé Testdorf", slug="wohncafe-testdorf")
    make_example(title="Wohncafé im Entwurf", slug="wohncafe-entwurf", status=PublicationStatus.DRAFT)
    make_programme(title="Wohncafé-Förderung", slug="wohncafe-foerderung")
    make_contact(name="Wohncafé-Beratung", slug="wohncafe-beratung")
    make_recommendation(title="Ein Wohncafé gründen", slug="wohncafe-gruenden")
    response = editor.get(reverse("rich_text_links"), {"q": "wohncafé"})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    found = {(result["title"], result["type"], result["url"]) for result in results}
    assert ("Wohncafé Testdorf", "Praxisbeispiel", "/praxisbeispiele/wohncafe-testdorf/") in found
    assert (
        "Wohncafé-Förderung",
        "Förderprogramm",
        FundingProgramme.objects.get(slug="wohncafe-foerderung").get_absolute_url(),
    ) in found
    assert {"Wohncafé-Beratung", "Ein Wohncafé gründen"} <= {result["title"] for result in results}
    assert "Wohncafé im Entwurf" not in {result["title"] for result in results}


def test_the_link_search_needs_two_letters(editor):
    assert json.loads(editor.get(reverse("rich_text_links"), {"q": "w"}).content)["results"] == []


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "public-user"])
def test_the_link_search_is_for_staff_only(client, django_user_model, signed_in):
    if signed_in:
        client.force_login(django_user_model.objects.create_user("buerger", password="ein-langes-passwort-123"))
    response = client.get(reverse("rich_text_links"), {"q": "wohn"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_check_reports_a_missing_editor_bundle(settings, tmp_path):
    assert check_bundle() == []
    settings.STATICFILES_DIRS = [tmp_path]  # Django forgets its finders when this changes
    assert [error.id for error in check_bundle()] == ["werkzeugkoffer.E010"]
