"""Back-office sessions: an absolute lifetime besides the idle timeout."""

import time

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.werkzeugkoffer.test_accounts import attempt, totp_token
from tests.werkzeugkoffer.test_settings import run_manage
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


def test_the_limit_must_be_at_least_an_hour():
    result = run_manage("check", DJANGO_SESSION_MAX_HOURS="0")

    assert result.returncode != 0
    assert "DJANGO_SESSION_MAX_HOURS" in result.stderr
