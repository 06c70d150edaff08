"""The privacy statement says what the e-mail alerts of the lists keep and for how long (alerts/, send_alerts).

As in 0021, 0029 and 0030: only a text still as 0030 left it is changed, as a new version in its history; a text an
editor has changed stays as it is, and its page lists the paragraph as a missing detail for the editors' start page.
"""

import importlib

from django.db import migrations
from django.utils import timezone

PREVIOUS = importlib.import_module("werkzeugkoffer.migrations.0030_privacy_statement_merkliste")

SECTION_BEFORE = "<h2>Cookies</h2>"
SECTION = """<h2>Benachrichtigungen per E-Mail</h2>
<p>Unter jeder Liste können Sie sich per E-Mail über neue und geänderte Einträge mit den gewählten Filtern benachrichtigen lassen. Dafür speichern wir nur Ihre E-Mail-Adresse, die gewählte Liste mit ihren Filtern, ob Sie täglich oder wöchentlich benachrichtigt werden möchten, wann Sie bestellt und bestätigt haben und wann wir zuletzt geschrieben haben – keinen Namen, keine IP-Adresse und kein Cookie. Zuerst schicken wir eine E-Mail mit einem Link zur Bestätigung (höchstens eine je Adresse und Stunde); wird das Abonnement nicht binnen 7 Tagen bestätigt, löschen wir die Angaben. Jede E-Mail enthält einen Link, mit dem Sie das Abonnement ändern oder beenden; beim Beenden löschen wir die Angaben sofort. Rechtsgrundlage ist Ihre Einwilligung (Artikel 6 Absatz 1 Buchstabe a DSGVO), die Sie jederzeit mit diesem Link widerrufen können. Die E-Mails verschickt der Mailserver des Ministeriums; die Adresse wird an niemanden sonst weitergegeben. Die Feeds (Atom) und Kalender (iCalendar) der Listen kommen ohne jede Anmeldung aus und speichern nichts über Sie.</p>

"""
DATENSCHUTZ = PREVIOUS.DATENSCHUTZ.replace(SECTION_BEFORE, SECTION + SECTION_BEFORE)
MISSING = (
    "Absatz „Benachrichtigungen per E-Mail“: gespeichert werden nur Adresse, Liste mit Filtern, Häufigkeit und "
    "Zeitpunkte; unbestätigte Abonnements werden nach 7 Tagen gelöscht, beendete sofort"
)
REASON = "Datenschutzerklärung: Absatz „Benachrichtigungen per E-Mail“"


def add_paragraph(apps, schema_editor):
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
    elif "Benachrichtigungen per E-Mail" not in page.body and MISSING not in page.missing_details:
        page.missing_details = "\n".join(filter(None, [page.missing_details.strip(), MISSING]))
        page.save(update_fields=["missing_details"])


def remove_paragraph(apps, schema_editor):
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
        ("werkzeugkoffer", "0030_privacy_statement_merkliste"),
    ]

    operations = [migrations.RunPython(add_paragraph, remove_paragraph)]
