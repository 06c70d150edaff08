import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from werkzeugkoffer.backoffice import passwords

# Accepted by the validators before zxcvbn with German dictionaries came in (found by an outside test).
GUESSABLE = ["passwort-passwort", "Mainz05Mainz05", "Qwertzuiop123"]
STRONG = "Tintenfass Regenjacke Kompass Oboe"


@pytest.fixture
def staff(make_staff):
    return make_staff("redaktion", "Redaktion")


@pytest.mark.parametrize(
    "password",
    [
        *GUESSABLE,
        "admin",
        "kurz",
        "passwort1234",
        "123456789012",
        "aaaaaaaaaaaa",
        "redaktion123",
        "Werkzeugkoffer2026!",
    ],
)
def test_it_rejects_weak_passwords(staff, password):
    with pytest.raises(ValidationError):
        validate_password(password, staff)


@pytest.mark.parametrize("password", GUESSABLE)
def test_it_says_why_and_what_to_do_instead(staff, password):
    with pytest.raises(ValidationError) as refusal:
        validate_password(password, staff)
    [message] = [message for message in refusal.value.messages if "zu leicht zu erraten" in message]
    assert "drei oder vier Wörter, die nichts miteinander zu tun haben" in message


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Mainz05Mainz05", "Wiederholungen"),
        ("Qwertzuiop123", "Tastaturfolgen"),
        ("Frühlingsanfang", "bekannten Wörtern"),
        ("Werkzeugkoffer2026!", "mit diesem Portal"),
    ],
)
def test_the_reason_names_the_weak_part(password, reason):
    with pytest.raises(ValidationError, match=reason):
        passwords.GuessablePasswordValidator().validate(password)


def test_it_knows_the_users_own_names(make_staff):
    user = make_staff("hmustermann")
    user.first_name, user.last_name = "Hildegard", "Mustermann"
    with pytest.raises(ValidationError, match="Ihren Benutzernamen, Ihren Namen"):
        passwords.GuessablePasswordValidator().validate("Hildegard-Mustermann", user)


@pytest.mark.parametrize(
    "password",
    [STRONG, "Quartier-Kaffee-Brunnen-42", "ein-langes-passwort-123", "noch-ein-langes-e2e-passwort-2026"],
)
def test_it_accepts_long_unusual_passwords(staff, password):
    # The last two are the passwords of tests/conftest.py and tests/e2e/conftest.py.
    validate_password(password, staff)


def test_the_help_text_suggests_a_passphrase():
    assert any("drei oder vier Wörter" in text for text in password_validators_help_texts())


def test_missing_dictionaries_fail_the_system_check(monkeypatch, tmp_path):
    assert passwords.check_dictionaries(None) == []
    monkeypatch.setattr(passwords, "ZXCVBN_TS", tmp_path)
    [error] = passwords.check_dictionaries(None)
    assert error.id == "werkzeugkoffer.E002"
    assert "npm ci" in error.hint


@pytest.mark.parametrize("password", [*GUESSABLE, "admin"])
def test_createsuperuser_refuses_a_weak_password_also_without_input(db, monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)

    with pytest.raises(CommandError, match="zu schwach; es wurde kein Konto angelegt"):
        call_command("createsuperuser", "--noinput", "--username", "chefin", "--email", "chefin@example.org")
    assert not User.objects.filter(username="chefin").exists()


def test_createsuperuser_compares_the_password_with_the_name(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "chefin.leitung-2026")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chefin.leitung")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chefin.leitung@example.org")

    with pytest.raises(CommandError, match="zu ähnlich"):
        call_command("createsuperuser", "--noinput")


def test_createsuperuser_accepts_a_strong_password(db, monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("createsuperuser", "--noinput", "--username", "chefin", "--email", "chefin@example.org")

    user = User.objects.get(username="chefin")
    assert user.is_superuser and user.check_password(STRONG)


def test_createsuperuser_without_a_password_creates_an_account_that_cannot_sign_in(db, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("createsuperuser", "--noinput", "--username", "chefin", "--email", "chefin@example.org")
    assert not User.objects.get(username="chefin").has_usable_password()
