"""Named rules of the daily incident list and arrest screening, each citing its source in shared/docs/sources.md.

Rules work on plain values (strings, dates, sets) so that the list selector can apply them to tens of thousands
of rows without building model instances.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

LONDON = ZoneInfo("Europe/London")


def divert_setting(name: str, default: Any) -> Any:
    """A value from settings.DIVERT (documented in docs/settings.md), with a default."""
    return settings.DIVERT.get(name, default)


# --- The window -------------------------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _england_holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: dt.date) -> bool:
    """Divert product decision: a day that is neither a Saturday, a Sunday nor an English bank holiday (`holidays`,
    GB-ENG)."""
    return day.weekday() < 5 and day not in _england_holidays(day.year)


def previous_working_day(day: dt.date) -> dt.date:
    """Divert product decision: the last working day before `day` (Friday for a Monday; Friday for the Tuesday after a
    bank
    holiday Monday)."""
    d = day - dt.timedelta(days=1)
    while not is_working_day(d):
        d -= dt.timedelta(days=1)
    return d


def daily_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Divert product decision: "a daily list runs 07:00 to 07:00 Europe/London; Monday's covers the weekend; a bank
    holiday
    extends the window". The list for `day` starts at 07:00 on the previous working day and ends at 07:00 on
    `day`, both London wall-clock times (so a window across a clock change is an hour longer or shorter).
    Returned in UTC, as stored."""
    hour = int(divert_setting("DAILY_LIST_START_HOUR", 7))
    start = dt.datetime.combine(previous_working_day(day), dt.time(hour), tzinfo=LONDON)
    end = dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


# --- Flags ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    source: str
    rank: int  # 1 is the most urgent: the entry's priority is its most urgent flag


FAMILY_TEST = Flag("family_test", "Would a family have called the police?", "National protocol 2018", 1)
EXPLOITATION = Flag("exploitation", "Exploitation indicators", "County lines guidance 2023", 1)
FIRST_TIME_ENTRANT = Flag("first_time_entrant", "First-time entrant risk",
                          "the Nottingham model; DfE CLA statistics; CPB report 2021, 2.7", 2)
MISSING = Flag("missing", "Missing episode", "the Nottingham model; APP missing persons", 2)
STAFF_REPORTED = Flag("staff_reported", "Reported by the home's staff", "National protocol 2018", 3)
FLAGS = {f.code: f for f in (FAMILY_TEST, EXPLOITATION, FIRST_TIME_ENTRANT, MISSING, STAFF_REPORTED)}
PRIORITY_LABELS = {1: "Act today", 2: "High", 3: "Routine", 4: "For information"}

_SERIOUS = ("abh", "gbh", "actual bodily harm", "grievous", "wounding", "arson", "endangering life", "weapon",
            "knife", "sexual", "robbery", "burglary", "hospital")
_STAFF = ("staff", "carer", "support worker", "key worker", "keyworker", "manager", "emergency worker")
_HOME_PROPERTY = ("home's", "the home", "staff", "office", "kitchen", "belonging to the", "house car", "petty cash")
_NOT_HOME_PROPERTY = ("shop", "store", "supermarket", "vehicle", "member of the public")


def crime_a_family_would_handle(*, crime_recorded: bool, at_home: bool, child_suspect: bool, offence: str,
                                narrative: str) -> str:
    """National protocol 2018: "would this behaviour lead to an arrest if the child lived with their family?" A crime
    recorded
    against a child in care for behaviour inside the home, of a kind the protocol says to consider handling as a
    family would: minor criminal damage, a minor assault on staff without injury, theft of the home's property.
    Returns the kind ("" when the rule does not apply). Anything with a serious marker is left to the officer."""
    if not (crime_recorded and at_home and child_suspect):
        return ""
    offence_l, text = offence.lower(), narrative.lower()
    if any(w in offence_l or w in text for w in _SERIOUS):
        return ""
    if "criminal damage" in offence_l:
        return "minor criminal damage"
    if "assault" in offence_l and any(w in text for w in _STAFF):
        no_injury = "without injury" in offence_l or "no injur" in text or "injur" not in text
        if no_injury:
            return "minor assault on staff without injury"
    theft_in_home = "theft" in offence_l and not any(w in text for w in _NOT_HOME_PROPERTY)
    if theft_in_home and any(w in text for w in _HOME_PROPERTY):
        return "theft of the home's property"
    return ""


def staff_reported(reported_by: str) -> bool:
    """National protocol 2018: the home's own staff called the police; the protocol expects the home manager to decide
    with
    the social worker and, unless someone is at immediate risk, in slow time."""
    return reported_by == "home_staff"


@dataclass(frozen=True)
class Indicators:
    """Compiled indicator terms: a cheap substring pass picks candidate terms, a word-boundary regex confirms."""

    terms: tuple[str, ...]
    pattern: re.Pattern


def compile_indicators(terms: Iterable[str]) -> Indicators | None:
    """County lines guidance 2023: the indicator list is local and editable (ExploitationTerm); matched as whole
    words."""
    words = tuple(sorted({t.strip().lower() for t in terms if t.strip()}, key=len, reverse=True))
    if not words:
        return None
    return Indicators(words, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))


def exploitation_indicators(narrative: str, indicators: Indicators | None) -> list[str]:
    """County lines guidance 2023: warning signs of child criminal or sexual exploitation in the narrative: older or
    controlling
    associates, unexplained money or phones, going missing to the same place, county lines words."""
    if indicators is None or not narrative:
        return []
    text = narrative.lower()
    if not any(t in text for t in indicators.terms):
        return []
    return sorted({m.group(0) for m in indicators.pattern.finditer(text)})


def missing_episode(*, roles: Iterable[str], categories: Iterable[str]) -> bool:
    """APP missing persons and the Nottingham model (Howard League 2019): a child reported missing or absent; any
    missing episode needs a return
    interview and may point to exploitation, so the CiCPO sees it on the list."""
    if "missing_person" in roles:
        return True
    return any(w in (c or "").lower() for c in categories for w in ("missing", "absent", "absconder"))


def first_time_entrant_risk(*, suspect_child_ids: Iterable[int], children_with_record: set[int]) -> bool:
    """DfE CLA statistics and CPB report 2021, 2.7 (out-of-court disposal panels focused on reducing first-time
    entrants): a child
    in care is a suspect and has never had a caution or conviction, so a formal outcome now would make them a
    first-time entrant to the justice system."""
    return any(cid not in children_with_record for cid in suspect_child_ids)


def priority(flags: Iterable[Flag]) -> int:
    """Divert product decision: an entry's priority is its most urgent flag's rank: 1 act today
    (a family would not have called; exploitation), 2 high (first-time entrant; missing), 3 routine (staff
    called), 4 for information (no flag)."""
    return min((f.rank for f in flags), default=4)


# --- Arrest screening -------------------------------------------------------------------------------------------

def arrest_needs_screening(*, link_status: str, has_child: bool) -> bool:
    """CPB report 2021, 2.10 (the Nottingham model): every arrest of a child in care is screened. A confirmed link is
    screened as
    certain; a link in the review queue is screened as doubtful, so nobody waits for the queue."""
    return link_status == "linked" and has_child or link_status == "review"


SAME_ARREST_HOURS = 12


def same_arrest(*, arrested_at: dt.datetime, alerted_at: Iterable[dt.datetime]) -> bool:
    """Divert product decision: one arrest gives one alert. A second custody record for the same child within
    SAME_ARREST_HOURS of an arrest already alerted (a transfer to another custody suite, a re-booking, the record
    sent twice under two references) is the same arrest, so nobody is emailed twice about it (CPB report 2021, 2.10:
    each arrest is screened once)."""
    window = dt.timedelta(hours=SAME_ARREST_HOURS)
    return any(abs(arrested_at - t) <= window for t in alerted_at)


def escalation_due(*, created_at: dt.datetime, now: dt.datetime, acknowledged: bool, escalated: bool) -> bool:
    """CPB report 2021, 2.10 (arrest screening): an arrest alert nobody acknowledged within
    DIVERT["ALERT_ESCALATE_AFTER_MINUTES"]
    is escalated once."""
    minutes = float(divert_setting("ALERT_ESCALATE_AFTER_MINUTES", 60))
    return not acknowledged and not escalated and now - created_at >= dt.timedelta(minutes=minutes)
