from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from places.locating import public_note
from places.models import Nearness, point_constraints, point_fields, responsibility_tiers
from werkzeugkoffer.backoffice.history import EntryHistory
from werkzeugkoffer.models import (
    DERIVED_FIELDS,
    FieldOfAction,
    Publishable,
    PublishableQuerySet,
    Region,
    search_text_field,
    search_vector_field,
)


class ContactKind(models.TextChoices):
    STATE_ADVICE = "landesberatungsstelle", "Landesberatungsstelle"
    STATE_COORDINATION = "landeskoordinierung", "Landeskoordinierungsstelle"
    MINISTRY = "ministerium", "Ministerium / Landesbehörde"
    MUNICIPAL = "kommunale-stelle", "kommunale Stelle"
    CARE_SUPPORT = "pflegestuetzpunkt", "Pflegestützpunkt"
    WELFARE = "wohlfahrtsverband", "Wohlfahrtsverband"
    OPERATOR = "traeger", "Träger eines Praxisbeispiels"
    NETWORK = "netzwerk", "Netzwerk / Fachverband"


class Accessibility(models.TextChoices):
    YES = "ja", "barrierefrei zugänglich"
    PARTLY = "teilweise", "teilweise barrierefrei"
    NO = "nein", "nicht barrierefrei"
    UNKNOWN = "unbekannt", "keine Angabe"


class ContactQuerySet(PublishableQuerySet):
    def serving(self, region):
        """Contacts responsible for region: directly, through its Land, or nationwide."""
        regions = [region.pk] + ([region.parent_id] if region.parent_id else [])
        return self.filter(models.Q(nationwide=True) | models.Q(regions__in=regions)).distinct()


class Contact(Publishable):
    name = models.CharField(
        "Name der Beratungsstelle", max_length=250, help_text="So, wie Ratsuchende die Stelle finden."
    )
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    organisation = models.CharField("Organisation", max_length=250, blank=True)
    kind = models.CharField("Art der Stelle", max_length=30, choices=ContactKind)
    description = models.TextField("Beschreibung", help_text="Wobei die Stelle hilft, in zwei bis vier Sätzen.")
    person_name = models.CharField("Ansprechperson", max_length=200, blank=True)
    person_role = models.CharField("Funktion der Ansprechperson", max_length=200, blank=True)
    topics = models.ManyToManyField(FieldOfAction, verbose_name="Themen", related_name="contacts", blank=True)
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    nationwide = models.BooleanField("bundesweit zuständig", default=False)
    regions = models.ManyToManyField(
        Region,
        verbose_name="Zuständigkeit",
        related_name="contacts",
        blank=True,
        help_text="Regionen, für die die Stelle berät. Ein Bundesland gilt für alle seine Kreise.",
    )
    street = models.CharField("Straße und Hausnummer", max_length=200, blank=True)
    postcode = models.CharField("PLZ", max_length=5, blank=True)
    town = models.CharField("Ort", max_length=100, blank=True)
    # Where the service is, for distances and the map: the centre of its postcode's place unless an editor set it.
    latitude, longitude, ags, location_source = point_fields(
        "Adresse", "Leer lassen: wird aus Postleitzahl und Ort ermittelt. Nur ausfüllen, um den Punkt zu korrigieren."
    )
    phone = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    website = models.URLField("Website", blank=True)
    opening_hours = models.TextField("Sprechzeiten", blank=True)
    accessibility = models.CharField(
        "Barrierefreiheit der Räume", max_length=20, choices=Accessibility, default=Accessibility.UNKNOWN
    )
    accessibility_note = models.CharField("Hinweis zur Barrierefreiheit", max_length=300, blank=True)
    languages = models.CharField(
        "Beratungssprachen", max_length=200, default="Deutsch", help_text="Durch Komma getrennt."
    )

    # Kept current by database triggers (see the search migration).
    search_document = models.TextField(editable=False, default="")
    # The later parts of its compounds, for the search document (see werkzeugkoffer/catalogue/compounds.py).
    search_parts = models.TextField(editable=False, default="")
    facet_topics = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_tags = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_regions = ArrayField(
        models.IntegerField(), editable=False, default=list, help_text="Regionen, für die die Stelle zuständig ist."
    )
    search_vector = search_vector_field(
        a=["name"],
        b=["organisation", "description", "person_name"],
        c=["town", "opening_hours", "person_role", "search_document"],
    )
    search_text = search_text_field(["name", "organisation", "town"])

    objects = ContactQuerySet.as_manager()
    # Words that say what every entry here is: in a search they rank, but never exclude (see catalogue.listing).
    catalogue_words = (
        "Beratung Beratungsstelle Berater Beraterin Ansprechpartner Ansprechpartnerin Ansprechpartnerinnen "
        "Ansprechperson Kontakt Anlaufstelle"
    )

    @staticmethod
    def place_rank():
        """Within one tier of the place field: advice services before the Träger of practice examples."""
        return models.Case(
            models.When(kind=ContactKind.OPERATOR, then=1), default=0, output_field=models.IntegerField()
        )

    @classmethod
    def place_tiers(cls, place):
        """(Nearness, condition) pairs, in list order, for a place in the place field (see catalogue/nearby.py):
        responsible for its Kreis, its Land, all of Germany; near it; responsibility and place not stated."""
        tiers = responsibility_tiers(cls._meta.get_field("regions"), place)
        tiers.append((Nearness.NEAR, place.near()))
        tiers.append((Nearness.UNKNOWN, models.Q(facet_regions=[], nationwide=False, latitude__isnull=True)))
        return tiers

    @classmethod
    def place_conditions(cls, region_ids):
        """(services responsible for one of the regions, services responsible everywhere):
        how a place named in a search matches (see werkzeugkoffer.catalogue.places)."""
        return models.Q(facet_regions__overlap=region_ids, nationwide=False), models.Q(nationwide=True)

    history = EntryHistory(
        excluded_fields=[*DERIVED_FIELDS, "facet_topics", "facet_regions"], m2m_fields=["topics", "regions"]
    )

    url_fields = ("website",)

    class Meta(Publishable.Meta):
        verbose_name = "Beratungsstelle"
        verbose_name_plural = "Beratungsstellen"
        ordering = ["name"]
        permissions = [("publish_contact", "Beratungsstellen freigeben, archivieren und zurücksetzen")]
        indexes = [
            # The newest passed „veröffentlichen ab“ time is part of the HTTP cache key.
            models.Index(
                fields=["publish_at"], name="contact_publish_at", condition=models.Q(publish_at__isnull=False)
            ),
            # „in the Kreis“ of the place field (catalogue/nearby.py) is a prefix of the Gemeindeschlüssel.
            models.Index(fields=["ags"], name="contact_ags", opclasses=["text_pattern_ops"]),
            models.Index(
                fields=["latitude", "longitude"], name="contact_point", condition=models.Q(latitude__isnull=False)
            ),
            GinIndex(fields=["search_vector"], name="contact_search"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="contact_trigram"),
            GinIndex(fields=["facet_topics"], name="contact_topics"),
            GinIndex(fields=["facet_tags"], name="contact_tags"),
            GinIndex(fields=["facet_regions"], name="contact_regions"),
            models.Index(fields=["status", "-created_at"], name="contact_newest"),
            models.Index(fields=["status", "name", "id"], name="contact_name"),
        ]
        constraints = [
            *point_constraints("", "contact"),
            *Publishable.Meta.constraints,
            # …/karte/ is the map of the list: an entry of that name could never be reached.
            models.CheckConstraint(
                condition=~models.Q(slug="karte"),
                name="contact_slug_not_karte",
                violation_error_message="Der Kurzname „karte“ ist für die Karte der Beratungsstellen vergeben. "
                "Bitte wählen Sie einen anderen.",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=ContactKind.values), name="contact_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(accessibility__in=Accessibility.values), name="contact_accessibility_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(postcode="") | models.Q(postcode__regex=r"^[0-9]{5}$"),
                name="contact_postcode_five_digits",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:detail", args=[self.slug])

    def address_lines(self):
        town = " ".join(part for part in (self.postcode, self.town) if part)
        return [line for line in (self.street, town) if line]

    def location_note(self):
        """Beside the address on the page: what its point on the map and in distances is."""
        return public_note(self.location_source)

    def language_list(self):
        return [language.strip() for language in self.languages.split(",") if language.strip()]
