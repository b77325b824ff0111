"""Normalise people into the frames the linkage model reads.

Both sides get the same columns: a cleaned forename (first given name) with its canonical forms from our nickname
table, a cleaned surname with its parts (double-barrelled names), phonetic keys of both names for blocking (Soundex
and NYSIIS), the names' initials, the date of birth as `yyyy-mm-dd` with its day/month swap, day number, year,
year-month and month-day, sex (M/F, unknown = null) and the postcode with its sector and district. Empty or
unparseable values become null, which the model treats as "no evidence".
Nothing here prints or logs personal data (non-negotiable 4).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from .nicknames import canonical_forms

COLUMNS = [
    "unique_id", "record_id", "first_name", "fn_canon", "fn_initial", "fn_key", "fn_nysiis", "surname",
    "surname_parts", "surname_key", "sn_initial", "sn_nysiis", "dob", "dob_swapped", "dob_days", "dob_year",
    "dob_ym", "dob_md", "sex", "postcode", "pc_sector", "pc_district",
]
TITLES = {"mr", "mrs", "miss", "ms", "mx", "dr", "master"}
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
EPOCH = dt.date(1900, 1, 1)


@lru_cache(maxsize=200_000)
def _ascii_lower(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "").replace("\u2019", "").replace(".", " ")
    return re.sub(r"[^a-z\- ]+", " ", text)


@lru_cache(maxsize=200_000)
def clean_forename(value: str | None) -> str | None:
    """The first given name, lower case, letters only; hyphenated names kept as one (`mary-jane` -> `maryjane`)."""
    if not value or not isinstance(value, str):
        return None
    tokens = [t for t in _ascii_lower(value).split() if t not in TITLES]
    if not tokens:
        return None
    name = tokens[0].replace("-", "")
    return name or None


@lru_cache(maxsize=200_000)
def forename_forms(name: str | None) -> tuple[str, ...]:
    """Canonical forms of a cleaned forename, and of each part of a hyphenated one."""
    if not name:
        return ()
    return canonical_forms(name)


@lru_cache(maxsize=200_000)
def clean_surname(value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The surname joined (`smith-jones` -> `smithjones`) and its parts (`smith`, `jones`)."""
    if not value or not isinstance(value, str):
        return None, ()
    parts = tuple(p for p in re.split(r"[\s\-]+", _ascii_lower(value)) if p)
    if not parts:
        return None, ()
    return "".join(parts), parts


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


@lru_cache(maxsize=200_000)
def soundex(name: str | None) -> str | None:
    """American Soundex of a cleaned name (letters only), used to block on surnames with spelling errors."""
    if not name:
        return None
    first, coded, last = name[0], [], _code(name[0])
    for ch in name[1:]:
        code = _code(ch)
        if code and code != last:
            coded.append(code)
        if ch not in "hw":
            last = code
    return (first + "".join(coded) + "000")[:4]


@lru_cache(maxsize=200_000)
def nysiis(name: str | None) -> str | None:
    """NYSIIS code of a cleaned name (the New York State Identification and Intelligence System's phonetic code,
    via `jellyfish`): a second, vowel-aware phonetic key, so that a spelling error Soundex splits (`griffiths` /
    `griffihs`) can still meet."""
    if not name:
        return None
    import jellyfish

    return jellyfish.nysiis(name) or None


def _code(ch: str) -> str:
    out = ch.translate(_SOUNDEX)
    return out if out.isdigit() else ""


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d", "%Y/%m/%d", "%d/%m/%y", "%d %b %Y",
                "%d %B %Y", "%m/%d/%Y")


@lru_cache(maxsize=200_000)
def parse_date(value, dayfirst: bool = True) -> dt.date | None:
    """A date from a date, a datetime or a string in a common layout (day first unless told otherwise)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none", "null"):
        return None
    text = text.split("T")[0].split(" 00:00")[0]
    if re.fullmatch(r"\d{8}\.0", text):
        text = text[:8]
    formats = DATE_FORMATS if dayfirst else ("%m/%d/%Y", "%m-%d-%Y", *DATE_FORMATS)
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def dob_fields(value: dt.date | None
               ) -> tuple[str | None, str | None, int | None, str | None, str | None, str | None]:
    """(`yyyy-mm-dd`, the same with day and month swapped when that is a valid other date, day number, year,
    `yyyy-mm`, `mm-dd`)."""
    if value is None:
        return None, None, None, None, None, None
    swapped = None
    if value.day <= 12 and value.day != value.month:
        swapped = f"{value.year:04d}-{value.day:02d}-{value.month:02d}"
    iso = value.isoformat()
    return iso, swapped, (value - EPOCH).days, iso[:4], iso[:7], iso[5:]


SEX_VALUES = {"m": "M", "male": "M", "1": "M", "boy": "M", "f": "F", "female": "F", "2": "F", "girl": "F"}


def clean_sex(value) -> str | None:
    """M or F; anything else (U, unknown, blank) is null."""
    if value is None:
        return None
    return SEX_VALUES.get(str(value).strip().lower())


@lru_cache(maxsize=200_000)
def postcode_fields(value) -> tuple[str | None, str | None, str | None]:
    """(full postcode without spaces, sector, district). UK postcodes split as `NG7 2` / `NG7`; an all-digit code
    (as in many other countries) uses its leading digits; anything else compares only in full."""
    if value is None:
        return None, None, None
    text = re.sub(r"[^A-Z0-9]", "", str(value).upper())
    if text in ("", "NAN", "NONE", "NFA"):
        return None, None, None
    match = UK_POSTCODE.match(text)
    if match:
        outward, inward = match.groups()
        return text, f"{outward} {inward[0]}", outward
    if text.isdigit() and len(text) >= 4:
        return text, text[:-1], text[:-2]
    return text, None, None


def person_row(unique_id: str, record_id, first_name, last_name, date_of_birth, sex, postcode,
               dayfirst: bool = True) -> dict:
    """One normalised row of a linkage frame."""
    fn = clean_forename(first_name)
    sn, parts = clean_surname(last_name)
    dob, swapped, days, year, year_month, month_day = dob_fields(parse_date(date_of_birth, dayfirst))
    pc, sector, district = postcode_fields(postcode or None)
    return {
        "unique_id": unique_id, "record_id": str(record_id), "first_name": fn, "fn_canon": list(forename_forms(fn)),
        "fn_initial": fn[0] if fn else None, "fn_key": soundex(fn), "fn_nysiis": nysiis(fn), "surname": sn,
        "surname_parts": list(parts), "surname_key": soundex(sn), "sn_initial": sn[0] if sn else None,
        "sn_nysiis": nysiis(sn), "dob": dob, "dob_swapped": swapped, "dob_days": days, "dob_year": year,
        "dob_ym": year_month, "dob_md": month_day, "sex": clean_sex(sex), "postcode": pc, "pc_sector": sector,
        "pc_district": district,
    }


def frame(rows: Iterable[dict]) -> pd.DataFrame:
    """A linkage frame with the standard columns and types (nullable), even when empty."""
    df = pd.DataFrame(list(rows), columns=COLUMNS)
    df["dob_days"] = df["dob_days"].astype("Int64")
    for col in ("fn_canon", "surname_parts"):
        df[col] = df[col].apply(lambda v: v if isinstance(v, list) and v else None)
    return df


def guess_dayfirst(values: Iterable) -> bool:
    """For a column of slash dates, day first unless some value can only be month first (13+ in the second
    place and never in the first). Divert's own files are day first (docs/data-formats.md). Each distinct value
    is read once (a national file repeats its dates many times; the answer depends only on which values occur)."""
    first_big = second_big = False
    distinct = values.drop_duplicates() if isinstance(values, pd.Series) else dict.fromkeys(values)
    for value in distinct:
        m = re.fullmatch(r"\s*(\d{1,2})[/\-.](\d{1,2})[/\-.]\d{2,4}\s*", str(value or ""))
        if m:
            first_big |= int(m.group(1)) > 12
            second_big |= int(m.group(2)) > 12
    return not (second_big and not first_big)


def _distinct(values) -> tuple[np.ndarray, list]:
    """(codes, distinct values) of a column, so that each distinct value is normalised once (names, dates and
    postcodes repeat a lot); a missing value (None, NaN) is read as the empty string, as person_row reads it."""
    arr = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(list(values), dtype=object)
    if arr.ndim != 1:  # values that numpy would read as rows (never a column of scalars)
        arr = np.fromiter(list(values), dtype=object, count=len(arr))
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    distinct = list(uniques)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(distinct), codes)
        distinct.append("")
    return codes, distinct


def _take(per_value: list, codes: np.ndarray) -> np.ndarray:
    """One value per row from one value per distinct input (codes from _distinct)."""
    table = np.empty(len(per_value), dtype=object)
    table[:] = per_value
    return table[codes] if len(codes) else np.empty(0, dtype=object)


def build_frame(unique_ids, record_ids, first_names, last_names, dates_of_birth, sexes, postcodes,
                dayfirst: bool = True) -> pd.DataFrame:
    """A linkage frame from columns (same result as `frame(person_row(...) ...)`, much faster on big inputs: every
    column is derived once per distinct input value and given back to the rows that carry it)."""
    fn_codes, fn_values = _distinct(first_names)
    fn = [clean_forename(v) for v in fn_values]
    sn_codes, sn_values = _distinct(last_names)
    surname = [clean_surname(v) for v in sn_values]
    sn = [t[0] for t in surname]
    dob_codes, dob_values = _distinct(dates_of_birth)
    dob = [dob_fields(parse_date(v, dayfirst)) for v in dob_values]
    pc_codes, pc_values = _distinct(postcodes)
    pc = [postcode_fields(v or None) for v in pc_values]
    sex_codes, sex_values = _distinct(sexes)
    data = {
        "unique_id": [str(v) for v in unique_ids], "record_id": [str(v) for v in record_ids],
        "first_name": _take(fn, fn_codes), "fn_canon": _take([list(forename_forms(n)) or None for n in fn], fn_codes),
        "fn_initial": _take([n[0] if n else None for n in fn], fn_codes),
        "fn_key": _take([soundex(n) for n in fn], fn_codes), "fn_nysiis": _take([nysiis(n) for n in fn], fn_codes),
        "surname": _take(sn, sn_codes), "surname_parts": _take([list(t[1]) or None for t in surname], sn_codes),
        "surname_key": _take([soundex(n) for n in sn], sn_codes),
        "sn_initial": _take([n[0] if n else None for n in sn], sn_codes),
        "sn_nysiis": _take([nysiis(n) for n in sn], sn_codes),
        **{col: _take([t[i] for t in dob], dob_codes)
           for i, col in enumerate(("dob", "dob_swapped", "dob_days", "dob_year", "dob_ym", "dob_md"))},
        "sex": _take([clean_sex(v) for v in sex_values], sex_codes),
        **{col: _take([t[i] for t in pc], pc_codes) for i, col in enumerate(("postcode", "pc_sector", "pc_district"))},
    }
    df = pd.DataFrame({col: pd.Series(data[col], dtype=object) if col in ("fn_canon", "surname_parts")
                       else data[col] for col in COLUMNS}, columns=COLUMNS)
    df["dob_days"] = df["dob_days"].astype("Int64")
    return df
