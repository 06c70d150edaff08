"""Back-office sessions: an absolute lifetime besides the idle timeout, and cookies bound to the host."""

import json
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.werkzeugkoffer.test_accounts import attempt, totp_token
from tests.werkzeugkoffer.test_settings import LOCAL_TRIAL, PRODUCTION, run_manage
from werkzeugkoffer.backoffice.sessions import SIGNED_IN_AT

HOUR = 3600


def signed_in_hours_ago(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = int(time.time() - hours * HOUR)
    session.save()


def test_sessions_end_ten_hours_after_the_login_by_default(settings):
    assert settings.SESSION_MAX_HOURS == 10


def test_the_login_starts_the_clock(client, make_staff):
    device = TOTPDevice.objects.create(user=make_staff("redaktion", "Redaktion"), name="App", confirmed=True)

    assert attempt(client, "ein-langes-passwort-123", totp_token(device)).status_code == 302

    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


def test_an_active_editor_stays_signed_in_until_the_limit(editor):
    signed_in_hours_ago(editor, 9.9)

    assert editor.get("/admin/").status_code == 200


def test_an_active_editor_must_sign_in_again_after_the_limit(editor):
    signed_in_hours_ago(editor, 10.1)

    response = editor.get("/admin/projects/practiceexample/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/login/?next=/admin/projects/practiceexample/"
    assert "Sie waren länger als 10 Stunden angemeldet" in response.content.decode()
    assert "_auth_user_id" not in editor.session
    # Signed out for good, not only for this request.
    assert editor.get("/admin/").status_code == 302


def test_the_limit_follows_the_setting(editor, settings):
    settings.SESSION_MAX_HOURS = 2
    signed_in_hours_ago(editor, 3)

    assert editor.get("/admin/").status_code == 302


def test_a_session_without_a_recorded_login_counts_from_its_next_request(editor):
    session = editor.session
    session.pop(SIGNED_IN_AT, None)
    session.save()

    assert editor.get("/admin/").status_code == 200
    assert abs(editor.session[SIGNED_IN_AT] - time.time()) < 60


def test_the_back_office_works_with_host_prefixed_cookies(settings, make_staff):
    settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE = "__Host-sessionid", True
    settings.CSRF_COOKIE_NAME, settings.CSRF_COOKIE_SECURE = "__Host-csrftoken", True
    device = TOTPDevice.objects.create(user=make_staff("redaktion", "Redaktion"), name="App", confirmed=True)
    client = Client(enforce_csrf_checks=True)

    login_page = client.get("/admin/login/", secure=True)
    token = login_page.context["csrf_token"]
    response = client.post(
        "/admin/login/",
        {
            "username": "redaktion",
            "password": "ein-langes-passwort-123",
            "otp_token": totp_token(device),
            "next": "/admin/",
            "csrfmiddlewaretoken": str(token),
        },
        secure=True,
        headers={"Referer": "https://testserver/admin/login/"},
    )

    assert response.status_code == 302
    assert set(response.cookies) == {"__Host-sessionid", "__Host-csrftoken"}
    assert client.get("/admin/", secure=True).status_code == 200
    # A signed-in editor's public pages are personal, not cacheable.
    assert not client.get("/praxisbeispiele/", secure=True).has_header("ETag")


COOKIE_PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings
client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
# Plain static storage: the page's static links need no collectstatic manifest here.
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    response = client.get("/admin/login/", secure=True)
print(json.dumps({"status": response.status_code, "session": settings.SESSION_COOKIE_NAME,
                  "csrf": settings.CSRF_COOKIE_NAME,
                  "cookies": [cookie.OutputString() for cookie in response.cookies.values()]}))
"""


@pytest.mark.parametrize(
    "env, prefix",
    [(PRODUCTION, "__Host-"), (LOCAL_TRIAL, ""), ({"DJANGO_DEBUG": "true"}, "")],
    ids=["production", "plain-http-trial", "development"],
)
def test_secure_cookies_are_bound_to_the_host(env, prefix):
    result = run_manage("shell", "-c", COOKIE_PROBE, **env)

    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert (probe["session"], probe["csrf"]) == (f"{prefix}sessionid", f"{prefix}csrftoken")
    [csrf_cookie] = probe["cookies"]
    assert csrf_cookie.startswith(f"{prefix}csrftoken=")
    assert "Path=/;" in csrf_cookie
    assert "Domain" not in csrf_cookie
    assert ("Secure" in csrf_cookie) == bool(prefix)


def test_the_limit_must_be_at_least_an_hour():
    result = run_manage("check", DJANGO_SESSION_MAX_HOURS="0")

    assert result.returncode != 0
    assert "DJANGO_SESSION_MAX_HOURS" in result.stderr
