"""„Someone else is editing“: a change form names whoever else opened the same entry for editing in the last minutes.

The version check refuses the second of two saves (VersionCheckForm); this notice comes before the work, so that two
editors can talk first. Each opening of a change form by someone who may change the entry is stored (one row per user
and entry, EditingPresence); rows older than WINDOW_MINUTES mean nothing and are deleted at the next opening.
"""

import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from werkzeugkoffer.models import EditingPresence

WINDOW_MINUTES = 10


def record_opening(user, entry, now=None):
    """Note that user opened entry's change form now (one statement: insert, or refresh the user's row)."""
    now = now or timezone.now()
    EditingPresence.objects.bulk_create(
        [
            EditingPresence(
                content_type=ContentType.objects.get_for_model(entry), object_id=str(entry.pk), user=user, opened_at=now
            )
        ],
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "user"],
        update_fields=["opened_at"],
    )


def forget_opening(user, entry):
    EditingPresence.objects.filter(
        content_type=ContentType.objects.get_for_model(entry), object_id=str(entry.pk), user=user
    ).delete()


def prune(now=None):
    """Delete the openings that are too old to mean anything (an indexed range; usually no rows)."""
    now = now or timezone.now()
    EditingPresence.objects.filter(opened_at__lt=now - datetime.timedelta(minutes=WINDOW_MINUTES)).delete()


def others_editing(user, entry, now=None):
    """The openings of entry by other users within the last WINDOW_MINUTES, the most recent first."""
    now = now or timezone.now()
    return list(
        EditingPresence.objects.filter(
            content_type=ContentType.objects.get_for_model(entry),
            object_id=str(entry.pk),
            opened_at__gte=now - datetime.timedelta(minutes=WINDOW_MINUTES),
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("-opened_at")
    )


def minutes_ago(opened_at, now):
    minutes = max(0, int((now - opened_at).total_seconds() // 60))
    if minutes == 0:
        return "gerade eben"
    if minutes == 1:
        return "vor 1 Minute"
    return f"vor {minutes} Minuten"


def notice(presence, now):
    """The warning about one other editor, in German."""
    name = presence.user.get_full_name() or presence.user.get_username()
    return (
        f"{name} hat diesen Eintrag {minutes_ago(presence.opened_at, now)} zum Bearbeiten geöffnet. Speichern Sie erst "
        f"nach Rücksprache mit {name}, sonst wird die zweite Speicherung abgelehnt und ihre Änderungen müssen neu "
        "eingegeben werden."
    )


class EditingPresenceMixin:
    """For a ModelAdmin: the change form warns when someone else opened the same entry for editing lately."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before the form is built: a change form may be rendered inside a savepoint (a change waiting for the
        # Freigabe, backoffice/approvals.py), and messages queued after rendering would only show on the next page.
        if request.method == "GET":
            entry = self.get_object(request, unquote(object_id))
            if entry is not None and self.has_change_permission(request, entry):
                now = timezone.now()
                prune(now)
                for presence in others_editing(request.user, entry, now):
                    self.message_user(request, notice(presence, now), messages.WARNING)
                record_opening(request.user, entry, now)
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        # Saved: this user no longer holds the form open (another GET after „Speichern und weiter bearbeiten“ notes
        # the opening again).
        forget_opening(request.user, obj)
        return super().response_change(request, obj)
