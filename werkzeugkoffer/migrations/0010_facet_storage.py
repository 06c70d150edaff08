"""Keep the facet arrays in the table row, and let the tag facet find a catalogue's tags quickly.

With the search vector pinned to the row (0007), PostgreSQL still had to move
something out of wide rows and chose the small facet arrays, so every facet
count fetched a fifth of them back from the TOAST table. Storage PLAIN keeps
them inline; rows written before this migration move back when they are next
updated or the table is rewritten (VACUUM FULL).

load_taxonomies asks which tags a catalogue uses; an index on
(content_type_id, tag_id) answers that without reading every tagged item.
"""

from django.db import migrations

ARRAYS = {
    "projects_practiceexample": ["facet_fields", "facet_groups", "facet_tags"],
    "funding_fundingprogramme": ["applicants", "facet_area", "facet_fields", "facet_groups", "facet_tags"],
    "contacts_contact": ["facet_regions", "facet_topics", "facet_tags"],
}


def storage(kind):
    return "".join(
        f"ALTER TABLE {table} " + ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in columns) + ";\n"
        for table, columns in ARRAYS.items()
    )


TAG_INDEX = "CREATE INDEX IF NOT EXISTS wk_taggeditem_type_tag ON taggit_taggeditem (content_type_id, tag_id);\n"


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0009_facet_index_publish_at"),
        ("projects", "0004_publish_at_index"),
        ("funding", "0004_publish_at_index"),
        ("contacts", "0004_publish_at_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            storage("PLAIN") + TAG_INDEX, storage("EXTENDED") + "DROP INDEX IF EXISTS wk_taggeditem_type_tag;"
        )
    ]
