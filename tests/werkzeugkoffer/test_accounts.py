import datetime
import io
import re
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.admin_forms import change_form_data
from werkzeugkoffer.backoffice.two_factor import issue_enrolment_link
from werkzeugkoffer.models import AuditAction, AuditEvent, EnrolmentLink

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
LINK = "/admin/zwei-faktor/link/"


def issue(user, **options):
    """The path of a new enrolment link for user, as an administrator would hand it out."""
    token, _link = issue_enrolment_link(user, **options)
    return f"{LINK}?code={token}"


@pytest.fixture
def signed_in_without_device(client, staff):
    """Staff without a second factor who opened their enrolment link and signed in with the password."""
    client.get(issue(staff))
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


# Enrolment links: the password alone must not let anyone register an authenticator app.


def enrol(client, user):
    """Confirm the app shown on the setup page; the response of that step."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(SETUP, {"otp_token": totp_token(device)})


def test_without_a_link_the_setup_page_explains_and_shows_no_secret(client, staff):
    # An unconfirmed device left from earlier must not be shown either.
    pending = TOTPDevice.objects.create(user=staff, name="App", confirmed=False)
    assert attempt(client, "ein-langes-passwort-123").status_code == 302

    response = client.get(SETUP)

    assert response.status_code == 403
    content = response.content.decode()
    assert "Bitten Sie eine Administratorin oder einen Administrator um einen Einrichtungslink" in content
    assert "totp-qr-code" not in content and "otpauth" not in content
    assert b32encode(pending.bin_key).decode()[:4] not in content.replace(" ", "")
    assert list(TOTPDevice.objects.filter(user=staff)) == [pending]
    # Nor can a code be confirmed blindly.
    response = client.post(SETUP, {"otp_token": totp_token(pending)})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert not pending.confirmed
    assert client.get("/admin/").status_code == 302


def test_the_link_is_stored_only_as_a_hash(staff):
    token, link = issue_enrolment_link(staff)

    assert link.token_hash == EnrolmentLink.hash(token) != token
    assert token not in str(EnrolmentLink.objects.filter(pk=link.pk).values().get())
    assert len(token) >= 40


def test_opening_the_link_first_leads_to_the_sign_in_and_then_to_the_app(client, staff):
    response = client.get(issue(staff), follow=True)

    assert response.redirect_chain[-1][0] == LOGIN
    assert "Ihr Einrichtungslink ist gültig" in response.content.decode()
    assert attempt(client, "ein-langes-passwort-123")["Location"].startswith(SETUP)
    assert "QR-Code für Ihre Authenticator-App" in client.get(SETUP).content.decode()


def test_signing_in_first_then_opening_the_link_works_too(client, staff):
    assert attempt(client, "ein-langes-passwort-123").status_code == 302
    assert client.get(SETUP).status_code == 403

    response = client.get(issue(staff))

    assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200


def test_the_link_works_once(client, staff, make_staff):
    path = issue(staff)
    client.get(path)
    attempt(client, "ein-langes-passwort-123")
    assert enrol(client, staff).status_code == 200
    link = EnrolmentLink.objects.get(user=staff)
    assert link.used_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.ENROLMENT_USED, username="redaktion").exists()

    # Whoever has the link and the password cannot enrol a second app with it.
    TOTPDevice.objects.filter(user=staff).delete()
    StaticDevice.objects.filter(user=staff).delete()
    second = Client()
    response = second.get(path)
    assert response.status_code == 403
    assert "bereits verwendet" in response.content.decode()
    assert attempt(second, "ein-langes-passwort-123").status_code == 302
    response = second.get(SETUP)
    assert response.status_code == 403
    assert "totp-qr-code" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_a_link_opened_in_two_browsers_confirms_one_app(client, staff):
    path = issue(staff)
    other = Client()
    for browser in [client, other]:
        browser.get(path)
        attempt(browser, "ein-langes-passwort-123")
        browser.get(SETUP)
    assert enrol(client, staff).status_code == 200

    response = other.post(SETUP, {"otp_token": "123456"})

    assert response.status_code == 302  # the account has its second factor now: the login asks for it
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_an_expired_link_is_refused(client, staff):
    path = issue(staff, hours=1)
    EnrolmentLink.objects.filter(user=staff).update(
        issued_at=timezone.now() - datetime.timedelta(hours=3), expires_at=timezone.now() - datetime.timedelta(hours=2)
    )

    response = client.get(path)

    assert response.status_code == 403
    assert "abgelaufen" in response.content.decode()
    attempt(client, "ein-langes-passwort-123")
    assert client.get(SETUP).status_code == 403
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.get(action=AuditAction.ENROLMENT_REFUSED).details == "abgelaufen"


def test_a_link_that_expires_after_opening_is_refused_on_the_setup_page(signed_in_without_device, staff):
    EnrolmentLink.objects.filter(user=staff).update(issued_at=timezone.now() - datetime.timedelta(hours=80))
    EnrolmentLink.objects.filter(user=staff).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = signed_in_without_device.get(SETUP)

    assert response.status_code == 403
    assert "abgelaufen" in response.content.decode()


def test_the_link_of_another_account_is_refused(client, staff, make_staff):
    other = make_staff("neu", "Redaktion")
    attempt(client, "ein-langes-passwort-123")

    response = client.get(issue(other))

    assert response.status_code == 403
    assert "für ein anderes Konto ausgestellt" in response.content.decode()
    assert client.get(SETUP).status_code == 403
    assert not TOTPDevice.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.ENROLMENT_REFUSED)
    assert (event.username, event.object_repr, event.details) == ("redaktion", "neu", "Link eines anderen Kontos")


def test_a_link_opened_before_signing_in_with_another_account_is_refused(client, staff, make_staff):
    other = make_staff("neu", "Redaktion")
    client.get(issue(other))
    attempt(client, "ein-langes-passwort-123")

    response = client.get(SETUP)

    assert response.status_code == 403
    assert "für ein anderes Konto ausgestellt" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_a_new_link_replaces_the_old_one_and_its_secret(client, staff):
    old = issue(staff)
    client.get(old)
    attempt(client, "ein-langes-passwort-123")
    client.get(SETUP)
    shown = TOTPDevice.objects.get(user=staff)

    new = issue(staff)

    assert not TOTPDevice.objects.filter(pk=shown.pk).exists()
    assert client.get(SETUP).status_code == 403
    response = Client().get(old)
    assert response.status_code == 403
    assert "gibt es nicht oder nicht mehr" in response.content.decode()
    assert Client().get(new)["Location"] == LOGIN


def test_an_unknown_link_is_refused(client, db):
    response = client.get(f"{LINK}?code=ausgedacht")
    assert response.status_code == 403
    assert "gibt es nicht oder nicht mehr" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_links_expire_after_the_configured_hours(staff, settings):
    settings.ENROLMENT_LINK_HOURS = 5
    _token, link = issue_enrolment_link(staff)
    assert link.expires_at - link.issued_at == datetime.timedelta(hours=5)
    assert EnrolmentLink.objects.get(user=staff).expires_at == link.expires_at


def test_the_command_prints_a_link_that_works(client, staff, capsys, settings):
    settings.SITE_URL = "https://werkzeugkoffer.example.org/"
    call_command("issue_enrolment", "redaktion", "--hours", "24")

    output = capsys.readouterr().out
    url = re.search(r"https://werkzeugkoffer\.example\.org(/admin/zwei-faktor/link/\?code=\S+)", output)
    assert url
    assert "24 Stunden" in output
    link = EnrolmentLink.objects.get(user=staff)
    assert link.expires_at - link.issued_at == datetime.timedelta(hours=24)
    event = AuditEvent.objects.get(action=AuditAction.ENROLMENT_ISSUED)
    assert (event.username, event.object_repr) == ("", "redaktion")
    assert "Kommandozeile" in event.details

    client.get(url[1])
    attempt(client, "ein-langes-passwort-123")
    assert enrol(client, staff).status_code == 200


def test_without_a_site_url_the_command_prints_the_path(staff, capsys, settings):
    settings.SITE_URL = ""
    call_command("issue_enrolment", "redaktion")
    assert f"\n{LINK}?code=" in capsys.readouterr().out


@pytest.mark.parametrize(
    "case, message",
    [
        ("unknown", "Es gibt kein Konto"),
        ("not_staff", "keinen Zugang zur Redaktion"),
        ("inactive", "nicht aktiv"),
        ("set_up", "schon eingerichtet"),
        ("hours", "--hours"),
    ],
)
def test_the_command_refuses_accounts_that_cannot_enrol(staff, case, message):
    arguments = ["redaktion"]
    if case == "unknown":
        arguments = ["niemand"]
    elif case == "not_staff":
        User.objects.filter(pk=staff.pk).update(is_staff=False)
    elif case == "inactive":
        User.objects.filter(pk=staff.pk).update(is_active=False)
    elif case == "set_up":
        TOTPDevice.objects.create(user=staff, name="App", confirmed=True)
    else:
        arguments += ["--hours", "0"]

    with pytest.raises(CommandError, match=message):
        call_command("issue_enrolment", *arguments)
    assert not EnrolmentLink.objects.exists()


def test_setting_up_the_app_on_the_command_line_voids_the_link(staff):
    path = issue(staff)
    call_command("setup_totp", "redaktion", stdout=io.StringIO())
    assert not EnrolmentLink.objects.exists()
    assert Client().get(path).status_code == 403


USERS = "/admin/auth/user/"


def test_superusers_issue_links_from_the_user_list(admin_client, staff, make_staff):
    settled = make_staff("mit-app", "Redaktion")
    TOTPDevice.objects.create(user=settled, name="App", confirmed=True)

    response = admin_client.post(
        USERS, {"action": "issue_enrolment_links", "_selected_action": [staff.pk, settled.pk]}, follow=True
    )

    assert response.status_code == 200
    content = response.content.decode()
    [url] = re.findall(r">(http://testserver/admin/zwei-faktor/link/\?code=[^<]+)</textarea>", content)
    assert "Diese Links werden nur jetzt angezeigt" in content
    assert "Für das Konto „mit-app“ ist die Zwei-Faktor-Anmeldung schon eingerichtet" in content
    assert not EnrolmentLink.objects.filter(user=settled).exists()
    event = AuditEvent.objects.get(action=AuditAction.ENROLMENT_ISSUED)
    assert (event.username, event.object_repr) == ("admin", "redaktion")

    client = Client()
    client.get(url.replace("http://testserver", "").replace("&amp;", "&"))
    attempt(client, "ein-langes-passwort-123")
    assert enrol(client, staff).status_code == 200


def test_the_user_list_shows_the_state_of_the_second_factor(admin_client, staff, make_staff):
    issue(staff)
    TOTPDevice.objects.create(user=make_staff("mit-app", "Redaktion"), name="App", confirmed=True)

    response = admin_client.get(USERS)

    content = response.content.decode()
    assert "<th" in content and "Zwei-Faktor-Anmeldung" in content
    assert re.search(r">redaktion</a>.*?Link gültig bis", content, re.S)
    assert re.search(r">mit-app</a>.*?>eingerichtet<", content, re.S)


def test_superusers_issue_a_link_from_the_account_page(admin_client, staff):
    page = f"{USERS}{staff.pk}/change/"
    assert f'href="{USERS}{staff.pk}/einrichtungslink/"' in admin_client.get(page).content.decode()

    confirm = admin_client.get(f"{USERS}{staff.pk}/einrichtungslink/")
    assert confirm.status_code == 200
    assert not EnrolmentLink.objects.exists()

    response = admin_client.post(f"{USERS}{staff.pk}/einrichtungslink/")
    assert response.status_code == 200
    assert "/admin/zwei-faktor/link/?code=" in response.content.decode()
    assert EnrolmentLink.objects.filter(user=staff).exists()


def test_only_superusers_issue_links(make_staff, client_for, staff):
    manager = make_staff("personal", "Freigabe")
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client = client_for(manager)

    response = client.get(USERS)
    assert response.status_code == 200
    assert "issue_enrolment_links" not in response.content.decode()
    assert "einrichtungslink/" not in client.get(f"{USERS}{staff.pk}/change/").content.decode()
    assert client.post(f"{USERS}{staff.pk}/einrichtungslink/").status_code == 403
    client.post(USERS, {"action": "issue_enrolment_links", "_selected_action": [staff.pk]})
    assert not EnrolmentLink.objects.exists()


NEW_PASSWORD = "Zimtschnecke Leuchtturm Gießkanne 47"


def add_account(admin_client, username):
    """Create an account through the admin's add form, as a superuser would; the page it continues to."""
    response = admin_client.post(
        f"{USERS}add/",
        {"username": username, "usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain, response.context["adminform"].form.errors
    return response


def save_groups(admin_client, user, *names):
    page = admin_client.get(f"{USERS}{user.pk}/change/")
    data = change_form_data(page)
    data["groups"] = [str(group.pk) for group in Group.objects.filter(name__in=names)]
    response = admin_client.post(f"{USERS}{user.pk}/change/", data, follow=True)
    assert response.status_code == 200
    user.refresh_from_db()
    return response


def test_an_account_put_into_the_redaktion_in_the_admin_signs_in_and_enrols(admin_client):
    add_account(admin_client, "neu")
    user = User.objects.get(username="neu")
    assert not user.is_staff

    response = save_groups(admin_client, user, "Redaktion")

    assert user.is_staff
    assert "hat damit jetzt Zugang zum Redaktionsbereich" in response.content.decode()
    issued = admin_client.post(f"{USERS}{user.pk}/einrichtungslink/").content.decode()
    [path] = re.findall(r"http://testserver(/admin/zwei-faktor/link/\?code=[^<\s]+)", issued)
    client = Client()
    client.get(path.replace("&amp;", "&"))
    signed_in = client.post(LOGIN, {"username": "neu", "password": NEW_PASSWORD, "otp_token": "", "next": "/admin/"})
    assert signed_in.status_code == 302
    assert signed_in["Location"].startswith(SETUP)
    assert enrol(client, user).status_code == 200
    assert client.get("/admin/projects/practiceexample/").status_code == 200


def test_the_freigabe_gives_staff_status_too_and_the_form_says_so(admin_client):
    user = User.objects.create_user("pruefer", password=NEW_PASSWORD)

    save_groups(admin_client, user, "Freigabe")

    assert user.is_staff
    assert "Redaktion“ oder „Freigabe“" in admin_client.get(f"{USERS}{user.pk}/change/").content.decode()


def test_leaving_the_last_role_takes_staff_status_away_but_not_from_superusers(admin_client, make_staff):
    editor = make_staff("zwei-rollen", "Redaktion", "Freigabe")
    chief = make_staff("chefin", "Freigabe", superuser=True)

    save_groups(admin_client, editor, "Freigabe")
    assert editor.is_staff
    response = save_groups(admin_client, editor)
    assert not editor.is_staff
    assert "keinen Zugang zum Redaktionsbereich mehr" in response.content.decode()
    save_groups(admin_client, chief)
    assert chief.is_staff


def test_staff_without_a_role_keep_their_status_when_saved(admin_client, make_staff):
    """Accounts given staff status by hand (with permissions of their own) are left alone."""
    technical = make_staff("technik")

    save_groups(admin_client, technical)

    assert technical.is_staff
