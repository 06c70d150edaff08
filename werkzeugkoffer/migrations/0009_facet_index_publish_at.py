"""Covering indexes that also hold „veröffentlichen ab“ and bundesweit.

published() filters on publish_at, and the region facets of funding programmes and
contacts read the nationwide flag; with both in the index, counting published entries
and their facets stays an index-only scan.
"""

from django.db import migrations

TABLES = {
    "projects_practiceexample": "publish_at, state_id, district_id, area_type, is_running, continuation, "
    "facet_fields, facet_groups, facet_tags",
    "funding_fundingprogramme": "publish_at, nationwide, level, funding_type, application_start, application_end, "
    "applicants, facet_area, facet_fields, facet_groups, facet_tags",
    "contacts_contact": "publish_at, nationwide, kind, accessibility, facet_regions, facet_topics, facet_tags",
}
PREVIOUS = {
    "projects_practiceexample": "state_id, district_id, area_type, is_running, continuation, "
    "facet_fields, facet_groups, facet_tags",
    "funding_fundingprogramme": "level, funding_type, application_start, application_end, applicants, "
    "facet_area, facet_fields, facet_groups, facet_tags",
    "contacts_contact": "kind, accessibility, facet_regions, facet_topics, facet_tags",
}


def indexes(columns_by_table):
    return "".join(
        f"DROP INDEX IF EXISTS {table}_facets;\nCREATE INDEX {table}_facets ON {table} (status) INCLUDE ({columns});\n"
        for table, columns in columns_by_table.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0008_audit_event"),
        ("projects", "0004_publish_at_index"),
        ("funding", "0004_publish_at_index"),
        ("contacts", "0004_publish_at_index"),
    ]

    operations = [migrations.RunSQL(indexes(TABLES), indexes(PREVIOUS))]
