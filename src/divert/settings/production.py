"""Production settings: PostgreSQL required, HTTPS behind a TLS-terminating proxy, secrets from the environment.

See docs/runbooks/deploy.md for the environment this expects; `divert check --deploy` is clean with it.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE

DEBUG = False
if not os.environ.get("DIVERT_SECRET_KEY"):
    raise ImproperlyConfigured("Set DIVERT_SECRET_KEY (50+ random characters, from a secret store, never in git).")
SECRET_KEY = os.environ["DIVERT_SECRET_KEY"]
if "DIVERT_ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured("Set DIVERT_ALLOWED_HOSTS to the site's host name(s), comma-separated.")

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite is for the demo and tests only)."
    )
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DIVERT_DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# TLS ends at the reverse proxy, which must set X-Forwarded-Proto (and strip it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DIVERT_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DIVERT_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DIVERT_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("DIVERT_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DIVERT_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Static files: collected by `divert collectstatic` and served by WhiteNoise (compressed, cache-busting names).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
