"""The privacy statement says that search fields send what is typed for suggestions (catalogue/suggestions.py).

As in 0021: only a text still as 0021 left it is changed, as a new version in its history; a text an editor has
changed stays as it is, and its page lists the paragraph as a missing detail for the editors' start page.
"""

import importlib

from django.db import migrations
from django.utils import timezone

PREVIOUS = importlib.import_module("werkzeugkoffer.migrations.0021_privacy_statement_zero_result_searches")

SECTION_BEFORE = "<h2>Cookies</h2>"
SECTION = """<h2>Vorschläge beim Tippen</h2>
<p>Wenn Sie in ein Suchfeld tippen und kurz innehalten, schickt Ihr Browser das bis dahin Getippte an den Werkzeugkoffer, damit er passende Einträge, Orte und Begriffe vorschlagen kann – schon bevor Sie auf „Suchen“ klicken. Diese Anfragen behandeln wir wie jeden anderen Aufruf: Das Protokoll enthält nur die Adresse der Vorschläge und den Namen der Angabe, nicht das Getippte; gespeichert wird davon nichts, auch nicht als Suche ohne Treffer. Damit das Angebot nicht überlastet wird, zählt der Server auch diese Anfragen je IP-Adresse nur im Arbeitsspeicher, wie oben beschrieben. Ohne JavaScript gibt es keine Vorschläge, und nichts wird vor dem Klick auf „Suchen“ übermittelt.</p>

"""
DATENSCHUTZ = PREVIOUS.DATENSCHUTZ.replace(SECTION_BEFORE, SECTION + SECTION_BEFORE)
MISSING = (
    "Absatz „Vorschläge beim Tippen“: Suchfelder schicken das Getippte nach einer kurzen Pause für Vorschläge an den "
    "Server, das Protokoll enthält es nicht, gespeichert wird nichts"
)
REASON = "Datenschutzerklärung: Absatz „Vorschläge beim Tippen“"


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
    elif "Vorschläge beim Tippen" not in page.body and MISSING not in page.missing_details:
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
        ("werkzeugkoffer", "0028_german_history_names"),
    ]

    operations = [migrations.RunPython(add_paragraph, remove_paragraph)]
