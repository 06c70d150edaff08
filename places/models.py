"""The official places of Germany: Länder, Kreise, Gemeindeverbände, Gemeinden and postcodes.

Loaded by `manage.py load_places` from package data (see README, Place data); never edited by hand. The keys are
the official ones: the Amtlicher Gemeindeschlüssel (AGS) of Land (2 digits), Kreis (5) and Gemeinde (8), and the
Amtlicher Regionalschlüssel (ARS, 12 digits; its first 9 name the Gemeindeverband). Points are plain latitude and
longitude (WGS84): a point on the Gemeinde's surface, or the GeoNames point of a postcode's place. Länder and Kreise
also keep a simplified outline for the maps (places/maps.py), no exact border.
"""

from django.db import models
from django.db.models.expressions import RawSQL

# Names as the resolver compares them: lower case, accents and umlauts folded (wk_fold, see catalogue/search.py).
FOLDED_NAME = RawSQL("wk_fold(name)", [])


def folded_name_field():
    return models.GeneratedField(
        expression=FOLDED_NAME, output_field=models.TextField(), db_persist=True, editable=False
    )


def outline_field(map_name):
    return models.JSONField(
        "Umriss",
        null=True,
        blank=True,
        editable=False,
        help_text=f"Vereinfachte Grenze für die {map_name}: je Teilfläche Ringe aus Punkten [Länge, Breite].",
    )


def digits(field, length):
    """A condition that the field holds exactly `length` digits."""
    return models.Q(**{f"{field}__regex": rf"^[0-9]{{{length}}}$"})


class Land(models.Model):
    ags = models.CharField("Amtlicher Gemeindeschlüssel", max_length=2, unique=True)
    name = models.CharField("Name", max_length=100)
    kind = models.CharField("Bezeichnung", max_length=50, help_text="z. B. Land, Freistaat")
    nuts = models.CharField("NUTS-Code", max_length=5, blank=True)
    outline = outline_field("Deutschlandkarte")
    folded_name = folded_name_field()

    class Meta:
        verbose_name = "Land"
        verbose_name_plural = "Länder"
        ordering = ["ags"]
        constraints = [models.CheckConstraint(condition=digits("ags", 2), name="places_land_ags_two_digits")]
        indexes = [models.Index(fields=["folded_name"], name="places_land_folded_name")]

    def __str__(self):
        return self.name


class Kreis(models.Model):
    ags = models.CharField("Amtlicher Gemeindeschlüssel", max_length=5, unique=True)
    name = models.CharField("Name", max_length=100)
    kind = models.CharField("Bezeichnung", max_length=50, help_text="z. B. Landkreis, Kreisfreie Stadt")
    nuts = models.CharField("NUTS-Code", max_length=5, blank=True)
    land = models.ForeignKey(Land, verbose_name="Land", on_delete=models.PROTECT, related_name="kreise")
    outline = outline_field("Karte des Landes")
    folded_name = folded_name_field()

    class Meta:
        verbose_name = "Kreis"
        verbose_name_plural = "Kreise und kreisfreie Städte"
        ordering = ["ags"]
        constraints = [models.CheckConstraint(condition=digits("ags", 5), name="places_kreis_ags_five_digits")]
        indexes = [
            models.Index(fields=["folded_name"], name="places_kreis_folded_name", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.name}"


class Verband(models.Model):
    """The level between Kreis and Gemeinde: a Verbandsgemeinde, Amt, Samtgemeinde or Verwaltungsgemeinschaft, or
    a Gemeinde that belongs to none (then it stands for that Gemeinde alone, see is_association)."""

    rs = models.CharField("Regionalschlüssel", max_length=9, unique=True)
    name = models.CharField("Name", max_length=100)
    kind = models.CharField("Bezeichnung", max_length=50, help_text="z. B. Verbandsgemeinde, Amt, Samtgemeinde")
    is_association = models.BooleanField(
        "Gemeindeverband", default=False, help_text="Mehr als eine Gemeinde gehört dazu."
    )
    kreis = models.ForeignKey(Kreis, verbose_name="Kreis", on_delete=models.PROTECT, related_name="verbaende")
    folded_name = folded_name_field()

    class Meta:
        verbose_name = "Gemeindeverband"
        verbose_name_plural = "Gemeindeverbände"
        ordering = ["rs"]
        constraints = [models.CheckConstraint(condition=digits("rs", 9), name="places_verband_rs_nine_digits")]
        indexes = [
            models.Index(fields=["folded_name"], name="places_verband_folded_name", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.name}"


class Gemeinde(models.Model):
    ags = models.CharField("Amtlicher Gemeindeschlüssel", max_length=8, unique=True)
    ars = models.CharField("Amtlicher Regionalschlüssel", max_length=12, unique=True)
    name = models.CharField("Name", max_length=100)
    kind = models.CharField("Bezeichnung", max_length=50, help_text="Gemeinde, Stadt oder Gemeindefreies Gebiet")
    land = models.ForeignKey(Land, verbose_name="Land", on_delete=models.PROTECT, related_name="gemeinden")
    kreis = models.ForeignKey(Kreis, verbose_name="Kreis", on_delete=models.PROTECT, related_name="gemeinden")
    verband = models.ForeignKey(
        Verband, verbose_name="Gemeindeverband", on_delete=models.PROTECT, related_name="gemeinden"
    )
    latitude = models.FloatField("Breite", help_text="Ein Punkt in der Gemeindefläche (WGS84).")
    longitude = models.FloatField("Länge", help_text="Ein Punkt in der Gemeindefläche (WGS84).")
    folded_name = folded_name_field()

    class Meta:
        verbose_name = "Gemeinde"
        verbose_name_plural = "Gemeinden"
        ordering = ["ags"]
        constraints = [
            models.CheckConstraint(condition=digits("ags", 8), name="places_gemeinde_ags_eight_digits"),
            models.CheckConstraint(condition=digits("ars", 12), name="places_gemeinde_ars_twelve_digits"),
            # The AGS is the ARS without the digits of the Gemeindeverband.
            models.CheckConstraint(
                condition=models.Q(
                    ags=models.functions.Concat(
                        models.functions.Substr("ars", 1, 5), models.functions.Substr("ars", 10, 3)
                    )
                ),
                name="places_gemeinde_ags_within_ars",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__range=(47, 55.1), longitude__range=(5.8, 15.1)),
                name="places_gemeinde_point_in_germany",
            ),
        ]
        indexes = [
            models.Index(fields=["folded_name"], name="places_gemeinde_folded_name", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self):
        return self.name


class PostalCode(models.Model):
    """One place of a postcode as GeoNames lists it: a postcode with several places has several rows."""

    code = models.CharField("Postleitzahl", max_length=5)
    name = models.CharField("Ort", max_length=100)
    land = models.ForeignKey(Land, verbose_name="Land", on_delete=models.PROTECT, related_name="postal_codes")
    latitude = models.FloatField("Breite")
    longitude = models.FloatField("Länge")
    gemeinden = models.ManyToManyField(
        Gemeinde, verbose_name="Gemeinden", through="PostalCodeGemeinde", related_name="postal_codes"
    )
    folded_name = folded_name_field()

    class Meta:
        verbose_name = "Postleitzahl"
        verbose_name_plural = "Postleitzahlen"
        ordering = ["code", "name"]
        constraints = [
            models.CheckConstraint(condition=digits("code", 5), name="places_postalcode_five_digits"),
            models.UniqueConstraint(fields=["code", "name"], name="places_postalcode_unique_place"),
            models.CheckConstraint(condition=models.Q(name__gt=""), name="places_postalcode_name_not_empty"),
        ]
        indexes = [
            models.Index(fields=["folded_name"], name="places_postalcode_folded_name", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class LocationSource(models.TextChoices):
    """Where the point of an address comes from: the page says so next to the distance and on the map."""

    POSTCODE = "plz", "Ortsmitte nach Postleitzahl und Ort"
    TOWN = "ort", "Ortsmitte nach Ortsname"
    EDITOR = "redaktion", "von der Redaktion gesetzt"


class Nearness(models.TextChoices):
    """Why an entry concerns a place in the place field (see werkzeugkoffer/catalogue/nearby.py), in list order."""

    KREIS = "kreis", "zuständig für den Kreis"
    LAND = "land", "zuständig für das Land"
    NATIONWIDE = "bund", "bundesweit"
    NEAR = "nah", "in der Nähe"
    IN_LAND = "im-land", "im selben Land, Ort nicht genauer angegeben"
    UNKNOWN = "unbekannt", "Zuständigkeit nicht angegeben"


def responsibility_tiers(regions, place):
    """The first tiers of an entry with regions it is responsible for and a flag `nationwide` (advice, funding):
    responsible for the place's Kreis, for its Land, for all of Germany. regions: the entry's many-to-many field to
    the portal's regions; matched directly, not through a Land's closure, so that a Kreis stays a Kreis."""
    direct = regions.remote_field.through.objects.filter(**{regions.m2m_field_name(): models.OuterRef("pk")})
    tiers = []
    for tier, region in ((Nearness.KREIS, place.kreis_region), (Nearness.LAND, place.land_region)):
        if region:
            tiers.append((tier, models.Q(models.Exists(direct.filter(**{regions.m2m_reverse_field_name(): region})))))
    return [*tiers, (Nearness.NATIONWIDE, models.Q(nationwide=True))]


def point_fields(label, help_text=""):
    """(latitude, longitude, Gemeindeschlüssel, source) of an address, for an entry's model."""
    return (
        models.FloatField(f"Breite ({label})", null=True, blank=True, help_text=help_text),
        models.FloatField(f"Länge ({label})", null=True, blank=True),
        models.CharField(
            f"Gemeindeschlüssel ({label})",
            max_length=8,
            blank=True,
            help_text="Amtlicher Gemeindeschlüssel der Gemeinde, in der der Punkt liegt.",
        ),
        models.CharField(f"Herkunft des Punkts ({label})", max_length=10, choices=LocationSource, blank=True),
    )


def point_constraints(prefix, model_name):
    """Constraints for the point_fields of an entry: a point has both coordinates or neither, and lies on Earth."""
    lat, lon = f"{prefix}latitude", f"{prefix}longitude"
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{lat}__isnull": True, f"{lon}__isnull": True})
            | models.Q(
                **{
                    f"{lat}__isnull": False,
                    f"{lon}__isnull": False,
                    f"{lat}__range": (-90, 90),
                    f"{lon}__range": (-180, 180),
                }
            ),
            name=f"{model_name}_{prefix}point_complete",
        ),
    ]


class Match(models.TextChoices):
    NAME = "name", "Name in Land oder Kreis"
    POINT = "point", "Punkt in der Gemeindefläche"


class PostalCodeGemeinde(models.Model):
    """Which Gemeinde a postcode's place lies in, and by which rule the loader found it."""

    postal_code = models.ForeignKey(PostalCode, on_delete=models.CASCADE)
    gemeinde = models.ForeignKey(Gemeinde, on_delete=models.CASCADE)
    match = models.CharField("Zuordnung", max_length=10, choices=Match)

    class Meta:
        verbose_name = "Postleitzahl in einer Gemeinde"
        verbose_name_plural = "Postleitzahlen in Gemeinden"
        constraints = [
            models.UniqueConstraint(fields=["postal_code", "gemeinde"], name="places_postalcode_gemeinde_unique"),
            models.CheckConstraint(condition=models.Q(match__in=Match.values), name="places_match_valid"),
        ]

    def __str__(self):
        return f"{self.postal_code} – {self.gemeinde}"


class LoadedData(models.Model):
    """What `load_places` last loaded: a fingerprint of the source files and of the loader, so that `make run` can
    skip an unchanged load (`--skip-unchanged`). One row."""

    fingerprint = models.CharField("Fingerabdruck", max_length=64)
    loaded_at = models.DateTimeField("geladen am")

    class Meta:
        verbose_name = "Stand der Ortsdaten"
        verbose_name_plural = "Stand der Ortsdaten"

    def __str__(self):
        return f"Ortsdaten vom {self.loaded_at:%d.%m.%Y %H:%M}"
