"""Imports run as background tasks: the upload only stores the file, the worker checks it, the uploader confirms."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contacts.models import Contact
from funding.models import FundingProgramme
from tests.admin_forms import admin_url, run_tasks
from werkzeugkoffer.backoffice import imports
from werkzeugkoffer.models import ImportJob, ImportState, PublicationStatus

from .test_import_export import CSV, XLSX, confirm, csv_upload, export_rows, preview


def new_rows(make_programme, count):
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=make_programme().pk))
    copies = []
    for number in range(count):
        row = rows[0].copy()
        row[headers.index("slug")] = f"neu-{number}"
        row[headers.index("title")] = f"Neues Programm {number}"
        row[headers.index("version")] = ""
        row[headers.index("status")] = PublicationStatus.DRAFT
        copies.append(row)
    return headers, copies


def upload(client, headers, rows):
    return client.post(
        admin_url(FundingProgramme, "import"),
        {"resource": "0", "format": CSV, "import_file": csv_upload(headers, rows, name="liste.csv")},
    )


def test_the_upload_only_stores_the_file_and_queues_its_check(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 3)

    response = upload(reviewer, headers, rows)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == admin_url(FundingProgramme, "import_job", job.pk)
    assert (job.state, job.total_rows, job.file_name, job.file_format) == (
        ImportState.WAITING_CHECK,
        3,
        "liste.csv",
        "csv",
    )
    assert DBTaskResult.objects.ready().count() == 1
    content = reviewer.get(response.url).content.decode()
    assert "Die Datei wartet auf die Prüfung." in content
    assert "0 von 3 Zeilen bearbeitet" in content and "<progress" in content
    assert "data-poll" in content and "Stand aktualisieren" in content
    assert not FundingProgramme.objects.filter(slug__startswith="neu-").exists()


def test_the_check_writes_nothing_and_the_import_writes_everything_after_the_confirmation(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 3)
    checked = preview(reviewer, csv_upload(headers, rows))

    job = checked.context["job"]
    assert (job.state, job.processed_rows) == (ImportState.CHECKED, 3)
    assert "data-poll" not in checked.content.decode()
    assert not FundingProgramme.objects.filter(slug__startswith="neu-").exists()

    done = confirm(reviewer, checked)

    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.finished_at is not None
    assert bytes(job.data) == b"", "the file is kept only until the job is finished"
    assert FundingProgramme.objects.filter(slug__startswith="neu-").count() == 3
    assert "Import abgeschlossen: 3 neu angelegt" in done.content.decode()


def test_only_the_uploader_confirms_or_discards(reviewer, editor, make_programme):
    headers, rows = new_rows(make_programme, 1)
    checked = preview(editor, csv_upload(headers, rows))
    url = admin_url(FundingProgramme, "import_job", checked.context["job"].pk)

    page = reviewer.get(url).content.decode()
    assert "Übernehmen oder verwerfen kann den Import nur, wer die Datei hochgeladen hat." in page
    assert 'name="confirm"' not in page
    assert reviewer.post(url, {"confirm": ""}).status_code == 403
    assert reviewer.post(url, {"discard": ""}).status_code == 403
    assert ImportJob.objects.get().state == ImportState.CHECKED


def test_a_discarded_import_forgets_the_file_and_writes_nothing(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 2)
    job = preview(reviewer, csv_upload(headers, rows)).context["job"]

    response = reviewer.post(admin_url(FundingProgramme, "import_job", job.pk), {"discard": ""}, follow=True)

    assert response.redirect_chain[-1][0] == admin_url(FundingProgramme, "import")
    assert "Der Import der Datei „import.csv“ wurde verworfen." in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportState.DISCARDED and bytes(job.data) == b""
    # A confirmation sent afterwards (another tab) is refused with a notice, and nothing is queued.
    response = reviewer.post(admin_url(FundingProgramme, "import_job", job.pk), {"confirm": ""}, follow=True)
    assert "Dieser Import wurde bereits bestätigt oder verworfen." in response.content.decode()
    assert not DBTaskResult.objects.ready().exists()
    assert not FundingProgramme.objects.filter(slug__startswith="neu-").exists()


def test_a_second_confirmation_applies_the_file_only_once(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    job = preview(reviewer, csv_upload(headers, rows)).context["job"]
    url = admin_url(FundingProgramme, "import_job", job.pk)

    reviewer.post(url, {"confirm": ""})
    reviewer.post(url, {"confirm": ""})

    assert DBTaskResult.objects.ready().count() == 1
    run_tasks()
    assert FundingProgramme.objects.filter(slug="neu-0").count() == 1


def test_a_job_is_found_only_under_its_own_catalogue(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    job = preview(reviewer, csv_upload(headers, rows)).context["job"]

    assert reviewer.get(admin_url(Contact, "import_job", job.pk)).status_code == 404
    missing = reviewer.get(admin_url(FundingProgramme, "import_job", job.pk + 1000))
    assert missing.status_code == 404
    assert "nicht gefunden" in missing.content.decode()


def test_the_former_confirmation_address_answers_404_in_german(reviewer):
    response = reviewer.post(admin_url(FundingProgramme, "process_import"), {"import_file_name": "../../etc/passwd"})
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_a_job_waiting_for_minutes_says_that_no_worker_seems_to_run(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    response = upload(reviewer, headers, rows)
    ImportJob.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=5))

    content = reviewer.get(response.url).content.decode()

    assert "Offenbar läuft der Hintergrunddienst für Importe nicht." in content


def test_an_unexpected_error_ends_the_job_with_a_german_notice(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    response = upload(reviewer, headers, rows)
    # A file the worker cannot read any more, as if it had been damaged in storage.
    ImportJob.objects.update(file_format="xlsx")

    run_tasks()

    job = ImportJob.objects.get()
    assert job.state == ImportState.FAILED and bytes(job.data) == b""
    assert DBTaskResult.objects.get().status == "FAILED"
    content = reviewer.get(response.url).content.decode()
    assert "Der Import ist mit einem unerwarteten Fehler abgebrochen; es wurde nichts gespeichert." in content


def test_the_page_lists_the_first_changed_rows_and_says_how_many_more(reviewer, make_programme, monkeypatch):
    monkeypatch.setattr(imports, "SHOWN_ROWS", 2)
    headers, rows = new_rows(make_programme, 3)

    content = preview(reviewer, csv_upload(headers, rows)).content.decode()

    assert "Neue und geänderte Zeilen (die ersten 2 von 3)" in content
    assert "Neues Programm 1" in content and "Neues Programm 2" not in content


def test_the_upload_page_lists_the_last_imports(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    job = preview(reviewer, csv_upload(headers, rows)).context["job"]

    content = reviewer.get(admin_url(FundingProgramme, "import")).content.decode()

    assert "Letzte Importe" in content
    assert admin_url(FundingProgramme, "import_job", job.pk) in content
    assert "geprüft, wartet auf Bestätigung" in content


def test_an_empty_file_is_refused_at_the_upload(reviewer):
    response = reviewer.post(
        admin_url(FundingProgramme, "import"),
        {"resource": "0", "format": XLSX, "import_file": csv_upload(["slug"], [], name="leer.xlsx")},
    )
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    assert "errorlist" in response.content.decode()


def test_a_changed_row_lists_the_columns_that_change_but_not_its_version(reviewer, make_programme):
    existing = make_programme()
    headers, rows = export_rows(FundingProgramme.objects.filter(pk=existing.pk))
    rows[0][headers.index("title")] = "Neuer Titel"

    job = preview(reviewer, csv_upload(headers, rows)).context["job"]

    assert job.summary["rows"][0]["changes"] == [["Titel", "Testprogramm Quartiere", "Neuer Titel"]]


def test_an_interrupted_import_says_so_and_can_be_discarded(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    url = upload(reviewer, headers, rows).url
    # The worker took the job and then stopped (a restart): the job stays „wird geprüft“ without progress.
    ImportJob.objects.update(state=ImportState.CHECKING, progress_at=timezone.now() - datetime.timedelta(minutes=2))
    assert reviewer.post(url, {"discard": ""}, follow=True).redirect_chain[-1][0] == url
    assert ImportJob.objects.get().state == ImportState.CHECKING
    assert "Der Import kommt seit" not in reviewer.get(url).content.decode()

    ImportJob.objects.update(progress_at=timezone.now() - datetime.timedelta(minutes=10))
    content = reviewer.get(url).content.decode()
    assert "Der Import kommt seit mehr als fünf Minuten nicht voran" in content
    assert 'name="discard"' in content

    reviewer.post(url, {"discard": ""})
    assert ImportJob.objects.get().state == ImportState.DISCARDED


def test_the_progress_of_a_running_job_is_noted_with_its_time(reviewer, make_programme):
    headers, rows = new_rows(make_programme, 1)
    upload(reviewer, headers, rows)
    job = ImportJob.objects.get()

    claimed = imports.claim(job.pk, ImportState.WAITING_CHECK, ImportState.CHECKING)

    assert claimed.state == ImportState.CHECKING
    assert claimed.progress_at is not None and claimed.started_at == claimed.progress_at
    assert imports.claim(job.pk, ImportState.WAITING_CHECK, ImportState.CHECKING) is None


def test_progress_is_written_outside_the_import_transaction(db):
    """The job page must see how far a job got while the import's transaction is still open: Progress writes
    through a connection of its own, so its notes are committed at once."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS, connections

    other = connections.create_connection(DEFAULT_DB_ALIAS)
    table = ImportJob._meta.db_table
    content_type = ContentType.objects.get_for_model(FundingProgramme).pk
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (content_type_id, resource, file_name, file_format, data, state, total_rows, "
                "processed_rows, summary, created_at, queued_at) VALUES (%s, '', 'x.csv', 'csv', '', %s, 100, 0, "
                "'{}', now(), now()) RETURNING id",
                [content_type, ImportState.CHECKING],
            )
            job = ImportJob(pk=cursor.fetchone()[0])
        progress = imports.Progress(job)
        for _row in range(imports.PROGRESS_STEP * 2 + 1):
            progress.row_done()
        progress.close()
        with other.cursor() as cursor:
            cursor.execute(f"SELECT processed_rows, progress_at IS NOT NULL FROM {table} WHERE id = %s", [job.pk])
            assert cursor.fetchone() == (imports.PROGRESS_STEP * 2, True)
    finally:
        with other.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE file_name = 'x.csv' AND resource = ''")
        other.close()
