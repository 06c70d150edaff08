"""Exports of the lists (and the Merkliste) as CSV, Excel and PDF: every matching entry, the columns of the cards."""

import csv
import io
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from contacts.models import Contact
from funding.models import FundingProgramme, Level
from tests.werkzeugkoffer.test_bad_input import BAD_PARAMS
from werkzeugkoffer.catalogue import exports
from werkzeugkoffer.operations.limits import rate_bucket

LISTS = ["/praxisbeispiele/", "/foerderprogramme/", "/beratung/", "/handlungsempfehlungen/"]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def pdf_text(response):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # Long titles wrap: compare words, not lines.
    return re.sub(r"\s+", " ", text)


def list_titles(client, path, params):
    """The list's total and the titles on its first page, in order."""
    listing = client.get(path, params).context["listing"]
    return listing.total, [getattr(entry, "title", None) or entry.name for entry in listing.page.object_list]


@pytest.fixture
def umlaut_programme(make_programme):
    return make_programme(
        title="Förderung für Begegnungsstätten – Älter werden im Quartier",
        slug="begegnungsstaetten",
        funder="Ministerium für Soziales, Arbeit, Gesundheit und Demografie",
        level=Level.STATE,
        summary="Zuschüsse für Treffpunkte, in denen Jüngere und Ältere zusammenkommen.",
    )


def test_it_exports_the_funding_list_as_csv_that_excel_opens_with_umlauts(client, umlaut_programme):
    response = client.get("/foerderprogramme/export/csv/", {"q": "Begegnungsstätten"})
    today = timezone.localdate().isoformat()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="foerderprogramme-{today}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content
    header, *rows = csv_rows(response)
    assert header == [
        "Titel",
        "Fördergeber",
        "Förderebene",
        "Förderart",
        "Antragsberechtigte",
        "Antragsfrist",
        "Kurzbeschreibung",
        "Adresse im Werkzeugkoffer",
    ]
    row = next(row for row in rows if row[0] == umlaut_programme.title)
    assert row[1] == "Ministerium für Soziales, Arbeit, Gesundheit und Demografie"
    assert row[2] == "Land"
    assert row[4] == "nicht angegeben – bitte beim Fördergeber erfragen"
    assert row[-1] == "http://testserver/foerderprogramme/begegnungsstaetten/"
    assert not response.cookies


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/foerderprogramme/", {"foerderebene": "bund"}),
        ("/foerderprogramme/", {"abgelaufene": "ja", "sort": "titel"}),
        ("/praxisbeispiele/", {"q": "Pflege"}),
        ("/praxisbeispiele/", {"handlungsfeld": "wohnen", "sort": "titel"}),
        ("/beratung/", {}),
        ("/handlungsempfehlungen/", {"art": "methode"}),
    ],
)
def test_it_exports_every_entry_of_the_filtered_list_in_its_order(client, db, path, params):
    total, first_page = list_titles(client, path, params)
    header, *rows = csv_rows(client.get(f"{path}export/csv/", params))

    assert total > 0
    assert len(rows) == total
    assert [row[0] for row in rows[: len(first_page)]] == first_page


def test_it_ignores_the_page_of_the_list(client, db):
    total, _titles = list_titles(client, "/foerderprogramme/", {"abgelaufene": "ja"})
    header, *rows = csv_rows(client.get("/foerderprogramme/export/csv/", {"abgelaufene": "ja", "page": "2"}))

    assert total > 20
    assert len(rows) == total


def test_it_exports_a_workbook_that_openpyxl_reads(client, db):
    total, first_page = list_titles(client, "/praxisbeispiele/", {"handlungsfeld": "wohnen"})
    response = client.get("/praxisbeispiele/export/xlsx/", {"handlungsfeld": "wohnen"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Praxisbeispiele", "Angaben"]
    rows = list(book["Praxisbeispiele"].iter_rows(values_only=True))
    assert rows[0] == (
        "Titel",
        "Ort",
        "Kreis",
        "Bundesland",
        "Laufzeit",
        "Kurzbeschreibung",
        "Adresse im Werkzeugkoffer",
    )
    assert len(rows) == total + 1
    assert [row[0] for row in rows[1 : len(first_page) + 1]] == first_page
    about = [row[0] for row in book["Angaben"].iter_rows(values_only=True)]
    assert about[0] == "Praxisbeispiele – Auszug aus dem Werkzeugkoffer"
    assert any(line.startswith("Aktive Filter: Handlungsfeld: Wohnen") for line in about)


def test_it_exports_a_pdf_for_the_council_with_titles_filters_and_page_numbers(client, umlaut_programme):
    params = {"foerderebene": "land"}
    total, _titles = list_titles(client, "/foerderprogramme/", params)
    response = client.get("/foerderprogramme/export/pdf/", params)
    text = pdf_text(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert "Förderprogramme – Auszug aus dem Werkzeugkoffer" in text
    assert "Aktive Filter: Förderebene: Land; Voreinstellung: " in text
    assert f"{total} Förderprogramme" in text
    assert "Seite 1 von" in text
    assert "Quelle: Werkzeugkoffer Quartiersentwicklung" in text
    _header, *rows = csv_rows(client.get("/foerderprogramme/export/csv/", params))
    assert len(rows) == total
    for row in rows:
        assert row[0] in text
    assert "http://testserver/foerderprogramme/begegnungsstaetten/" in text


def test_it_exports_the_advice_services_as_pdf(client, db):
    text = pdf_text(client.get("/beratung/export/pdf/"))

    for name in Contact.objects.published().values_list("name", flat=True)[:10]:
        assert re.sub(r"\s+", " ", name) in text


def test_it_cuts_a_long_export_with_a_german_notice(client, db, monkeypatch):
    monkeypatch.setitem(exports.MAX_ENTRIES, "csv", 3)
    monkeypatch.setitem(exports.MAX_ENTRIES, "pdf", 2)
    total, _titles = list_titles(client, "/foerderprogramme/", {"abgelaufene": "ja"})
    header, *rows = csv_rows(client.get("/foerderprogramme/export/csv/", {"abgelaufene": "ja"}))
    text = pdf_text(client.get("/foerderprogramme/export/pdf/", {"abgelaufene": "ja"}))

    assert len(rows) == 4
    assert rows[-1] == [
        f"Gekürzt: Die Liste umfasst {total} Einträge; exportiert werden die ersten 3. "
        "Bitte grenzen Sie die Liste mit Filtern weiter ein."
    ]
    assert f"Gekürzt: Die Liste umfasst {total} Einträge; exportiert werden die ersten 2." in text
    assert text.count("Im Werkzeugkoffer: ") == 2


def test_it_never_lets_a_spreadsheet_run_an_entry_as_a_formula(client, make_programme):
    make_programme(title='=HYPERLINK("http://example.org")', slug="formel", summary="@SUM(A1)")
    params = {"q": "HYPERLINK"}
    header, *rows = csv_rows(client.get("/foerderprogramme/export/csv/", params))
    book = load_workbook(io.BytesIO(client.get("/foerderprogramme/export/xlsx/", params).content))
    title = book["Förderprogramme"]["A2"]

    assert rows[0][0] == '\'=HYPERLINK("http://example.org")'
    assert rows[0][6] == "'@SUM(A1)"
    assert (title.value, title.data_type) == ('=HYPERLINK("http://example.org")', "s")


def test_it_answers_an_unknown_format_with_a_german_404(client, db):
    response = client.get("/foerderprogramme/export/docx/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode() or "nicht gefunden" in response.content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("params", BAD_PARAMS, ids=range(len(BAD_PARAMS)))
def test_it_never_crashes_on_bad_input(client, db, file_format, params):
    response = client.get(f"/praxisbeispiele/export/{file_format}/", params)

    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
def test_it_reads_the_whole_list_in_a_bounded_number_of_queries(
    client, db, django_assert_max_num_queries, path, file_format
):
    client.get(path)  # the per-process vocabularies and the content version, as after any earlier request
    with django_assert_max_num_queries(12):
        response = client.get(f"{path}export/{file_format}/", {"q": "Quartir"})  # a typo: the costliest search
    assert response.status_code == 200


def test_it_counts_an_export_like_a_search_for_the_rate_limit():
    assert rate_bucket(RequestFactory().get("/foerderprogramme/export/pdf/")) == "search"
    assert rate_bucket(RequestFactory().get("/handlungsempfehlungen/export/csv/")) == "search"


def test_the_list_offers_the_export_with_its_filters_also_to_the_live_filter(client, db):
    params = {"foerderebene": "bund", "page": "1"}
    page = client.get("/foerderprogramme/", params).content.decode()
    partial = client.get("/foerderprogramme/", params, headers={"X-Werkzeugkoffer-Partial": "1"}).content.decode()

    for content in (page, partial):
        assert 'href="/foerderprogramme/export/csv/?foerderebene=bund"' in content
        assert 'href="/foerderprogramme/export/xlsx/?foerderebene=bund"' in content
        assert 'href="/foerderprogramme/export/pdf/?foerderebene=bund"' in content


def test_the_merkliste_can_export_entries_of_several_catalogues(db, make_programme, make_contact):
    programme = make_programme(title="Merkprogramm Dorfladen", slug="merkprogramm")
    contact = make_contact(name="Merkstelle Wohnberatung", slug="merkstelle")
    request = RequestFactory().get("/merkliste/export/pdf/")
    sections = [
        exports.section(
            request, FundingProgramme, exports.CATALOGUES[FundingProgramme].queryset().filter(pk=programme.pk)
        ),
        exports.section(request, Contact, exports.CATALOGUES[Contact].queryset().filter(pk=contact.pk)),
    ]
    kwargs = {"title": "Merkliste – Auszug aus dem Werkzeugkoffer", "filename": "merkliste"}

    rows = csv_rows(exports.export_entries(request, "csv", sections, **kwargs))
    text = pdf_text(exports.export_entries(request, "pdf", sections, **kwargs))

    assert ["Förderprogramme"] in rows and ["Beratungsstellen"] in rows
    assert any(row[0] == "Merkprogramm Dorfladen" for row in rows)
    assert "Merkprogramm Dorfladen" in text and "Merkstelle Wohnberatung" in text
