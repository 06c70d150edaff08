import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment = {**inherited, "DJANGO_SETTINGS_MODULE": "werkzeugkoffer.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7!q-production-like-secret-key-with-enough-length-and-variety-2026",
    "DJANGO_ALLOWED_HOSTS": "werkzeugkoffer.example",
}


def test_production_mode_passes_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_requires_a_secret_key():
    result = run_manage("check", **{k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_requires_allowed_hosts():
    result = run_manage("check", **{k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = run_manage("check", DJANGO_DEBUG="vielleicht")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_only_postgresql_urls_are_accepted():
    result = run_manage("check", DATABASE_URL="sqlite:///tmp/db.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


LOCAL_TRIAL = {**PRODUCTION, "DJANGO_HTTPS": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
SHOW_TLS_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "'upgrade-insecure-requests' in s.SECURE_CSP, s.SERVE_MEDIA)"
)


def test_plain_http_is_refused_for_a_host_other_than_loopback():
    result = run_manage("check", **{**LOCAL_TRIAL, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,werkzeugkoffer.example"})
    assert result.returncode != 0
    assert "DJANGO_HTTPS=false" in result.stderr


def test_the_local_trial_is_production_without_the_https_settings():
    result = run_manage("shell", "--no-imports", "-c", SHOW_TLS_SETTINGS, **LOCAL_TRIAL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "0", "False", "False", "True"]


def test_production_keeps_https_redirect_hsts_and_secure_cookies():
    result = run_manage("shell", "--no-imports", "-c", SHOW_TLS_SETTINGS, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True", "False"]
