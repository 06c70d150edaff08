"""The audit log: logins, publishing, archiving, reverting, imports and enrolment links, in the database and in the log.

The back office calls record() where these things happen (werkzeugkoffer/backoffice/sites.py, admin.py,
two_factor.py); the Freigabe reads the records in the admin („Protokoll“). The log line is written once the
change is committed, so that it never reports something that was rolled back.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import Truncator

from werkzeugkoffer.models import AuditAction, AuditEvent

logger = logging.getLogger("werkzeugkoffer.audit")

# Why a login failed, from the error codes of the login form (Django's and django-otp's).
LOGIN_FAILURES = {
    "invalid_login": "Benutzername oder Passwort falsch",
    "inactive": "Konto gesperrt",
    "token_required": "Einmalcode fehlt",
    "invalid_token": "Einmalcode falsch",
    "n_failed_attempts": "zu viele falsche Einmalcodes",
    "verification_not_allowed": "zu viele falsche Einmalcodes",
    "device_required": "keine Zwei-Faktor-Anmeldung eingerichtet",
}


def record(request, action, entry=None, *, model=None, details="", username=None):
    """Store one audit event for the signed-in user (or username) and log it after the commit.

    request is None for what a management command does; then nobody is named unless username is given.
    """
    if username is None:
        username = request.user.get_username() if request is not None and request.user.is_authenticated else ""
    model = model or (type(entry) if entry is not None else None)
    event = AuditEvent.objects.create(
        action=action,
        username=username[:150],
        content_type=ContentType.objects.get_for_model(model) if model else None,
        object_id=str(entry.pk) if entry is not None else "",
        object_repr=Truncator(
            str(entry) if entry is not None else model._meta.verbose_name_plural if model else ""
        ).chars(200),
        details=details,
        request_id=getattr(request, "request_id", ""),
    )
    fields = {
        "audit": event.action,
        "user": event.username,
        "object_type": event.content_type.model if event.content_type else "",
        "object_id": event.object_id,
        "details": event.details,
    }
    transaction.on_commit(lambda: logger.info("%s", event, extra={"fields": fields, "request_id": event.request_id}))
    return event


def record_login(request, response, verified):
    """After a login form was sent: a success (verified: with a second factor), or a failure with its reason."""
    if request.user.is_authenticated and response.status_code == 302:
        details = "" if verified else "nur mit Passwort, weiter zur Einrichtung des zweiten Faktors"
        record(request, AuditAction.LOGIN, details=details)
        return
    name = request.POST.get("username", "")[:150]
    # A name without an account may be a mistyped password; it is not kept.
    known = bool(name) and get_user_model()._default_manager.filter(username=name).exists()
    form = getattr(response, "context_data", {}).get("form")
    codes = [error.code for errors in (form.errors.as_data().values() if form else []) for error in errors]
    reasons = list(dict.fromkeys(LOGIN_FAILURES.get(code, str(code)) for code in codes))
    if getattr(request, "axes_locked_out", False):
        reasons.append("Anmeldung gesperrt")
    if not known:
        reasons.append("unbekannter Benutzername")
    record(request, AuditAction.LOGIN_FAILED, username=name if known else "", details="; ".join(reasons))
