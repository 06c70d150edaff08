"""Shared taxonomies and the publication machinery of all three catalogues."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.forms import CheckboxSelectMultiple, MultipleChoiceField
from django.urls import reverse


class PublicationStatus(models.TextChoices):
    DRAFT = "entwurf", "Entwurf"
    PUBLISHED = "veroeffentlicht", "veröffentlicht"
    ARCHIVED = "archiviert", "archiviert"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publishable(models.Model):
    """Status and timestamps that every public entry carries."""

    status = models.CharField(
        "Status",
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text="Nur veröffentlichte Einträge sind öffentlich sichtbar. "
        "Archivierte Einträge bleiben für die Redaktion erhalten.",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("zuletzt geändert am", auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


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
    return models.GeneratedField(
        expression=models.expressions.RawSQL(" || ".join(parts), []),
        output_field=SearchVectorField(),
        db_persist=True,
    )


def search_text_field(fields):
    """A stored, generated, accent-folded lower-case text for trigram (typo-tolerant) matching."""
    return models.GeneratedField(
        expression=models.expressions.RawSQL(f"wk_fold({_coalesced(fields)})", []),
        output_field=models.TextField(),
        db_persist=True,
    )


class RegionKind(models.TextChoices):
    STATE = "land", "Bundesland"
    DISTRICT = "landkreis", "Landkreis"
    CITY = "kreisfreie-stadt", "kreisfreie Stadt"


class RegionQuerySet(models.QuerySet):
    def states(self):
        return self.filter(kind=RegionKind.STATE)

    def districts(self):
        return self.exclude(kind=RegionKind.STATE)


class Region(models.Model):
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


class Taxonomy(models.Model):
    """A controlled term that editors attach to entries."""

    name = models.CharField("Bezeichnung", max_length=100, unique=True)
    slug = models.SlugField("Kurzname für Adressen", max_length=100, unique=True)
    description = models.TextField("Beschreibung", blank=True)
    position = models.PositiveSmallIntegerField(
        "Reihenfolge", default=0, help_text="Kleinere Zahlen stehen in Listen weiter oben."
    )

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


class Page(models.Model):
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
    updated_at = models.DateTimeField("zuletzt geändert am", auto_now=True)

    class Meta:
        verbose_name = "Seite"
        verbose_name_plural = "Seiten"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.slug)


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
