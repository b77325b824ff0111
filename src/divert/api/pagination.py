"""Paging for every API list: a documented maximum page size and a bounded offset, both refused with a 422.

An offset beyond what a database integer holds (64 bits) used to reach the database and fail there (a 500);
bounding it here makes the request invalid, like any other bad parameter.
"""

from ninja import Field, Schema

#: Largest page any list returns (documented in the OpenAPI schema; larger `limit` is a 422).
MAX_LIMIT = 500
#: Largest offset accepted: offset + limit stays far inside a signed 64-bit integer (SQLite and PostgreSQL).
MAX_OFFSET = 2**62


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="items to skip")
