"""Faceted filtering shared by the three catalogues.

Each catalogue has a FilterSet (django-filter) bound to the query string. Its
facet filters know their options, so that one SQL statement can count, for every
option, how many results selecting it would give — with all *other* active
filters applied, exactly as the result list applies them. Several values of one
facet combine with OR, different facets with AND.
"""

import copy
import functools
import json
import operator
from dataclasses import dataclass, field
from functools import reduce

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, When

from werkzeugkoffer import search


@dataclass(frozen=True)
class Option:
    value: str  # in the query string
    label: str
    key: object = None  # in the database column; defaults to value
    group: str = ""  # optional heading, e.g. the Land of a Kreis

    @property
    def db_key(self):
        return self.value if self.key is None else self.key


class SharedChoicesMixin:
    """Every form deep-copies its fields; these choices are never changed in place, so the copies
    share them instead of copying a few hundred tuples per request."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class LenientMultipleChoiceField(SharedChoicesMixin, forms.MultipleChoiceField):
    """Drops unknown values instead of rejecting the whole field, and remembers them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ignored = []

    def clean(self, value):
        value = self.to_python(value)
        # Repeated parameters count once; order of first appearance is kept.
        unique = list(dict.fromkeys(value))
        self.ignored = [item for item in unique if not self.valid_value(item)]
        return [item for item in unique if self.valid_value(item)]


class LenientChoiceField(SharedChoicesMixin, forms.ChoiceField):
    """A single choice that falls back to the default for unknown values."""

    def __init__(self, *args, default="", **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        self.ignored = []

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        return super().to_python(value)

    def clean(self, value):
        value = self.to_python(value)
        self.ignored = [value] if value and not self.valid_value(value) else []
        return value if value and self.valid_value(value) else self.default


class FacetFilter(django_filters.Filter):
    """A multi-select facet over a scalar column, an array column, or named predicates."""

    field_class = LenientMultipleChoiceField

    def __init__(
        self,
        *args,
        kind="scalar",
        options=(),
        predicates=None,
        default=None,
        array_type="integer",
        everywhere_field=None,
        **kwargs,
    ):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.array_type = array_type
        # A boolean column meaning "matches every option" (e.g. bundesweit): such rows are
        # counted once and added to every option instead of unnesting one key per region.
        self.everywhere_field = everywhere_field
        self.predicates = predicates or {}
        self.default = default or []
        self.set_options(options)

    def __deepcopy__(self, memo):
        """Every FilterSet deep-copies its filters; options and predicates are never changed in place,
        so a shallow copy with its own extra (where set_options writes) is enough and much cheaper."""
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        return clone

    def set_options(self, options):
        self.options = list(options)
        self.extra["choices"] = [(option.value, option.label) for option in self.options]
        self.by_value = {option.value: option for option in self.options}

    def predicate(self, values):
        if not values:
            return Q()
        if self.kind == "predicate":
            condition = Q()
            for value in values:
                condition |= self.predicates[value]
            return condition
        keys = [self.by_value[value].db_key for value in values]
        lookup = "overlap" if self.kind == "array" else "in"
        condition = Q(**{f"{self.field_name}__{lookup}": keys})
        if self.everywhere_field:
            condition |= Q(**{self.everywhere_field: True})
        return condition

    def filter(self, qs, value):
        return qs.filter(self.predicate(value or self.default))


class SearchFilter(django_filters.CharFilter):
    """The search box; run_listing applies the search before the facets."""

    def filter(self, qs, value):
        return qs


class SortFilter(django_filters.ChoiceFilter):
    """The sort order; run_listing applies it after filtering."""

    field_class = LenientChoiceField

    def filter(self, qs, value):
        return qs


ALL_KEY = "\x1fall"
# Array facets with at most this many options are counted per combination of keys.
COMBINATION_LIMIT = 32
EVERYWHERE_KEY = "\x1feverywhere"
PAGE_KEY = "\x1fpage"
SEARCH_COLUMNS = ["search_document", "search_text", "search_vector"]


@dataclass
class FacetOption:
    option: Option
    count: int  # the total after ticking this option
    selected: bool
    adds: int = 0  # how many entries ticking it adds to the current results

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

    @functools.cached_property
    def visible_options(self):
        """Options that would add results, plus every selected one (read twice per facet when rendered)."""
        return [option for option in self.options if option.adds > 0 or option.selected]


# Form classes by FilterSet and the options of its filters (see FacetedFilterSet.get_form_class).
_form_classes = {}


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters can be counted in one statement."""

    def __init__(self, data=None, *args, options=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, facet_options in (options or {}).items():
            self.filters[name].set_options(facet_options)
        self.form  # noqa: B018 - build the form now, after the choices are known

    def get_form_class(self):
        """The form class for these filters and options, built once per process and vocabulary.

        The choices (see FacetFilter.set_options) are all that differs between two FilterSets of
        one class; every other argument of the form fields comes from the class declaration.
        """
        key = (type(self), tuple((name, tuple(f.extra.get("choices", ()))) for name, f in self.filters.items()))
        # get() and a local name, so that another thread clearing the memo cannot interfere.
        form_class = _form_classes.get(key)
        if form_class is None:
            if len(_form_classes) >= 64:
                _form_classes.clear()
            form_class = _form_classes[key] = super().get_form_class()
        return form_class

    @property
    def facet_filters(self):
        return {name: f for name, f in self.filters.items() if isinstance(f, FacetFilter)}

    def cleaned(self, name):
        self.is_valid()
        return self.form.cleaned_data.get(name) or []

    def narrowed(self):
        """Whether any facet filter (a selection or a default) applies."""
        return any(self.cleaned(name) or facet.default for name, facet in self.facet_filters.items())

    def ignored_values(self):
        """(label, value) pairs of query-string values that were not understood."""
        self.is_valid()
        ignored = []
        for name, bound in self.form.fields.items():
            ignored += [(bound.label or name, value) for value in getattr(bound, "ignored", [])]
        return ignored

    def filter_queryset_except(self, queryset, excluded):
        self.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def count_facets(self, base, page=None):
        """Total, per-option counts and, if asked, one page of ids in one SQL statement.

        page is (ordering, offset, limit): the statement then also returns the ids of
        that page of results in order, so that the matching rows are read once
        instead of twice. The third value is None otherwise.

        The rows matching the search are materialised once, with one boolean per
        active facet telling whether the row passes that facet's filter. Each
        facet's branch then applies every *other* active filter. An option that is
        not selected shows the total a person gets by ticking it: its own count
        when nothing else in its facet is ticked, otherwise the current total plus
        the entries that only this option adds (values of one facet combine with
        OR). A ticked option shows how many of the current results carry it.
        """
        statement, params, combinations = self._count_statement(base, page)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()

        counts, added, page_ids = {}, {}, []
        total = 0
        for name, key, count, extra in rows:
            if name == "":
                total = count
            elif name == PAGE_KEY:
                page_ids.append((count, int(key)))
            elif name in combinations and key != ALL_KEY:
                # A combination of keys: each of them counts; it adds to a selection it misses.
                items = {str(item) for item in json.loads(key or "[]")}
                adds = items.isdisjoint(combinations[name])
                for item in items:
                    counts.setdefault(name, {}).setdefault(item, 0)
                    counts[name][item] += count
                    added.setdefault(name, {}).setdefault(item, 0)
                    added[name][item] += count if adds else 0
            else:
                counts.setdefault(name, {})[key] = count
                added.setdefault(name, {})[key] = extra
        results = [
            self._facet_result(name, facet, total, counts.get(name, {}), added.get(name, {}))
            for name, facet in self.facet_filters.items()
        ]
        return total, results, [pk for _position, pk in sorted(page_ids)] if page else None

    def _facet_result(self, name, facet, total, counts, added):
        """The FacetResult of one facet from the counts read for it."""
        selected = self.cleaned(name) or facet.default
        options = []
        for option in facet.options:
            key = option.value if facet.kind == "predicate" else _db_text(option.db_key)
            count = counts.get(key, 0) + counts.get(EVERYWHERE_KEY, 0)
            adds = count
            if selected and option.value not in selected:
                if facet.kind == "predicate":
                    adds = count - total
                else:
                    adds = added.get(key, 0)
                    count = total + adds
            options.append(FacetOption(option, count, option.value in selected, adds))
        return FacetResult(name, facet.label, options, counts.get(ALL_KEY, total), self.cleaned(name))

    def _count_statement(self, base, page):
        """(SQL, params, facets counted by combination) for count_facets; each row is (facet, key, count, extra)."""
        facets = self.facet_filters
        flags, columns, active = {}, [], []
        for name, facet in facets.items():
            selected = self.cleaned(name) or facet.default
            if selected:
                active.append(facet.predicate(selected))
                flags[f"m_{name}"] = ExpressionWrapper(active[-1], output_field=BooleanField())
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

        def keys_of(facet, values):
            return [facet.by_value[value].db_key for value in values]

        add(f"SELECT '', '', count(*), count(*) FROM base WHERE {passes()}")
        scalars = {}  # condition -> [(facet name, grouped column, key expression)]
        combinations = {}  # facet name -> keys of its selected options, for facets counted by combination
        for name, facet in facets.items():
            selected = self.cleaned(name) or facet.default
            others = passes(name)
            if facet.kind == "predicate":
                for index, value in enumerate(facet.predicates):
                    grown = f'base."p_{name}_{index}"'
                    if selected and value not in selected:
                        grown = f'({grown} OR base."m_{name}")'
                    add(f"SELECT %s, %s, count(*), count(*) FROM base WHERE {others} AND {grown}", [name, value])
            elif facet.kind == "array" and not facet.everywhere_field and len(facet.options) <= COMBINATION_LIMIT:
                # Few options make few distinct combinations: group by the whole array and
                # expand the combinations in Python, instead of unnesting every row.
                column = f'base."{facet.field_name}"'
                scalars.setdefault(others, []).append((name, column, f"array_to_json({column})::text"))
                combinations[name] = {_db_text(key) for key in keys_of(facet, selected)}
            elif facet.kind == "array":
                column, array_type = facet.field_name, facet.array_type
                keys = keys_of(facet, selected)
                # unnest() in the select list is about twice as fast here as a lateral join.
                keys_sql = f'base."{column}"'
                if facet.everywhere_field:
                    everywhere = f'base."{facet.everywhere_field}"'
                    keys_sql = f"CASE WHEN {everywhere} THEN '{{}}' ELSE {keys_sql} END"
                    # Such rows match every option, so with a selection they never add any.
                    add(f"SELECT %s, %s, count(*), 0 FROM base WHERE {others} AND {everywhere}", [name, EVERYWHERE_KEY])
                add(
                    f"SELECT %s, key::text, count(*), count(*) FILTER (WHERE adds) FROM (SELECT "
                    f'unnest({keys_sql}) AS key, NOT (base."{column}"::{array_type}[] && %s::{array_type}[]) '
                    f"AS adds FROM base WHERE {others}) unnested GROUP BY key",
                    [name, keys],
                )
            else:
                column = f'base."{facet.field_name}"'
                scalars.setdefault(others, []).append((name, column, f"{column}::text"))
            if self.cleaned(name):
                add(f"SELECT %s, %s, count(*), count(*) FROM base WHERE {others}", [name, ALL_KEY])
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
                    f"SELECT CASE {labels} END, CASE {keys} END, count(*), count(*) FROM base WHERE {condition} "
                    f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in batch)})",
                    [name for name, _key in batch.values()],
                )
        if page:
            ordering, offset, limit = page
            # Top-N over the materialised rows; the position comes back in the count column.
            add(
                f'(SELECT %s, base."pk"::text, row_number() OVER (), 0 FROM (SELECT base."pk" FROM base '
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


class LazySlice:
    """A sequence that make() builds only when it is read: when the counting statement brought
    the page along, the paginator's slice of the ids is never even put together as a query."""

    def __init__(self, make):
        self.make = make

    @functools.cached_property
    def items(self):
        return self.make()

    def __getitem__(self, item):
        return LazySlice(lambda: self.items[item])

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


class KnownCountPaginator(Paginator):
    """A Paginator that reuses a count computed elsewhere (the facet statement)."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


def load_taxonomies(tag_content_type=None):
    """Regions, Handlungsfelder, Zielgruppen and tags in one query, for facet options and labels."""
    sql = """
        SELECT 'region', region.id, region.slug, region.name, region.kind, coalesce(parent.name, '')
        FROM werkzeugkoffer_region region LEFT JOIN werkzeugkoffer_region parent ON parent.id = region.parent_id
        UNION ALL SELECT 'field', id, slug, name, '', lpad(position::text, 5, '0') FROM werkzeugkoffer_fieldofaction
        UNION ALL SELECT 'group', id, slug, name, '', lpad(position::text, 5, '0') FROM werkzeugkoffer_targetgroup
        UNION ALL SELECT 'tag', tag.id, tag.slug, tag.name, '', '' FROM taggit_tag tag
            WHERE EXISTS (SELECT 1 FROM taggit_taggeditem item WHERE item.tag_id = tag.id
                          AND item.content_type_id = %s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [tag_content_type])
        rows = cursor.fetchall()
    taxonomies = {"region": [], "field": [], "group": [], "tag": []}
    for kind, pk, slug, name, region_kind, order_or_parent in rows:
        row = {"id": pk, "slug": slug, "name": name, "kind": region_kind}
        row["parent" if kind == "region" else "order"] = order_or_parent
        taxonomies[kind].append(row)
    taxonomies["field"].sort(key=lambda row: (row["order"], row["name"]))
    taxonomies["group"].sort(key=lambda row: (row["order"], row["name"]))
    taxonomies["tag"].sort(key=lambda row: row["name"].lower())
    return taxonomies


# The taxonomies and facet options of the latest content versions, per process: they are
# the same for every query of a catalogue and change only with the content.
_vocabularies = {}


def vocabulary(request, tag_content_type, facet_options):
    """(taxonomies, facet_options(taxonomies)) for a catalogue, read once per content version.

    The content version comes from the conditional-request middleware; without it
    (staff, who may see other content) the taxonomies are read afresh.
    """
    version = getattr(request, "content_version", None)
    key = (version, tag_content_type)
    known = _vocabularies.get(key) if version is not None else None
    if known is None:
        taxonomies = load_taxonomies(tag_content_type)
        known = taxonomies, facet_options(taxonomies)
        if version is not None:
            if len(_vocabularies) >= 16:
                _vocabularies.clear()
            _vocabularies[key] = known
    return known


def taxonomy_options(rows):
    return [Option(row["slug"], row["name"], row["id"]) for row in rows]


def region_options(rows, states=True, districts=True):
    """Länder first, then Kreise and kreisfreie Städte grouped by their Land."""
    result = []
    if states:
        states_only = [row for row in rows if row["kind"] == "land"]
        result += [Option(r["slug"], r["name"], r["id"]) for r in sorted(states_only, key=lambda r: r["name"])]
    if districts:
        result += [
            Option(r["slug"], r["name"], r["id"], group=r["parent"])
            for r in sorted(rows, key=lambda r: (r["parent"], r["name"]))
            if r["kind"] != "land"
        ]
    return result


def choice_options(choices):
    return [Option(value, label) for value, label in choices.choices]


def fulltext(queryset, text):
    """Entries matching the German full-text query, ranked; None when text holds no searchable word."""
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F, Value

    query = search.search_query(text)
    if query is None:
        return None
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query, normalization=Value(1))
    )


def similar(queryset, text):
    """Typo-tolerant fallback: entries whose title, place or organisation resemble the words."""
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import Func, Value

    folded = Func(Value(" ".join(search.words(text))), function="wk_fold")
    return queryset.filter(search_text__trigram_word_similar=folded).annotate(
        rank=TrigramWordSimilarity(folded, "search_text")
    )


@dataclass
class Chip:
    label: str
    url: str


@dataclass
class Listing:
    """Everything a catalogue list shows, for the HTML page and the API alike."""

    filterset: FacetedFilterSet
    query: str
    mode: str
    total: int
    facets: list
    page: object
    sort: str
    sort_options: list
    chips: list
    notices: list
    suggestion: str = ""
    suggestion_url: str = ""
    relaxations: list = field(default_factory=list)
    taxonomies: dict = field(default_factory=dict)


def page_number(raw):
    """The page number asked for (at least 1), or None unless raw is plain ASCII digits.

    „²“ and „٣“ count as digits for str.isdigit() but are no page numbers; numbers too
    long to be any page become one past every real page instead of a huge integer.
    """
    if not (raw and raw.isascii() and raw.isdigit()):
        return None
    digits = raw.lstrip("0")
    if not digits:
        return None
    return int(digits) if len(digits) <= 9 else 10**9


def url_with(params, path=""):
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else (path or "?")


def without(data, name, value=None):
    """A copy of the query without one value of name (or all of name), and without the page."""
    params = data.copy()
    if value is None:
        params.pop(name, None)
    else:
        params.setlist(name, [item for item in params.getlist(name) if item != value])
    params.pop("page", None)
    return params


def run_listing(request, base, filterset_class, facet_options, sorts, default_sort, headline_fields):
    """Search, filter, count facets, sort and paginate one catalogue for request.GET.

    facet_options(taxonomies) gives the options of the taxonomy facets; the taxonomies,
    loaded in one query, also give the API the names behind the facet arrays.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import F, Func, TextField, Value

    data = request.GET
    notices = []
    raw_query = data.get("q", "")
    query, shortened = search.clean_query(raw_query)
    if shortened:
        notices.append("Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen und wurde gekürzt.")
    taxonomies, options = vocabulary(request, ContentType.objects.get_for_model(base.model).pk, facet_options)
    filterset = filterset_class(data, queryset=base, options=options)
    for label, value in filterset.ignored_values():
        notices.append(f"Der Wert „{value[:80]}“ für „{label}“ ist unbekannt und wurde ignoriert.")

    mode = ""
    searched = base
    if query:
        searched = fulltext(base, query)
        mode = "fulltext"
        if searched is None:
            searched, mode = base, ""
            notices.append("Ihr Suchbegriff enthält keine Wörter, nach denen gesucht werden kann.")
    sort = filterset.cleaned("sort") or ""
    if sort == SORT_RELEVANCE and not mode:
        sort = ""
    sort = sort or (SORT_RELEVANCE if mode else default_sort)
    # The primary key last makes the order total, so that pages never overlap.
    ordering = [*(["-rank", *sorts[default_sort][1]] if sort == SORT_RELEVANCE else sorts[sort][1]), "pk"]
    raw_page = data.get("page")
    asked = page_number(raw_page)
    requested = asked or 1
    # The counting statement has the matching rows at hand, so it also reads this page of them
    # (ranking is cheap next to reading the rows). Only the plain list, with neither search nor
    # filter, reads its page alone: an index in each sort order serves it without reading the rest.
    window = None
    if mode or filterset.narrowed():
        window = (ordering, (requested - 1) * settings.LIST_PAGE_SIZE, settings.LIST_PAGE_SIZE)
    total, facets, page_ids = cached_counts(request, filterset, searched, mode, query, window)
    # Spelling help only when the words themselves find nothing. When the facets exclude every
    # match, the list stays empty and suggests which filter to relax: switching to similar
    # spellings would count options against other entries than ticking them shows.
    if mode == "fulltext" and total == 0 and not (filterset.narrowed() and searched.exists()):
        fallback = similar(base, query)
        fallback_total, fallback_facets, fallback_ids = cached_counts(
            request, filterset, fallback, "similar", query, window
        )
        if fallback_total:
            searched, mode, total, facets, page_ids = fallback, "similar", fallback_total, fallback_facets, fallback_ids

    # Otherwise first the ids of this page in order, then the full rows of just these ids:
    # sorting never has to carry wide rows through tens of thousands of matches.
    ordered_ids = LazySlice(
        lambda: filterset.filter_queryset_except(searched, None).order_by(*ordering).values_list("pk", flat=True)
    )
    paginator = KnownCountPaginator(ordered_ids, settings.LIST_PAGE_SIZE, total)
    if raw_page is not None and not (asked and asked <= paginator.num_pages):
        notices.append(f"Die Seite „{raw_page[:20]}“ gibt es nicht; angezeigt wird eine vorhandene Seite.")
    page = paginator.get_page(raw_page)
    ids = page_ids if page_ids is not None and page.number == requested else list(page.object_list)
    # The search columns are long and never shown: leave them in the database.
    rows = base.filter(pk__in=ids).defer(*SEARCH_COLUMNS) if ids else base.none()
    if mode == "fulltext":
        rows = rows.annotate(
            headline=SearchHeadline(
                # One concat_ws() instead of Concat's nested pairs, which take the ORM long to compile.
                Func(Value(" "), *map(F, headline_fields), function="concat_ws", output_field=TextField()),
                search.search_query(query),
                config=search.CONFIG,
                start_sel=search.HIGHLIGHT_START,
                stop_sel=search.HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    by_id = {row.pk: row for row in rows}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]

    chips = []
    if query:
        chips.append(Chip(f"Suche: {query}", url_with(without(data, "q"))))
    for facet in facets:
        for option in facet.options:
            if option.selected:
                chips.append(Chip(f"{facet.label}: {option.label}", url_with(without(data, facet.name, option.value))))

    listing = Listing(
        filterset=filterset,
        query=query,
        mode=mode,
        total=total,
        facets=facets,
        page=page,
        sort=sort,
        sort_options=[(SORT_RELEVANCE, "Relevanz")] * bool(mode) + [(key, label) for key, (label, _o) in sorts.items()],
        chips=chips,
        notices=notices,
        taxonomies=taxonomies,
    )
    if mode == "similar":
        listing.suggestion = suggest(query, [str(entry) for entry in page.object_list])
        if listing.suggestion:
            params = without(data, "q")
            params["q"] = listing.suggestion
            listing.suggestion_url = url_with(params)
    if total == 0:
        relaxable = [facet for facet in facets if facet.selected and facet.total_without]
        listing.relaxations = [
            Chip(
                f"„{facet.label}“ nicht mehr einschränken ({facet.total_without} Treffer)",
                url_with(without(data, facet.name)),
            )
            for facet in sorted(relaxable, key=lambda facet: -facet.total_without)
        ]
    return listing


def cached(request, parts, compute):
    """compute(), reused while the content and the date stay the same.

    The key holds everything the result depends on (parts), the content version
    (bumped by database triggers on every change) and the date (funding deadlines
    move with it).
    """
    import hashlib

    from django.core.cache import cache
    from django.utils import timezone

    seconds = settings.FACET_CACHE_SECONDS
    if not seconds:
        return compute()
    version = getattr(request, "content_version", None)
    if version is None:
        from werkzeugkoffer.caching import content_state

        version = content_state()[0]
    raw = repr((parts, version, str(timezone.localdate())))
    key = "counts:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, seconds)
    return result


def cached_counts(request, filterset, searched, mode, query, page=None):
    """Facet counts for the current filters, cached (see cached), and the page's ids when the
    counts had to be computed with page (see count_facets); None for the ids otherwise."""
    state = sorted((name, sorted(filterset.cleaned(name))) for name in filterset.facet_filters)
    parts = (filterset.Meta.model._meta.label, mode, query, state)
    computed = {}

    def compute():
        total, facets, computed["ids"] = filterset.count_facets(searched, page)
        return total, facets

    return *cached(request, parts, compute), computed.get("ids")


def suggest(text, candidates):
    """The spelling of text's words as they appear in candidates (for „Meinten Sie …?“)."""
    import difflib

    vocabulary = {}
    for candidate in candidates:
        for word in search.WORD.findall(candidate):
            if len(word) > 2:
                vocabulary.setdefault(word.lower(), word)
    corrected = []
    for word in search.words(text):
        match = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.6)
        corrected.append(vocabulary[match[0]] if match else word)
    suggestion = " ".join(corrected)
    return suggestion if suggestion.lower() != " ".join(search.words(text)) else ""


PARTIAL_HEADER = "X-Werkzeugkoffer-Partial"
SORT_RELEVANCE = "relevanz"


def render_listing(request, template, context):
    """The full page, or only its results region when the live filter script asks for it."""
    from django.shortcuts import render
    from django.utils.cache import patch_vary_headers

    if request.headers.get(PARTIAL_HEADER):
        response = render(request, "includes/catalogue.html#results", context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response
