"""Test settings: the real settings, made fast and loud."""

from werkzeugkoffer.settings import *  # noqa: F403
from werkzeugkoffer.settings import TEMPLATES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "kept_uploads": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Undefined template variables fail tests instead of rendering as empty text.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE(%s)"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the finders, without collectstatic (also for live_server).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests send far more searches from one address than a person would; the rate-limit tests
# (tests/werkzeugkoffer/test_limits.py) switch it on.
RATELIMIT_ENABLED = False
