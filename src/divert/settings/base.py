"""Settings driven by the environment.

DATABASE_URL decides the database: an embedded SQLite file by default (the demo), PostgreSQL when set.
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("DIVERT_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DIVERT_SECRET_KEY", "insecure-demo-key-change-me-in-production")
DEBUG = os.environ.get("DIVERT_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DIVERT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# django-ninja is not an installed app: django.setup() imports every installed app, and ninja would bring pydantic
# and its schemas to every `divert` command (start-up cost, ADR 0038). Its API docs page and Swagger UI assets are
# found on disk instead (TEMPLATES and STATICFILES_DIRS below; divert.api.main.SiteSwagger renders the page).
NINJA_DIR = Path(find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "divert.core",
    "divert.registers",
    "divert.police",
    "divert.ingest",
    "divert.matching",
    "divert.incidents",
    "divert.missing",
    "divert.protocol",
    "divert.exploitation",
    "divert.outcomes",
    "divert.synth",
    "divert.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "divert.core.middleware.PermissionsPolicyMiddleware",
    "divert.core.middleware.RefusalLogMiddleware",
]

# Content Security Policy (django-csp): scripts and styles from our own static files only, never inline.
# Charts are inline SVG or data: PNGs; map tiles (DIVERT_MAP_TILE_URL) are drawn server-side into the chart.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "divert.urls"
WSGI_APPLICATION = "divert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "divert.core.context_processors.navigation",
            ],
            # uk_date, uk_datetime, ssda903, openable... in every template without a {% load %}.
            "builtins": ["divert.core.templatetags.divert_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'divert.sqlite3'}",
        conn_max_age=int(os.environ.get("DIVERT_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 30, "transaction_mode": "IMMEDIATE"})

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's ModelBackend, reading the profile (role) with the user: one query fewer on every page.
AUTHENTICATION_BACKENDS = ["divert.core.backends.ProfileBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SRC_DIR / "static", NINJA_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# SMTP by default. The demo (`make demo`) selects Django's file-based backend with DIVERT_EMAIL_BACKEND, so the
# emails Divert sends land in EMAIL_FILE_PATH (`divert demo outbox` lists them) instead of failing (ADR 0017).
EMAIL_BACKEND = {"smtp": "django.core.mail.backends.smtp.EmailBackend",
                 "file": "django.core.mail.backends.filebased.EmailBackend"}[
    os.environ.get("DIVERT_EMAIL_BACKEND", "smtp")]
EMAIL_FILE_PATH = Path(os.environ.get("DIVERT_EMAIL_FILE_PATH", VAR_DIR / "outbox"))
EMAIL_HOST = os.environ.get("DIVERT_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("DIVERT_EMAIL_PORT", "1025"))
EMAIL_USE_TLS = os.environ.get("DIVERT_EMAIL_USE_TLS", "0") == "1"
EMAIL_HOST_USER = os.environ.get("DIVERT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DIVERT_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DIVERT_FROM_EMAIL", "divert@localhost")

# Personal data never goes to stdout: loggers print counts and ids only (non-negotiable 4).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused page (403) is an ordinary event: one line, no traceback (divert.core.logs).
    "filters": {"no_403_traceback": {"()": "divert.core.logs.NoTracebackFor403"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["no_403_traceback"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIVERT_LOG_LEVEL", "WARNING")},
}

# --- Divert domain settings (documented in docs/settings.md) ---
DIVERT = {
    # Person linkage thresholds (matching/people.py); chosen from measured precision/recall.
    "LINK_AUTO_THRESHOLD": float(os.environ.get("DIVERT_LINK_AUTO_THRESHOLD", "0.95")),
    "LINK_REVIEW_FLOOR": float(os.environ.get("DIVERT_LINK_REVIEW_FLOOR", "0.80")),
    "MODEL_DIR": Path(os.environ.get("DIVERT_MODEL_DIR", VAR_DIR / "models")),
    "DEMO_DIR": Path(os.environ.get("DIVERT_DEMO_DIR", VAR_DIR / "demo")),
    # Daily list window (a Divert product decision).
    "DAILY_LIST_START_HOUR": 7,
    # Arrest screening escalation (minutes without acknowledgement).
    "ALERT_ESCALATE_AFTER_MINUTES": int(os.environ.get("DIVERT_ALERT_ESCALATE_AFTER_MINUTES", "60")),
    # Small-number suppression for published outputs (DfE CLA statistics, [unverified] default 1-5).
    "SUPPRESS_BELOW": int(os.environ.get("DIVERT_SUPPRESS_BELOW", "6")),
    # The offending indicator's comparator local authorities (the council and its statistical neighbours), as
    # new_la_code values of the DfE's published CSV, comma-separated (docs/indicator.md).
    "COMPARATOR_LAS": [c for c in os.environ.get("DIVERT_COMPARATOR_LAS", "").split(",") if c],
    "MAP_TILE_URL": os.environ.get("DIVERT_MAP_TILE_URL", ""),
    # Arrest screening: only arrests this recent are screened (an old custody file emails no one).
    "SCREENING_LOOKBACK_HOURS": int(os.environ.get("DIVERT_SCREENING_LOOKBACK_HOURS", "168")),
    # Who hears of an escalated alert (e-mail addresses, comma-separated).
    "ALERT_ESCALATE_TO": [a for a in os.environ.get("DIVERT_ALERT_ESCALATE_TO", "").split(",") if a],
    # The force's column-mapping file used for police files uploaded through the web or API without one.
    "POLICE_MAPPING": os.environ.get("DIVERT_POLICE_MAPPING", ""),
    # Imports: a planned date (a home's opening or closing) may be at most this many days after the day of import
    # (a Divert product decision: a registered home may open soon; one opening years ahead is a typing error).
    "IMPORT_FUTURE_DAYS": int(os.environ.get("DIVERT_IMPORT_FUTURE_DAYS", "365")),
    # The site's address, for links in e-mails.
    "SITE_URL": os.environ.get("DIVERT_SITE_URL", "http://127.0.0.1:8000"),
}
