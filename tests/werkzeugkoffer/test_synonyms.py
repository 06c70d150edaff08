"""The synonym list of the search: how it expands a query, what editors may enter, and that changes apply at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.catalogue import search
from werkzeugkoffer.catalogue.synonyms import Thesaurus
from werkzeugkoffer.models import Synonym, SynonymKind


def group(*terms):
    return Synonym(kind=SynonymKind.GROUP, terms="\n".join(terms))


def one_way(source, *terms):
    return Synonym(kind=SynonymKind.ONE_WAY, source=source, terms="\n".join(terms))


def slugs(client, url, query):
    data = client.get(url, {"q": query}).json()
    return [entry["slug"] for entry in data["ergebnisse"]]


# --- How a query is expanded (no database needed) ---


def test_every_term_of_a_group_finds_the_others():
    thesaurus = Thesaurus.from_synonyms([group("Seniorengenossenschaft", "Bürgergemeinschaft", "Nachbarschaftshilfe")])
    query = search.tsquery_text("Bürgergemeinschaft", thesaurus)
    assert "'seniorengenossenschaft':*" in query and "'nachbarschaftshilfe':*" in query


def test_a_one_way_expansion_works_in_one_direction_only():
    thesaurus = Thesaurus.from_synonyms([one_way("Einsamkeit", "Begegnung", "Nachbarschaft", "Teilhabe")])
    assert "'teilhabe':*" in search.tsquery_text("Einsamkeit", thesaurus)
    assert search.tsquery_text("Teilhabe", thesaurus) == search.tsquery_text("Teilhabe")


def test_inflected_umlaut_free_and_accent_free_forms_find_the_term():
    thesaurus = Thesaurus.from_synonyms([group("Dorfladen", "Nahversorgung"), group("Wohncafé", "Begegnungscafé")])
    for query in ("Dorfläden", "Dorflaeden", "DORFLADEN"):
        assert "'nahversorgung':*" in search.tsquery_text(query, thesaurus), query
    assert "'begegnungscafé':*" in search.tsquery_text("Wohncafe", thesaurus)


def test_a_multi_word_term_in_the_query_is_expanded_as_one():
    thesaurus = Thesaurus.from_synonyms([group("betreutes Wohnen", "Service-Wohnen")])
    units = thesaurus.units(search.words("Betreutes Wohnen in Mainz"))
    assert units == [(("betreutes", "wohnen"), [("service", "wohnen")]), (("mainz",), [])]
    # „Wohnen“ alone is no term of the list.
    assert thesaurus.units(["wohnen"]) == [(("wohnen",), [])]


def test_a_multi_word_synonym_needs_all_its_words_or_the_compound():
    thesaurus = Thesaurus.from_synonyms([group("Demenz-WG", "ambulant betreute Wohngemeinschaft")])
    query = search.tsquery_text("Demenz-WG", thesaurus)
    assert "(('ambulant':*)) & (('betreute':*)) & (('wohngemeinschaft':*))" in query
    assert "'ambulantbetreutewohngemeinschaft':*" in query
    # And back: the three words find the abbreviated compound.
    assert "'demenzwohngemeinschaft':*" in search.tsquery_text("ambulant betreute Wohngemeinschaft", thesaurus)


def test_the_longest_term_wins():
    thesaurus = Thesaurus.from_synonyms([group("Pflege", "Betreuung"), group("teilstationäre Pflege", "Tagespflege")])
    assert thesaurus.units(["teilstationäre", "pflege"]) == [(("teilstationäre", "pflege"), [("tagespflege",)])]


def test_without_synonyms_the_query_is_what_it_was():
    for text in ("Pflege", "Pflege-WG", "Haeuser Mainz"):
        assert search.tsquery_text(text, Thesaurus()) == search.tsquery_text(text)


# --- What editors may enter ---


@pytest.mark.parametrize(
    ("synonym", "field", "message"),
    [
        (group("Dorfladen"), "terms", "mindestens zwei"),
        (group("Dorfladen", "Dorfläden"), "terms", "„Dorfläden“ steht schon in diesem Eintrag (als „Dorfladen“)"),
        (group("Demenz-WG", "demenz wg"), "terms", "steht schon in diesem Eintrag"),
        (group("Dorfladen", "---"), "terms", "keine Buchstaben oder Ziffern"),
        (group("Dorfladen", "x" * 61), "terms", "höchstens 60 Zeichen"),
        (group("Dorfladen", "ein Laden für alle im Dorf"), "terms", "höchstens 4 Wörter"),
        (group(*[f"Begriff{number}" for number in range(13)]), "terms", "höchstens 12 Begriffe"),
        (one_way("", "Begegnung"), "source", "Suchbegriff"),
        (one_way("Einsamkeit", "einsamkeit"), "terms", "steht schon in diesem Eintrag"),
        (Synonym(kind=SynonymKind.GROUP, source="Einsamkeit", terms="Begegnung\nTeilhabe"), "source", "keinen Such"),
        (Synonym(kind=SynonymKind.GROUP, terms=" \n "), "terms", "mindestens zwei"),
    ],
    ids=[
        "one-term-group",
        "same-term-inflected",
        "same-term-spelled-apart",
        "no-letters",
        "too-long",
        "too-many-words",
        "too-many-terms",
        "one-way-without-source",
        "one-way-finds-itself",
        "group-with-source",
        "empty",
    ],
)
def test_invalid_synonyms_are_refused_in_german(db, synonym, field, message):
    with pytest.raises(ValidationError) as refused:
        synonym.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_terms_are_tidied_one_per_line(db):
    synonym = group("  Dorfladen ,  Genossenschafts-laden;Nahversorgung\n\n")
    synonym.full_clean()
    assert synonym.terms == "Dorfladen\nGenossenschafts-laden\nNahversorgung"
    assert str(synonym) == "Dorfladen = Genossenschafts-laden = Nahversorgung"
    assert str(one_way("Einsamkeit", "Begegnung", "Teilhabe")) == "Einsamkeit → Begegnung, Teilhabe"


def test_the_database_refuses_a_one_way_expansion_without_its_term(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Synonym.objects.create(kind=SynonymKind.ONE_WAY, terms="Begegnung")


# --- The starter list, as the migration seeds it, in the catalogues and the search over all ---


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Seniorengenossenschaft", "buergergemeinschaft-eichstetten"),
        ("Seniorengenossenschaften", "buergergemeinschaft-eichstetten"),
        ("Dorfladen", "altwerden-in-vrees"),
        ("Demenz-WG", "pflege-wg-hetzerath"),
        ("ambulant betreute Wohngemeinschaft", "pflege-wg-hetzerath"),
        ("teilstationäre Pflege", "buergergemeinschaft-eichstetten"),
    ],
)
def test_the_starter_list_finds_what_people_mean(client, db, query, slug):
    assert slug in slugs(client, "/api/v1/praxisbeispiele/", query)[:5], query
    response = client.get("/suche/", {"q": query})
    assert response.context["mode"] == "fulltext"
    assert slug in [entry["slug"] for entry in response.context["page"].object_list][:5], query


def test_loneliness_in_old_age_finds_places_to_meet(client, db):
    data = client.get("/api/v1/praxisbeispiele/", {"q": "Einsamkeit im Alter"}).json()
    assert data["suche"]["modus"] == "volltext"
    assert data["anzahl"] >= 3
    assert "altwerden-in-vrees" in [entry["slug"] for entry in data["ergebnisse"]]


def test_the_html_list_marks_the_synonym_it_found(client, db):
    content = client.get("/praxisbeispiele/", {"q": "Seniorengenossenschaft"}).content.decode()
    assert 'href="/praxisbeispiele/buergergemeinschaft-eichstetten/"' in content
    assert "<mark>Bürgergemeinschaft</mark>" in content


def test_the_start_page_suggests_dorfladen_since_the_synonyms_find_it(client, db):
    content = client.get("/").content.decode()
    assert "?q=Dorfladen" in content


def test_a_funding_search_finds_the_synonyms(client, db):
    found = slugs(client, "/api/v1/foerderprogramme/", "Fördermittel")
    assert "ni-zuschuss-quartiersprojekte" in found


# --- Own synonyms: one-way is one way, and changes apply to the next search ---


@pytest.fixture
def towers(make_example):
    return (
        make_example(slug="zwiebelturm", title="Treffpunkt im Zwiebelturm"),
        make_example(slug="glockenstuhl", title="Treffpunkt im Glockenstuhl"),
    )


def test_a_one_way_expansion_finds_more_only_from_its_term(client, towers):
    Synonym.objects.create(kind=SynonymKind.ONE_WAY, source="Glockenstuhl", terms="Zwiebelturm")

    assert sorted(slugs(client, "/api/v1/praxisbeispiele/", "Glockenstuhl")) == ["glockenstuhl", "zwiebelturm"]
    assert slugs(client, "/api/v1/praxisbeispiele/", "Zwiebelturm") == ["zwiebelturm"]


def test_a_change_of_the_list_applies_to_the_next_search(client, reviewer, towers):
    assert slugs(client, "/api/v1/praxisbeispiele/", "Zwiebelturm") == ["zwiebelturm"]
    assert client.get("/suche/", {"q": "Zwiebelturm"}).context["total"] == 1

    added = {"kind": SynonymKind.GROUP, "terms": "Zwiebelturm\nGlockenstuhl"}
    assert reviewer.post(admin_url(Synonym, "add"), added).status_code == 302

    assert sorted(slugs(client, "/api/v1/praxisbeispiele/", "Zwiebelturm")) == ["glockenstuhl", "zwiebelturm"]
    assert client.get("/suche/", {"q": "Zwiebelturm"}).context["total"] == 2
    assert "glockenstuhl" in client.get("/praxisbeispiele/", {"q": "Zwiebelturm"}).content.decode()

    Synonym.objects.filter(terms__contains="Zwiebelturm").delete()

    assert slugs(client, "/api/v1/praxisbeispiele/", "Zwiebelturm") == ["zwiebelturm"]


def test_a_search_reads_the_list_once_per_content_version(client, towers):
    def search_queries(query):
        with CaptureQueriesContext(connection) as captured:
            client.get("/praxisbeispiele/", {"q": query})
        return [item["sql"] for item in captured]

    def reads_list(queries):
        return sum('FROM "werkzeugkoffer_synonym"' in sql for sql in queries)

    assert reads_list(search_queries("Pflege")) == 1
    warm = search_queries("Seniorengenossenschaft")
    # As the README states: the content state, the counts with the page of ids, and the rows of that page.
    assert reads_list(warm) == 0 and len(warm) == 3

    Synonym.objects.create(kind=SynonymKind.GROUP, terms="Zwiebelturm\nGlockenstuhl")

    assert reads_list(search_queries("Zwiebelturm")) == 1
    assert reads_list(search_queries("Glockenstuhl")) == 0


def test_signed_in_staff_search_with_the_current_list(editor, towers):
    Synonym.objects.create(kind=SynonymKind.GROUP, terms="Zwiebelturm\nGlockenstuhl")
    data = editor.get("/api/v1/praxisbeispiele/", {"q": "Zwiebelturm"}).json()
    assert sorted(entry["slug"] for entry in data["ergebnisse"]) == ["glockenstuhl", "zwiebelturm"]


# --- The back office ---


def test_the_redaktion_sees_the_list_but_cannot_change_it(editor, db):
    synonym = Synonym.objects.get(source="Einsamkeit")
    listing = editor.get(admin_url(Synonym, "changelist"))
    assert listing.status_code == 200
    assert "Einsamkeit → Begegnung, Nachbarschaft, Teilhabe" in listing.content.decode()
    assert editor.get(admin_url(Synonym, "change", synonym.pk)).status_code == 200
    assert editor.get(admin_url(Synonym, "history", synonym.pk)).status_code == 200
    assert editor.get(admin_url(Synonym, "add")).status_code == 403
    data = {"kind": SynonymKind.ONE_WAY, "source": "Einsamkeit", "terms": "Gekapert", "opened_version": "1"}
    assert editor.post(admin_url(Synonym, "change", synonym.pk), data).status_code == 403
    assert editor.post(admin_url(Synonym, "delete", synonym.pk), {"post": "yes"}).status_code == 403
    synonym.refresh_from_db()
    assert "Teilhabe" in synonym.terms


def test_the_list_can_be_searched(editor, db):
    content = editor.get(admin_url(Synonym, "changelist"), {"q": "Dorfladen"}).content.decode()
    assert "Dorfladen = Dorfgeschäft = Genossenschaftsladen = Nahversorgung" in content
    assert "Dorfladen → Dorfentwicklung, Dorfgemeinschaft" in content
    assert "Tagespflege" not in content


def test_the_freigabe_adds_changes_and_deletes_synonyms(reviewer, db):
    data = {"kind": SynonymKind.ONE_WAY, "source": "Kiez", "terms": "Quartier"}
    assert reviewer.post(admin_url(Synonym, "add"), data).status_code == 302
    synonym = Synonym.objects.get(source="Kiez")

    form = change_form_data(reviewer.get(admin_url(Synonym, "change", synonym.pk)))
    form["terms"] = "Quartier, Stadtteil"
    assert reviewer.post(admin_url(Synonym, "change", synonym.pk), form).status_code == 302
    synonym.refresh_from_db()
    assert (synonym.terms, synonym.version) == ("Quartier\nStadtteil", 2)
    history = reviewer.get(admin_url(Synonym, "history", synonym.pk)).content.decode()
    assert "Stadtteil" in history.split('id="change-history"')[1]

    assert reviewer.post(admin_url(Synonym, "delete", synonym.pk), {"post": "yes"}).status_code == 302
    assert not Synonym.objects.filter(source="Kiez").exists()
    assert Synonym.history.filter(id=synonym.pk).count() == 3


def test_the_form_explains_groups_and_one_way_and_refuses_mistakes_in_german(reviewer, db):
    page = reviewer.get(admin_url(Synonym, "add")).content.decode()
    assert "findet auch alle anderen" in page and "aber nicht umgekehrt" in page

    refused = reviewer.post(admin_url(Synonym, "add"), {"kind": SynonymKind.GROUP, "terms": "Dorfladen\nDorfläden"})
    assert refused.status_code == 200
    assert "„Dorfläden“ steht schon in diesem Eintrag" in refused.content.decode()
    assert not Synonym.objects.filter(terms__contains="Dorfläden").exists()
