"""The daily list's entries and their grouping by home, built in Python from the plain values `selectors` read.

Pure: no query runs here. An entry is an incident's values, its people as the user may see them (`redaction`),
its flags and priority (`flags`) and display labels (`labels`); `render.attach_rows` fills each group's
`rows_html` for the page.
"""

import datetime as dt
from dataclasses import dataclass, field

from . import rules
from .flags import entry_flags
from .labels import REPORTED_BY_LABELS, ROUTE_LABELS
from .redaction import shown_person


@dataclass
class HomeGroup:
    home: dict | None
    entries: list[dict] = field(default_factory=list)
    callouts_month: int = 0
    rows_html: str = ""  # the rendered rows, filled by render.attach_rows

    @property
    def top_priority(self) -> int:
        return min((e["priority"] for e in self.entries), default=4)

    @property
    def callouts_per_place(self) -> float | None:
        places = (self.home or {}).get("registered_places")
        return round(self.callouts_month / places, 1) if places else None


@dataclass
class DailyList:
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    groups: list["HomeGroup"]
    flag_counts: dict[str, int]
    child_ids: set[int]
    callouts_since: dt.datetime | None = None

    @property
    def entries(self) -> list[dict]:
        return [e for g in self.groups for e in g.entries]

    @property
    def total(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def build_entry(inc: dict, people: list[dict], *, context: dict, pattern, visible_children: set[int] | None) -> dict:
    """One entry of the list: the incident's values, its people (scoped), the rules' flags and the priority."""
    shown_people = [shown_person(p, context=context, visible_children=visible_children) for p in people]
    found = entry_flags(inc, people, context=context, pattern=pattern)
    prio = found.priority
    return {
        **inc,
        "category": inc["closing_category"] or inc["opening_category"],
        "reported_by_label": REPORTED_BY_LABELS.get(inc["reported_by"], inc["reported_by"]),
        "people": shown_people, "flags": found.flags, "family_reason": found.family_reason,
        "indicators": found.indicators, "priority": prio, "priority_label": rules.PRIORITY_LABELS[prio],
    }


def group_by_home(incidents: list[dict], people: dict[int, list[dict]], *, context: dict, pattern,
                  visible_children: set[int] | None, triage: dict[int, dict], open_followups: dict[int, int],
                  homes: dict[int, dict], callouts: dict[int, int], flag: str = "") -> tuple[list[HomeGroup],
                                                                                            dict[str, int]]:
    """The entries grouped by home (most urgent group first, then homes by name, incidents elsewhere last) and the
    number of entries per flag; with `flag`, only the entries that carry it."""
    groups: dict[int | None, HomeGroup] = {}
    counts = {code: 0 for code in rules.FLAGS}
    for inc in incidents:
        entry = build_entry(inc, people.get(inc["id"], []), context=context, pattern=pattern,
                            visible_children=visible_children)
        if flag and flag not in {f.code for f in entry["flags"]}:
            continue
        t = triage.get(inc["id"])
        if t:
            t["route_label"] = ROUTE_LABELS.get(t["recommended_route"], "")
        entry["triage"] = t
        entry["open_followups"] = open_followups.get(inc["id"], 0)
        for f in entry["flags"]:
            counts[f.code] += 1
        hid = inc["home_id"]
        if hid not in groups:
            groups[hid] = HomeGroup(home=homes.get(hid), callouts_month=callouts.get(hid, 0))
        groups[hid].entries.append(entry)
    ordered = sorted(groups.values(), key=lambda g: (g.top_priority, g.home is None, (g.home or {}).get("name", "")))
    return ordered, counts
