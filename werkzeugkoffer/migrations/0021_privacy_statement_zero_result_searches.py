"""The privacy statement says how searches without results are counted (werkzeugkoffer/catalogue/query_log.py).

Only a text still as 0014_legal_pages_without_placeholders left it is changed, as a new version in its history (so
that an editor with the page open gets the version check's message instead of overwriting it). A text an editor has
changed stays as it is; its page lists the paragraph as a missing detail for the editors' start page.
"""

import importlib

from django.db import migrations
from django.utils import timezone

PREVIOUS = importlib.import_module("werkzeugkoffer.migrations.0014_legal_pages_without_placeholders")

SUMMARY_AFTER = (
    "<li>Das Protokoll, das der Werkzeugkoffer über die Aufrufe führt, enthält keine IP-Adressen und keine "
    "Suchbegriffe.</li>\n"
)
SUMMARY = (
    "<li>Findet eine Suche nichts, zählen wir das ohne personenbezogene Daten. Den Suchbegriff selbst speichern wir "
    "nur, wenn an einem Tag mindestens dreimal dasselbe vergeblich gesucht wurde.</li>\n"
)
SECTION_BEFORE = "<h2>Cookies</h2>"
SECTION = """<h2>Suchen ohne Treffer</h2>
<p>Findet eine Suche im Werkzeugkoffer nichts, zählen wir das, damit die Redaktion fehlende Einträge und andere Begriffe ergänzen kann. Gespeichert werden nur der Tag, der Bereich, in dem gesucht wurde (etwa die Praxisbeispiele), und wie oft dort an diesem Tag dasselbe vergeblich gesucht wurde. Wir speichern keine IP-Adresse, keine Angaben zu Browser oder Gerät, keine Uhrzeit und nichts, was mehrere Suchen derselben Person miteinander verbindet. Suchen mit ausgewählten Filtern zählen wir nicht.</p>
<p>Den Suchbegriff selbst speichern wir erst, wenn er an einem Tag im selben Bereich mindestens dreimal nichts gefunden hat. Bis dahin kennen wir ihn nur als Prüfsumme, die mit einem geheimen und jeden Tag anderen Schlüssel gebildet wird und aus der sich der Begriff nicht ablesen lässt. Suchbegriffe, die wie eine E-Mail-Adresse oder eine Telefonnummer aussehen, speichern wir nie. Nach dem Ende eines Tages bleibt von den seltener gesuchten Begriffen nur ihre Anzahl. Nach 90 Tagen löschen wir alle Angaben. Sollte ein gespeicherter Suchbegriff doch einmal auf eine Person schließen lassen, ist Rechtsgrundlage Artikel 6 Absatz 1 Buchstabe e DSGVO in Verbindung mit § 3 des Landesdatenschutzgesetzes Rheinland-Pfalz.</p>

"""
DATENSCHUTZ = PREVIOUS.DATENSCHUTZ.replace(SUMMARY_AFTER, SUMMARY_AFTER + SUMMARY).replace(
    SECTION_BEFORE, SECTION + SECTION_BEFORE
)
MISSING = (
    "Absatz „Suchen ohne Treffer“: Suchen ohne Ergebnis werden ohne personenbezogene Daten gezählt, der Suchbegriff "
    "nur gespeichert, wenn er an einem Tag mindestens dreimal nichts gefunden hat, alles nach 90 Tagen gelöscht"
)
REASON = "Datenschutzerklärung: Absatz „Suchen ohne Treffer“"


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
    elif "Suchen ohne Treffer" not in page.body and MISSING not in page.missing_details:
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
        ("werkzeugkoffer", "0020_zero_result_queries"),
    ]

    operations = [migrations.RunPython(add_paragraph, remove_paragraph)]
