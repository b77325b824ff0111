"""Identical records are scored once: a police file names the same person in many involvements.

A national day's police records hold the same person, written the same way, in several incidents, a custody
record and a missing report. Scoring compares what the linkage frame holds (people/prepare.py: the cleaned
forename, surname, date of birth, sex and postcode, and columns derived from them only), with name frequencies
saved with the model, so two records equal on those five columns get the same candidates with the same scores, the
same name-population evidence (the population still counts every record) and the same decision. Each distinct
record is scored once, standing for its group; the record-level step weighs it by the group's size (people/
assign.py), and its decision is given back to every record of the group (ADR 0052).

Records sharing an id (one record in several rows, as `divert link people` allows) are left as they are.
"""

from dataclasses import dataclass

import pandas as pd

KEY = ("first_name", "surname", "dob", "sex", "postcode")  # every other scored column derives from these
_NONE = "\x00"  # stands for a missing value in the key (never a cleaned value)


@dataclass(frozen=True)
class Distinct:
    """The distinct records of a linkage frame."""

    frame: pd.DataFrame  # one row per distinct record: the first of its group, in the frame's order
    representative: dict[str, str]  # every record_id -> the record_id of its group's first record
    weights: pd.Series  # representative record_id -> the number of records it stands for

    @property
    def saved(self) -> int:
        """Records not scored because an identical one is."""
        return len(self.representative) - len(self.frame)


def distinct_records(frame: pd.DataFrame) -> Distinct | None:
    """Group a linkage frame's identical records (module docstring); None when record ids are not unique."""
    ids = frame["record_id"].astype(str)
    if ids.duplicated().any():
        return None
    if frame.empty:
        return Distinct(frame, {}, pd.Series(dtype=float))
    key = frame[list(KEY)].astype(object).where(frame[list(KEY)].notna(), _NONE)
    group = key.groupby(list(KEY), sort=False, dropna=False).ngroup().to_numpy()
    first = ~pd.Series(group).duplicated().to_numpy()
    reps = ids.to_numpy()[first]  # groups are numbered in order of first appearance
    representative = dict(zip(ids, reps[group], strict=True))
    weights = pd.Series(pd.Series(group).value_counts(sort=False).sort_index().to_numpy(dtype=float), index=reps)
    return Distinct(frame[first].reset_index(drop=True), representative, weights)
