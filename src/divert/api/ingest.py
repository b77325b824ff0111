"""Imports through the API: POST /api/v1/imports (multipart), GET /api/v1/imports, GET /api/v1/imports/{id}.

Analysts and administrators only (core.roles.IMPORT_ROLES); the same action as the web page and the CLI.
"""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from divert.ingest.models import ImportRun
from divert.ingest.uploads import import_uploads
from divert.ingest.views import can_import

from .pagination import MAX_LIMIT, PageParams, paged

router = Router(tags=["ingest"])


class ProblemOut(Schema):
    file: str
    row: int | None = None
    line: int | None = None
    column: str = ""
    value: str = ""
    reason: str
    rule: str = ""


class ImportRunOut(Schema):
    id: int
    kind: str
    file_name: str
    file_hash: str
    status: str
    imported_by: str | None = None
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_created: int
    rows_updated: int
    problem_count: int

    @staticmethod
    def resolve_imported_by(obj: ImportRun) -> str | None:
        return obj.imported_by.username if obj.imported_by is not None else None


class ImportRunDetailOut(ImportRunOut):
    problems: list[ProblemOut]
    warnings: list[ProblemOut]
    options: dict


def _check(request) -> None:
    try:
        allowed = can_import(request.user)
    except Exception:
        allowed = False
    if not allowed:
        raise HttpError(403, "Only analysts and administrators can import files")


@router.post("/imports", response={201: ImportRunDetailOut}, summary="Import a file")
def create_import(request, kind: Form[ImportRun.Kind], file: File[UploadedFile], year: Form[int] = 0,
                  skip_invalid: Form[bool] = False):
    _check(request)
    # A form field cannot be null: no year is 0 (or absent). An SSDA903 file without one is refused by the import,
    # with the reason, like any other refused file (rule collection_year).
    run = import_uploads(kind=kind, files=[file], user=request.user, year=year or None, skip_invalid=skip_invalid)
    return 201, run


class ImportPageParams(PageParams):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")


@router.get("/imports", response=list[ImportRunOut], summary="The import ledger, newest first (X-Total-Count: all)")
def list_imports(request, response: HttpResponse, page: Query[ImportPageParams]):
    _check(request)
    return paged(ImportRun.objects.select_related("imported_by"), page, response)


@router.get("/imports/{run_id}", response=ImportRunDetailOut, summary="One import and its problem report")
def get_import(request, run_id: int):
    _check(request)
    return get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=run_id)
