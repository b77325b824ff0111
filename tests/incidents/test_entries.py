"""The daily list's entries grouped by home, from plain values (pure: no database)."""

import datetime as dt

from divert.incidents.entries import group_by_home

WHEN = dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC)


def _inc(pk, home_id, **kw):
    inc = {"id": pk, "reference": f"INC{pk}", "reported_at": WHEN, "opening_category": "Concern for welfare",
           "closing_category": "", "crime_recorded": False, "crime_type": "", "narrative": "A quiet evening.",
           "reported_by": "other", "home_id": home_id, "location_text": ""}
    return {**inc, **kw}


HOMES = {1: {"id": 1, "name": "Oak House", "registered_places": 4}, 2: {"id": 2, "name": "Elm Lodge",
                                                                        "registered_places": 2}}


def _group(incidents, **kw):
    args = {"people": {}, "context": {}, "pattern": None, "visible_children": None, "triage": {},
            "open_followups": {}, "homes": HOMES, "callouts": {1: 6, 2: 1}}
    return group_by_home(incidents, **{**args, **kw})


def test_groups_most_urgent_first_then_by_home_name_and_elsewhere_last():
    groups, counts = _group([_inc(1, 1), _inc(2, None), _inc(3, 2, reported_by="home_staff"), _inc(4, 1)])
    assert [(g.home or {}).get("name") for g in groups] == ["Elm Lodge", "Oak House", None]
    assert [e["id"] for e in groups[1].entries] == [1, 4] and groups[1].callouts_per_place == 1.5
    assert counts["staff_reported"] == 1 and sum(counts.values()) == 1


def test_a_flag_filter_keeps_only_its_entries_and_triage_gets_its_route_label():
    triage = {3: {"incident_id": 3, "reviewed": True, "recommended_route": "nfa"}}
    groups, _ = _group([_inc(1, 1), _inc(3, 2, reported_by="home_staff")], flag="staff_reported", triage=triage,
                       open_followups={3: 2})
    (only,) = groups
    (entry,) = only.entries
    assert entry["id"] == 3 and entry["open_followups"] == 2 and entry["triage"]["route_label"] == "No further action"
