"""The back office: Django's admin with two-factor login and the editors' dashboard on its start page."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_DIGITS = 6


class PortalLoginForm(OTPAdminAuthenticationForm):
    """User name, password and the six-digit code of the authenticator app, in one step."""

    otp_token = forms.CharField(
        label="Einmalcode",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}),
        help_text="Der sechsstellige Code aus Ihrer Authenticator-App oder einer Ihrer Notfallcodes.",
    )
    otp_error_messages = dict(
        OTPAdminAuthenticationForm.otp_error_messages,
        token_required="Bitte geben Sie den Einmalcode aus Ihrer Authenticator-App ein.",
        invalid_token="Der Einmalcode stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer Authenticator-App "
        "ein. Ist für Ihr Konto noch keine Zwei-Faktor-Anmeldung eingerichtet, wenden Sie sich an die "
        "Administration.",
        n_failed_attempts="Nach %(failure_count)d falschen Einmalcodes ist die Prüfung kurz gesperrt. Bitte warten "
        "Sie einen Moment und geben Sie dann den aktuellen Code ein.",
        verification_not_allowed="Nach mehreren falschen Einmalcodes ist die Prüfung kurz gesperrt. Bitte warten "
        "Sie einen Moment.",
        device_required="Für Ihr Konto ist noch keine Zwei-Faktor-Anmeldung eingerichtet. Bitte wenden Sie sich an "
        "die Administration.",
    )

    def _chosen_device(self, user):
        # No device list to choose from: a six-digit code belongs to the authenticator app,
        # a longer one is a backup code (see `manage.py setup_totp`).
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = StaticDevice if len(token) > TOTP_DIGITS else TOTPDevice
        return model.objects.devices_for_user(user, confirmed=True).first()


class PortalAdminSite(OTPAdminSite):
    """Only staff verified with a second factor get in; the start page lists what is due."""

    site_header = "Werkzeugkoffer – Redaktion"
    site_title = "Werkzeugkoffer Redaktion"
    index_title = "Inhalte pflegen"
    login_form = PortalLoginForm
    login_template = "admin/portal_login.html"
    index_template = "admin/dashboard_index.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    @login_not_required
    def login(self, request, extra_context=None):
        """The admin's login; every attempt sent goes into the audit log."""
        from werkzeugkoffer.audit import record_login

        response = super().login(request, extra_context)
        if request.method == "POST":
            record_login(request, response)
        return response

    def index(self, request, extra_context=None):
        from werkzeugkoffer.dashboard import review_dashboard

        extra_context = {**(extra_context or {}), "dashboard": review_dashboard(request.user)}
        return super().index(request, extra_context)
