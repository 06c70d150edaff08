import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def listing(client, **params):
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response.context, response.content.decode()


def test_it_searches_all_three_catalogues(client, db):
    context, content = listing(client, q="Stiftung Liebenau")
    types = {entry["hit_type"] for entry in context["page"].object_list}
    assert {"praxisbeispiele", "beratung"} <= types
    assert 'href="/beratung/stiftung-liebenau/"' in content
    assert 'href="/praxisbeispiele/ravensburg-galgenhalde/"' in content


def test_the_content_type_facet_counts_and_filters(client, db):
    context, _content = listing(client, q="Pflege")
    counts = {entry["value"]: entry["count"] for entry in context["types"]}
    assert all(counts.values())
    assert context["total"] == sum(counts.values())
    filtered, _content = listing(client, q="Pflege", typ="foerderprogramme")
    assert filtered["total"] == counts["foerderprogramme"]
    assert {entry["hit_type"] for entry in filtered["page"].object_list} == {"foerderprogramme"}
    both, _content = listing(client, q="Pflege", typ=["foerderprogramme", "beratung"])
    assert both["total"] == counts["foerderprogramme"] + counts["beratung"]


def test_a_typo_finds_similar_spellings(client, db):
    context, content = listing(client, q="Ravensbrug")
    assert context["mode"] == "similar"
    assert "Meinten Sie" in content and "Ravensburg" in content


def test_an_empty_search_explains_what_to_type(client, db):
    _context, content = listing(client)
    assert "Geben Sie einen Suchbegriff ein" in content


def test_no_results_point_to_the_advice_contacts(client, db):
    _context, content = listing(client, q="Xylqzvbrt")
    assert "Keine Treffer" in content
    assert 'href="/beratung/"' in content


@pytest.mark.parametrize("page_size", [1, 20])
def test_the_query_count_is_fixed(client, db, settings, page_size):
    settings.LIST_PAGE_SIZE = page_size
    # Each process reads the synonym list once per content version (one more query then).
    client.get("/suche/", {"q": "Wohnen"})
    with CaptureQueriesContext(connection) as captured:
        client.get("/suche/", {"q": "Pflege"})
    # The counts and hits in one statement each, then one query per content type on the page (four catalogues).
    assert len(captured) <= 7


def test_later_pages_continue_the_ranking(client, db, settings):
    settings.LIST_PAGE_SIZE = 3
    first, _content = listing(client, q="Pflege")
    second, _content = listing(client, q="Pflege", page="2")
    seen = [(e["hit_type"], e["slug"]) for e in first["page"].object_list]
    later = [(e["hit_type"], e["slug"]) for e in second["page"].object_list]
    assert len(seen) == 3 and later
    assert not set(seen) & set(later)
    single, _content = listing(client, q="Pflege", typ="beratung", page="2")
    assert {e["hit_type"] for e in single["page"].object_list} <= {"beratung"}


def test_the_page_title_names_the_count_the_term_and_the_page(client, db):
    import re

    content = client.get("/suche/", {"q": "Pflege"}).content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert re.match(r"\d+ Treffer für „Pflege“ – Suche", title), title
    second = client.get("/suche/", {"q": "Pflege", "page": "2"}).content.decode()
    assert "– Seite 2 – Suche" in re.search(r"<title>(.*?)</title>", second, re.S).group(1)


def test_the_header_search_field_is_labelled(client, db):
    content = client.get("/").content.decode()
    assert '<label class="kern-label kern-sr-only" for="suche-kopf">Im ganzen Werkzeugkoffer suchen</label>' in content


def test_without_an_entry_of_every_word_it_shows_those_with_most_of_them(client, db):
    context, content = listing(client, q="Demenz im Zwiebelturm")
    assert context["mode"] == "partial"
    assert "Keine Einträge enthalten alle Suchwörter. Gezeigt werden Einträge, die die meisten enthalten." in content
    # Places and words that every programme's applicants may stand for match without the words in the text.
    context, content = listing(client, q="Fördermittel für Kommunen in Rheinland-Pfalz")
    first = context["page"].object_list[0]
    assert (first["hit_type"], first["slug"]) == ("foerderprogramme", "rlp-foerderberatung-landesberatungsstelle")
    # Every word finds something somewhere: nothing to correct („Fördermitteln für kommunen …“ was proposed).
    assert context["suggestion"] == "" and "Meinten Sie" not in content


def test_nothing_found_says_so_and_claims_no_similar_spellings(client, db):
    context, content = listing(client, q="Xylophonwerkstatt")
    assert context["total"] == 0
    assert "ähnlicher Schreibweise" not in content


def test_a_suggestion_keeps_the_words_that_found_something_as_typed(client, db):
    context, content = listing(client, q="Pflege-WG Hetzerth")
    assert context["mode"] == "partial"
    assert context["suggestion"] == "Pflege-WG Hetzerath"
    assert "„Hetzerth“ kommt in keinem Eintrag vor." in content


def hits(client, query):
    context, _content = listing(client, q=query)
    return [(entry["hit_type"], entry["slug"]) for entry in context["page"].object_list]


def test_a_topic_ranks_examples_and_programmes_above_services_that_mention_it(client, db):
    first = hits(client, "Tagespflege")[:5]
    assert first and all(kind != "beratung" for kind, _slug in first), first


def test_a_name_still_puts_the_named_entry_first(client, db):
    assert hits(client, "Mahler")[0] == ("beratung", "landesberatungsstelle-lsjv")  # the contact person
    assert [kind for kind, _slug in hits(client, "Aktion Mensch")[:3]] == ["foerderprogramme"] * 3
    assert hits(client, "Caritas")[0][0] == "beratung"
    assert hits(client, "Stiftung Liebenau")[0] == ("beratung", "stiftung-liebenau")


def test_a_service_named_by_the_query_outranks_one_that_mentions_it(client, make_contact, make_example):
    make_contact(slug="nennt", name="Seniorenbüro Nord", description="Hilft auch beim Zwiebelturmcafé.")
    make_contact(slug="heisst", name="Zwiebelturmcafé Süd", description="Ein Treffpunkt.")
    make_example(slug="projekt", title="Treffpunkt im Ort", teaser="Das Zwiebelturmcafé lädt ein.")
    order = [slug for _kind, slug in hits(client, "Zwiebelturmcafé")]
    assert order.index("heisst") < order.index("nennt")
    assert order.index("projekt") < order.index("nennt")
