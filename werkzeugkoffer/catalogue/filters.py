"""Facet filters shared by the catalogues: django-filter FilterSets bound to the query string.

Each catalogue has a FacetedFilterSet. Its facet filters know their options (from the taxonomies,
read once per content version), so that one SQL statement can count every option of every facet
(werkzeugkoffer.catalogue.counting). Several values of one facet combine with OR, different facets
with AND; unknown values are dropped and reported instead of rejecting the whole query.
"""

import copy
from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q

# The query-string value of the option for entries that do not state a fact („nicht angegeben“).
UNKNOWN = "nicht-angegeben"
UNKNOWN_LABEL = "nicht angegeben"


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


class LenientSingleChoiceField(LenientChoiceField):
    """One choice as a list of at most one value: the default, or a value not understood, is no choice."""

    def clean(self, value):
        value = super().clean(value)
        return [] if value in ("", self.default) else [value]


class FacetFilter(django_filters.Filter):
    """A multi-select facet over a scalar column, an array column, or named predicates."""

    field_class = LenientMultipleChoiceField
    single = False

    def __init__(
        self,
        *args,
        kind="scalar",
        options=(),
        predicates=None,
        default=None,
        everywhere_field=None,
        unknown=None,
        unknown_value=UNKNOWN,
        unknown_offer="",
        **kwargs,
    ):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)
        self.kind = kind
        # A boolean column meaning "matches every option" (e.g. bundesweit): such rows are
        # counted once and added to every option instead of unnesting one key per region.
        self.everywhere_field = everywhere_field
        self.predicates = predicates or {}
        self.default = default or []
        # The condition for entries that leave this fact open: they get an option of their own
        # („nicht angegeben“), so that a filter never hides them without saying so.
        self.unknown = unknown
        # A facet whose own option means „not stated“ (the status „Frist unbekannt“) names it here, so that a list
        # offers those entries as it offers the „nicht angegeben“ ones; unknown_offer words that offer
        # („Auch {count} … anzeigen“).
        self.unknown_value = unknown_value
        self.unknown_offer = unknown_offer
        self.set_options(options)

    def __deepcopy__(self, memo):
        """Every FilterSet deep-copies its filters; options and predicates are never changed in place,
        so a shallow copy with its own extra (where set_options writes) is enough and much cheaper."""
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        return clone

    def set_options(self, options):
        self.options = list(options)
        if self.unknown is not None:
            self.options.append(Option(UNKNOWN, UNKNOWN_LABEL))
        self.extra["choices"] = [(option.value, option.label) for option in self.options]
        self.by_value = {option.value: option for option in self.options}

    def predicate(self, values):
        if not values:
            return Q()
        known = [value for value in values if value != UNKNOWN]
        condition = self.unknown if len(known) < len(values) else Q()
        if not known:
            return condition
        if self.kind == "predicate":
            for value in known:
                condition |= self.predicates[value]
            return condition
        keys = [self.by_value[value].db_key for value in known]
        lookup = "overlap" if self.kind == "array" else "in"
        condition |= Q(**{f"{self.field_name}__{lookup}": keys})
        if self.everywhere_field:
            condition |= Q(**{self.everywhere_field: True})
        return condition

    def filter(self, qs, value):
        return qs.filter(self.predicate(value or self.default))


class SingleFacetFilter(FacetFilter):
    """A facet of which exactly one option applies (radio buttons), e.g. whether ended programmes are included.

    The default option is sent as an empty value, so that it never appears in addresses or as a chip.
    """

    field_class = LenientSingleChoiceField
    single = True

    def __init__(self, *args, default, **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(*args, default=[default], **kwargs)
        self.extra["default"] = default


class SearchFilter(django_filters.CharFilter):
    """The search box; run_listing applies the search before the facets."""

    def filter(self, qs, value):
        return qs


class SortFilter(django_filters.ChoiceFilter):
    """The sort order; run_listing applies it after filtering."""

    field_class = LenientChoiceField

    def filter(self, qs, value):
        return qs


# Form classes by FilterSet and the options of its filters (see FacetedFilterSet.get_form_class).
_form_classes = {}


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters can be counted in one statement."""

    # The facets that a place named in the search can become (see places.py), the most specific first.
    place_facets = ()

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

    def place_filter(self, place):
        """(facet name, option) of the region filter that a place named in the search (places.Place) becomes:
        its region where a facet offers it, else its Land; None when no facet offers either."""
        for region in [*place.regions, place.land]:
            for name in self.place_facets:
                option = self.filters[name].by_value.get(region.slug) if region else None
                if option is not None:
                    return name, option
        return None

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
