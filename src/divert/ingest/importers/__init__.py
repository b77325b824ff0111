"""One importer per kind of file: prepare (parse and validate, no writes) and load (write)."""

from collections.abc import Callable
from dataclasses import dataclass

from . import children, homes, police, ssda903


@dataclass(frozen=True)
class Importer:
    kind: str
    prepare: Callable
    load: Callable
    police: bool = False


IMPORTERS = {
    "homes": Importer("homes", homes.prepare, homes.load),
    "children": Importer("children", children.prepare, children.load),
    "ssda903": Importer("ssda903", ssda903.prepare, ssda903.load),
    "incidents": Importer("incidents", police.prepare_incidents, police.load_incidents, police=True),
    "custody": Importer("custody", police.prepare_custody, police.load_custody, police=True),
    "missing": Importer("missing", police.prepare_missing, police.load_missing, police=True),
}
