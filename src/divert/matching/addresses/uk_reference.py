"""UK-wide reference data for address matching, from the `uk_address_matcher` package (MIT, (c) 2025 Robin Linacre).

Two tables ship with Divert, made from that package's data files by `build()` below (the package itself cannot
be a dependency: it pins splink 4.0.x and duckdb < 2, Divert uses splink 5):

- `data/uk_address_token_frequencies.tsv.gz`: how often each word occurs in UK addresses, counted by
  uk_address_matcher on a national address list (its `address_token_frequencies.parquet`, a share of all address
  words per token). Stored as counts in units of the rarest word's share, words folded to Divert's short forms
  (ROAD -> RD), and only words seen at least `MIN_COUNT` times: a word absent from the table is rarer than that.
  It answers "how common is this word in the UK", which the run's own counts (areas.TokenFrequencies) cannot
  for a register of one area: "HARPUR" is rare in a list of Bedford shops and rare nationally, "COVENTRY" is rare
  in the same list but common nationally.
- `data/uk_address_abbreviations.json`: the package's abbreviation list (`address_abbreviations.json`, token and
  spelt-out form). normalise.py adopts an entry only where it does not contradict Divert's own folding (GR is
  Grove there, not Green) and the abbreviation is rarer in UK addresses than its spelt-out form (so "PEN", a Welsh
  place word more common than "PENINSULA", is not folded).
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
FREQUENCIES = DATA / "uk_address_token_frequencies.tsv.gz"
ABBREVIATIONS_FILE = DATA / "uk_address_abbreviations.json"
MIN_COUNT = 10  # words rarer than this (in units of the rarest word's share) are left out of the shipped table


@lru_cache(maxsize=1)
def token_counts() -> tuple[dict[str, int], int]:
    """{folded word: count} and the total count of all words (the first line of the file)."""
    with gzip.open(FREQUENCIES, "rt", encoding="utf-8") as fh:
        total = int(fh.readline().split("\t")[1])
        counts = {}
        for line in fh:
            word, count = line.rstrip("\n").split("\t")
            counts[word] = int(count)
    return counts, total


def uk_share(word: str) -> float:
    """The share of UK address words that are `word` (folded); below MIN_COUNT's share when not in the table."""
    counts, total = token_counts()
    return counts.get(word, MIN_COUNT - 1) / total


def uk_count(word: str) -> int:
    """The word's count in the national table (MIN_COUNT - 1 when it is rarer than the table keeps)."""
    return token_counts()[0].get(word, MIN_COUNT - 1)


@lru_cache(maxsize=1)
def abbreviation_pairs() -> tuple[tuple[str, str], ...]:
    """(abbreviation, spelt-out form) pairs of the package's list, one word each."""
    entries = json.loads(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    return tuple((e["token"], e["replacement"]) for e in entries
                 if " " not in e["token"] and " " not in e["replacement"])


def build(package_data: Path, out_dir: Path = DATA) -> tuple[int, int]:
    """Write the two shipped tables from uk_address_matcher's data directory (needs duckdb to read parquet).

    python -c "from divert.matching.addresses.uk_reference import build; build(Path('.../uk_address_matcher/data'))"
    Returns (words kept, total count).
    """
    import duckdb  # a dependency of splink, only needed to rebuild the tables

    from .normalise import fold_word

    relation = duckdb.sql(f"select token, rel_freq from '{package_data / 'address_token_frequencies.parquet'}'")
    assert relation is not None
    rows = relation.fetchall()
    unit = min(share for _, share in rows)
    counts: dict[str, int] = {}
    for token, share in rows:
        if token:
            word = fold_word(str(token).upper())
            counts[word] = counts.get(word, 0) + round(share / unit)
    total = round(1.0 / unit)
    kept = sorted((w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w))
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_dir / FREQUENCIES.name, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"#total\t{total}\n")
        fh.writelines(f"{w}\t{counts[w]}\n" for w in kept)
    abbreviations = json.loads((package_data / "address_abbreviations.json").read_text(encoding="utf-8"))
    (out_dir / ABBREVIATIONS_FILE.name).write_text(json.dumps(abbreviations, indent=0) + "\n", encoding="utf-8")
    return len(kept), total


def weight(word: str, m: float = 0.9) -> float:
    """ln(m/u) of the word agreeing, with u its national share of address words."""
    return max(math.log(m / uk_share(word)), 0.0)
