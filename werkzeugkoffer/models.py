"""Shared taxonomies and the publication machinery of all three catalogues."""

import calendar
import datetime
import functools
import hashlib
import operator
import re
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.forms import CheckboxSelectMultiple, MultipleChoiceField
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from werkzeugkoffer.backoffice.history import PortalHistory
from werkzeugkoffer.backoffice.richtext import ALLOWED_TAGS, PAGE_TAGS, sanitize

# Columns that the database derives (search triggers, generated columns): never edited, imported or
# kept in the history. Each catalogue adds its own facet columns.
DERIVED_FIELDS = ["search_document", "search_parts", "search_vector", "search_text", "facet_tags"]
REVIEW_INTERVAL_MONTHS = 12
# Entries whose Wiedervorlage falls within this many days count as due on the dashboard.
REVIEW_LEAD_DAYS = 14


class PublicationStatus(models.TextChoices):
    DRAFT = "entwurf", "Entwurf"
    IN_REVIEW = "zur-freigabe", "zur Freigabe"
    PUBLISHED = "veroeffentlicht", "veröffentlicht"
    ARCHIVED = "archiviert", "archiviert"


def months_later(date, months=REVIEW_INTERVAL_MONTHS):
    """The same day months later; the 29th to 31st become the last day of a shorter month."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def next_review_date():
    return months_later(timezone.localdate())


def allowed_statuses(may_publish, current):
    """The statuses an editor may choose for an entry whose status is current (None for a new entry).

    The Redaktion drafts and submits for approval; only the Freigabe publishes, archives or takes back.
    """
    if may_publish:
        return PublicationStatus.values
    if current in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED):
        return [current]
    return [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]


class EditConflict(Exception):
    """Someone else saved the entry after it was opened for editing; the message says who, when and what."""


class Versioned(models.Model):
    """A version number counted up by every save in the back office, so that two editors never overwrite each other."""

    version = models.PositiveIntegerField(
        "Fassung",
        default=1,
        editable=False,
        help_text="Zählt jede Speicherung mit, damit gleichzeitige Änderungen nichts überschreiben.",
    )

    class Meta:
        abstract = True

    def claim_version(self, seen_version):
        """Lock the stored row and take the next version number for the coming save.

        Raises EditConflict when the stored row is no longer the version the editor opened.
        Must run inside a transaction, so that the lock holds until the save.
        """
        from werkzeugkoffer.backoffice.history import conflict_message

        current = type(self)._default_manager.select_for_update().values_list("version", flat=True).get(pk=self.pk)
        if seen_version != current:
            raise EditConflict(conflict_message(type(self), self.pk, seen_version, current))
        self.version = current + 1


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Entries the public sees: released, and their „veröffentlichen ab“ time (if any) has come."""
        now = now or timezone.now()
        return self.filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=now), status=PublicationStatus.PUBLISHED
        )

    def visible_to(self, user):
        """Published entries; staff signed in with their second factor who may view the catalogue also see
        all others, as a preview."""
        opts = self.model._meta
        verified = getattr(user, "is_verified", None)
        if user.is_staff and verified and verified() and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self.all()
        return self.published()

    def in_review(self):
        return self.filter(status=PublicationStatus.IN_REVIEW)

    def never_reviewed(self):
        """Entries still in use that no editor has checked yet."""
        return self.exclude(status=PublicationStatus.ARCHIVED).filter(reviewed_at__isnull=True)

    def due_for_review(self, today=None, lead_days=REVIEW_LEAD_DAYS):
        """Entries still in use whose Wiedervorlage is past or within lead_days."""
        today = today or timezone.localdate()
        return self.exclude(status=PublicationStatus.ARCHIVED).filter(
            review_due__lte=today + datetime.timedelta(days=lead_days)
        )


class Publishable(Versioned):
    """Status, review dates, version and timestamps that every public entry carries."""

    status = models.CharField(
        "Status",
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text="Entwurf → zur Freigabe → veröffentlicht → archiviert. Nur veröffentlichte Einträge sind "
        "öffentlich sichtbar; archivierte bleiben für die Redaktion erhalten.",
    )
    publish_at = models.DateTimeField(
        "veröffentlichen ab",
        null=True,
        blank=True,
        help_text="Optional: ein freigegebener Eintrag erscheint erst ab diesem Zeitpunkt. Leer lassen, "
        "damit er sofort erscheint.",
    )
    reviewed_at = models.DateField(
        "zuletzt geprüft am",
        null=True,
        blank=True,
        help_text="Wann die Redaktion den Eintrag zuletzt inhaltlich geprüft hat – eintragen oder mit der Aktion „als "
        "heute geprüft markieren“ setzen. Leer, solange ihn niemand geprüft hat; erst dann erscheint öffentlich "
        "„zuletzt geprüft am“.",
    )
    review_due = models.DateField(
        "Wiedervorlage am",
        default=next_review_date,
        help_text="Wann der Eintrag (wieder) geprüft werden soll: zwölf Monate nach der letzten Prüfung, bei einem "
        "noch nie geprüften Eintrag zwölf Monate nach dem Anlegen – wenn Sie hier nichts anderes eintragen.",
    )
    source = models.CharField(
        "Quelle",
        max_length=300,
        blank=True,
        help_text="Woher die Angaben stammen, z. B. Broschüre mit Kapitel und Seite oder der Titel einer "
        "Internetseite.",
    )
    source_date = models.CharField(
        "Stand der Angaben",
        max_length=60,
        blank=True,
        help_text="Von wann die Angaben der Quelle sind, so genau, wie die Quelle es sagt: z. B. „Anfang 2019“, "
        "„Mai 2025“ oder „4. November 2019“. Erscheint öffentlich als „Stand“; leer heißt „nicht bekannt“.",
    )
    source_note = models.TextField(
        "Anmerkung zur Quelle",
        blank=True,
        help_text="Redaktionelle Hinweise zur Quelle, z. B. was sie nicht nennt oder wo sie sich widerspricht. "
        "Erscheint öffentlich nur klein gedruckt hinter der Quelle, nie in den Texten des Eintrags.",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("zuletzt geändert am", auto_now=True)

    # Fields that hold limited HTML (paragraphs, lists, links, emphasis), cleaned in clean().
    rich_text_fields = ()
    # Those of them that are long, structured texts and may also hold sub-headings (<h2>, <h3>).
    heading_text_fields = ()
    # Fields with external addresses that the link check visits.
    url_fields = ()

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None or set(update_fields) & set(self.search_sources()):
            self.refresh_search_parts()
            if update_fields is not None:
                update_fields = {*update_fields, "search_parts"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def is_published(self, now=None):
        """Whether the public sees the entry now (status and „veröffentlichen ab“)."""
        now = now or timezone.now()
        return self.status == PublicationStatus.PUBLISHED and (self.publish_at is None or self.publish_at <= now)

    def is_deletable(self):
        """Entries that have been public are archived, never deleted, so that links and history stay valid."""
        return self.status not in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED)

    def next_review(self):
        return self.review_due

    def is_review_overdue(self, today=None):
        return self.next_review() < (today or timezone.localdate())

    def mark_reviewed(self, today=None):
        """An editor has checked the entry today: „zuletzt geprüft am“ today, the next check in twelve months."""
        self.reviewed_at = today or timezone.localdate()
        self.review_due = months_later(self.reviewed_at)

    @classmethod
    def search_sources(cls):
        """The entry's own searched texts (see search_vector_field); none for models without a search."""
        try:
            return cls._meta.get_field("search_vector").source_fields
        except FieldDoesNotExist:
            return []

    def refresh_search_parts(self):
        """Store the later parts of the compounds in the searched texts (see catalogue/compounds.py)."""
        from werkzeugkoffer.catalogue.compounds import search_parts

        sources = self.search_sources()
        if sources:  # Events and news are not searched.
            self.search_parts = search_parts(*(getattr(self, name) for name in sources))

    def clean(self):
        for name in self.rich_text_fields:
            tags = PAGE_TAGS if name in self.heading_text_fields else ALLOWED_TAGS
            setattr(self, name, sanitize(getattr(self, name), tags))

    def validate_constraints(self, exclude=None):
        """Django asks the database about each check constraint in a query (and savepoint) of its own; an import
        validates thousands of rows, so all of them are asked at once first. Only if that fails does Django's own
        pass follow, to name the constraint that does not hold."""
        constraints = self._meta.constraints
        if not exclude and all(isinstance(constraint, models.CheckConstraint) for constraint in constraints):
            conditions = [models.Q(constraint.condition) for constraint in constraints]
            combined = models.CheckConstraint(condition=functools.reduce(operator.and_, conditions), name="all")
            try:
                combined.validate(type(self), self, using=router.db_for_write(type(self), instance=self))
            except ValidationError:
                pass
            else:
                return
        super().validate_constraints(exclude)


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as a group of checkboxes instead of comma-separated text."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": MultipleChoiceField,
            "choices": self.base_field.choices,
            "widget": CheckboxSelectMultiple,
            **kwargs,
        }
        # ArrayField.formfield would force its own comma-separated form class.
        return super(ArrayField, self).formfield(**defaults)


def _coalesced(fields):
    return " || ' ' || ".join(f"coalesce({field}, '')" for field in fields)


def search_vector_field(a, b, c):
    """A stored, generated tsvector: weight A for a (title), B for b (teaser, …), C for c (body)."""
    parts = [
        f"setweight(to_tsvector('werkzeugkoffer', {_coalesced(fields)}), '{weight}')"
        for weight, fields in (("A", a), ("B", b), ("C", c))
    ]
    field = models.GeneratedField(
        expression=models.expressions.RawSQL(" || ".join(parts), []),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The entry's own texts, whose compounds are split into search_parts when it is saved.
    field.source_fields = [name for name in (*a, *b, *c) if name != "search_document"]
    return field


def search_text_field(fields):
    """A stored, generated, accent-folded lower-case text for trigram (typo-tolerant) matching."""
    field = models.GeneratedField(
        expression=models.expressions.RawSQL(f"wk_fold({_coalesced(fields)})", []),
        output_field=models.TextField(),
        db_persist=True,
    )
    # The spelling suggestions read the words of these fields as they are written.
    field.source_fields = fields
    return field


class RegionKind(models.TextChoices):
    STATE = "land", "Bundesland"
    DISTRICT = "landkreis", "Landkreis"
    CITY = "kreisfreie-stadt", "kreisfreie Stadt"


class RegionQuerySet(models.QuerySet):
    def states(self):
        return self.filter(kind=RegionKind.STATE)

    def districts(self):
        return self.exclude(kind=RegionKind.STATE)


class Region(Versioned):
    """A Bundesland, or a Landkreis / kreisfreie Stadt within one."""

    name = models.CharField("Name", max_length=100)
    slug = models.SlugField("Kurzname für Adressen", max_length=100, unique=True)
    kind = models.CharField("Art", max_length=20, choices=RegionKind)
    parent = models.ForeignKey(
        "self",
        verbose_name="gehört zu",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind": RegionKind.STATE},
        help_text="Für Landkreise und kreisfreie Städte: das Bundesland, zu dem sie gehören.",
    )
    official_key = models.CharField(
        "Amtlicher Schlüssel",
        max_length=12,
        blank=True,
        help_text="Amtlicher Regionalschlüssel (z. B. 07 für Rheinland-Pfalz, 07131 für Ahrweiler).",
    )

    history = PortalHistory()
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "Region"
        verbose_name_plural = "Regionen"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RegionKind.values),
                name="region_kind_valid",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind=RegionKind.STATE) & models.Q(parent__isnull=True))
                | (~models.Q(kind=RegionKind.STATE) & models.Q(parent__isnull=False)),
                name="region_only_districts_have_a_state",
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="region_name_unique_per_state"),
        ]

    def __str__(self):
        return self.name

    @property
    def state(self):
        return self if self.kind == RegionKind.STATE else self.parent


class Taxonomy(Versioned):
    """A controlled term that editors attach to entries."""

    name = models.CharField("Bezeichnung", max_length=100, unique=True)
    slug = models.SlugField("Kurzname für Adressen", max_length=100, unique=True)
    description = models.TextField("Beschreibung", blank=True)
    position = models.PositiveSmallIntegerField(
        "Reihenfolge", default=0, help_text="Kleinere Zahlen stehen in Listen weiter oben."
    )
    history = PortalHistory(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class FieldOfAction(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Handlungsfeld"
        verbose_name_plural = "Handlungsfelder"


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Zielgruppe"
        verbose_name_plural = "Zielgruppen"


class Page(Versioned):
    """A page of fixed text that editors keep current, such as the Impressum."""

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(
        "Kurzname für Adressen",
        max_length=100,
        unique=True,
        help_text="Bestimmt die Adresse der Seite, z. B. „impressum“ für /impressum/.",
    )
    body = models.TextField(
        "Text",
        help_text="In HTML: Zwischenüberschriften mit <h2> und <h3>, Absätze mit <p>, Listen mit <ul> und <li>, "
        'Links mit <a href="…">. Die Überschrift der Seite kommt aus dem Titel.',
    )
    missing_details = models.TextField(
        "Fehlende Pflichtangaben",
        blank=True,
        help_text="Vorgeschriebene Angaben, die im Text noch fehlen, eine pro Zeile. Die Startseite der Redaktion "
        "listet sie auf, öffentlich erscheinen sie nie. Löschen Sie eine Zeile, sobald die Angabe im Text steht.",
    )
    updated_at = models.DateTimeField("zuletzt geändert am", auto_now=True)

    history = PortalHistory()

    # Holds limited HTML with sub-headings (PAGE_TAGS), cleaned in clean().
    rich_text_fields = ("body",)

    class Meta:
        verbose_name = "Seite"
        verbose_name_plural = "Seiten"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.slug)

    def clean(self):
        self.body = sanitize(self.body, PAGE_TAGS)

    def missing_detail_list(self):
        return [line.strip() for line in self.missing_details.splitlines() if line.strip()]


class SynonymKind(models.TextChoices):
    GROUP = "gruppe", "gleichwertige Begriffe"
    ONE_WAY = "eine-richtung", "Erweiterung in eine Richtung"


# Limits that keep the query a word expands to short, so that every search stays fast.
SYNONYM_MAX_TERMS = 12
SYNONYM_MAX_TERM_LENGTH = 60
SYNONYM_MAX_TERM_WORDS = 4
SYNONYM_SEPARATORS = re.compile(r"[\n,;]")


def synonym_terms(text):
    """The terms of a synonym field: one per line (commas and semicolons separate too), spaces tidied."""
    return [" ".join(term.split()) for term in SYNONYM_SEPARATORS.split(text or "") if term.strip()]


SYNONYM_FOLDING = [("ae", "a"), ("oe", "o"), ("ue", "u")]
# Endings of German plurals, cases and adjectives; longest first.
SYNONYM_ENDINGS = ("ern", "en", "er", "es", "em", "e", "n", "s")


def synonym_words(term):
    """The words of a term as the search reads them (letters and digits, lower case)."""
    return re.findall(r"[^\W_]+", term.casefold())


def synonym_word_key(word):
    """What a word is compared by: without accents, umlauts (or their ae/oe/ue spelling) and a common ending,
    so that „Dorfläden“, „Dorfladen“ and „Dorflaeden“ are the same term, and so are „Wohncafé“ and „Wohncafe“."""
    word = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
    for written, folded in SYNONYM_FOLDING:
        word = word.replace(written, folded)
    for ending in SYNONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def synonym_key(term):
    return tuple(synonym_word_key(word) for word in synonym_words(term))


class Synonym(Versioned):
    """Terms the search treats as one: a group of equivalent terms, or one term that also finds others."""

    kind = models.CharField(
        "Art",
        max_length=20,
        choices=SynonymKind,
        default=SynonymKind.GROUP,
        help_text="„gleichwertige Begriffe“: eine Suche nach einem der Begriffe findet auch alle anderen "
        "(Seniorengenossenschaft = Bürgergemeinschaft = Nachbarschaftshilfe). „Erweiterung in eine Richtung“: "
        "eine Suche nach dem Suchbegriff findet auch die Begriffe, aber nicht umgekehrt (Einsamkeit → Begegnung, "
        "Nachbarschaft, Teilhabe: wer „Begegnung“ sucht, findet nicht zusätzlich Einträge zu „Einsamkeit“).",
    )
    source = models.CharField(
        "Suchbegriff",
        max_length=SYNONYM_MAX_TERM_LENGTH,
        blank=True,
        help_text="Nur bei „Erweiterung in eine Richtung“: der Begriff, den Besucherinnen und Besucher eingeben, "
        "z. B. „Einsamkeit“. Bei gleichwertigen Begriffen bleibt das Feld leer.",
    )
    terms = models.TextField(
        "Begriffe",
        help_text=f"Ein Begriff pro Zeile (Kommas trennen ebenfalls), höchstens {SYNONYM_MAX_TERMS} Begriffe mit "
        f"je bis zu {SYNONYM_MAX_TERM_WORDS} Wörtern. Groß- und Kleinschreibung, Umlaute (ä oder ae) und übliche "
        "Endungen (Dorfladen, Dorfläden) spielen keine Rolle; jedes Wort wird auch als Wortanfang gesucht. Begriffe "
        "aus mehreren Wörtern („betreutes Wohnen“) finden Einträge, die alle Wörter enthalten. Änderungen wirken "
        "sofort bei der nächsten Suche.",
    )
    updated_at = models.DateTimeField("zuletzt geändert am", auto_now=True)

    history = PortalHistory()

    class Meta:
        verbose_name = "Synonym"
        verbose_name_plural = "Synonyme"
        ordering = ["kind", "source", "terms"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SynonymKind.values), name="synonym_kind_valid"),
            models.CheckConstraint(
                condition=(models.Q(kind=SynonymKind.GROUP) & models.Q(source=""))
                | (models.Q(kind=SynonymKind.ONE_WAY) & ~models.Q(source="")),
                name="synonym_source_only_one_way",
            ),
            models.CheckConstraint(condition=~models.Q(terms=""), name="synonym_terms_not_empty"),
        ]

    def __str__(self):
        if self.kind == SynonymKind.ONE_WAY:
            return f"{self.source} → {', '.join(self.term_list())}"
        return " = ".join(self.term_list())

    def term_list(self):
        return synonym_terms(self.terms)

    def expansions(self):
        """(term searched for, terms it also finds) pairs: in a group every term finds all others."""
        terms = self.term_list()
        if self.kind == SynonymKind.ONE_WAY:
            return [(self.source, terms)]
        return [(term, [other for other in terms if other != term]) for term in terms]

    def clean(self):
        errors = {}
        self.source = " ".join(self.source.split())
        terms = self.term_list()
        self.terms = "\n".join(terms)
        if self.kind == SynonymKind.ONE_WAY and not self.source:
            errors["source"] = "Bitte geben Sie den Suchbegriff an, der die Begriffe zusätzlich finden soll."
        elif self.kind == SynonymKind.GROUP and self.source:
            errors["source"] = (
                "Gleichwertige Begriffe haben keinen Suchbegriff: Bitte tragen Sie ihn unter „Begriffe“ ein oder "
                "wählen Sie „Erweiterung in eine Richtung“."
            )
        elif self.source and (problem := self.term_problem(self.source)):
            errors["source"] = problem
        terms_errors = [f"„{term[:80]}“: {problem}" for term in terms if (problem := self.term_problem(term))]
        seen = {synonym_key(self.source): self.source} if self.kind == SynonymKind.ONE_WAY else {}
        for term in terms:
            key = synonym_key(term)
            if key in seen:
                same = "" if seen[key] == term else f" (als „{seen[key]}“)"
                terms_errors.append(f"„{term}“ steht schon in diesem Eintrag{same}.")
            seen.setdefault(key, term)
        minimum = 2 if self.kind == SynonymKind.GROUP else 1
        if len(terms) < minimum:
            terms_errors.append(
                "Bitte geben Sie mindestens zwei gleichwertige Begriffe an."
                if minimum == 2
                else "Bitte geben Sie mindestens einen Begriff an, den der Suchbegriff zusätzlich finden soll."
            )
        if len(terms) > SYNONYM_MAX_TERMS:
            terms_errors.append(
                f"Bitte höchstens {SYNONYM_MAX_TERMS} Begriffe in einem Eintrag ({len(terms)} angegeben); "
                "teilen Sie längere Listen auf mehrere Einträge auf."
            )
        if terms_errors:
            errors["terms"] = terms_errors
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def term_problem(term):
        """Why term cannot be a synonym, or ''."""
        words = synonym_words(term)
        if not words:
            return "Der Begriff enthält keine Buchstaben oder Ziffern."
        if len(term) > SYNONYM_MAX_TERM_LENGTH:
            return f"Bitte höchstens {SYNONYM_MAX_TERM_LENGTH} Zeichen je Begriff."
        if len(words) > SYNONYM_MAX_TERM_WORDS:
            return f"Bitte höchstens {SYNONYM_MAX_TERM_WORDS} Wörter je Begriff."
        return ""


class ContentState(models.Model):
    """One row that database triggers bump whenever public content changes (for ETag and Last-Modified)."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "Inhaltsstand"
        verbose_name_plural = "Inhaltsstand"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="contentstate_single_row")]

    def __str__(self):
        return f"Stand {self.version} vom {self.changed_at:%d.%m.%Y %H:%M}"


class LinkStatus(models.TextChoices):
    OK = "ok", "erreichbar"
    BROKEN = "defekt", "defekt"


class LinkCheck(models.Model):
    """The result of the last check of one external address of one entry."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="Inhaltstyp")
    object_id = models.PositiveBigIntegerField("Eintrag")
    entry = GenericForeignKey("content_type", "object_id")
    field = models.CharField("Feld", max_length=50)
    url = models.URLField("Adresse", max_length=500)
    status = models.CharField("Ergebnis", max_length=10, choices=LinkStatus)
    status_code = models.PositiveSmallIntegerField("HTTP-Status", null=True, blank=True)
    final_url = models.URLField("Ziel nach Weiterleitungen", max_length=500, blank=True)
    error = models.CharField("Fehler", max_length=300, blank=True)
    checked_at = models.DateTimeField("geprüft am")

    class Meta:
        verbose_name = "Linkprüfung"
        verbose_name_plural = "Linkprüfungen"
        ordering = ["-checked_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "field"], name="linkcheck_one_per_link"),
            models.CheckConstraint(condition=models.Q(status__in=LinkStatus.values), name="linkcheck_status_valid"),
        ]

    def __str__(self):
        return self.url

    def field_label(self):
        """The field's label, „Literatur (Link 2)“ for the second link inside a text (see backoffice/linkcheck.py)."""
        name, _dash, number = self.field.rpartition("-") if "-" in self.field else (self.field, "", "")
        model = self.content_type.model_class() if self.content_type_id else None
        try:
            label = str(model._meta.get_field(name).verbose_name) if model else name
        except FieldDoesNotExist:
            label = name
        return f"{label} (Link {number})" if number else label

    def is_broken(self):
        return self.status == LinkStatus.BROKEN


class LinkCheckRun(models.Model):
    """One run of the link check over all entries (`manage.py check_links`), so the start page can say when the
    links were last checked – or that they never were."""

    started_at = models.DateTimeField("begonnen am")
    finished_at = models.DateTimeField("beendet am")
    links = models.PositiveIntegerField("geprüfte Links")
    broken = models.PositiveIntegerField("davon defekt")

    class Meta:
        verbose_name = "Lauf der Linkprüfung"
        verbose_name_plural = "Läufe der Linkprüfung"
        ordering = ["-finished_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(broken__lte=models.F("links")), name="linkcheckrun_broken_le_links"
            ),
        ]

    def __str__(self):
        return f"Linkprüfung vom {timezone.localtime(self.finished_at):%d.%m.%Y %H:%M}"


class EditingPresence(models.Model):
    """Who opened which entry's change form for editing, and when: the form warns the next editor.

    One row per user and entry, refreshed on every opening; rows older than a few minutes mean nothing and are pruned.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="Inhaltstyp")
    object_id = models.CharField("Eintrag (Nummer)", max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name="Benutzer")
    opened_at = models.DateTimeField("geöffnet am", db_index=True)

    class Meta:
        verbose_name = "geöffnetes Bearbeitungsformular"
        verbose_name_plural = "geöffnete Bearbeitungsformulare"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="editingpresence_one_per_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.content_type} {self.object_id}"


class AuditAction(models.TextChoices):
    LOGIN = "anmeldung", "Anmeldung"
    LOGIN_FAILED = "anmeldung-fehlgeschlagen", "Anmeldung fehlgeschlagen"
    PUBLISH = "veroeffentlicht", "veröffentlicht"
    ARCHIVE = "archiviert", "archiviert"
    REVERT = "zurueckgesetzt", "auf frühere Fassung zurückgesetzt"
    IMPORT = "importiert", "importiert"
    SUBMIT = "eingereicht", "zur Freigabe eingereicht"
    APPROVE = "freigegeben", "freigegeben"
    RETURN = "zurueckgegeben", "zurückgegeben"
    ENROLMENT_ISSUED = "einrichtungslink-ausgestellt", "Einrichtungslink ausgestellt"
    ENROLMENT_USED = "einrichtungslink-verwendet", "Einrichtungslink verwendet"
    ENROLMENT_REFUSED = "einrichtungslink-abgelehnt", "Einrichtungslink abgelehnt"


class AuditEvent(models.Model):
    """Who signed in, published, archived, reverted or imported what, and when (also who issued or used a link to set
    up the second factor); written only by the back office.

    The user name is kept as text, so that the record outlives the account; addresses are not kept.
    """

    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now, db_index=True)
    action = models.CharField("Vorgang", max_length=30, choices=AuditAction)
    username = models.CharField(
        "Benutzername",
        max_length=150,
        blank=True,
        help_text="Bei fehlgeschlagenen Anmeldungen nur, wenn es ein Konto dieses Namens gibt.",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="Inhaltstyp"
    )
    object_id = models.CharField("Eintrag (Nummer)", max_length=64, blank=True)
    object_repr = models.CharField("Eintrag", max_length=200, blank=True)
    details = models.TextField("Einzelheiten", blank=True)
    request_id = models.CharField(
        "Anfragenummer", max_length=64, blank=True, help_text="Findet die zugehörigen Zeilen im Server-Log."
    )

    class Meta:
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Protokoll"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=AuditAction.values), name="auditevent_action_valid"),
        ]

    def __str__(self):
        subject = self.object_repr or self.username or "–"
        return f"{self.get_action_display()}: {subject}"


class ApprovalKind(models.TextChoices):
    FIRST = "erstveroeffentlichung", "Erstveröffentlichung"
    CHANGE = "aenderung", "Änderung eines veröffentlichten Eintrags"


class ApprovalState(models.TextChoices):
    PENDING = "wartet", "wartet auf Freigabe"
    APPROVED = "freigegeben", "freigegeben"
    RETURNED = "zurueckgegeben", "zurückgegeben"
    WITHDRAWN = "zurueckgezogen", "zurückgezogen"


class ApprovalRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ApprovalState.PENDING)

    def for_entry(self, entry):
        return self.filter(content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk)


class ApprovalRequest(models.Model):
    """An entry waiting for the four-eyes check of the Freigabe, with who asked, when and why.

    A first publication (kind FIRST) waits as the entry itself, in status „zur Freigabe“. A change by the
    Redaktion to a published entry (kind CHANGE) waits here, as the complete proposed state of the entry in data
    (fields, links, tags, photos; see backoffice/approvals.py), while the public keeps the published version;
    approving applies exactly that state. base_version is the entry's version the change was made on: if the entry
    was saved since, the change cannot be approved as it is.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="Inhaltstyp")
    object_id = models.PositiveBigIntegerField("Eintrag (Nummer)")
    entry = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("Eintrag", max_length=300)
    kind = models.CharField("Art", max_length=30, choices=ApprovalKind)
    state = models.CharField("Stand", max_length=20, choices=ApprovalState, default=ApprovalState.PENDING)
    data = models.JSONField("Vorgeschlagene Fassung", null=True, blank=True, encoder=DjangoJSONEncoder)
    base_version = models.PositiveIntegerField("Bearbeitete Fassung")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="eingereicht von",
    )
    submitted_at = models.DateTimeField("eingereicht am", default=timezone.now)
    note = models.TextField("Anmerkung für die Freigabe", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entschieden von",
    )
    decided_at = models.DateTimeField("entschieden am", null=True, blank=True)
    decision_note = models.TextField("Anmerkung der Freigabe", blank=True)

    objects = ApprovalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "Freigabe"
        verbose_name_plural = "Freigaben"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="approval_entry_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ApprovalKind.values), name="approval_kind_valid"),
            models.CheckConstraint(condition=models.Q(state__in=ApprovalState.values), name="approval_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind=ApprovalKind.CHANGE, data__isnull=True), name="approval_change_has_data"
            ),
            models.CheckConstraint(
                condition=models.Q(state=ApprovalState.PENDING) | models.Q(decided_at__isnull=False),
                name="approval_decided_has_time",
            ),
            # One waiting request per entry: a further change by the Redaktion replaces it.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state=ApprovalState.PENDING),
                name="approval_one_pending_per_entry",
            ),
        ]

    def __str__(self):
        return f"{self.object_repr} ({self.get_kind_display()}, {self.get_state_display()})"

    def is_pending(self):
        return self.state == ApprovalState.PENDING


class EnrolmentLink(models.Model):
    """The one-time link with which a staff account sets up its second factor; only the hash of its token is kept.

    An administrator issues it (werkzeugkoffer/backoffice/two_factor.py); a new link replaces the account's old
    one. It works once, until it expires.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_link", verbose_name="Konto"
    )
    # The token has 256 random bits, so a fast hash suffices (unlike for passwords).
    token_hash = models.CharField("SHA-256 des Schlüssels", max_length=64, unique=True)
    issued_at = models.DateTimeField("ausgestellt am", default=timezone.now)
    expires_at = models.DateTimeField("gültig bis")
    used_at = models.DateTimeField("verwendet am", null=True, blank=True)

    class Meta:
        verbose_name = "Einrichtungslink"
        verbose_name_plural = "Einrichtungslinks"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("issued_at")), name="enrolmentlink_expires_after_issue"
            ),
        ]

    def __str__(self):
        return f"Einrichtungslink für {self.user}"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    def is_expired(self):
        return timezone.now() >= self.expires_at

    def is_used(self):
        return self.used_at is not None


class ImportState(models.TextChoices):
    WAITING_CHECK = "wartet-pruefung", "wartet auf Prüfung"
    CHECKING = "pruefung", "wird geprüft"
    CHECKED = "geprueft", "geprüft, wartet auf Bestätigung"
    REFUSED = "abgelehnt", "abgelehnt"
    WAITING_IMPORT = "wartet-import", "wartet auf Übernahme"
    IMPORTING = "import", "wird übernommen"
    DONE = "fertig", "übernommen"
    DISCARDED = "verworfen", "verworfen"
    FAILED = "fehler", "abgebrochen (Fehler)"


class ImportJob(models.Model):
    """One uploaded import file on its way through the task worker: checked first (a dry run), then applied
    once the editor who uploaded it confirms (werkzeugkoffer/backoffice/imports.py).

    The file is kept in the database only until the job is finished, refused or discarded.
    """

    FINISHED = (ImportState.REFUSED, ImportState.DONE, ImportState.DISCARDED, ImportState.FAILED)
    RUNNING = (ImportState.WAITING_CHECK, ImportState.CHECKING, ImportState.WAITING_IMPORT, ImportState.IMPORTING)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="Inhaltstyp")
    resource = models.CharField("Importregeln", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="hochgeladen von"
    )
    file_name = models.CharField("Dateiname", max_length=255)
    file_format = models.CharField("Format", max_length=10)
    data = models.BinaryField("Datei", editable=False)
    state = models.CharField("Stand", max_length=20, choices=ImportState, default=ImportState.WAITING_CHECK)
    total_rows = models.PositiveIntegerField("Zeilen")
    processed_rows = models.PositiveIntegerField("bearbeitete Zeilen", default=0)
    summary = models.JSONField("Ergebnis", default=dict, blank=True)
    created_at = models.DateTimeField("hochgeladen am", default=timezone.now)
    queued_at = models.DateTimeField("zuletzt beauftragt am", default=timezone.now)
    started_at = models.DateTimeField("begonnen am", null=True, blank=True)
    progress_at = models.DateTimeField("zuletzt vorangekommen am", null=True, blank=True)
    finished_at = models.DateTimeField("beendet am", null=True, blank=True)

    class Meta:
        verbose_name = "Import"
        verbose_name_plural = "Importe"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=ImportState.values), name="importjob_state_valid"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_finished(self):
        return self.state in self.FINISHED

    @property
    def percent_done(self):
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0


class SearchPlace(models.TextChoices):
    """Where a search was made: a catalogue list, the search over everything, or a list of the API."""

    PRACTICE_EXAMPLES = "praxisbeispiele", "Praxisbeispiele"
    FUNDING = "foerderprogramme", "Förderprogramme"
    CONTACTS = "beratung", "Beratung"
    GUIDANCE = "handlungsempfehlungen", "Handlungsempfehlungen"
    EVERYTHING = "suche", "Suche über alle Inhalte"
    API_PRACTICE_EXAMPLES = "api-praxisbeispiele", "API: Praxisbeispiele"
    API_FUNDING = "api-foerderprogramme", "API: Förderprogramme"
    API_CONTACTS = "api-beratung", "API: Beratung"
    API_GUIDANCE = "api-handlungsempfehlungen", "API: Handlungsempfehlungen"

    def search_url(self, text):
        """The public page that runs this search again; a list of the API has its list page for people."""
        name = SEARCH_PLACE_URL_NAMES[self.value.removeprefix("api-")]
        return f"{reverse(name)}?{urlencode({'q': text})}"


SEARCH_PLACE_URL_NAMES = {
    SearchPlace.PRACTICE_EXAMPLES: "projects:list",
    SearchPlace.FUNDING: "funding:list",
    SearchPlace.CONTACTS: "contacts:list",
    SearchPlace.GUIDANCE: "guidance:list",
    SearchPlace.EVERYTHING: "search",
}
# A query's text is stored only once it found nothing this often on one day in one place: a single person's
# search, which may name that person, never appears. The digest alone cannot be read back.
QUERY_LOG_TEXT_THRESHOLD = 3
# Days after which the counts are deleted (manage.py prune_query_log), as the privacy statement says.
QUERY_LOG_RETENTION_DAYS = 90
QUERY_LOG_TEXT_LENGTH = 100


class ZeroResultQueryQuerySet(models.QuerySet):
    def _cursor(self):
        # Written on the primary, also in public GET requests, which otherwise read from a replica.
        from django.db import connections

        return connections[router.db_for_write(self.model)].cursor()

    def add_search(self, day, place, digest):
        """Count one search without results, in one atomic statement that no concurrent search can lose;
        returns (id, searches counted for this query on day in place, whether its text is stored)."""
        table = self.model._meta.db_table
        with self._cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} AS entry (day, place, digest, searches, text) VALUES (%s, %s, %s, 1, '')
                ON CONFLICT (day, place, digest) DO UPDATE SET searches = entry.searches + 1
                RETURNING id, searches, text <> ''
                """,
                [day, place, digest],
            )
            return cursor.fetchone()

    def store_text(self, pk, text):
        """Store the text of a query that reached the threshold (once; a concurrent search may do it as well)."""
        return self.using(router.db_for_write(self.model)).filter(pk=pk, text="").update(text=text)

    def fold_rare(self, before):
        """Sum the queries of each day before `before` whose text was never stored into one row per day and place,
        without a digest; returns how many rows were folded. The totals per day stay as they were."""
        table = self.model._meta.db_table
        with self._cursor() as cursor:
            cursor.execute(
                f"""
                WITH folded AS (
                    DELETE FROM {table} WHERE day < %s AND text = '' AND digest <> ''
                    RETURNING day, place, searches
                ), merged AS (
                    INSERT INTO {table} AS entry (day, place, digest, searches, text)
                    SELECT day, place, '', sum(searches), '' FROM folded GROUP BY day, place
                    ON CONFLICT (day, place, digest) DO UPDATE SET searches = entry.searches + excluded.searches
                )
                SELECT count(*) FROM folded
                """,
                [before],
            )
            return cursor.fetchone()[0]

    def with_text(self):
        return self.exclude(text="")

    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)


class ZeroResultQuery(models.Model):
    """How often one search found nothing on one day in one place (werkzeugkoffer/catalogue/query_log.py).

    Nothing about the person is kept: no address, no browser, no time of day. The query is known by a digest keyed
    with the day, and its text is stored only once the same query reached QUERY_LOG_TEXT_THRESHOLD that day.
    """

    day = models.DateField("Tag")
    place = models.CharField("gesucht in", max_length=30, choices=SearchPlace)
    digest = models.CharField(
        "Prüfsumme",
        max_length=64,
        blank=True,
        help_text="HMAC-SHA256 des Suchbegriffs mit einem Schlüssel, der jeden Tag ein anderer ist. Leer in der Zeile, "
        "die die seltenen Suchbegriffe eines vergangenen Tages zusammen zählt.",
    )
    searches = models.PositiveIntegerField("Anzahl", default=1)
    text = models.CharField(
        "Suchbegriff",
        max_length=QUERY_LOG_TEXT_LENGTH,
        blank=True,
        help_text=f"Erst gespeichert, wenn derselbe Suchbegriff an diesem Tag an dieser Stelle mindestens "
        f"{QUERY_LOG_TEXT_THRESHOLD}-mal nichts gefunden hat; in Kleinbuchstaben.",
    )

    objects = ZeroResultQueryQuerySet.as_manager()

    class Meta:
        verbose_name = "Suchanfrage ohne Treffer"
        verbose_name_plural = "Suchanfragen ohne Treffer"
        ordering = ["-day", "-searches", "text"]
        constraints = [
            # The conflict target of add_search; its first column also serves the dashboard's ranges of days.
            models.UniqueConstraint(fields=["day", "place", "digest"], name="zeroresultquery_one_per_query"),
            models.CheckConstraint(
                condition=models.Q(place__in=SearchPlace.values), name="zeroresultquery_place_valid"
            ),
            models.CheckConstraint(condition=models.Q(searches__gte=1), name="zeroresultquery_searches_positive"),
            models.CheckConstraint(
                condition=models.Q(text="") | ~models.Q(digest=""), name="zeroresultquery_folded_without_text"
            ),
        ]

    def __str__(self):
        return f"{self.text or '(seltene Suchbegriffe)'} – {self.get_place_display()}, {self.day:%d.%m.%Y}"


@receiver(post_save)
def split_compounds_of_loaded_entries(sender, instance, raw=False, **kwargs):
    """Fixtures (loaddata) save entries raw, without save(): their compounds are split here (see
    Publishable.refresh_search_parts); the update lets the trigger put the parts into the search document."""
    if raw and isinstance(instance, Publishable) and instance.search_sources():
        instance.refresh_search_parts()
        sender.objects.filter(pk=instance.pk).update(search_parts=instance.search_parts)
