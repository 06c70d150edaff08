import re
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.models import AuditAction, AuditEvent

LOGIN = "/admin/login/"


@pytest.fixture
def staff(make_staff):
    return make_staff("redaktion", "Redaktion")


def totp_token(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)


def attempt(client, password, token=""):
    return client.post(LOGIN, {"username": "redaktion", "password": password, "otp_token": token, "next": "/admin/"})


def test_it_ships_without_any_account(db):
    assert not User.objects.exists()


def test_it_locks_out_at_the_fifth_failed_login(client, staff):
    for _ in range(4):
        response = attempt(client, "falsch")
        assert response.status_code == 200
    response = attempt(client, "falsch")
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert AccessAttempt.objects.get(username="redaktion").failures_since_start == 5
    # Even the right password does not help while the lockout lasts.
    assert attempt(client, "ein-langes-passwort-123").status_code == 429


def test_behind_a_proxy_the_lockout_hits_the_address_the_proxy_saw(settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    device = TOTPDevice.objects.create(user=staff, name="App", confirmed=True)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # The attacker at 203.0.113.66 makes up a new address in front of the one the proxy appends.
    for number in range(5):
        response = attempt(Client(**proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.66"), "falsch")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="redaktion").ip_address == "203.0.113.66"

    editor = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert attempt(editor, "ein-langes-passwort-123", totp_token(device)).status_code == 302


def test_without_proxies_a_forged_forwarded_address_is_ignored(settings, staff):
    settings.TRUSTED_PROXY_COUNT = 0
    device = TOTPDevice.objects.create(user=staff, name="App", confirmed=True)
    # The attacker claims to be the editor's address, differently each time.
    for number in range(5):
        forged = f"192.0.2.7, 198.51.100.{number}" if number % 2 else "192.0.2.7"
        response = attempt(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=forged), "falsch")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="redaktion").ip_address == "203.0.113.66"

    editor = Client(REMOTE_ADDR="192.0.2.7")
    assert attempt(editor, "ein-langes-passwort-123", totp_token(device)).status_code == 302


def test_staff_need_a_second_factor(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="App", confirmed=True)

    response = attempt(client, "ein-langes-passwort-123")
    assert response.status_code == 200
    assert "Bitte geben Sie den Einmalcode" in response.content.decode()

    response = attempt(client, "ein-langes-passwort-123", totp_token(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="App", confirmed=True)
    wrong = "000000" if totp_token(device) != "000000" else "111111"
    response = attempt(client, "ein-langes-passwort-123", wrong)
    assert response.status_code == 200
    assert "Der Einmalcode stimmt nicht" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_alone_does_not_open_the_back_office(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_staff_without_a_device_are_sent_to_set_one_up_and_get_no_further(client, staff):
    response = attempt(client, "ein-langes-passwort-123")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"

    for path in ["/admin/", "/admin/projects/practiceexample/", "/admin/werkzeugkoffer/auditevent/"]:
        response = client.get(path, follow=True)
        assert response.redirect_chain[-1][0].startswith(SETUP), path
    assert AuditEvent.objects.get(action=AuditAction.LOGIN, username="redaktion").details.startswith("nur mit Passwort")


@pytest.mark.parametrize(
    "password", ["kurz", "passwort1234", "123456789012", "aaaaaaaaaaaa", "redaktion123", "Werkzeugkoffer2026!"]
)
def test_it_rejects_weak_passwords(staff, password):
    with pytest.raises(ValidationError):
        validate_password(password, staff)


def test_it_accepts_a_long_unusual_password(staff):
    validate_password("Quartier-Kaffee-Brunnen-42", staff)


def test_sessions_time_out_after_an_hour_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_setup_command_gives_a_working_authenticator_secret(staff, capsys):
    call_command("setup_totp", "redaktion")
    output = capsys.readouterr().out
    assert "otpauth://totp/" in output
    assert "Notfallcodes" in output
    device = TOTPDevice.objects.get(user=staff)
    assert device.verify_token(totp_token(device))


def test_a_backup_code_works_once(client, staff, capsys):
    call_command("setup_totp", "redaktion")
    code = capsys.readouterr().out.rsplit(": ", 1)[1].split()[0]
    assert attempt(client, "ein-langes-passwort-123", code).status_code == 302
    client.logout()
    assert attempt(client, "ein-langes-passwort-123", code).status_code == 200


SETUP = "/admin/zwei-faktor/"


@pytest.fixture
def signed_in_without_device(client, staff):
    assert attempt(client, "ein-langes-passwort-123").status_code == 302
    return client


def test_the_setup_page_shows_the_secret_as_qr_code_and_as_text(signed_in_without_device, staff):
    response = signed_in_without_device.get(SETUP)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    content = response.content.decode()
    assert '<svg role="img"' in content and "<title>QR-Code für Ihre Authenticator-App</title>" in content
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in content
    assert "Zwei-Faktor-Anmeldung einrichten" in content
    # The same secret after a reload, until it is confirmed.
    signed_in_without_device.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=staff)) == [device]


def test_the_setup_page_needs_no_exception_from_the_content_security_policy(signed_in_without_device):
    response = signed_in_without_device.get(SETUP)

    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    content = response.content.decode()
    assert " style=" not in content
    assert re.findall(r"<script(?![^>]*\bnonce=)[^>]*>", content) == []
    assert re.findall(r"<link(?![^>]*\bnonce=)[^>]*stylesheet[^>]*>", content) == []
    assert re.findall(r"\son[a-z]+=", content) == []


def test_a_correct_code_confirms_the_app_gives_backup_codes_and_opens_the_back_office(signed_in_without_device, staff):
    client = signed_in_without_device
    client.get(f"{SETUP}?next=/admin/projects/practiceexample/")
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(SETUP, {"otp_token": totp_token(device), "next": "/admin/projects/practiceexample/"})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["backup_codes"]
    assert len(codes) == 8
    assert sorted(StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True)) == sorted(codes)
    content = response.content.decode()
    assert all(code in content for code in codes)
    assert 'href="/admin/projects/practiceexample/"' in content
    assert client.get("/admin/projects/practiceexample/").status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN, username="redaktion", details="Zwei-Faktor-Anmeldung eingerichtet"
    ).exists()


def test_after_the_setup_signing_in_needs_the_second_factor(signed_in_without_device, staff):
    client = signed_in_without_device
    client.get(SETUP)
    response = client.post(SETUP, {"otp_token": totp_token(TOTPDevice.objects.get(user=staff))})
    code = response.context["backup_codes"][0]
    client.logout()

    response = attempt(client, "ein-langes-passwort-123")
    assert response.status_code == 200
    assert "Bitte geben Sie den Einmalcode" in response.content.decode()
    assert attempt(client, "ein-langes-passwort-123", code)["Location"] == "/admin/"


def test_a_wrong_code_confirms_nothing(signed_in_without_device, staff):
    client = signed_in_without_device
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    wrong = "000000" if totp_token(device) != "000000" else "111111"

    response = client.post(SETUP, {"otp_token": wrong})

    assert response.status_code == 200
    assert "Der Code stimmt nicht" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_replace_an_existing_second_factor(client, staff):
    TOTPDevice.objects.create(user=staff, name="App", confirmed=True)
    client.force_login(staff)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_the_setup_page_is_only_for_signed_in_staff(client, make_staff):
    assert client.get(SETUP)["Location"].startswith(LOGIN)
    citizen = User.objects.create_user("buerger", password="ein-langes-passwort-123")
    client.force_login(citizen)
    assert client.get(SETUP)["Location"].startswith(LOGIN)
    assert not TOTPDevice.objects.exists()


def test_it_continues_only_to_addresses_of_the_portal(signed_in_without_device, staff):
    client = signed_in_without_device
    page = client.get(f"{SETUP}?next=https://boese.example/")
    assert page.context["next"] == "/admin/"


def test_cancelling_the_setup_signs_out(signed_in_without_device):
    response = signed_in_without_device.post(SETUP, {"cancel": "1"})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in signed_in_without_device.session
