import datetime

from django.db.models import F, Q
from django.utils import timezone

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

from .models import Applicant, ApplicationStatus, FundingProgramme, FundingType, Level, status_conditions

SORTS = {
    "frist": ("Nächste Antragsfrist zuerst", [F("application_end").asc(nulls_last=True), "title"]),
    "neu": ("Neueste zuerst", ["-created_at", "title"]),
    "titel": ("Titel A–Z", ["title"]),
}
# Unless a person asks for closed programmes too, the list shows everything one might still apply to.
NOT_CLOSED = [status.value for status in ApplicationStatus if status != ApplicationStatus.CLOSED]


def status_predicates(today):
    return {status.value: condition for status, condition in status_conditions(today).items()}


def deadline_predicates(today):
    return {
        str(days): Q(application_end__gte=today, application_end__lte=today + datetime.timedelta(days=days))
        for days in (30, 90)
    }


class FundingProgrammeFilterSet(FacetedFilterSet):
    q = SearchFilter(label="Suchbegriff")
    status = FacetFilter(
        kind="predicate",
        label="Antragsstatus",
        options=choice_options(ApplicationStatus),
        default=NOT_CLOSED,
    )
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
    )
    foerdergebiet = FacetFilter(
        field_name="facet_area", kind="array", everywhere_field="nationwide", label="Fördergebiet"
    )
    foerderebene = FacetFilter(field_name="level", label="Förderebene", options=choice_options(Level))
    foerderart = FacetFilter(field_name="funding_type", label="Förderart", options=choice_options(FundingType))
    handlungsfeld = FacetFilter(field_name="facet_fields", kind="array", label="Handlungsfeld")
    zielgruppe = FacetFilter(field_name="facet_groups", kind="array", label="Zielgruppe")
    sort = SortFilter(label="Sortierung", choices=[("relevanz", "Relevanz")] + [(k, v[0]) for k, v in SORTS.items()])

    class Meta:
        model = FundingProgramme
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.filters["status"].predicates = status_predicates(today)
        self.filters["frist"].predicates = deadline_predicates(today)


def facet_options(taxonomies):
    return {
        "foerdergebiet": region_options(taxonomies["region"], districts=False),
        "handlungsfeld": taxonomy_options(taxonomies["field"]),
        "zielgruppe": taxonomy_options(taxonomies["group"]),
    }
