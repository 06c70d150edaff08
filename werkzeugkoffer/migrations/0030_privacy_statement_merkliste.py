"""The privacy statement says where the Merkliste is kept: in the address, and in the browser only after „merken“.

As in 0021 and 0029: only a text still as 0029 left it is changed, as a new version in its history; a text an editor
has changed stays as it is, and its page lists the paragraph as a missing detail for the editors' start page.
"""

import importlib

from django.db import migrations
from django.utils import timezone

PREVIOUS = importlib.import_module("werkzeugkoffer.migrations.0029_privacy_statement_suggestions")

SECTION_BEFORE = "<h2>Cookies</h2>"
SECTION = """<h2>Merkliste</h2>
<p>Die Merkliste steht allein in der Adresse der Seite /merkliste/: Sie nennt die gemerkten Einträge, zum Beispiel „?e=foerderprogramme:…“. Der Werkzeugkoffer speichert die Merkliste nicht und kann sie niemandem zuordnen; wer den Link hat, sieht die Liste. Speichern Sie die Adresse als Lesezeichen oder schicken Sie sie an andere, wenn Sie die Liste behalten oder teilen möchten.</p>
<p>Ist JavaScript eingeschaltet, legt Ihr Browser die Merkliste außerdem in seinem lokalen Speicher („localStorage“, Eintrag „werkzeugkoffer-merkliste“) ab – erst, wenn Sie auf „merken“ klicken, nie schon beim Aufruf einer Seite. Dieser Eintrag bleibt auf Ihrem Gerät, wird nicht an den Werkzeugkoffer übertragen und enthält nur die Kurznamen der gemerkten Einträge. „Merkliste leeren“ löscht ihn; Sie können ihn auch in den Einstellungen Ihres Browsers löschen. Rechtsgrundlage für das Speichern ist § 25 Absatz 2 Nummer 2 des Telekommunikation-Digitale-Dienste-Datenschutz-Gesetzes (TDDDG), denn Sie haben die Merkliste ausdrücklich angefordert.</p>

"""
DATENSCHUTZ = PREVIOUS.DATENSCHUTZ.replace(SECTION_BEFORE, SECTION + SECTION_BEFORE)
MISSING = (
    "Absatz „Merkliste“: Die Merkliste steht in der Adresse, der Server speichert sie nicht; mit JavaScript legt der "
    "Browser sie erst nach einem Klick auf „merken“ im localStorage ab („werkzeugkoffer-merkliste“)"
)
REASON = "Datenschutzerklärung: Absatz „Merkliste“"


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
    elif "<h2>Merkliste</h2>" not in page.body and MISSING not in page.missing_details:
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
        ("werkzeugkoffer", "0029_privacy_statement_suggestions"),
    ]

    operations = [migrations.RunPython(add_paragraph, remove_paragraph)]
