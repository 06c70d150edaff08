"""The Datenschutz page says what the e-mail alerts keep (migration 0031) and who sees them (0032)."""

import importlib

import pytest
from django.apps import apps

from werkzeugkoffer.models import Page

pytestmark = pytest.mark.django_db
alerts_statement = importlib.import_module("werkzeugkoffer.migrations.0031_privacy_statement_email_alerts")
access_statement = importlib.import_module("werkzeugkoffer.migrations.0032_privacy_statement_alert_access")


def test_the_privacy_statement_says_what_the_alerts_keep_and_when_they_are_deleted(client):
    content = client.get("/datenschutz/").text
    assert "Benachrichtigungen per E-Mail" in content
    assert "nicht binnen 7 Tagen bestätigt" in content
    assert "nur Ihre E-Mail-Adresse" in content
    # Who sees them: the Freigabe in the back office (alerts/admin.py).
    assert "die Einträge freigeben dürfen, die Abonnements ein" in content


def test_it_adds_the_paragraph_as_a_new_version_or_lists_it_as_missing():
    Page.objects.filter(slug="datenschutz").update(body=alerts_statement.PREVIOUS.DATENSCHUTZ)
    version = Page.objects.get(slug="datenschutz").version

    alerts_statement.add_paragraph(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == alerts_statement.DATENSCHUTZ
    assert page.version == version + 1
    assert page.history.first().history_change_reason == alerts_statement.REASON

    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text der Redaktion</p>", missing_details="")
    alerts_statement.add_paragraph(apps, None)
    assert Page.objects.get(slug="datenschutz").missing_detail_list() == [alerts_statement.MISSING]


def test_it_adds_who_sees_the_subscriptions_as_a_new_version_or_lists_it_as_missing():
    Page.objects.filter(slug="datenschutz").update(body=access_statement.PREVIOUS.DATENSCHUTZ)
    version = Page.objects.get(slug="datenschutz").version

    access_statement.add_sentence(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == access_statement.DATENSCHUTZ != access_statement.PREVIOUS.DATENSCHUTZ
    assert page.version == version + 1
    assert page.history.first().history_change_reason == access_statement.REASON

    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text der Redaktion</p>", missing_details="")
    access_statement.add_sentence(apps, None)
    assert Page.objects.get(slug="datenschutz").missing_detail_list() == [access_statement.MISSING]


def test_it_goes_back_to_the_text_before():
    access_statement.remove_sentence(apps, None)
    assert Page.objects.get(slug="datenschutz").body == access_statement.PREVIOUS.DATENSCHUTZ
    alerts_statement.remove_paragraph(apps, None)
    assert Page.objects.get(slug="datenschutz").body == alerts_statement.PREVIOUS.DATENSCHUTZ
