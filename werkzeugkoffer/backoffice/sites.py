"""The back office: Django's admin with two-factor login and the editors' dashboard on its start page."""

from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django_otp import user_has_device
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
        help_text="Der sechsstellige Code aus Ihrer Authenticator-App oder einer Ihrer Notfallcodes. Bei der ersten "
        "Anmeldung mit Ihrem Einrichtungslink bleibt das Feld leer: Danach richten Sie die App ein.",
    )
    otp_error_messages = dict(
        OTPAdminAuthenticationForm.otp_error_messages,
        token_required="Bitte geben Sie den Einmalcode aus Ihrer Authenticator-App ein.",
        invalid_token="Der Einmalcode stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer Authenticator-App "
        "oder einen Ihrer Notfallcodes ein.",
        n_failed_attempts="Nach %(failure_count)d falschen Einmalcodes ist die Prüfung kurz gesperrt. Bitte warten "
        "Sie einen Moment und geben Sie dann den aktuellen Code ein.",
        verification_not_allowed="Nach mehreren falschen Einmalcodes ist die Prüfung kurz gesperrt. Bitte warten "
        "Sie einen Moment.",
        device_required="Zu diesem Code gibt es für Ihr Konto keinen eingerichteten zweiten Faktor. Bitte geben Sie "
        "den sechsstelligen Code aus Ihrer Authenticator-App ein.",
    )

    def clean_otp(self, user):
        # Staff without a confirmed second factor sign in with the password alone; that opens only the page
        # where they set up their authenticator app, and only with an enrolment link from an administrator
        # (werkzeugkoffer.backoffice.two_factor), not the back office.
        if user is not None and not user_has_device(user, confirmed=True):
            return
        super().clean_otp(user)

    def _chosen_device(self, user):
        # No device list to choose from: a six-digit code belongs to the authenticator app,
        # a longer one is a backup code (see `manage.py setup_totp`).
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = StaticDevice if len(token) > TOTP_DIGITS else TOTPDevice
        return model.objects.devices_for_user(user, confirmed=True).first()


def redirect_to_setup(next_url):
    url = reverse("admin:two_factor_setup")
    return HttpResponseRedirect(f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url)


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

    def get_urls(self):
        from werkzeugkoffer.backoffice import two_factor

        return [
            path("zwei-faktor/", two_factor.setup, name="two_factor_setup"),
            path("zwei-faktor/link/", two_factor.open_link, name="two_factor_link"),
            path("suche/", self.admin_view(self.search), name="search"),
            *super().get_urls(),
        ]

    @login_not_required
    def login(self, request, extra_context=None):
        """The admin's login; every attempt sent goes into the audit log, and a success starts the session's clock.

        Staff signed in without a second factor, because they have none yet, go on to set one up.
        """
        from werkzeugkoffer.backoffice.audit import record_login
        from werkzeugkoffer.backoffice.sessions import record_sign_in
        from werkzeugkoffer.backoffice.two_factor import is_verified, needs_setup

        if request.method == "GET" and needs_setup(request.user):
            return redirect_to_setup(request.GET.get(REDIRECT_FIELD_NAME, ""))
        response = super().login(request, extra_context)
        if request.method == "POST":
            record_login(request, response, verified=is_verified(request.user))
            if request.user.is_authenticated and response.status_code == 302:
                record_sign_in(request)
            if response.status_code == 302 and needs_setup(request.user):
                return redirect_to_setup(response["Location"])
        return response

    def index(self, request, extra_context=None):
        from werkzeugkoffer.backoffice.dashboard import approval_board, review_dashboard, zero_result_searches

        extra_context = {
            **(extra_context or {}),
            "approvals": approval_board(request.user),
            "dashboard": review_dashboard(request.user),
            "zero_results": zero_result_searches(request.user),
        }
        return super().index(request, extra_context)

    def search(self, request):
        """One search over every content type the user may view, drafts and archived entries included."""
        from werkzeugkoffer.backoffice.search import backoffice_search

        context = {
            **self.each_context(request),
            **backoffice_search(request.user, request.GET.get("q", "")),
            "title": "Suche in allen Inhalten",
        }
        return TemplateResponse(request, "admin/search.html", context)
