"""The error answers of the API as the OpenAPI schema declares them (every body is {"detail": ...}).

`declare_errors` adds the common ones (401, 403, 422; 404 where the path names a record) to every operation of
the schema; an operation that can also answer another code says so with `also(...)` in its decorator
(`openapi_extra`), so the schema lists every status code an endpoint returns."""

from typing import Any

ERROR_BODY: dict[str, Any] = {
    "type": "object", "required": ["detail"],
    "properties": {"detail": {"description": "a plain-English reason, or (422) the invalid parameters"}},
}
DESCRIPTIONS = {
    400: "The request cannot be carried out as it stands (the reason says why)",
    401: "Not signed in: no valid bearer token or session",
    403: "Signed in, but the caller's role may not use this (or CSRF failed for a session)",
    404: "No such record, or not one the caller may see",
    409: "The record is not in a state that allows this (already decided, already linked, a duplicate...)",
    422: "A parameter or the body is invalid (limit above the maximum page size, offset too large...)",
}
COMMON = (401, 403, 422)
ON_RECORD_PATHS = (404,)


def _response(code: int) -> dict:
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ERROR_BODY}}}


def also(*codes: int) -> dict:
    """`openapi_extra` for an operation that can answer these codes too."""
    return {"responses": {code: _response(code) for code in codes}}


def declare_errors(schema: dict) -> None:
    """Add the common error answers to every operation of an OpenAPI schema (keeping any it declares itself)."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            body = (400,) if "requestBody" in operation else ()  # a body that cannot be parsed at all
            for code in (*COMMON, *body, *(ON_RECORD_PATHS if "{" in path else ())):
                if str(code) not in responses and code not in responses:
                    responses[code] = _response(code)

