"""The Handlungsempfehlungen as the public uses them: list, detail, facets, search, API, bad input, query counts,
the links to and from the other catalogues, the global search and the suggestions.

Every test makes its own recommendations, all with the made-up word „Zebrastreifen“ in the title, and searches
for it, so that seeded recommendations never change what a test sees.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guidance.models import Audience, GuidanceKind, Phase, Recommendation
from werkzeugkoffer.backoffice.dashboard import zero_result_searches
from werkzeugkoffer.models import FieldOfAction, PublicationStatus, SearchPlace, TargetGroup, ZeroResultQuery

LIST, API = "/handlungsempfehlungen/", "/api/v1/handlungsempfehlungen/"
WORD = "Zebrastreifen"


def listing(client, **params):
    response = client.get(LIST, {"q": WORD, **params})
    assert response.status_code == 200
    return response.context["listing"]


def api(client, url=API, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def facet(listing, name):
    return next(facet for facet in listing.facets if facet.name == name)


def counts(listing, name):
    return {option.value: option.count for option in facet(listing, name).visible_options}


def slugs(listing):
    return [entry.slug for entry in listing.page]


@pytest.fixture
def zebras(make_recommendation):
    """Three published recommendations that differ in kind, audiences and phases, and a draft."""
    wohnen, pflege = FieldOfAction.objects.order_by("pk")[:2]
    method = make_recommendation(
        title="Zebrastreifen-Methode Igelspaziergang",
        slug="zebra-methode",
        kind=GuidanceKind.METHOD,
        steps="Einladen: Die Nachbarschaft persönlich ansprechen.\nLosgehen",
        audiences=[Audience.MUNICIPALITY],
        phases=[Phase.START],
    )
    method.fields_of_action.set([wohnen])
    method.tags.set(["Zebrastreifenschlagwort"])
    advice = make_recommendation(
        title="Zebrastreifen-Empfehlung Beteiligung",
        slug="zebra-empfehlung",
        kind=GuidanceKind.RECOMMENDATION,
        audiences=[Audience.MUNICIPALITY, Audience.PROVIDER],
        phases=[],
    )
    advice.fields_of_action.set([wohnen, pflege])
    advice.target_groups.set([TargetGroup.objects.order_by("pk").first()])
    checklist = make_recommendation(
        title="Zebrastreifen-Checkliste Kakteenzählung",
        slug="zebra-checkliste",
        kind=GuidanceKind.CHECKLIST,
        steps="Raum\nTermin",
        audiences=[],
        phases=[Phase.IMPLEMENTATION],
    )
    draft = make_recommendation(
        title="Zebrastreifen-Entwurf",
        slug="zebra-entwurf",
        audiences=[Audience.MUNICIPALITY],
        phases=[Phase.START],
        status=PublicationStatus.DRAFT,
    )
    return {"method": method, "advice": advice, "checklist": checklist, "draft": draft}


# --- List and detail pages ---


def test_the_list_shows_only_published_recommendations_with_german_texts(client, zebras):
    response = client.get(LIST, {"q": WORD})
    content = response.content.decode()

    assert set(slugs(response.context["listing"])) == {"zebra-methode", "zebra-empfehlung", "zebra-checkliste"}
    assert "<h1>Handlungsempfehlungen und Methoden</h1>" in content
    assert "3 Handlungsempfehlungen für „Zebrastreifen“" in content
    assert "<title>3 Handlungsempfehlungen für „Zebrastreifen“ – Werkzeugkoffer Quartiersentwicklung" in content
    assert "Handlungsempfehlungen durchsuchen" in content
    assert 'data-suggest-scope="handlungsempfehlungen"' in content
    assert "Methode · für Kommune · Start" in content
    assert "Empfehlung · für Kommune, Träger / Wohlfahrtsverband</p>" in content
    assert 'href="/handlungsempfehlungen/zebra-checkliste/"' in content
    assert '<p class="wk-print-url">http://testserver/handlungsempfehlungen/zebra-checkliste/</p>' in content
    assert "Zebrastreifen-Entwurf" not in content


def test_the_live_filter_gets_only_the_results_region(client, zebras):
    response = client.get(LIST, {"q": WORD, "fuer": "kommune"}, headers={"X-Werkzeugkoffer-Partial": "1"})
    content = response.content.decode()
    assert "<html" not in content
    assert "2 Handlungsempfehlungen für „Zebrastreifen“</h2>" in content
    assert "X-Werkzeugkoffer-Partial" in response["Vary"]


def test_one_recommendation_is_named_in_the_singular(client, zebras):
    content = client.get(LIST, {"q": "Kakteenzählung"}).content.decode()
    assert "1 Handlungsempfehlung für „Kakteenzählung“" in content


def test_the_list_sorts_by_title_or_newest(client, zebras):
    Recommendation.objects.filter(slug="zebra-empfehlung").update(
        created_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert slugs(listing(client, sort="titel")) == ["zebra-checkliste", "zebra-empfehlung", "zebra-methode"]
    assert slugs(listing(client, sort="neu")) == ["zebra-empfehlung", "zebra-checkliste", "zebra-methode"]
    # Without a search the default is the title.
    assert listing(client).sort == "relevanz" and listing(client, q="").sort == "titel"


def test_the_detail_page_shows_the_profile_in_german(client, zebras):
    zebras["method"].further_reading = '<ul><li><a href="https://example.org/leitfaden">Leitfaden</a></li></ul>'
    zebras["method"].source_url = "https://example.org/quelle"
    zebras["method"].save()

    response = client.get("/handlungsempfehlungen/zebra-methode/")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="kern-heading-x-large">Zebrastreifen-Methode Igelspaziergang</h1>' in content
    assert 'aria-label="Brotkrumennavigation"' in content and 'href="/handlungsempfehlungen/"' in content
    assert ">Steckbrief</h2>" in content
    assert '<dt class="kern-description-list-item__key">Für wen</dt>' in content
    assert ">Kommune</dd>" in content and ">Start</dd>" in content
    assert ">Zebrastreifenschlagwort</dd>" in content
    assert ">Schritt für Schritt</h2>" in content
    assert "<li><strong>Einladen:</strong> Die Nachbarschaft persönlich ansprechen.</li><li>Losgehen</li>" in content
    assert ">Literatur und weiterführende Links</h2>" in content
    assert 'href="https://example.org/leitfaden"' in content
    assert "Quelle im Internet" in content and 'href="https://example.org/quelle"' in content
    assert "Vorschau" not in content


def test_the_detail_page_says_when_audience_and_phase_are_not_stated(client, zebras):
    content = client.get("/handlungsempfehlungen/zebra-empfehlung/").content.decode()
    assert ">Kommune, Träger / Wohlfahrtsverband</dd>" in content
    assert 'Projektphase</dt><dd class="kern-description-list-item__value">nicht angegeben</dd>' in content
    unknown_audience = client.get("/handlungsempfehlungen/zebra-checkliste/").content.decode()
    assert 'Für wen</dt><dd class="kern-description-list-item__value">nicht angegeben</dd>' in unknown_audience
    assert "Schritt für Schritt" not in content


@pytest.mark.parametrize(
    "fields",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.IN_REVIEW},
        {"status": PublicationStatus.ARCHIVED},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "in-review", "archived", "not-yet"],
)
def test_an_unpublished_recommendation_gives_the_public_a_german_404(client, make_recommendation, fields):
    recommendation = make_recommendation(**fields)

    response = client.get(recommendation.get_absolute_url())

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert client.get(f"{API}{recommendation.slug}/").status_code == 404
    assert recommendation.slug not in [entry["slug"] for entry in api(client, q="Testempfehlung")["ergebnisse"]]


def test_an_unknown_address_gives_a_german_404(client, db):
    response = client.get("/handlungsempfehlungen/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert client.get(f"{API}gibt-es-nicht/").json()["fehler"]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.ARCHIVED])
def test_a_verified_editor_sees_an_unpublished_recommendation_as_a_marked_preview(editor, make_recommendation, status):
    recommendation = make_recommendation(status=status)

    response = editor.get(recommendation.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vorschau – nicht öffentlich" in content
    assert f"Status: {recommendation.get_status_display()}" in content
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    # The API stays public: no preview there.
    assert editor.get(f"{API}{recommendation.slug}/").status_code == 404


def test_staff_without_a_second_factor_or_a_role_get_no_preview(client, make_staff, client_for, make_recommendation):
    draft = make_recommendation(status=PublicationStatus.DRAFT)
    client.force_login(make_staff("ohne-2fa", "Redaktion"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client_for(make_staff("ohne-rolle")).get(draft.get_absolute_url()).status_code == 404


# --- Facets ---


def test_each_option_counts_the_entries_with_its_value_under_the_other_filters(client, zebras):
    everything = listing(client)
    assert everything.total == 3
    assert counts(everything, "art") == {"empfehlung": 1, "methode": 1, "checkliste": 1}
    assert counts(everything, "fuer") == {"kommune": 2, "traeger": 1, "nicht-angegeben": 1}
    assert counts(everything, "phase") == {"start": 1, "umsetzung": 1, "nicht-angegeben": 1}
    wohnen, pflege = FieldOfAction.objects.order_by("pk")[:2]
    assert counts(everything, "handlungsfeld") == {wohnen.slug: 2, pflege.slug: 1}
    assert counts(everything, "schlagwort") == {"zebrastreifenschlagwort": 1}
    assert counts(everything, "zielgruppe") == {TargetGroup.objects.order_by("pk").first().slug: 1}

    municipal = listing(client, fuer="kommune")
    assert set(slugs(municipal)) == {"zebra-methode", "zebra-empfehlung"}
    # Its own facet still counts every value; the other facets count under „Kommune“.
    assert counts(municipal, "fuer") == {"kommune": 2, "traeger": 1, "nicht-angegeben": 1}
    assert counts(municipal, "art") == {"empfehlung": 1, "methode": 1}
    assert counts(municipal, "phase") == {"start": 1, "nicht-angegeben": 1}

    # Ticking a second option of the same facet leaves its numbers as they were.
    both = listing(client, fuer=["kommune", "traeger"])
    assert counts(both, "fuer") == counts(municipal, "fuer")
    assert both.total == 2

    started = listing(client, fuer="kommune", phase="start")
    assert slugs(started) == ["zebra-methode"]
    assert counts(started, "fuer") == {"kommune": 1}
    assert counts(started, "phase") == {"start": 1, "nicht-angegeben": 1}


def selection(data):
    """The query parameters of an API answer's state, as the form would send them."""
    params = [(f["name"], o["wert"]) for f in data["facetten"] for o in f["optionen"] if o["gewaehlt"]]
    return params + [("q", data["suche"]["begriff"])] * bool(data["suche"]["begriff"])


def as_query(params):
    query = {}
    for name, value in params:
        query.setdefault(name, []).append(value)
    return query


@pytest.mark.parametrize(
    "params",
    [
        [("q", WORD)],
        [("q", WORD), ("fuer", "kommune")],
        [("q", WORD), ("fuer", "kommune"), ("fuer", "nicht-angegeben"), ("phase", "start")],
        [("q", WORD), ("art", "methode"), ("art", "checkliste"), ("phase", "umsetzung")],
    ],
    ids=["search", "one-filter", "unknown-and-two-facets", "two-kinds"],
)
def test_every_option_count_matches_the_total_of_ticking_it_alone(client, zebras, params):
    data = api(client, **as_query(params))
    current = selection(data)
    checked = 0
    for shown in data["facetten"]:
        for option in shown["optionen"]:
            alone = [(name, value) for name, value in current if name != shown["name"]] + [
                (shown["name"], option["wert"])
            ]
            assert api(client, **as_query(alone))["anzahl"] == option["anzahl"], (shown["name"], option["wert"])
            checked += 1
    assert checked >= 4


@pytest.mark.parametrize(
    ("name", "label", "without", "with_value"),
    [("fuer", "Für wen", "zebra-checkliste", "kommune"), ("phase", "Projektphase", "zebra-empfehlung", "start")],
)
def test_entries_that_do_not_state_it_are_an_option_of_their_own(client, zebras, name, label, without, with_value):
    everything = facet(listing(client), name)
    assert everything.label == label
    assert [option.label for option in everything.visible_options][-1] == "nicht angegeben"
    assert slugs(listing(client, **{name: "nicht-angegeben"})) == [without]
    assert without in slugs(listing(client, **{name: [with_value, "nicht-angegeben"]}))
    assert without not in slugs(listing(client, **{name: with_value}))


@pytest.mark.parametrize(
    ("name", "label", "value", "without"),
    [("fuer", "Für wen", "traeger", "zebra-checkliste"), ("phase", "Projektphase", "umsetzung", "zebra-empfehlung")],
)
def test_a_chosen_value_offers_the_entries_that_do_not_state_it(client, zebras, name, label, value, without):
    page = client.get(LIST, {"q": WORD, name: value})
    found = page.context["listing"]
    assert without not in slugs(found)
    [offer] = found.unknown_offers
    assert offer.label == f"Auch 1 Eintrag ohne Angabe zu „{label}“ anzeigen"
    assert offer.url in page.content.decode().replace("&amp;", "&")
    followed = client.get(LIST + offer.url).context["listing"]
    assert set(slugs(followed)) == set(slugs(found)) | {without}
    assert followed.unknown_offers == []


def test_the_chips_name_the_chosen_filters_and_lead_back(client, zebras):
    page = client.get(LIST, {"q": WORD, "fuer": "kommune", "art": "methode"})
    found = page.context["listing"]
    labels = {chip.label: chip.url for chip in found.chips}
    assert set(labels) == {"Suche: Zebrastreifen", "Für wen: Kommune", "Art: Methode"}
    assert "Alle Filter zurücksetzen" in page.content.decode()
    wider = client.get(LIST + labels["Art: Methode"]).context["listing"]
    assert set(slugs(wider)) == {"zebra-methode", "zebra-empfehlung"}


# --- Search ---


def test_the_search_finds_a_recommendation_by_a_word_of_its_text_or_its_steps(client, make_recommendation):
    make_recommendation(slug="im-text", body="<p>Mit dem Flaschenpostverfahren sammeln Sie Ideen.</p>")
    make_recommendation(
        slug="in-den-schritten", kind=GuidanceKind.METHOD, steps="Kastanienmännchenrunde: Alle gehen gemeinsam los."
    )

    in_text = listing(client, q="Flaschenpostverfahren")
    in_steps = listing(client, q="Kastanienmännchenrunde")

    assert slugs(in_text) == ["im-text"] and in_text.mode == "fulltext"
    assert slugs(in_steps) == ["in-den-schritten"]
    # The snippet under the title shows the word found in the steps.
    assert "<mark>Kastanienmännchenrunde</mark>" in client.get(LIST, {"q": "Kastanienmännchenrunde"}).content.decode()


def test_the_search_finds_a_recommendation_by_its_audience_phase_and_tag(client, zebras):
    assert "zebra-checkliste" in slugs(listing(client, q="Zebrastreifen Umsetzung"))
    assert slugs(listing(client, q="Zebrastreifenschlagwort")) == ["zebra-methode"]
    # The one naming the audience first; the checklist, which names none, after it; the method (only Kommune) not.
    assert slugs(listing(client, q="Zebrastreifen Wohlfahrtsverband")) == ["zebra-empfehlung", "zebra-checkliste"]


def test_a_typo_finds_the_recommendations_by_their_title_and_suggests_the_spelling(client, zebras):
    found = listing(client, q="Zebrastreifn")
    assert found.mode == "similar"
    assert {"zebra-methode", "zebra-empfehlung", "zebra-checkliste"} <= set(slugs(found))
    assert found.suggestion == "Zebrastreifen"


@pytest.mark.parametrize("query", ["Zebrastreifen Mainz", "Zebrastreifen Trier"])
def test_a_place_in_the_search_is_no_promise_of_entries_that_apply_there(client, make_recommendation, query):
    # Recommendations apply everywhere: unlike the other catalogues they have no region that a place could match.
    make_recommendation(title="Zebrastreifen in Mainz", slug="zebra-mainz")

    response = client.get(LIST, {"q": query})

    assert "zebra-mainz" in slugs(response.context["listing"])
    assert response.context["listing"].places == []
    assert "als Ort berücksichtigt" not in response.content.decode()
    assert api(client, q=query)["suche"]["orte"] == []


def test_the_html_list_and_the_api_agree(client, zebras):
    params = {"q": WORD, "fuer": "kommune", "phase": ["start", "nicht-angegeben"]}
    data = api(client, **params)
    page = client.get(LIST, params)
    found = page.context["listing"]

    assert found.total == data["anzahl"] == 2
    assert slugs(found) == [entry["slug"] for entry in data["ergebnisse"]]
    html_counts = {(f.name, o.value): o.count for f in found.facets for o in f.visible_options}
    api_counts = {(f["name"], o["wert"]): o["anzahl"] for f in data["facetten"] for o in f["optionen"]}
    assert html_counts == api_counts
    assert "2 Handlungsempfehlungen für „Zebrastreifen“" in page.content.decode()


def test_the_api_gives_each_recommendation_with_its_facts(client, zebras):
    wohnen = FieldOfAction.objects.order_by("pk").first()
    [entry] = api(client, q="Igelspaziergang")["ergebnisse"]

    assert entry["slug"] == "zebra-methode"
    assert entry["url"] == "http://testserver/handlungsempfehlungen/zebra-methode/"
    assert entry["api_url"] == "http://testserver/api/v1/handlungsempfehlungen/zebra-methode/"
    assert (entry["art"], entry["fuer_wen"], entry["projektphasen"]) == ("Methode", ["Kommune"], ["Start"])
    assert entry["schritte"] == [
        {"titel": "Einladen", "text": "Die Nachbarschaft persönlich ansprechen."},
        {"titel": "", "text": "Losgehen"},
    ]
    assert entry["handlungsfelder"] == [wohnen.name]
    assert entry["schlagworte"] == ["Zebrastreifenschlagwort"]
    detail = api(client, f"{API}zebra-methode/")
    assert {key: detail[key] for key in entry} == entry


def test_the_api_tells_the_source_its_date_and_when_an_editor_last_checked(client, make_recommendation):
    recommendation = make_recommendation(
        source="Leitfaden Quartiersarbeit, S. 12",
        source_url="https://example.org/leitfaden",
        source_date="Anfang 2019",
        source_note="Nennt keine Zielgruppe.",
    )

    unchecked = api(client, f"{API}{recommendation.slug}/")
    assert (unchecked["quelle"], unchecked["quelle_url"]) == (
        "Leitfaden Quartiersarbeit, S. 12",
        "https://example.org/leitfaden",
    )
    assert (unchecked["stand"], unchecked["anmerkung_zur_quelle"]) == ("Anfang 2019", "Nennt keine Zielgruppe.")
    assert unchecked["zuletzt_geprueft"] is None

    Recommendation.objects.filter(pk=recommendation.pk).update(reviewed_at="2026-11-27")
    assert api(client, f"{API}{recommendation.slug}/")["zuletzt_geprueft"] == "2026-11-27"


def test_api_pages_follow_each_other(client, make_recommendation, settings):
    settings.LIST_PAGE_SIZE = 2
    for number in range(5):
        make_recommendation(title=f"Zebrastreifen {number}", slug=f"zebra-{number}")

    first = api(client, q=WORD, sort="titel")
    second = api(client, first["naechste"].removeprefix("http://testserver"))

    assert (first["anzahl"], first["seiten"], second["seite"]) == (5, 3, 2)
    assert [entry["slug"] for entry in first["ergebnisse"] + second["ergebnisse"]] == [
        f"zebra-{number}" for number in range(4)
    ]
    assert second["vorherige"]


# --- Bad input ---

BAD_INPUT = [
    ({"fuer": "gibt-es-nicht"}, "Der Wert „gibt-es-nicht“ für „Für wen“ ist unbekannt und wurde ignoriert."),
    ({"phase": "mond"}, "Der Wert „mond“ für „Projektphase“ ist unbekannt und wurde ignoriert."),
    ({"art": "podcast"}, "Der Wert „podcast“ für „Art“ ist unbekannt und wurde ignoriert."),
    ({"schlagwort": "'; DROP TABLE guidance_recommendation; --"}, "für „Schlagwort“ ist unbekannt"),
    ({"page": "abc"}, "Die Seite „abc“ gibt es nicht; angezeigt wird eine vorhandene Seite."),
    ({"page": "99999"}, "Die Seite „99999“ gibt es nicht; angezeigt wird eine vorhandene Seite."),
    ({"page": "9" * 5000}, "gibt es nicht; angezeigt wird eine vorhandene Seite."),
    ({"sort": "x"}, "Der Wert „x“ für „Sortierung“ ist unbekannt und wurde ignoriert."),
    ({"q": "Zebrastreifen " * 400}, "Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen und wurde gekürzt."),
    ({"q": "Zebra\x00streifen"}, "Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen und wurde gekürzt."),
    ({"q": "!!!&&||<->:*"}, "Ihr Suchbegriff enthält keine Wörter, nach denen gesucht werden kann."),
    ({"fuer": ["kommune", "quatsch", "kommune", "quatsch"]}, "Der Wert „quatsch“ für „Für wen“ ist unbekannt"),
]


@pytest.mark.parametrize(("params", "notice"), BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_valid_list_with_a_german_notice(client, zebras, params, notice):
    response = client.get(LIST, {"q": WORD, **params})
    assert response.status_code == 200
    notices = response.context["listing"].notices
    assert len([text for text in notices if notice in text]) == 1, notices
    assert notice in response.content.decode()

    data = api(client, **{"q": WORD, **params})
    assert len([text for text in data["hinweise"] if notice in text]) == 1, data["hinweise"]


def test_a_bad_page_shows_an_existing_page_of_results(client, zebras):
    for page in ("abc", "99999", "-1", "0"):
        assert len(listing(client, page=page).page.object_list) == 3
        assert len(api(client, q=WORD, page=page)["ergebnisse"]) == 3


def test_repeated_and_unknown_values_keep_the_valid_ones(client, zebras):
    repeated = api(client, q=WORD, fuer=["kommune", "quatsch", "kommune"])
    assert repeated["anzahl"] == api(client, q=WORD, fuer="kommune")["anzahl"] == 2


def test_invalid_utf8_and_raw_bytes_never_crash(client, zebras):
    for url in (LIST, API):
        assert client.get(f"{url}?q=%ED%A0%80%FF&fuer=%C0%AF&phase=%00&page=%00").status_code == 200


def test_echoed_input_cannot_form_markup(client, zebras):
    content = client.get(LIST, {"q": "<script>alert('x')</script>", "fuer": "<b>kommune</b>"}).content.decode()
    assert "<script>alert" not in content and "<b>kommune</b>" not in content
    body = client.get(API, {"q": "<script>alert('x')</script>", "fuer": "<b>kommune</b>"}).content
    assert b"<" not in body and b">" not in body


# --- Query counts ---


def detail_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_detail_page_reads_each_relation_once(
    client, make_recommendation, make_example, make_programme, make_contact, rlp
):
    recommendation = make_recommendation(kind=GuidanceKind.METHOD, steps="Eins\nZwei")
    first = detail_queries(client, recommendation.get_absolute_url())
    district = rlp.children.first()
    for number in range(3):
        recommendation.practice_examples.add(make_example(slug=f"beispiel-{number}", district=district))
        recommendation.funding_programmes.add(make_programme(slug=f"programm-{number}"))
        recommendation.contacts.add(make_contact(slug=f"stelle-{number}", phone="06131 12345"))
    recommendation.fields_of_action.set(FieldOfAction.objects.order_by("pk")[:3])
    recommendation.target_groups.set(TargetGroup.objects.order_by("pk")[:3])
    recommendation.tags.set(["Zebrastreifen", "Ampel", "Kreisverkehr"])

    linked = detail_queries(client, recommendation.get_absolute_url())

    # The entry; its Handlungsfelder, Zielgruppen and tags; the linked examples (with Land and Kreis),
    # programmes, contacts and events; and the content version of the conditional-request middleware.
    assert first == linked <= 9


@pytest.mark.parametrize("url", [LIST, API])
def test_the_list_uses_a_fixed_number_of_queries(client, make_recommendation, url):
    from werkzeugkoffer.catalogue import filters, places, synonyms

    for number in range(3):
        made = make_recommendation(title=f"Zebrastreifen {number}", slug=f"zebra-{number}", audiences=["kommune"])
        made.fields_of_action.set(FieldOfAction.objects.order_by("pk")[:2])
        made.tags.set([f"Zebraschlagwort {number}"])
    found = set()
    for page_size in (1, 2, 20):
        cache.clear()
        filters._vocabularies.clear()
        synonyms._loaded.clear()
        places._loaded.clear()
        with override_settings(LIST_PAGE_SIZE=page_size), CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": WORD, "fuer": "kommune"}).status_code == 200
        found.add(len(captured))
    assert len(found) == 1, found
    # As the other catalogues' lists: the content version, taxonomies, the counting statement with the page,
    # the rows of the page; cold as here also the synonym and the place list; the API prefetches its links.
    assert found.pop() <= {LIST: 6, API: 9}[url]


# --- Links between the catalogues ---


@pytest.fixture
def linked(make_recommendation, make_example, make_programme, make_contact):
    """A published recommendation linked to a published and an unpublished entry of each other catalogue."""
    recommendation = make_recommendation(title="Zebrastreifen-Empfehlung Nachbarschaft", slug="zebra-verlinkt")
    recommendation.practice_examples.add(
        make_example(title="Zebra-Treff Mainz", slug="zebra-treff"),
        make_example(title="Geheimes Zebra-Projekt", slug="zebra-geheim", status=PublicationStatus.DRAFT),
    )
    recommendation.funding_programmes.add(
        make_programme(title="Zebra-Förderung", slug="zebra-foerderung", funder="Zebrastiftung"),
        make_programme(title="Geheimes Zebra-Programm", slug="zebra-geheim", status=PublicationStatus.IN_REVIEW),
    )
    recommendation.contacts.add(
        make_contact(name="Zebra-Beratung", slug="zebra-beratung"),
        make_contact(name="Archivierte Zebra-Stelle", slug="zebra-archiv", status=PublicationStatus.ARCHIVED),
    )
    return recommendation


def test_the_detail_lists_the_published_examples_programmes_and_contacts_it_links_to(client, linked):
    content = client.get(linked.get_absolute_url()).content.decode()

    assert ">Praxisbeispiele, die es zeigen</h2>" in content
    assert '<a href="/praxisbeispiele/zebra-treff/">Zebra-Treff Mainz</a> – Mainz, Rheinland-Pfalz' in content
    assert ">Förderprogramme, die es finanzieren</h2>" in content
    assert '<a href="/foerderprogramme/zebra-foerderung/">Zebra-Förderung</a> – Zebrastiftung' in content
    assert ">Beratung dazu</h2>" in content
    assert '<a href="/beratung/zebra-beratung/">Zebra-Beratung</a>' in content
    for hidden in ("Geheimes Zebra-Projekt", "Geheimes Zebra-Programm", "Archivierte Zebra-Stelle", "zebra-geheim"):
        assert hidden not in content


def test_a_recommendation_without_links_shows_no_empty_sections(client, make_recommendation):
    content = client.get(make_recommendation().get_absolute_url()).content.decode()
    for heading in ("Praxisbeispiele, die es zeigen", "Förderprogramme, die es finanzieren", "Beratung dazu"):
        assert heading not in content


OTHERS = [
    ("/praxisbeispiele/zebra-treff/", "/api/v1/praxisbeispiele/zebra-treff/"),
    ("/foerderprogramme/zebra-foerderung/", "/api/v1/foerderprogramme/zebra-foerderung/"),
    ("/beratung/zebra-beratung/", "/api/v1/beratung/zebra-beratung/"),
]


@pytest.mark.parametrize(("page", "api_url"), OTHERS, ids=["example", "programme", "contact"])
def test_the_linked_entries_show_it_as_passende_empfehlungen(client, linked, page, api_url):
    content = client.get(page).content.decode()

    assert '<h2 class="kern-heading-medium" id="empfehlungen">Passende Empfehlungen</h2>' in content
    assert (
        '<li><a href="/handlungsempfehlungen/zebra-verlinkt/">Zebrastreifen-Empfehlung Nachbarschaft</a> '
        '<span class="wk-related__kind">(Empfehlung)</span><span class="wk-related__teaser"><br>Wie ein '
        "Quartiersprojekt gelingt.</span></li>"
    ) in content
    assert api(client, api_url)["handlungsempfehlungen"] == [
        {
            "titel": "Zebrastreifen-Empfehlung Nachbarschaft",
            "url": "http://testserver/handlungsempfehlungen/zebra-verlinkt/",
        }
    ]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.ARCHIVED])
@pytest.mark.parametrize(("page", "api_url"), OTHERS, ids=["example", "programme", "contact"])
def test_an_unpublished_recommendation_is_no_passende_empfehlung(client, linked, page, api_url, status):
    linked.status = status
    linked.save()

    content = client.get(page).content.decode()

    assert "Passende Empfehlungen" not in content
    assert "zebra-verlinkt" not in content
    assert api(client, api_url)["handlungsempfehlungen"] == []


def test_the_api_detail_links_the_published_entries_only(client, linked):
    data = api(client, f"{API}zebra-verlinkt/")

    assert data["praxisbeispiele"] == [
        {"titel": "Zebra-Treff Mainz", "url": "http://testserver/praxisbeispiele/zebra-treff/"}
    ]
    assert data["foerderprogramme"] == [
        {"titel": "Zebra-Förderung", "url": "http://testserver/foerderprogramme/zebra-foerderung/"}
    ]
    assert data["ansprechpartner"] == [{"titel": "Zebra-Beratung", "url": "http://testserver/beratung/zebra-beratung/"}]
    # The list gives the same links.
    [entry] = api(client, q="Zebrastreifen Nachbarschaft")["ergebnisse"]
    assert (entry["praxisbeispiele"], entry["foerderprogramme"], entry["ansprechpartner"]) == (
        data["praxisbeispiele"],
        data["foerderprogramme"],
        data["ansprechpartner"],
    )


# --- Global search and suggestions ---


def test_the_global_search_finds_a_recommendation_with_its_own_type(client, zebras, make_example):
    make_example(title="Zebrastreifen-Treff", slug="zebra-treff")

    response = client.get("/suche/", {"q": "Igelspaziergang"})
    content = response.content.decode()
    assert [(hit["hit_type"], hit["slug"]) for hit in response.context["page"].object_list] == [
        ("handlungsempfehlungen", "zebra-methode")
    ]
    assert 'href="/handlungsempfehlungen/zebra-methode/"' in content

    everything = client.get("/suche/", {"q": WORD}).context
    types = {entry["value"]: entry for entry in everything["types"]}
    assert types["handlungsempfehlungen"]["label"] == "Handlungsempfehlungen"
    assert types["handlungsempfehlungen"]["count"] == 3
    assert types["praxisbeispiele"]["count"] == 1

    only = client.get("/suche/", {"q": WORD, "typ": "handlungsempfehlungen"})
    assert only.context["total"] == 3
    assert {hit["slug"] for hit in only.context["page"].object_list} == {
        "zebra-methode",
        "zebra-empfehlung",
        "zebra-checkliste",
    }
    assert "Inhaltstyp: Handlungsempfehlungen" in only.content.decode()


def test_the_global_search_leaves_out_unpublished_recommendations(client, zebras):
    found = client.get("/suche/", {"q": "Zebrastreifen-Entwurf", "typ": "handlungsempfehlungen"}).context
    assert "zebra-entwurf" not in {hit["slug"] for hit in found["page"].object_list}


def test_suggestions_for_the_recommendation_box_put_recommendations_first(client, zebras, make_example):
    for number in range(3):
        make_example(title=f"Zebrastreifen-Projekt {number}", slug=f"zebra-projekt-{number}")

    everywhere = api(client, "/api/v1/vorschlaege/", q="zebrastr")["vorschlaege"]
    scoped = api(client, "/api/v1/vorschlaege/", q="zebrastr", typ="handlungsempfehlungen")["vorschlaege"]

    assert everywhere[0]["art"] == "Praxisbeispiel"
    assert [item["art"] for item in scoped[:3]] == ["Handlungsempfehlung"] * 3
    assert {item["text"] for item in scoped[:3]} == {
        "Zebrastreifen-Methode Igelspaziergang",
        "Zebrastreifen-Empfehlung Beteiligung",
        "Zebrastreifen-Checkliste Kakteenzählung",
    }
    first = scoped[0]
    assert first["url"].startswith("http://testserver/handlungsempfehlungen/zebra-")
    assert "Zebrastreifen-Entwurf" not in {item["text"] for item in scoped}


# --- Searches without results ---


@pytest.mark.parametrize(
    ("path", "place"),
    [(LIST, SearchPlace.GUIDANCE), (API, SearchPlace.API_GUIDANCE)],
    ids=["list", "api"],
)
def test_a_search_that_finds_nothing_is_counted_and_editors_can_run_it_again(client, make_staff, zebras, path, place):
    # The browser tests' live server commits the searches it counts; this test looks at its own only.
    ZeroResultQuery.objects.all().delete()
    for _time in range(3):
        assert client.get(path, {"q": "Zwiebelturmquokka"}).status_code == 200
    # Neither a search with results nor one narrowed by a chosen filter counts.
    client.get(path, {"q": WORD})
    client.get(path, {"q": "Zwiebelturmquokka", "fuer": "kommune"})

    assert list(ZeroResultQuery.objects.values_list("place", "searches", "text")) == [(place, 3, "zwiebelturmquokka")]
    [row] = zero_result_searches(make_staff("freigabe", "Freigabe"))["frequent"]
    assert row.places == [(place.label, 3, "/handlungsempfehlungen/?q=zwiebelturmquokka")]


def test_an_audience_word_also_finds_the_recommendations_that_name_no_audience_after_the_others(client, zebras):
    found = slugs(listing(client, q=f"{WORD} Kommune"))

    assert set(found) == {"zebra-methode", "zebra-empfehlung", "zebra-checkliste"}
    assert found[-1] == "zebra-checkliste"
    assert [entry["slug"] for entry in api(client, q=f"{WORD} Kommunen")["ergebnisse"]][-1] == "zebra-checkliste"
