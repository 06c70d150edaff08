"""Handlungsempfehlungen und Methoden (the fourth catalogue), and the ministry's Veranstaltungen and Aktuelles.

A recommendation links to the practice examples that show it working, the programmes that pay for it and the
contacts that advise on it; their detail pages show it back as „Passende Empfehlungen“.
"""

import calendar
import datetime
import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from taggit.managers import TaggableManager

from werkzeugkoffer.backoffice.history import EntryHistory
from werkzeugkoffer.models import (
    DERIVED_FIELDS,
    ChoiceArrayField,
    FieldOfAction,
    Publishable,
    PublishableQuerySet,
    TargetGroup,
    search_text_field,
    search_vector_field,
)


class GuidanceKind(models.TextChoices):
    RECOMMENDATION = "empfehlung", "Empfehlung"
    METHOD = "methode", "Methode"
    CHECKLIST = "checkliste", "Checkliste"
    BASICS = "grundlage", "Grundlage"


class Audience(models.TextChoices):
    MUNICIPALITY = "kommune", "Kommune"
    PROVIDER = "traeger", "Träger / Wohlfahrtsverband"
    HOUSING = "wohnungswirtschaft", "Wohnungswirtschaft"
    CITIZENS = "buergerinnen-und-buerger", "Bürgerinnen und Bürger"
    POLITICS = "politik", "Politik"


class Phase(models.TextChoices):
    PLANNING = "idee-und-planung", "Idee und Planung"
    START = "start", "Start"
    IMPLEMENTATION = "umsetzung", "Umsetzung"
    FINANCING = "finanzierung", "Finanzierung"
    CONTINUATION = "verstetigung", "Verstetigung"


# A step of a method: „Titel: Beschreibung“ or only a description, one per line.
STEP_TITLE = re.compile(r"^(?P<title>[^:]{2,80}):\s+(?P<text>.+)$")


class RecommendationQuerySet(PublishableQuerySet):
    def methods(self):
        return self.filter(kind=GuidanceKind.METHOD)

    def for_audience(self, audience):
        return self.filter(audiences__contains=[audience])

    def in_phase(self, phase):
        return self.filter(phases__contains=[phase])


class Recommendation(Publishable):
    title = models.CharField("Titel", max_length=250)
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    teaser = models.TextField("Kurzbeschreibung", help_text="Zwei bis drei Sätze für Trefferlisten und Vorschauen.")
    body = models.TextField(
        "Text",
        help_text="Worum es geht und wie man vorgeht: Absätze, Zwischenüberschriften, Listen und Links sind möglich.",
    )
    kind = models.CharField(
        "Art",
        max_length=20,
        choices=GuidanceKind,
        help_text="Empfehlung: was sich bewährt hat; Methode: ein Vorgehen in Schritten; Checkliste: Punkte zum "
        "Abhaken; Grundlage: Begriffe und Prinzipien, auf denen die anderen aufbauen.",
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=30, choices=Audience),
        verbose_name="Für wen",
        default=list,
        blank=True,
        help_text="Wer damit arbeiten soll. Leer lassen, wenn die Quelle es nicht sagt – öffentlich steht dann "
        "„nicht angegeben“.",
    )
    phases = ChoiceArrayField(
        models.CharField(max_length=30, choices=Phase),
        verbose_name="Projektphase",
        default=list,
        blank=True,
        help_text="In welcher Phase eines Quartiersprojekts es hilft. Leer lassen, wenn es für jede Phase gilt "
        "oder die Quelle es nicht sagt.",
    )
    steps = models.TextField(
        "Schritte",
        blank=True,
        help_text="Bei Methoden und Checklisten: ein Schritt pro Zeile, in der Reihenfolge. Mit „Titel: "
        "Beschreibung“ bekommt der Schritt eine eigene Überschrift.",
    )
    further_reading = models.TextField(
        "Literatur und weiterführende Links",
        blank=True,
        help_text="Veröffentlichungen und Internetseiten zum Weiterlesen, als Liste mit Links.",
    )
    source_url = models.URLField(
        "Adresse der Quelle", blank=True, help_text="Wo die Quelle im Internet steht, falls sie dort steht."
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name="Handlungsfelder", related_name="recommendations", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="Zielgruppen", related_name="recommendations", blank=True
    )
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    practice_examples = models.ManyToManyField(
        "projects.PracticeExample",
        verbose_name="Praxisbeispiele, die es zeigen",
        related_name="recommendations",
        blank=True,
    )
    funding_programmes = models.ManyToManyField(
        "funding.FundingProgramme",
        verbose_name="Förderprogramme, die es finanzieren",
        related_name="recommendations",
        blank=True,
    )
    contacts = models.ManyToManyField(
        "contacts.Contact",
        verbose_name="Beratungsstellen, die dazu beraten",
        related_name="recommendations",
        blank=True,
    )

    # Kept current by database triggers (see the search migration).
    search_document = models.TextField(editable=False, default="")
    # The later parts of its compounds, for the search document (see werkzeugkoffer/catalogue/compounds.py).
    search_parts = models.TextField(editable=False, default="")
    facet_fields = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_groups = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_tags = ArrayField(models.IntegerField(), editable=False, default=list)
    search_vector = search_vector_field(
        a=["title"],
        b=["teaser"],
        c=["body", "steps", "search_document"],
    )
    search_text = search_text_field(["title"])

    objects = RecommendationQuerySet.as_manager()
    # Words that say what every entry here is: in a search they rank, but never exclude (see catalogue.listing).
    catalogue_words = (
        "Empfehlung Empfehlungen Handlungsempfehlung Handlungsempfehlungen Methode Methoden Anleitung Leitfaden Tipps"
    )
    # Words naming an audience („Für wen“): they also find, ranked lower, the recommendations that name none (see
    # catalogue.listing) – an unstated audience is no reason to leave one out.
    open_fact_words = [
        (
            "Kommune Kommunen Gemeinde Gemeinden Landkreis Landkreise Verwaltung Träger Wohlfahrtsverband "
            "Wohlfahrtsverbände Wohnungswirtschaft Wohnungsunternehmen Politik",
            models.Q(audiences=[]),
        )
    ]

    history = EntryHistory(
        excluded_fields=[*DERIVED_FIELDS, "facet_fields", "facet_groups"],
        m2m_fields=["fields_of_action", "target_groups", "practice_examples", "funding_programmes", "contacts"],
    )

    rich_text_fields = ("body", "further_reading")
    heading_text_fields = ("body",)
    url_fields = ("source_url",)

    class Meta(Publishable.Meta):
        verbose_name = "Handlungsempfehlung / Methode"
        verbose_name_plural = "Handlungsempfehlungen und Methoden"
        ordering = ["title"]
        permissions = [("publish_recommendation", "Handlungsempfehlungen freigeben, archivieren und zurücksetzen")]
        indexes = [
            # The newest passed „veröffentlichen ab“ time is part of the HTTP cache key.
            models.Index(
                fields=["publish_at"], name="recommendation_publish_at", condition=models.Q(publish_at__isnull=False)
            ),
            GinIndex(fields=["search_vector"], name="recommendation_search"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="recommendation_trigram"),
            GinIndex(fields=["facet_fields"], name="recommendation_fields"),
            GinIndex(fields=["facet_groups"], name="recommendation_groups"),
            GinIndex(fields=["facet_tags"], name="recommendation_tags"),
            GinIndex(fields=["audiences"], name="recommendation_audiences"),
            GinIndex(fields=["phases"], name="recommendation_phases"),
            models.Index(fields=["status", "kind"], name="recommendation_kind"),
            models.Index(fields=["status", "-created_at"], name="recommendation_newest"),
            models.Index(fields=["status", "title", "id"], name="recommendation_title"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=models.Q(kind__in=GuidanceKind.values), name="recommendation_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(audiences__contained_by=Audience.values), name="recommendation_audiences_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(phases__contained_by=Phase.values), name="recommendation_phases_valid"
            ),
            # A method is a way of doing something: without its steps it is not one.
            models.CheckConstraint(
                condition=~models.Q(kind=GuidanceKind.METHOD) | ~models.Q(steps=""),
                name="recommendation_method_has_steps",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.kind == GuidanceKind.METHOD and not self.steps.strip():
            raise ValidationError({"steps": "Eine Methode braucht ihre Schritte: bitte einen Schritt pro Zeile."})

    def step_list(self):
        """[(title or "", text)] of the steps, in their order."""
        steps = []
        for line in self.steps.splitlines():
            line = line.strip()
            if not line:
                continue
            match = STEP_TITLE.match(line)
            steps.append((match["title"].strip(), match["text"].strip()) if match else ("", line))
        return steps

    def audience_labels(self):
        return [Audience(value).label for value in self.audiences]

    def phase_labels(self):
        return [Phase(value).label for value in self.phases]


class EventKind(models.TextChoices):
    CONGRESS = "kongress", "Kongress"
    CONFERENCE = "fachtag", "Fachtag"
    WORKSHOP = "workshop", "Workshop"
    OTHER = "sonstige", "Veranstaltung"


class DatePrecision(models.TextChoices):
    DAY = "tag", "genauer Tag"
    MONTH = "monat", "nur Monat bekannt"


class EventStatus(models.TextChoices):
    UPCOMING = "angekuendigt", "angekündigt"
    PAST = "vorbei", "vorbei"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, today=None):
        """Events that have not ended: by their last day, or for a month-only date the month's last day."""
        return self.filter(last_day__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(last_day__lt=today or timezone.localdate())


class Event(Publishable):
    title = models.CharField("Titel", max_length=250)
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    kind = models.CharField("Art", max_length=20, choices=EventKind)
    description = models.TextField("Beschreibung", help_text="Worum es geht und für wen, in wenigen Absätzen.")
    start_date = models.DateField(
        "Datum",
        help_text="Der (erste) Tag. Nennt die Quelle nur den Monat, den Ersten des Monats eintragen und "
        "„nur Monat bekannt“ wählen.",
    )
    date_precision = models.CharField(
        "Genauigkeit des Datums", max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    end_date = models.DateField("bis (Datum)", null=True, blank=True, help_text="Nur bei mehrtägigen Veranstaltungen.")
    start_time = models.TimeField("Beginn (Uhrzeit)", null=True, blank=True, help_text="Leer, wenn nicht bekannt.")
    end_time = models.TimeField("Ende (Uhrzeit)", null=True, blank=True)
    venue = models.CharField(
        "Veranstaltungsort", max_length=250, blank=True, help_text="Gebäude oder Saal mit Anschrift, falls bekannt."
    )
    town = models.CharField("Ort", max_length=100, blank=True)
    organiser = models.CharField(
        "Veranstalter", max_length=250, blank=True, help_text="Leer lassen, wenn die Quelle keinen nennt."
    )
    audience = models.CharField(
        "Zielgruppe", max_length=250, blank=True, help_text="Für wen die Veranstaltung gedacht ist, in Worten."
    )
    registration_url = models.URLField("Anmeldung", blank=True)
    documentation_url = models.URLField(
        "Dokumentation", blank=True, help_text="Berichte, Vorträge oder Fotos nach der Veranstaltung."
    )
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    practice_examples = models.ManyToManyField(
        "projects.PracticeExample", verbose_name="Praxisbeispiele", related_name="events", blank=True
    )
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name="Handlungsempfehlungen", related_name="events", blank=True
    )
    # The day after which the event counts as past; derived by the database from the dates.
    last_day = models.GeneratedField(
        expression=models.expressions.RawSQL(
            "CASE WHEN end_date IS NOT NULL THEN end_date "
            f"WHEN date_precision = '{DatePrecision.MONTH.value}' THEN (make_date(extract(year FROM start_date)::int, "
            "extract(month FROM start_date)::int, 1) + interval '1 month')::date - 1 "
            "ELSE start_date END",
            [],
        ),
        output_field=models.DateField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()
    history = EntryHistory(excluded_fields=["last_day"], m2m_fields=["practice_examples", "recommendations"])
    rich_text_fields = ("description",)
    url_fields = ("registration_url", "documentation_url")

    class Meta(Publishable.Meta):
        verbose_name = "Veranstaltung"
        verbose_name_plural = "Veranstaltungen"
        ordering = ["start_date", "start_time", "title"]
        permissions = [("publish_event", "Veranstaltungen freigeben, archivieren und zurücksetzen")]
        indexes = [
            models.Index(fields=["publish_at"], name="event_publish_at", condition=models.Q(publish_at__isnull=False)),
            models.Index(fields=["status", "last_day"], name="event_last_day"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=models.Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=DatePrecision.values), name="event_date_precision_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("start_date")),
                name="event_ends_after_start",
            ),
            # Who only knows the month knows no day and no time either.
            models.CheckConstraint(
                condition=~models.Q(date_precision=DatePrecision.MONTH)
                | models.Q(start_time__isnull=True, end_time__isnull=True, end_date__isnull=True, start_date__day=1),
                name="event_month_only_without_day_and_time",
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True) | models.Q(start_time__isnull=False),
                name="event_end_time_needs_start_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.date_precision == DatePrecision.MONTH and self.start_date:
            self.start_date = self.start_date.replace(day=1)
            if self.start_time or self.end_time or self.end_date:
                raise ValidationError(
                    {"date_precision": "Ist nur der Monat bekannt, bleiben „bis (Datum)“ und die Uhrzeiten leer."}
                )
        if self.end_time and not self.start_time:
            raise ValidationError({"end_time": "Eine Endzeit braucht eine Anfangszeit."})
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "Das Enddatum muss nach dem ersten Tag liegen."})

    def final_day(self):
        """The last day of the event (for a month-only date, the month's last day); mirrors last_day."""
        if self.end_date:
            return self.end_date
        if self.date_precision == DatePrecision.MONTH:
            return self.start_date.replace(day=calendar.monthrange(self.start_date.year, self.start_date.month)[1])
        return self.start_date

    def date_status(self, today=None):
        """angekündigt until its last day has passed, then vorbei – derived from the date, never entered."""
        today = today or timezone.localdate()
        return EventStatus.UPCOMING if self.final_day() >= today else EventStatus.PAST

    def is_upcoming(self, today=None):
        return self.date_status(today) == EventStatus.UPCOMING

    def date_label(self):
        """„7. Mai 2025“, „März 2017“ or „11. bis 12. November 2019“, with the time where one is known."""
        if self.date_precision == DatePrecision.MONTH:
            return date_format(self.start_date, "F Y")
        label = date_format(self.start_date, "j. F Y")
        if self.end_date:
            label = f"{date_format(self.start_date, 'j. F Y')} bis {date_format(self.end_date, 'j. F Y')}"
        if self.start_time:
            label += f", {self.start_time:%H:%M}"
            label += f" bis {self.end_time:%H:%M} Uhr" if self.end_time else " Uhr"
        return label

    def place_label(self):
        return ", ".join(part for part in (self.venue, self.town) if part)

    def starts_at(self):
        """The start as an aware datetime, or None without a time."""
        if self.start_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.start_date, self.start_time))

    def ends_at(self):
        if self.end_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.end_date or self.start_date, self.end_time))


class NewsItemQuerySet(PublishableQuerySet):
    def newest(self):
        return self.order_by("-date", "-pk")


class NewsItem(Publishable):
    title = models.CharField("Titel", max_length=250)
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    date = models.DateField("Datum", help_text="Der Tag der Meldung, wie die Quelle ihn nennt.")
    teaser = models.TextField("Kurzfassung", help_text="Ein bis zwei Sätze für die Startseite und den Newsfeed.")
    body = models.TextField("Text", blank=True)
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    practice_examples = models.ManyToManyField(
        "projects.PracticeExample", verbose_name="Praxisbeispiele", related_name="news_items", blank=True
    )
    funding_programmes = models.ManyToManyField(
        "funding.FundingProgramme", verbose_name="Förderprogramme", related_name="news_items", blank=True
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name="Beratungsstellen", related_name="news_items", blank=True
    )
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name="Handlungsempfehlungen", related_name="news_items", blank=True
    )
    events = models.ManyToManyField(Event, verbose_name="Veranstaltungen", related_name="news_items", blank=True)

    objects = NewsItemQuerySet.as_manager()
    history = EntryHistory(
        m2m_fields=["practice_examples", "funding_programmes", "contacts", "recommendations", "events"]
    )
    rich_text_fields = ("body",)

    class Meta(Publishable.Meta):
        verbose_name = "Meldung"
        verbose_name_plural = "Aktuelles"
        ordering = ["-date", "title"]
        permissions = [("publish_newsitem", "Meldungen freigeben, archivieren und zurücksetzen")]
        constraints = [
            *Publishable.Meta.constraints,
            # /aktuelles/feed/ is the Atom feed: a news item of that name could never be reached.
            models.CheckConstraint(
                condition=~models.Q(slug="feed"),
                name="newsitem_slug_not_feed",
                violation_error_message="Der Kurzname „feed“ ist für den Newsfeed vergeben. Bitte wählen Sie einen "
                "anderen.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["publish_at"], name="newsitem_publish_at", condition=models.Q(publish_at__isnull=False)
            ),
            models.Index(fields=["status", "-date"], name="newsitem_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])
