"""The versioned REST API, /api/v1/ (django-ninja, OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI

from . import exploitation, incidents, ingest, matching, missing, outcomes, protocol, registers
from .auth import auth_methods

api = NinjaAPI(title="Divert API", version="1", urls_namespace="api-v1", auth=auth_methods())
api.add_router("/", registers.router)
api.add_router("/", ingest.router)
api.add_router("/", matching.router)
api.add_router("/", incidents.router)
api.add_router("/", missing.router)
api.add_router("/", protocol.router)
api.add_router("/", outcomes.router)
api.add_router("/", exploitation.router)
