"""The later parts of compound words (search_parts, see werkzeugkoffer/catalogue/compounds.py) become part of the
search document, so that „Wohngemeinschaft“ finds „Pflegewohngemeinschaft“."""

from django.db import migrations, models

from werkzeugkoffer.catalogue import compounds, search

SOURCES = [
    "title",
    "teaser",
    "motto",
    "operator_name",
    "place",
    "goals",
    "implementation",
    "special_feature",
    "financing",
    "results",
    "partners",
]
RELATIONS = [
    (
        "projects_practiceexample_fields_of_action",
        "practiceexample_id",
        "fieldofaction_id",
        "werkzeugkoffer_fieldofaction",
        "facet_fields",
    ),
    (
        "projects_practiceexample_target_groups",
        "practiceexample_id",
        "targetgroup_id",
        "werkzeugkoffer_targetgroup",
        "facet_groups",
    ),
]
ASSIGNMENTS = {}
NAMES = [
    "(SELECT name FROM werkzeugkoffer_region WHERE id = NEW.state_id)",
    "(SELECT name FROM werkzeugkoffer_region WHERE id = NEW.district_id)",
]


def refresh(extra_names):
    assignments = search.catalogue_assignments("projects", "practiceexample", RELATIONS, ASSIGNMENTS, extra_names)
    return search.refresh_function_sql("projects_practiceexample", assignments)


def fill(apps, schema_editor):
    compounds.fill_search_parts(apps.get_model("projects", "practiceexample"), SOURCES)


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_history_images")]

    operations = [
        migrations.AddField(
            model_name="practiceexample",
            name="search_parts",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(refresh([*NAMES, "NEW.search_parts"]), refresh(NAMES)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
