"""Maps drawn on the server as SVG: the outlines of Länder and Kreise (see loading.simplified_outline) projected onto
the page, and points gathered into clusters. No tiles, no script, no request to another site.

``germany()`` is the map of the Länder, ``land("07")`` that of the Kreise of one Land. Both are built once per
process and outline data: a map's drawing changes only when `load_places` brings other outlines or names.
"""

import math
from dataclasses import dataclass

import shapely
from django.db.models import Avg, StringAgg, TextField, Value
from django.db.models.functions import MD5, Cast, Concat

from places.loading import name_key
from places.models import Kreis, Land
from places.resolver import kreis_place, land_place

WIDTH = 600  # of the viewBox, in SVG units; the height follows from the shape of the area
MARGIN = 4
DECIMALS = 1  # of the SVG coordinates: a tenth of a unit is far below a pixel at any size the page shows
CELL = 30  # points closer than a square of this many units are drawn as one cluster
# Gemeinden along a border may lie a little outside the simplified outline of their Kreis (about 400 m, see
# loading.KREIS_OUTLINE); a point that no outline holds belongs to the nearest within this distance.
NEAREST_DEGREES = 0.02


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude onto SVG units, equirectangular with the longitudes shortened by the cosine of the
    middle latitude: true to shape at the size of Germany, and plain enough to check by hand."""

    west: float
    north: float
    scale: float  # SVG units per degree of latitude
    squeeze: float  # cosine of the middle latitude
    width: float
    height: float

    def __call__(self, longitude, latitude):
        return (
            MARGIN + (longitude - self.west) * self.squeeze * self.scale,
            MARGIN + (self.north - latitude) * self.scale,
        )


def bounds(outlines):
    """(west, south, east, north) of all points of the outlines."""
    longitudes, latitudes = [], []
    for outline in outlines:
        for polygon in outline:
            for ring in polygon:
                longitudes += [point[0] for point in ring]
                latitudes += [point[1] for point in ring]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def fit(west, south, east, north, width=WIDTH):
    """The projection that fits the box into `width` units (plus the margins) and keeps its shape."""
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (width - 2 * MARGIN) / ((east - west) * squeeze)
    return Projection(
        west=west,
        north=north,
        scale=scale,
        squeeze=squeeze,
        width=width,
        height=round((north - south) * scale + 2 * MARGIN, DECIMALS),
    )


def number(value):
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_data(outline, projection):
    """The SVG path of an outline: one closed subpath per ring, without points that rounding makes repeat."""
    subpaths = []
    for polygon in outline:
        for ring in polygon:
            points = []
            for longitude, latitude in ring:
                x, y = projection(longitude, latitude)
                point = f"{number(x)} {number(y)}"
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) >= 3:
                subpaths.append("M" + " ".join(points) + "Z")
    return "".join(subpaths)


@dataclass(frozen=True)
class Cluster:
    """Points drawn as one marker, at their mean position."""

    x: float
    y: float
    items: tuple


def clusters(points, cell=CELL):
    """[(x, y, item)] gathered by squares of `cell` units, from top left to bottom right (the reading order of the
    markers for a keyboard); the items of a cluster keep their order.

    Points on either side of the edge of two squares may lie close together: neighbouring squares whose points'
    means are less than half a square apart form one cluster, so that two points a few units apart are never drawn as
    two markers covering each other."""
    squares = {}
    for index, (x, y, item) in enumerate(points):
        squares.setdefault((math.floor(y / cell), math.floor(x / cell)), []).append((index, x, y, item))
    means = {square: mean(members) for square, members in squares.items()}
    parent = {square: square for square in squares}

    def root(square):
        while parent[square] != square:
            square = parent[square]
        return square

    for (row, column), (x, y) in sorted(means.items()):
        for neighbour in [(row, column + 1), (row + 1, column - 1), (row + 1, column), (row + 1, column + 1)]:
            if neighbour in means and math.dist((x, y), means[neighbour]) < cell / 2:
                parent[root(neighbour)] = root((row, column))
    groups = {}
    for square in sorted(squares):
        groups.setdefault(root(square), []).extend(squares[square])
    found = []
    for members in groups.values():
        x, y = mean(members)
        found.append(
            Cluster(
                x=round(x, DECIMALS),
                y=round(y, DECIMALS),
                items=tuple(item for _index, _x, _y, item in sorted(members, key=lambda member: member[0])),
            )
        )
    return sorted(found, key=lambda cluster: (math.floor(cluster.y / cell), cluster.x))


def mean(members):
    return (
        sum(x for _index, x, _y, _item in members) / len(members),
        sum(y for _index, _x, y, _item in members) / len(members),
    )


@dataclass(frozen=True)
class Area:
    """A Land or Kreis on a map."""

    key: str  # its AGS
    name: str  # „Landkreis Kusel“, „Kreisfreie Stadt Mainz“, „Rheinland-Pfalz“
    place: str  # the label of its place (resolver.Candidate.label), which the lists' place filter takes
    path: str  # SVG path data


@dataclass(frozen=True)
class BaseMap:
    """The drawing of a map (areas and projection) and the lookup of the area a point lies in."""

    areas: tuple  # of Area, in the order of their names
    projection: Projection | None  # None when no outline is loaded
    key_length: int  # of the AGS of its areas: 2 (Länder) or 5 (Kreise)
    tree: shapely.STRtree | None = None
    tree_keys: tuple = ()

    @property
    def drawn(self):
        """Whether there is anything to draw: not before `load_places` has run."""
        return self.projection is not None

    @property
    def width(self):
        return number(self.projection.width)

    @property
    def height(self):
        return number(self.projection.height)

    def locate(self, points):
        """The key of the area each (latitude, longitude, Gemeindeschlüssel) lies in, or None: by the
        Gemeindeschlüssel when known (it comes from the exact border), else by the outlines."""
        keys = [None] * len(points)
        known = set(self.tree_keys)
        pending = []
        for index, (_latitude, _longitude, ags) in enumerate(points):
            if len(ags) == 8 and ags.isdigit():
                keys[index] = ags[: self.key_length] if ags[: self.key_length] in known else None
            else:
                pending.append(index)
        if not pending or self.tree is None:
            return keys
        shapes = shapely.points([points[i][1] for i in pending], [points[i][0] for i in pending])
        for point, area in zip(*self.tree.query(shapes, predicate="intersects").tolist(), strict=True):
            keys[pending[point]] = keys[pending[point]] or self.tree_keys[area]
        outside = [n for n, index in enumerate(pending) if keys[index] is None]
        if outside:
            nearest = self.tree.query_nearest(shapes[outside], max_distance=NEAREST_DEGREES)
            for point, area in zip(*nearest.tolist(), strict=True):
                keys[pending[outside[point]]] = keys[pending[outside[point]]] or self.tree_keys[area]
        return keys


def fingerprint(areas, *fields):
    """A digest of what a map draws of the areas (keys, names, kinds, outlines), in one small query."""
    text = Concat("ags", "kind", "name", *fields, Cast("outline", TextField()), output_field=TextField())
    return areas.aggregate(digest=MD5(StringAgg(text, Value("|"), order_by="ags")))["digest"]


def build(areas, key_length, place):
    """The BaseMap of the areas (Land or Kreis rows annotated with lat and lon); those without outline are left
    out, and without any there is nothing to draw (projection None)."""
    areas = [area for area in areas if area.outline]
    if not areas:
        return BaseMap(areas=(), projection=None, key_length=key_length)
    projection = fit(*bounds(area.outline for area in areas))
    # Alphabetical, as a person looks a place up (ü as u): also the order in which the keyboard reaches them.
    areas.sort(key=lambda area: name_key(area.name))
    return BaseMap(
        areas=tuple(
            Area(
                key=area.ags,
                name=area.name if isinstance(area, Land) else str(area),
                place=place(area).label,
                path=path_data(area.outline, projection),
            )
            for area in areas
        ),
        projection=projection,
        key_length=key_length,
        tree=shapely.STRtree(
            [shapely.geometry.shape({"type": "MultiPolygon", "coordinates": area.outline}) for area in areas]
        ),
        tree_keys=tuple(area.ags for area in areas),
    )


# Maps by (AGS of the Land, "" for Germany; fingerprint), per process.
_maps = {}
# The centre of a Land or Kreis as the resolver gives it to its places (see resolver.name_candidates).
CENTRE = {"lat": Avg("gemeinden__latitude"), "lon": Avg("gemeinden__longitude")}


def cached(key, make):
    base_map = _maps.get(key)
    if base_map is None:
        if len(_maps) >= 8:
            _maps.clear()
        base_map = _maps[key] = make()
    return base_map


def germany():
    """The map of the 16 Länder."""
    laender = Land.objects.all()
    return cached(
        ("", fingerprint(laender)),
        lambda: build(laender.annotate(**CENTRE), key_length=2, place=land_place),
    )


def land(ags):
    """The map of the Kreise and kreisfreien Städte of the Land with this AGS."""
    kreise = Kreis.objects.filter(land__ags=ags)
    # The Land's name is part of the places' labels.
    return cached(
        (ags, fingerprint(kreise, "land__name")),
        lambda: build(kreise.select_related("land").annotate(**CENTRE), key_length=5, place=kreis_place),
    )
