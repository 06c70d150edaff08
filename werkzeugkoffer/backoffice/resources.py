"""Shared rules for importing and exporting catalogue entries (CSV and XLSX) in the admin.

Entries are matched by their slug. An import writes nothing unless every row is valid; a row is
invalid with its reason when a field does not validate, when it names an unknown slug, when it would publish without the
permission to do so, or when the entry was saved after the file was exported (column „version“).
"""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from import_export import fields, resources, widgets
from import_export.forms import SelectableFieldsExportForm

from places.locating import point_errors, points_of, settle_points, stored_state
from werkzeugkoffer.backoffice import approvals
from werkzeugkoffer.backoffice.history import record_version
from werkzeugkoffer.models import DERIVED_FIELDS, EditConflict, PublicationStatus, allowed_statuses

# Columns of the export that are no model field of their own, with their German names.
EXTRA_COLUMN_LABELS = {"version": "Fassung", "tags": "Schlagworte"}


def column_labels(model):
    """The German column name of each field of model: its label in the back office."""
    labels = dict(EXTRA_COLUMN_LABELS)
    opts = model._meta
    for field in [*opts.concrete_fields, *opts.many_to_many]:
        labels.setdefault(field.name, str(field.verbose_name))
    return labels


# Kept by the database or by the back office, never taken from a file.
NOT_IMPORTED = [*DERIVED_FIELDS, "id", "created_at", "updated_at"]


class ExportForm(SelectableFieldsExportForm):
    """The export page's choice of columns, named as the columns of the file are (German), not after the
    fields' English names („Publish At“) as django-import-export does."""

    def _get_field_label(self, resource, field_name):
        return column_labels(resource._meta.model).get(field_name, field_name)


class TagsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return sorted({name.strip() for name in str(value or "").split(",") if name.strip()}, key=str.lower)

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class SlugWidget(widgets.ForeignKeyWidget):
    """A reference to another entry or region by its slug; an unknown slug makes the row invalid, with the reason."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            plural = self.model._meta.verbose_name_plural
            raise ValueError(f"Unter {plural} gibt es keinen Eintrag mit dem Kurznamen „{value}“.") from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Several references by slug, separated by commas; any unknown slug makes the row invalid with the reason,
    instead of being dropped without a word (which would remove the link on saving)."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            wanted = list(dict.fromkeys(part.strip() for part in value.split(self.separator) if part.strip()))
        else:
            wanted = [] if value in (None, "") else [str(value).strip()]
        found = self.model.objects.filter(slug__in=wanted)
        unknown = sorted(set(wanted) - set(found.values_list("slug", flat=True)))
        if unknown:
            plural = self.model._meta.verbose_name_plural
            names = ", ".join(f"„{slug}“" for slug in unknown)
            raise ValueError(
                f"Unter {plural} gibt es keinen Eintrag mit dem Kurznamen {names}. Bitte verwenden Sie die Kurznamen "
                "aus dem Export; die Zeile wird so nicht übernommen."
            )
        return found


class ListWidget(widgets.SimpleArrayWidget):
    """A list of values (such as „Für wen“) separated by commas, read like the slugs of the links: spaces around a
    value and repeated or empty values do not count."""

    def clean(self, value, row=None, **kwargs):
        return list(dict.fromkeys(part.strip() for part in str(value or "").split(self.separator) if part.strip()))


class GermanErrors:
    """A widget whose „could not be parsed“ errors say in German what a cell must look like."""

    message = ""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, TypeError, ArithmeticError):
            raise ValueError(f"„{value}“ {self.message}") from None


class DateWidget(GermanErrors, widgets.DateWidget):
    message = "ist kein Datum. Bitte schreiben Sie es als 31.12.2026 oder 2026-12-31."


class DateTimeWidget(GermanErrors, widgets.DateTimeWidget):
    message = "ist kein Zeitpunkt. Bitte schreiben Sie ihn als 31.12.2026 14:30 oder 2026-12-31 14:30."


class DecimalWidget(GermanErrors, widgets.DecimalWidget):
    message = "ist kein Betrag. Bitte schreiben Sie nur Ziffern, z. B. 10000 oder 10000,50."


class IntegerWidget(GermanErrors, widgets.IntegerWidget):
    message = "ist keine ganze Zahl. Bitte schreiben Sie nur Ziffern, z. B. 2019."


class FloatWidget(GermanErrors, widgets.FloatWidget):
    message = "ist keine Zahl. Bitte schreiben Sie sie mit Komma, z. B. 49,8833."


GERMAN_WIDGETS = {
    "DateField": DateWidget,
    "DateTimeField": DateTimeWidget,
    "DecimalField": DecimalWidget,
    "FloatField": FloatWidget,
    **{
        name: IntegerWidget
        for name, widget in resources.ModelResource.WIDGETS_MAP.items()
        if widget is widgets.IntegerWidget
    },
}


class PlainDiff(resources.Diff):
    """The values of each column before and after a row, as pairs of text: the job page shows only the columns
    that change (django-import-export's HTML marks up every column, with inline styles)."""

    def as_html(self):
        left = self.left if not self.new else [""] * len(self.right)
        return [(str(old or ""), str(new or "")) for old, new in zip(left, self.right, strict=False)]


class EntryResource(resources.ModelResource):
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, **GERMAN_WIDGETS}
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    tags = fields.Field(column_name="tags", widget=TagsWidget(), readonly=True)

    class Meta:
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    # Told of every row done, by an import job (imports.Progress).
    progress = None

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, ArrayField):
            return ListWidget
        return super().widget_from_django_field(f, default)

    def get_diff_class(self):
        return PlainDiff

    def import_row(self, row, instance_loader, **kwargs):
        # A change to a published entry by someone who may not publish is asked for, not saved (see
        # backoffice/approvals.py): the row is imported inside a savepoint, its result kept as the proposal and the
        # savepoint rolled back. In a check everything is rolled back anyway.
        # Only an import by someone who may not publish can propose, so only theirs pays for a savepoint per row.
        proposing = not self._is_dry_run(kwargs) and not approvals.may_publish(kwargs.get("user"), self._meta.model)
        savepoint = transaction.savepoint_create() if proposing else None
        self.proposal = None
        result = super().import_row(row, instance_loader, **kwargs)
        if self.proposal is not None:
            result.proposed = True
            entry, data = self.proposal
            if savepoint is not None:
                transaction.savepoint_rollback(savepoint)
                note = f"Import aus der Datei „{kwargs.get('file_name') or 'ohne Namen'}“"
                approval = approvals.submit_change(entry, data, kwargs.get("user"), note, notify=False)
                if approval is not None:
                    self.submitted.append(approval)
        elif savepoint is not None:
            transaction.savepoint_commit(savepoint)
        if self.progress is not None:
            self.progress.row_done()
        return result

    def column_labels(self):
        """The German column name of each field: its label in the back office (older files with the field
        names as column names are still read)."""
        return column_labels(self._meta.model)

    def get_export_headers(self, selected_fields=None):
        labels = self.column_labels()
        return [labels.get(name, name) for name in super().get_export_headers(selected_fields)]

    def get_diff_headers(self):
        labels = self.column_labels()
        return [labels.get(name, name) for name in super().get_diff_headers()]

    def before_import(self, dataset, **kwargs):
        names = {label: name for name, label in self.column_labels().items()}
        dataset.headers = [names.get(str(header).strip(), header) if header else header for header in dataset.headers]
        super().before_import(dataset, **kwargs)

    def dehydrate_tags(self, entry):
        return ", ".join(sorted(entry.tags.names(), key=str.lower)) if entry.pk else ""

    def import_data(self, dataset, **kwargs):
        # All or nothing: one invalid row rolls back the whole file, also when confirming.
        kwargs["rollback_on_validation_errors"] = True
        self.submitted = []
        result = super().import_data(dataset, **kwargs)
        if self.submitted and not result.has_errors() and not result.has_validation_errors():
            # One e-mail for all changes of the file that wait for the Freigabe.
            submitted = list(self.submitted)
            transaction.on_commit(lambda: approvals.tell_approvers(submitted))
        return result

    def before_import_row(self, row, **kwargs):
        # Empty spreadsheet cells arrive as None; text columns that may not be NULL store them as "".
        for field in self._meta.model._meta.concrete_fields:
            text = isinstance(field, (models.CharField, models.TextField)) and not field.null
            if text and field.name in row and row[field.name] is None:
                row[field.name] = ""

    def import_instance(self, instance, row, **kwargs):
        opened_status = instance.status if instance.pk else None
        stored_points = stored_state(instance)
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Points as in the back office's form (backoffice/locations.py): typed ones are checked and kept as set by
        # the Redaktion, the others follow the address.
        for point in points_of(instance):
            names = {name: point.name(name) for name in ("latitude", "longitude")}
            if not any(name in errors for name in names.values()):
                for name, message in point_errors(*point.coordinates(instance)).items():
                    errors.setdefault(names[name], []).append(message)
        # Links are saved after the entry: check them now, so that an unknown one makes the row invalid
        # (with the reason in the preview) rather than failing it halfway through.
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugsWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(str(error))
        user = kwargs.get("user")
        opts = instance._meta
        may_publish = user is not None and user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
        if instance.status not in allowed_statuses(may_publish, opened_status):
            errors.setdefault("status", []).append(
                f"Status „{instance.get_status_display()}“ darf nur die Freigabe setzen oder ändern."
            )
        if instance.pk and row.get("version") in (None, ""):
            # Without the version the file was exported at, an older text could overwrite a colleague's newer save.
            errors.setdefault("version", []).append(
                "Für einen vorhandenen Eintrag braucht die Datei die Spalte „version“ mit der Fassung aus dem Export. "
                "Bitte exportieren Sie neu und übertragen Sie Ihre Änderungen in diese Datei."
            )
        elif instance.pk:
            try:
                seen = int(row["version"])
            except (TypeError, ValueError):
                errors.setdefault("version", []).append("Die Fassung muss eine ganze Zahl sein.")
            else:
                if seen != instance.version:
                    errors.setdefault("version", []).append(
                        f"Der Eintrag wurde nach dem Export geändert (Datei: Fassung {seen}, gespeichert: Fassung "
                        f"{instance.version}). Bitte exportieren Sie neu und übertragen Sie Ihre Änderungen."
                    )
        if instance.pk and opened_status == PublicationStatus.PUBLISHED and not may_publish:
            waiting = approvals.pending_request(instance)
            if waiting is not None:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    f"Für diesen Eintrag wartet schon eine Änderung von {approvals.user_name(waiting.author)} auf "
                    "Freigabe. Bitte lassen Sie erst darüber entscheiden oder ändern Sie den Eintrag im Formular."
                )
            instance._proposed_by_import = True
        if errors:
            raise ValidationError(errors)
        settle_points(instance, stored_points)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        tags_changed = (
            "tags" in row
            and original is not None
            and original.pk
            and self.fields["tags"].clean(row) != sorted(original.tags.names(), key=str.lower)
        )
        if tags_changed:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk and not instance._state.adding:
            try:
                instance.claim_version(instance.version)
            except EditConflict as conflict:
                raise ValidationError({"version": str(conflict)}) from None
        # The history row is recorded in save_m2m, once the links and tags are saved as well.
        instance.skip_history_when_saving = True
        instance._history_user = kwargs.get("user")

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if "tags" in row:
            instance.tags.set(self.fields["tags"].clean(row))
        if getattr(instance, "_proposed_by_import", False):
            # Kept as a proposal by import_row; the saved state is rolled back.
            self.proposal = (instance, approvals.snapshot(instance))
        elif not self._is_dry_run(kwargs):
            # A check is rolled back as a whole; its history rows would be, too.
            record_version(instance)
