"""Reads for the outcomes app: the register's 903 data as the indicator's inputs."""

import datetime as dt

from divert.registers.models import OC2Record, Placement

from .indicator import Indicator, offending_indicator


def indicator_inputs(year: int) -> tuple[dict, dict, dict]:
    """(CHILD -> DOB, CHILD -> episodes, CHILD -> CONVICTED) for every child with an episode that began by
    31 March of collection `year`, from the register (the imported 903 returns)."""
    end = dt.date(year, 3, 31)
    children: dict[str, dt.date | None] = {}
    episodes: dict[str, list[dict]] = {}
    rows = Placement.objects.filter(decom__lte=end).values_list(
        "child__child_id", "child__date_of_birth", "decom", "dec", "rne", "legal_status", "rec")
    for child, dob, decom, dec, rne, ls, rec in rows:
        children[child] = dob
        episodes.setdefault(child, []).append({"decom": decom, "dec": dec, "rne": rne, "ls": ls, "rec": rec})
    convicted = dict(OC2Record.objects.filter(collection_year=year).values_list("child__child_id", "convicted"))
    return children, episodes, convicted


def indicator_for(year: int) -> Indicator:
    children, episodes, convicted = indicator_inputs(year)
    return offending_indicator(year=year, children=children, episodes=episodes, convicted=convicted)
