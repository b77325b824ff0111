"""SSDA903 tables for two collection years (DfE SSDA903 guidance) and the offending indicator cohort (DfE CLA
statistics).

OC2 CONVICTED is set for the cohort looked after continuously for 12 months, aged 10-17 at 31 March (blank
under 10), at the profile's offending rate (CPB report 2021 Table 1: 3-4% in 2018-19, 2019-20). For the in-year
extract the cohort is taken at the extract date and the rate scaled by the share of the year elapsed.
"""

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from divert.standards.ssda903_codes import code_lists
from divert.synth.children import Child, Episode
from divert.synth.clock import CollectionYear, age_on, fmt_date
from divert.synth.fastrandom import Rng

HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODE_COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                   "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
MISSING_COLUMNS = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
OC2_COLUMNS = ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
               "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
               "INTERVENTION_OFFERED"]


@dataclass(frozen=True, slots=True)
class MissingSpell:
    """A 903 Missing row: M missing, A away without authorisation (APP missing persons)."""

    child_index: int
    kind: str
    start: date
    end: date | None


def continuously_looked_after(child: Child, as_of: date) -> bool:
    """Looked after for the 12 months to `as_of` and still looked after on it (DfE SSDA903 guidance; single period)."""
    return child.care_start <= as_of - timedelta(days=365) and (child.care_end is None or child.care_end > as_of)


def offending_cohort(children: list[Child], year: CollectionYear) -> list[Child]:
    """Continuously looked after 12 months at the year's as-of date and aged 10-17 then (DfE CLA statistics)."""
    return [c for c in children if continuously_looked_after(c, year.as_of) and 10 <= age_on(c.dob, year.as_of) <= 17]


def choose_convicted(rng: Rng, children: list[Child], year: CollectionYear, rate: float
                     ) -> set[int]:
    """Pick round(rate x cohort) children, weighted by offending propensity, as convicted or cautioned."""
    cohort = offending_cohort(children, year)
    elapsed = min(1.0, ((year.as_of - year.start).days + 1) / 365)
    n = round(rate * len(cohort) * elapsed)
    if not cohort or n == 0:
        return set()
    weights = np.array([c.offending_propensity for c in cohort], dtype=float)
    picked = rng.choice(len(cohort), size=min(n, len(cohort)), replace=False, p=weights / weights.sum())
    return {cohort[int(i)].index for i in picked}


def in_year(child: Child, year: CollectionYear) -> bool:
    return child.care_start <= year.as_of and (child.care_end is None or child.care_end >= year.start)


def episode_rows(child: Child, year: CollectionYear) -> list[list[str]]:
    rows = []
    for ep in child.episodes:
        if ep.decom > year.as_of or (ep.dec is not None and ep.dec < year.start):
            continue
        ended = ep.dec is not None and ep.dec <= year.as_of
        rows.append([
            child.child_id, fmt_date(ep.decom), ep.rne, ep.ls, ep.cin, place_code(ep, year), ep.place_provider,
            fmt_date(ep.dec) if ended else "", ep.rec if ended else "", ep.reason_place_change if ended else "",
            ep.home_post, ep.pl_post, ep.urn,
        ])
    return rows


# What the generator writes for a placement type the collection year's code list does not have (the DfE
# SSDA903 guidance: K3 supported accommodation from 2024-25, H5 semi-independent before; from 2025-26 Z1 "other"
# is split into Z11-Z14 and P2 independent living is withdrawn). The Z11 stand-in is the demo's own choice.
PLACE_IN_OTHER_YEARS = {"K3": "H5", "H5": "K3", "Z1": "Z11", "P2": "Z11"}


def place_code(ep: Episode, year: CollectionYear) -> str:
    """The episode's placement type as the collection year's code list (standards/ssda903_codes) writes it."""
    valid = code_lists(year.ending)["Episodes.PLACE"]
    if ep.place in valid:
        return ep.place
    other = PLACE_IN_OTHER_YEARS.get(ep.place)
    if other is None or other not in valid:
        raise ValueError(f"no {year.ending} placement code for {ep.place}")
    return other


def oc2_row(rng: Rng, child: Child, year: CollectionYear, convicted: set[int]) -> list[str]:
    age = age_on(child.dob, year.as_of)
    sdq_score, sdq_reason = "", ""
    if 4 <= age <= 16:
        if rng.random() < 0.12:
            sdq_reason = "SDQ" + str(int(rng.integers(1, 6)))
        else:
            sdq_score = str(int(np.clip(rng.normal(15, 7), 0, 40)))
    substance = int(age >= 10 and rng.random() < 0.05)
    return [
        child.child_id, fmt_date(child.dob), sdq_score, sdq_reason,
        "" if age < 10 else ("1" if child.index in convicted else "0"),
        str(int(rng.random() < 0.9)) if age < 5 else "",
        str(int(rng.random() < 0.85)), str(int(rng.random() < 0.8)), str(int(rng.random() < 0.88)),
        str(substance), str(int(rng.random() < 0.6)) if substance else "",
        str(int(rng.random() < 0.8)) if substance else "",
    ]


def write_year(folder: Path, rng: Rng, children: list[Child], year: CollectionYear,
               spells: list[MissingSpell], convicted: set[int]) -> dict[str, int]:
    """Write header, episodes, missing and oc2 CSVs for one collection year; return row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    members = sorted((c for c in children if in_year(c, year)), key=lambda c: c.child_id)
    counts = {}
    with open(folder / "header.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER_COLUMNS)
        for c in members:
            mother = ("1" if c.mother else "0") if c.sex == "F" and age_on(c.dob, year.as_of) >= 12 else ""
            mc_dob = fmt_date(year.as_of - timedelta(days=200)) if c.mother else ""
            w.writerow([c.child_id, "1" if c.sex == "M" else "2", fmt_date(c.dob), c.ethnic, c.upn, mother, mc_dob])
        counts["header"] = len(members)
    with open(folder / "episodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(EPISODE_COLUMNS)
        n = 0
        for c in members:
            for row in episode_rows(c, year):
                w.writerow(row)
                n += 1
        counts["episodes"] = n
    by_index = {c.index: c for c in members}
    with open(folder / "missing.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(MISSING_COLUMNS)
        rows = []
        for s in spells:
            child = by_index.get(s.child_index)
            if child is None or not (year.start <= s.start <= year.as_of):
                continue
            end = s.end if s.end is not None and s.end <= year.as_of else None
            rows.append((child.child_id, s.start, [child.child_id, fmt_date(child.dob), s.kind, fmt_date(s.start),
                                                   fmt_date(end)]))
        rows.sort(key=lambda r: (r[0], r[1]))
        seen: set[tuple[str, str, str]] = set()
        n = 0
        for _, _, row in rows:
            key = (row[0], row[3], row[2])  # one row per child, start and type
            if key in seen:
                continue
            seen.add(key)
            w.writerow(row)
            n += 1
        counts["missing"] = n
    with open(folder / "oc2.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(OC2_COLUMNS)
        n = 0
        for c in members:
            if continuously_looked_after(c, year.as_of):
                w.writerow(oc2_row(rng, c, year, convicted))
                n += 1
        counts["oc2"] = n
    return counts
