"""The admin base of the catalogues: forms, version checks, workflow, history, import and export."""

import copy
import hashlib
import itertools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseModelFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from taggit.models import Tag

from werkzeugkoffer.backoffice import approvals, audit, editor, imports, linkcheck, presence
from werkzeugkoffer.backoffice.formats import SafeXLSX, SpreadsheetCSV
from werkzeugkoffer.backoffice.history import (
    conflict_message,
    describe_changes,
    entry_images,
    image_label,
    images_recorded,
    links_missing,
    links_recorded,
    prefetch_links,
    record_version,
    recorded_links,
    records_images,
    restore_images,
)
from werkzeugkoffer.backoffice.uploads import keep_uploads
from werkzeugkoffer.models import (
    ApprovalRequest,
    AuditAction,
    EditConflict,
    PublicationStatus,
    allowed_statuses,
    months_later,
    next_review_date,
)

# Status changes that go into the audit log.
AUDITED_STATUSES = {PublicationStatus.PUBLISHED: AuditAction.PUBLISH, PublicationStatus.ARCHIVED: AuditAction.ARCHIVE}

# Each row of a catalogue's change list carries the version it shows, so that list edits and
# actions can refuse to change an entry that someone else saved after the list was loaded.
VERSION_INPUT_PREFIX = "_version_"
# „Alle N auswählen“ also covers entries on other pages, whose versions the form does not carry; instead it
# carries a fingerprint of all entries the list covered when it was shown.
LIST_STATE_INPUT = "_list_state"
# Hidden fields of the change forms that only carry what the form was opened on.
FORM_ONLY_FIELDS = ("opened_version", "opened_request")


class LabelledListEditFormSet(BaseModelFormSet):
    """The change list shows list-edit fields without a <label>: name each after its column and row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{field.label}: {form.instance}"


def list_state(entries):
    """A fingerprint of which entries there are, in which version and saved when; entries ordered by pk."""
    rows = "\n".join(f"{entry.pk}:{entry.version}:{entry.updated_at.isoformat()}" for entry in entries)
    return hashlib.sha256(rows.encode()).hexdigest()


def selects_across(request):
    """Whether the editor chose „alle … auswählen“ in the change list, beyond the entries shown."""
    return helpers.ActionForm.base_fields["select_across"].to_python(request.POST.get("select_across"))


def posted_version(data, pk):
    try:
        return int(data.get(f"{VERSION_INPUT_PREFIX}{pk}", ""))
    except ValueError:
        return None


class VersionCheckForm(forms.ModelForm):
    """A change form that refuses to save over a version someone else saved after it was opened.

    For everything the back office edits (entries, legal pages, taxonomies, regions). The admin's change
    view runs in a transaction, which holds the row lock of claim_version until the save.
    """

    opened_version = forms.IntegerField(label="Geöffnete Fassung", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.current_version()

    def current_version(self):
        if getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            # Reverting: the form shows an old version, but saving it replaces the one stored now.
            return type(self.instance).objects.values_list("version", flat=True).get(pk=self.instance.pk)
        return self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            try:
                self.instance.claim_version(cleaned_data.get("opened_version"))
            except EditConflict as conflict:
                raise ValidationError(str(conflict), code="conflict") from None
        return cleaned_data


class EntryForm(VersionCheckForm):
    """The change form of a catalogue entry: workflow-aware status, review dates and the version check."""

    approval_note = forms.CharField(
        label="Anmerkung für die Freigabe",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Was Sie geändert haben und warum, z. B. „Frist laut Website des Fördergebers verlängert“. Die "
        "Freigabe liest sie, wenn Sie den Eintrag zur Freigabe einreichen oder einen veröffentlichten Eintrag ändern.",
    )
    # The waiting change the form was opened on (see backoffice/approvals.py), so that a change someone else
    # submitted meanwhile is not replaced unseen.
    opened_request = forms.IntegerField(label="Geöffnete Anfrage", widget=forms.HiddenInput, required=False)

    # Set per request by PublishableAdmin.get_form.
    may_publish = False
    # The change waiting for the Freigabe that the form shows, if any (set by PublishableAdmin.changeform_view).
    waiting = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            allowed = allowed_statuses(self.may_publish, self.instance.status if self.instance.pk else None)
            self.fields["status"].choices = [choice for choice in self.fields["status"].choices if choice[0] in allowed]
        for name in self.instance.rich_text_fields:
            if name in self.fields:
                editor.use_editor(self.fields[name], headings=name in self.instance.heading_text_fields)
        # „zuletzt geprüft am“ left empty stays empty: only an editor's check sets it. An empty Wiedervorlage
        # follows from the check, or stays as it is (see clean).
        for name in ("reviewed_at", "review_due"):
            if name in self.fields:
                self.fields[name].required = False
        reverting_to = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if reverting_to is not None and links_recorded(reverting_to):
            self.show_recorded_links(reverting_to)
        if self.waiting is not None:
            self.fields["opened_request"].initial = self.waiting.pk

    def show_recorded_links(self, record):
        """Show the links and tags of the version being reverted to, instead of the current ones."""
        for name, pks in recorded_links(record).items():
            if name in self.fields:
                # Objects deleted since then can no longer be linked.
                self.initial[name] = list(self.fields[name].queryset.filter(pk__in=pks).values_list("pk", flat=True))
        if "tags" in self.fields:
            self.initial["tags"] = [Tag(name=name) for name in record.tag_names]

    def clean(self):
        cleaned_data = super().clean()
        waiting_pk = self.waiting.pk if self.waiting is not None else None
        if self.instance.pk and not self.may_publish and cleaned_data.get("opened_request") != waiting_pk:
            raise ValidationError(
                "Während Sie den Eintrag bearbeitet haben, wurde eine Änderung daran zur Freigabe eingereicht oder "
                "darüber entschieden. Ihre Änderungen wurden nicht gespeichert, damit nichts überschrieben wird. Bitte "
                "öffnen Sie den Eintrag neu und tragen Sie sie dort noch einmal ein.",
                code="conflict",
            )
        reviewed_at = cleaned_data.get("reviewed_at")
        if "review_due" in self.fields:
            review_due_untouched = "review_due" not in self.changed_data or not cleaned_data.get("review_due")
            newly_checked = reviewed_at and ("reviewed_at" in self.changed_data or not cleaned_data.get("review_due"))
            if newly_checked and review_due_untouched:
                cleaned_data["review_due"] = months_later(reviewed_at)
            elif not cleaned_data.get("review_due"):
                cleaned_data["review_due"] = self.instance.review_due or next_review_date()
        return cleaned_data


class ListEditFormSet(LabelledListEditFormSet):
    """List edits are refused as a whole when one of the changed rows was saved by someone else meanwhile."""

    def clean(self):
        super().clean()
        conflicts = []
        for form in self.forms:
            if form.instance.pk and form.has_changed():
                try:
                    form.instance.claim_version(posted_version(self.data, form.instance.pk))
                except EditConflict as conflict:
                    conflicts.append(f"„{form.instance}“: {conflict}")
        if conflicts:
            raise ValidationError(conflicts, code="conflict")


class VersionedAdmin(presence.EditingPresenceMixin, admin.ModelAdmin):
    """The admin of a Versioned model: its change form and its list edits refuse to overwrite a newer save."""

    form = VersionCheckForm

    @admin.display(description="Fassung")
    def version_marker(self, obj):
        return format_html(
            '{}<input type="hidden" name="{}{}" value="{}">', obj.version, VERSION_INPUT_PREFIX, obj.pk, obj.version
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "version_marker"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A read-only page shows no form: the hidden bookkeeping fields would appear as rows of their own.
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field not in FORM_ONLY_FIELDS]})
            for name, options in fieldsets
        ]

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=ListEditFormSet, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # List edits lock the rows they change until the response is ready.
        with transaction.atomic():
            return super().changelist_view(request, extra_context)


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/history_list.html"
    # Column headings for history_list_display.
    history_list_labels = {}

    def get_urls(self):
        opts = self.opts
        compare = path(
            "<str:object_id>/history/vergleich/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{opts.app_label}_{opts.model_name}_history_compare",
        )
        # Before simple-history's <id>/history/<version>/, which would take „vergleich“ for a version.
        return [compare, *super().get_urls()]

    def history_records(self, request, object_id):
        """The versions of one entry, newest first; 404 for an id that cannot be one."""
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        try:
            object_id = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return self.get_history_queryset(request, history, self.opts.pk.attname, object_id)

    def history_view(self, request, object_id, extra_context=None):
        columns = [(self.history_list_labels.get(name, name), name) for name in self.get_history_list_display(request)]
        latest_id = self.history_records(request, object_id).values_list("history_id", flat=True).first()
        context = {**(extra_context or {}), "history_columns": columns, "latest_version_id": latest_id}
        return super().history_view(request, object_id, context)

    def history_compare_view(self, request, object_id):
        """Two versions side by side (GET a and b): every field, link and the tags that differ, who saved each, when."""
        records = self.history_records(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # A deleted entry keeps its history, as on the history page.
            newest = records.first()
            if newest is None:
                raise Http404
            obj = newest.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        if not (request.GET.get("a") and request.GET.get("b")):
            message = "Bitte wählen Sie zwei Fassungen aus, eine als „Fassung A“ und eine als „Fassung B“."
            self.message_user(request, message, messages.WARNING)
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id]))
        try:
            chosen = {int(request.GET["a"]), int(request.GET["b"])}
        except ValueError:
            raise Http404 from None
        versions = sorted(records.filter(history_id__in=chosen), key=lambda record: (record.history_date, record.pk))
        if len(versions) != len(chosen):
            raise Http404
        prefetch_links(versions)
        older, newer = versions[0], versions[-1]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Fassungen vergleichen: {obj}",
            "opts": self.opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "changes": describe_changes(older, newer) if len(versions) == 2 else [],
            "links_missing": [record for record in versions if links_missing(record)],
            "latest_version_id": records.values_list("history_id", flat=True).first(),
            "revert_disabled": self.revert_disabled(request, obj),
        }
        return TemplateResponse(request, "admin/history_compare.html", context)

    def history_view_title(self, request, obj):
        return f"Verlauf: {obj}"

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return f"Frühere Fassung ansehen: {obj}"
        return f"Auf frühere Fassung zurücksetzen: {obj}"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # django-simple-history 3.13 calls select_related() without arguments for models without
        # foreign keys, which Django 6.1 deprecates; name the related fields explicitly instead.
        records = history_manager.filter(**{pk_name: object_id})
        related = ["history_user"] + [
            field.name for field in history_manager.model.tracked_fields if isinstance(field, models.ForeignKey)
        ]
        return records.select_related(*related)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # German values, and the links and tags of each version, as in the conflict message.
        records = list(historical_records)
        prefetch_links(records)
        names = {}
        for newer, older in itertools.pairwise(records):
            newer.history_delta_changes = [
                # Texts compared word by word come as one text with both versions marked (MarkedText.combined).
                {"field": label, "old": old, "new": new, "combined": getattr(new, "combined", None)}
                for label, old, new in describe_changes(older, newer, names)
            ]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic():  # for the version check's row lock, as in the change view
            response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
            version = history.get(history_id=version_id)
            when = timezone.localtime(version.history_date).strftime("%d.%m.%Y %H:%M")
            number = f" (Fassung {version.version})" if hasattr(version, "version") else ""
            entry = self.model._default_manager.get(pk=unquote(object_id))
            audit.record(request, AuditAction.REVERT, entry, details=f"Stand vom {when}{number} wiederhergestellt")
        return response


class PublishableAdmin(
    editor.RemovalReportAdmin, imports.JobImportMixin, ExportActionMixin, HistoryAdmin, VersionedAdmin
):
    """Workflow, review dates, history, version checks, import/export and link check of the three catalogues."""

    form = EntryForm
    # Adds the list state (see LIST_STATE_INPUT) to the change list form.
    change_list_template = "admin/catalogue_change_list.html"
    # Both buttons: „Importieren“, and „Exportieren“, which takes the list's current search and filters along.
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    list_filter = ["status"]
    # Subclasses show review_due in their list_display, so that Wiedervorlagen can be moved in the list.
    list_editable = ["review_due"]
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["submit_for_review", "publish", "archive", "mark_reviewed", "check_links"]
    list_per_page = 50
    formats = [SpreadsheetCSV, SafeXLSX]
    history_list_display = ["version", "status_label"]
    history_list_labels = {"version": "Fassung", "status_label": "Status"}

    def get_export_filename(self, request, queryset, file_format):
        """A German file name in plain letters, e.g. „foerderprogramme-2026-12-03.xlsx“."""
        name = str(self.opts.verbose_name_plural).lower()
        for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
            name = name.replace(umlaut, spelled)
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    # --- permissions -----------------------------------------------------------------------

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_deletable():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        if action_location == ActionLocation.CHANGE_LIST:
            # django-import-export adds its export action here (its get_actions predates action_location).
            actions = super().get_actions(request)
        else:
            actions = SimpleHistoryAdmin.get_actions(self, request, action_location=action_location)
        # Deleting goes one entry at a time and only for entries that were never public.
        actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publish_at")
        return fields

    def status_label(self, record):
        return record.get_status_display()

    # --- who asked the Freigabe for what, in the list ------------------------------------------

    def get_queryset(self, request):
        waiting = ApprovalRequest.objects.pending().filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                waiting_since=Subquery(waiting.values("submitted_at")[:1]),
                waiting_author=Subquery(waiting.values("author__username")[:1]),
            )
        )

    def get_list_display(self, request):
        names = list(super().get_list_display(request))
        return [*names[:-1], "waiting_approval", names[-1]]

    @admin.display(description="Freigabe", ordering="waiting_since")
    def waiting_approval(self, entry):
        if getattr(entry, "waiting_since", None) is None:
            return "–"
        when = date_format(timezone.localtime(entry.waiting_since), "j. n. Y")
        return f"wartet seit {when} ({entry.waiting_author or 'unbekannt'})"

    # --- change form -----------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        first_name, first_options = fieldsets[0]
        if obj is None or self.has_change_permission(request, obj):
            first_options["fields"] = [*first_options["fields"], *FORM_ONLY_FIELDS]
        publication = ("Veröffentlichung und Prüfung", {"fields": ["publish_at", ("reviewed_at", "review_due")]})
        fieldsets = [(first_name, first_options), publication, *fieldsets[1:]]
        if not self.has_publish_permission(request):
            fieldsets.append(("Freigabe", {"fields": ["approval_note"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish = self.has_publish_permission(request)
        form.waiting = getattr(request, "_waiting_change", None)
        return form

    # --- four eyes on published entries (backoffice/approvals.py) --------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A published entry opened by the Redaktion shows its waiting change, if any, and saving it asks the
        Freigabe instead of changing the entry: everything happens in a savepoint that is rolled back."""
        entry = None
        if object_id and not (request.method == "POST" and "_saveasnew" in request.POST):
            try:
                entry = self.get_object(request, unquote(object_id))
            except ValidationError:
                entry = None
        if entry is None or not approvals.needs_approval(request.user, entry):
            if entry is not None and request.method == "GET":
                self.tell_about_waiting_change(request, entry)
            return super().changeform_view(request, object_id, form_url, extra_context)
        request._proposal = None
        with approvals.rolled_back():
            request._waiting_change = approvals.showing_pending(entry)
            if request.method == "GET":
                self.explain_approval(request, entry, request._waiting_change)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                # The form shows the waiting change, which exists only inside the savepoint.
                response.render()
        if request._proposal is None:
            return response
        with transaction.atomic():
            approval = approvals.submit_change(
                entry, request._proposal, request.user, request.POST.get("approval_note", "").strip(), request
            )
        if approval is None:
            self.message_user(
                request,
                "Ihre Fassung entspricht der veröffentlichten; es wartet keine Änderung auf Freigabe.",
                messages.INFO,
            )
        else:
            told = [user for user in approvals.approvers(self.model) if user.pk != request.user.pk]
            self.message_user(
                request,
                f"Ihre Änderung an „{entry}“ wartet jetzt auf Freigabe. Öffentlich bleibt bis dahin die "
                "veröffentlichte Fassung. "
                + (
                    "Die Freigabe ist per E-Mail benachrichtigt."
                    if told
                    else "Niemand in der Freigabe hat eine E-Mail-Adresse hinterlegt; bitte sagen Sie ihr Bescheid."
                ),
                messages.SUCCESS,
            )
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk]))

    def explain_approval(self, request, entry, waiting):
        if waiting is not None and waiting.kind == approvals.ApprovalKind.CHANGE:
            when = timezone.localtime(waiting.submitted_at).strftime("%d.%m.%Y %H:%M")
            note = f" Anmerkung: „{waiting.note}“" if waiting.note else ""
            self.message_user(
                request,
                f"Sie sehen die Änderung, die {approvals.user_name(waiting.author)} am {when} zur Freigabe "
                f"eingereicht hat.{note} Öffentlich ist weiterhin die veröffentlichte Fassung. Was Sie jetzt "
                "speichern, ersetzt die eingereichte Änderung und geht ebenfalls zur Freigabe.",
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                "Dieser Eintrag ist veröffentlicht. Was Sie ändern, geht zur Freigabe; öffentlich bleibt bis dahin "
                "die veröffentlichte Fassung.",
                messages.INFO,
            )

    def tell_about_waiting_change(self, request, entry):
        waiting = approvals.pending_request(entry)
        if waiting is None or not self.has_publish_permission(request):
            return
        url = reverse("admin:werkzeugkoffer_approvalrequest_change", args=[waiting.pk])
        what = "eine Änderung" if waiting.kind == approvals.ApprovalKind.CHANGE else "dieser Eintrag"
        self.message_user(
            request,
            format_html(
                'Hier wartet {} von {} auf Ihre Freigabe. <a href="{}">Änderung prüfen</a>. Was Sie hier speichern, '
                "gilt sofort; eine wartende Änderung lässt sich danach nicht mehr unverändert freigeben.",
                what,
                approvals.user_name(waiting.author),
                url,
            ),
            messages.WARNING,
        )

    def response_change(self, request, obj):
        if getattr(request, "_proposal", None) is not None:
            # changeform_view says what happened, after the savepoint is rolled back.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            # The form is shown again with errors: files chosen in it are kept for the next submit.
            keep_uploads(context["adminform"].form)
            for inline in context["inline_admin_formsets"]:
                for form in inline.formset.forms:
                    keep_uploads(form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting is a save: only the Freigabe may do it, and the version check needs a transaction.
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        if request.method == "GET":
            self.warn_about_unrecorded_links(request, object_id, version_id)
            self.explain_image_revert(request, object_id, version_id)
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                # simple-history saves the links after save_model, without save_related.
                entry = self.model._default_manager.get(pk=unquote(object_id))
                entry._history_user = request.user
                if records_images(self.model):
                    self.restore_images(request, entry, version_id)
                record_version(entry)
            return response

    def warn_about_unrecorded_links(self, request, object_id, version_id):
        version = self.model.history.filter(id=unquote(object_id), history_id=version_id).first()
        if version is not None and not links_recorded(version):
            self.message_user(
                request,
                "Diese Fassung wurde gespeichert, bevor Verknüpfungen (z. B. Handlungsfelder, Zielgruppen, Regionen) "
                "und Schlagworte mit aufgezeichnet wurden. Beim Zurücksetzen bleiben sie so, wie sie jetzt sind.",
                messages.WARNING,
            )

    def explain_image_revert(self, request, object_id, version_id):
        """Say before reverting what happens to the photos, which the revert form does not show."""
        if not records_images(self.model):
            return
        version = self.model.history.filter(id=unquote(object_id), history_id=version_id).first()
        if version is None:
            return
        entry = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if not images_recorded(version):
            self.message_user(
                request,
                "Diese Fassung wurde gespeichert, bevor Fotos mit aufgezeichnet wurden. Beim Zurücksetzen bleiben die "
                "Fotos so, wie sie jetzt sind.",
                messages.WARNING,
            )
        elif version.images:
            listed = ", ".join(f"„{image_label(image)}“" for image in version.images)
            self.message_user(
                request,
                f"Beim Zurücksetzen erhält der Eintrag die Fotos dieser Fassung zurück: {listed}.",
                messages.INFO,
            )
        elif entry is not None and entry_images(entry).exists():
            self.message_user(
                request,
                "Diese Fassung hatte keine Fotos. Beim Zurücksetzen werden die Fotos entfernt, die der Eintrag jetzt "
                "hat (ihre Dateien bleiben erhalten).",
                messages.INFO,
            )

    def restore_images(self, request, entry, version_id):
        missing = restore_images(entry, self.model.history.get(history_id=version_id))
        if missing:
            listed = ", ".join(f"„{alt_text}“" for alt_text in missing)
            self.message_user(
                request,
                f"Diese Fotos ließen sich nicht wiederherstellen, weil ihre Datei fehlt: {listed}. Bitte laden Sie sie "
                "neu hoch.",
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        if change and not hasattr(request, "_proposal") and approvals.needs_approval(request.user, obj):
            # A list edit of a published entry: asked for, not saved (the change form goes through changeform_view).
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            approval = approvals.propose(
                obj, lambda entry: [setattr(entry, name, value) for name, value in values.items()], request.user
            )
            obj._proposed = True
            if approval is not None:
                self.message_user(request, f"Die Änderung an „{obj}“ wartet auf Freigabe.", messages.INFO)
            return
        # The history row is recorded in save_related, once the links, tags and photos are saved as well.
        obj.skip_history_when_saving = True
        old_status = form.initial.get("status") if change else None
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data and obj.status in AUDITED_STATUSES:
            audit.record(request, AUDITED_STATUSES[obj.status], obj, details=f"Fassung {obj.version}")
        if getattr(request, "_proposal", False) is None:
            return
        approvals.status_changed(obj, old_status, request.user, form.cleaned_data.get("approval_note", ""), request)

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_proposed", False):
            return
        super().save_related(request, form, formsets, change)
        if hasattr(request, "_proposal"):
            # Saved inside the savepoint of changeform_view: what is stored now is the proposal.
            request._proposal = approvals.snapshot(form.instance)
            return
        record_version(form.instance)

    def get_valid_export_item_pks(self, request):
        # django-import-export 4.4 still calls this (deprecated, warning) method for exports of a selection.
        return self.get_export_queryset(request).values_list("pk", flat=True)

    # --- change list -----------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # Actions lock the rows they change until the response is ready, as list edits do (VersionedAdmin).
        with transaction.atomic():
            response = super().changelist_view(request, extra_context)
            context = getattr(response, "context_data", None) or {}
            if "cl" in context:
                entries = context["cl"].queryset.order_by("pk").values_list("pk", "version", "updated_at", named=True)
                context["list_state"] = list_state(entries)
            return response

    def change_selected(self, request, queryset, change):
        """Apply change(entry) to the selected entries and save each (with history), all or none.

        Nothing is changed when an entry was saved by someone else after the list was shown.
        Returns the number of changed entries, or None when the action was refused.
        """
        entries = list(self.model.objects.select_for_update().filter(pk__in=queryset.values("pk")).order_by("pk"))
        conflicts = []
        for entry in entries:
            seen = posted_version(request.POST, entry.pk)
            if seen is not None and seen != entry.version:
                conflicts.append(f"„{entry}“: {conflict_message(self.model, entry.pk, seen, entry.version)}")
        if conflicts:
            self.message_user(
                request,
                "Die Aktion wurde für keinen Eintrag ausgeführt. " + " ".join(conflicts),
                messages.ERROR,
            )
            return None
        if selects_across(request) and request.POST.get(LIST_STATE_INPUT) != list_state(entries):
            self.message_user(
                request,
                "Die Aktion wurde für keinen Eintrag ausgeführt: Sie haben alle Einträge der Liste ausgewählt, auch "
                "die auf anderen Seiten, und seit dem Laden der Liste wurden Einträge darin gespeichert, neu "
                "angelegt oder gelöscht. Bitte laden Sie die Liste neu, prüfen Sie die Auswahl und führen Sie die "
                "Aktion dann noch einmal aus.",
                messages.ERROR,
            )
            return None
        changed = 0
        for entry in entries:
            # The entries were just read, locked, from the database: their status is the stored one.
            if approvals.needs_approval(request.user, entry, status=entry.status):
                if approvals.propose(entry, change, request.user) is not None:
                    changed += 1
                    self.message_user(request, f"Die Änderung an „{entry}“ wartet auf Freigabe.", messages.INFO)
                continue
            old_status = entry.status
            if change(entry) is False:
                continue
            entry.version += 1
            entry.save()
            approvals.status_changed(entry, old_status, request.user, request=request)
            changed += 1
        return changed

    def report(self, request, changed, done):
        if changed is not None:
            self.message_user(request, f"{changed} {done}.", messages.SUCCESS)

    @admin.action(description="Ausgewählte Einträge zur Freigabe einreichen", permissions=["change"])
    def submit_for_review(self, request, queryset):
        def submit(entry):
            if entry.status != PublicationStatus.DRAFT:
                return False
            entry.status = PublicationStatus.IN_REVIEW

        self.report(request, self.change_selected(request, queryset, submit), "Einträge zur Freigabe eingereicht")

    @admin.action(description="Ausgewählte Einträge veröffentlichen", permissions=["publish"])
    def publish(self, request, queryset):
        def publish(entry):
            if entry.status != PublicationStatus.PUBLISHED:
                audit.record(request, AuditAction.PUBLISH, entry, details=f"Fassung {entry.version + 1}")
            entry.status = PublicationStatus.PUBLISHED

        self.report(request, self.change_selected(request, queryset, publish), "Einträge veröffentlicht")

    @admin.action(description="Ausgewählte Einträge archivieren", permissions=["publish"])
    def archive(self, request, queryset):
        def archive(entry):
            if entry.status != PublicationStatus.ARCHIVED:
                audit.record(request, AuditAction.ARCHIVE, entry, details=f"Fassung {entry.version + 1}")
            entry.status = PublicationStatus.ARCHIVED

        self.report(request, self.change_selected(request, queryset, archive), "Einträge archiviert")

    @admin.action(description="Ausgewählte Einträge als heute geprüft markieren", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        changed = self.change_selected(request, queryset, lambda entry: entry.mark_reviewed(today))
        self.report(request, changed, "Einträge als geprüft markiert, Wiedervorlage in zwölf Monaten")

    @admin.action(description="Links der ausgewählten Einträge prüfen", permissions=["change"])
    def check_links(self, request, queryset):
        results = linkcheck.check_entries(list(queryset))
        broken = [result for result in results if result.is_broken()]
        level = messages.WARNING if broken else messages.SUCCESS
        summary = f"{len(results)} {'Link' if len(results) == 1 else 'Links'} geprüft, {len(broken)} davon defekt."
        if broken:
            summary += " Defekt: " + "; ".join(f"{result.url} ({linkcheck.reason(result)})" for result in broken)
        self.message_user(request, summary, level)
