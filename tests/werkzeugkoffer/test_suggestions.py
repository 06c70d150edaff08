"""Suggestions while typing (/api/v1/vorschlaege/): what they find, what they leave out, and what they cost."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from tests.werkzeugkoffer.json_log import JsonLog
from werkzeugkoffer.catalogue.suggestions import EXAMPLE, PLACE, PROGRAMME, TERM, choose
from werkzeugkoffer.models import PublicationStatus, Region, RegionKind, Synonym, SynonymKind

URL = "/api/v1/vorschlaege/"
# From the seed: a practice example whose title and place name „Bad Münster am Stein-Ebernburg“.
BAD_MUENSTER = "„Zuhause im Stadtteil“ – Stadtteilkoordination Bad Münster am Stein-Ebernburg"


def suggest(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def texts(data, kind=None):
    return [item["text"] for item in data["vorschlaege"] if kind is None or item["art"] == kind]


def test_it_suggests_entries_of_each_catalogue_with_their_kind_and_detail_page(
    client, make_example, make_programme, make_contact
):
    make_example(title="Zwiebelturm-Treff im Quartier", slug="zwiebelturm")
    make_programme(title="Zwiebelturm-Förderung", slug="zwiebelturm-foerderung")
    make_contact(name="Zwiebelturm-Beratung", slug="zwiebelturm-beratung")

    data = suggest(client, "zwiebel")

    assert data["begriff"] == "zwiebel"
    assert {(item["text"], item["art"], item["url"]) for item in data["vorschlaege"]} == {
        ("Zwiebelturm-Treff im Quartier", "Praxisbeispiel", "http://testserver/praxisbeispiele/zwiebelturm/"),
        ("Zwiebelturm-Förderung", "Förderprogramm", "http://testserver/foerderprogramme/zwiebelturm-foerderung/"),
        ("Zwiebelturm-Beratung", "Beratung", "http://testserver/beratung/zwiebelturm-beratung/"),
    }
    assert data["hinweise"] == []


@pytest.mark.parametrize("query", ["Münster", "münster", "MÜNSTER", "Muenster", "muenst", "Munster"])
def test_it_ignores_case_accents_and_umlaut_spellings(client, db, query):
    assert BAD_MUENSTER in texts(suggest(client, query), "Praxisbeispiel")


def test_accents_of_other_languages_are_ignored_too(client, make_example):
    make_example(title="Café Élan für alle", slug="cafe-elan")
    assert "Café Élan für alle" in texts(suggest(client, "cafe ela"))


@pytest.mark.parametrize("query", ["Stein-Eb", "stein eb", "Bad Mü", "bad m", "Stadtteilkoord"])
def test_it_matches_the_beginnings_of_one_or_several_words_whatever_separates_them(client, db, query):
    assert BAD_MUENSTER in texts(suggest(client, query))


@pytest.mark.parametrize("query", ["ünster", "ebernburg am", "koordination"])
def test_it_does_not_match_inside_a_word_or_words_out_of_order(client, db, query):
    assert BAD_MUENSTER not in texts(suggest(client, query))


def test_it_suggests_the_towns_of_practice_examples_as_places(client, db):
    # The seed's places „Ostfildern, Stadtteil Nellingen“ and „Vrees (Landkreis Emsland)“ are suggested as their towns.
    data = suggest(client, "ostfi")
    assert "Ostfildern" in texts(data, "Ort")
    assert texts(suggest(client, "vree"), "Ort") == ["Vrees"]
    assert all(item["url"] is None for item in data["vorschlaege"] if item["art"] == "Ort")


def test_it_suggests_regions_that_a_published_entry_names(client, make_example, rlp):
    region = Region.objects.create(name="Zwiebelkreis", slug="zwiebelkreis", kind=RegionKind.DISTRICT, parent=rlp)
    assert "Zwiebelkreis" not in texts(suggest(client, "zwiebelk"))

    make_example(slug="im-zwiebelkreis", district=region, place="Irgendwo")

    assert "Zwiebelkreis" in texts(suggest(client, "zwiebelk"), "Ort")
    assert "Rheinland-Pfalz" in texts(suggest(client, "rheinl"), "Ort")


def test_it_suggests_the_terms_of_the_synonym_list(client, db):
    Synonym.objects.create(kind=SynonymKind.GROUP, terms="Zwiebelmarkt\nGemüsestand; Wochenmarkt")
    Synonym.objects.create(kind=SynonymKind.ONE_WAY, source="Knoblauchzehe", terms="Würze, Aroma")

    assert texts(suggest(client, "zwieb"), "Suchbegriff") == ["Zwiebelmarkt"]
    assert texts(suggest(client, "gemuese"), "Suchbegriff") == ["Gemüsestand"]
    assert texts(suggest(client, "knobl"), "Suchbegriff") == ["Knoblauchzehe"]
    assert texts(suggest(client, "wurz"), "Suchbegriff") == ["Würze"]


def test_a_term_that_is_also_a_place_is_suggested_once(client, db):
    Synonym.objects.create(kind=SynonymKind.GROUP, terms="Krefeld\nSeidenstadt")
    assert texts(suggest(client, "krefeld")).count("Krefeld") == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.IN_REVIEW},
        {"status": PublicationStatus.ARCHIVED},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_it_suggests_only_published_entries_and_their_places(client, make_example, make_programme, fields):
    make_example(title="Geheimprojekt Zwiebel", slug="geheim", place="Zwiebelhausen", **fields)
    make_programme(title="Geheimprogramm Zwiebel", slug="geheim-programm", **fields)

    assert suggest(client, "zwiebel")["vorschlaege"] == []
    assert suggest(client, "geheim")["vorschlaege"] == []


def test_a_catalogue_box_gets_its_own_entries_first(client, make_example, make_contact):
    for number in range(6):
        make_example(title=f"Zwiebelprojekt {number}", slug=f"projekt-{number}")
        make_contact(name=f"Zwiebelberatung {number}", slug=f"beratung-{number}")

    everywhere = [item["art"] for item in suggest(client, "zwiebel")["vorschlaege"]]
    in_contacts = [item["art"] for item in suggest(client, "zwiebel", typ="beratung")["vorschlaege"]]

    assert everywhere == ["Praxisbeispiel"] * 4 + ["Beratung"] * 4
    assert in_contacts == ["Beratung"] * 6 + ["Praxisbeispiel"] * 2


def test_an_unknown_scope_is_ignored_with_a_german_notice(client, db):
    data = suggest(client, "quartier", typ="<b>raumschiffe</b>")
    assert data["vorschlaege"]
    assert data["hinweise"] == ["Den Inhaltstyp „<b>raumschiffe</b>“ gibt es nicht; er wurde ignoriert."]


def test_it_suggests_at_most_eight_and_leaves_room_for_every_kind(client, db):
    data = suggest(client, "qu")
    assert len(data["vorschlaege"]) == 8
    kinds = {item["art"] for item in data["vorschlaege"]}
    assert {"Suchbegriff", "Praxisbeispiel", "Förderprogramm", "Beratung"} <= kinds


def test_kinds_take_turns_and_a_scoped_catalogue_takes_two_per_turn():
    rows = [(EXAMPLE.key, f"Beispiel {n}", f"b{n}") for n in range(8)]
    rows += [(PROGRAMME.key, f"Programm {n}", f"p{n}") for n in range(8)]
    rows += [(TERM.key, "Begriff", ""), (PLACE.key, "Ort", "")]

    unscoped = [kind.key for kind, _text, _slug in choose(rows)]
    assert unscoped == [TERM.key, PLACE.key, *[EXAMPLE.key] * 3, *[PROGRAMME.key] * 3]

    scoped = [kind.key for kind, _text, _slug in choose(rows, [PROGRAMME])]
    assert scoped == [*[PROGRAMME.key] * 4, TERM.key, PLACE.key, *[EXAMPLE.key] * 2]


def test_entries_that_begin_with_the_typed_text_come_first_then_the_shortest(client, make_example):
    make_example(title="Ein langer Titel über Zwiebeln", slug="z1")
    make_example(title="Zwiebeln und noch mehr", slug="z2")
    make_example(title="Zwiebeln", slug="z3")
    assert texts(suggest(client, "zwiebel")) == ["Zwiebeln", "Zwiebeln und noch mehr", "Ein langer Titel über Zwiebeln"]


@pytest.mark.parametrize("query", ["", " ", "a", " ä ", "--", "%_", "__", "%%", "\x00", "'", "…", "🏠🏠"])
def test_too_short_input_gets_no_suggestions_and_no_query(client, db, query, django_assert_num_queries):
    # One query: the content version that every public request reads for its ETag.
    with django_assert_num_queries(1):
        data = suggest(client, query)
    assert data["vorschlaege"] == []
    assert data["hinweise"] == ["Vorschläge gibt es ab 2 Buchstaben oder Ziffern."]


def test_too_long_input_gets_a_german_notice(client, db):
    data = suggest(client, "Pflege" * 1000)
    assert data["vorschlaege"] == []
    assert data["begriff"] == ""
    assert data["hinweise"] == ["Vorschläge gibt es für Eingaben bis 200 Zeichen."]
    assert suggest(client, "Pflege " + "x" * 193)["hinweise"] == []


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1; --",
        "%' AND 1=1 -- x",
        "\\x%",
        "a_b%c",
        "Pflege\x00WG",
        "!!!&&||<->:*",
        "((((",
        "[[:alpha:]]+",
        ".*",
        "\u202eab\u200b",
        "日本語",
        "%ED%A0%80",
    ],
)
def test_garbage_gets_an_answer_never_an_error(client, db, query):
    data = suggest(client, query)
    assert len(data["vorschlaege"]) <= 8


def test_like_wildcards_in_the_input_are_no_wildcards(client, db):
    # „%“ and „_“ are no letters: „q%r“ is the word beginnings „q r“, which no seed title has.
    assert suggest(client, "q%r")["vorschlaege"] == []
    assert suggest(client, "q_r")["vorschlaege"] == []


def test_markup_in_the_input_is_never_returned_as_markup(client, db):
    response = client.get(URL, {"q": "<script>alert('x')</script>"})
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert response.json()["begriff"] == "<script>alert('x')</script>"


def test_invalid_utf8_never_crashes(client, db):
    assert client.get(f"{URL}?q=%ED%A0%80%FF%C0%AFab&typ=%00").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "qu"},
        {"q": "Quartier"},
        {"q": "Muenster"},
        {"q": "bad münster am stein ebernburg"},
        {"q": "Pflege WG Demenz Wohngemeinschaft Alter Quartier Nachbarschaft Dorf"},
        {"q": "xyzxyz"},
        {"q": "quartier", "typ": ["praxisbeispiele", "beratung", "foerderprogramme"]},
    ],
)
def test_any_input_costs_one_statement(client, db, params, django_assert_num_queries):
    # The content version that every public request reads for its ETag, and the suggestions.
    with django_assert_num_queries(2):
        client.get(URL, params)


def test_the_answer_sets_no_cookie_and_is_cached_like_every_public_answer(client, db):
    response = client.get(URL, {"q": "quartier"})
    assert not response.cookies
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('W/"')

    again = client.get(URL, {"q": "quartier"}, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_new_term_of_the_synonym_list_changes_the_answer_at_once(client, db):
    etag = client.get(URL, {"q": "zwiebel"})["ETag"]
    Synonym.objects.create(kind=SynonymKind.GROUP, terms="Zwiebelmarkt\nWochenmarkt")
    response = client.get(URL, {"q": "zwiebel"}, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert texts(response.json()) == ["Zwiebelmarkt"]


def test_the_typed_text_is_logged_nowhere(client, db):
    with JsonLog() as log:
        client.get(URL, {"q": "Erika Musterfrau", "typ": "beratung"})
    [line] = log.lines()
    assert line["logger"] == "werkzeugkoffer.requests"
    assert line["params"] == ["q", "typ"]
    assert "Musterfrau" not in log.stream.getvalue()


@pytest.fixture
def limited(settings, db):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"search": [(1, 60)], "api": [(1, 60)], "suggest": [(3, 60)]}
    settings.TRUSTED_PROXY_COUNT = 0
    caches[settings.RATELIMIT_CACHE].clear()
    yield settings
    caches[settings.RATELIMIT_CACHE].clear()


def test_suggestions_have_their_own_rate_limit(limited, client):
    for query in ["qu", "qua", "quar"]:
        assert client.get(URL, {"q": query}).status_code == 200
    # Typing used up neither the searches nor the API calls.
    assert client.get("/suche/", {"q": "quartier"}).status_code == 200
    assert client.get("/api/v1/beratung/").status_code == 200

    response = client.get(URL, {"q": "quart"})
    assert response.status_code == 429
    assert response.json()["fehler"].startswith("Zu viele Anfragen")
