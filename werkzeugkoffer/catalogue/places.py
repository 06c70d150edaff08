"""Places in a search query: which words name a Land, a Kreis or kreisfreie Stadt, or a known town.

„Beratung Mainz“ means the services responsible for Mainz, „Förderung NRW“ the programmes for
Nordrhein-Westfalen. The place list (the gazetteer) comes from three sources, read once per content version:

- the regions of the portal (werkzeugkoffer.models.Region: the 16 Länder and the Kreise and kreisfreie Städte
  of Rheinland-Pfalz), by their official names, with and without „Landkreis“ and the parts in brackets;
- the usual abbreviations of the Länder (NRW, RLP, BW …) and the seats of the Landkreise of Rheinland-Pfalz,
  listed below (facts of the Landkreise' own statutes, as published by the Statistisches Landesamt);
- the towns of the published practice examples, with the Kreis or Land their entry names.

A place found in a query matches the entries in that region and those responsible for it (a Land-wide service
counts for every place in its Land); each catalogue says how (``place_conditions`` of its model).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import F, Value

from werkzeugkoffer.models import SYNONYM_FOLDING, Region, RegionKind, synonym_words

# Abbreviations of the Länder that people type, by the region's slug. Two-letter codes that are also
# German words or common syllables (BE, HE, ST, SN …) are left out.
LAND_ABBREVIATIONS = {
    "nordrhein-westfalen": ["NRW"],
    "rheinland-pfalz": ["RLP"],
    "baden-wuerttemberg": ["BW", "BaWü"],
    "mecklenburg-vorpommern": ["MV", "MeckPomm"],
    "schleswig-holstein": ["SH"],
    "sachsen-anhalt": ["LSA"],
    "niedersachsen": ["NDS"],
}

# The seat of each Landkreis of Rheinland-Pfalz (Kreisstadt or Kreisverwaltung), by the region's slug.
DISTRICT_SEATS = {
    "landkreis-ahrweiler": ["Bad Neuenahr-Ahrweiler", "Ahrweiler"],
    "landkreis-altenkirchen-westerwald": ["Altenkirchen"],
    "landkreis-alzey-worms": ["Alzey"],
    "landkreis-bad-duerkheim": ["Bad Dürkheim"],
    "landkreis-bad-kreuznach": ["Bad Kreuznach"],
    "landkreis-bernkastel-wittlich": ["Wittlich", "Bernkastel-Kues"],
    "landkreis-birkenfeld": ["Birkenfeld"],
    "landkreis-cochem-zell": ["Cochem"],
    "donnersbergkreis": ["Kirchheimbolanden"],
    "eifelkreis-bitburg-pruem": ["Bitburg"],
    "landkreis-germersheim": ["Germersheim"],
    "landkreis-kusel": ["Kusel"],
    "landkreis-mainz-bingen": ["Ingelheim am Rhein", "Bingen am Rhein"],
    "landkreis-neuwied": ["Neuwied"],
    "rhein-hunsrueck-kreis": ["Simmern/Hunsrück", "Simmern"],
    "rhein-lahn-kreis": ["Bad Ems"],
    "landkreis-suedwestpfalz": ["Pirmasens"],
    "landkreis-vulkaneifel": ["Daun"],
    "westerwaldkreis": ["Montabaur"],
}

# Words in region names that name the kind of region, not the place.
KIND_WORDS = re.compile(r"^(Landkreis|Eifelkreis|Kreis)\s+")
BRACKETS = re.compile(r"\s*\([^)]*\)")
# „Landau in der Pfalz“ is also called „Landau“, „Ludwigshafen am Rhein“ „Ludwigshafen“.
SHORT_NAME = re.compile(r"^(.+?)\s+(?:am|an der|in der|im|ob der|bei)\s+.+$")
# Where a practice example's place names its town: before brackets, commas and semicolons, „und“ between towns.
PLACE_SEPARATORS = re.compile(r"[(,;]")


def place_word_key(word):
    """A word as place names are compared: lower case, without accents, umlauts or their ae/oe/ue spelling
    („Zweibrücken“, „Zweibruecken“ and „Zweibrucken“ are one), but whole: „Bremer“ is not „Bremen“."""
    word = "".join(char for char in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(char))
    for written, folded in SYNONYM_FOLDING:
        word = word.replace(written, folded)
    return word


def place_key(name):
    """The words of a place name as compared with a query's words, without the stop words that the search
    leaves out too („Landau in der Pfalz“ → landau, pfalz)."""
    from werkzeugkoffer.catalogue.search import STOP_WORDS

    return tuple(place_word_key(word) for word in synonym_words(name) if word not in STOP_WORDS)


def plain_name(name):
    """A region's name without „Landkreis“ and brackets: „Landkreis Altenkirchen (Westerwald)“ → „Altenkirchen“."""
    return BRACKETS.sub("", KIND_WORDS.sub("", name))


def region_names(name):
    """The names a region goes by: „Landkreis Altenkirchen (Westerwald)“ is also „Altenkirchen (Westerwald)“
    and „Altenkirchen“; „Landau in der Pfalz“ also „Landau“."""
    names = [name]
    plain = KIND_WORDS.sub("", name)
    names.append(plain)
    names.append(BRACKETS.sub("", plain))
    short = SHORT_NAME.match(BRACKETS.sub("", plain))
    if short:
        names.append(short.group(1))
    return list(dict.fromkeys(names))


def towns(place):
    """The town names in a practice example's place: „Bielefeld und Herford (vier Quartiere)“ → Bielefeld, Herford."""
    head = PLACE_SEPARATORS.split(place, maxsplit=1)[0]
    return [town.strip() for town in re.split(r"\s+und\s+|\s*/\s*", head) if town.strip()]


@dataclass(frozen=True)
class RegionRow:
    id: int
    slug: str
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class Place:
    """What words of a query name: the regions (Kaiserslautern is a city and a Landkreis) and how it was written."""

    name: str  # the region's name, or the town's as written in the content
    regions: tuple  # RegionRow, most specific first
    land: RegionRow | None  # the Land the place lies in

    @property
    def region_ids(self):
        return [region.id for region in self.regions]

    @property
    def region_names(self):
        """The names of the regions without „Landkreis“ and brackets, as further words that find entries naming
        them."""
        return [plain_name(region.name) for region in self.regions]


@dataclass
class Gazetteer:
    """Place names (as keys, see place_key) with the places they stand for."""

    places: dict = field(default_factory=dict)

    @classmethod
    def build(cls, regions, content_towns=()):
        """regions: RegionRow of every region; content_towns: (town, district id, state id) of the content."""
        gazetteer = cls()
        by_id = {region.id: region for region in regions}
        by_slug = {region.slug: region for region in regions}

        def land_of(region):
            return region if region.kind == RegionKind.STATE else by_id.get(region.parent_id)

        def add(name, region, written=None):
            key = place_key(name)
            if not key:
                return
            known = gazetteer.places.get(key)
            if known is None:
                gazetteer.places[key] = Place(written or region.name, (region,), land_of(region))
            elif region not in known.regions and known.name == (written or region.name):
                # The same name for two regions (Kaiserslautern, the city and the Landkreis): both.
                gazetteer.places[key] = Place(known.name, (*known.regions, region), known.land)

        # Official names first: a region's own name never gives way to a town of the same name.
        for region in regions:
            for name in region_names(region.name):
                add(name, region, written=plain_name(region.name))
        for slug, abbreviations in LAND_ABBREVIATIONS.items():
            land = by_slug.get(slug)
            for abbreviation in abbreviations if land else ():
                gazetteer.places.setdefault(place_key(abbreviation), Place(land.name, (land,), land))
        for slug, seats in DISTRICT_SEATS.items():
            if slug in by_slug:
                for seat in seats:
                    region = by_slug[slug]
                    gazetteer.places.setdefault(place_key(seat), Place(seat, (region,), land_of(region)))
        for place, district_id, state_id in content_towns:
            region = by_id.get(district_id) or by_id.get(state_id)
            if region is None:
                continue
            for town in towns(place):
                if 0 < len(place_key(town)) <= 4:
                    gazetteer.places.setdefault(place_key(town), Place(town, (region,), land_of(region)))
        return gazetteer

    @property
    def longest(self):
        return max(map(len, self.places), default=0)

    def find(self, query_words):
        """(length, place) of the longest place name at the start of query_words (see search.words), or (0, None)."""
        keys = [place_word_key(word) for word in query_words[: self.longest]]
        for length in range(len(keys), 0, -1):
            place = self.places.get(tuple(keys[:length]))
            if place is not None:
                return length, place
        return 0, None


def load():
    """The gazetteer of the regions and of the towns of the published practice examples, in one query."""
    from django.db import connection

    from projects.models import PracticeExample

    regions = Region.objects.values_list("id", "slug", "name", "kind", "parent_id").order_by()
    content_towns = (
        PracticeExample.objects.published()
        .exclude(place="")
        .order_by()
        .values_list(Value(0), Value(""), "place", Value("ort"), "district_id")
        .annotate(state=F("state_id"))
        .distinct()
    )
    region_sql, region_params = regions.query.sql_with_params()
    town_sql, town_params = content_towns.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT *, NULL FROM ({region_sql}) regions UNION ALL SELECT * FROM ({town_sql}) towns",
            [*region_params, *town_params],
        )
        rows = cursor.fetchall()
    region_rows = [RegionRow(*row[:5]) for row in rows if row[3] != "ort"]
    towns = [(place, district_id, state_id) for _id, _slug, place, kind, district_id, state_id in rows if kind == "ort"]
    return Gazetteer.build(region_rows, towns)


# The gazetteer of the newest content version this process has seen, as synonyms.for_request keeps the list.
_loaded = {}


def for_request(request):
    """The gazetteer as of the request's content version, built once per version and process (afresh for staff)."""
    version = getattr(request, "content_version", None)
    gazetteer = _loaded.get(version) if version is not None else None
    if gazetteer is None:
        gazetteer = load()
        if version is not None:
            _loaded.clear()
            _loaded[version] = gazetteer
    return gazetteer
