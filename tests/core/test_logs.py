"""A refused page is logged on one line, without a traceback; browsers' /favicon.ico is answered."""

import io
import logging

import pytest

from divert.core.logs import NoTracebackFor403
from divert.core.roles import Role


@pytest.mark.django_db
def test_no_traceback_for_403(client, make_user):
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(NoTracebackFor403())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(make_user(Role.SOCIAL_WORKER))
        assert client.get("/missing/compliance/").status_code == 403
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert "Forbidden" in text and "Traceback" not in text


def test_the_console_handler_carries_the_filter(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["no_403_traceback"]


@pytest.mark.django_db
def test_favicon_is_answered(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"].endswith("govuk/assets/images/favicon.ico")
