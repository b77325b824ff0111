"""The daily compliance findings in plain words, with how urgent each is (for the coordinator's page).

A finding's `detail` holds ids and figures only (the rules write it); this turns it into a sentence a coordinator
reads, and an urgency to sort by: hours past the deadline, high risk first."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from .models import ComplianceItem, Escalation

GRADE_WORDS = {"no_apparent_risk": "no apparent risk", "low": "low risk", "medium": "medium risk", "high": "high risk"}
# Rules that put a child at risk now come first: a rule's weight is added to its hours overdue.
RULE_WEIGHT = {"high_risk_without_supervisor_review": 100000, "risk_not_reviewed": 50000, "risk_not_graded": 40000,
               "return_interview_overdue": 10000, "found_at_linked_location": 5000, "provider_reporting_outlier": 0}


@dataclass
class Row:
    item: ComplianceItem
    title: str
    text: str
    urgency: float
    other_episodes: list[int] = field(default_factory=list)


def _when(value: str) -> str:
    return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%-d %B %Y at %H:%M")


def _hours_since(value: str, as_of: dt.datetime) -> float:
    return max(0.0, (as_of - dt.datetime.fromisoformat(value)).total_seconds() / 3600)


def _overdue_words(hours: float) -> str:
    hours = round(hours)
    if hours < 48:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{hours // 24} days"


def _rate(value) -> str:
    """A rate a place as people read it: 3.67, 0.38, 12 (not 3.667 or 0.382)."""
    return f"{round(float(value or 0), 2):g}"


def describe(item: ComplianceItem, *, as_of: dt.datetime, title: str = "") -> Row:
    d, rule = item.detail or {}, item.rule
    weight = RULE_WEIGHT.get(rule, 0)
    if rule == "return_interview_overdue":
        hours = float(d.get("hours_overdue", 0))
        return Row(item, title, f"The return interview was due by {_when(d['due_at'])}: "
                                f"{_overdue_words(hours)} overdue.", weight + hours)
    if rule == "risk_not_graded":
        hours = _hours_since(d["started_at"], as_of)
        return Row(item, title, f"Reported missing on {_when(d['started_at'])} and not yet graded for risk.",
                   weight + hours)
    if rule == "risk_not_reviewed":
        hours = _hours_since(d["review_due_at"], as_of)
        grade = GRADE_WORDS.get(d.get("grade", ""), d.get("grade", ""))
        return Row(item, title, f"Still missing, graded {grade}; the grade was due for review by "
                                f"{_when(d['review_due_at'])} ({_overdue_words(hours)} ago).",
                   weight + hours + (1000 if d.get("grade") == "high" else 0))
    if rule == "high_risk_without_supervisor_review":
        hours = _hours_since(d["graded_high_at"], as_of)
        return Row(item, title, f"Graded high risk on {_when(d['graded_high_at'])}; no supervisor has reviewed "
                                "the grade since.", weight + hours)
    if rule == "provider_reporting_outlier":
        more = d.get("position") == "above"
        episodes, places = d.get("episodes", 0), d.get("places", 0)
        return Row(item, title, f"{episodes} missing episode{'' if episodes == 1 else 's'} in the period for "
                                f"{places:g} registered place{'' if places == 1 else 's'} ({_rate(d.get('rate', 0))} "
                                f"a place): far {'more' if more else 'fewer'} than similar homes "
                                f"({_rate(d.get('similar_rate', 0))} a place).", weight + float(episodes))
    if rule == "found_at_linked_location":
        n = int(d.get("other_children", 0))
        return Row(item, title, f"Found where {n} other child{'' if n == 1 else 'ren'} in care "
                                f"{'was' if n == 1 else 'were'} found in the last year.", weight + n,
                   other_episodes=list(d.get("other_episode_ids", []))[:10])
    return Row(item, title, "See the episode.", weight)


def escalation_label(escalation: Escalation, titles: dict[str, str]) -> str:
    """"Return interview overdue: Ava Now's episode" / "...: Alder House, EX1 1AB" - not the rule's code."""
    item = escalation.item
    what = titles.get(item.rule, item.rule.replace("_", " ").capitalize())
    if item.episode_id and item.episode:
        started = timezone.localtime(item.episode.started_at)
        return f"{what}: {item.episode.child}'s missing episode from {started:%-d %B %Y}"
    if item.home_id and item.home:
        return f"{what}: {item.home.label}"
    return what
