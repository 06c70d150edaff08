"""The point of an address, from the official places: the centre of its postcode's place, or of its town.

A postcode and town give the GeoNames point of the postcode's place of that name, or else the mean of the
postcode's places; a town alone gives the point of the one Gemeinde or Ort of that name (within a Land or Kreis
when the entry names one). Never a guess: a name that may mean several places gives no point. That is precise
enough for distances and a map (the pages say so), and needs no geocoding service.

Contacts have the point of their address; practice examples that of their project's place and that of their
Träger (see POINTS). locate_entry fills an entry's points, except those the Redaktion set; settle_points decides
after an edit (back office form or import) whether a typed point is a correction by the Redaktion.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F

from places.models import Gemeinde, LocationSource, PostalCode
from places.resolver import PlaceKind, fold, resolve, search_keys

POSTCODE = re.compile(r"^\d{5}$")
# What follows a place's name in an entry describes the quarter or further sites: „Krefeld, südliche Innenstadt“,
# „Vrees (Landkreis Emsland)“, „Bad Wildbad (Pilotstandort …); weitere Standorte“. No slash: „Neustadt/Westerwald“.
DESCRIPTION_START = re.compile(r"\s*(?:[(,;]|\s[–-]\s)")
# Where an editor's point must lie: Germany, as the Gemeinden's points do (see Gemeinde's constraint).
LATITUDE_RANGE = (47.0, 55.1)
LONGITUDE_RANGE = (5.8, 15.1)
# Two points closer than this in both coordinates (about 10 cm) are the same: spreadsheets round decimals.
SAME_POINT = 1e-6
MAX_CANDIDATES = 50


@dataclass(frozen=True)
class Location:
    """A point for an address: where it is, in which Gemeinde (AGS), and how it was found."""

    latitude: float
    longitude: float
    ags: str
    source: LocationSource


def name_forms(text):
    """The forms of a place's name to look up, most specific first: as written, without what describes the
    quarter, and the town before a hyphen („Krefeld-Inrath“ → „Krefeld“)."""
    text = " ".join((text or "").split())
    head = DESCRIPTION_START.split(text, maxsplit=1)[0].strip()
    forms = [text, head]
    if "-" in head:
        forms.append(head.split("-", 1)[0].strip())
    return list(dict.fromkeys(form for form in forms if form))


def squared_distance(latitude, longitude, other_latitude, other_longitude):
    """Enough to compare distances over a few kilometres: degrees of longitude shrink with the latitude."""
    scale = math.cos(math.radians(latitude))
    return (other_latitude - latitude) ** 2 + (scale * (other_longitude - longitude)) ** 2


def nearest(items, latitude, longitude):
    return min(items, key=lambda item: squared_distance(latitude, longitude, item.latitude, item.longitude))


def gemeinde_of(postcode):
    """The Gemeinde a postcode's place lies in: the one of its name, else the nearest of those it is linked to."""
    gemeinden = list(postcode.gemeinden.all())
    if not gemeinden:
        return None
    named = [gemeinde for gemeinde in gemeinden if gemeinde.folded_name == postcode.folded_name]
    return named[0] if named else nearest(gemeinden, postcode.latitude, postcode.longitude)


def postcode_location(places, town):
    """The point of the postcode's place named like the town, or else the mean of all its places."""
    for form in name_forms(town):
        keys = set(search_keys(form))
        named = [place for place in places if place.folded_name in keys]
        if named:
            gemeinde = gemeinde_of(named[0])
            ags = gemeinde.ags if gemeinde else ""
            return Location(named[0].latitude, named[0].longitude, ags, LocationSource.POSTCODE)
    latitude = sum(place.latitude for place in places) / len(places)
    longitude = sum(place.longitude for place in places) / len(places)
    gemeinden = {gemeinde.pk: gemeinde for place in places for gemeinde in place.gemeinden.all()}
    ags = nearest(gemeinden.values(), latitude, longitude).ags if gemeinden else ""
    return Location(latitude, longitude, ags, LocationSource.POSTCODE)


def town_location(town, land_ags="", kreis_ags=""):
    """The point of the one Gemeinde, or else of the one Ort, of that name (in the Kreis or Land if given)."""
    for form in name_forms(town):
        keys = set(search_keys(form))
        found = [
            candidate
            for candidate in resolve(form, limit=MAX_CANDIDATES, prefer_land=land_ags or None)
            if candidate.kind in (PlaceKind.GEMEINDE, PlaceKind.PLACE)
        ]
        if not found:
            continue
        folded = fold([candidate.name for candidate in found])
        exact = [candidate for candidate, name in zip(found, folded, strict=True) if name in keys]
        if not exact:
            continue
        # A name found, but outside the entry's Kreis or Land, or several times: no guess at a shorter form either.
        if kreis_ags:
            exact = [candidate for candidate in exact if candidate.kreis_ags == kreis_ags]
        elif land_ags:
            exact = [candidate for candidate in exact if candidate.land_ags == land_ags]
        gemeinden = [candidate for candidate in exact if candidate.kind == PlaceKind.GEMEINDE]
        places = gemeinden or exact
        if len({candidate.ags for candidate in places}) != 1:
            return None
        latitude = sum(candidate.latitude for candidate in places) / len(places)
        longitude = sum(candidate.longitude for candidate in places) / len(places)
        return Location(latitude, longitude, places[0].ags, LocationSource.TOWN)
    return None


def locate_address(postcode, town, land_ags="", kreis_ags=""):
    """The Location of an address by postcode and town, or by town alone; None when the places do not tell.

    land_ags, kreis_ags: the Land (2 digits) or Kreis (5 digits) a town without postcode must lie in."""
    postcode = (postcode or "").strip()
    town = " ".join((town or "").split())
    if POSTCODE.match(postcode):
        places = list(PostalCode.objects.filter(code=postcode).prefetch_related("gemeinden").order_by("name"))
        if places:
            return postcode_location(places, town)
    if town:
        return town_location(town, land_ags[:2], kreis_ags[:5])
    return None


def nearest_gemeinde(latitude, longitude):
    """The AGS of the Gemeinde whose point, or one of whose postcode places, is nearest; "" without place data."""
    scale = math.cos(math.radians(latitude)) ** 2
    distance = (F("latitude") - latitude) * (F("latitude") - latitude) + scale * (F("longitude") - longitude) * (
        F("longitude") - longitude
    )
    gemeinde = Gemeinde.objects.alias(distance=distance).order_by("distance").first()
    place = PostalCode.objects.alias(distance=distance).order_by("distance").prefetch_related("gemeinden").first()
    found = [item for item in (gemeinde, place) if item is not None]
    if not found:
        return ""
    closest = nearest(found, latitude, longitude)
    if isinstance(closest, PostalCode):
        closest = gemeinde_of(closest) or gemeinde
    return closest.ags if closest else ""


# --- the points of entries ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressPoint:
    """One point of an entry (the point_fields with this prefix) and the address fields it is located from."""

    prefix: str
    label: str  # as in the fields' labels: „Breite (Träger)“
    address_fields: tuple[str, ...]
    locate: Callable
    # The regions a town without postcode must lie in: changing them moves the point, too.
    region_fields: tuple[str, ...] = ()

    def name(self, field):
        return f"{self.prefix}{field}"

    def fields(self):
        return [self.name(field) for field in ("latitude", "longitude", "ags", "location_source")]

    def coordinates(self, entry):
        return getattr(entry, self.name("latitude")), getattr(entry, self.name("longitude"))

    def source(self, entry):
        return getattr(entry, self.name("location_source"))

    def address(self, entry):
        """The address as the entry gives it, in one line: „54523 Hetzerath“."""
        return " ".join(getattr(entry, name) for name in self.address_fields if getattr(entry, name))

    def address_attnames(self, entry):
        """The attributes that decide the point: address and regions."""
        return [entry._meta.get_field(name).attname for name in (*self.address_fields, *self.region_fields)]

    def has_address(self, entry):
        return bool(self.address(entry))

    def fill(self, entry, location, source=None):
        """Give the entry this location (None: no point); returns the names of the fields that changed."""
        if location is None:
            values = (None, None, "", "")
        else:
            values = (location.latitude, location.longitude, location.ags, source or location.source)
        changed = []
        for name, value in zip(self.fields(), values, strict=True):
            if getattr(entry, name) != value:
                setattr(entry, name, value)
                changed.append(name)
        return changed


def region_key(region):
    return region.official_key if region is not None else ""


def contact_location(contact):
    return locate_address(contact.postcode, contact.town)


def project_location(example):
    """The centre of the project's place, which must lie in its Kreis (or else its Land)."""
    return locate_address("", example.place, land_ags=region_key(example.state), kreis_ags=region_key(example.district))


def operator_location(example):
    return locate_address(example.operator_postcode, example.operator_town)


POINTS = {
    "contacts.contact": [AddressPoint("", "Adresse", ("postcode", "town"), contact_location)],
    "projects.practiceexample": [
        AddressPoint("", "Projektort", ("place",), project_location, region_fields=("state", "district")),
        AddressPoint("operator_", "Träger", ("operator_postcode", "operator_town"), operator_location),
    ],
}


def points_of(model):
    """The AddressPoints of a model or entry (none for the catalogues without addresses)."""
    return POINTS.get(model._meta.label_lower, [])


def locate_entry(entry):
    """Give the entry's points their place from its address, except those the Redaktion set; returns the names of
    the fields that changed (nothing is saved)."""
    changed = []
    for point in points_of(entry):
        if point.source(entry) != LocationSource.EDITOR:
            changed += point.fill(entry, point.locate(entry))
    return changed


def same_point(first, second):
    return all(a is not None and b is not None and abs(a - b) < SAME_POINT for a, b in zip(first, second, strict=True))


def stored_state(entry):
    """The address and point fields of the entry as they are before an edit, for settle_points."""
    names = []
    for point in points_of(entry):
        names += point.address_attnames(entry) + point.fields()
    return {name: getattr(entry, name) for name in names}


def settle_points(entry, stored):
    """After an edit (stored: stored_state before it), give each point of the entry its value: both coordinates
    emptied → located from the address again; coordinates typed → set by the Redaktion (unless they are just the
    located point); an address changed → located anew, unless the Redaktion set the point. Returns the names of the
    fields that changed."""
    changed = []
    for point in points_of(entry):
        coordinates = point.coordinates(entry)
        before = tuple(stored[point.name(name)] for name in ("latitude", "longitude"))
        if coordinates == (None, None):
            changed += point.fill(entry, point.locate(entry))
        elif not same_point(coordinates, before):
            located = point.locate(entry)
            if located is not None and same_point(coordinates, (located.latitude, located.longitude)):
                changed += point.fill(entry, located)
            else:
                corrected = Location(*coordinates, nearest_gemeinde(*coordinates), LocationSource.EDITOR)
                changed += point.fill(entry, corrected)
        elif point.source(entry) == LocationSource.EDITOR:
            continue
        else:
            moved = any(getattr(entry, name) != stored[name] for name in point.address_attnames(entry))
            if moved or not point.source(entry):
                changed += point.fill(entry, point.locate(entry))
    return changed


def point_errors(latitude, longitude):
    """{"latitude" or "longitude": what is wrong, in German} for a point someone typed; empty when it may be right."""
    again = "– oder lassen Sie Breite und Länge leer, dann wird der Punkt aus der Adresse ermittelt."
    if latitude is None and longitude is None:
        return {}
    if longitude is None:
        return {"longitude": f"Bitte geben Sie zur Breite auch die Länge an {again}"}
    if latitude is None:
        return {"latitude": f"Bitte geben Sie zur Länge auch die Breite an {again}"}
    swapped = not in_range(latitude, LATITUDE_RANGE) and in_range(longitude, LATITUDE_RANGE)
    if swapped and in_range(latitude, LONGITUDE_RANGE):
        return {
            "latitude": "Breite und Länge scheinen vertauscht: In Deutschland liegt die Breite zwischen 47 und 55,1 "
            "(z. B. 49,88), die Länge zwischen 5,8 und 15,1 (z. B. 6,82)."
        }
    errors = {}
    if not in_range(latitude, LATITUDE_RANGE):
        errors["latitude"] = (
            "Dieser Punkt liegt nicht in Deutschland: Die Breite muss zwischen 47 und 55,1 liegen (z. B. 49,88)."
        )
    if not in_range(longitude, LONGITUDE_RANGE):
        errors["longitude"] = (
            "Dieser Punkt liegt nicht in Deutschland: Die Länge muss zwischen 5,8 und 15,1 liegen (z. B. 6,82)."
        )
    return errors


def in_range(value, bounds):
    return bounds[0] <= value <= bounds[1]


# What a public page says beside an address about its point (the map and distances use it).
ON_THE_MAP = "Die Lage auf der Karte und Entfernungen beruhen auf"
PUBLIC_NOTES = {
    LocationSource.POSTCODE: f"{ON_THE_MAP} der Ortsmitte (Postleitzahl und Ort), nicht auf {{exact}}.",
    LocationSource.TOWN: f"{ON_THE_MAP} der Ortsmitte nach dem Ortsnamen, nicht auf {{exact}}.",
    LocationSource.EDITOR: f"{ON_THE_MAP} einem Punkt, den die Redaktion gesetzt hat.",
}


def public_note(source, exact="der genauen Adresse"):
    """The sentence for a point of this source (exact: what it is not, in the dative); "" without a point."""
    return PUBLIC_NOTES[source].format(exact=exact) if source in PUBLIC_NOTES else ""
