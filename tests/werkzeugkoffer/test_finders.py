import re
from pathlib import Path

from django.contrib.staticfiles import finders

from werkzeugkoffer.operations.finders import FILES, KernFinder


def test_kern_ux_is_found_under_its_prefix():
    assert finders.find("kern/kern.min.css").endswith("node_modules/@kern-ux/native/dist/kern.min.css")
    assert finders.find("kern/fonts/fira-sans/FiraSans-Regular.woff2")


def test_nothing_else_from_node_modules_is_served():
    for path in [
        "kern/kern.css",
        "kern/js/kern-kopfzeile.js",
        "kern/fonts/noto-sans.css",
        "kern/fonts/fira-sans/FiraSans-Hair.woff2",
        "axe-core/axe.min.js",
        "vnu-jar/build/dist/vnu.jar",
    ]:
        assert not finders.find(path), path


def test_every_font_that_the_font_stylesheet_declares_is_served():
    declared = Path(KernFinder().storage.path("fonts/fira-sans.css")).read_text()
    fonts = [Path(name).name for name in FILES if name.endswith(".woff2")]

    assert sorted(re.findall(r"url\(\"\./fira-sans/([\w-]+\.woff2)\"\)", declared)) == sorted(fonts)


def test_the_finder_reports_missing_files(monkeypatch, tmp_path):
    monkeypatch.setattr("werkzeugkoffer.operations.finders.KERN_DIST", tmp_path)

    [error] = KernFinder().check()

    assert error.id == "werkzeugkoffer.E001"
    assert "npm ci" in error.hint
