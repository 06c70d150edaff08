"""Four eyes on everything public: the Redaktion asks, the Freigabe approves or returns with a note.

A new entry waits for its first publication in status „zur Freigabe“. A change by the Redaktion to a published
entry — in the form, as a list edit, by an action or an import — is not saved to the entry: it is made inside a
savepoint, its result recorded as the complete proposed state (fields, links, tags, photos; see snapshot), and the
savepoint rolled back, so that the public keeps the published version. The proposal waits as an ApprovalRequest;
approving applies exactly that state as the entry's next version. Every request records who asked, when and why;
the Freigabe is told by e-mail when something waits, the author when it was approved or returned.
"""

import json
import logging
from contextlib import contextmanager
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from werkzeugkoffer.backoffice import audit
from werkzeugkoffer.backoffice.history import (
    describe_changes,
    entry_images,
    image_snapshot,
    record_version,
    records_images,
    restore_images,
    user_name,
)
from werkzeugkoffer.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalState,
    AuditAction,
    PublicationStatus,
)

logger = logging.getLogger(__name__)

# Never part of a proposal: counted by the back office, or decided by the Freigabe alone.
NOT_PROPOSED = {"id", "version", "created_at", "updated_at", "status", "publish_at"}
UNCHANGED = "Zurückgezogen: die Änderung entspricht wieder der veröffentlichten Fassung."
NOT_PUBLISHED = "Zurückgezogen, weil der Eintrag nicht mehr veröffentlicht ist."


class ApprovalError(Exception):
    """A request cannot be decided as asked; the message says why, in German."""


def may_publish(user, model):
    opts = model._meta
    return user is not None and user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def stored_status(entry):
    return type(entry)._default_manager.filter(pk=entry.pk).values_list("status", flat=True).first()


def needs_approval(user, entry, status=None):
    """Whether a change by user to this saved entry must wait for the Freigabe: user may not publish, and the entry
    is published (or scheduled). status is the stored status when the caller has just read it from the database."""
    if not entry.pk or may_publish(user, type(entry)):
        return False
    return (status or stored_status(entry)) == PublicationStatus.PUBLISHED


def pending_request(entry):
    return ApprovalRequest.objects.pending().for_entry(entry).select_related("author").first()


# --- the proposed state of an entry ------------------------------------------------------------------------------


def link_fields(model):
    return [field.name for field in model.history.model._history_m2m_fields]


def proposed_fields(model):
    links = set(link_fields(model))
    skipped = NOT_PROPOSED | links
    return [field for field in model.history.model.tracked_fields if field.name not in skipped and field.editable]


def snapshot(entry):
    """Everything an editor can change of a saved entry, as plain JSON data."""
    model = type(entry)
    fields = {}
    for field in proposed_fields(model):
        value = field.value_from_object(entry)
        fields[field.name] = value.name if isinstance(value, FieldFile) else value
    data = {
        "fields": fields,
        "links": {name: sorted(getattr(entry, name).values_list("pk", flat=True)) for name in link_fields(model)},
        "tags": sorted(entry.tags.names(), key=str.lower),
    }
    if records_images(model):
        data["images"] = [image_snapshot(image) for image in entry_images(entry).all()]
    # What the database will return: dates, times and amounts as text.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def field_values(model, data):
    """{attribute name: Python value} of the fields in data (fields that no longer exist are left out)."""
    values = {}
    for name, value in data["fields"].items():
        try:
            field = model._meta.get_field(name)
        except models.FieldDoesNotExist:
            continue
        values[field.attname] = field.to_python(value)
    return values


def apply_snapshot(entry, data, keep=()):
    """Give the saved entry the state recorded in data (except the fields named in keep) and save it, without a
    history row and without counting its version: the caller does either."""
    model = type(entry)
    keep = {model._meta.get_field(name).attname for name in keep}
    for attname, value in field_values(model, data).items():
        if attname not in keep:
            setattr(entry, attname, value)
    entry.skip_history_when_saving = True
    entry.save()
    for name, pks in data["links"].items():
        related = getattr(entry, name)
        # Entries deleted since then can no longer be linked.
        related.set(related.model._default_manager.filter(pk__in=pks))
    entry.tags.set(data["tags"])
    missing = []
    if data.get("images") is not None and records_images(model):
        missing = restore_images(entry, SimpleNamespace(images=data["images"]))
    return missing


def as_record(model, pk, data):
    """An unsaved history row of model holding the state in data, to compare it with describe_changes."""
    history_model = model.history.model
    record = history_model(id=pk, history_type="~", tag_names=data["tags"], **field_values(model, data))
    if records_images(model):
        record.images = data.get("images")
    record._recorded_links = {name: set(pks) for name, pks in data["links"].items()}
    return record


def proposed_changes(approval, entry=None):
    """(label, published value, proposed value) for every field, link, tag and photo the change would alter."""
    entry = entry or approval.entry
    model = type(entry)
    return describe_changes(as_record(model, entry.pk, snapshot(entry)), as_record(model, entry.pk, approval.data))


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is always rolled back (also when it raises)."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def showing_pending(entry):
    """Inside a rolled_back block: give the entry the state of its waiting change, if any; returns the request."""
    approval = pending_request(entry)
    if approval is not None and approval.kind == ApprovalKind.CHANGE:
        apply_snapshot(entry, approval.data)
    return approval


def propose(entry, change, user, note=""):
    """Make change(entry) on top of the entry's waiting change (if any), without saving it to the entry, and ask
    the Freigabe for it. Returns the request, or None when the change alters nothing."""
    with rolled_back():
        base = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        showing_pending(base)
        change(base)
        base.skip_history_when_saving = True
        base.save()
        data = snapshot(base)
    return submit_change(entry, data, user, note)


# --- asking ------------------------------------------------------------------------------------------------------


def submit_change(entry, data, author, note="", request=None, notify=True):
    """Ask the Freigabe for the proposed state data of a published entry; it replaces a change waiting for it.
    Returns the request, or None when data is the published state (nothing to approve)."""
    entry = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    waiting = pending_request(entry)
    if data == snapshot(entry):
        if waiting is not None and waiting.kind == ApprovalKind.CHANGE:
            close(waiting, ApprovalState.WITHDRAWN, author, UNCHANGED)
        return None
    if waiting is not None:
        replaced_by = user_name(author)
        close(waiting, ApprovalState.WITHDRAWN, author, f"Ersetzt durch eine neuere Änderung von {replaced_by}.")
        if not note and waiting.author_id == getattr(author, "pk", None):
            note = waiting.note
    approval = ApprovalRequest.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        object_repr=str(entry)[:300],
        kind=ApprovalKind.CHANGE,
        data=data,
        base_version=entry.version,
        author=author,
        note=note,
    )
    details = f"Änderung auf Fassung {entry.version}"
    audit.record(request, AuditAction.SUBMIT, entry, details=details, username=name_of(author))
    if notify:
        transaction.on_commit(lambda: tell_approvers([approval]))
    return approval


def submit_first(entry, author, note="", request=None):
    """Ask the Freigabe to publish a new entry that was just put into „zur Freigabe“."""
    waiting = pending_request(entry)
    if waiting is not None:
        if waiting.kind == ApprovalKind.FIRST:
            return waiting
        close(waiting, ApprovalState.WITHDRAWN, author, NOT_PUBLISHED)
    approval = ApprovalRequest.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        object_repr=str(entry)[:300],
        kind=ApprovalKind.FIRST,
        base_version=entry.version,
        author=author,
        note=note,
    )
    audit.record(request, AuditAction.SUBMIT, entry, details=f"Fassung {entry.version}", username=name_of(author))
    transaction.on_commit(lambda: tell_approvers([approval]))
    return approval


def status_changed(entry, old_status, user, note="", request=None):
    """Keep the requests in step with a status the entry was just saved with (form, action or import)."""
    if entry.status == old_status:
        return
    if entry.status == PublicationStatus.IN_REVIEW:
        submit_first(entry, user, note, request)
        return
    waiting = pending_request(entry)
    if waiting is None:
        return
    if entry.status == PublicationStatus.PUBLISHED and waiting.kind == ApprovalKind.FIRST:
        close(waiting, ApprovalState.APPROVED, user, note)
        transaction.on_commit(lambda: tell_author(waiting))
    elif waiting.kind == ApprovalKind.FIRST:
        # Taken back into „Entwurf“ (or archived) before anyone decided.
        close(waiting, ApprovalState.WITHDRAWN, user, note)
    elif entry.status != PublicationStatus.PUBLISHED:
        close(waiting, ApprovalState.WITHDRAWN, user, NOT_PUBLISHED)


def close(approval, state, user, note=""):
    approval.state = state
    approval.decided_by = user if getattr(user, "pk", None) else None
    approval.decided_at = timezone.now()
    approval.decision_note = note
    approval.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])


def name_of(user):
    return user.get_username() if getattr(user, "pk", None) else ""


# --- deciding ----------------------------------------------------------------------------------------------------


def locked_entry(approval):
    model = approval.content_type.model_class()
    entry = model._default_manager.select_for_update().filter(pk=approval.object_id).first()
    if entry is None:
        raise ApprovalError("Der Eintrag wurde inzwischen gelöscht.")
    return entry


def approve(approval, user, note="", request=None):
    """Publish what the request asks for: a new entry, or exactly the proposed state of a published one.
    Raises ApprovalError with the reason when it cannot be done as asked."""
    with transaction.atomic():
        approval = still_pending(approval)
        entry = locked_entry(approval)
        if not may_publish(user, type(entry)):
            raise ApprovalError("Freigeben darf nur die Freigabe.")
        if entry.version != approval.base_version:
            raise ApprovalError(
                "Der Eintrag wurde nach dem Einreichen gespeichert (eingereicht auf Fassung "
                f"{approval.base_version}, gespeichert ist jetzt Fassung {entry.version}). So freigegeben, würde die "
                "Änderung das überschreiben. Bitte geben Sie sie mit einer Anmerkung zurück, damit sie auf der "
                "aktuellen Fassung neu eingereicht wird."
            )
        missing = []
        if approval.kind == ApprovalKind.CHANGE:
            missing = apply_snapshot(entry, approval.data)
        else:
            entry.status = PublicationStatus.PUBLISHED
            entry.skip_history_when_saving = True
        entry.version += 1
        entry.save()
        entry._history_user = approval.author or user
        entry._change_reason = f"freigegeben von {user_name(user)}"[:100]
        record_version(entry)
        close(approval, ApprovalState.APPROVED, user, note)
        what = "Änderung" if approval.kind == ApprovalKind.CHANGE else "Erstveröffentlichung"
        audit.record(request, AuditAction.APPROVE, entry, details=f"{what}, Fassung {entry.version}")
        transaction.on_commit(lambda: tell_author(approval))
    return entry, missing


def still_pending(approval):
    """The request, locked for the decision; ApprovalError when someone decided on it meanwhile."""
    approval = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if not approval.is_pending():
        raise ApprovalError(f"Über diese Anfrage wurde schon entschieden ({approval.get_state_display()}).")
    return approval


def back_to_draft(approval, entry, user, reason):
    """A new entry whose request ends without a publication is a draft again, as a version of its own."""
    if approval.kind == ApprovalKind.FIRST and entry.status == PublicationStatus.IN_REVIEW:
        entry.status = PublicationStatus.DRAFT
        entry.version += 1
        entry.skip_history_when_saving = True
        entry.save()
        entry._history_user = user
        entry._change_reason = reason
        record_version(entry)


def send_back(approval, user, note, request=None):
    """Return the request to its author with the Freigabe's note; a new entry goes back to „Entwurf“."""
    if not note.strip():
        raise ApprovalError("Bitte schreiben Sie eine Anmerkung, was geändert werden soll.")
    with transaction.atomic():
        approval = still_pending(approval)
        entry = locked_entry(approval)
        if not may_publish(user, type(entry)):
            raise ApprovalError("Zurückgeben darf nur die Freigabe.")
        back_to_draft(approval, entry, user, "zur Überarbeitung zurückgegeben")
        close(approval, ApprovalState.RETURNED, user, note.strip())
        audit.record(request, AuditAction.RETURN, entry, details=note.strip()[:500])
        transaction.on_commit(lambda: tell_author(approval))
    return entry


def withdraw(approval, user, request=None):
    """The author takes a waiting request back; a new entry goes back to „Entwurf“."""
    with transaction.atomic():
        approval = still_pending(approval)
        entry = locked_entry(approval)
        back_to_draft(approval, entry, user, "Anfrage zur Freigabe zurückgezogen")
        close(approval, ApprovalState.WITHDRAWN, user, "Von der Autorin oder dem Autor zurückgezogen.")
    return entry


# --- telling people ----------------------------------------------------------------------------------------------


def approval_url(approval):
    path = reverse("admin:werkzeugkoffer_approvalrequest_change", args=[approval.pk])
    return settings.SITE_URL.rstrip("/") + path if settings.SITE_URL else path


def approvers(model):
    """Active accounts with an e-mail address that may publish entries of model."""
    opts = model._meta
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return [user for user in users if user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")]


def deliver(subject, template, context, recipients):
    """Send one e-mail through Django's e-mail backend; a failing mail server is logged, never shown as an error
    page (the request itself was saved)."""
    if not recipients:
        return
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Could not send the workflow e-mail „%s“", subject)


def context_of(approval):
    return {
        "approval": approval,
        "author": user_name(approval.author),
        "decided_by": user_name(approval.decided_by),
        "submitted": date_format(timezone.localtime(approval.submitted_at), "j. F Y, H:i"),
        "url": approval_url(approval),
        "site": settings.SITE_URL,
    }


def tell_approvers(waiting):
    """One e-mail to those who may decide: about one request, or about the requests of one import."""
    first = waiting[0]
    model = first.content_type.model_class()
    recipients = [user.email for user in approvers(model) if user.pk != first.author_id]
    if len(waiting) == 1:
        subject = f"Zur Freigabe: {first.object_repr}"
    else:
        subject = f"Zur Freigabe: {len(waiting)} Änderungen an {model._meta.verbose_name_plural}"
    list_url = reverse("admin:werkzeugkoffer_approvalrequest_changelist") + "?state__exact=wartet"
    context = {
        **context_of(first),
        "waiting": waiting,
        "list_url": settings.SITE_URL.rstrip("/") + list_url if settings.SITE_URL else list_url,
    }
    deliver(subject, "admin/mail/approval_submitted.txt", context, recipients)


def tell_author(approval):
    author = approval.author
    if author is None or not author.email or author.pk == approval.decided_by_id:
        return
    outcome = "freigegeben" if approval.state == ApprovalState.APPROVED else "zurückgegeben"
    deliver(
        f"{outcome.capitalize()}: {approval.object_repr}",
        "admin/mail/approval_decided.txt",
        {**context_of(approval), "outcome": outcome},
        [author.email],
    )
