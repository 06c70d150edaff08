"""What a person means by „PLZ oder Ort“: the official places a text may stand for, most likely first.

``resolve("54523")`` gives the places of that postcode, ``resolve("Neustadt")`` every Neustadt with its Kreis and
Land so that the page can offer a choice, ``resolve("Mainz")`` the city. Unknown or empty input gives an empty list.
Order: an exact postcode; then places whose name is the text (Land, Kreis, Gemeindeverband, Gemeinde, then
the place names of the postcodes, such as Ortsteile); then places whose name begins with it.
"""

import re
from dataclasses import dataclass, field, replace

from django.db import connection, models

from places.models import Gemeinde, Kreis, Land, PostalCode, Verband
from werkzeugkoffer.models import Region

MAX_CANDIDATES = 10
MAX_LENGTH = 100
POSTCODE = re.compile(r"^\d{5}$")
POSTCODE_PREFIX = re.compile(r"^\d{2,4}$")
# „55116 Mainz“, or a postcode's label from a choice list: „54518 Altrich, Arenrath … (Landkreis …)“.
POSTCODE_AND_NAME = re.compile(r"^(\d{5})\s+(.+)$")
# Postcode places listed by name in a postcode's label; the others are „…“.
NAMED_PLACES = 3
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
    exact: bool = field(default=False, compare=False)  # the text is its name or postcode, not its name's beginning

    @property
    def label(self):
        """What a choice list shows: „54523 Hetzerath (Landkreis Bernkastel-Wittlich, Rheinland-Pfalz)“."""
        if self.postcode:
            head = f"{self.postcode} {self.name}"
        elif self.kind == PlaceKind.KREIS:
            head = self.kreis
        else:
            head = f"{self.kind_label} {self.name}".strip()
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
    """„Landkreis Kusel“, „Westerwaldkreis“ (whose name says it), „Mainz“ (a kreisfreie Stadt, named as the city)."""
    if kreis.kind in ("Landkreis", "Kreis") and not kreis.name.casefold().endswith("kreis"):
        return f"{kreis.kind} {kreis.name}"
    return kreis.name


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
    """The Candidate of a Kreis (with its Land) annotated with its centre (lat, lon). A kreisfreie Stadt is named
    as such: „Kreisfreie Stadt Mainz (Rheinland-Pfalz)“ is one place even where a Gemeinde Mainz is another."""
    name = kreis_name(kreis)
    if name == kreis.name and not name.casefold().endswith("kreis"):
        name = f"{kreis.kind} {kreis.name}"
    return Candidate(
        kind=PlaceKind.KREIS,
        name=kreis.name,
        ags=kreis.ags,
        latitude=kreis.lat,
        longitude=kreis.lon,
        kind_label=kreis.kind,
        kreis=name,
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
        codes = PostalCode.objects.filter(code=text).order_by("name")
        return [replace(candidate, exact=True) for candidate in postcode_candidates(codes)][:limit]
    if POSTCODE_PREFIX.match(text):
        codes = PostalCode.objects.filter(code__startswith=text).order_by("code", "name")
        return postcode_candidates(codes[:limit])[:limit]
    if not any(char.isalpha() for char in text):
        return []
    keys = search_keys(text)
    candidates = [
        replace(candidate, exact=True) for candidate in name_candidates(models.Q(folded_name__in=keys), prefer_land)
    ]
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
                bool(prefer_land) and candidate.land_ags != prefer_land,
                PREFIX_ORDER.index(candidate.kind),
            ),
        )
    return candidates[:limit]


def portal_regions(candidate):
    """The regions of the portal (werkzeugkoffer.models.Region) a place lies in, most specific first: its Kreis or
    kreisfreie Stadt where the portal has it (Rheinland-Pfalz), and its Land. Matched by the official key."""
    keys = [key for key in (candidate.kreis_ags, candidate.land_ags) if key]
    regions = {region.official_key: region for region in Region.objects.filter(official_key__in=keys)}
    return [regions[key] for key in keys if key in regions]


@dataclass(frozen=True)
class Resolution:
    """What a text in the place field comes to: one place, or several to choose from, or none."""

    text: str
    place: Candidate | None = None
    choices: tuple = ()

    @property
    def notice(self):
        """What the page says when the text is no single place (German), or ""."""
        if self.place or not self.text:
            return ""
        if self.choices:
            return f"Zu „{self.text}“ passen mehrere Orte. Bitte wählen Sie einen aus."
        return (
            f"Einen Ort „{self.text}“ kennen wir nicht. Geben Sie eine Postleitzahl mit fünf Ziffern oder den Namen "
            "einer Stadt, einer Gemeinde, eines Kreises oder eines Landes ein."
        )


def clean(text):
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_LENGTH]


_known_kinds = []


def _kinds():
    """The official Bezeichnungen that may lead a label („Freistaat“, „Verbandsgemeinde“ …), longest first; read
    once per process, but only once the places are loaded."""
    if not _known_kinds:
        kinds = set()
        for model in (Land, Kreis, Verband, Gemeinde):
            kinds.update(model.objects.values_list("kind", flat=True).distinct())
        _known_kinds[:] = sorted(kinds, key=len, reverse=True)
    return _known_kinds


def labelled(text, prefer_land=None):
    """The place whose label (Candidate.label) is exactly text: what a choice list, a suggestion or the map sent."""
    head = text.rsplit(" (", 1)[0] if text.endswith(")") else text
    names = [head] + [head[len(kind) + 1 :] for kind in _kinds() if head.startswith(kind + " ")]
    pool = []
    for name in dict.fromkeys(names):
        pool += resolve(name, limit=50, prefer_land=prefer_land)
        kreise = Kreis.objects.filter(folded_name__in=search_keys(name)).select_related("land")
        centre = {"lat": models.Avg("gemeinden__latitude"), "lon": models.Avg("gemeinden__longitude")}
        pool += [kreis_place(kreis) for kreis in kreise.annotate(**centre) if kreis.lat is not None]
    return next((candidate for candidate in pool if candidate.label == text), None)


def postcode_place(places):
    """One candidate for the places of one postcode within one Kreis: their mean point, their names."""
    first = places[0]
    if len(places) == 1:
        return replace(first, kind=PlaceKind.POSTCODE)
    names = [place.name for place in places]
    name = ", ".join(names[:NAMED_PLACES]) + (" …" if len(names) > NAMED_PLACES else "")
    gemeinden = {place.ags for place in places}
    return replace(
        first,
        kind=PlaceKind.POSTCODE,
        name=name,
        ags=first.ags if len(gemeinden) == 1 else "",
        gemeinde=first.gemeinde if len(gemeinden) == 1 else "",
        latitude=sum(place.latitude for place in places) / len(places),
        longitude=sum(place.longitude for place in places) / len(places),
    )


def choose_postcode(text, code, name):
    """The place of a postcode (with a name, or a postcode's label): one per Kreis that its places lie in."""
    places = resolve(code, limit=100)
    if name:
        keys = search_keys(name)
        named = [place for place in places if any(key in fold([place.name])[0] for key in keys)]
        places = named or places
    by_kreis = {}
    for place in places:
        by_kreis.setdefault(place.kreis_ags, []).append(place)
    grouped = [postcode_place(group) for group in by_kreis.values()]
    chosen = next((place for place in [*grouped, *places] if place.label == text), None)
    if chosen or len(grouped) == 1:
        return Resolution(text, chosen or grouped[0])
    return Resolution(text, None, tuple(grouped))


def choose(text, prefer_land=None):
    """The Resolution of a text in the place field: a postcode, a name, or a label chosen earlier.

    One place when the text is exactly one place's postcode, name or label; a choice when several places have
    that name or only begin with the text; nothing (with a notice) otherwise. Never an error."""
    text = clean(text)
    if not text:
        return Resolution("")
    if POSTCODE.match(text):
        return choose_postcode(text, text, "")
    with_name = POSTCODE_AND_NAME.match(text)
    if with_name:
        return choose_postcode(text, with_name.group(1), with_name.group(2).split(" (", 1)[0])
    candidates = resolve(text, prefer_land=prefer_land)
    exact = [candidate for candidate in candidates if candidate.exact]
    # A city that is a Land (Berlin, Hamburg) is one place, not a choice between the two.
    cities = {candidate.ags[:2] for candidate in exact if candidate.kind == PlaceKind.GEMEINDE}
    cities = {ags for ags in cities if any(c.ags == ags + "000000" for c in exact)}
    exact = [c for c in exact if not (c.kind == PlaceKind.LAND and c.ags in cities)]
    # „Landkreis Kusel“ is the Kreis, „Stadt Kusel“ the town, „Kusel“ either.
    typed_kind = next((kind for kind in _kinds() if text.casefold().startswith(kind.casefold() + " ")), None)
    exact = [c for c in exact if c.kind_label == typed_kind] or exact
    # An Ortsteil of that name somewhere is no reason to pass over the towns whose names begin with it.
    if len(exact) == 1 and (exact[0].kind != PlaceKind.PLACE or len(candidates) == 1):
        return Resolution(text, exact[0])
    chosen = labelled(text, prefer_land)
    if chosen:
        return Resolution(text, chosen)
    choices = exact if len(exact) > 1 else candidates
    # A portal of one Land offers that Land's places first (a stable sort keeps the order within each part).
    choices = sorted(choices, key=lambda candidate: bool(prefer_land) and candidate.land_ags != prefer_land)
    return Resolution(text, None, tuple(choices))
