"""Every sort order of every list can be read from an index, so that page one never sorts all entries."""

import re

import pytest
from django.db import connection

from contacts import filters as contact_filters
from contacts.models import Contact
from funding import filters as programme_filters
from funding.models import FundingProgramme
from guidance import filters as recommendation_filters
from guidance.models import Recommendation
from projects import filters as example_filters
from projects.models import PracticeExample

SORTS = [
    (model, key, ordering)
    for model, module in (
        (PracticeExample, example_filters),
        (FundingProgramme, programme_filters),
        (Contact, contact_filters),
        (Recommendation, recommendation_filters),
    )
    for key, (_label, ordering) in module.SORTS.items()
]


@pytest.mark.parametrize(("model", "key", "ordering"), SORTS, ids=[f"{m.__name__}-{k}" for m, k, _o in SORTS])
def test_each_sort_order_reads_an_index_instead_of_sorting(db, model, key, ordering):
    page = model.objects.published().order_by(*ordering, "pk").values_list("pk", flat=True)[:20]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # On the tiny test tables a full sort would be cheapest; make it the last resort.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    full_sorts = [line for line in plan.splitlines() if re.match(r"\s*(->\s+)?Sort\s+\(", line)]
    assert not full_sorts, plan
