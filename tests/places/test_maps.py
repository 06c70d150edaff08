"""The maps' drawing: outlines simplified at loading, projected to SVG, points located and clustered."""

import json

import pytest
import shapely

from places import maps
from places.loading import AREA_FILES, KREIS_OUTLINE, LAND_OUTLINE, default_area_dir, simplified_outline
from places.models import Gemeinde, Kreis, Land
from tests.places.conftest import DATA, load_places


def square(west, south, size):
    return [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]]


def test_it_projects_the_corners_of_the_box_onto_the_margins():
    projection = maps.fit(6, 49, 8, 51)
    assert projection(6, 51) == pytest.approx((maps.MARGIN, maps.MARGIN))
    assert projection(8, 49) == pytest.approx((maps.WIDTH - maps.MARGIN, projection.height - maps.MARGIN), abs=0.05)


def test_it_shortens_the_longitudes_by_the_cosine_of_the_middle_latitude():
    # At 60° a degree of longitude is half a degree of latitude: a box of 2° by 1° is drawn square.
    projection = maps.fit(0, 59.5, 2, 60.5)
    assert projection.squeeze == pytest.approx(0.5)
    assert projection.height == pytest.approx(projection.width, abs=0.1)


def test_it_draws_each_ring_as_a_closed_subpath():
    outline = [square(6, 49, 1) + [[[6.2, 49.2], [6.4, 49.2], [6.4, 49.4], [6.2, 49.2]]], square(7.5, 49, 0.5)]
    path = maps.path_data(outline, maps.fit(6, 49, 8, 50))
    assert path.count("M") == 3
    assert path.count("Z") == 3
    assert path.startswith("M4 ")
    assert "," not in path  # decimal points, whatever the locale


def test_it_leaves_out_points_that_rounding_makes_repeat_and_rings_that_shrink_to_a_line():
    projection = maps.fit(0, 0, 10, 10)
    ring = [[0, 0], [0.00001, 0], [5, 0], [5, 5], [0, 0]]
    assert maps.path_data([[ring]], projection).count(" ") == 5  # three points
    assert maps.path_data([[[[1, 1], [1.00001, 1], [1, 1.00001], [1, 1]]]], projection) == ""


def test_it_gathers_points_of_one_square_into_one_cluster_at_their_mean():
    points = [(10, 10, "a"), (20, 16, "b"), (100, 10, "c"), (10, 100, "d")]
    clusters = maps.clusters(points, cell=30)
    assert [cluster.items for cluster in clusters] == [("a", "b"), ("c",), ("d",)]
    assert (clusters[0].x, clusters[0].y) == (15, 13)


def test_it_joins_close_points_on_either_side_of_the_edge_of_two_squares():
    points = [
        (29, 40, "links"),
        (31, 41, "rechts"),
        (100, 29, "oben"),
        (100, 45, "unten"),
        (59, 80, "a"),
        (61, 60, "b"),
    ]
    clusters = maps.clusters(points, cell=30)
    assert [cluster.items for cluster in clusters] == [("oben",), ("links", "rechts"), ("unten",), ("a",), ("b",)]
    assert (clusters[1].x, clusters[1].y) == (30, 40.5)


def test_it_orders_the_clusters_from_top_left_to_bottom_right():
    clusters = maps.clusters([(200, 200, "unten"), (200, 5, "oben rechts"), (5, 5, "oben links")], cell=30)
    assert [cluster.items[0] for cluster in clusters] == ["oben links", "oben rechts", "unten"]


def test_it_simplifies_an_outline_within_the_tolerance_and_rounds_it():
    circle = shapely.Point(7, 50).buffer(0.5, quad_segs=256)
    outline = simplified_outline(circle, 0.004, 4)
    ring = outline[0][0]
    assert len(outline) == 1
    assert 20 < len(ring) < len(circle.exterior.coords) / 10
    assert all(value == round(value, 4) for point in ring for value in point)
    drawn = shapely.geometry.shape({"type": "MultiPolygon", "coordinates": outline})
    assert shapely.hausdorff_distance(drawn, circle) < 0.004 + 0.0001


def test_it_keeps_islands_and_holes_and_drops_what_is_too_small_to_draw():
    land = shapely.MultiPolygon(
        [
            shapely.Polygon(square(6, 49, 1)[0], [square(6.4, 49.4, 0.2)[0]]),
            shapely.Polygon(square(8, 49, 0.1)[0]),  # an island
        ]
    )
    outline = simplified_outline(land, 0.01, 3)
    assert [len(polygon) for polygon in outline] == [2, 1]
    assert simplified_outline(shapely.Polygon(square(6, 49, 0.0001)[0]), 0.01, 3) is None


def test_it_keeps_the_real_maps_small():
    # The outlines of the package as load_places simplifies them: a map of all Länder and one of the Kreise of
    # Rheinland-Pfalz each stay under 60 KB of path data.
    def outlines(name, tolerance, decimals, keep):
        items = json.loads((default_area_dir() / AREA_FILES[name]).read_text(encoding="utf-8"))
        features = [feature for item in items for feature in (item.get("features") or [item])]
        return [
            simplified_outline(shapely.geometry.shape(feature["geometry"]), tolerance, decimals)
            for feature in features
            if feature["properties"]["GF"] == 4 and keep(feature["properties"]["AGS"])
        ]

    for name, (tolerance, decimals), keep, count in [
        ("laender", LAND_OUTLINE, lambda ags: True, 16),
        ("kreise", KREIS_OUTLINE, lambda ags: ags.startswith("07"), 36),
    ]:
        drawn = outlines(name, tolerance, decimals, keep)
        projection = maps.fit(*maps.bounds(drawn))
        size = sum(len(maps.path_data(outline, projection)) for outline in drawn)
        assert len(drawn) == count
        assert 15_000 < size < 60_000, name


def test_it_stores_an_outline_for_every_land_and_kreis(places):
    assert not Land.objects.filter(outline__isnull=True).exists()
    assert not Kreis.objects.filter(outline__isnull=True).exists()
    hetzerath = Gemeinde.objects.get(ags="07231053")
    outline = hetzerath.kreis.outline
    area = shapely.geometry.shape({"type": "MultiPolygon", "coordinates": outline})
    assert area.contains(shapely.Point(hetzerath.longitude, hetzerath.latitude))
    assert all(value == round(value, KREIS_OUTLINE[1]) for point in outline[0][0] for value in point)


def test_it_simplifies_the_outlines_of_the_sample(places):
    # The sample keeps the Kreise of Rheinland-Pfalz finer than the map needs (scripts/place_samples.py).
    items = json.loads((DATA / AREA_FILES["kreise"]).read_text(encoding="utf-8"))
    feature = next(
        feature
        for item in items
        for feature in (item.get("features") or [item])
        if feature["properties"]["AGS"] == "07231" and feature["properties"]["GF"] == 4
    )
    source = shapely.geometry.shape(feature["geometry"])
    stored = Kreis.objects.get(ags="07231").outline
    drawn = shapely.geometry.shape({"type": "MultiPolygon", "coordinates": stored})
    assert len(stored[0][0]) < shapely.get_num_coordinates(source) * 0.8
    assert shapely.hausdorff_distance(drawn, source) < KREIS_OUTLINE[0] + 0.0001


def test_it_keeps_unchanged_outlines_and_corrects_a_changed_one(places):
    assert "Kreise: 0 neu, 0 geändert, 0 entfernt, 402 unverändert" in load_places()
    Kreis.objects.filter(ags="07231").update(outline=[[square(7, 50, 0.1)[0]]])
    Land.objects.filter(ags="07").update(outline=None)
    output = load_places()
    assert "Länder: 0 neu, 1 geändert, 0 entfernt, 15 unverändert" in output
    assert "Kreise: 0 neu, 1 geändert, 0 entfernt, 401 unverändert" in output
    assert len(Kreis.objects.get(ags="07231").outline[0][0]) > 5


def test_the_map_of_a_land_has_its_kreise_by_name_with_the_labels_of_their_places(places):
    base_map = maps.land("07")
    names = [area.name for area in base_map.areas]
    assert len(names) == 36
    assert names[:2] == ["Landkreis Ahrweiler", "Landkreis Altenkirchen (Westerwald)"]
    # By the name without its kind, ü as u: Südliche Weinstraße between Speyer and Südwestpfalz.
    assert names.index("Landkreis Südliche Weinstraße") == names.index("Kreisfreie Stadt Speyer") + 1
    kusel = next(area for area in base_map.areas if area.key == "07336")
    assert kusel.place == "Landkreis Kusel (Rheinland-Pfalz)"
    assert kusel.path.startswith("M") and kusel.path.endswith("Z")
    mainz = next(area for area in base_map.areas if area.key == "07315")
    assert mainz.place == "Kreisfreie Stadt Mainz (Rheinland-Pfalz)"
    assert float(base_map.width) == maps.WIDTH
    assert 1 < float(base_map.height) / float(base_map.width) < 1.5  # Rheinland-Pfalz is taller than wide


def test_the_map_of_germany_has_the_laender(places):
    base_map = maps.germany()
    assert len(base_map.areas) == 16
    rlp = next(area for area in base_map.areas if area.key == "07")
    assert (rlp.name, rlp.place) == ("Rheinland-Pfalz", "Land Rheinland-Pfalz")


def test_it_locates_a_point_by_its_gemeindeschluessel_else_by_the_outlines(places):
    hetzerath = Gemeinde.objects.get(ags="07231053")
    points = [
        (hetzerath.latitude, hetzerath.longitude, ""),
        (50.0, 8.27, "07231053"),  # the key wins over a point in Mainz
        (52.02, 8.53, ""),  # Bielefeld
        (48.2, 16.37, ""),  # Wien
        (50.0, 8.27, "05711000"),  # Bielefeld's key
    ]
    assert maps.land("07").locate(points) == ["07231", "07231", None, None, None]
    assert maps.germany().locate(points) == ["07", "07", "05", None, "05"]


def test_it_locates_a_point_just_outside_the_simplified_border_in_the_nearest_area(places):
    # The westernmost point of Rheinland-Pfalz, on the border with Luxembourg, and a little further west.
    ags, (longitude, latitude) = min(
        ((kreis.ags, point) for kreis in Kreis.objects.filter(land__ags="07") for point in kreis.outline[0][0]),
        key=lambda found: found[1][0],
    )
    assert maps.land("07").locate([(latitude, longitude - 0.005, ""), (latitude, longitude - 0.05, "")]) == [ags, None]


def test_it_builds_a_map_once_until_the_places_change(places, django_assert_num_queries):
    first = maps.land("07")
    with django_assert_num_queries(1):
        assert maps.land("07") is first
    Kreis.objects.filter(ags="07336").update(name="Kusel-Neu")
    assert "Landkreis Kusel-Neu" in [area.name for area in maps.land("07").areas]


def test_a_map_without_outlines_draws_nothing(db):
    base_map = maps.land("07")
    assert not base_map.drawn
    assert base_map.areas == ()
    assert base_map.locate([(50, 7, ""), (50, 7, "07231053")]) == [None, None]
