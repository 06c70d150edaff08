import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from places.models import Nearness, responsibility_tiers
from werkzeugkoffer.backoffice.history import EntryHistory
from werkzeugkoffer.models import (
    DERIVED_FIELDS,
    REVIEW_LEAD_DAYS,
    ChoiceArrayField,
    FieldOfAction,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    Region,
    TargetGroup,
    search_text_field,
    search_vector_field,
)


class Level(models.TextChoices):
    EU = "eu", "EU"
    FEDERAL = "bund", "Bund"
    STATE = "land", "Land"
    MUNICIPAL = "kommune", "Kommune"
    FOUNDATION = "stiftung", "Stiftung"
    LOTTERY = "lotterie", "Lotterie"
    SOCIAL_INSURANCE = "sozialversicherung", "Sozialversicherung"
    PRIVATE = "privatwirtschaft", "Privatwirtschaft"


class FundingType(models.TextChoices):
    GRANT = "zuschuss", "Zuschuss"
    LOAN = "darlehen", "Darlehen"
    PRIZE = "preis", "Preis / Wettbewerb"
    ADVICE = "beratung", "Beratung"
    ENTITLEMENT = "leistung", "Regelleistung nach Rechtsgrundlage"


class Applicant(models.TextChoices):
    MUNICIPALITIES = "kommunen", "Kommunen"
    PROVIDERS = "freie-traeger", "freie Träger / Wohlfahrtsverbände"
    ASSOCIATIONS = "vereine", "Vereine und Initiativen"
    HOUSING = "wohnungsunternehmen", "Wohnungsunternehmen"
    CARE_FACILITIES = "pflegeeinrichtungen", "Pflegeeinrichtungen"
    INDIVIDUALS = "privatpersonen", "Privatpersonen"


class ApplicationStatus(models.TextChoices):
    OPEN = "offen", "offen"
    UPCOMING = "demnaechst", "demnächst"
    UNKNOWN = "unbekannt", "Frist unbekannt"
    CLOSED = "geschlossen", "geschlossen"


class DeadlineState(models.TextChoices):
    """How far the portal knows when applications are possible."""

    ENTERED = "eingetragen", "wie eingetragen (ohne Antragsfrist: laufend)"
    UNKNOWN = "unbekannt", "nicht bekannt – beim Fördergeber erfragen"
    ENDED = "beendet", "Programm beendet – keine neuen Anträge"


def status_conditions(today):
    """The condition for each ApplicationStatus on a given day (one place for lists, facets and queries)."""
    entered = models.Q(deadline_state=DeadlineState.ENTERED)
    started = models.Q(application_start__isnull=True) | models.Q(application_start__lte=today)
    not_ended = models.Q(application_end__isnull=True) | models.Q(application_end__gte=today)
    return {
        ApplicationStatus.OPEN: entered & started & not_ended,
        ApplicationStatus.UPCOMING: entered & models.Q(application_start__gt=today) & not_ended,
        ApplicationStatus.UNKNOWN: models.Q(deadline_state=DeadlineState.UNKNOWN),
        ApplicationStatus.CLOSED: models.Q(deadline_state=DeadlineState.ENDED)
        | (entered & models.Q(application_end__lt=today)),
    }


class FundingProgrammeQuerySet(PublishableQuerySet):
    def open_for_applications(self, today=None):
        """Programmes known to accept applications today: rolling, or within their window."""
        return self.filter(status_conditions(today or timezone.localdate())[ApplicationStatus.OPEN])

    def upcoming(self, today=None):
        return self.filter(status_conditions(today or timezone.localdate())[ApplicationStatus.UPCOMING])

    def closed(self, today=None):
        return self.filter(status_conditions(today or timezone.localdate())[ApplicationStatus.CLOSED])

    def deadline_ahead(self, today=None):
        """Programmes with an entered deadline today or later (open now or opening soon), nearest first."""
        today = today or timezone.localdate()
        return self.filter(deadline_state=DeadlineState.ENTERED, application_end__gte=today).order_by(
            "application_end", "title"
        )

    def count_by_status(self, today=None):
        """How many programmes have each ApplicationStatus today, in one query; each has exactly one."""
        conditions = status_conditions(today or timezone.localdate())
        return self.aggregate(
            **{status.value: models.Count("pk", filter=condition) for status, condition in conditions.items()}
        )

    def deadline_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.open_for_applications(today).filter(application_end__lte=today + datetime.timedelta(days=days))

    def due_for_review(self, today=None, lead_days=REVIEW_LEAD_DAYS):
        """Like every entry, and also a programme whose deadline comes (or came) after its last review."""
        today = today or timezone.localdate()
        not_checked_since = models.Q(reviewed_at__isnull=True) | models.Q(application_end__gt=models.F("reviewed_at"))
        deadline_reached = models.Q(application_end__lte=today + datetime.timedelta(days=lead_days)) & not_checked_since
        return self.exclude(status=PublicationStatus.ARCHIVED).filter(
            deadline_reached | models.Q(review_due__lte=today + datetime.timedelta(days=lead_days))
        )


class FundingProgramme(Publishable):
    title = models.CharField("Titel", max_length=250)
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    summary = models.TextField("Kurzbeschreibung", help_text="Zwei bis drei Sätze für Trefferlisten.")
    funded_activities = models.TextField("Was wird gefördert?", blank=True)
    funder = models.CharField("Fördergeber", max_length=250, help_text="Wer das Geld gibt, z. B. ein Ministerium.")
    level = models.CharField("Förderebene", max_length=20, choices=Level)
    funding_type = models.CharField("Förderart", max_length=20, choices=FundingType)
    applicants = ChoiceArrayField(
        models.CharField(max_length=30, choices=Applicant),
        verbose_name="Antragsberechtigte",
        default=list,
        blank=True,
        help_text="Wer einen Antrag stellen darf. Mehrfachauswahl möglich.",
    )
    applicants_note = models.CharField(
        "Hinweis zu Antragsberechtigten", max_length=300, blank=True, help_text="Einschränkungen in Worten."
    )
    nationwide = models.BooleanField(
        "bundesweit", default=False, help_text="Anhaken, wenn das Programm in ganz Deutschland gilt."
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name="Fördergebiet",
        related_name="funding_programmes",
        blank=True,
        help_text="Nur ausfüllen, wenn das Programm nicht bundesweit gilt.",
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name="Handlungsfelder", related_name="funding_programmes", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="Zielgruppen", related_name="funding_programmes", blank=True
    )
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    legal_basis = models.CharField("Rechtsgrundlage", max_length=250, blank=True, help_text="z. B. §§ 123, 124 SGB XI")
    amount_text = models.CharField(
        "Förderhöhe / Förderquote",
        max_length=300,
        blank=True,
        help_text="In Worten, z. B. „bis zu 80 % der förderfähigen Kosten“.",
    )
    amount_min = models.DecimalField("Mindestbetrag (Euro)", max_digits=12, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField("Höchstbetrag (Euro)", max_digits=12, decimal_places=2, null=True, blank=True)
    application_start = models.DateField(
        "Antragsstart", null=True, blank=True, help_text="Leer lassen, wenn Anträge schon jetzt möglich sind."
    )
    application_end = models.DateField(
        "Antragsfrist", null=True, blank=True, help_text="Leer lassen, wenn Anträge laufend möglich sind."
    )
    deadline_state = models.CharField(
        "Stand der Fristen",
        max_length=20,
        choices=DeadlineState,
        default=DeadlineState.ENTERED,
        help_text="„nicht bekannt“, wenn die Quelle keine Fristen nennt: Das Portal zeigt das Programm dann "
        "nicht als offen an, sondern bittet, beim Fördergeber nachzufragen.",
    )
    deadline_note = models.CharField(
        "Hinweis zur Frist", max_length=300, blank=True, help_text="z. B. Stichtage oder Förderaufrufe."
    )
    how_to_apply = models.TextField("So beantragen Sie die Förderung", blank=True)
    website_url = models.URLField("Website des Programms", blank=True)
    guideline_url = models.URLField("Förderrichtlinie (Link)", blank=True)
    forms_url = models.URLField("Antragsformulare (Link)", blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name="Ansprechpartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_programmes",
    )

    # Kept current by database triggers (see the search migration).
    search_document = models.TextField(editable=False, default="")
    # The later parts of its compounds, for the search document (see werkzeugkoffer/catalogue/compounds.py).
    search_parts = models.TextField(editable=False, default="")
    facet_fields = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_groups = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_tags = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_area = ArrayField(
        models.IntegerField(), editable=False, default=list, help_text="Regionen, in denen das Programm gilt."
    )
    search_vector = search_vector_field(
        a=["title"],
        b=["summary", "funder", "legal_basis"],
        c=["funded_activities", "how_to_apply", "amount_text", "applicants_note", "deadline_note", "search_document"],
    )
    search_text = search_text_field(["title", "funder"])

    objects = FundingProgrammeQuerySet.as_manager()
    # Words that say what every entry here is: in a search they rank, but never exclude (see catalogue.listing).
    catalogue_words = (
        "Förderung Fördermittel Förderprogramm Fördergeld Fördergelder Förderangebot Zuschuss Zuschüsse Programm"
    )
    # Words naming Antragsberechtigte: they also find the programmes that name none (see catalogue.listing).
    open_fact_words = [
        (
            "Kommunen Kommune Gemeinde Gemeinden Stadt Städte Landkreis Landkreise Verein Vereine Initiative "
            "Initiativen Träger Wohlfahrtsverband Wohlfahrtsverbände Wohnungsunternehmen Wohnungswirtschaft "
            "Pflegeeinrichtung Pflegeeinrichtungen Privatperson Privatpersonen",
            models.Q(applicants=[]),
        )
    ]

    @classmethod
    def place_tiers(cls, place):
        """(Nearness, condition) pairs, in list order, for a place in the place field (see catalogue/nearby.py):
        programmes for its Kreis, its Land, all of Germany; then those that name no Fördergebiet."""
        tiers = responsibility_tiers(cls._meta.get_field("regions"), place)
        tiers.append((Nearness.UNKNOWN, models.Q(facet_area=[], nationwide=False)))
        return tiers

    @classmethod
    def place_conditions(cls, region_ids):
        """(programmes for one of the regions or a region around it, programmes for all of Germany):
        how a place named in a search matches (see werkzeugkoffer.catalogue.places)."""
        return models.Q(facet_area__overlap=region_ids, nationwide=False), models.Q(nationwide=True)

    history = EntryHistory(
        excluded_fields=[*DERIVED_FIELDS, "facet_fields", "facet_groups", "facet_area"],
        m2m_fields=["regions", "fields_of_action", "target_groups"],
    )

    rich_text_fields = ("funded_activities", "how_to_apply")
    url_fields = ("website_url", "guideline_url", "forms_url")

    class Meta(Publishable.Meta):
        verbose_name = "Förderprogramm"
        verbose_name_plural = "Förderprogramme"
        ordering = ["title"]
        permissions = [("publish_fundingprogramme", "Förderprogramme freigeben, archivieren und zurücksetzen")]
        indexes = [
            # The newest passed „veröffentlichen ab“ time is part of the HTTP cache key.
            models.Index(
                fields=["publish_at"], name="fundingprogramme_publish_at", condition=models.Q(publish_at__isnull=False)
            ),
            GinIndex(fields=["search_vector"], name="fundingprogramme_search"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="fundingprogramme_trigram"),
            GinIndex(fields=["facet_fields"], name="fundingprogramme_fields"),
            GinIndex(fields=["facet_groups"], name="fundingprogramme_groups"),
            GinIndex(fields=["facet_tags"], name="fundingprogramme_tags"),
            GinIndex(fields=["facet_area"], name="fundingprogramme_area"),
            GinIndex(fields=["applicants"], name="fundingprogramme_applicants"),
            models.Index(fields=["status", "application_end"], name="fundingprogramme_deadline"),
            models.Index(fields=["status", "-created_at"], name="fundingprogramme_newest"),
            models.Index(fields=["status", "title", "id"], name="fundingprogramme_title"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=models.Q(level__in=Level.values), name="fundingprogramme_level_valid"),
            models.CheckConstraint(
                condition=models.Q(funding_type__in=FundingType.values), name="fundingprogramme_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(applicants__contained_by=Applicant.values),
                name="fundingprogramme_applicants_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True) | models.Q(amount_min__gte=0),
                name="fundingprogramme_amount_min_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True)
                | models.Q(amount_max__isnull=True)
                | models.Q(amount_max__gte=models.F("amount_min")),
                name="fundingprogramme_amount_max_not_below_min",
            ),
            models.CheckConstraint(
                condition=models.Q(application_start__isnull=True)
                | models.Q(application_end__isnull=True)
                | models.Q(application_end__gte=models.F("application_start")),
                name="fundingprogramme_window_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline_state__in=DeadlineState.values),
                name="fundingprogramme_deadline_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(deadline_state=DeadlineState.UNKNOWN)
                | models.Q(application_start__isnull=True, application_end__isnull=True),
                name="fundingprogramme_unknown_deadline_without_dates",
                violation_error_message="Wenn die Fristen nicht bekannt sind, bitte weder Antragsstart noch "
                "Antragsfrist eintragen.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:detail", args=[self.slug])

    def next_review(self):
        """The Wiedervorlage, or the deadline when that comes first and after the last review (if any)."""
        end = self.application_end
        if end and (self.reviewed_at is None or self.reviewed_at < end) and end < self.review_due:
            return self.application_end
        return self.review_due

    def is_rolling(self):
        return self.deadline_state == DeadlineState.ENTERED and self.application_end is None

    def deadline_unknown(self):
        return self.deadline_state == DeadlineState.UNKNOWN

    def has_ended(self):
        return self.deadline_state == DeadlineState.ENDED

    def application_status(self, today=None):
        today = today or timezone.localdate()
        if self.deadline_state == DeadlineState.UNKNOWN:
            return ApplicationStatus.UNKNOWN
        if self.deadline_state == DeadlineState.ENDED:
            return ApplicationStatus.CLOSED
        if self.application_start and self.application_start > today:
            return ApplicationStatus.UPCOMING
        if self.application_end and self.application_end < today:
            return ApplicationStatus.CLOSED
        return ApplicationStatus.OPEN

    def is_open(self, today=None):
        return self.application_status(today) == ApplicationStatus.OPEN

    def applicant_labels(self):
        return [Applicant(value).label for value in self.applicants]
