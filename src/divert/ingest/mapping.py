"""Column mapping files (TOML): a force's headers and values mapped to Divert's fields (NSIR).

```toml
[force]
name = "Demo Constabulary"
[formats]
datetime = "%d/%m/%Y %H:%M"   # strptime format, local time Europe/London
date = "%d/%m/%Y"
[incidents.columns]
"Incident No" = "reference"
[incidents.values.person_role]
"SUSP" = "suspect"
```
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .readers import normalise_header

POLICE_KINDS = ("incidents", "custody", "missing")


class MappingError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Mapping:
    name: str = ""
    file_name: str = ""
    digest: str = ""
    datetime_format: str | None = None
    date_format: str | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> normalised header -> field
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # kind -> field -> from -> to
    folded: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # the same, keys casefolded

    def header_map(self, kind: str) -> dict[str, str]:
        return self.columns.get(kind, {})

    def map_value(self, kind: str, field_name: str, value: str) -> str:
        table = self.values.get(kind, {}).get(field_name)
        if not table or not isinstance(value, str):
            return value
        if value in table:
            return table[value]
        return self.folded[kind][field_name].get(value.strip().casefold(), value)


def load_mapping(path: Path, *, known_fields: dict[str, set[str]]) -> Mapping:
    """Read and check a mapping file; `known_fields` names Divert's fields for each kind."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MappingError(f"the mapping file could not be opened ({exc.strerror or type(exc).__name__})") from exc
    return parse_mapping(data, file_name=Path(path).name, known_fields=known_fields)


def parse_mapping(data: bytes, *, file_name: str, known_fields: dict[str, set[str]]) -> Mapping:
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"the mapping file is not valid TOML ({exc})") from exc
    mapping = Mapping(file_name=file_name, digest=hashlib.sha256(data).hexdigest())
    force = doc.get("force", {})
    mapping.name = str(force.get("name", "")) if isinstance(force, dict) else ""
    formats = doc.get("formats", {})
    if not isinstance(formats, dict):
        raise MappingError("[formats] must be a table")
    for key in ("datetime", "date"):
        fmt = formats.get(key)
        if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
            raise MappingError(f"formats.{key} must be a strptime format such as \"%d/%m/%Y\"")
    mapping.datetime_format = formats.get("datetime")
    mapping.date_format = formats.get("date")
    for kind in POLICE_KINDS:
        section = doc.get(kind, {})
        if not isinstance(section, dict):
            raise MappingError(f"[{kind}] must be a table")
        cols = section.get("columns", {})
        if not isinstance(cols, dict):
            raise MappingError(f"[{kind}.columns] must be a table of \"force header\" = \"divert field\"")
        header_map: dict[str, str] = {}
        for header, target in cols.items():
            if not isinstance(target, str) or target not in known_fields.get(kind, set()):
                raise MappingError(
                    f"[{kind}.columns] maps \"{header}\" to \"{target}\", which is not a Divert {kind} field"
                )
            header_map[normalise_header(header)] = target
        targets = list(header_map.values())
        dupes = sorted({t for t in targets if targets.count(t) > 1})
        if dupes:
            raise MappingError(f"[{kind}.columns] maps more than one column to {', '.join(dupes)}")
        mapping.columns[kind] = header_map
        vals = section.get("values", {})
        if not isinstance(vals, dict):
            raise MappingError(f"[{kind}.values] must hold one table per field")
        for field_name, table in vals.items():
            if field_name not in known_fields.get(kind, set()):
                raise MappingError(f"[{kind}.values.{field_name}] names a field Divert does not have")
            if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
                raise MappingError(f"[{kind}.values.{field_name}] must map force values to Divert values")
            mapping.values.setdefault(kind, {})[field_name] = {str(k): v for k, v in table.items()}
            mapping.folded.setdefault(kind, {})[field_name] = {str(k).strip().casefold(): v for k, v in table.items()}
    return mapping
