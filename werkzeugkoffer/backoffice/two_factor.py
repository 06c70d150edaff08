"""Setting up two-factor login in the browser, for staff who have no authenticator app registered yet.

The password alone must not be enough for that: whoever knew it could register their own app. So an
administrator issues a one-time enrolment link for the account (`manage.py issue_enrolment`, or
„Einrichtungslink ausstellen“ in the user admin). Opening it remembers it in the session; then the
editor signs in with the password alone (see PortalLoginForm.clean_otp), which opens nothing but the
setup page. With a valid link of the same account, that page shows the secret of a new, unconfirmed TOTP
device as a QR code and as text, and confirms the device once the editor enters a correct code from the
app; the link is then used up. The session counts as signed in with the second factor, and the editor
gets backup codes and continues to the back office. Without such a link, the page explains how to get one.
"""

import datetime
import secrets
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.backoffice import audit
from werkzeugkoffer.models import AuditAction, EnrolmentLink

APP_DEVICE_NAME = "Authenticator-App"
BACKUP_DEVICE_NAME = "Notfallcodes"
BACKUP_CODES = 8
# The hash of the opened enrolment link, from opening it until the app is confirmed.
LINK_SESSION_KEY = "two_factor_enrolment_link"
# Why a link cannot be used, for the audit log (the page explains it at more length).
LINK_PROBLEMS = {
    "missing": "kein Einrichtungslink",
    "unknown": "unbekannter oder ersetzter Link",
    "other_account": "Link eines anderen Kontos",
    "used": "bereits verwendet",
    "expired": "abgelaufen",
    "set_up": "zweiter Faktor schon eingerichtet",
}


def is_verified(user):
    """Whether user signed in with a second factor (also right after the login, before django-otp's middleware
    has seen the signed-in user)."""
    return getattr(user, "otp_device", None) is not None


def needs_setup(user):
    """Whether user is staff signed in with the password alone, without any confirmed second factor."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_verified(user)
        and not user_has_device(user, confirmed=True)
    )


def enrolment_refusal(user):
    """Why no enrolment link can be issued for user (German), or "" if one can."""
    if not user.is_active:
        return f"Das Konto „{user.get_username()}“ ist nicht aktiv."
    if not user.is_staff:
        return f"Das Konto „{user.get_username()}“ hat keinen Zugang zur Redaktion (Mitarbeiter-Status)."
    if user_has_device(user, confirmed=True):
        return (
            f"Für das Konto „{user.get_username()}“ ist die Zwei-Faktor-Anmeldung schon eingerichtet. Ist das "
            "Telefon verloren, löschen Sie zuerst die Geräte des Kontos (TOTP-Geräte und Notfallcodes) und stellen "
            "dann einen Einrichtungslink aus."
        )
    return ""


def issue_enrolment_link(user, request=None, hours=None):
    """Replace user's enrolment link with a new one, record it and return its token (shown only once) and the link.

    request is the administrator's, or None on the command line.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires_at = now + datetime.timedelta(hours=hours or settings.ENROLMENT_LINK_HOURS)
    with transaction.atomic():
        # A secret that someone may have seen before must not be confirmed with the new link.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        link, _created = EnrolmentLink.objects.update_or_create(
            user=user,
            defaults={
                "token_hash": EnrolmentLink.hash(token),
                "issued_at": now,
                "expires_at": expires_at,
                "used_at": None,
            },
        )
        where = "" if request is not None else " (Kommandozeile)"
        audit.record(
            request,
            AuditAction.ENROLMENT_ISSUED,
            user,
            details=f"gültig bis {timezone.localtime(expires_at):%d.%m.%Y %H:%M} Uhr{where}",
        )
    return token, link


def enrolment_url(token, request=None):
    """The address of the link: with SITE_URL if set, else with the host of request, else only the path."""
    path = f"{reverse('admin:two_factor_link')}?{urlencode({'code': token})}"
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path) if request is not None else path


def link_problem(link, user):
    """Why link cannot set up a second factor for user (None: not signed in yet), as a key of LINK_PROBLEMS."""
    if link is None:
        return "unknown"
    if user is not None and link.user_id != user.pk:
        return "other_account"
    if link.is_used():
        return "used"
    if link.is_expired():
        return "expired"
    if user_has_device(link.user, confirmed=True):
        return "set_up"
    return ""


def refuse(request, problem, link=None):
    """The page that explains why the app cannot be set up (yet) and how to get a link; the session forgets it."""
    request.session.pop(LINK_SESSION_KEY, None)
    if link is not None:
        audit.record(request, AuditAction.ENROLMENT_REFUSED, link.user, details=LINK_PROBLEMS[problem])
    context = {
        **admin.site.each_context(request),
        "title": "Einrichtungslink nötig" if problem == "missing" else "Einrichtungslink nicht gültig",
        "problem": problem,
        "link": link,
        "can_cancel": needs_setup(request.user),
    }
    return render(request, "admin/two_factor_link.html", context, status=403)


def create_backup_codes(user):
    """Replace the user's backup codes with new ones and return them; each is good for one login."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_code_svg(text):
    """The text as a QR code in inline SVG markup: drawn with attributes only, so the CSP needs no exception."""
    svg = segno.make(text, error="m").svg_inline(
        # Without a fixed size (only a viewBox), the code fills the width of the column, also on phones.
        dark="#000",
        light="#fff",
        title="QR-Code für Ihre Authenticator-App",
        svgclass="totp-qr-code",
        omitsize=True,
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def grouped(secret, size=4):
    return " ".join(secret[start : start + size] for start in range(0, len(secret), size))


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Einmalcode aus der App",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="Die sechs Ziffern, die Ihre Authenticator-App jetzt für „Werkzeugkoffer Redaktion“ anzeigt.",
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Nach mehreren falschen Codes ist die Prüfung kurz gesperrt. Bitte warten Sie einen Moment und geben "
                "Sie dann den aktuellen Code ein.",
                code="throttled",
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                "Der Code stimmt nicht. Prüfen Sie, ob die Uhrzeit Ihres Telefons stimmt, und geben Sie den Code "
                "ein, den die App gerade anzeigt.",
                code="invalid_token",
            )
        return token


def continue_url(request):
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("admin:index")


@never_cache
def open_link(request):
    """The enrolment link: remembered in the session, then on to the sign-in or, if signed in, to the setup."""
    token = request.GET.get("code", "")
    link = EnrolmentLink.objects.select_related("user").filter(token_hash=EnrolmentLink.hash(token)).first()
    problem = link_problem(link, request.user if request.user.is_authenticated else None)
    if problem:
        return refuse(request, problem, link)
    request.session[LINK_SESSION_KEY] = link.token_hash
    if request.user.is_authenticated:
        return redirect("admin:two_factor_setup")
    messages.info(
        request,
        "Ihr Einrichtungslink ist gültig. Melden Sie sich jetzt mit Benutzername und Passwort an und lassen Sie das "
        "Feld „Einmalcode“ leer. Danach richten Sie Ihre Authenticator-App ein.",
    )
    return redirect("admin:login")


@never_cache
@sensitive_post_parameters("otp_token")
def setup(request):
    """Register an authenticator app for the signed-in staff user, with their enrolment link, and sign them in."""
    if is_verified(request.user):
        return redirect(continue_url(request))
    if not needs_setup(request.user):
        # Signed out, or a second factor exists already: the login form asks for it.
        return redirect(f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: continue_url(request)})}")
    if request.method == "POST" and "cancel" in request.POST:
        logout(request)
        return redirect("admin:login")
    if LINK_SESSION_KEY not in request.session:
        return refuse(request, "missing")
    link = EnrolmentLink.objects.select_related("user").filter(token_hash=request.session[LINK_SESSION_KEY]).first()
    if problem := link_problem(link, request.user):
        return refuse(request, problem, link)

    # The same secret across reloads, until the editor confirms it.
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE_NAME, confirmed=False)

    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Locked: the same link, opened in two browsers, sets up one app only.
            link = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
            if link.is_used():
                return refuse(request, "used", link)
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            codes = create_backup_codes(request.user)
            otp_login(request, device)
            audit.record(request, AuditAction.ENROLMENT_USED, link.user, details="Authenticator-App eingerichtet")
            audit.record(request, AuditAction.LOGIN, details="Zwei-Faktor-Anmeldung eingerichtet")
        request.session.pop(LINK_SESSION_KEY, None)
        context = {
            **admin.site.each_context(request),
            "title": "Zwei-Faktor-Anmeldung eingerichtet",
            "backup_codes": codes,
            "next": continue_url(request),
        }
        return render(request, "admin/two_factor_done.html", context)

    secret = b32encode(device.bin_key).decode().rstrip("=")
    context = {
        **admin.site.each_context(request),
        "title": "Zwei-Faktor-Anmeldung einrichten",
        "form": form,
        "qr_code": qr_code_svg(device.config_url),
        "secret": grouped(secret),
        "next": continue_url(request),
    }
    return render(request, "admin/two_factor_setup.html", context)
