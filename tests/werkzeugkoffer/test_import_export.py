import csv
import io

import openpyxl
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from funding.models import FundingProgramme
from funding.resources import FundingProgrammeResource
from tests.admin_forms import admin_url, run_tasks
from werkzeugkoffer.backoffice.history import recorded_links
from werkzeugkoffer.models import AuditAction, AuditEvent, ImportState, PublicationStatus

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


def preview(client, upload, file_format=CSV, model=FundingProgramme):
    """Upload a file and let the task worker check it: the job's page (or the upload page with the reason a file
    could not be read)."""
    response = client.post(admin_url(model, "import"), {"resource": "0", "format": file_format, "import_file": upload})
    if response.status_code != 302:
        return response
    run_tasks()
    return client.get(response.url)


def confirm(client, response):
    """Confirm a checked import on its page and let the worker apply it: the job's page afterwards."""
    job = response.context["job"]
    url = admin_url(job.content_type.model_class(), "import_job", job.pk)
    assert client.post(url, {"confirm": ""}).status_code == 302
    run_tasks()
    return client.get(url)


def problems(response):
    return "\n".join(response.context["job"].summary["problems"])


def changed_rows(response):
    return [(row["number"], row["type"]) for row in response.context["job"].summary["rows"]]


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
    job = response.context["job"]
    assert job.state == ImportState.REFUSED
    assert job.summary["problems"][0].startswith("Zeile 3 – Förderebene:")
    content = response.content.decode()
    assert "Die Datei wurde nicht übernommen, es wurde nichts gespeichert." in content
    assert "mond" in content
    assert 'name="confirm"' not in content
    assert bytes(job.data) == b""
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
    assert response.context["job"].state == ImportState.CHECKED
    assert changed_rows(response) == [(1, "update"), (2, "new")]
    content = response.content.decode()
    assert "Prüfung abgeschlossen: 1 neu, 1 geändert, 0 unverändert." in content
    assert "Geänderter Titel" in content and "2 Einträge übernehmen" in content
    assert FundingProgramme.objects.get(pk=existing.pk).title == "Testprogramm Quartiere"

    response = confirm(reviewer, response)
    assert response.context["job"].state == ImportState.DONE
    assert "Import abgeschlossen: 1 neu angelegt, 1 geändert, 0 unverändert." in response.content.decode()
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

    assert "nach dem Export geändert" in problems(preview(reviewer, csv_upload(headers, rows)))


def test_the_redaktion_cannot_publish_by_import(editor, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("slug")] = "heimlich"
    rows[0][headers.index("version")] = ""
    rows[0][headers.index("status")] = PublicationStatus.PUBLISHED

    assert "darf nur die Freigabe" in problems(preview(editor, csv_upload(headers, rows)))


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

    response = preview(reviewer, upload, XLSX)
    assert changed_rows(response) == [(1, "new")], problems(response)


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

    assert confirm(reviewer, preview(reviewer, csv_upload(headers, rows))).context["job"].state == ImportState.DONE

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
    checked = preview(reviewer, csv_upload(headers, [changed, new]))

    # Someone else saves the entry between the preview and the confirmation.
    existing.summary = "Inzwischen geändert"
    existing.version += 1
    existing.save()
    response = confirm(reviewer, checked)

    assert response.context["job"].state == ImportState.REFUSED
    content = response.content.decode()
    assert "Die Datei wurde nicht übernommen, es wurde nichts gespeichert." in content
    assert "Seit der Prüfung wurde der gespeicherte Stand geändert" in content
    assert "Zeile 1 – Fassung: Der Eintrag wurde nach dem Export geändert" in problems(response)
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
    checked = preview(reviewer, csv_upload(headers, rows))

    # The contact the file names is deleted between the preview and the confirmation.
    Contact.objects.filter(slug="beratung-mainz").delete()
    response = confirm(reviewer, checked)

    assert "es wurde nichts gespeichert" in response.content.decode()
    assert (
        "Zeile 1 – Ansprechpartner: Unter Beratungsstellen gibt es keinen Eintrag mit dem Kurznamen „beratung-mainz“"
        in problems(response)
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

    assert response.context["job"].state == ImportState.REFUSED
    errors = problems(response)
    assert errors.startswith("Zeile 1 – ")
    assert "Unter Regionen gibt es keinen Eintrag mit dem Kurznamen „baden-wuertemberg“" in errors
    assert "„wohnen-und-leben“" in errors
    assert 'name="confirm"' not in response.content.decode()
    assert set(existing.regions.values_list("slug", flat=True)) == {"rheinland-pfalz"}
    assert existing.history.count() == 1 or existing.version == 1


def test_known_slugs_in_any_order_and_spacing_are_taken(reviewer, make_programme, rlp):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    rows[0][headers.index("regions")] = " bayern ,rheinland-pfalz,,bayern"

    assert confirm(reviewer, preview(reviewer, csv_upload(headers, rows))).context["job"].state == ImportState.DONE
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
        assert "braucht die Datei die Spalte „version“" in problems(preview(reviewer, upload))
    existing.refresh_from_db()
    assert existing.title == "Neuere Fassung einer Kollegin"


def test_a_cell_that_cannot_be_read_gets_a_german_reason(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("application_end")] = "Ende März"
    rows[0][headers.index("amount_max")] = "viel"

    errors = problems(preview(reviewer, csv_upload(headers, rows)))
    assert "„Ende März“ ist kein Datum. Bitte schreiben Sie es als 31.12.2026 oder 2026-12-31." in errors
    assert "„viel“ ist kein Betrag." in errors
    assert "could not be parsed" not in errors and "InvalidOperation" not in errors


def test_the_import_pages_address_the_editor_with_sie(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("title")] = "Neuer Titel"
    upload_page = reviewer.get(admin_url(FundingProgramme, "import")).content.decode()
    job_page = preview(reviewer, csv_upload(headers, rows)).content.decode()
    assert "Laden Sie eine CSV- oder XLSX-Datei hoch" in upload_page
    assert "bestätigen Sie dann den Import" in job_page
    for content in (upload_page, job_page):
        assert " du " not in content and "klicke" not in content


def test_the_reasons_a_file_was_refused_are_one_german_line_per_row(reviewer, make_programme):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    rows[0][headers.index("regions")] = "baden-wuertemberg"
    rows[0][headers.index("application_end")] = "bald"

    content = preview(reviewer, csv_upload(headers, rows)).content.decode()

    summary = content.index('<div class="errornote wk-import-errors">')
    line = content[summary:].split("<li>", 1)[1].split("</li>", 1)[0]
    assert line.startswith("Zeile 1 – ")
    assert "Fördergebiet: Unter Regionen gibt es keinen Eintrag mit dem Kurznamen „baden-wuertemberg“" in line
    assert "Antragsfrist: „bald“ ist kein Datum." in line
