"""The privacy statement says who in the ministry sees the e-mail subscriptions: the Freigabe, in the back office
(alerts/admin.py), e.g. to delete an address on request.

As in 0031: only a text still as 0031 left it is changed, as a new version in its history; a text an editor has
changed stays as it is, and its page lists the sentence as a missing detail for the editors' start page.
"""

import importlib

from django.db import migrations
from django.utils import timezone

PREVIOUS = importlib.import_module("werkzeugkoffer.migrations.0031_privacy_statement_email_alerts")

SENTENCE_BEFORE = "Die E-Mails verschickt der Mailserver des Ministeriums; die Adresse wird an niemanden sonst weitergegeben."
SENTENCE = (
    "Im Ministerium sehen nur die Mitarbeiterinnen und Mitarbeiter der Redaktion, die Einträge freigeben dürfen, die "
    "Abonnements ein – etwa um Ihre Adresse zu löschen, wenn Sie uns darum bitten. Die E-Mails verschickt der "
    "Mailserver des Ministeriums; die Adresse wird an niemanden sonst weitergegeben."
)
DATENSCHUTZ = PREVIOUS.DATENSCHUTZ.replace(SENTENCE_BEFORE, SENTENCE)
MISSING = (
    "Absatz „Benachrichtigungen per E-Mail“: im Ministerium sehen nur Redaktionsmitglieder mit dem Recht zur Freigabe "
    "die Abonnements ein (etwa um eine Adresse auf Wunsch zu löschen)"
)
REASON = "Datenschutzerklärung: wer im Ministerium die Abonnements einsieht"


def add_sentence(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    HistoricalPage = apps.get_model("werkzeugkoffer", "HistoricalPage")
    page = Page.objects.filter(slug="datenschutz").first()
    if page is None:
        return
    if page.body == PREVIOUS.DATENSCHUTZ:
        page.body = DATENSCHUTZ
        page.version += 1
        page.save()
        fields = [field.attname for field in Page._meta.concrete_fields]
        HistoricalPage.objects.create(
            **{field: getattr(page, field) for field in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON,
        )
    elif "sehen nur die Mitarbeiterinnen" not in page.body and MISSING not in page.missing_details:
        page.missing_details = "\n".join(filter(None, [page.missing_details.strip(), MISSING]))
        page.save(update_fields=["missing_details"])


def remove_sentence(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    page = Page.objects.filter(slug="datenschutz").first()
    if page is None:
        return
    if page.body == DATENSCHUTZ:
        page.body = PREVIOUS.DATENSCHUTZ
        page.version += 1
        page.save()
    elif MISSING in page.missing_details:
        page.missing_details = "\n".join(line for line in page.missing_details.splitlines() if line != MISSING)
        page.save(update_fields=["missing_details"])


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0031_privacy_statement_email_alerts"),
    ]

    operations = [migrations.RunPython(add_sentence, remove_sentence)]
