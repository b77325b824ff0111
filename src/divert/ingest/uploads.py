"""Shared by the web page and the API: save an uploaded file where import_file can read it, then import it."""

import re
import tempfile
from pathlib import Path
from typing import cast

from django.conf import settings

from .actions import ImportFailed, import_file
from .models import ImportRun


def safe_name(name: str) -> str:
    base = Path(name or "upload.csv").name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .") or "upload.csv"
    return cleaned[:120]


def import_uploads(*, kind: str, files: list, user, year: int | None = None, skip_invalid: bool = False,
                   mapping_file=None) -> ImportRun:
    """Import uploaded file(s) of one kind; several files only for the SSDA903 tables of one year."""
    with tempfile.TemporaryDirectory(prefix="divert-upload-") as tmp:
        root = Path(tmp)
        if kind == ImportRun.Kind.SSDA903 and len(files) > 1:
            target = root / (str(year) if year else "ssda903")
            target.mkdir()
            for f in files:
                _save(f, target / safe_name(f.name))
            path = target
        else:
            path = root / safe_name(files[0].name)
            _save(files[0], path)
        mapping = None
        if mapping_file is not None:
            mapping = root / "mapping.toml"
            _save(mapping_file, mapping)
        elif kind in ("incidents", "custody", "missing") and settings.DIVERT.get("POLICE_MAPPING"):
            mapping = Path(cast(str, settings.DIVERT["POLICE_MAPPING"]))  # DIVERT is a dict of mixed values
        try:
            return import_file(kind=kind, path=path, user=user, skip_invalid=skip_invalid, mapping=mapping,
                               year=year)
        except ImportFailed as exc:
            return exc.run


def _save(upload, dest: Path) -> None:
    with dest.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
