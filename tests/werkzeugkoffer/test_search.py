import pytest

from werkzeugkoffer.catalogue import search


def test_every_word_becomes_a_prefix():
    assert search.tsquery_text("Pflege") == "(('pflege':*))"


def test_umlaut_free_spellings_also_try_the_umlaut():
    assert "'häuser':*" in search.tsquery_text("Haeuser")


def test_hyphenated_and_spaced_compounds_give_the_same_query():
    assert search.tsquery_text("Pflege-WG") == search.tsquery_text("Pflege WG")
    assert "'pflegewohngemeinschaft':*" in search.tsquery_text("Pflege-WG")


def test_a_compound_is_split_at_a_known_abbreviation():
    query = search.tsquery_text("Pflegewohngemeinschaft")
    assert "'pflege':*" in query
    assert "'wg':*" in query


def test_operators_and_quotes_cannot_reach_the_query():
    query = search.tsquery_text("a' & !b | (c) <-> d:*")
    assert query == search.tsquery_text("a b c d")
    assert "!" not in query and "<->" not in query


def test_nothing_searchable_gives_no_query():
    assert search.search_query("!!! ---") is None
    assert search.search_query("") is None


def test_clean_query_removes_nul_bytes_and_limits_the_length():
    text, changed = search.clean_query("Pflege\x00WG")
    assert text == "Pflege WG" and changed
    text, changed = search.clean_query("Wohnen " * 2000)
    assert len(text) <= search.MAX_QUERY_LENGTH and changed
    assert search.clean_query("  Pflege   WG ") == ("Pflege WG", False)


def test_highlight_escapes_everything_but_the_marks():
    snippet = f"<b>Die</b> {search.HIGHLIGHT_START}Pflege{search.HIGHLIGHT_STOP}-WG"
    assert search.highlight(snippet) == "&lt;b&gt;Die&lt;/b&gt; <mark>Pflege</mark>-WG"


def top_slugs(client, url, query, count=3):
    data = client.get(url, {"q": query}).json()
    return [entry["slug"] for entry in data["ergebnisse"][:count]], data


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Pflege-WG", "pflege-wg-hetzerath"),
        ("Pflege WG", "pflege-wg-hetzerath"),
        ("Pflegewohngemeinschaft", "pflege-wg-hetzerath"),
        ("pflege-wohngemeinschaft", "pflege-wg-hetzerath"),
        ("Wohncafe", "bielefelder-modell"),
        ("Wohncafé", "bielefelder-modell"),
        ("Haeuser", "pflege-stationaer-weiterdenken"),
        ("Mehrgenerationenhaeuser", "asz-mgh-eching"),
        ("Genossenschaften", "ravensburg-galgenhalde"),
        ("Kaiserstuhl", "buergergemeinschaft-eichstetten"),
        ("Stiftung Liebenau", "ravensburg-galgenhalde"),
        ("Demenz Eching", "asz-mgh-eching"),
    ],
)
def test_german_queries_find_the_right_practice_example(client, db, query, slug):
    slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", query)
    assert slug in slugs, (query, slugs)
    assert data["suche"]["modus"] == "volltext"


def test_a_typo_falls_back_to_similar_spellings_with_a_suggestion(client, db):
    slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "Ravensbrug")
    assert slugs[0] == "ravensburg-galgenhalde"
    assert data["suche"]["modus"] == "aehnliche-schreibweise"
    assert data["suche"]["vorschlag"] == "Ravensburg"


def test_the_html_list_shows_the_typo_suggestion(client, db):
    content = client.get("/praxisbeispiele/", {"q": "Ravensbrug"}).content.decode()
    assert "Meinten Sie" in content
    assert "Ravensburg" in content


def test_the_title_ranks_above_the_body(client, db):
    slugs, _data = top_slugs(client, "/api/v1/praxisbeispiele/", "Bielefelder Modell", count=1)
    assert slugs == ["bielefelder-modell"]


def test_funding_search_finds_legal_bases(client, db):
    slugs, _data = top_slugs(
        client, "/api/v1/foerderprogramme/?status=offen&status=unbekannt&status=geschlossen", "SGB XI 123"
    )
    assert {"rlp-foerderprogramm-123-124-sgb-xi", "sgb-xi-123-124"} & set(slugs)


def test_contacts_are_found_by_town_and_person(client, db):
    slugs, _data = top_slugs(client, "/api/v1/beratung/", "Mahler")
    assert slugs[0] == "landesberatungsstelle-lsjv"


def test_results_carry_highlighted_snippets(client, db):
    content = client.get("/praxisbeispiele/", {"q": "Demenz"}).content.decode()
    assert "<mark>" in content


def test_search_input_is_never_reflected_unescaped(client, db):
    content = client.get("/praxisbeispiele/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_the_search_vector_follows_tag_changes(make_example, client):
    example = make_example(slug="schlagwort-test")
    assert "schlagwort-test" not in top_slugs(client, "/api/v1/praxisbeispiele/", "Zauberwort")[0]
    example.tags.add("Zauberwort")
    assert top_slugs(client, "/api/v1/praxisbeispiele/", "Zauberwort")[0] == ["schlagwort-test"]
    example.tags.clear()
    assert top_slugs(client, "/api/v1/praxisbeispiele/", "Zauberwort")[0] == []


def test_renaming_a_taxonomy_term_updates_the_search(client, db):
    from werkzeugkoffer.models import FieldOfAction

    field = FieldOfAction.objects.get(slug="mobilitaet")
    count = field.practice_examples.published().count()
    field.name = "Fortbewegungsvielfalt"
    field.save()
    assert client.get("/api/v1/praxisbeispiele/", {"q": "Fortbewegungsvielfalt"}).json()["anzahl"] == count


def test_stop_words_never_become_part_of_the_query():
    assert search.tsquery_text("Fördermittel für Kommunen in Rheinland-Pfalz") == search.tsquery_text(
        "Fördermittel Kommunen Rheinland-Pfalz"
    )
    assert search.tsquery_text("Wohnen fuer Aeltere") == search.tsquery_text("Wohnen Aeltere")
    assert "'fur'" not in search.tsquery_text("Pflege für alle")


def test_a_query_of_stop_words_only_has_nothing_to_search():
    assert search.search_query("für die und mit") is None


def test_stop_words_never_empty_a_list(client, db):
    plain = client.get("/api/v1/praxisbeispiele/", {"q": "Tagespflege"}).json()["anzahl"]
    assert plain
    assert client.get("/api/v1/praxisbeispiele/", {"q": "Tagespflege für die im Dorf"}).json()["anzahl"]
    assert client.get("/api/v1/praxisbeispiele/", {"q": "die Tagespflege für mich"}).json()["anzahl"] == plain


def test_some_words_are_enough_when_asked():
    assert search.tsquery_text("Pflege Dorf", every_word=False).startswith("((('pflege':*)) | (('dorf':*)))")
    assert len(search.word_queries("Pflege für das Dorf")) == 2


def test_the_three_ways_of_asking_from_the_issue_find_the_obvious_entries(client, db):
    # „Fördermittel“ says what every programme is; „Kommunen“ also finds the programmes that name no applicants;
    # „Rheinland-Pfalz“ is a place: the programmes for it first, then those for all of Germany.
    slugs, data = top_slugs(client, "/api/v1/foerderprogramme/", "Fördermittel für Kommunen in Rheinland-Pfalz", 8)
    assert data["suche"]["treffer"] == "alle-woerter"
    assert slugs[0] == "rlp-foerderberatung-landesberatungsstelle"
    assert "rlp-anschubfoerderung-wohn-und-quartiersprojekte" in slugs[:3]
    assert [slug.startswith("rlp-") for slug in slugs] == sorted(
        (slug.startswith("rlp-") for slug in slugs), reverse=True
    )
    slugs, data = top_slugs(client, "/api/v1/foerderprogramme/", "Zuschuss Quartiersmanagement Rheinland-Pfalz", 8)
    assert slugs[0] == "rlp-anschubfoerderung-wohn-und-quartiersprojekte"
    assert [slug.startswith("rlp-") for slug in slugs] == sorted(
        (slug.startswith("rlp-") for slug in slugs), reverse=True
    )
    slugs, data = top_slugs(client, "/api/v1/beratung/", "Beratung Mainz")
    assert "landesberatungsstelle-lsjv" in slugs[:3]
    slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "Beratung Mainz")
    assert data["anzahl"]


def test_entries_with_more_of_the_words_rank_first_then_as_today(make_example, client):
    make_example(slug="titel", title="Zwiebelturm am Markt", teaser="Ein Treffpunkt.")
    make_example(slug="text-eins", title="Projekt am Markt", teaser="Ein Treffpunkt am Zwiebelturm.")
    make_example(slug="zwei-woerter", title="Projekt am See", teaser="Zwiebelturm und Kastanienallee.")
    slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "Zwiebelturm Kastanienallee Mondscheinweg")
    assert data["suche"]["treffer"] == "einige-woerter"
    assert data["suche"]["nicht_gefunden"] == ["Mondscheinweg"]
    assert slugs == ["zwei-woerter", "titel", "text-eins"]


def test_every_word_found_keeps_the_strict_search(client, db):
    _slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "Demenz Eching")
    assert data["suche"]["treffer"] == "alle-woerter"
    assert data["anzahl"] == 1


def test_the_list_says_when_entries_contain_only_some_words(client, db):
    content = client.get("/praxisbeispiele/", {"q": "Ansprechpartner Pflege-WG Hetzerath"}).content.decode()
    assert "Keine Einträge enthalten alle Suchwörter. Gezeigt werden Einträge, die die meisten enthalten." in content
    assert "„Ansprechpartner“ kommt in keinem Eintrag vor." in content
    assert 'href="/praxisbeispiele/pflege-wg-hetzerath/"' in content


def test_a_suggestion_corrects_only_the_word_that_found_nothing_and_keeps_the_case(client, db):
    _slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "Pflege-WG Hetzerth")
    assert data["suche"]["nicht_gefunden"] == ["Hetzerth"]
    assert data["suche"]["vorschlag"] == "Pflege-WG Hetzerath"
    _slugs, data = top_slugs(client, "/api/v1/praxisbeispiele/", "ravensbrug")
    assert data["suche"]["vorschlag"] == "ravensburg"


def test_a_suggestion_finds_more_than_what_was_typed(client, db):
    _slugs, typed = top_slugs(client, "/api/v1/praxisbeispiele/", "Pflege-WG Hetzerth")
    slugs, suggested = top_slugs(client, "/api/v1/praxisbeispiele/", typed["suche"]["vorschlag"])
    assert suggested["suche"]["treffer"] == "alle-woerter" and not suggested["suche"]["nicht_gefunden"]
    assert slugs == ["pflege-wg-hetzerath"]


def test_no_suggestion_when_every_word_finds_something(client, db):
    _slugs, data = top_slugs(client, "/api/v1/foerderprogramme/", "Fördermittel für Kommunen in Rheinland-Pfalz", 8)
    assert data["suche"]["nicht_gefunden"] == []
    assert data["suche"]["vorschlag"] == ""


def test_an_empty_list_never_claims_to_show_similar_spellings(client, db):
    content = client.get("/praxisbeispiele/", {"q": "Xylophonwerkstatt"}).content.decode()
    assert "Keine Praxisbeispiele gefunden." in content
    assert "Gezeigt werden" not in content
