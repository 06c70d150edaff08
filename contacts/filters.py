from django.db.models import Q

from werkzeugkoffer.catalogue.filters import (
    FacetedFilterSet,
    FacetFilter,
    SearchFilter,
    SortFilter,
    choice_options,
    region_options,
    taxonomy_options,
)

from .models import Accessibility, Contact, ContactKind

SORTS = {
    "titel": ("Name A–Z", ["name"]),
    "neu": ("Neueste zuerst", ["-created_at", "name"]),
}


class ContactFilterSet(FacetedFilterSet):
    q = SearchFilter(label="Suchbegriff")
    region = FacetFilter(
        field_name="facet_regions",
        kind="array",
        everywhere_field="nationwide",
        label="Zuständig für",
        unknown=Q(facet_regions=[], nationwide=False),
    )
    thema = FacetFilter(field_name="facet_topics", kind="array", label="Thema")
    art = FacetFilter(field_name="kind", label="Art der Stelle", options=choice_options(ContactKind))
    barrierefreiheit = FacetFilter(
        field_name="accessibility", label="Barrierefreiheit", options=choice_options(Accessibility)
    )
    sort = SortFilter(
        label="Sortierung",
        choices=[("naehe", "Nähe zum Ort"), ("relevanz", "Relevanz")] + [(k, v[0]) for k, v in SORTS.items()],
    )

    place_facets = ("region",)

    class Meta:
        model = Contact
        fields = []


def facet_options(taxonomies):
    rlp = [row for row in taxonomies["region"] if row["kind"] == "land" or row["parent"] == "Rheinland-Pfalz"]
    return {
        "region": region_options(rlp),
        "thema": taxonomy_options(taxonomies["field"]),
    }
