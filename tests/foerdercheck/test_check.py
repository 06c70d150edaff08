"""The Förder-Check: one question per page through GET forms, the answers in the URL, the lists as the result."""

import importlib
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.http import QueryDict

from places.resolver import choose
from tests.places.conftest import shared_places  # noqa: F401 - the sample places, loaded once for the module

START = "/foerder-check/"
ALL_ANSWERS = {
    "antragsberechtigte": "kommunen",
    "wo": "ueberall",
    "handlungsfeld": "wohnen",
    "zielgruppe": "aeltere-menschen",
    "wann": "jetzt",
}


@pytest.fixture
def places(request):
    """The sample places, committed once for this module before the test's transaction begins."""
    loaded = request.getfixturevalue("shared_places")
    request.getfixturevalue("db")
    return loaded


class FormReader(HTMLParser):
    """The action and the hidden fields of the page's question form, as a browser without JavaScript sends them."""

    def __init__(self):
        super().__init__()
        self.action, self.hidden, self.links = None, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action", "").startswith(START):
            self.action = attrs["action"]
        elif tag == "input" and attrs.get("type") == "hidden" and self.action:
            self.hidden.append((attrs["name"], attrs["value"]))
        elif tag == "a":
            self.links.append(attrs.get("href", ""))


def read(response):
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader


def answer(client, response, **fields):
    """Send the page's form with these answers (a list for boxes), and follow it to the next page."""
    form = read(response)
    data = QueryDict(mutable=True)
    for name, value in form.hidden:
        data.appendlist(name, value)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    sent = client.get(f"{form.action}?{data.urlencode()}")
    assert not sent.cookies
    return sent


def walk(client, who, where, what, whom, when):
    """Answer every question from the start page on; returns the responses of the answers and result pages."""
    page = client.get(START + "wer/")
    for fields in [
        {"antragsberechtigte": who},
        where,
        {"handlungsfeld": what},
        {"zielgruppe": whom},
        {"wann": when},
    ]:
        sent = answer(client, page, **fields)
        assert sent.status_code == 302, sent.content.decode()[:2000]
        page = client.get(sent["Location"])
        assert not page.cookies
    assert page.request["PATH_INFO"] == START + "antworten/"
    result = client.get(page.context["result_url"])
    assert result.status_code == 200
    assert not result.cookies
    return page, result


def filters_of(url):
    return {name: sorted(values) for name, values in parse_qs(urlsplit(url).query).items()}


def test_it_leads_a_kommune_in_54523_to_the_filtered_funding_list(client, places):
    label = choose("54523").place.label
    answers, result = walk(client, "kommunen", {"wo": "ort", "ort": "54523"}, ["wohnen"], ["aeltere-menschen"], "jetzt")

    assert [row["answer"] for row in answers.context["rows"]] == [
        "Eine Kommune",
        label,
        "Wohnen",
        "Ältere Menschen",
        "Jetzt",
    ]
    url = result.context["programme_url"]
    assert urlsplit(url).path == "/foerderprogramme/"
    assert filters_of(url) == {
        "antragsberechtigte": ["kommunen"],
        "ort": [label],
        "handlungsfeld": ["wohnen"],
        "zielgruppe": ["aeltere-menschen"],
        "status": ["offen"],
    }
    listed = client.get(url)
    assert result.context["programme_count"] == listed.context["listing"].total
    assert [p.pk for p in result.context["programmes"]] == [p.pk for p in listed.context["listing"].page][:5]
    assert filters_of(result.context["example_url"]) == {
        "ort": [label],
        "handlungsfeld": ["wohnen"],
        "zielgruppe": ["aeltere-menschen"],
    }
    examples = client.get(result.context["example_url"]).context["listing"]
    assert result.context["example_count"] == examples.total
    assert list(result.context["examples"]) == list(examples.page.object_list)[:3]
    advice = client.get(result.context["advice_url"]).context["listing"]
    assert result.context["advice"] == advice.page.object_list[0]
    assert result.context["advice"].name.encode("utf-8") in result.content
    assert b"INVALID_TEMPLATE_VARIABLE" not in result.content


def test_it_leads_a_verein_anywhere_to_programmes_for_nachbarschaft(client, db):
    _answers, result = walk(
        client, "vereine", {"wo": "ueberall"}, ["soziales-nachbarschaft-und-begegnung"], ["egal"], "egal"
    )

    url = result.context["programme_url"]
    assert filters_of(url) == {
        "antragsberechtigte": ["vereine"],
        "handlungsfeld": ["soziales-nachbarschaft-und-begegnung"],
    }
    listed = client.get(url).context["listing"]
    assert result.context["programme_count"] == listed.total
    # Most programmes of the seed name no applicants: the result offers them as the list does.
    assert listed.unknown_offers
    assert [offer["label"] for offer in result.context["programme_offers"]] == [o.label for o in listed.unknown_offers]
    offered = client.get(result.context["programme_offers"][0]["url"]).context["listing"]
    assert offered.total > listed.total
    assert result.context["advice"] is None
    assert "Ort angeben" in result.content.decode()


def test_it_leads_a_wohnungsunternehmen_in_bielefeld_to_programmes_open_within_three_months(client, places):
    label = choose("Bielefeld").place.label
    _answers, result = walk(
        client,
        "wohnungsunternehmen",
        {"wo": "ort", "ort": "Bielefeld"},
        ["wohnen", "gesundheit-hilfe-und-pflege"],
        ["pflegebeduerftige", "menschen-mit-demenz"],
        "3-monate",
    )

    url = result.context["programme_url"]
    assert filters_of(url) == {
        "antragsberechtigte": ["wohnungsunternehmen"],
        "ort": [label],
        "handlungsfeld": ["gesundheit-hilfe-und-pflege", "wohnen"],
        "zielgruppe": ["menschen-mit-demenz", "pflegebeduerftige"],
        "status": ["in-3-monaten", "offen"],
    }
    assert result.context["programme_count"] == client.get(url).context["listing"].total


def test_it_offers_the_places_of_an_ambiguous_name_on_the_same_question(client, places):
    page = client.get(START + "wo/", {"antragsberechtigte": "kommunen", "wo": "ort", "ort": "Neustadt", "weiter": "ja"})

    assert page.status_code == 200
    choices = page.context["place_choices"]
    assert len(choices) > 1
    assert "Welchen Ort meinen Sie?" in page.content.decode()
    chosen = answer(client, page, ort=choices[0].label)
    assert chosen.status_code == 302
    assert parse_qs(urlsplit(chosen["Location"]).query)["ort"] == [choices[0].label]
    assert urlsplit(chosen["Location"]).path == START + "wofuer/"


def test_it_links_back_to_the_previous_question_with_the_answers(client, db):
    page = client.get(START + "wofuer/", {"antragsberechtigte": "vereine", "wo": "ueberall"})

    back = page.context["back_url"]
    assert urlsplit(back).path == START + "wo/"
    assert filters_of(back) == {"antragsberechtigte": ["vereine"], "wo": ["ueberall"]}
    previous = client.get(back)
    assert previous.context["chosen"] == ["ueberall"]
    assert 'value="ueberall" aria-describedby="wo-2-hinweis" checked' in previous.content.decode()
    assert client.get(START + "wer/").context["back_url"] == START


def test_it_returns_to_the_answers_after_a_change(client, db):
    answers = client.get(START + "antworten/", ALL_ANSWERS)
    change = answers.context["rows"][2]["change_url"]

    assert filters_of(change) == {**{k: [v] for k, v in ALL_ANSWERS.items()}, "aendern": ["ja"]}
    page = client.get(change)
    assert urlsplit(page.context["back_url"]).path == START + "antworten/"
    sent = answer(client, page, handlungsfeld=["mobilitaet", "beratung"])
    assert urlsplit(sent["Location"]).path == START + "antworten/"
    assert filters_of(sent["Location"])["handlungsfeld"] == ["beratung", "mobilitaet"]
    assert "aendern" not in filters_of(sent["Location"])


def test_it_sends_an_unanswered_question_back_to_its_page(client, db):
    partial = {key: ALL_ANSWERS[key] for key in ("antragsberechtigte", "wo")}

    response = client.get(START + "ergebnis/", partial)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == START + "wofuer/"
    assert filters_of(response["Location"]) == {k: [v] for k, v in partial.items()}


@pytest.mark.parametrize(
    "step, params, notice",
    [
        ("wer", {"weiter": "ja"}, "Wählen Sie aus, wer den Antrag stellt."),
        ("wer", {"antragsberechtigte": "<script>"}, "Diese Antwort gibt es nicht."),
        ("wo", {"wo": "irgendwo"}, "Diese Antwort gibt es nicht."),
        ("wo", {"wo": "ort", "ort": ""}, "Geben Sie eine Postleitzahl oder den Namen eines Ortes ein."),
        ("wo", {"wo": "ort", "ort": "x" * 150}, "Der Ort ist zu lang."),
        ("wo", {"wo": "ort", "ort": "Mainz\x00"}, "Der Ort enthält ungültige Zeichen."),
        ("wo", {"ort": "Xyzabcdef"}, "Einen Ort „Xyzabcdef“ kennen wir nicht."),
        ("wofuer", {"handlungsfeld": "gibt-es-nicht"}, "Diese Antwort gibt es nicht."),
        ("wofuer", {"handlungsfeld": ["wohnen", "egal"]}, "nicht beides"),
        ("fuer-wen", {"zielgruppe": "x" * 5000}, "Diese Antwort gibt es nicht."),
        ("wann", {"wann": "gestern"}, "Diese Antwort gibt es nicht."),
    ],
)
def test_it_rejects_a_wrong_or_tampered_answer_with_a_german_notice(client, places, step, params, notice):
    response = client.get(f"{START}{step}/?{urlencode(params, doseq=True)}")

    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte prüfen Sie Ihre Antwort" in content
    assert notice in content
    assert "<title>Fehler:" in content
    assert "<script>" not in content.split("<main", 1)[1]
    assert not response.cookies


def test_it_shows_a_tampered_answer_from_the_result_on_its_question(client, db):
    response = client.get(START + "ergebnis/", {**ALL_ANSWERS, "wann": "nie"}, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert response.status_code == 400
    assert response.request["PATH_INFO"] == START + "wann/"
    assert "Diese Antwort gibt es nicht." in response.content.decode()


def test_it_passes_on_only_its_own_answers(client, db):
    response = client.get(START + "wer/", {"antragsberechtigte": "kommunen", "weiter": "ja", "utm_source": "x"})

    assert "utm_source" not in response["Location"]


def test_it_answers_an_unknown_question_with_404(client, db):
    assert client.get(START + "gibt-es-nicht/").status_code == 404


def test_it_sets_no_cookie_on_any_page(client, places):
    for path in ["", "wer/", "wo/", "antworten/", "ergebnis/"]:
        response = client.get(START + path, {**ALL_ANSWERS, "wo": "ort", "ort": "54523"})
        assert response.status_code in (200, 302)
        assert not response.cookies, path


def test_it_is_linked_from_the_start_page_and_the_funding_list(client, db):
    for path in ["/", "/foerderprogramme/"]:
        assert START in read(client.get(path)).links, path


def test_it_offers_the_programmes_whose_deadline_is_not_known_beside_those_open_now(client, db):
    _answers, result = walk(client, "egal", {"wo": "ueberall"}, ["egal"], ["egal"], "jetzt")

    listed = client.get(result.context["programme_url"]).context["listing"]
    assert result.context["programme_count"] == listed.total
    # Most programmes of the seed name no deadline: the person who wants to apply now learns that they exist.
    [offer] = result.context["programme_offers"]
    assert offer["label"].endswith("mit unbekannter Antragsfrist anzeigen")
    assert offer["label"] in result.content.decode()
    offered = client.get(offer["url"]).context["listing"]
    assert filters_of(offer["url"])["status"] == ["offen", "unbekannt"]
    assert offered.total > listed.total


def test_it_carries_the_merkliste_of_the_address_to_the_result_and_its_lists(client, make_programme):
    make_programme(slug="a-programm")
    key = "foerderprogramme:a-programm"

    start = client.get(START, {"e": key})
    assert parse_qs(urlsplit(start.context["first_url"]).query) == {"e": [key]}
    page = client.get(start.context["first_url"])
    assert ("e", key) in read(page).hidden
    sent = answer(client, page, antragsberechtigte="kommunen")
    assert parse_qs(urlsplit(sent["Location"]).query)["e"] == [key]

    result = client.get(START + "ergebnis/", {**ALL_ANSWERS, "e": key})
    for name in ("programme_url", "example_url", "answers_url"):
        assert parse_qs(urlsplit(result.context[name]).query)["e"] == [key], name
    assert "e" not in filters_of(client.get(START + "ergebnis/", ALL_ANSWERS).context["programme_url"])


def test_the_place_field_offers_suggestions_while_typing(client, db):
    content = client.get(START + "wo/", {"antragsberechtigte": "kommunen"}).content.decode()

    assert 'name="ort"' in content
    assert 'data-suggest="/api/v1/vorschlaege/" data-suggest-scope="ort"' in content


def test_a_verein_applying_now_learns_of_the_programmes_that_state_neither_applicants_nor_deadline(client, db):
    _answers, result = walk(
        client, "vereine", {"wo": "ueberall"}, ["soziales-nachbarschaft-und-begegnung"], ["egal"], "jetzt"
    )

    listed = client.get(result.context["programme_url"]).context["listing"]
    assert result.context["programme_count"] == listed.total
    combined = result.context["programme_offers"][-1]
    assert "Angaben zu „Antragsstatus“ oder „Antragsberechtigte“ fehlen" in combined["label"]
    offered = client.get(combined["url"]).context["listing"]
    assert offered.total > listed.total
    assert filters_of(combined["url"])["status"] == ["offen", "unbekannt"]
    assert filters_of(combined["url"])["antragsberechtigte"] == ["nicht-angegeben", "vereine"]


@pytest.mark.parametrize("listing_name", ["projects.views.example_listing", "contacts.views.contact_listing"])
def test_a_listing_without_facet_counts_has_the_same_total_and_entries(rf, places, listing_name):
    module, name = listing_name.rsplit(".", 1)
    listing_function = getattr(importlib.import_module(module), name)
    request = rf.get("/", {"ort": "54523", "handlungsfeld": "wohnen"})

    counted = listing_function(request)
    plain = listing_function(request, count_facets=False)

    assert counted.facets and plain.facets == []
    assert plain.total == counted.total > 0
    assert list(plain.page.object_list) == list(counted.page.object_list)


def test_the_result_resolves_its_place_once_for_all_three_lists(client, places, monkeypatch):
    from places import resolver

    calls = []
    choose_place = resolver.choose
    monkeypatch.setattr(resolver, "choose", lambda text, **options: calls.append(text) or choose_place(text, **options))

    result = client.get(START + "ergebnis/", {**ALL_ANSWERS, "wo": "ort", "ort": "54523"})

    assert result.context["advice"] is not None
    assert result.context["place"] == choose_place("54523").place.label
    # Once, while reading the answers: the lists read the place from the request's memo.
    assert calls == ["54523"]
