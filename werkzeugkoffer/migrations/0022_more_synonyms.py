"""More terms for the starter synonym list, each with its first version in the history: homes for older people go
by many names, and a „Dorfladen“ is often run by the Bürger."""

from django.db import migrations
from django.utils import timezone

GROUPS = [
    ["Pflegeheim", "Seniorenheim", "Altenheim", "Altenpflegeheim", "stationäre Pflege", "Seniorenresidenz"],
    ["Mehrgenerationenhaus", "MGH", "Generationenhaus"],
    ["Nachbarschaftstreff", "Begegnungsstätte", "Quartierstreff", "Stadtteiltreff"],
]


def add(apps, schema_editor):
    Synonym = apps.get_model("werkzeugkoffer", "Synonym")
    HistoricalSynonym = apps.get_model("werkzeugkoffer", "HistoricalSynonym")
    fields = [field.attname for field in Synonym._meta.concrete_fields]
    now = timezone.now()
    for terms in GROUPS:
        entry = Synonym.objects.create(kind="gruppe", terms="\n".join(terms))
        HistoricalSynonym.objects.create(
            **{field: getattr(entry, field) for field in fields}, history_date=now, history_type="+"
        )


def remove(apps, schema_editor):
    Synonym = apps.get_model("werkzeugkoffer", "Synonym")
    Synonym.objects.filter(terms__in=["\n".join(terms) for terms in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("werkzeugkoffer", "0021_privacy_statement_zero_result_searches")]

    operations = [migrations.RunPython(add, remove)]
