"""The API against its own OpenAPI schema (schemathesis, a fixed small example budget per operation): no server
error, and every response - its status code, content type and body - is one the schema declares.

Runs in the suite and in CI (marked `slow`: a few seconds per role)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from divert.api.main import api
from divert.core.actions import issue_api_token
from divert.core.roles import Role

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
SCHEMA.app = get_wsgi_application()
# Text with a NUL character is refused as a 422 (PostgreSQL stores none: tests/api/test_nul_text.py); generating it
# here would only meet that refusal in every operation.
SCHEMA.config.generation.update(allow_x00=False)
EXAMPLES = 4  # per operation: small enough for every CI run, enough to reach each parameter's bounds


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI application itself, so each request's end closes the database connection
    (`close_old_connections`) - which, on PostgreSQL, is the test's own transaction. Django's test client
    disconnects that handler for the same reason; so does this fixture, for the test's duration."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(make_user, request):
    role = getattr(request, "param", Role.ADMINISTRATOR)
    _token, secret = issue_api_token(actor=None, user=make_user(role), name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.slow
@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, bearer):
    excluded = []
    if case.operation.path.endswith("/imports") and case.method.upper() == "POST":
        # A multipart form is parsed leniently (Django's form parser, then pydantic's lax mode: a field sent twice,
        # "on" for a boolean): such a request is read, not refused. Every other check still applies to it.
        excluded = [schemathesis.checks.negative_data_rejection]
    if case.operation.path.endswith("/unit-costs/{key}") and case.method.upper() == "PUT":
        # A range whose low figure is above its high one is schema-valid and refused (400): JSON schema cannot
        # compare two fields. Every other check still applies.
        excluded = [schemathesis.checks.positive_data_acceptance]
    case.call_and_validate(headers=bearer, excluded_checks=excluded)
