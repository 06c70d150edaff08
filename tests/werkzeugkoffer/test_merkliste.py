import importlib

from django.apps import apps
from django.http import QueryDict

from alerts.lists import clean_query
from funding.models import Applicant, Level
from werkzeugkoffer.catalogue import shortlist
from werkzeugkoffer.models import Page, PublicationStatus

merkliste_statement = importlib.import_module("werkzeugkoffer.migrations.0030_privacy_statement_merkliste")


def notices(response):
    return response.context["notices"]


def test_it_shows_the_entries_of_the_address_in_their_order(client, make_programme, make_example, make_contact):
    make_programme(slug="zuschuss-quartier", title="Zuschuss Quartier")
    make_example(slug="wohncafe-test", title="Wohncafé Test")
    make_contact(slug="beratung-test", name="Beratung Test")

    response = client.get(
        "/merkliste/?e=praxisbeispiele:wohncafe-test&e=foerderprogramme:zuschuss-quartier&e=beratung:beratung-test"
    )

    assert response.status_code == 200
    assert [entry.title for entry in response.context["entries"]] == [
        "Wohncafé Test",
        "Zuschuss Quartier",
        "Beratung Test",
    ]
    assert notices(response) == []
    content = response.content.decode()
    assert content.index("Wohncafé Test") < content.index("Zuschuss Quartier") < content.index("Beratung Test")


def test_it_adds_an_entry_through_the_address_without_repeating_one(client, make_programme, make_recommendation):
    make_programme(slug="a-programm", title="A-Programm")
    make_recommendation(slug="b-empfehlung", title="B-Empfehlung")

    # The hidden form sends the list so far and the clicked button one more value.
    response = client.get(
        "/merkliste/?e=foerderprogramme:a-programm&e=handlungsempfehlungen:b-empfehlung&e=foerderprogramme:a-programm"
    )

    assert [entry.key for entry in response.context["entries"]] == [
        "foerderprogramme:a-programm",
        "handlungsempfehlungen:b-empfehlung",
    ]


def test_each_entry_has_a_link_that_removes_it(client, make_programme, make_example):
    make_programme(slug="a-programm", title="A-Programm")
    make_example(slug="b-beispiel", title="B-Beispiel")

    response = client.get("/merkliste/?e=foerderprogramme:a-programm&e=praxisbeispiele:b-beispiel")

    entries = response.context["entries"]
    assert entries[0].remove_query == "?e=praxisbeispiele:b-beispiel"
    assert entries[1].remove_query == "?e=foerderprogramme:a-programm"
    assert 'href="/merkliste/?e=praxisbeispiele:b-beispiel"' in response.content.decode()
    assert 'href="/merkliste/" data-merkliste-clear' in response.content.decode()


def test_the_empty_list_says_how_to_fill_it(client, db):
    response = client.get("/merkliste/")

    assert response.status_code == 200
    assert "Ihre Merkliste ist leer" in response.content.decode()


def test_it_drops_unknown_and_unpublished_entries_with_a_german_notice(client, make_programme):
    make_programme(slug="entwurf", status=PublicationStatus.DRAFT)

    response = client.get("/merkliste/?e=foerderprogramme:entwurf&e=praxisbeispiele:gibt-es-nicht")

    assert response.status_code == 200
    assert response.context["entries"] == []
    assert notices(response) == [
        "Den Eintrag „entwurf“ gibt es nicht oder nicht mehr; er wurde von der Merkliste entfernt.",
        "Den Eintrag „gibt-es-nicht“ gibt es nicht oder nicht mehr; er wurde von der Merkliste entfernt.",
    ]


def test_it_ignores_malformed_values_with_a_german_notice(client, db):
    response = client.get("/merkliste/?e=veranstaltungen:tag&e=<script>&e=foerderprogramme:&e=" + "x" * 3000)

    assert response.status_code == 200
    assert len(notices(response)) == 4
    assert all("ist kein Eintrag des Werkzeugkoffers" in notice for notice in notices(response))
    assert "<script>" not in response.content.decode()


def test_it_keeps_at_most_fifty_entries_with_a_german_notice(client, make_programme):
    for number in range(52):
        make_programme(slug=f"programm-{number}", title=f"Programm {number}")

    response = client.get("/merkliste/?" + "&".join(f"e=foerderprogramme:programm-{n}" for n in range(52)))

    assert len(response.context["entries"]) == 50
    assert response.context["entries"][-1].key == "foerderprogramme:programm-49"
    assert notices(response) == [
        "Die Merkliste fasst höchstens 50 Einträge. Weitere wurden nicht übernommen – entfernen Sie Einträge, die "
        "Sie nicht mehr brauchen."
    ]


def test_entries_from_gives_the_published_entries_in_order(make_programme, make_example):
    programme = make_programme(slug="a-programm")
    example = make_example(slug="b-beispiel")

    entries = shortlist.entries_from(
        QueryDict("e=praxisbeispiele:b-beispiel&e=beratung:unbekannt&e=foerderprogramme:a-programm")
    )

    assert [entry.obj for entry in entries] == [example, programme]
    assert [entry.kind for entry in entries] == ["praxisbeispiele", "foerderprogramme"]


def test_the_merkliste_sets_no_cookie(client, make_programme):
    make_programme(slug="a-programm")

    for url in ("/merkliste/?e=foerderprogramme:a-programm", "/merkliste/vergleich/?e=foerderprogramme:a-programm"):
        response = client.get(url)
        assert response.cookies == {}
        assert "Set-Cookie" not in response.headers


def test_cards_and_detail_pages_offer_merken_through_the_hidden_form(client, make_programme):
    make_programme(slug="a-programm", title="A-Programm")

    for url in ("/foerderprogramme/?q=A-Programm", "/foerderprogramme/a-programm/"):
        content = client.get(url).content.decode()
        assert 'form="merkliste-form" name="e" value="foerderprogramme:a-programm"' in content
        assert '<form id="merkliste-form" action="/merkliste/" method="get" hidden></form>' in content


def test_the_hidden_form_carries_the_list_of_the_address(client, make_programme, make_example):
    make_programme(slug="a-programm")

    content = client.get("/foerderprogramme/a-programm/?e=praxisbeispiele:b-beispiel&e=kaputt").content.decode()

    assert '<input type="hidden" name="e" value="praxisbeispiele:b-beispiel">' in content
    assert 'value="kaputt"' not in content


def test_links_of_the_merkliste_carry_the_list(client, make_programme):
    make_programme(slug="a-programm", title="A-Programm")

    content = client.get("/merkliste/?e=foerderprogramme:a-programm").content.decode()

    assert 'href="/foerderprogramme/a-programm/?e=foerderprogramme:a-programm"' in content
    assert 'href="/praxisbeispiele/?e=foerderprogramme:a-programm"' in content


def comparison_rows(response, kind="foerderprogramme"):
    table = next(table for table in response.context["tables"] if table["kind"] == kind)
    return {row.label: row for row in table["rows"]}


def test_the_comparison_marks_the_rows_that_differ(client, make_programme):
    make_programme(
        slug="a-programm", title="A", funder="Land", level=Level.STATE, applicants=[Applicant.MUNICIPALITIES]
    )
    make_programme(
        slug="b-programm", title="B", funder="Bund", level=Level.STATE, applicants=[Applicant.MUNICIPALITIES]
    )

    response = client.get("/merkliste/vergleich/?e=foerderprogramme:a-programm&e=foerderprogramme:b-programm")

    rows = comparison_rows(response)
    assert rows["Fördergeber"].values == ["Land", "Bund"]
    assert rows["Fördergeber"].differs
    assert not rows["Förderebene"].differs
    assert not rows["Antragsberechtigte"].differs
    content = response.content.decode()
    assert content.count("unterscheidet sich</span>") == sum(row.differs for row in rows.values())
    assert '<tr class="wk-compare__differs">' in content


def test_the_comparison_says_nicht_angegeben_for_unknown_values(client, make_programme):
    make_programme(slug="a-programm", legal_basis="", amount_text="")
    make_programme(slug="b-programm", legal_basis="§ 45c SGB XI", amount_text="bis 80 %")

    rows = comparison_rows(
        client.get("/merkliste/vergleich/?e=foerderprogramme:a-programm&e=foerderprogramme:b-programm")
    )

    assert rows["Rechtsgrundlage"].values == ["nicht angegeben", "§ 45c SGB XI"]
    assert rows["Förderhöhe"].values == ["nicht angegeben", "bis 80 %"]
    assert rows["Ansprechpartner"].values == ["nicht angegeben", "nicht angegeben"]
    assert rows["Fördergebiet"].values == ["nicht angegeben", "nicht angegeben"]


def test_the_comparison_shows_practice_examples_with_their_rows(client, make_example):
    make_example(slug="a-beispiel", place="Mainz", operator_name="Verein A")
    make_example(slug="b-beispiel", place="Trier", operator_name="")

    rows = comparison_rows(
        client.get("/merkliste/vergleich/?e=praxisbeispiele:a-beispiel&e=praxisbeispiele:b-beispiel"),
        "praxisbeispiele",
    )

    assert rows["Ort"].values == ["Mainz, Rheinland-Pfalz", "Trier, Rheinland-Pfalz"]
    assert rows["Träger"].values == ["Verein A", "nicht angegeben"]
    assert {"Laufzeit", "Handlungsfelder", "Zielgruppen", "Finanzierung", "Verstetigung"} <= set(rows)


def test_the_comparison_shows_at_most_four_entries_with_a_german_notice(client, make_programme):
    for number in range(6):
        make_programme(slug=f"programm-{number}")

    response = client.get("/merkliste/vergleich/?" + "&".join(f"e=foerderprogramme:programm-{n}" for n in range(6)))

    assert len(response.context["tables"][0]["entries"]) == 4
    assert "höchstens 4 Einträge nebeneinander" in notices(response)[0]


def test_the_comparison_compares_the_chosen_entries(client, make_programme):
    for number in range(3):
        make_programme(slug=f"programm-{number}")
    query = "&".join(f"e=foerderprogramme:programm-{n}" for n in range(3))

    response = client.get(f"/merkliste/vergleich/?{query}&v=foerderprogramme:programm-0&v=foerderprogramme:programm-2")

    assert [entry.key for entry in response.context["tables"][0]["entries"]] == [
        "foerderprogramme:programm-0",
        "foerderprogramme:programm-2",
    ]
    assert 'href="/merkliste/?' + query.replace("&", "&amp;") + '"' in response.content.decode()


def test_the_comparison_without_comparable_entries_says_so(client, make_contact):
    make_contact(slug="beratung-test")

    response = client.get("/merkliste/vergleich/?e=beratung:beratung-test&e=nichts")

    assert response.status_code == 200
    assert "keine Förderprogramme oder Praxisbeispiele zum Vergleichen" in response.content.decode()
    assert len(notices(response)) == 1


def test_the_privacy_statement_explains_the_merkliste(client, db):
    content = client.get("/datenschutz/").content.decode()

    assert "<h2>Merkliste</h2>" in content
    assert "erst, wenn Sie auf „merken“ klicken" in content


def test_it_adds_the_merkliste_paragraph_as_a_new_version_or_lists_it_as_missing(db):
    Page.objects.filter(slug="datenschutz").update(body=merkliste_statement.PREVIOUS.DATENSCHUTZ)
    version = Page.objects.get(slug="datenschutz").version

    merkliste_statement.add_paragraph(apps, None)

    page = Page.objects.get(slug="datenschutz")
    assert page.body == merkliste_statement.DATENSCHUTZ
    assert page.version == version + 1

    Page.objects.filter(slug="datenschutz").update(body="<p>Eigener Text</p>", missing_details="")
    merkliste_statement.add_paragraph(apps, None)
    assert Page.objects.get(slug="datenschutz").missing_detail_list() == [merkliste_statement.MISSING]


def test_it_exports_its_entries_in_their_order_as_csv_excel_and_pdf(client, make_programme, make_example):
    import csv
    import io

    import openpyxl
    import pypdf

    make_programme(title="Förderung Grünflächen", slug="gruen")
    make_example(title="Wohncafé Süd", slug="wohncafe-sued")
    query = "?e=praxisbeispiele:wohncafe-sued&e=foerderprogramme:gruen&e=foerderprogramme:gibt-es-nicht"
    page = client.get("/merkliste/" + query).content.decode()
    assert 'href="/merkliste/export/csv/?e=praxisbeispiele:wohncafe-sued&amp;e=foerderprogramme:gruen"' in page

    response = client.get("/merkliste/export/csv/" + query)
    assert response.status_code == 200 and not response.cookies
    assert response["Content-Disposition"].startswith('attachment; filename="merkliste-')
    text = response.content.decode("utf-8-sig")
    titles = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";") if row]
    assert titles.index("Wohncafé Süd") < titles.index("Förderung Grünflächen")
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/merkliste/export/xlsx/" + query).content))
    cells = {cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}
    assert {"Wohncafé Süd", "Förderung Grünflächen"} <= cells
    pdf = pypdf.PdfReader(io.BytesIO(client.get("/merkliste/export/pdf/" + query).content))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "Wohncafé Süd" in words and "Förderung Grünflächen" in words
    assert client.get("/merkliste/export/docx/" + query).status_code == 404


def test_without_javascript_the_list_travels_with_every_link_and_form_of_a_list(client, make_programme, make_example):
    make_programme(slug="a-programm", title="A-Programm")
    make_example(slug="b-beispiel")
    key = "praxisbeispiele:b-beispiel"

    content = client.get("/foerderprogramme/", {"q": "A-Programm", "e": key}).content.decode()

    hidden = f'<input type="hidden" name="e" value="{key}">'
    # The filter form and the search in the header send it on; cards, navigation and footer link with it.
    assert content.count(hidden) == 3
    for url in ("/foerderprogramme/a-programm/", "/praxisbeispiele/", "/beratung/", "/merkliste/", "/"):
        assert f'href="{url}?e={key}"' in content, url
    # Feeds, calendars, exports and subscriptions are about the filters, not the Merkliste.
    for path in ("/foerderprogramme/feed/", "/foerderprogramme/fristen.ics", "/foerderprogramme/export/csv/"):
        assert f'href="{path}?q=A-Programm"' in content, path


def test_detail_pages_and_the_search_pass_the_list_on(client, make_programme):
    make_programme(slug="a-programm", title="A-Programm")
    key = "foerderprogramme:a-programm"

    detail = client.get("/foerderprogramme/a-programm/", {"e": key}).content.decode()
    assert f'<a href="/foerderprogramme/?e={key}">Förderprogramme</a>' in detail
    search = client.get("/suche/", {"q": "A-Programm", "e": key}).content.decode()
    assert f'href="/foerderprogramme/a-programm/?e={key}"' in search
    assert search.count(f'<input type="hidden" name="e" value="{key}">') == 3


def test_an_entry_on_the_list_of_the_address_says_gemerkt(client, make_programme):
    make_programme(slug="a-programm", title="A-Programm")

    remembered = client.get("/foerderprogramme/a-programm/", {"e": "foerderprogramme:a-programm"}).content.decode()
    assert "is-remembered" in remembered and ">gemerkt<span" in remembered
    fresh = client.get("/foerderprogramme/a-programm/").content.decode()
    assert "is-remembered" not in fresh and ">merken<span" in fresh


def test_subscriptions_leave_the_merkliste_out_of_the_list_they_follow():
    assert clean_query("e=foerderprogramme:a&handlungsfeld=wohnen&page=2") == "handlungsfeld=wohnen"


def test_its_export_follows_the_list_and_names_no_filters(client, make_programme, make_example):
    import csv
    import io

    import pypdf

    make_programme(title="Förderung Grünflächen", slug="gruen")
    make_example(title="Wohncafé Süd", slug="wohncafe-sued")
    query = "?e=foerderprogramme:gruen&e=praxisbeispiele:wohncafe-sued"

    text = client.get("/merkliste/export/csv/" + query).content.decode("utf-8-sig")
    titles = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";") if row]
    assert titles.index("Förderung Grünflächen") < titles.index("Wohncafé Süd")
    pdf = pypdf.PdfReader(io.BytesIO(client.get("/merkliste/export/pdf/" + query).content))
    words = " ".join(page.extract_text() for page in pdf.pages)
    # Chosen by hand: a Merkliste has no filters to name.
    assert "Aktive Filter" not in words
    assert (
        "Aktive Filter"
        in pypdf.PdfReader(io.BytesIO(client.get("/foerderprogramme/export/pdf/").content)).pages[0].extract_text()
    )


def test_long_row_labels_of_the_comparison_may_break_on_a_phone(client, make_programme):
    make_programme(slug="a", title="A")
    make_programme(slug="b", title="B")

    content = client.get("/merkliste/vergleich/?e=foerderprogramme:a&e=foerderprogramme:b").content.decode()

    assert "Antrags\u00adberechtigte" in content
    assert "Rechts\u00adgrundlage" in content


def test_a_list_export_names_the_list_without_the_merkliste(client, make_programme):
    import io

    import openpyxl

    make_programme(slug="a-programm", title="A-Programm")

    content = client.get("/foerderprogramme/export/xlsx/?q=A-Programm&e=foerderprogramme:a-programm").content
    about = openpyxl.load_workbook(io.BytesIO(content))["Angaben"]
    cells = " ".join(str(cell.value) for row in about.iter_rows() for cell in row)
    assert "/foerderprogramme/?q=A-Programm" in cells
    assert "e=foerderprogramme" not in cells
