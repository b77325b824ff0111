"""The generic entry point: match any messy address file against any canonical address file.

Formats (docs/address-matching.md, "The generic command"):

- canonical: `id,address,postcode[,uprn,easting,northing]`, optionally `name` (the place's own name, e.g. a
  home's), `opened_on`, `closed_on` (the address only counts between these dates);
- messy: `id,address,postcode[,uprn,easting,northing]`, optionally `date` (when the event happened);
- out: `messy_id,canonical_id,decision,score,method` then `candidate_id,runner_up_id,runner_up_score,reason`.
  decision is `linked`, `review` or `none`; canonical_id is the linked address, or the best candidate for review,
  blank for none; candidate_id is the best candidate whatever the decision (for ranking by score).

CSV in UTF-8 (with or without BOM) or Windows-1252, or XLSX (first sheet); headers are matched case-insensitively
after trimming. Messy rows are streamed: memory grows with the canonical file only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from divert.core.batches import batched
from divert.core.spreadsheets import csv_writer

from .decide import Decision, Thresholds
from .matcher import AddressMatcher
from .records import AddressRecord, make_record

REQUIRED = ("id", "address", "postcode")
OUT_HEADER = ["messy_id", "canonical_id", "decision", "score", "method", "candidate_id", "runner_up_id",
              "runner_up_score", "reason"]


class FormatError(Exception):
    """The file is not in the documented format; the message says why in plain words."""


def _text_lines(path: Path) -> Iterator[str]:
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
        try:
            with open(path, encoding="utf-8") as fh:
                for _ in fh:
                    pass
        except UnicodeDecodeError:
            encoding = "cp1252"
    with open(path, encoding=encoding, newline="") as fh:
        yield from fh


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    for row in wb.worksheets[0].iter_rows(values_only=True):
        yield ["" if v is None else str(v) for v in row]


def read_rows(path: str | Path) -> Iterator[dict[str, str]]:
    """Rows of a CSV or XLSX file as {normalised header: value}, streamed."""
    path = Path(path)
    if not path.exists():
        raise FormatError(f"{path} does not exist")
    with open(path, "rb") as fh:
        is_xlsx = fh.read(4) == b"PK\x03\x04"
    rows = _xlsx_rows(path) if is_xlsx else csv.reader(_text_lines(path))
    header: list[str] | None = None
    for cells in rows:
        if header is None:
            header = [" ".join(str(h).split()).lower() for h in cells]
            missing = [h for h in REQUIRED if h not in header]
            if missing:
                raise FormatError(f"{path.name}: missing column(s) {', '.join(missing)}; need {','.join(REQUIRED)}")
            continue
        if not any(c.strip() for c in cells):
            continue
        yield {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}


DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})|^(\d{1,2})/(\d{1,2})/(\d{4})")


@lru_cache(maxsize=10_000)
def parse_date(text: str) -> dt.date | None:
    """A date as dd/mm/yyyy or ISO yyyy-mm-dd (a time part is ignored); None if blank or unreadable."""
    m = DATE_RE.match((text or "").strip())
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def canonical_record(row: dict[str, str]) -> AddressRecord:
    return make_record(row["id"], row["address"], row.get("postcode", ""), uprn=row.get("uprn", ""),
                       easting=row.get("easting"), northing=row.get("northing"), name=row.get("name", ""),
                       opened_on=parse_date(row.get("opened_on", "")), closed_on=parse_date(row.get("closed_on", "")))


def messy_record(row: dict[str, str]) -> AddressRecord:
    return make_record(row["id"], row["address"], row.get("postcode", ""), uprn=row.get("uprn", ""),
                       easting=row.get("easting"), northing=row.get("northing"),
                       on_date=parse_date(row.get("date", "")))


def load_canonical(path: str | Path) -> list[AddressRecord]:
    return [canonical_record(row) for row in read_rows(path)]


def output_row(rec: AddressRecord, decision: Decision, matcher: AddressMatcher) -> list[str]:
    """One line of the output file for one messy record."""
    best = decision.best if decision.outcome != "none" else None
    runner = decision.runner_up
    return [
        rec.key, matcher.key_of(best), decision.outcome, f"{decision.score:.4f}", decision.method,
        matcher.key_of(decision.best), matcher.key_of(runner), f"{runner.score:.4f}" if runner else "", decision.reason,
    ]


_WORKER_MATCHER: AddressMatcher | None = None  # set before the worker processes fork, shared copy-on-write


def _match_chunk(rows: list[dict[str, str]]) -> list[list[str]]:
    matcher = _WORKER_MATCHER
    assert matcher is not None
    out = []
    for row in rows:
        rec = messy_record(row)
        out.append(output_row(rec, matcher.match_one(rec), matcher))
    return out


def match_files(canonical: str | Path, messy: str | Path, out: str | Path, *, thresholds: Thresholds | None = None,
                progress: Callable[[int], None] | None = None, every: int = 5000, workers: int = 1
                ) -> dict[str, int]:
    """Match every row of `messy` against `canonical` and write `out`. Returns counts per decision.

    Without `thresholds`, the defaults with `same_address_one_place` (canonical rows written identically, or in
    other words at one postcode, number and flat - another order, the town named or not - with the same name, are
    one place: which copy is linked does not change the address; AddressMatcher.one_per_address). A first pass
    over `messy` learns
    where street names occur (areas.py); the second matches. With `workers` > 1 (on systems that fork) chunks of
    rows are matched in that many processes, in order.
    """
    global _WORKER_MATCHER
    if thresholds is None:  # the generic command's default: an address list listing one place twice is one place
        thresholds = Thresholds(same_address_one_place=True)
    _WORKER_MATCHER = AddressMatcher(load_canonical(canonical), thresholds)
    _WORKER_MATCHER.learn(messy_record(row) for row in read_rows(messy))  # first pass
    counts = {"linked": 0, "review": 0, "none": 0}
    done = 0
    chunks = batched(read_rows(messy), every)
    pool = None
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = multiprocessing.get_context("fork").Pool(workers)
        results: Iterator[list[list[str]]] = pool.imap(_match_chunk, chunks)
    else:
        results = map(_match_chunk, chunks)
    try:
        with open(out, "w", newline="", encoding="utf-8") as fh:
            writer = csv_writer(fh)
            writer.writerow(OUT_HEADER)
            for lines in results:
                writer.writerows(lines)
                for line in lines:
                    counts[line[2]] += 1
                done += len(lines)
                if progress:
                    progress(done)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _WORKER_MATCHER = None
    return counts


def match_text(canonical_csv: str, messy_csv: str) -> list[dict[str, str]]:
    """Match two CSV texts in memory (for tests and notebooks); returns the output rows as dicts."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        c, m, o = Path(tmp, "c.csv"), Path(tmp, "m.csv"), Path(tmp, "o.csv")
        c.write_text(canonical_csv, encoding="utf-8")
        m.write_text(messy_csv, encoding="utf-8")
        match_files(c, m, o)
        return list(csv.DictReader(io.StringIO(o.read_text(encoding="utf-8"))))
