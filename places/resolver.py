"""What a person means by „PLZ oder Ort“: the official places a text may stand for, most likely first.

``resolve("54523")`` gives the places of that postcode, ``resolve("Neustadt")`` every Neustadt with its Kreis and
Land so that the page can offer a choice, ``resolve("Mainz")`` the city. Unknown or empty input gives an empty list.
Order: an exact postcode; then places whose name is the text (Land, Kreis, Gemeindeverband, Gemeinde, then
the place names of the postcodes, such as Ortsteile); then places whose name begins with it.
"""

import re
from dataclasses import dataclass

from django.db import connection, models

from places.models import Gemeinde, Kreis, Land, PostalCode, Verband
from werkzeugkoffer.models import Region

MAX_CANDIDATES = 10
MAX_LENGTH = 100
POSTCODE = re.compile(r"^\d{5}$")
POSTCODE_PREFIX = re.compile(r"^\d{2,4}$")
# „Landkreis Kusel“, „Kreis Kusel“, „VG Wittlich-Land“: the kind in front is not part of the official name.
KIND_PREFIX = re.compile(r"^(?:landkreis|kreis|stadt|gemeinde|ortsgemeinde|verbandsgemeinde|vg|amt|samtgemeinde)\s+")
UMLAUT_SPELLINGS = [("ae", "ä"), ("oe", "ö"), ("ue", "ü")]


class PlaceKind(models.TextChoices):
    POSTCODE = "plz", "Postleitzahl"
    LAND = "land", "Land"
    KREIS = "kreis", "Kreis"
    VERBAND = "verband", "Gemeindeverband"
    GEMEINDE = "gemeinde", "Gemeinde"
    PLACE = "ort", "Ort"


PREFIX_ORDER = [PlaceKind.LAND, PlaceKind.KREIS, PlaceKind.GEMEINDE, PlaceKind.VERBAND, PlaceKind.PLACE]


@dataclass(frozen=True)
class Candidate:
    """One place a text may mean, with the units it lies in (as far as its kind has them)."""

    kind: PlaceKind
    name: str
    ags: str  # of the place itself; for a postcode or Ort, of its Gemeinde; for a Gemeindeverband its 9-digit key
    latitude: float
    longitude: float
    kind_label: str = ""  # the official Bezeichnung: Landkreis, Verbandsgemeinde, Stadt …
    postcode: str = ""
    gemeinde: str = ""
    kreis: str = ""  # „Landkreis Bernkastel-Wittlich“
    kreis_ags: str = ""
    land: str = ""
    land_ags: str = ""

    @property
    def label(self):
        """What a choice list shows: „54523 Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)“."""
        head = f"{self.postcode} {self.name}" if self.postcode else f"{self.kind_label} {self.name}".strip()
        within = [part for part in (self.kreis, self.land) if part and part not in (head, self.name)]
        return f"{head} ({', '.join(within)})" if within else head


def fold(texts):
    """The texts as the folded_name columns hold names (wk_fold: lower case, accents and umlauts folded)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["wk_fold(%s)"] * len(texts)), texts)
        return list(cursor.fetchone())


def search_keys(text):
    """The folded forms of the text: as typed, with ae/oe/ue read as umlauts, without a kind in front."""
    spelled = text
    for plain, umlaut in UMLAUT_SPELLINGS:
        spelled = spelled.replace(plain, umlaut).replace(plain.capitalize(), umlaut.upper())
    keys = fold([text, spelled])
    keys += [KIND_PREFIX.sub("", key) for key in keys]
    return list(dict.fromkeys(key for key in keys if key))


def kreis_name(kreis):
    return f"{kreis.kind} {kreis.name}" if kreis.kind in ("Landkreis", "Kreis") else kreis.name


def gemeinde_candidate(gemeinde, kind=PlaceKind.GEMEINDE, **fields):
    kreis = gemeinde.kreis
    values = {
        "kind": kind,
        "name": gemeinde.name,
        "ags": gemeinde.ags,
        "latitude": gemeinde.latitude,
        "longitude": gemeinde.longitude,
        "kind_label": gemeinde.kind,
        "gemeinde": gemeinde.name,
        "kreis": kreis_name(kreis),
        "kreis_ags": kreis.ags,
        "land": gemeinde.land.name,
        "land_ags": gemeinde.land.ags,
    }
    return Candidate(**(values | fields))


def postcode_candidates(postcodes, kind=PlaceKind.POSTCODE):
    """One candidate per postcode and place, in the Gemeinde it belongs to."""
    candidates = []
    for postcode in postcodes.prefetch_related("gemeinden__kreis", "gemeinden__land"):
        for gemeinde in postcode.gemeinden.all():
            candidates.append(
                gemeinde_candidate(
                    gemeinde,
                    kind=kind,
                    name=postcode.name,
                    postcode=postcode.code,
                    latitude=postcode.latitude,
                    longitude=postcode.longitude,
                    kind_label="",
                )
            )
    return candidates


def land_place(land):
    """The Candidate of a Land annotated with its centre (lat, lon: the mean of its Gemeinden's points)."""
    return Candidate(
        kind=PlaceKind.LAND,
        name=land.name,
        ags=land.ags,
        latitude=land.lat,
        longitude=land.lon,
        kind_label=land.kind,
        land=land.name,
        land_ags=land.ags,
    )


def kreis_place(kreis):
    """The Candidate of a Kreis (with its Land) annotated with its centre (lat, lon)."""
    return Candidate(
        kind=PlaceKind.KREIS,
        name=kreis.name,
        ags=kreis.ags,
        latitude=kreis.lat,
        longitude=kreis.lon,
        kind_label=kreis.kind,
        kreis=kreis_name(kreis),
        kreis_ags=kreis.ags,
        land=kreis.land.name,
        land_ags=kreis.land.ags,
    )


def name_candidates(lookup, prefer_land=None):
    """The places whose folded name matches `lookup` (a Q on folded_name), by kind; of many Gemeinden or postcode
    places those of `prefer_land` (an AGS) first."""
    preferred = models.Case(models.When(land__ags=prefer_land, then=0), default=1)
    # A Land's or Kreis's point is the mean of its Gemeinden's points: enough for a distance, no border test.
    centre = {"lat": models.Avg("gemeinden__latitude"), "lon": models.Avg("gemeinden__longitude")}
    candidates = [land_place(land) for land in Land.objects.filter(lookup).annotate(**centre) if land.lat is not None]
    # A kreisfreie Stadt is a Kreis and a Gemeinde of one name: it is offered once, as the Gemeinde.
    city_kreise = set(
        Gemeinde.objects.filter(lookup, kreis__kind__in=["Kreisfreie Stadt", "Stadtkreis"]).values_list(
            "kreis_id", flat=True
        )
    )
    for kreis in Kreis.objects.filter(lookup).exclude(pk__in=city_kreise).select_related("land").annotate(**centre):
        if kreis.lat is None:
            continue
        candidates.append(kreis_place(kreis))
    for verband in Verband.objects.filter(lookup, is_association=True).select_related("kreis__land").annotate(**centre):
        candidates.append(
            Candidate(
                kind=PlaceKind.VERBAND,
                name=verband.name,
                ags=verband.rs,
                latitude=verband.lat,
                longitude=verband.lon,
                kind_label=verband.kind,
                kreis=kreis_name(verband.kreis),
                kreis_ags=verband.kreis.ags,
                land=verband.kreis.land.name,
                land_ags=verband.kreis.land.ags,
            )
        )
    gemeinden = Gemeinde.objects.filter(lookup).select_related("kreis", "land").order_by(preferred, "name", "ags")
    candidates += [gemeinde_candidate(gemeinde) for gemeinde in gemeinden[:MAX_CANDIDATES]]
    # Places of the postcodes that are no Gemeinde of that name (Ortsteile): their Gemeinde tells where they are.
    named_gemeinden = {candidate.name for candidate in candidates if candidate.kind == PlaceKind.GEMEINDE}
    places = PostalCode.objects.filter(lookup).exclude(name__in=named_gemeinden).order_by(preferred, "name", "code")
    candidates += postcode_candidates(places[:MAX_CANDIDATES], kind=PlaceKind.PLACE)
    return candidates


def resolve(text, limit=MAX_CANDIDATES, prefer_land=None):
    """The places `text` may mean, most likely first; an empty list when it means none (never an error).

    prefer_land: the AGS of a Land whose places come first among those of one kind (a portal of Rheinland-Pfalz
    passes "07", so that „Neustadt“ offers Neustadt an der Weinstraße before the Neustadts elsewhere)."""
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_LENGTH]
    if not text:
        return []
    if POSTCODE.match(text):
        return postcode_candidates(PostalCode.objects.filter(code=text).order_by("name"))[:limit]
    if POSTCODE_PREFIX.match(text):
        codes = PostalCode.objects.filter(code__startswith=text).order_by("code", "name")
        return postcode_candidates(codes[:limit])[:limit]
    if not any(char.isalpha() for char in text):
        return []
    keys = search_keys(text)
    candidates = name_candidates(models.Q(folded_name__in=keys), prefer_land)
    if len(candidates) < limit:
        prefix = models.Q()
        for key in keys:
            prefix |= models.Q(folded_name__startswith=key)
        seen = {(candidate.kind, candidate.ags, candidate.postcode) for candidate in candidates}
        beginning = [
            candidate
            for candidate in name_candidates(prefix & ~models.Q(folded_name__in=keys), prefer_land)
            if (candidate.kind, candidate.ags, candidate.postcode) not in seen
        ]
        # Gemeinden before the Gemeindeverbände named after one of them: „Neustadt“ means a town first.
        candidates += sorted(
            beginning,
            key=lambda candidate: (
                PREFIX_ORDER.index(candidate.kind),
                bool(prefer_land) and candidate.land_ags != prefer_land,
            ),
        )
    return candidates[:limit]


def portal_regions(candidate):
    """The regions of the portal (werkzeugkoffer.models.Region) a place lies in, most specific first: its Kreis or
    kreisfreie Stadt where the portal has it (Rheinland-Pfalz), and its Land. Matched by the official key."""
    keys = [key for key in (candidate.kreis_ags, candidate.land_ags) if key]
    regions = {region.official_key: region for region in Region.objects.filter(official_key__in=keys)}
    return [regions[key] for key in keys if key in regions]
