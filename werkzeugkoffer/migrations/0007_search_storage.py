"""Keep the search vectors in the table rows and give the facet columns a covering index.

PostgreSQL moves the largest column of a wide row out of line first, which was the
search vector: every search then read it back from the TOAST table. With storage
MAIN the long texts move out instead and the vector stays in the row. The covering
index lets facet counting without a search read the published rows' facet columns
with an index-only scan.
"""

from django.db import migrations

TABLES = {
    "projects_practiceexample": "state_id, district_id, area_type, is_running, continuation, "
    "facet_fields, facet_groups, facet_tags",
    "funding_fundingprogramme": "level, funding_type, application_start, application_end, applicants, "
    "facet_area, facet_fields, facet_groups, facet_tags",
    "contacts_contact": "kind, accessibility, facet_regions, facet_topics, facet_tags",
}

FORWARD = "".join(
    f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN;\n"
    f"CREATE INDEX {table}_facets ON {table} (status) INCLUDE ({columns});\n"
    for table, columns in TABLES.items()
)
REVERSE = "".join(
    f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED;\nDROP INDEX IF EXISTS {table}_facets;\n"
    for table in TABLES
)


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0006_roles"),
        ("projects", "0003_workflow_history_images"),
        ("funding", "0003_workflow_history"),
        ("contacts", "0003_workflow_history"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
