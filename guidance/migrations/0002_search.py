"""Search document, facet arrays and later compound parts of the Handlungsempfehlungen, kept current by triggers
(see werkzeugkoffer/catalogue/search.py), like the other three catalogues."""

from django.db import migrations

from werkzeugkoffer.catalogue import search

LABELS = {
    "kind": {
        "empfehlung": "Empfehlung",
        "methode": "Methode",
        "checkliste": "Checkliste",
        "grundlage": "Grundlage",
    },
    "audiences": {
        "kommune": "Kommune",
        "traeger": "Träger Wohlfahrtsverband",
        "wohnungswirtschaft": "Wohnungswirtschaft",
        "buergerinnen-und-buerger": "Bürgerinnen und Bürger",
        "politik": "Politik",
    },
    "phases": {
        "idee-und-planung": "Idee und Planung",
        "start": "Start",
        "umsetzung": "Umsetzung",
        "finanzierung": "Finanzierung",
        "verstetigung": "Verstetigung",
    },
}

TRIGGERS, DROP_TRIGGERS = search.catalogue_triggers(
    "guidance",
    "recommendation",
    relations=[
        (
            "guidance_recommendation_fields_of_action",
            "recommendation_id",
            "fieldofaction_id",
            "werkzeugkoffer_fieldofaction",
            "facet_fields",
        ),
        (
            "guidance_recommendation_target_groups",
            "recommendation_id",
            "targetgroup_id",
            "werkzeugkoffer_targetgroup",
            "facet_groups",
        ),
    ],
    extra_assignments={},
    extra_names=[
        search.choice_labels_sql("ARRAY[NEW.kind]", LABELS["kind"]),
        search.choice_labels_sql("NEW.audiences", LABELS["audiences"]),
        search.choice_labels_sql("NEW.phases", LABELS["phases"]),
        "NEW.search_parts",
    ],
    region_touch_sql=None,
)

# Every table of this app whose rows show up on public pages bumps the content version, so that ETags and cached
# facet counts change with it (see werkzeugkoffer/migrations/0004_content_state.py).
PUBLIC_TABLES = [
    "guidance_recommendation",
    "guidance_recommendation_fields_of_action",
    "guidance_recommendation_target_groups",
    "guidance_recommendation_practice_examples",
    "guidance_recommendation_funding_programmes",
    "guidance_recommendation_contacts",
    "guidance_event",
    "guidance_event_practice_examples",
    "guidance_event_recommendations",
    "guidance_newsitem",
    "guidance_newsitem_practice_examples",
    "guidance_newsitem_funding_programmes",
    "guidance_newsitem_contacts",
    "guidance_newsitem_recommendations",
    "guidance_newsitem_events",
]
CONTENT_STATE = "".join(
    f"CREATE TRIGGER {table}_content_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION wk_bump_content_state();\n"
    for table in PUBLIC_TABLES
)
DROP_CONTENT_STATE = "".join(f"DROP TRIGGER IF EXISTS {table}_content_state ON {table};\n" for table in PUBLIC_TABLES)


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunSQL(CONTENT_STATE, DROP_CONTENT_STATE),
    ]
