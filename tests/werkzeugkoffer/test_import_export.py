import csv
import io

import openpyxl
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from funding.models import FundingProgramme
from funding.resources import FundingProgrammeResource
from tests.admin_forms import admin_url
from werkzeugkoffer.backoffice.history import recorded_links
from werkzeugkoffer.models import AuditAction, AuditEvent, PublicationStatus

CSV, XLSX = "0", "1"


def export_rows(queryset):
    """Headers and rows of an export, the headers as field names (which an import still reads)."""
    resource = FundingProgrammeResource()
    dataset = resource.export(queryset)
    names = {label: name for name, label in resource.column_labels().items()}
    return [names[header] for header in dataset.headers], [list(row) for row in dataset]


def csv_upload(headers, rows, name="import.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def preview(client, upload, file_format=CSV):
    return client.post(
        admin_url(FundingProgramme, "import"), {"resource": "0", "format": file_format, "import_file": upload}
    )


def test_the_export_leaves_out_derived_columns(make_programme):
    headers, _rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    assert "slug" in headers and "version" in headers and "tags" in headers
    assert not {"search_vector", "search_text", "search_document", "facet_area", "id"} & set(headers)


def test_an_import_with_one_invalid_row_writes_nothing_and_reports_the_row(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    changed = rows[0].copy()
    changed[headers.index("title")] = "Geänderter Titel"
    new = rows[0].copy()
    new[headers.index("slug")] = "ganz-neu"
    new[headers.index("version")] = ""
    invalid = rows[0].copy()
    invalid[headers.index("slug")] = "kaputt"
    invalid[headers.index("version")] = ""
    invalid[headers.index("level")] = "mond"

    response = preview(reviewer, csv_upload(headers, [changed, new, invalid]))

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [3]
    content = response.content.decode()
    assert "Förderebene" in content or "level" in content
    assert "mond" in content
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    existing.refresh_from_db()
    assert existing.title == "Testprogramm Quartiere"
    assert not FundingProgramme.objects.filter(slug__in=["ganz-neu", "kaputt"]).exists()


def test_a_valid_import_previews_new_and_changed_rows_and_writes_after_confirming(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    changed = rows[0].copy()
    changed[headers.index("title")] = "Geänderter Titel"
    new = rows[0].copy()
    new[headers.index("slug")] = "ganz-neu"
    new[headers.index("version")] = ""

    response = preview(reviewer, csv_upload(headers, [changed, new]))
    result = response.context["result"]
    assert not result.has_validation_errors() and not result.has_errors()
    assert [row.import_type for row in result.rows] == ["update", "new"]
    assert FundingProgramme.objects.get(pk=existing.pk).title == "Testprogramm Quartiere"

    confirm = response.context["confirm_form"]
    response = reviewer.post(admin_url(FundingProgramme, "process_import"), confirm.initial)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.title == "Geänderter Titel"
    assert existing.version == 2
    assert FundingProgramme.objects.filter(slug="ganz-neu").exists()
    assert existing.history.count() == 2


def test_an_import_refuses_rows_changed_since_the_export(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    existing.title = "Inzwischen geändert"
    existing.version += 1
    existing.save()
    rows[0][headers.index("summary")] = "Aus der Datei"

    result = preview(reviewer, csv_upload(headers, rows)).context["result"]
    assert result.has_validation_errors()
    assert "nach dem Export geändert" in str(result.invalid_rows[0].error_dict)


def test_the_redaktion_cannot_publish_by_import(editor, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("slug")] = "heimlich"
    rows[0][headers.index("version")] = ""
    rows[0][headers.index("status")] = PublicationStatus.PUBLISHED

    result = preview(editor, csv_upload(headers, rows)).context["result"]
    assert "darf nur die Freigabe" in str(result.invalid_rows[0].error_dict)


def test_it_imports_xlsx(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("slug")] = "aus-excel"
    rows[0][headers.index("version")] = ""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    sheet.append(["" if value is None else value for value in rows[0]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("import.xlsx", buffer.getvalue())

    result = preview(reviewer, upload, XLSX).context["result"]
    assert [row.import_type for row in result.rows] == ["new"], [row.errors[0].error for row in result.rows]


def test_it_exports_the_current_selection(reviewer, make_programme):
    chosen = make_programme(slug="gewaehlt", title="Gewählt")
    make_programme(slug="nicht-gewaehlt", title="Nicht gewählt")
    response = reviewer.post(
        admin_url(FundingProgramme, "export"),
        {"format": CSV, "resource": "0", "export_items": [chosen.pk], "fundingprogrammeresource_slug": "on"},
    )
    assert response.status_code == 200, response.content[:500]
    content = response.content.decode()
    assert "gewaehlt" in content
    assert "nicht-gewaehlt" not in content


def test_an_import_records_one_history_row_with_the_new_links_and_tags(reviewer, make_programme, rlp):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    rows[0][headers.index("regions")] = rlp.slug
    rows[0][headers.index("tags")] = "Quartier, Ehrenamt"

    confirm = preview(reviewer, csv_upload(headers, rows)).context["confirm_form"]
    assert reviewer.post(admin_url(FundingProgramme, "process_import"), confirm.initial).status_code == 302

    assert existing.history.count() == 2
    version = existing.history.order_by("-history_date", "-history_id").first()
    assert version.history_user.username == "freigabe"
    assert recorded_links(version)["regions"] == {rlp.pk}
    assert version.tag_names == ["Ehrenamt", "Quartier"]


def test_a_confirmed_import_rolled_back_by_a_conflict_reports_an_error_and_writes_nothing(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    changed = rows[0].copy()
    changed[headers.index("title")] = "Aus der Datei"
    new = rows[0].copy()
    new[headers.index("slug")] = "ganz-neu"
    new[headers.index("version")] = ""
    confirm = preview(reviewer, csv_upload(headers, [changed, new])).context["confirm_form"]

    # Someone else saves the entry between the preview and the confirmation.
    existing.summary = "Inzwischen geändert"
    existing.version += 1
    existing.save()
    response = reviewer.post(admin_url(FundingProgramme, "process_import"), confirm.initial, follow=True)

    messages = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert len(messages) == 1
    level, text = messages[0]
    assert level == "error"
    assert "Der Import wurde abgebrochen, es wurde nichts gespeichert" in text
    assert "Zeile 1 (Fassung): Der Eintrag wurde nach dem Export geändert" in text
    assert response.redirect_chain[-1][0] == admin_url(FundingProgramme, "import")
    existing.refresh_from_db()
    assert (existing.title, existing.summary, existing.version) == ("Testprogramm Quartiere", "Inzwischen geändert", 2)
    assert not FundingProgramme.objects.filter(slug="ganz-neu").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()
    assert not LogEntry.objects.exists()


def test_a_confirmed_import_with_a_row_become_invalid_reports_the_row_and_writes_nothing(
    reviewer, make_programme, make_contact
):
    existing = make_programme(contact=make_contact(slug="beratung-mainz"))
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    rows[0][headers.index("title")] = "Aus der Datei"
    confirm = preview(reviewer, csv_upload(headers, rows)).context["confirm_form"]

    # The contact the file names is deleted between the preview and the confirmation.
    Contact.objects.filter(slug="beratung-mainz").delete()
    response = reviewer.post(admin_url(FundingProgramme, "process_import"), confirm.initial, follow=True)

    text = " ".join(str(message) for message in response.context["messages"])
    assert "es wurde nichts gespeichert" in text
    assert (
        "Zeile 1 (Ansprechpartner): Unter Beratungsstellen gibt es keinen Eintrag mit dem Kurznamen „beratung-mainz“"
        in text
    )
    existing.refresh_from_db()
    assert existing.title == "Testprogramm Quartiere"
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_an_unknown_region_or_handlungsfeld_makes_the_row_invalid_and_writes_nothing(reviewer, make_programme, rlp):
    existing = make_programme()
    existing.regions.add(rlp)
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    typo = rows[0].copy()
    typo[headers.index("regions")] = "rheinland-pfalz, baden-wuertemberg"
    typo[headers.index("fields_of_action")] = "wohnen, wohnen-und-leben"

    response = preview(reviewer, csv_upload(headers, [typo]))

    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [1]
    errors = str(result.invalid_rows[0].error_dict)
    assert "Unter Regionen gibt es keinen Eintrag mit dem Kurznamen „baden-wuertemberg“" in errors
    assert "„wohnen-und-leben“" in errors
    assert response.context.get("confirm_form") is None
    assert set(existing.regions.values_list("slug", flat=True)) == {"rheinland-pfalz"}
    assert existing.history.count() == 1 or existing.version == 1


def test_known_slugs_in_any_order_and_spacing_are_taken(reviewer, make_programme, rlp):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    rows[0][headers.index("regions")] = " bayern ,rheinland-pfalz,,bayern"

    confirm = preview(reviewer, csv_upload(headers, rows)).context["confirm_form"]
    assert reviewer.post(admin_url(FundingProgramme, "process_import"), confirm.initial).status_code == 302
    assert set(existing.regions.values_list("slug", flat=True)) == {"bayern", "rheinland-pfalz"}


def test_an_import_without_the_version_cannot_overwrite_an_existing_entry(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    existing.title = "Neuere Fassung einer Kollegin"
    existing.version += 1
    existing.save()
    position = headers.index("version")
    without_column = [header for index, header in enumerate(headers) if index != position]
    old_text = [value for index, value in enumerate(rows[0]) if index != position]
    emptied = rows[0].copy()
    emptied[position] = ""

    for upload in (csv_upload(without_column, [old_text]), csv_upload(headers, [emptied])):
        result = preview(reviewer, upload).context["result"]
        assert "braucht die Datei die Spalte „version“" in str(result.invalid_rows[0].error_dict)
    existing.refresh_from_db()
    assert existing.title == "Neuere Fassung einer Kollegin"


def test_a_cell_that_cannot_be_read_gets_a_german_reason(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("application_end")] = "Ende März"
    rows[0][headers.index("amount_max")] = "viel"

    result = preview(reviewer, csv_upload(headers, rows)).context["result"]

    errors = str(result.invalid_rows[0].error_dict)
    assert "„Ende März“ ist kein Datum. Bitte schreiben Sie es als 31.12.2026 oder 2026-12-31." in errors
    assert "„viel“ ist kein Betrag." in errors
    assert "could not be parsed" not in errors and "InvalidOperation" not in errors


def test_the_import_preview_addresses_the_editor_with_sie(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("title")] = "Neuer Titel"
    content = preview(reviewer, csv_upload(headers, rows)).content.decode()
    assert "klicken Sie auf „Import bestätigen“" in content
    assert "klicke auf" not in content


def test_the_reasons_a_file_was_refused_come_first_one_line_per_row(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("regions")] = "baden-wuertemberg"
    rows[0][headers.index("application_end")] = "bald"

    content = preview(reviewer, csv_upload(headers, rows)).content.decode()

    summary = content.index('<div class="errornote wk-import-errors" role="alert">')
    assert summary < content.index('<table class="import-preview">')
    assert "Die Datei wurde nicht übernommen: 1 Zeile enthält Fehler." in content
    line = content[summary:].split("<li>", 1)[1].split("</li>", 1)[0]
    assert line.startswith("Zeile 1 – ")
    assert "Fördergebiet: Unter Regionen gibt es keinen Eintrag mit dem Kurznamen „baden-wuertemberg“" in line
    assert "Antragsfrist: „bald“ ist kein Datum." in line
