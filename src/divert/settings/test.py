"""Test settings: the same database choice (DATABASE_URL) with fast hashing and a local SMTP port."""

import os

from .base import *  # noqa: F403
from .base import DIVERT

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_PORT = int(os.environ.get("DIVERT_EMAIL_PORT", "8025"))
DIVERT["ALERT_ESCALATE_AFTER_MINUTES"] = 60
