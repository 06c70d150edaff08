"""Setting up two-factor login in the browser, for staff who have no authenticator app registered yet.

Such staff sign in with their password alone (see PortalLoginForm.clean_otp), which opens nothing but
this page: it shows the secret of a new, unconfirmed TOTP device as a QR code and as text, and confirms
the device once the editor enters a correct code from the app. The session then counts as signed in
with the second factor, and the editor gets backup codes and continues to the back office.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.backoffice import audit
from werkzeugkoffer.models import AuditAction

APP_DEVICE_NAME = "Authenticator-App"
BACKUP_DEVICE_NAME = "Notfallcodes"
BACKUP_CODES = 8


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
@sensitive_post_parameters("otp_token")
def setup(request):
    """Register an authenticator app for the signed-in staff user and sign them in with it."""
    if is_verified(request.user):
        return redirect(continue_url(request))
    if not needs_setup(request.user):
        # Signed out, or a second factor exists already: the login form asks for it.
        return redirect(f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: continue_url(request)})}")
    if request.method == "POST" and "cancel" in request.POST:
        logout(request)
        return redirect("admin:login")

    # The same secret across reloads, until the editor confirms it.
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE_NAME, confirmed=False)

    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            codes = create_backup_codes(request.user)
            otp_login(request, device)
            audit.record(request, AuditAction.LOGIN, details="Zwei-Faktor-Anmeldung eingerichtet")
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
