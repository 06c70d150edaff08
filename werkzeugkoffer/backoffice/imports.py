"""Imports of catalogue files as background tasks: checked first (a dry run), applied once the editor confirms.

A file of a few thousand rows takes minutes to import — every row is validated, saved with its links and
tags and recorded in the history — far longer than a web request may last. The upload therefore only reads
the file and stores it with an ImportJob; the task worker (django-tasks-db's db_worker, which gunicorn starts
next to itself) checks it, and after the confirmation applies it, all or nothing, while the job's page shows
how many rows are done. The import rules themselves are the resource's (resources.py); JobImportMixin gives the
catalogues' admin (admin.py) these pages.
"""

import contextlib
import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.tasks import task
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from import_export.admin import ImportMixin

from werkzeugkoffer.backoffice import audit
from werkzeugkoffer.backoffice.formats import FileNotReadable, SafeXLSX, SpreadsheetCSV
from werkzeugkoffer.backoffice.resources import ExportForm, column_labels
from werkzeugkoffer.models import AuditAction, ImportJob, ImportState
from werkzeugkoffer.operations.routers import primary_only

FORMATS = {format_class().get_extension(): format_class for format_class in (SpreadsheetCSV, SafeXLSX)}
# The job page lists this many new and changed rows; the totals count all of them.
SHOWN_ROWS = 200
# Rows between two progress notes.
PROGRESS_STEP = 20
# A job still waiting after this long means that no task worker is running.
WORKER_PATIENCE = datetime.timedelta(minutes=2)
# A running job without progress for this long was interrupted (its worker stopped; its transaction is gone).
STALL_PATIENCE = datetime.timedelta(minutes=5)


class JobImportMixin(ImportMixin):
    """django-import-export's import pages, with the upload turned into an import job: checked and applied by the
    task worker, confirmed or discarded by its uploader on the job's page."""

    def add_data_read_fail_error_to_form(self, form, error):
        """A file that cannot be read gets one German sentence saying what to do, never an exception's name."""
        if isinstance(error, FileNotReadable):
            form.add_error("import_file", str(error))
        else:
            form.add_error(
                "import_file",
                "Die Datei ließ sich nicht lesen. Bitte prüfen Sie, ob das gewählte Format (CSV oder XLSX) zur Datei "
                "passt, und laden Sie am besten eine Datei hoch, die Sie aus dem Export erzeugt haben.",
            )

    def get_urls(self):
        opts = self.opts
        job_url = path(
            "import/<int:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name=f"{opts.app_label}_{opts.model_name}_import_job",
        )
        return [job_url, *super().get_urls()]

    # The catalogues' admin mixes this in before django-import-export's ExportActionMixin: its export page, too,
    # names the columns in German.
    export_form_class = ExportForm

    def get_import_context_data(self, **kwargs):
        jobs = ImportJob.objects.filter(content_type=ContentType.objects.get_for_model(self.model))
        return {**super().get_import_context_data(**kwargs), "recent_jobs": jobs.select_related("user")[:5]}

    def import_action(self, request, **kwargs):
        """The upload: a file that can be read becomes an import job, checked in the background."""
        if not self.has_import_permission(request):
            return super().import_action(request, **kwargs)
        form = self.create_import_form(request)
        if request.method != "POST":
            # The empty upload page, the same as after a refused file (with the columns named in German).
            return self.import_form_response(request, form)
        if form.is_valid():
            data = b"".join(form.cleaned_data["import_file"].chunks())
            input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
            try:
                dataset = input_format.create_dataset(data)
            except Exception as error:  # whatever the file format's reader raises
                self.add_data_read_fail_error_to_form(form, error)
            else:
                if not dataset:
                    form.add_error(
                        "import_file",
                        "Die Datei enthält keine Zeilen. Bitte laden Sie eine Datei mit Kopfzeile und mindestens "
                        "einer Zeile hoch, am besten eine aus dem Export.",
                    )
                else:
                    job = start_job(self, request, form, data, dataset)
                    return HttpResponseRedirect(self.import_job_url(job))
        return self.import_form_response(request, form)

    def import_form_response(self, request, form):
        """The upload page, also again with the reason at the file field."""
        resource_classes = self.get_import_resource_classes(request)
        resources = [
            resource_class(**self.get_import_resource_kwargs(request, form=form)) for resource_class in resource_classes
        ]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": "Importieren",
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [labels.get(field.column_name, field.column_name) for field in resource.get_user_visible_fields()],
                )
                for resource in resources
                # The columns as an export names them (German), which the import reads as well.
                for labels in [column_labels(resource._meta.model)]
            ],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def process_import(self, request, **kwargs):
        # The confirmation of django-import-export's own flow; imports are confirmed on their job page instead.
        raise Http404("Diesen Schritt gibt es nicht mehr. Bitte laden Sie die Datei erneut hoch.")

    def import_job_url(self, job):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])

    def import_job_view(self, request, job_id):
        """Where an import stands; the one who uploaded it confirms or discards it here once it is checked."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            ImportJob.objects.select_related("user"),
            pk=job_id,
            content_type=ContentType.objects.get_for_model(self.model),
        )
        own = job.user_id == request.user.pk
        if request.method == "POST":
            if not own:
                raise PermissionDenied
            if "discard" in request.POST and discard_job(job):
                self.message_user(request, f"Der Import der Datei „{job.file_name}“ wurde verworfen.", messages.INFO)
                opts = self.opts
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
            if "discard" in request.POST:
                self.message_user(
                    request,
                    "Dieser Import läuft gerade oder ist schon abgeschlossen; verwerfen lässt er sich nicht.",
                    messages.WARNING,
                )
            if "confirm" in request.POST and not confirm_job(job):
                self.message_user(request, "Dieser Import wurde bereits bestätigt oder verworfen.", messages.WARNING)
            return HttpResponseRedirect(self.import_job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import: {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "job": job,
            "may_confirm": own,
            "worker_silent": worker_silent(job),
            "stalled": stalled(job),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/import_export/job.html", context)


def start_job(admin, request, form, data, dataset):
    """Store an uploaded file that could be read as a job and queue its check; returns the job."""
    resource_class = admin.choose_import_resource_class(form, request)
    extension = admin.get_import_formats()[int(form.cleaned_data["format"])]().get_extension()
    job = ImportJob.objects.create(
        content_type=ContentType.objects.get_for_model(admin.model),
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        user=request.user,
        file_name=Truncator(form.cleaned_data["import_file"].name).chars(255),
        file_format=extension,
        data=data,
        total_rows=len(dataset),
    )
    check_import.enqueue(job.pk)
    return job


def confirm_job(job):
    """Queue the import of a checked job; False if it is not waiting for a confirmation (any more)."""
    confirmed = ImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
        state=ImportState.WAITING_IMPORT, processed_rows=0, queued_at=timezone.now()
    )
    if confirmed:
        apply_import.enqueue(job.pk)
    return bool(confirmed)


def discard_job(job):
    """Forget a job's file, if it waits (for a worker or the confirmation) or was interrupted; False otherwise."""
    now = timezone.now()
    discardable = Q(state__in=[ImportState.CHECKED, ImportState.WAITING_CHECK, ImportState.WAITING_IMPORT]) | Q(
        state__in=[ImportState.CHECKING, ImportState.IMPORTING], progress_at__lt=now - STALL_PATIENCE
    )
    return bool(
        ImportJob.objects.filter(discardable, pk=job.pk).update(state=ImportState.DISCARDED, data=b"", finished_at=now)
    )


def worker_silent(job):
    """Whether the job has waited for a worker for so long that none seems to be running."""
    waiting = job.state in (ImportState.WAITING_CHECK, ImportState.WAITING_IMPORT)
    return waiting and timezone.now() - job.queued_at > WORKER_PATIENCE


def stalled(job):
    """Whether a running job has made no progress for so long that its worker must have stopped."""
    running = job.state in (ImportState.CHECKING, ImportState.IMPORTING)
    return running and job.progress_at is not None and timezone.now() - job.progress_at > STALL_PATIENCE


@task
def check_import(job_id):
    """The dry run: which rows are new, changed, unchanged or invalid. Nothing is written."""
    with primary_only():
        job = claim(job_id, ImportState.WAITING_CHECK, ImportState.CHECKING)
        if job is None:
            return
        with failure_noted(job):
            result = run(job, dry_run=True)
            if result.has_errors() or result.has_validation_errors():
                finish(job, ImportState.REFUSED, result, keep_file=False, confirmed=False)
            else:
                finish(job, ImportState.CHECKED, result, keep_file=True, confirmed=False)


@task
def apply_import(job_id):
    """The confirmed import: all rows or, if any row has become invalid since the check, none."""
    with primary_only():
        job = claim(job_id, ImportState.WAITING_IMPORT, ImportState.IMPORTING)
        if job is None:
            return
        with failure_noted(job):
            result = run(job, dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                finish(job, ImportState.REFUSED, result, keep_file=False, confirmed=True)
                return
            totals = result.totals
            details = (
                f"{totals['new']} neu, {totals['update']} geändert, {totals['skip']} unverändert; "
                f"Datei: {Truncator(job.file_name).chars(100)}"
            )
            audit.record(
                None,
                AuditAction.IMPORT,
                model=job.content_type.model_class(),
                details=details,
                username=job.user.get_username() if job.user else "",
            )
            finish(job, ImportState.DONE, result, keep_file=False, confirmed=True)


@contextlib.contextmanager
def failure_noted(job):
    """An unexpected error ends the job as „abgebrochen“ (its page says so) before the task fails with it."""
    try:
        yield
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(state=ImportState.FAILED, data=b"", finished_at=timezone.now())
        raise


def claim(job_id, waiting, running):
    """The job, now marked as running, or None if another worker took it or it was discarded."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, state=waiting).update(
        state=running, started_at=now, progress_at=now, processed_rows=0
    )
    return ImportJob.objects.select_related("content_type", "user").get(pk=job_id) if claimed else None


def run(job, dry_run):
    progress = Progress(job)
    try:
        resource = import_string(job.resource)()
        resource.progress = progress
        dataset = FORMATS[job.file_format]().create_dataset(bytes(job.data))
        return resource.import_data(
            dataset, dry_run=dry_run, raise_errors=False, file_name=job.file_name, user=job.user
        )
    finally:
        progress.close()


def finish(job, state, result, keep_file, confirmed):
    job.state = state
    job.processed_rows = job.total_rows
    job.summary = {**summarise(job.content_type.model_class(), result), "confirmed": confirmed}
    job.finished_at = None if state == ImportState.CHECKED else timezone.now()
    fields = ["state", "processed_rows", "summary", "finished_at"]
    if not keep_file:
        job.data = b""
        fields.append("data")
    job.save(update_fields=fields)


class Progress:
    """Notes how many rows are done, through a connection of its own: the import's transaction stays open until
    the last row, and the job's page must see the count before that."""

    def __init__(self, job):
        self.job = job
        self.done = 0
        self.connection = None

    def row_done(self):
        self.done += 1
        if self.done % PROGRESS_STEP == 0:
            if self.connection is None:
                self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, progress_at = %s WHERE id = %s",  # noqa: S608
                    [self.done, timezone.now(), self.job.pk],
                )

    def close(self):
        if self.connection is not None:
            self.connection.close()


def summarise(model, result):
    """What the job's page shows of a result, as JSON: totals, one German line per refused row and the changes
    of the first new and changed rows."""
    from werkzeugkoffer.backoffice.resources import column_labels

    labels = column_labels(model)
    problems = [f"Allgemeiner Fehler: {error.error}" for error in result.base_errors]
    problems += [row_problem(row, labels, model) for row in result.invalid_rows]
    problems += [f"Zeile {number}: {errors[0].error}" for number, errors in result.row_errors()]
    headers = result.diff_headers
    # The version goes up with every save; listing it for each changed row says nothing.
    version_label = labels["version"]
    rows = []
    for number, row in enumerate(result.rows, start=1):
        if row.import_type not in ("new", "update") or len(rows) >= SHOWN_ROWS:
            continue
        changes = [
            [header, shorten(old), shorten(new)]
            for header, (old, new) in zip(headers, row.diff or [], strict=False)
            if old != new and header != version_label and (row.import_type == "update" or new)
        ]
        rows.append({"number": number, "type": row.import_type, "title": row.object_repr, "changes": changes})
    # Changes to published entries by the Redaktion wait for the Freigabe (backoffice/approvals.py).
    proposed = sum(1 for row in result.rows if getattr(row, "proposed", False))
    return {"totals": dict(result.totals), "problems": problems, "rows": rows, "proposed": proposed}


def row_problem(row, labels, model):
    """One line for a refused row: „Zeile 3 – Fördergebiet: …; Fassung: …“, with the fields' German labels."""
    parts = []
    for name, reasons in row.field_specific_errors.items():
        label = labels.get(name)
        if label is None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
        parts.append(f"{label}: {' '.join(str(reason) for reason in reasons)}")
    parts += [str(message) for message in row.non_field_specific_errors]
    return f"Zeile {row.number} – {'; '.join(parts)}"


def shorten(value):
    return Truncator(value).chars(200) if value else "leer"
