"""Paging for every API list (`paged`: a page and its total count) and strict date parameters.

Paging for every API list: a documented maximum page size and a bounded offset, both refused with a 422.

An offset beyond what a database integer holds (64 bits) used to reach the database and fail there (a 500);
bounding it here makes the request invalid, like any other bad parameter.
"""

import datetime as dt
import re
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

#: Largest page any list returns (documented in the OpenAPI schema; larger `limit` is a 422).
MAX_LIMIT = 500
#: Largest offset accepted: offset + limit stays far inside a signed 64-bit integer (SQLite and PostgreSQL).
MAX_OFFSET = 2**62


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="items to skip")


def paged(items, page: PageParams, response: HttpResponse) -> list:
    """One page of a list (a queryset or a list): `X-Total-Count` says how many there are in all, `X-Limit` and
    `X-Offset` which page this is. The slice is taken by the database for a queryset."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    response["X-Total-Count"] = str(total)
    response["X-Limit"], response["X-Offset"] = str(page.limit), str(page.offset)
    return list(items[page.offset:page.offset + page.limit])


def _iso_date(value: Any) -> Any:
    """Only a calendar date (yyyy-mm-dd) or a date object: pydantic would otherwise read 0 or "0" as a Unix time."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise PydanticCustomError("date_parsing", "must be a date, yyyy-mm-dd")


def _iso_datetime(value: Any) -> Any:
    """Only an ISO 8601 date-time (or a datetime object), never a number read as a Unix time."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        return value
    raise PydanticCustomError("datetime_parsing", "must be an ISO 8601 date and time, e.g. 2026-03-31T14:05")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
