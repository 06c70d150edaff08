"""Facet counts are per value: an option's number is how many entries have that value under every other
facet's filters — the total a person gets by ticking that option alone in its facet."""

import pytest
from django.db.models import Q
from django.test import override_settings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

LISTS = ["/api/v1/praxisbeispiele/", "/api/v1/foerderprogramme/", "/api/v1/beratung/"]
QUERIES = ["", "Pflege", "Quartier", "Wohnen", "Demenz", "Stiftung", "Beratung"]


def get(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def selection(data):
    """The query parameters of the current state, as the form would send them."""
    params = []
    for facet in data["facetten"]:
        params += [(facet["name"], option["wert"]) for option in facet["optionen"] if option["gewaehlt"]]
    if data["suche"]["begriff"]:
        params.append(("q", data["suche"]["begriff"]))
    return params


def as_query(params):
    query = {}
    for name, value in params:
        query.setdefault(name, []).append(value)
    return query


def alone(current, facet_name, value):
    """The current selection with only value ticked in its facet."""
    return [(name, item) for name, item in current if name != facet_name] + [(facet_name, value)]


def assert_every_option_count_is_honest(client, url, params):
    data = get(client, url, as_query(params))
    current = selection(data)
    for facet in data["facetten"]:
        for option in facet["optionen"]:
            ticked = get(client, url, as_query(alone(current, facet["name"], option["wert"])))
            assert ticked["anzahl"] == option["anzahl"], (url, params, facet["name"], option["wert"])


@pytest.mark.parametrize("url", LISTS)
def test_every_option_count_matches_its_result_count_without_filters(client, db, url):
    assert_every_option_count_is_honest(client, url, [])


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/praxisbeispiele/", [("handlungsfeld", "wohnen"), ("bundesland", "nordrhein-westfalen")]),
        ("/api/v1/praxisbeispiele/", [("zielgruppe", "menschen-mit-demenz"), ("zielgruppe", "ehrenamtliche")]),
        ("/api/v1/foerderprogramme/", [("foerderebene", "land"), ("antragsberechtigte", "kommunen")]),
        ("/api/v1/foerderprogramme/", [("status", "geschlossen"), ("foerdergebiet", "rheinland-pfalz")]),
        ("/api/v1/beratung/", [("region", "landkreis-bad-kreuznach"), ("q", "Beratung")]),
    ],
)
def test_every_option_count_matches_its_result_count_with_filters(client, db, url, params):
    assert_every_option_count_is_honest(client, url, params)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_filter_combinations_give_honest_counts(client, db, data):
    url = data.draw(st.sampled_from(LISTS), label="list")
    start = get(
        client, url, {"status": ["offen", "demnaechst", "unbekannt", "geschlossen"]} if "foerder" in url else {}
    )
    params = []
    for facet in start["facetten"]:
        values = [option["wert"] for option in facet["optionen"]]
        if values:
            params += [(facet["name"], value) for value in data.draw(st.lists(st.sampled_from(values), max_size=2))]
    query = data.draw(st.sampled_from(QUERIES), label="q")
    if query:
        params.append(("q", query))
    result = get(client, url, as_query(params))
    current = selection(result)
    facet = data.draw(st.sampled_from([facet for facet in result["facetten"] if facet["optionen"]]), label="facet")
    option = data.draw(st.sampled_from(facet["optionen"]), label="option")
    ticked = get(client, url, as_query(alone(current, facet["name"], option["wert"])))
    assert ticked["anzahl"] == option["anzahl"]
    # The result list and the total agree.
    assert len(result["ergebnisse"]) == min(result["anzahl"], 20)


# In some lists no entry contains every word of these, and the lists show the entries with most of the words;
# most name places, which also match the entries for their region (catalogue/places.py).
PARTIAL_QUERIES = [
    "Fördermittel für Kommunen in Rheinland-Pfalz",
    "Zuschuss Quartiersmanagement Rheinland-Pfalz",
    "Beratung Mainz",
    "Ansprechpartner Pflege-WG Hetzerath",
    "Demenz Bielefeld Eching",
    "Wohnen Krefeld Bayern",
    "Quartiersmanagement Förderung NRW",
    "Ansprechpartner Trier",
    "Pflege-WG bei Wittlich",
    "Tagespflege Kaiserslautern",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_counts_agree_with_the_results_for_partial_matches_and_places(client, db, data):
    url = data.draw(st.sampled_from(LISTS), label="list")
    query = data.draw(st.sampled_from(PARTIAL_QUERIES), label="q")
    start = get(client, url, {"q": query})
    params = [("q", query)]
    for facet in start["facetten"]:
        values = [option["wert"] for option in facet["optionen"]]
        if values:
            params += [(facet["name"], value) for value in data.draw(st.lists(st.sampled_from(values), max_size=2))]
    result = get(client, url, as_query(params))
    # The facets never switch the mode: the counts are computed under the same search.
    assert result["suche"]["treffer"] == start["suche"]["treffer"]
    current = selection(result)
    shown = [facet for facet in result["facetten"] if facet["optionen"]]
    assume(shown)  # nothing found, nothing to count
    facet = data.draw(st.sampled_from(shown), label="facet")
    option = data.draw(st.sampled_from(facet["optionen"]), label="option")
    ticked = get(client, url, as_query(alone(current, facet["name"], option["wert"])))
    assert ticked["anzahl"] == option["anzahl"]
    assert len(result["ergebnisse"]) == min(result["anzahl"], 20)


def test_some_of_the_queries_match_only_some_words_and_most_name_places(client, db):
    answers = [get(client, url, {"q": query})["suche"] for url in LISTS for query in PARTIAL_QUERIES]
    assert sum(answer["treffer"] == "einige-woerter" for answer in answers) >= 10
    assert sum(bool(answer["orte"]) for answer in answers) >= 20


def test_values_of_one_facet_combine_with_or(client, db):
    url = "/api/v1/praxisbeispiele/"
    wohnen = get(client, url, {"handlungsfeld": "wohnen"})["anzahl"]
    mobil = get(client, url, {"handlungsfeld": "mobilitaet"})["anzahl"]
    both = get(client, url, {"handlungsfeld": ["wohnen", "mobilitaet"]})["anzahl"]
    assert max(wohnen, mobil) <= both <= wohnen + mobil


def test_different_facets_combine_with_and(client, db):
    url = "/api/v1/praxisbeispiele/"
    nrw = get(client, url, {"bundesland": "nordrhein-westfalen"})["anzahl"]
    nrw_wohnen = get(client, url, {"bundesland": "nordrhein-westfalen", "handlungsfeld": "wohnen"})["anzahl"]
    assert nrw_wohnen <= nrw


def test_a_nationwide_programme_counts_for_every_land(client, db):
    from funding.models import FundingProgramme

    nationwide = FundingProgramme.objects.published().filter(nationwide=True).count()
    for land in ["bremen", "thueringen", "rheinland-pfalz"]:
        assert (
            get(
                client,
                "/api/v1/foerderprogramme/",
                {"foerdergebiet": land, "status": ["offen", "demnaechst", "unbekannt", "geschlossen"]},
            )["anzahl"]
            >= nationwide
        )


def test_a_land_wide_service_counts_for_every_kreis(client, db):
    slugs = [
        entry["slug"] for entry in get(client, "/api/v1/beratung/", {"region": "landkreis-vulkaneifel"})["ergebnisse"]
    ]
    assert "landesberatungsstelle-lsjv" in slugs
    assert "stiftung-liebenau" not in slugs


def test_closed_programmes_are_hidden_unless_asked_for(client, make_programme, today):
    import datetime

    make_programme(slug="abgelaufen", application_end=datetime.date(2020, 1, 1))
    default = [entry["slug"] for entry in get(client, "/api/v1/foerderprogramme/", {"q": "Testprogramm"})["ergebnisse"]]
    assert "abgelaufen" not in default
    closed = get(client, "/api/v1/foerderprogramme/", {"q": "Testprogramm", "status": "geschlossen"})
    assert [entry["slug"] for entry in closed["ergebnisse"]] == ["abgelaufen"]


def test_programmes_with_unknown_deadlines_are_listed_but_not_as_open(client, make_programme):
    from funding.models import DeadlineState

    make_programme(slug="offen-laufend")
    make_programme(slug="frist-unbekannt", deadline_state=DeadlineState.UNKNOWN)
    make_programme(slug="programm-beendet", deadline_state=DeadlineState.ENDED)

    def slugs(**params):
        found = get(client, "/api/v1/foerderprogramme/", {"q": "Testprogramm", **params})["ergebnisse"]
        return {entry["slug"] for entry in found}

    assert slugs() == {"offen-laufend", "frist-unbekannt"}
    assert slugs(status="offen") == {"offen-laufend"}
    assert slugs(status="unbekannt") == {"frist-unbekannt"}
    assert slugs(status="geschlossen") == {"programm-beendet"}
    found = get(client, "/api/v1/foerderprogramme/", {"q": "Testprogramm", "status": "unbekannt"})["ergebnisse"]
    assert [(entry["status"], entry["fristenstand"], entry["laufend"]) for entry in found] == [
        ("Frist unbekannt", "unbekannt", False)
    ]
    facets = get(client, "/api/v1/foerderprogramme/", {"q": "Testprogramm"})["facetten"]
    counts = {
        option["wert"]: option["anzahl"] for option in next(f for f in facets if f["name"] == "status")["optionen"]
    }
    # Per value, under the default „nur aktuelle Programme“: the ended one is not counted, and options without
    # entries are not listed.
    assert counts == {"offen": 1, "unbekannt": 1}
    ended = next(f for f in facets if f["name"] == "abgelaufene")["optionen"]
    assert [(option["wert"], option["anzahl"], option["gewaehlt"]) for option in ended] == [
        ("nein", 2, True),
        ("ja", 3, False),
    ]


def test_the_deadline_facet_counts_programmes_ending_soon(client, make_programme):
    import datetime

    today = datetime.date.today()
    make_programme(slug="bald", application_end=today + datetime.timedelta(days=10))
    make_programme(slug="spaeter", application_end=today + datetime.timedelta(days=60))
    data = get(client, "/api/v1/foerderprogramme/", {"frist": "30"})
    assert [entry["slug"] for entry in data["ergebnisse"]] == ["bald"]
    data = get(client, "/api/v1/foerderprogramme/", {"frist": "90", "sort": "frist"})
    assert [entry["slug"] for entry in data["ergebnisse"]] == ["bald", "spaeter"]


def test_the_html_page_and_the_api_agree(client, db):
    params = {"handlungsfeld": "wohnen", "q": "Pflege"}
    api = get(client, "/api/v1/praxisbeispiele/", params)
    page = client.get("/praxisbeispiele/", params)
    listing = page.context["listing"]
    assert listing.total == api["anzahl"]
    assert [entry.slug for entry in listing.page] == [entry["slug"] for entry in api["ergebnisse"]]
    html_counts = {(f.name, o.value): o.count for f in listing.facets for o in f.visible_options}
    api_counts = {(f["name"], o["wert"]): o["anzahl"] for f in api["facetten"] for o in f["optionen"]}
    assert html_counts == api_counts
    assert f"{api['anzahl']} Praxisbeispiel" in page.content.decode()


def test_options_that_would_add_nothing_are_hidden(client, db):
    content = client.get("/praxisbeispiele/", {"bundesland": "bremen"}).content.decode()
    assert 'name="kreis"' not in content  # no Bremen example lies in a Rhineland-Palatinate Kreis


def test_active_filters_are_removable_chips(client, db):
    content = client.get("/praxisbeispiele/", {"handlungsfeld": "wohnen", "q": "Pflege"}).content.decode()
    assert "Handlungsfeld: Wohnen" in content
    assert 'href="?q=Pflege"' in content
    assert "Alle Filter zurücksetzen" in content


def test_a_default_is_no_chip_and_no_reset_link(client, db):
    # The funding list hides closed programmes unless asked: that is where it starts, not a filter to remove.
    listing = client.get("/foerderprogramme/").context["listing"]
    assert listing.chips == []
    assert "Alle Filter zurücksetzen" not in client.get("/foerderprogramme/").content.decode()


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/foerderprogramme/", {"status": "offen"}),
        ("/foerderprogramme/", {"status": ["offen", "demnaechst", "unbekannt"], "foerderebene": "land"}),
        ("/praxisbeispiele/", {"handlungsfeld": ["wohnen", "mobilitaet"], "q": "Pflege"}),
        ("/beratung/", {"region": "rheinland-pfalz"}),
    ],
)
def test_every_chip_and_the_reset_link_lead_to_another_list(client, db, url, params):
    listing = client.get(url, params).context["listing"]
    current = (listing.total, sorted((f.name, o.value) for f in listing.facets for o in f.options if o.selected))
    assert listing.chips
    for target in [chip.url for chip in listing.chips] + ["?"]:
        other = client.get(url + target).context["listing"]
        state = (other.total, sorted((f.name, o.value) for f in other.facets for o in f.options if o.selected))
        assert (state, other.query) != (current, listing.query), target


def test_empty_results_suggest_removing_the_most_restrictive_filter(client, db):
    page = client.get("/praxisbeispiele/", {"bundesland": "bremen", "handlungsfeld": "mobilitaet"})
    listing = page.context["listing"]
    assert listing.total == 0
    assert listing.relaxations
    content = page.content.decode()
    assert "nicht mehr einschränken" in content
    assert "Beratungsstelle" in content


@pytest.mark.parametrize(
    ("url", "limit"),
    [("/praxisbeispiele/", 6), ("/foerderprogramme/", 6), ("/beratung/", 6), *[(url, 8) for url in LISTS]],
)
def test_lists_use_a_fixed_number_of_queries(client, db, url, limit):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkzeugkoffer.catalogue import filters, places, synonyms

    counts = set()
    for page_size in (1, 2, 20):
        cache.clear()
        filters._vocabularies.clear()
        synonyms._loaded.clear()
        places._loaded.clear()
        with override_settings(LIST_PAGE_SIZE=page_size), CaptureQueriesContext(connection) as captured:
            client.get(url, {"q": "Pflege", "handlungsfeld": ["wohnen", "beratung"]})
        counts.add(len(captured))
    assert len(counts) == 1, counts
    # Cold as here, a search also reads the place list once per content version (see places.for_request).
    assert counts.pop() <= limit + 1


@pytest.mark.parametrize("url", ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/"])
def test_lists_of_entries_with_some_of_the_words_use_a_fixed_number_of_queries(client, db, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkzeugkoffer.catalogue import filters, places, synonyms

    counts = set()
    for page_size in (1, 2, 20):
        cache.clear()
        filters._vocabularies.clear()
        synonyms._loaded.clear()
        places._loaded.clear()
        with override_settings(LIST_PAGE_SIZE=page_size), CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"q": "Pflege Xylophonwerkstatt", "handlungsfeld": "wohnen"})
        assert response.context["listing"].mode == "partial"
        # Savepoints only exist because the test runs in a transaction; a request has none around the search.
        counts.add(len([query for query in captured if "SAVEPOINT" not in query["sql"]]))
    assert len(counts) == 1, counts
    # Four more than a list that finds every word: the counting statement that found no entry with every
    # word, the planner setting and the query for which words occur at all, one for the spelling of those
    # that do not; and, cold as here, one for the synonym list and one for the place list.
    assert counts.pop() <= 10


def test_the_query_count_does_not_depend_on_the_page_size(client, db, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkzeugkoffer.catalogue import filters

    counts = []
    for size in (1, 20):
        cache.clear()
        filters._vocabularies.clear()
        with override_settings(LIST_PAGE_SIZE=size), CaptureQueriesContext(connection) as captured:
            client.get("/praxisbeispiele/", {"handlungsfeld": "wohnen"})
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 6


def test_facet_counts_are_reused_until_the_content_changes(client, make_example):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            data = client.get("/api/v1/praxisbeispiele/", {"handlungsfeld": "wohnen"}).json()
        return len(captured), data["anzahl"]

    first, total = queries()
    second, same_total = queries()
    # Neither the counts nor the taxonomies behind the options are read again; the page of ids,
    # which came with the counts, now needs its own query.
    assert second == first - 1 and same_total == total
    make_example(slug="noch-eins").fields_of_action.set([1])
    third, new_total = queries()
    assert third == first and new_total == total + 1


def test_taxonomies_are_read_again_when_the_content_changes(client, db):
    from werkzeugkoffer.models import FieldOfAction

    def labels():
        data = client.get("/api/v1/praxisbeispiele/").json()
        facet = next(facet for facet in data["facetten"] if facet["name"] == "handlungsfeld")
        return {option["titel"] for option in facet["optionen"]}

    assert "Wohnen" in labels()
    FieldOfAction.objects.filter(slug="wohnen").update(name="Wohnen und Bauen")
    assert "Wohnen und Bauen" in labels() and "Wohnen" not in labels()


def test_the_partial_returns_only_the_results_region(client, db):
    response = client.get("/praxisbeispiele/", {"handlungsfeld": "wohnen"}, headers={"X-Werkzeugkoffer-Partial": "1"})
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="ergebnis-ueberschrift"' in content
    assert "X-Werkzeugkoffer-Partial" in response["Vary"]


def test_two_facets_over_one_column_are_both_counted(db):
    from projects.filters import PracticeExampleFilterSet
    from projects.models import AreaType, PracticeExample
    from werkzeugkoffer.catalogue.counting import count_facets
    from werkzeugkoffer.catalogue.filters import FacetFilter, choice_options

    class TwiceFilter(PracticeExampleFilterSet):
        raumtyp_kopie = FacetFilter(
            field_name="area_type", label="Raumtyp", options=choice_options(AreaType), unknown=Q(area_type="")
        )

    published = PracticeExample.objects.published()
    total, facets, _ids = count_facets(TwiceFilter({}, queryset=published), published)
    counts = {facet.name: {option.value: option.count for option in facet.options} for facet in facets}
    assert total == published.count()
    assert counts["raumtyp_kopie"] == counts["raumtyp"]
    assert sum(counts["raumtyp"].values()) == published.count()
    assert counts["raumtyp"]["nicht-angegeben"] == published.filter(area_type="").count()


def test_options_given_to_one_filterset_stay_with_it(db):
    from projects.filters import PracticeExampleFilterSet
    from werkzeugkoffer.catalogue.filters import Option

    first = PracticeExampleFilterSet({}, options={"schlagwort": [Option("nur-hier", "Nur hier", 1)]})
    second = PracticeExampleFilterSet({})
    assert [option.value for option in first.filters["schlagwort"].options] == ["nur-hier"]
    assert second.filters["schlagwort"].options == []
    assert second.filters["schlagwort"].extra["choices"] == []
    assert PracticeExampleFilterSet.base_filters["schlagwort"].extra["choices"] == []


SEARCH_PAGES = [("/api/v1/praxisbeispiele/", {"q": "Pflege", "sort": sort}) for sort in ("relevanz", "neu", "titel")]
SEARCH_PAGES += [("/api/v1/beratung/", {"q": "Beratung", "sort": sort}) for sort in ("relevanz", "titel")]
# With facet filters (here the default „offen oder demnächst“) the page comes with the counts too.
SEARCH_PAGES += [("/api/v1/foerderprogramme/", {"q": "Förderung", "sort": sort}) for sort in ("relevanz", "frist")]
SEARCH_PAGES += [("/api/v1/praxisbeispiele/", {"q": "Pflege", "handlungsfeld": "wohnen"})]
# Two active filters: the counts also read rows failing one of them, which must not reach the page.
SEARCH_PAGES += [("/api/v1/foerderprogramme/", {"q": "Förderung", "foerdergebiet": "nordrhein-westfalen"})]
SEARCH_PAGES += [("/api/v1/praxisbeispiele/", {"handlungsfeld": "wohnen", "sort": sort}) for sort in ("neu", "titel")]


@pytest.mark.parametrize(("url", "params"), SEARCH_PAGES)
@override_settings(LIST_PAGE_SIZE=3)
def test_a_page_read_with_the_counts_equals_the_page_read_alone(client, db, url, params):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page(number):
        """The slugs on the page and how many queries read a page of ids on their own."""
        with CaptureQueriesContext(connection) as captured:
            data = get(client, url, {**params, "page": number})
        alone = [q for q in captured if "LIMIT" in q["sql"] and not q["sql"].startswith("WITH")]
        return [entry["slug"] for entry in data["ergebnisse"]], len(alone)

    numbers = range(1, min(4, -(-get(client, url, params)["anzahl"] // 3)) + 1)
    assert len(numbers) > 1
    together = []  # counts not cached: the page comes with them
    for number in numbers:
        cache.clear()
        together.append(page(number))
    alone = [page(number) for number in numbers]  # counts cached: the page is read on its own
    assert [count for _slugs, count in together] == [0] * len(numbers)
    assert [count for _slugs, count in alone] == [1] * len(numbers)
    assert [slugs for slugs, _count in together] == [slugs for slugs, _count in alone]
    slugs = [slug for page_slugs, _count in together for slug in page_slugs]
    assert len(slugs) == len(set(slugs)) > 3


def test_with_two_filters_only_the_rows_passing_both_are_ranked(client, db):
    """Rows failing one filter still count for the other facet, but never reach the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"q": "Pflege", "handlungsfeld": "wohnen", "bundesland": "rheinland-pfalz"}
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/praxisbeispiele/", params).status_code == 200
    statement = next(query["sql"] for query in captured if query["sql"].startswith("WITH base"))
    base_rows = statement.split(") SELECT ")[0]
    assert base_rows.count("ts_rank(") == base_rows.count("THEN ts_rank(") == 1


@pytest.mark.parametrize("url", ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/", "/api/v1/praxisbeispiele/"])
def test_the_result_rows_are_read_without_their_search_columns(client, db, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"q": "Pflege"}).status_code == 200
    selects = [query["sql"].split(" FROM ")[0] for query in captured]
    assert any('"title"' in select or '"name"' in select for select in selects)
    assert not [select for select in selects if '"search_document"' in select or '"search_text"' in select]


@pytest.mark.parametrize(
    ("url", "long_text"),
    [
        ("/praxisbeispiele/", "implementation"),
        ("/foerderprogramme/", "funded_activities"),
        ("/beratung/", "opening_hours"),
    ],
)
@pytest.mark.parametrize("params", [{}, {"q": "Pflege"}, {"q": "Pflege", "sort": "titel"}])
def test_html_lists_read_only_what_their_cards_show(client, db, url, long_text, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200 and 'class="card"' in response.content.decode()
    # The selected columns; the highlighted snippet after them reads the long texts inside the database.
    columns = [
        q["sql"].split(" FROM ")[0].split("ts_headline(")[0] for q in captured if not q["sql"].startswith("WITH")
    ]
    rows = [selected for selected in columns if '"slug"' in selected]
    assert rows and not [selected for selected in rows if f'"{long_text}"' in selected]
    # The API still gives the whole entry.
    api = client.get("/api/v1" + url, params).json()["ergebnisse"]
    assert api


def test_rows_failing_two_active_filters_are_not_read_for_counting(client, db):
    from django.db import connection
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from projects.models import PracticeExample
    from werkzeugkoffer.models import FieldOfAction, Region

    with CaptureQueriesContext(connection) as captured:
        client.get("/praxisbeispiele/", {"bundesland": "rheinland-pfalz", "handlungsfeld": "wohnen"})
    statement = next(query["sql"] for query in captured if query["sql"].startswith("WITH base"))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)
        plan = cursor.fetchone()[0][0]["Plan"]
    base = next(node for node in plan["Plans"] if node.get("Subplan Name") == "CTE base")
    wohnen = FieldOfAction.objects.get(slug="wohnen").pk
    published = PracticeExample.objects.published()
    either = published.filter(Q(state=Region.objects.get(slug="rheinland-pfalz")) | Q(facet_fields__overlap=[wohnen]))
    assert base["Actual Rows"] == either.count() < published.count()


def test_a_search_whose_matches_the_facets_exclude_stays_empty_with_honest_counts(client, db):
    # „Pflege“ finds three foundation programmes (one by the later part of „Wohlfahrtspflege“), none in „Mobilität“.
    params = [("q", "Pflege"), ("foerderebene", "stiftung"), ("handlungsfeld", "mobilitaet")]
    data = get(client, "/api/v1/foerderprogramme/", as_query(params))
    assert data["anzahl"] == 0
    assert data["suche"]["modus"] == "volltext"
    assert_every_option_count_is_honest(client, "/api/v1/foerderprogramme/", params)


def test_facet_checkboxes_escape_their_text_and_nest_each_group_once_with_its_own_legend():
    from werkzeugkoffer.catalogue.counting import FacetOption, FacetResult
    from werkzeugkoffer.catalogue.filters import Option
    from werkzeugkoffer.templatetags.werkzeugkoffer import facet_checkboxes

    options = [
        FacetOption(Option("mainz", "Mainz", 1, group="Rheinland-Pfalz"), 4, True),
        FacetOption(Option("trier", "Trier", 2, group="Rheinland-Pfalz"), 7, False),
        FacetOption(Option('x"><script>', "<b>Böse</b>", 3, group="<i>Land</i>"), 1, False),
        FacetOption(Option("leer", "Leer", 4), 0, False),
    ]
    html = facet_checkboxes(FacetResult("kreis", "Kreis", options))
    assert html.count('<details class="facet-nested"') == 2
    assert html.count("</fieldset></details>") == 2
    assert "<legend>Kreise und kreisfreie Städte in Rheinland-Pfalz</legend>" in html
    assert '<details class="facet-nested" data-group="Rheinland-Pfalz" open>' in html
    assert (
        '<input type="checkbox" name="kreis" value="mainz" id="f-kreis-mainz" checked>'
        '<label for="f-kreis-mainz">Mainz <span class="facet-count">(4<span class="visually-hidden"> Treffer</span>)'
        "</span></label>" in html
    )
    assert 'id="f-kreis-trier">' in html
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert 'value="x&quot;&gt;&lt;script&gt;"' in html and "&lt;b&gt;Böse&lt;/b&gt;" in html
    assert "leer" not in html  # adds nothing and is not selected


def test_forms_of_filtersets_with_other_options_keep_their_own_choices(db):
    from projects.filters import PracticeExampleFilterSet
    from werkzeugkoffer.catalogue.filters import Option

    first = PracticeExampleFilterSet({"schlagwort": ["eins"]}, options={"schlagwort": [Option("eins", "Eins", 1)]})
    second = PracticeExampleFilterSet({"schlagwort": ["eins"]}, options={"schlagwort": [Option("zwei", "Zwei", 2)]})
    again = PracticeExampleFilterSet({"schlagwort": ["zwei"]}, options={"schlagwort": [Option("zwei", "Zwei", 2)]})
    assert list(first.form.fields["schlagwort"].choices) == [("eins", "Eins")]
    assert list(second.form.fields["schlagwort"].choices) == [("zwei", "Zwei")]
    assert first.cleaned("schlagwort") == ["eins"] and second.cleaned("schlagwort") == []
    assert second.ignored_values() == [("Schlagwort", "eins")] and again.ignored_values() == []
    # The same options share one form class; each form still has its own fields.
    assert type(again.form) is type(second.form) and type(first.form) is not type(second.form)
    assert again.form.fields["schlagwort"] is not second.form.fields["schlagwort"]


def test_ticking_a_land_leaves_the_counts_of_the_other_laender_as_they_were(client, db):
    url = "/api/v1/praxisbeispiele/"

    def land_counts(params):
        facet = next(facet for facet in get(client, url, params)["facetten"] if facet["name"] == "bundesland")
        return {option["wert"]: option["anzahl"] for option in facet["optionen"] if option["anzahl"]}

    untouched = land_counts({})
    assert land_counts({"bundesland": "rheinland-pfalz"}) == untouched
    # Each number is the entries of that Land, not the size of the list after ticking it as well.
    assert untouched["bayern"] == get(client, url, {"bundesland": "bayern"})["anzahl"]
    assert "berlin" not in untouched


def test_the_sort_in_effect_by_default_is_sent_empty_so_that_a_search_sorts_by_relevance(client, db):
    listing = client.get("/praxisbeispiele/").context["listing"]
    assert (listing.sort, listing.sort_chosen) == ("neu", False)
    assert '<option value="" selected>Neueste zuerst</option>' in client.get("/praxisbeispiele/").content.decode()
    # The form as sent after typing a search term: the default sort comes back empty.
    assert client.get("/praxisbeispiele/", {"q": "Pflege", "sort": ""}).context["listing"].sort == "relevanz"
    chosen = client.get("/praxisbeispiele/", {"q": "Pflege", "sort": "titel"})
    assert (chosen.context["listing"].sort, chosen.context["listing"].sort_chosen) == ("titel", True)
    assert '<option value="titel" selected>Titel A–Z</option>' in chosen.content.decode()


def test_a_long_group_of_options_starts_folded_unless_one_of_them_is_chosen():
    from werkzeugkoffer.catalogue.counting import FacetOption, FacetResult
    from werkzeugkoffer.catalogue.filters import Option
    from werkzeugkoffer.templatetags.werkzeugkoffer import facet_checkboxes

    def options(chosen):
        return [
            FacetOption(Option(f"k{i}", f"Kreis {i}", i, group="Rheinland-Pfalz"), 1, i == chosen) for i in range(12)
        ]

    assert '<details class="facet-nested" data-group="Rheinland-Pfalz">' in facet_checkboxes(
        FacetResult("region", "Region", options(chosen=None))
    )
    assert '<details class="facet-nested" data-group="Rheinland-Pfalz" open>' in facet_checkboxes(
        FacetResult("region", "Region", options(chosen=3))
    )


def test_a_single_choice_facet_is_a_radio_group_whose_default_is_sent_empty():
    from werkzeugkoffer.catalogue.counting import FacetOption, FacetResult
    from werkzeugkoffer.catalogue.filters import Option
    from werkzeugkoffer.templatetags.werkzeugkoffer import facet_checkboxes

    options = [FacetOption(Option("nein", "nur aktuelle"), 30, True), FacetOption(Option("ja", "auch alte"), 33, False)]
    html = facet_checkboxes(FacetResult("abgelaufene", "Abgelaufene", options, single=True))
    assert '<input type="radio" name="abgelaufene" value="" id="f-abgelaufene-nein" checked>' in html
    assert '<input type="radio" name="abgelaufene" value="ja" id="f-abgelaufene-ja">' in html
