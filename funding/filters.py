import calendar
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


# A part of „demnächst“: programmes that start taking applications within three months (the Förder-Check's „bald“).
SOON = Option("in-3-monaten", "öffnet in den nächsten 3 Monaten")


def three_months_after(day):
    """The same day three months later, or the last day of that month (30 November → 28 or 29 February)."""
    month_index = day.month - 1 + 3
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status_options():
    options = choice_options(ApplicationStatus)
    after_upcoming = [option.value for option in options].index(ApplicationStatus.UPCOMING) + 1
    return options[:after_upcoming] + [SOON] + options[after_upcoming:]


def status_predicates(today):
    conditions = status_conditions(today)
    predicates = {status.value: condition for status, condition in conditions.items()}
    opens_soon = Q(application_start__lte=three_months_after(today))
    predicates[SOON.value] = conditions[ApplicationStatus.UPCOMING] & opens_soon
    return predicates


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
    status = FacetFilter(
        kind="predicate",
        label="Antragsstatus",
        options=status_options(),
        unknown_value=ApplicationStatus.UNKNOWN,
        unknown_offer="Auch {count} {entries} mit unbekannter Antragsfrist anzeigen",
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
