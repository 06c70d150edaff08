"""Data migrations: review dates only from editors."""

import datetime
import importlib

from django.apps import apps
from django.core.management import call_command

from contacts.models import Contact
from projects.models import PracticeExample

review_dates = importlib.import_module("werkzeugkoffer.migrations.0012_review_dates_from_editors_only")

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
