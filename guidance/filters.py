from django.db.models import Q

from werkzeugkoffer.catalogue.filters import (
    FacetedFilterSet,
    FacetFilter,
    SearchFilter,
    SortFilter,
    choice_options,
    taxonomy_options,
)

from .models import Audience, GuidanceKind, Phase, Recommendation

SORTS = {
    "titel": ("Titel A–Z", ["title"]),
    "neu": ("Neueste zuerst", ["-created_at", "title"]),
}


class RecommendationFilterSet(FacetedFilterSet):
    q = SearchFilter(label="Suchbegriff")
    art = FacetFilter(field_name="kind", label="Art", options=choice_options(GuidanceKind))
    fuer = FacetFilter(
        field_name="audiences",
        kind="array",
        label="Für wen",
        options=choice_options(Audience),
        unknown=Q(audiences=[]),
    )
    phase = FacetFilter(
        field_name="phases", kind="array", label="Projektphase", options=choice_options(Phase), unknown=Q(phases=[])
    )
    handlungsfeld = FacetFilter(field_name="facet_fields", kind="array", label="Handlungsfeld")
    zielgruppe = FacetFilter(field_name="facet_groups", kind="array", label="Zielgruppe")
    schlagwort = FacetFilter(field_name="facet_tags", kind="array", label="Schlagwort")
    sort = SortFilter(label="Sortierung", choices=[("relevanz", "Relevanz")] + [(k, v[0]) for k, v in SORTS.items()])

    class Meta:
        model = Recommendation
        fields = []


def facet_options(taxonomies):
    return {
        "handlungsfeld": taxonomy_options(taxonomies["field"]),
        "zielgruppe": taxonomy_options(taxonomies["group"]),
        "schlagwort": taxonomy_options(taxonomies["tag"]),
    }
