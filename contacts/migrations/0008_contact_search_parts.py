"""The later parts of compound words (search_parts, see werkzeugkoffer/catalogue/compounds.py) become part of the
search document, so that „Wohngemeinschaft“ finds „Pflegewohngemeinschaft“."""

from django.db import migrations, models

from werkzeugkoffer.catalogue import compounds, search

SOURCES = ["name", "organisation", "description", "person_name", "town", "opening_hours", "person_role"]
RELATIONS = [
    ("contacts_contact_topics", "contact_id", "fieldofaction_id", "werkzeugkoffer_fieldofaction", "facet_topics")
]
ASSIGNMENTS = {
    "facet_regions": "wk_region_closure((SELECT array_agg(region_id) FROM contacts_contact_regions "
    "WHERE contact_id = NEW.id), NEW.nationwide)",
}
NAMES = [
    search.related_names_sql("contacts_contact_regions", "contact_id", "region_id", "werkzeugkoffer_region", "NEW.id")
]


def refresh(extra_names):
    assignments = search.catalogue_assignments("contacts", "contact", RELATIONS, ASSIGNMENTS, extra_names)
    return search.refresh_function_sql("contacts_contact", assignments)


def fill(apps, schema_editor):
    compounds.fill_search_parts(apps.get_model("contacts", "contact"), SOURCES)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0007_source_date")]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="search_parts",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(refresh([*NAMES, "NEW.search_parts"]), refresh(NAMES)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
