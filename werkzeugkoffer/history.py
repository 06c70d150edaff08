"""Readable descriptions of what changed between two saved versions of an entry."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

# Bookkeeping fields that change on every save and say nothing to an editor.
UNINTERESTING = {"version", "updated_at", "created_at"}


def display_value(field, value):
    if value in (None, ""):
        return "leer"
    if field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "j. F Y, H:i")
    if isinstance(field, models.DateField):
        return date_format(value, "j. F Y")
    return Truncator(str(value)).chars(80)


def describe_changes(old_record, new_record):
    """(field label, old value, new value) for every field that differs between two history records."""
    model = new_record.instance_type
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        if change.field in UNINTERESTING:
            continue
        field = model._meta.get_field(change.field)
        changes.append((str(field.verbose_name), display_value(field, change.old), display_value(field, change.new)))
    return changes


def user_name(user):
    if user is None:
        return "unbekannt"
    return user.get_full_name() or user.get_username()


def conflict_message(model, pk, seen_version, current_version):
    """The German explanation shown when a save is refused because the entry changed in between."""
    history = model.history.filter(id=pk)
    latest = history.order_by("-history_date", "-history_id").first()
    seen = history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    parts = [
        f"Der Eintrag wurde inzwischen von jemand anderem gespeichert (Sie haben Fassung {seen_version} bearbeitet, "
        f"gespeichert ist jetzt Fassung {current_version})."
    ]
    if latest is not None:
        when = date_format(timezone.localtime(latest.history_date), "j. F Y \\u\\m H:i \\U\\h\\r")
        parts.append(f"Zuletzt gespeichert von {user_name(latest.history_user)} am {when}.")
    if latest is not None and seen is not None:
        changes = describe_changes(seen, latest)
        if changes:
            listed = "; ".join(f"{label}: „{old}“ → „{new}“" for label, old, new in changes)
            parts.append(f"Geändert wurde: {listed}.")
    parts.append(
        "Ihre Änderungen wurden nicht gespeichert, damit nichts überschrieben wird. Bitte öffnen Sie den Eintrag "
        "neu und tragen Sie Ihre Änderungen dort noch einmal ein."
    )
    return " ".join(parts)
