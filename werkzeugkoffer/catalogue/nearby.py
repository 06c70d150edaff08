"""The place field of the lists („PLZ oder Ort“, ?ort=…&umkreis=…): which entries concern a place, and in what order.

Coverage before proximity. Advice: the services responsible for the place's Kreis, then for its Land, then
for all of Germany, then others near it (with the distance), then those that state neither where they advise nor
where they are. Practice examples: those in the place's Kreis, then near it, then those of its Land whose place
within the Land is not known. Funding: the programmes whose Fördergebiet is the Kreis, the Land or all of Germany,
then those that name no Fördergebiet. Each catalogue's model says how (``place_tiers``); this module turns the
place field into a Place, filters and orders a list by it, and measures distances.

Distances are straight lines between points: the place's (a postcode's or Gemeinde's centre) and the entry's (the
centre of its postcode and town, or a point an editor set). They are shown only when the place is a point — a
postcode, Ort, Gemeinde or Gemeindeverband — not for a whole Kreis or Land.
"""

import functools
import math
import operator
from dataclasses import dataclass, field

from django.db.models import Case, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.db.models.lookups import GreaterThan

from places import resolver
from places.models import Nearness
from places.resolver import PlaceKind
from werkzeugkoffer.models import Region

# The portal is Rheinland-Pfalz's: among places of one name, those of this Land come first.
HOME_LAND = "07"
RADII = [10, 25, 50, 100]
DEFAULT_RADIUS = 50
EARTH_RADIUS_KM = 6371.0
# One degree of latitude is about 111 km; the box around a place narrows the rows before the exact distance.
KM_PER_DEGREE = 111.0
POINT_KINDS = {PlaceKind.POSTCODE, PlaceKind.PLACE, PlaceKind.GEMEINDE, PlaceKind.VERBAND}


@dataclass
class Place:
    """A resolved place field: the place, the portal's regions it lies in, and the radius for „near“."""

    candidate: resolver.Candidate
    radius: int
    kreis_region: Region | None = None
    land_region: Region | None = None

    @property
    def label(self):
        return self.candidate.label

    @property
    def kind(self):
        return self.candidate.kind

    @property
    def is_point(self):
        return self.candidate.kind in POINT_KINDS

    @property
    def kreis_ags(self):
        return "" if self.kind == PlaceKind.LAND else self.candidate.kreis_ags

    @property
    def land_ags(self):
        return self.candidate.land_ags

    @property
    def key(self):
        """What the place's lists depend on, for the count cache."""
        c = self.candidate
        return (c.kind.value, c.ags, c.postcode, c.kreis_ags, c.land_ags, c.latitude, c.longitude, self.radius)

    def distance(self):
        """The straight-line distance in km from the place to an entry's point (haversine); NULL without a point."""
        lat, lon = F("latitude"), F("longitude")
        half_dlat = Radians(lat - Value(self.candidate.latitude)) / 2
        half_dlon = Radians(lon - Value(self.candidate.longitude)) / 2
        root = Sqrt(
            Power(Sin(half_dlat), 2)
            + Cos(Radians(Value(self.candidate.latitude))) * Cos(Radians(lat)) * Power(Sin(half_dlon), 2)
        )
        # Rounding must never take asin out of its domain, wherever an editor puts a point (a CASE, not LEAST,
        # which would turn the NULL of an entry without a point into 1).
        root = Case(When(GreaterThan(root, 1.0), then=Value(1.0)), default=root, output_field=FloatField())
        return ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(root), output_field=FloatField())

    def near(self):
        """Entries whose point lies within the radius (the rows annotated with place_distance, see scoped): a box
        on the indexed coordinates first, then the exact distance. A Kreis or Land is no point: there, „near“
        means within it, by the Gemeindeschlüssel of the entry's point."""
        if not self.is_point:
            return Q(ags__startswith=self.kreis_ags or self.land_ags)
        lat = self.candidate.latitude
        dlat = self.radius / KM_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(lat)), 0.1)
        return Q(
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(self.candidate.longitude - dlon, self.candidate.longitude + dlon),
            place_distance__lte=self.radius,
        )


@dataclass
class Reading:
    """What the place field of a request comes to: a Place, or a choice or notice instead."""

    text: str = ""
    radius: int = DEFAULT_RADIUS
    place: Place | None = None
    choices: list = field(default_factory=list)  # Candidates to choose from
    notices: list = field(default_factory=list)

    @property
    def radius_options(self):
        """(value, label, selected) for the radius menu; the default is sent as "" and stays out of the URL."""
        return [("" if r == DEFAULT_RADIUS else str(r), f"{r} km", r == self.radius) for r in RADII]


def read(data, resolution=None):
    """The Reading of ?ort=…&umkreis=… (data: a QueryDict); an unknown radius is the default, with a notice.
    resolution: the place field's text already resolved (resolver.choose), which is then not resolved again."""
    reading = Reading(text=resolver.clean(data.get("ort", "")))
    raw_radius = data.get("umkreis", "")
    if raw_radius:
        if raw_radius in {str(radius) for radius in RADII}:
            reading.radius = int(raw_radius)
        else:
            reading.notices.append(
                f"Den Umkreis „{raw_radius[:20]}“ gibt es nicht; gesucht wird im Umkreis von {DEFAULT_RADIUS} km."
            )
    if not reading.text:
        return reading
    resolution = resolution or resolver.choose(reading.text, prefer_land=HOME_LAND)
    if resolution.place is None:
        # A choice is offered as such (see includes/catalogue.html); only an unknown place is a notice.
        reading.choices = list(resolution.choices)
        if not reading.choices:
            reading.notices.append(resolution.notice)
        return reading
    regions = resolver.portal_regions(resolution.place)
    by_key = {region.official_key: region for region in regions}
    candidate = resolution.place
    reading.place = Place(
        candidate,
        reading.radius,
        kreis_region=by_key.get(candidate.kreis_ags) if candidate.kind != PlaceKind.LAND else None,
        land_region=by_key.get(candidate.land_ags),
    )
    return reading


def scoped(queryset, place):
    """The entries of queryset that concern place, annotated with place_tier (0 first, see the model's
    place_tiers) and place_distance (km, or NULL without a point or when the place is a Kreis or Land)."""
    # Funding programmes are not at a point: their distance is NULL like that of an entry without one.
    located = place.is_point and hasattr(queryset.model, "latitude")
    distance = place.distance() if located else Value(None, output_field=FloatField())
    queryset = queryset.annotate(place_distance=distance)
    tiers = queryset.model.place_tiers(place)
    order = Case(
        *[When(condition, then=Value(index)) for index, (_tier, condition) in enumerate(tiers)],
        output_field=IntegerField(),
    )
    queryset = queryset.filter(functools.reduce(operator.or_, [condition for _tier, condition in tiers]))
    queryset = queryset.annotate(place_tier=order)
    if hasattr(queryset.model, "place_rank"):
        queryset = queryset.annotate(place_rank=queryset.model.place_rank())
    return queryset


def ordering(model, place, mode=""):
    """The order of „Nähe zum Ort“: by tier, within a tier by the model's own rank (advice services before the
    Träger of examples), by distance (entries without a point last), and with a search term by relevance."""
    items = ["place_tier"] + ["place_rank"] * hasattr(model, "place_rank")
    if place.is_point and hasattr(model, "latitude"):
        items.append(F("place_distance").asc(nulls_last=True))
    return items + ["-rank"] * bool(mode)


def note(entry, place):
    """Why the entry concerns the place, for its card: „zuständig für Rheinland-Pfalz · 12 km entfernt“."""
    tier = tier_keys(type(entry), place)[entry.place_tier]
    candidate = place.candidate
    kreis = place.kreis_region.name if place.kreis_region else candidate.kreis
    land = place.land_region.name if place.land_region else candidate.land
    words = NOTES[type(entry)._meta.label].get(tier, Nearness(tier).label)
    # „im Landkreis Kusel“, „für den Westerwaldkreis“, but „in Mainz“, „für Mainz“ (a kreisfreie Stadt).
    masculine = kreis.startswith(("Landkreis ", "Kreis ")) or kreis.casefold().endswith("kreis")
    text = words.format(kreis=kreis, land=land, im="im" if masculine else "in", den="den " if masculine else "")
    distance = getattr(entry, "place_distance", None)
    if distance is not None and place.is_point:
        km = f"{distance:.1f}".replace(".", ",") if distance < 10 else f"{distance:.0f}"
        text = f"{text} · {km} km entfernt (Luftlinie)" if tier != Nearness.NEAR else f"{km} km entfernt (Luftlinie)"
    return text


# What a card says of each tier, by catalogue.
NOTES = {
    "contacts.Contact": {
        Nearness.KREIS: "zuständig für {den}{kreis}",
        Nearness.LAND: "zuständig für {land}",
        Nearness.NATIONWIDE: "bundesweit zuständig",
        Nearness.NEAR: "in der Nähe",
        Nearness.UNKNOWN: "Zuständigkeit und Ort nicht angegeben",
    },
    "projects.PracticeExample": {
        Nearness.KREIS: "{im} {kreis}",
        Nearness.LAND: "in {land}",
        Nearness.NEAR: "in der Nähe",
        Nearness.IN_LAND: "in {land}, Ort nicht genauer angegeben",
    },
    "funding.FundingProgramme": {
        Nearness.KREIS: "Fördergebiet: {kreis}",
        Nearness.LAND: "Fördergebiet: {land}",
        Nearness.NATIONWIDE: "Fördergebiet: bundesweit",
        Nearness.UNKNOWN: "Fördergebiet nicht angegeben",
    },
}


def tier_keys(model, place):
    """The tier keys of model's place_tiers for place, by place_tier."""
    return [tier for tier, _condition in model.place_tiers(place)]
