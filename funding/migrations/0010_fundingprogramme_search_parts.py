"""The later parts of compound words (search_parts, see werkzeugkoffer/catalogue/compounds.py) become part of the
search document, so that „Wohngemeinschaft“ finds „Pflegewohngemeinschaft“."""

import importlib

from django.db import migrations, models

from werkzeugkoffer.catalogue import compounds, search

# The trigger as of 0009 (Antragsberechtigte searchable), plus the parts.
applicants = importlib.import_module("funding.migrations.0009_applicants_searchable")
SOURCES = [
    "title",
    "summary",
    "funder",
    "legal_basis",
    "funded_activities",
    "how_to_apply",
    "amount_text",
    "applicants_note",
    "deadline_note",
]
NAMES = [applicants.REGION_NAMES, search.choice_labels_sql("NEW.applicants", applicants.APPLICANTS)]


def refresh(extra_names):
    assignments = search.catalogue_assignments(
        "funding", "fundingprogramme", applicants.RELATIONS, applicants.AREA, extra_names
    )
    return search.refresh_function_sql("funding_fundingprogramme", assignments)


def fill(apps, schema_editor):
    compounds.fill_search_parts(apps.get_model("funding", "fundingprogramme"), SOURCES)


class Migration(migrations.Migration):
    dependencies = [("funding", "0009_applicants_searchable")]

    operations = [
        migrations.AddField(
            model_name="fundingprogramme",
            name="search_parts",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(refresh([*NAMES, "NEW.search_parts"]), refresh(NAMES)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
