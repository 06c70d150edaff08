"""Facet counts: one SQL statement counts every option of every facet, and can bring a page of results.

The rows matching the search are materialised once, with one boolean per active facet telling
whether the row passes that facet's filter; each facet's branch then applies every *other*
active filter, exactly as the result list applies them. Counts are cached per content version.
"""

import functools
import hashlib
import json
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, When
from django.utils import timezone

from werkzeugkoffer.catalogue.filters import UNKNOWN, Option
from werkzeugkoffer.operations.caching import content_state

ALL_KEY = "\x1fall"
# Array facets with at most this many options are counted per combination of keys.
COMBINATION_LIMIT = 32
EVERYWHERE_KEY = "\x1feverywhere"
UNKNOWN_KEY = "\x1funknown"
# Rows counting the entries that leave a facet's fact open are labelled with this before the facet's name.
UNKNOWN_PREFIX = "\x1funknown:"
PAGE_KEY = "\x1fpage"


@dataclass
class FacetOption:
    option: Option
    count: int  # entries with this value under every other facet's filters
    selected: bool

    @property
    def value(self):
        return self.option.value

    @property
    def label(self):
        return self.option.label

    @property
    def group(self):
        return self.option.group


@dataclass
class FacetResult:
    name: str
    label: str
    options: list
    total_without: int = 0
    selected: list = field(default_factory=list)
    single: bool = False  # one option applies (radio buttons); the default one is sent as ""
    unknown_value: str = ""  # the option of the entries that do not state the fact (see FacetFilter)
    unknown_offer: str = ""

    @property
    def unknown_option(self):
        """The option of the entries that leave this fact open („nicht angegeben“, or the facet's own), if any."""
        value = self.unknown_value or UNKNOWN
        return next((option for option in self.options if option.value == value), None)

    @functools.cached_property
    def visible_options(self):
        """Options that some entry has under the other filters, plus every selected one (read twice per facet
        when rendered). The lists and the API show the same ones."""
        return [option for option in self.options if option.count > 0 or option.selected]


def count_facets(filterset, base, page=None):
    """Total, per-option counts and, if asked, one page of ids in one SQL statement.

    page is (ordering, offset, limit): the statement then also returns the ids of
    that page of results in order, so that the matching rows are read once
    instead of twice. The third value is None otherwise.

    The rows matching the search are materialised once, with one boolean per
    active facet telling whether the row passes that facet's filter. Each
    facet's branch then applies every *other* active filter and counts per
    value (disjunctive faceting, as every well-known faceted search does): an
    option shows how many entries have its value under the other facets'
    filters, whether or not options of its own facet are ticked.
    """
    statement, params, combinations = count_statement(filterset, base, page)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()

    counts, page_ids = {}, []
    total = 0
    for name, key, count in rows:
        if name == "":
            total = count
        elif name == PAGE_KEY:
            page_ids.append((count, int(key)))
        elif name.startswith(UNKNOWN_PREFIX):
            if key == "true":
                counts.setdefault(name.removeprefix(UNKNOWN_PREFIX), {})[UNKNOWN_KEY] = count
        elif name in combinations and key not in (ALL_KEY, UNKNOWN_KEY):
            # A combination of keys (array facets with few options): each of them counts.
            for item in {str(item) for item in json.loads(key or "[]")}:
                counts.setdefault(name, {}).setdefault(item, 0)
                counts[name][item] += count
        else:
            counts.setdefault(name, {})[key] = count
    results = [
        facet_result(filterset, name, facet, total, counts.get(name, {}))
        for name, facet in filterset.facet_filters.items()
    ]
    return total, results, [pk for _position, pk in sorted(page_ids)] if page else None


def facet_result(filterset, name, facet, total, counts):
    """The FacetResult of one facet from the counts read for it."""
    selected = filterset.cleaned(name) or facet.default
    options = []
    for option in facet.options:
        if option.value == UNKNOWN:
            count = counts.get(UNKNOWN_KEY, 0)
        else:
            key = option.value if facet.kind == "predicate" else _db_text(option.db_key)
            count = counts.get(key, 0) + counts.get(EVERYWHERE_KEY, 0)
        options.append(FacetOption(option, count, option.value in selected))
    return FacetResult(
        name,
        facet.label,
        options,
        counts.get(ALL_KEY, total),
        filterset.cleaned(name),
        single=facet.single,
        unknown_value=facet.unknown_value,
        unknown_offer=facet.unknown_offer,
    )


def count_statement(filterset, base, page):
    """(SQL, params, names of the facets counted by combination) for count_facets; each row is (facet, key, count)."""
    facets = filterset.facet_filters
    flags, columns, active = {}, [], []
    for name, facet in facets.items():
        selected = filterset.cleaned(name) or facet.default
        if selected:
            active.append(facet.predicate(selected))
            flags[f"m_{name}"] = ExpressionWrapper(active[-1], output_field=BooleanField())
        if facet.unknown is not None:
            flags[f"u_{name}"] = ExpressionWrapper(facet.unknown, output_field=BooleanField())
        if facet.kind == "predicate":
            for index, condition in enumerate(facet.predicates.values()):
                flags[f"p_{name}_{index}"] = ExpressionWrapper(condition, output_field=BooleanField())
        else:
            columns += [name for name in (facet.field_name, facet.everywhere_field) if name and name not in columns]
    if page:
        columns += [name for name in ("pk", *map(_ordering_name, page[0])) if name not in columns]
    if len(active) > 1:
        # Every count applies all active filters but at most one, so a row failing two of
        # them is never counted: leave such rows out, which lets indexes narrow the scan.
        base = base.filter(
            reduce(operator.or_, [reduce(operator.and_, active[:i] + active[i + 1 :]) for i in range(len(active))])
        )
        if page:
            # The rest only count towards the facets: rank just the rows that pass every filter
            # and so can reach the page (ts_rank reads a row's whole search vector).
            passing = reduce(operator.and_, active)
            computed = [name for name in map(_ordering_name, page[0]) if name in base.query.annotations]
            base = base.annotate(**{name: Case(When(passing, then=F(name))) for name in computed})
    base_sql, params = base.order_by().annotate(**flags).values(*columns, *flags).query.sql_with_params()
    parts = []
    params = list(params)

    def add(sql, sql_params=()):
        parts.append(sql)
        params.extend(sql_params)

    def passes(*excluded):
        conditions = [f'base."m_{name}"' for name in facets if f"m_{name}" in flags and name not in excluded]
        return " AND ".join(conditions) or "TRUE"

    add(f"SELECT '', '', count(*) FROM base WHERE {passes()}")
    scalars = {}  # condition -> [(facet name, grouped column, key expression)]
    combinations = set()  # names of the facets counted by combination
    for name, facet in facets.items():
        others = passes(name)
        if facet.unknown is not None:
            # Counted by the shared grouping pass below (the flag's "true" group), not by a scan of its own.
            column = f'base."u_{name}"'
            scalars.setdefault(others, []).append((UNKNOWN_PREFIX + name, column, f"{column}::text"))
        if facet.kind == "predicate":
            for index, value in enumerate(facet.predicates):
                add(f'SELECT %s, %s, count(*) FROM base WHERE {others} AND base."p_{name}_{index}"', [name, value])
        elif facet.kind == "array" and not facet.everywhere_field and len(facet.options) <= COMBINATION_LIMIT:
            # Few options make few distinct combinations: group by the whole array and
            # expand the combinations in Python, instead of unnesting every row.
            column = f'base."{facet.field_name}"'
            scalars.setdefault(others, []).append((name, column, f"array_to_json({column})::text"))
            combinations.add(name)
        elif facet.kind == "array":
            column = facet.field_name
            # unnest() in the select list is about twice as fast here as a lateral join.
            keys_sql = f'base."{column}"'
            if facet.everywhere_field:
                everywhere = f'base."{facet.everywhere_field}"'
                keys_sql = f"CASE WHEN {everywhere} THEN '{{}}' ELSE {keys_sql} END"
                # Such rows match every option: counted once, added to each.
                add(f"SELECT %s, %s, count(*) FROM base WHERE {others} AND {everywhere}", [name, EVERYWHERE_KEY])
            add(
                f"SELECT %s, key::text, count(*) FROM (SELECT unnest({keys_sql}) AS key FROM base WHERE {others}) "
                "unnested GROUP BY key",
                [name],
            )
        else:
            column = f'base."{facet.field_name}"'
            scalars.setdefault(others, []).append((name, column, f"{column}::text"))
        if filterset.cleaned(name):
            add(f"SELECT %s, %s, count(*) FROM base WHERE {others}", [name, ALL_KEY])
    # Scalar facets (and array facets counted by combination) under the same conditions
    # share one pass over the rows: one grouping set per column, told apart by GROUPING().
    # Facets over the same column take turns.
    for condition, members in scalars.items():
        while members:
            batch, rest = {}, []  # column -> (facet name, key expression)
            for name, column, key in members:
                if column in batch:
                    rest.append((name, column, key))
                else:
                    batch[column] = (name, key)
            members = rest
            labels = " ".join(f"WHEN GROUPING({column}) = 0 THEN %s" for column in batch)
            keys = " ".join(f"WHEN GROUPING({column}) = 0 THEN {key}" for column, (_name, key) in batch.items())
            add(
                f"SELECT CASE {labels} END, CASE {keys} END, count(*) FROM base WHERE {condition} "
                f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in batch)})",
                [name for name, _key in batch.values()],
            )
    if page:
        ordering, offset, limit = page
        # Top-N over the materialised rows; the position comes back in the count column.
        add(
            f'(SELECT %s, base."pk"::text, row_number() OVER () FROM (SELECT base."pk" FROM base '
            f"WHERE {passes()} ORDER BY {', '.join(_ordering_sql(item) for item in ordering)} "
            f"LIMIT %s OFFSET %s) base)",
            [PAGE_KEY, limit, offset],
        )
    return f"WITH base AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts), params, combinations


def _ordering_name(item):
    """The field an ordering item ("-created_at" or F(…).asc(…)) sorts by."""
    return item.lstrip("-") if isinstance(item, str) else item.expression.name


def _ordering_sql(item):
    """An ordering item as ORDER BY over the materialised base rows, as the ORM would write it."""
    column = f'base."{_ordering_name(item)}"'
    if isinstance(item, str):
        return f"{column} DESC" if item.startswith("-") else f"{column} ASC"
    nulls = " NULLS LAST" if item.nulls_last else " NULLS FIRST" if item.nulls_first else ""
    return f"{column} {'DESC' if item.descending else 'ASC'}{nulls}"


def _db_text(key):
    """How PostgreSQL prints a key with ::text, so that counts and options meet."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def cached(request, parts, compute):
    """compute(), reused while the content and the date stay the same.

    The key holds everything the result depends on (parts), the content version
    (bumped by database triggers on every change) and the date (funding deadlines
    move with it).
    """
    seconds = settings.FACET_CACHE_SECONDS
    if not seconds:
        return compute()
    version = getattr(request, "content_version", None)
    if version is None:
        version = content_state()[0]
    raw = repr((parts, version, str(timezone.localdate())))
    key = "counts:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, seconds)
    return result


def facet_state(filterset):
    """The chosen values of every facet, in a fixed order: part of the cache keys below."""
    return sorted((name, sorted(filterset.cleaned(name))) for name in filterset.facet_filters)


def cached_total(request, filterset, searched, mode, query, scope=()):
    """The number of entries under every filter of filterset, cached as cached_counts is, without counting options."""
    parts = ("anzahl", filterset.Meta.model._meta.label, mode, query, facet_state(filterset), scope)
    return cached(request, parts, lambda: filterset.filter_queryset_except(searched, None).count())


def cached_counts(request, filterset, searched, mode, query, page=None, scope=()):
    """Facet counts for the current filters, cached (see cached), and the page's ids when the
    counts had to be computed with page (see count_facets); None for the ids otherwise.
    scope: what else narrows searched (the place field's place, see nearby.py)."""
    parts = (filterset.Meta.model._meta.label, mode, query, facet_state(filterset), scope)
    computed = {}

    def compute():
        total, facets, computed["ids"] = count_facets(filterset, searched, page)
        return total, facets

    return *cached(request, parts, compute), computed.get("ids")
