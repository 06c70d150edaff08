"""Shared taxonomies and the publication machinery of all three catalogues."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.forms import CheckboxSelectMultiple, MultipleChoiceField


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
