import random

from django.db import connection

from werkzeugkoffer.models import FieldOfAction, TargetGroup

FACET_ARRAYS = {
    "projects_practiceexample": {"facet_fields", "facet_groups", "facet_tags"},
    "funding_fundingprogramme": {"applicants", "facet_area", "facet_fields", "facet_groups", "facet_tags"},
    "contacts_contact": {"facet_regions", "facet_topics", "facet_tags"},
}


def storage_of(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [table],
        )
        return dict(cursor.fetchall())


def test_it_keeps_every_facet_array_in_the_row(db):
    for table, columns in FACET_ARRAYS.items():
        storage = storage_of(table)
        assert {column: storage[column] for column in columns} == dict.fromkeys(columns, "p"), table
        assert storage["search_vector"] == "m", table


def test_it_does_not_move_facet_arrays_of_a_long_entry_out_of_the_row(make_example):
    # Random words neither compress nor stem together, so the row has to give something up.
    rng = random.Random(6)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9)) for _ in range(900)]
    example = make_example(goals=" ".join(words[:450]), implementation=" ".join(words[450:]))
    example.fields_of_action.set(FieldOfAction.objects.all())
    example.target_groups.set(TargetGroup.objects.all())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_toast_chunk_id(goals) IS NOT NULL, pg_column_toast_chunk_id(facet_fields), "
            "pg_column_toast_chunk_id(facet_groups), cardinality(facet_fields) FROM projects_practiceexample "
            "WHERE id = %s",
            [example.pk],
        )
        goals_moved, fields_chunk, groups_chunk, field_count = cursor.fetchone()
    assert goals_moved and field_count == FieldOfAction.objects.count()
    assert fields_chunk is None and groups_chunk is None


def test_it_indexes_tagged_items_by_content_type_and_tag(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'taggit_taggeditem'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("(content_type_id, tag_id)" in definition for definition in definitions)
