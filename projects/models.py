import io
import os
import warnings

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from PIL import Image, ImageOps
from taggit.managers import TaggableManager

from places.locating import public_note
from places.models import Nearness, point_constraints, point_fields
from places.resolver import PlaceKind
from werkzeugkoffer.backoffice.history import EntryHistory
from werkzeugkoffer.models import (
    DERIVED_FIELDS,
    FieldOfAction,
    Publishable,
    PublishableQuerySet,
    Region,
    TargetGroup,
    search_text_field,
    search_vector_field,
)


class AreaType(models.TextChoices):
    """The kind of place by the inhabitants of the whole municipality (the BBSR's types), or a district of a city."""

    VILLAGE = "dorf", "Dorf / ländlicher Raum"
    SMALL_TOWN = "kleinstadt", "Kleinstadt"
    MEDIUM_TOWN = "mittelstadt", "Mittelstadt"
    CITY = "grossstadt-gesamt", "Großstadt"
    # The value predates CITY; it stays, so that bookmarked filter addresses keep their meaning.
    CITY_DISTRICT = "grossstadt", "Stadtteil einer Großstadt"


class Continuation(models.TextChoices):
    """Verstetigung of a whole project as a traffic light (the Krefeld workshop rated single activities this way)."""

    GREEN = "gruen", "grün – wird dauerhaft fortgeführt"
    YELLOW = "gelb", "gelb – Fortführung teilweise gesichert"
    RED = "rot", "rot – Fortführung offen"


RUNNING_LABELS = {True: "läuft noch", False: "abgeschlossen", None: "Laufzeit unbekannt"}


class PracticeExampleQuerySet(PublishableQuerySet):
    def running(self):
        return self.filter(is_running=True)

    def in_state(self, state):
        return self.filter(state=state)


class PracticeExample(Publishable):
    title = models.CharField("Titel", max_length=250)
    slug = models.SlugField("Kurzname für Adressen", max_length=120, unique=True)
    teaser = models.TextField("Kurzbeschreibung", help_text="Zwei bis drei Sätze für Trefferlisten und Vorschauen.")
    motto = models.CharField("Leitsatz", max_length=250, blank=True)
    goals = models.TextField("Ziele", blank=True)
    implementation = models.TextField(
        "Umsetzung", blank=True, help_text="Was wurde wie umgesetzt? Angebote, Orte, Schritte."
    )
    special_feature = models.TextField("Besonderheit", blank=True)
    financing = models.TextField("Finanzierung", blank=True, help_text="Wie das Projekt finanziert wird, in Worten.")
    results = models.TextField("Ergebnisse und Erfahrungen", blank=True)

    operator_name = models.CharField(
        "Träger", max_length=250, blank=True, help_text="Leer lassen, wenn die Quelle keinen Träger nennt."
    )
    operator_street = models.CharField("Straße und Hausnummer des Trägers", max_length=200, blank=True)
    operator_postcode = models.CharField("PLZ des Trägers", max_length=5, blank=True)
    operator_town = models.CharField("Ort des Trägers", max_length=100, blank=True)
    operator_website = models.URLField("Website des Trägers", blank=True)
    operator_latitude, operator_longitude, operator_ags, operator_location_source = point_fields(
        "Träger", "Leer lassen: wird aus Postleitzahl und Ort des Trägers ermittelt."
    )

    place = models.CharField(
        "Ort des Projekts", max_length=200, help_text="Ort und gegebenenfalls Stadtteil oder Quartier."
    )
    state = models.ForeignKey(
        Region,
        verbose_name="Bundesland",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "land"},
    )
    district = models.ForeignKey(
        Region,
        verbose_name="Landkreis / kreisfreie Stadt",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Bisher nur für Rheinland-Pfalz gepflegt.",
    )
    # Where the project is, for distances and the map: its place's centre unless an editor set it.
    latitude, longitude, ags, location_source = point_fields(
        "Projektort",
        "Leer lassen: wird aus dem Ort des Projekts ermittelt. Nur ausfüllen, um den Punkt zu korrigieren.",
    )
    area_type = models.CharField(
        "Raumtyp",
        max_length=20,
        choices=AreaType,
        blank=True,
        help_text="Nach den Einwohnern der ganzen Gemeinde: Dorf / ländlicher Raum unter 5 000, Kleinstadt 5 000 bis "
        "unter 20 000, Mittelstadt 20 000 bis unter 100 000, Großstadt ab 100 000; „Stadtteil einer Großstadt“, wenn "
        "das Projekt nur einen Stadtteil umfasst. Leer lassen, wenn die Quelle die Größe nicht nennt.",
    )
    inhabitants = models.PositiveIntegerField(
        "Quartiersgröße (Einwohner)", null=True, blank=True, help_text="Einwohnerzahl des Quartiers."
    )
    running_since = models.PositiveSmallIntegerField("läuft seit (Jahr)", null=True, blank=True)
    running_until = models.PositiveSmallIntegerField(
        "beendet (Jahr)", null=True, blank=True, help_text="Nur ausfüllen, wenn das Projekt abgeschlossen ist."
    )
    is_running = models.BooleanField(
        "läuft noch",
        null=True,
        blank=True,
        default=None,
        help_text="„Ja“ nur, wenn eine Quelle sagt, dass das Projekt noch läuft; „Nein“, wenn es abgeschlossen ist; "
        "sonst „Unbekannt“ – öffentlich steht dann „Laufzeit unbekannt“.",
    )
    partners = models.TextField("Kooperationspartner", blank=True, help_text="Ein Partner pro Zeile.")
    staffing = models.CharField("Personal Quartiersmanagement", max_length=300, blank=True)
    continuation = models.CharField(
        "Verstetigung",
        max_length=10,
        choices=Continuation,
        blank=True,
        help_text="Ampel zur Fortführung des ganzen Projekts nach der Förderphase – nur, wenn eine Quelle sie so "
        "bewertet.",
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name="Handlungsfelder", related_name="practice_examples"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="Zielgruppen", related_name="practice_examples", blank=True
    )
    tags = TaggableManager("Schlagworte", blank=True, help_text="Freie Schlagworte, durch Komma getrennt.")
    funding_programmes = models.ManyToManyField(
        "funding.FundingProgramme",
        verbose_name="finanziert durch",
        related_name="practice_examples",
        blank=True,
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name="Ansprechpartner", related_name="practice_examples", blank=True
    )

    # Kept current by database triggers (see the search migration): names of
    # tags, taxonomies and regions for the search, and ids for the facets.
    search_document = models.TextField(editable=False, default="")
    # The later parts of its compounds, for the search document (see werkzeugkoffer/catalogue/compounds.py).
    search_parts = models.TextField(editable=False, default="")
    facet_fields = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_groups = ArrayField(models.IntegerField(), editable=False, default=list)
    facet_tags = ArrayField(models.IntegerField(), editable=False, default=list)
    search_vector = search_vector_field(
        a=["title"],
        b=["teaser", "motto", "operator_name", "place"],
        c=["goals", "implementation", "special_feature", "financing", "results", "partners", "search_document"],
    )
    search_text = search_text_field(["title", "place", "operator_name"])

    objects = PracticeExampleQuerySet.as_manager()
    # Words that say what every entry here is: in a search they rank, but never exclude (see catalogue.listing).
    catalogue_words = "Projekt Beispiel Praxisbeispiel Erfahrungen Erfahrungsbericht"

    @classmethod
    def place_tiers(cls, place):
        """(Nearness, condition) pairs, in list order, for a place in the place field (see catalogue/nearby.py):
        in its Kreis (or its Land, for a Land); near it; in its Land without a known place within it."""
        if place.kind == PlaceKind.LAND:
            return [(Nearness.LAND, models.Q(state=place.land_region) | models.Q(ags__startswith=place.land_ags))]
        tiers = [(Nearness.KREIS, models.Q(ags__startswith=place.kreis_ags))]
        if place.kreis_region:
            tiers[0] = (Nearness.KREIS, tiers[0][1] | models.Q(district=place.kreis_region))
        if place.is_point:
            tiers.append((Nearness.NEAR, place.near()))
        if place.land_region:
            unplaced = models.Q(state=place.land_region, district__isnull=True, latitude__isnull=True)
            tiers.append((Nearness.IN_LAND, unplaced))
        return tiers

    @classmethod
    def place_conditions(cls, region_ids):
        """(examples in one of the regions, None: no example is everywhere):
        how a place named in a search matches (see werkzeugkoffer.catalogue.places)."""
        return models.Q(state_id__in=region_ids) | models.Q(district_id__in=region_ids), None

    history = EntryHistory(
        excluded_fields=[*DERIVED_FIELDS, "facet_fields", "facet_groups"],
        m2m_fields=["fields_of_action", "target_groups", "funding_programmes", "contacts"],
        image_relation="images",
    )

    rich_text_fields = ("goals", "implementation", "special_feature", "financing", "results")
    url_fields = ("operator_website",)

    class Meta(Publishable.Meta):
        verbose_name = "Praxisbeispiel"
        verbose_name_plural = "Praxisbeispiele"
        ordering = ["title"]
        permissions = [("publish_practiceexample", "Praxisbeispiele freigeben, archivieren und zurücksetzen")]
        indexes = [
            # The newest passed „veröffentlichen ab“ time is part of the HTTP cache key.
            models.Index(
                fields=["publish_at"], name="practiceexample_publish_at", condition=models.Q(publish_at__isnull=False)
            ),
            # „in the Kreis“ of the place field (catalogue/nearby.py) is a prefix of the Gemeindeschlüssel.
            models.Index(fields=["ags"], name="practiceexample_ags", opclasses=["text_pattern_ops"]),
            models.Index(
                fields=["latitude", "longitude"],
                name="practiceexample_point",
                condition=models.Q(latitude__isnull=False),
            ),
            GinIndex(fields=["search_vector"], name="practiceexample_search"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="practiceexample_trigram"),
            GinIndex(fields=["facet_fields"], name="practiceexample_fields"),
            GinIndex(fields=["facet_groups"], name="practiceexample_groups"),
            GinIndex(fields=["facet_tags"], name="practiceexample_tags"),
            models.Index(fields=["status", "state"], name="practiceexample_state"),
            models.Index(fields=["status", "-created_at"], name="practiceexample_newest"),
            models.Index(fields=["status", "title", "id"], name="practiceexample_title"),
        ]
        constraints = [
            *point_constraints("", "practiceexample"),
            *point_constraints("operator_", "practiceexample"),
            *Publishable.Meta.constraints,
            # …/karte/ is the map of the list: an entry of that name could never be reached.
            models.CheckConstraint(
                condition=~models.Q(slug="karte"),
                name="practiceexample_slug_not_karte",
                violation_error_message="Der Kurzname „karte“ ist für die Karte der Praxisbeispiele vergeben. "
                "Bitte wählen Sie einen anderen.",
            ),
            models.CheckConstraint(
                condition=models.Q(running_since__isnull=True) | models.Q(running_since__range=(1900, 2100)),
                name="practiceexample_running_since_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(running_until__isnull=True)
                | models.Q(running_since__isnull=True)
                | models.Q(running_until__gte=models.F("running_since")),
                name="practiceexample_ends_after_start",
            ),
            # Also refuses „unbekannt“ (NULL) beside an end year, which a plain is_running=False would let pass.
            models.CheckConstraint(
                condition=models.Q(running_until__isnull=True) | models.Q(is_running=False, is_running__isnull=False),
                name="practiceexample_ended_is_not_running",
            ),
            models.CheckConstraint(
                condition=models.Q(area_type__in=[*AreaType.values, ""]),
                name="practiceexample_area_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(continuation__in=[*Continuation.values, ""]),
                name="practiceexample_continuation_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.district_id and self.state_id and self.district.parent_id != self.state_id:
            raise ValidationError(
                {"district": "Der Landkreis bzw. die kreisfreie Stadt liegt nicht im gewählten Bundesland."}
            )

    def running_label(self):
        """„läuft noch“, „abgeschlossen“ or, when no source says which, „Laufzeit unbekannt“."""
        return RUNNING_LABELS[self.is_running]

    def period_label(self):
        """The years and the state, e.g. „2014 bis 2017 – abgeschlossen“ or „Beginn 2007 – Laufzeit unbekannt“."""
        since, until = self.running_since, self.running_until
        if since and until:
            years = f"{since} bis {until}"
        elif since:
            years = f"seit {since}" if self.is_running else f"Beginn {since}"
        elif until:
            years = f"bis {until}"
        else:
            return self.running_label()
        return f"{years} – {self.running_label()}"

    def partner_list(self):
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def location_note(self):
        """Beside the project's place on the page: what its point on the map and in distances is."""
        return public_note(self.location_source, "dem genauen Standort des Projekts")

    def operator_location_note(self):
        return public_note(self.operator_location_source)

    def operator_address(self):
        town = " ".join(part for part in (self.operator_postcode, self.operator_town) if part)
        return ", ".join(part for part in (self.operator_street, town) if part)


MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
RENDITION_WIDTHS = {"small": 480, "large": 960}
# Judged from the file's header before any pixel is decoded: 40 megapixels take 120 MB as RGB in memory.
MAX_IMAGE_PIXELS = 40_000_000


def validate_image(upload):
    """Only JPEG, PNG and WebP up to 5 MB, judged by the file's content and not only by its name."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError("Das Bild ist zu groß: höchstens 5 MB sind erlaubt.", code="too_large")
    declared = getattr(upload, "content_type", None)
    position = upload.tell() if hasattr(upload, "tell") else 0
    too_large = ValidationError(
        f"Das Bild hat zu viele Bildpunkte: höchstens {MAX_IMAGE_PIXELS // 1_000_000} Megapixel sind erlaubt. "
        "Bitte verkleinern Sie es, zum Beispiel auf 4000 × 3000 Pixel.",
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own guard against decompression bombs, as an error rather than a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                actual = image.format
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except Exception:
        raise ValidationError("Die Datei ist kein lesbares Bild.", code="invalid_image") from None
    finally:
        upload.seek(position)
    if width * height > MAX_IMAGE_PIXELS:
        raise too_large
    if actual not in IMAGE_FORMATS or (declared and declared != IMAGE_FORMATS[actual]):
        raise ValidationError("Erlaubt sind nur Bilder im Format JPEG, PNG oder WebP.", code="invalid_type")


class PracticeExampleImage(models.Model):
    """A photo of a practice example, with alt text, credit and web-sized renditions.

    Its files stay in storage when the photo is removed or replaced: the entry's history names them, and
    reverting to an earlier version brings the photo back.
    """

    example = models.ForeignKey(
        PracticeExample, verbose_name="Praxisbeispiel", on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        "Bild",
        upload_to="praxisbeispiele/",
        validators=[validate_image],
        help_text="JPEG, PNG oder WebP, höchstens 5 MB. Für die Website werden kleinere Fassungen erzeugt.",
    )
    alt_text = models.CharField(
        "Alternativtext",
        max_length=250,
        help_text="Beschreibt in einem Satz, was auf dem Bild zu sehen ist – für Menschen, die es nicht sehen.",
    )
    caption = models.CharField("Bildunterschrift", max_length=250, blank=True)
    credit = models.CharField("Bildnachweis", max_length=200, help_text="z. B. „Foto: Stadt Mainz“.")
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    rendition_small = models.ImageField(upload_to="praxisbeispiele/klein/", editable=False, blank=True)
    rendition_large = models.ImageField(upload_to="praxisbeispiele/gross/", editable=False, blank=True)

    class Meta:
        verbose_name = "Bild"
        verbose_name_plural = "Bilder"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="practiceexampleimage_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text

    def create_renditions(self):
        """Store WebP copies 480 and 960 pixels wide (never enlarged) for srcset."""
        self.image.seek(0)
        with Image.open(self.image) as original:
            # JPEG decodes straight at a reduced scale; then one bitmap shrinks in place, largest rendition first,
            # so that the full-size picture is never held twice.
            original.draft("RGB", (max(RENDITION_WIDTHS.values()), max(RENDITION_WIDTHS.values()) * 4))
            picture = ImageOps.exif_transpose(original)
        stem = os.path.splitext(os.path.basename(self.image.name))[0]
        for size, width in sorted(RENDITION_WIDTHS.items(), key=lambda item: -item[1]):
            picture.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            picture.convert("RGB").save(buffer, "WEBP", quality=80)
            getattr(self, f"rendition_{size}").save(f"{stem}-{width}.webp", ContentFile(buffer.getvalue()), save=False)
