"""An absolute limit on back-office sessions, besides the idle timeout.

Every request renews the session (SESSION_SAVE_EVERY_REQUEST), so an editor who stays active – or whoever
keeps a stolen session cookie busy – would never be signed out. The session therefore records when its user
signed in (PortalAdminSite.login), and settings.SESSION_MAX_HOURS later the user must sign in again.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

SIGNED_IN_AT = "werkzeugkoffer_signed_in_at"


def record_sign_in(request):
    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Sign out users whose login is older than SESSION_MAX_HOURS, with a German message on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            # Sessions from before this limit (or made by tests' force_login) count from now.
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                # The admin sends the anonymous request on to its login page, which shows the message.
                messages.info(
                    request,
                    f"Sie waren länger als {settings.SESSION_MAX_HOURS} Stunden angemeldet. Bitte melden Sie sich "
                    "aus Sicherheitsgründen erneut an.",
                )
        return self.get_response(request)
