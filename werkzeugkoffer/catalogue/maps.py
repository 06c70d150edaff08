"""The map pages of the catalogues (/praxisbeispiele/karte/, /beratung/karte/): the entries of a list, under the same
search and filters, on a map of Rheinland-Pfalz or of Germany (places/maps.py), with a table that says the same in
words. The map only adds to the list: every area links to the list narrowed to its place."""

import math
from dataclasses import dataclass, field

from django.urls import reverse

from places import maps
from places.loading import name_key
from werkzeugkoffer.catalogue import nearby, synonyms
from werkzeugkoffer.catalogue import places as gazetteers
from werkzeugkoffer.catalogue.counting import cached
from werkzeugkoffer.catalogue.listing import FULLTEXT, PARTIAL, SIMILAR, fulltext, partial, similar, word_hits

RHEINLAND_PFALZ = "07"


@dataclass(frozen=True)
class MapChoice:
    name: str  # of the region shown
    area_kind: str  # the heading of its areas in the table
    by_area: str  # how the map divides the region
    outside: str  # where the entries are that it cannot show


# By the query-string value (karte=…); the default map's value never appears in addresses.
MAPS = {
    "rlp": MapChoice(
        "Rheinland-Pfalz",
        "Landkreis oder kreisfreie Stadt",
        "nach Landkreisen und kreisfreien Städten",
        "außerhalb von Rheinland-Pfalz",
    ),
    "deutschland": MapChoice("Deutschland", "Land", "nach Ländern", "außerhalb Deutschlands"),
}
DEFAULT_MAP = "rlp"
# Entries without a point are named one by one up to this many; a list of thousands of names would help nobody.
MAX_UNPLACED = 50
MARKER_RADIUS = 8
MAX_CLUSTER_RADIUS = 22


def matching(request, listing, base):
    """All entries of base that the list of `listing` shows, on every page: the same search, in the mode the list
    fell back to (see listing.run_listing), the same place (catalogue/nearby.py) and the same filters."""
    query = listing.query
    scope = ()
    if listing.near.place:
        base = nearby.scoped(base, listing.near.place)
        scope = listing.near.place.key
    if listing.mode == FULLTEXT:
        searched = fulltext(base, query, synonyms.for_request(request), gazetteer=gazetteers.for_request(request))
    elif listing.mode == PARTIAL:
        thesaurus, gazetteer = synonyms.for_request(request), gazetteers.for_request(request)
        # The same key as run_listing's, so that the words it found missing are usually cached.
        _every, missing = cached(
            request,
            ("woerter", base.model._meta.label, query, scope),
            lambda: word_hits([base], query, thesaurus, gazetteer),
        )
        searched = partial(base, query, missing, thesaurus, gazetteer)
    elif listing.mode == SIMILAR:
        searched = similar(base, query)
    else:
        searched = base
    return listing.filterset.filter_queryset_except(searched, None)


@dataclass(frozen=True)
class Entry:
    title: str
    slug: str
    detail_view: str  # the URL name of its detail page
    latitude: float | None
    longitude: float | None
    ags: str

    @property
    def url(self):
        # Only the entries that the page names one by one need it: not every entry of a long list.
        return reverse(self.detail_view, args=[self.slug])


@dataclass(frozen=True)
class AreaCount:
    area: maps.Area
    count: int
    label: str  # „Landkreis Kusel: 3 Praxisbeispiele“, the name of its link on the map


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    entries: tuple  # of Entry
    radius: float

    @property
    def single(self):
        return len(self.entries) == 1


@dataclass
class EntryMap:
    choice: str  # a key of MAPS
    shown_map: MapChoice
    noun: tuple  # (singular, plural, dative plural): „Praxisbeispiel“, „Praxisbeispiele“, „Praxisbeispielen“
    base: maps.BaseMap
    areas: list  # of AreaCount, in the order of their names
    markers: list  # of Marker
    total: int  # entries of the list
    placed: int  # of them with a point
    outside: int  # of those with a point outside the map's areas
    unplaced: list  # of Entry without a point, the first MAX_UNPLACED by title
    notices: list = field(default_factory=list)

    @property
    def name(self):
        return self.shown_map.name

    @property
    def shown(self):
        return self.placed - self.outside

    @property
    def summary(self):
        """„12 von 16 Praxisbeispielen haben einen Ort auf der Karte.“"""
        singular, plural, dative = self.noun
        if self.total == 0:
            return f"Keine {plural} gefunden."
        if self.total == 1:
            return f"Gefunden: 1 {singular}, {'mit' if self.placed else 'ohne'} Ort auf der Karte."
        verb = "hat" if self.placed == 1 else "haben"
        return f"{self.placed} von {self.total} {dative} {verb} einen Ort auf der Karte."

    @property
    def within(self):
        """„Davon liegen 9 in Rheinland-Pfalz.“ when not all of them do, else empty."""
        if not self.outside:
            return ""
        if not self.shown:
            return f"Keiner dieser Orte liegt in {self.name}."
        return f"Davon {'liegt' if self.shown == 1 else 'liegen'} {self.shown} in {self.name}."

    @property
    def unplaced_count(self):
        return self.total - self.placed

    @property
    def unplaced_more(self):
        return self.unplaced_count - len(self.unplaced)

    @property
    def switches(self):
        """(value for the query string, name, whether shown) of each map; the default map's value is None."""
        return [(None if key == DEFAULT_MAP else key, choice.name, key == self.choice) for key, choice in MAPS.items()]


def counted(count, noun):
    """„keine Praxisbeispiele“, „1 Praxisbeispiel“, „3 Praxisbeispiele“ for noun (singular, plural, …)."""
    if count == 0:
        return f"keine {noun[1]}"
    return f"{count} {noun[0] if count == 1 else noun[1]}"


def cluster_radius(count):
    return MARKER_RADIUS if count == 1 else min(MAX_CLUSTER_RADIUS, round(11 + 2.5 * math.log2(count), 1))


def entry_map(request, listing, base, *, title_field, detail_view, noun):
    """The EntryMap of the entries of base that `listing` shows, on the map that the query string chooses (karte)."""
    choice = request.GET.get("karte") or DEFAULT_MAP
    notices = []
    if choice not in MAPS:
        notices.append(f"Die Karte „{choice[:40]}“ gibt es nicht; gezeigt wird die Karte von {MAPS[DEFAULT_MAP].name}.")
        choice = DEFAULT_MAP
    base_map = maps.germany() if choice == "deutschland" else maps.land(RHEINLAND_PFALZ)

    rows = matching(request, listing, base).order_by(title_field, "pk")
    entries = [
        Entry(title=title, slug=slug, detail_view=detail_view, latitude=latitude, longitude=longitude, ags=ags)
        for slug, title, latitude, longitude, ags in rows.values_list(
            "slug", title_field, "latitude", "longitude", "ags"
        )
    ]
    # As a person looks a name up: „Älter werden“ among the A, not after Z as the database's collation has it.
    entries.sort(key=lambda entry: name_key(entry.title))
    placed = [entry for entry in entries if entry.latitude is not None]
    keys = base_map.locate([(entry.latitude, entry.longitude, entry.ags) for entry in placed])
    counts = {}
    points = []
    for entry, key in zip(placed, keys, strict=True):
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
            points.append((*base_map.projection(entry.longitude, entry.latitude), entry))
    if not base_map.drawn:
        notices.append("Die Karte kann gerade nicht gezeigt werden: Die Grenzen der Kreise und Länder fehlen.")
    return EntryMap(
        choice=choice,
        shown_map=MAPS[choice],
        noun=noun,
        base=base_map,
        areas=[area_count(area, counts.get(area.key, 0), noun) for area in base_map.areas],
        markers=[
            Marker(x=cluster.x, y=cluster.y, entries=cluster.items, radius=cluster_radius(len(cluster.items)))
            for cluster in maps.clusters(points)
        ],
        total=len(entries),
        placed=len(placed),
        # Without outlines nothing is on the map, and nothing known to lie outside it.
        outside=len(placed) - len(points) if base_map.drawn else 0,
        unplaced=[entry for entry in entries if entry.latitude is None][:MAX_UNPLACED],
        notices=notices,
    )


def area_count(area, count, noun):
    return AreaCount(area=area, count=count, label=f"{area.name}: {counted(count, noun)}")
