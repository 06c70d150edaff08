import datetime

from django.db.models import F, Q
from django.utils import timezone

from werkzeugkoffer.catalogue.filters import (
    FacetedFilterSet,
    FacetFilter,
    Option,
    SearchFilter,
    SingleFacetFilter,
    SortFilter,
    choice_options,
    region_options,
    taxonomy_options,
)

from .models import Applicant, ApplicationStatus, FundingProgramme, FundingType, Level, status_conditions

SORTS = {
    "frist": ("Nächste Antragsfrist zuerst", [F("application_end").asc(nulls_last=True), "title"]),
    "neu": ("Neueste zuerst", ["-created_at", "title"]),
    "titel": ("Titel A–Z", ["title"]),
}
CURRENT_ONLY, WITH_ENDED = "nein", "ja"


def status_predicates(today):
    return {status.value: condition for status, condition in status_conditions(today).items()}


def ended_predicates(today):
    """Unless a person asks for ended programmes too, the list shows everything one might still apply to."""
    return {CURRENT_ONLY: ~status_conditions(today)[ApplicationStatus.CLOSED], WITH_ENDED: Q(pk__isnull=False)}


def deadline_predicates(today):
    return {
        str(days): Q(application_end__gte=today, application_end__lte=today + datetime.timedelta(days=days))
        for days in (30, 90)
    }


class FundingProgrammeFilterSet(FacetedFilterSet):
    q = SearchFilter(label="Suchbegriff")
    abgelaufene = SingleFacetFilter(
        kind="predicate",
        label="Abgelaufene Programme",
        options=[Option(CURRENT_ONLY, "nur aktuelle Programme"), Option(WITH_ENDED, "auch abgelaufene Programme")],
        default=CURRENT_ONLY,
    )
    status = FacetFilter(kind="predicate", label="Antragsstatus", options=choice_options(ApplicationStatus))
    frist = FacetFilter(
        kind="predicate",
        label="Antragsfrist endet",
        options=[Option("30", "innerhalb von 30 Tagen"), Option("90", "innerhalb von 90 Tagen")],
    )
    antragsberechtigte = FacetFilter(
        field_name="applicants",
        kind="array",
        label="Antragsberechtigte",
        options=choice_options(Applicant),
        unknown=Q(applicants=[]),
    )
    foerdergebiet = FacetFilter(
        field_name="facet_area",
        kind="array",
        everywhere_field="nationwide",
        label="Fördergebiet",
        unknown=Q(facet_area=[], nationwide=False),
    )
    foerderebene = FacetFilter(field_name="level", label="Förderebene", options=choice_options(Level))
    foerderart = FacetFilter(field_name="funding_type", label="Förderart", options=choice_options(FundingType))
    handlungsfeld = FacetFilter(field_name="facet_fields", kind="array", label="Handlungsfeld")
    zielgruppe = FacetFilter(field_name="facet_groups", kind="array", label="Zielgruppe")
    sort = SortFilter(
        label="Sortierung",
        choices=[("naehe", "Für den Ort zuerst"), ("relevanz", "Relevanz")] + [(k, v[0]) for k, v in SORTS.items()],
    )

    place_facets = ("foerdergebiet",)

    class Meta:
        model = FundingProgramme
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.filters["abgelaufene"].predicates = ended_predicates(today)
        if ApplicationStatus.CLOSED in self.cleaned("status") and not self.cleaned("abgelaufene"):
            # Whoever asks for closed programmes by name (older links, the API) gets them.
            self.filters["abgelaufene"].default = [WITH_ENDED]
        self.filters["status"].predicates = status_predicates(today)
        self.filters["frist"].predicates = deadline_predicates(today)


def facet_options(taxonomies):
    return {
        "foerdergebiet": region_options(taxonomies["region"], districts=False),
        "handlungsfeld": taxonomy_options(taxonomies["field"]),
        "zielgruppe": taxonomy_options(taxonomies["group"]),
    }
