from django.db.models import Q

from werkzeugkoffer.catalogue.filters import (
    FacetedFilterSet,
    FacetFilter,
    Option,
    SearchFilter,
    SortFilter,
    choice_options,
    region_options,
    taxonomy_options,
)

from .models import AreaType, Continuation, PracticeExample

SORTS = {
    "neu": ("Neueste zuerst", ["-created_at", "title"]),
    "titel": ("Titel A–Z", ["title"]),
}


class PracticeExampleFilterSet(FacetedFilterSet):
    q = SearchFilter(label="Suchbegriff")
    bundesland = FacetFilter(field_name="state_id", label="Bundesland")
    kreis = FacetFilter(field_name="district_id", label="Landkreis / kreisfreie Stadt")
    handlungsfeld = FacetFilter(field_name="facet_fields", kind="array", label="Handlungsfeld")
    zielgruppe = FacetFilter(field_name="facet_groups", kind="array", label="Zielgruppe")
    raumtyp = FacetFilter(
        field_name="area_type", label="Raumtyp", options=choice_options(AreaType), unknown=Q(area_type="")
    )
    laufzeit = FacetFilter(
        field_name="is_running",
        label="Laufzeit",
        options=[Option("laeuft", "läuft noch", True), Option("abgeschlossen", "abgeschlossen", False)],
        unknown=Q(is_running__isnull=True),
    )
    verstetigung = FacetFilter(field_name="continuation", label="Verstetigung", options=choice_options(Continuation))
    schlagwort = FacetFilter(field_name="facet_tags", kind="array", label="Schlagwort")
    sort = SortFilter(
        label="Sortierung",
        choices=[("naehe", "Nähe zum Ort"), ("relevanz", "Relevanz")] + [(k, v[0]) for k, v in SORTS.items()],
    )

    place_facets = ("kreis", "bundesland")

    class Meta:
        model = PracticeExample
        fields = []


def facet_options(taxonomies):
    rlp_districts = [row for row in taxonomies["region"] if row["parent"] == "Rheinland-Pfalz"]
    return {
        "bundesland": region_options(taxonomies["region"], districts=False),
        "kreis": region_options(rlp_districts, states=False),
        "handlungsfeld": taxonomy_options(taxonomies["field"]),
        "zielgruppe": taxonomy_options(taxonomies["group"]),
        "schlagwort": taxonomy_options(taxonomies["tag"]),
    }
