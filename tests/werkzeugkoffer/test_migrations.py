"""Data migrations: review dates only from editors, legal pages without placeholders, the privacy statement on
searches without results."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from contacts.models import Contact
from projects.models import PracticeExample
from werkzeugkoffer.models import Page, Synonym, SynonymKind

review_dates = importlib.import_module("werkzeugkoffer.migrations.0012_review_dates_from_editors_only")
legal_pages = importlib.import_module("werkzeugkoffer.migrations.0014_legal_pages_without_placeholders")
more_synonyms = importlib.import_module("werkzeugkoffer.migrations.0022_more_synonyms")
synonyms = importlib.import_module("werkzeugkoffer.migrations.0019_synonyms")
privacy_statement = importlib.import_module("werkzeugkoffer.migrations.0021_privacy_statement_zero_result_searches")
suggestions_statement = importlib.import_module("werkzeugkoffer.migrations.0029_privacy_statement_suggestions")
merkliste_statement = importlib.import_module("werkzeugkoffer.migrations.0030_privacy_statement_merkliste")
alerts_statement = importlib.import_module("werkzeugkoffer.migrations.0031_privacy_statement_email_alerts")
access_statement = importlib.import_module("werkzeugkoffer.migrations.0032_privacy_statement_alert_access")

LOADED = datetime.date(2026, 11, 20)
CHECKED = datetime.date(2026, 11, 27)


def test_it_has_a_migration_for_every_model_change(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_it_clears_the_review_date_that_loading_or_creating_an_entry_set(make_example):
    # As loaded: the first version already had the date, and nobody signed in made it.
    loaded = make_example(slug="geladen", reviewed_at=LOADED)

    review_dates.clear_unchecked_review_dates(apps, None)

    loaded.refresh_from_db()
    assert loaded.reviewed_at is None


def test_it_clears_the_review_date_of_an_entry_without_history(make_contact):
    contact = make_contact(reviewed_at=LOADED)
    Contact.history.filter(id=contact.pk).delete()

    review_dates.clear_unchecked_review_dates(apps, None)

    contact.refresh_from_db()
    assert contact.reviewed_at is None


def test_it_keeps_a_review_date_an_editor_set_later(make_example):
    example = make_example(slug="geprueft", reviewed_at=LOADED)
    example.reviewed_at = CHECKED
    example.save()

    review_dates.clear_unchecked_review_dates(apps, None)

    example.refresh_from_db()
    assert example.reviewed_at == CHECKED


def test_it_keeps_the_review_date_of_an_entry_an_editor_created(make_example, make_staff):
    example = make_example(slug="angelegt", reviewed_at=LOADED)
    PracticeExample.history.filter(id=example.pk).update(history_user=make_staff("redaktion", "Redaktion"))

    review_dates.clear_unchecked_review_dates(apps, None)

    example.refresh_from_db()
    assert example.reviewed_at == LOADED


def test_it_replaces_an_unchanged_legal_page_and_lists_what_it_lacks(db):
    Page.objects.filter(slug="impressum").update(body=legal_pages.FIRST_TEXTS.IMPRESSUM, missing_details="")

    legal_pages.replace_placeholders(apps, None)

    page = Page.objects.get(slug="impressum")
    assert page.body == legal_pages.IMPRESSUM
    assert "wird von der Redaktion ergänzt" not in page.body
    assert "Name der vertretungsberechtigten Person (Ministerin oder Minister)" in page.missing_detail_list()


def test_it_keeps_a_legal_page_an_editor_changed_and_asks_to_check_it(db):
    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text der Redaktion</p>", missing_details="")

    legal_pages.replace_placeholders(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == "<p>Eigener Text der Redaktion</p>"
    assert page.missing_detail_list()[0].startswith("Der Text wurde seit seiner ersten Fassung geändert")
    assert "Kontaktdaten der oder des behördlichen Datenschutzbeauftragten" in page.missing_detail_list()


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"])
def test_it_restores_the_first_text_when_going_back(db, slug):
    # Backwards, in the reverse order of the migrations that changed the texts.
    access_statement.remove_sentence(apps, None)
    alerts_statement.remove_paragraph(apps, None)
    merkliste_statement.remove_paragraph(apps, None)
    suggestions_statement.remove_paragraph(apps, None)
    privacy_statement.remove_paragraph(apps, None)
    legal_pages.restore_placeholders(apps, None)

    first, _new, _missing = legal_pages.PAGES[slug]
    assert Page.objects.get(slug=slug).body == first


def test_it_seeds_a_valid_synonym_list_with_its_first_versions(db):
    seeded = list(Synonym.objects.all())
    assert len(seeded) == len(synonyms.GROUPS) + len(synonyms.ONE_WAY) + len(more_synonyms.GROUPS)
    for synonym in seeded:
        synonym.full_clean()  # the editors' rules hold for the starter list too
        assert synonym.history.filter(history_type="+", version=1).count() == 1, synonym
    one_way = {synonym.source: synonym.term_list() for synonym in seeded if synonym.kind == SynonymKind.ONE_WAY}
    assert one_way["Einsamkeit"] == ["Begegnung", "Nachbarschaft", "Teilhabe"]
    assert ["Seniorengenossenschaft", "Bürgergemeinschaft", "Nachbarschaftshilfe"] in [
        synonym.term_list() for synonym in seeded
    ]
    assert more_synonyms.GROUPS[0] in [synonym.term_list() for synonym in seeded]


def test_it_adds_the_paragraph_on_searches_without_results_as_a_new_version(db):
    Page.objects.filter(slug="datenschutz").update(body=privacy_statement.PREVIOUS.DATENSCHUTZ)
    version = Page.objects.get(slug="datenschutz").version

    privacy_statement.add_paragraph(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == privacy_statement.DATENSCHUTZ
    assert "<h2>Suchen ohne Treffer</h2>" in page.body
    assert page.version == version + 1
    assert page.history.first().history_change_reason == privacy_statement.REASON


def test_it_lists_the_paragraph_as_missing_in_a_privacy_statement_an_editor_changed(db):
    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text der Redaktion</p>", missing_details="")

    privacy_statement.add_paragraph(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == "<p>Eigener Text der Redaktion</p>"
    assert page.missing_detail_list() == [privacy_statement.MISSING]


def test_the_privacy_statement_says_what_typing_in_a_search_field_sends(client, db):
    content = client.get("/datenschutz/").content.decode()
    assert "Vorschläge beim Tippen" in content
    assert "nicht das Getippte" in content


def test_it_adds_the_paragraph_on_suggestions_as_a_new_version_or_lists_it_as_missing(db):
    Page.objects.filter(slug="datenschutz").update(body=suggestions_statement.PREVIOUS.DATENSCHUTZ)
    version = Page.objects.get(slug="datenschutz").version

    suggestions_statement.add_paragraph(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == suggestions_statement.DATENSCHUTZ
    assert page.version == version + 1
    assert page.history.first().history_change_reason == suggestions_statement.REASON

    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text der Redaktion</p>", missing_details="")
    suggestions_statement.add_paragraph(apps, None)
    assert Page.objects.get(slug="datenschutz").missing_detail_list() == [suggestions_statement.MISSING]
