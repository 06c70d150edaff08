"""The later parts of compound words find the compound (issue 17, item 4)."""

import pytest

from projects.models import PracticeExample
from werkzeugkoffer.catalogue.compounds import later_parts, search_parts


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("pflegewohngemeinschaft", ("wohngemeinschaft", "gemeinschaft")),
        ("stadtteilkoordination", ("koordination",)),
        ("landesberatungsstelle", ("beratungsstelle", "stelle")),
        ("mehrgenerationenhaus", ("haus",)),
        ("pflegebedürftige", ("bedürftige",)),
        ("seniorengenossenschaft", ("genossenschaft",)),
        # No compounds, or none worth splitting: particles, endings, short words.
        ("unternehmen", ()),
        ("menschen", ()),
        ("beispiel", ()),
        ("gemeinschaft", ()),
        ("quartier", ()),
    ],
)
def test_compounds_are_split_into_their_later_parts(word, parts):
    assert later_parts(word) == parts


def test_only_nouns_are_split_and_html_is_ignored():
    parts = search_parts('<p>Die <a href="/x">Pflegewohngemeinschaft</a> ermöglicht Tagespflege.</p>', None, "")
    assert parts.split() == ["wohngemeinschaft", "gemeinschaft", "pflege"]


def api(client, query):
    return [entry["slug"] for entry in client.get("/api/v1/praxisbeispiele/", {"q": query}).json()["ergebnisse"]]


def test_the_second_part_of_a_compound_finds_it(make_example, client):
    make_example(slug="zwiebel", title="Demenzwohngemeinschaft am Zwiebelturm", teaser="Ein Haus für alle.")
    assert "zwiebel" in api(client, "Wohngemeinschaft")
    assert "zwiebel" in api(client, "Wohngemeinschaften")  # the plural, stemmed
    assert "zwiebel" in api(client, "Gemeinschaft")
    assert "zwiebel" in api(client, "Turm")  # Zwiebel|turm
    assert "zwiebel" not in api(client, "Menz")  # only the parts CharSplit finds, not every syllable


def test_parts_follow_every_save_of_the_texts(make_example):
    example = make_example(slug="zwiebel", title="Demenzwohngemeinschaft")
    example.title = "Stadtteilkoordination am Zwiebelturm"
    example.save(update_fields=["title"])
    example.refresh_from_db()
    assert "koordination" in example.search_parts.split()
    assert "koordination" in example.search_document
    # Saving other columns leaves the parts alone.
    example.save(update_fields=["status"])
    assert PracticeExample.objects.get(pk=example.pk).search_parts == example.search_parts


def test_the_seed_content_is_found_by_second_parts(client, db):
    assert "pflege-wg-hetzerath" in api(client, "Wohngemeinschaften für Pflegebedürftige")[:5]
    assert "zuhause-im-stadtteil-bad-muenster" in api(client, "Koordination")
