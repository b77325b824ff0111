"""The versioned REST API, /api/v1/ (django-ninja, OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI

from . import incidents, ingest, matching, missing, protocol, registers
from .auth import auth_methods
from .errors import declare_errors


class DivertAPI(NinjaAPI):
    """The API, its schema declaring every error answer (errors.py)."""

    def get_openapi_schema(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(*args, **kwargs)
        declare_errors(schema)
        return schema


api = DivertAPI(title="Divert API", version="1", urls_namespace="api-v1", auth=auth_methods())
api.add_router("/", registers.router)
api.add_router("/", ingest.router)
api.add_router("/", matching.router)
api.add_router("/", incidents.router)
api.add_router("/", missing.router)
api.add_router("/", protocol.router)
