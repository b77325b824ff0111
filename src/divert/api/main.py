"""The versioned REST API, /api/v1/ (django-ninja, OpenAPI at /api/v1/docs)."""

import json

from django.db import DataError
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger

from . import earlyhelp, exploitation, incidents, ingest, matching, missing, outcomes, protocol, registers
from .auth import auth_methods
from .errors import declare_errors


class SiteSwagger(Swagger):
    """The docs page (Swagger UI) from the site's own static files, as ninja draws it when it is an installed app.
    It is not one (settings.base.NINJA_DIR: start-up cost), and ninja's fallback loads Swagger UI from a CDN, which
    the Content-Security-Policy refuses. Our copy of ninja's page declares its language."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):  # type: ignore[no-untyped-def]
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        add_csrf = any(getattr(a, "csrf", False) for a in api.auth or [])
        return render(request, self.template, {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                                               "add_csrf": add_csrf})


class DivertAPI(NinjaAPI):
    """The API, its schema declaring every error answer (errors.py)."""

    def get_openapi_schema(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(*args, **kwargs)
        declare_errors(schema)
        return schema


api = DivertAPI(title="Divert API", version="1", urls_namespace="api-v1", auth=auth_methods(), docs=SiteSwagger())
api.add_router("/", registers.router)
api.add_router("/", ingest.router)
api.add_router("/", matching.router)
api.add_router("/", incidents.router)
api.add_router("/", missing.router)
api.add_router("/", protocol.router)
api.add_router("/", outcomes.router)
api.add_router("/", exploitation.router)
api.add_router("/", earlyhelp.router)


PLAIN_MESSAGES = {
    "date": "Give a date as YYYY-MM-DD, for example 2026-11-25.",
    "datetime": "Give a date and time as YYYY-MM-DDTHH:MM, for example 2026-11-25T14:30 (UK time unless it ends "
                "with Z or an offset).",
    "time": "Give a time as HH:MM, for example 14:30.",
    "int": "Give a whole number.",
    "missing": "This field is required.",
}


def _plain(error: dict) -> dict:
    """One validation error in words a user of the API reads (pydantic's own message kept as `detail`)."""
    kind = str(error.get("type", ""))
    where = ".".join(str(x) for x in error.get("loc", []) if x not in ("body", "query", "path", "payload"))
    for key in ("datetime", "date", "time", "int", "missing"):
        if kind.startswith(key) or kind == key:
            message = PLAIN_MESSAGES[key]
            break
    else:
        message = str(error.get("msg", "This value is not valid."))
    return {"loc": error.get("loc", []), "field": where, "msg": message, "detail": error.get("msg", "")}


@api.exception_handler(ValidationError)
def plain_validation_error(request, exc: ValidationError):
    errors = [_plain(e) for e in exc.errors]
    summary = "; ".join(f"{e['field']}: {e['msg']}" if e["field"] else e["msg"] for e in errors)
    return api.create_response(request, {"message": summary, "detail": errors}, status=422)


DATA_ERRORS = {
    "NUL": "Text cannot contain the NUL character.",  # PostgreSQL stores none, and no real value holds one
    "value too long": "A text value is longer than Divert stores for that field.",
}


@api.exception_handler(DataError)
def unstorable_value(request, exc: DataError):
    """A value the database cannot store is invalid input (422), not a server error. The write's transaction has
    rolled back: nothing is saved."""
    message = next((m for key, m in DATA_ERRORS.items() if key in str(exc)), None)
    if message is None:
        raise exc
    return api.create_response(request, {"message": message, "detail": [{"msg": message}]}, status=422)
