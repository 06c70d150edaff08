import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def test_staff_without_a_device_cannot_sign_in(client, staff):
    response = attempt(client, "ein-langes-passwort-123", "123456")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


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
