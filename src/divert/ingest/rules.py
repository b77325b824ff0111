"""Named validation rules applied to imported rows.

Each rule returns None when the row passes, or a plain reason. The rule's name is recorded with every problem
it finds (`Problem.rule`), so a report can be traced to the rule and the rule to its source. Code-list checks
live in fields.code against the lists in codes.py and, for the 903, ssda903_codes/YEAR.json.
"""

import datetime as dt


def date_not_in_future(value: dt.date | dt.datetime | None, *, today: dt.date) -> str | None:
    """A recorded event cannot be after the day of import (DfE 903 validation: dates in the future;
    DfE SSDA903 guidance). Date-times are compared by their date so that a same-day extract passes."""
    if value is None:
        return None
    d = value.date() if isinstance(value, dt.datetime) else value
    if d > today:
        return "the date is in the future"
    return None


def date_within_future_horizon(value: dt.date | None, *, today: dt.date, days: int) -> str | None:
    """A planned date (a home's opening or closing in the homes register) may lie ahead, but not beyond the
    horizon of `days` after the day of import (setting DIVERT_IMPORT_FUTURE_DAYS, docs/settings.md; a Divert
    product decision): a home opening years ahead is a mistyped year, and would sit in the register as if real."""
    if value is None:
        return None
    limit = today + dt.timedelta(days=days)
    if value > limit:
        return (f"the date is more than {days} days after today (the latest accepted is {limit:%d/%m/%Y}); "
                "check the year")
    return None


def end_not_before_start(start, end, *, slack: dt.timedelta | None = None) -> str | None:
    """An end (DEC, MIS_END, closed, found) cannot be before its start (DECOM, MIS_START, reported).

    903 validation rules on episode and missing dates (DfE SSDA903 guidance); police incidents and missing reports
    (APP missing persons; NSIR). `slack` forgives local times written on the night the clocks go back, when
    01:30 happens twice and an export cannot say which."""
    if start is None or end is None:
        return None
    if end < start - (slack or dt.timedelta(0)):
        return "the end is before the start"
    return None


def born_before_event(dob: dt.date | None, event: dt.date | None, *, what: str, who: str = "child") -> str | None:
    """A child cannot start an episode, go missing or be recorded before they were born (903 validation:
    DOB after DECOM / MIS_START; DfE SSDA903 guidance); nor can a person in a police record (NSIR)."""
    if dob is None or event is None:
        return None
    if event < dob:
        return f"the {what} is before the {who}'s date of birth"
    return None


def ended_episode_has_reason(dec: dt.date | None, rec: str) -> str | None:
    """An episode that has ended (DEC) must say why (REC), and an open episode has no REC (903 validation,
    csc-validator-be-903 rules on DEC/REC; DfE SSDA903 guidance)."""
    if dec is not None and not rec:
        return "the episode has an end date (DEC) but no reason it ended (REC)"
    if dec is None and rec:
        return "the episode has a reason it ended (REC) but no end date (DEC)"
    return None


def within_collection_year(value: dt.date | None, *, year: int) -> str | None:
    """A 903 return for the year ending 31 March YEAR holds nothing that starts after that day
    (the 903 year runs 1 April - 31 March; DfE SSDA903 guidance)."""
    if value is None:
        return None
    if value > dt.date(year, 3, 31):
        return f"the date is after the end of the {year - 1}-{str(year)[2:]} collection year (31/03/{year})"
    return None


def same_content(first: dict, other: dict, fields: list[str]) -> str | None:
    """Two rows with the same reference must say the same thing (duplicate reference with different
    content). Returns the first field that differs."""
    for name in fields:
        if first.get(name) != other.get(name):
            return name
    return None


def opened_before_closed(opened: dt.date | None, closed: dt.date | None) -> str | None:
    """A home cannot close before it opened (homes register, docs/data-formats.md)."""
    if opened and closed and closed < opened:
        return "the home closes (closed_on) before it opened (opened_on)"
    return None


SHORT_BREAK_LS = frozenset({"V3", "V4"})


def looked_after_continuously_12_months(episodes, *, year: int) -> bool:
    """Looked after continuously for at least 12 months at 31 March of collection `year` (DfE SSDA903
    guidance, "children looked after continuously for 12 months" (OC2); as the DfE validator
    csc-validator-be-903 derives it for rules 190, 191, 542...).

    `episodes` are one child's 903 episodes as mappings with decom, dec, rne, ls and rec. The child was in care
    on 1 April of the year before (an episode began on or before it) and, in the year (1 April - 31 March), no
    episode starts with RNE S (a new period of care), none ends with a REC other than X1 (the child left care),
    and none has LS V3/V4 (an agreed series of short breaks)."""
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    eps = [e for e in episodes if e.get("decom") is not None and e["decom"] <= end]
    if not eps or min(e["decom"] for e in eps) > start:
        return False
    in_year = [e for e in eps if e.get("dec") is None or e["dec"] >= start]
    if not in_year:
        return False
    for e in in_year:
        if e["decom"] >= start and e.get("rne") == "S":
            return False
        if e.get("dec") is not None and e["dec"] <= end and e.get("rec") != "X1":
            return False
        if e.get("ls") in SHORT_BREAK_LS:
            return False
    return True


def age_at(dob: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def convicted_blank_under_10(convicted: bool | None, dob: dt.date | None, *, year: int) -> str | None:
    """CONVICTED must be blank for a child under 10 at 31 March (DfE SSDA903 validation rule 542: under the
    age of criminal responsibility, a child cannot be convicted)."""
    if convicted is None or dob is None:
        return None
    age = age_at(dob, dt.date(year, 3, 31))
    if age < 10:
        return f"CONVICTED is given for a child aged {age} at 31 March; it must be blank under 10 (DfE rule 542)"
    return None


def convicted_only_if_looked_after_12_months(convicted: bool | None, continuous: bool) -> str | None:
    """CONVICTED is only for children looked after continuously for at least 12 months at 31 March (DfE
    SSDA903 validation rule 190, its CONVICTED item); otherwise it must be blank."""
    if convicted is None or continuous:
        return None
    return ("CONVICTED is given for a child not looked after continuously for 12 months at 31 March; it must be "
            "blank (DfE rule 190)")
