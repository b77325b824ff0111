"""SSDA903 code lists by collection year, as data (one YEAR.json per year; written by derive.py from the
DfE SSDA903 specification: the liia-tools schemas to 2023-24, the DfE guidance as the validator encodes it for
later years). Collection year 2026 is the year ending 31 March 2026."""

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def years() -> tuple[int, ...]:
    return tuple(sorted(int(p.stem) for p in HERE.glob("*.json")))


@cache
def code_lists(year: int) -> dict[str, frozenset[str]]:
    """The code lists of collection `year` ("Episodes.PLACE" -> codes). A year before the first list uses the
    first; a year after the last uses the last (the newest published specification)."""
    known = years()
    chosen = min(max(year, known[0]), known[-1])
    body = json.loads((HERE / f"{chosen}.json").read_text(encoding="utf-8"))
    return {name: frozenset(codes) for name, codes in body["codes"].items()}


def source(year: int) -> str:
    known = years()
    chosen = min(max(year, known[0]), known[-1])
    return json.loads((HERE / f"{chosen}.json").read_text(encoding="utf-8"))["source"]
