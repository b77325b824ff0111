"""The monthly Multiple Missing and Hotspots pack (Howard League 2019; section 4): the figures, as plain data.

`build_pack` returns a dict the page, the PDF and the CLI render. Children appear as names only when `names` is
true (the user's role allows personal details); otherwise as stable pseudonyms. `pseudonymised` adds
small-number suppression and cuts found locations to postcode sector, for partners outside the panel.
"""

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q

from divert.core import child_links
from divert.core.formats import uk_datetime
from divert.police.models import Involvement
from divert.registers import benchmarks
from divert.registers.models import Home

from ..models import Escalation, MissingEpisode, ReturnInterview
from ..pseudonymise import format_postcode, per_pseudonym_count, postcode_sector, pseudonym, suppress
from ..rules import RULES_BY_NAME, is_repeat_missing
from . import network

LONDON = ZoneInfo("Europe/London")
TOP = 10
TREND_MONTHS = 6
FOLLOW_UP_HOURS = 48
GONE = MissingEpisode.GONE_STATES
RISK_POINTS = {"high": 3, "medium": 1, "low": 0, "no_apparent_risk": 0, "": 0}


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=LONDON)
    nxt = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=LONDON)
    return start, nxt


def previous_month(month: dt.date, k: int = 1) -> dt.date:
    idx = month.year * 12 + month.month - 1 - k
    return dt.date(idx // 12, idx % 12 + 1, 1)


def parse_month(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y-%m").date().replace(day=1)


def area_filter(area: str) -> Q:
    """A panel chair's area: a town name, or a postcode area/district prefix of the home ("NG7")."""
    area = (area or "").strip()
    if not area:
        return Q()
    return Q(home__town__iexact=area) | Q(home__postcode__istartswith=area)


def _episodes(start, end, area):
    return (MissingEpisode.objects.filter(started_at__gte=start, started_at__lt=end).exclude(state__in=GONE)
            .filter(area_filter(area)).select_related("child", "home"))


def build_pack(*, month: dt.date, area: str = "", names: bool = False, pseudonymised: bool = False) -> dict:
    names = names and not pseudonymised
    start, end = month_bounds(month)
    eps = list(_episodes(start, end, area))

    def label(child) -> str:
        return f"{child.first_name} {child.last_name} ({child.child_id})" if names else pseudonym(child.child_id)

    count = suppress if pseudonymised else (lambda n: n)
    per_child = per_pseudonym_count  # a child's own counts, under a pseudonym, are kept (see its docstring)
    children = {e.child_id: e.child for e in eps}

    # Trend: episodes and children per month, this month and the TREND_MONTHS - 1 before.
    months = [previous_month(month, k) for k in range(TREND_MONTHS - 1, -1, -1)]
    trend_start = month_bounds(months[0])[0]
    history = list(MissingEpisode.objects.filter(started_at__gte=trend_start - dt.timedelta(days=90),
                                                 started_at__lt=end).exclude(state__in=GONE)
                   .filter(area_filter(area)).values("child_id", "started_at", "category"))
    per_child_month: dict = defaultdict(Counter)
    for h in history:
        local = h["started_at"].astimezone(LONDON)
        per_child_month[h["child_id"]][(local.year, local.month)] += 1
    trend = []
    for m in months:
        s, e = month_bounds(m)
        in_m = [h for h in history if s <= h["started_at"] < e]
        trend.append({"month": m.strftime("%Y-%m"), "episodes": count(len(in_m)),
                      "children": count(len({h["child_id"] for h in in_m}))})

    # Most frequently missing, with the three months before.
    by_child = Counter(e.child_id for e in eps)
    interviews = {ri.episode_id: ri for ri in ReturnInterview.objects.filter(episode__in=[e.pk for e in eps])}
    prev3 = [previous_month(month, k) for k in (3, 2, 1)]
    most_missing = []
    for child_id, n in by_child.most_common(TOP):
        missing_90 = sum(1 for h in history if h["child_id"] == child_id and h["category"] == "M"
                         and end - dt.timedelta(days=90) <= h["started_at"] < end)
        most_missing.append({
            "child": label(children[child_id]), "episodes": per_child(n),
            "previous": [per_child(per_child_month[child_id][(m.year, m.month)]) for m in prev3],
            "repeat": is_repeat_missing(missing_90)})

    # Most at risk: grade points, exploitation concerns from return interviews, repeat missing (documented score).
    scores: dict[int, dict] = {}
    for e in eps:
        sc = scores.setdefault(e.child_id, {"score": 0, "high": 0, "concerns": set()})
        sc["score"] += RISK_POINTS.get(e.risk_grade, 0)
        sc["high"] += e.risk_grade == "high"
        ri = interviews.get(e.pk)
        if ri and ri.exploitation_concerns:
            sc["concerns"].update(ri.exploitation_concerns)
    for child_id, sc in scores.items():
        sc["score"] += 3 * len(sc["concerns"]) + (2 if by_child[child_id] >= 3 else 0)
    most_at_risk = [{"child": label(children[cid]), "score": sc["score"], "high": per_child(sc["high"]),
                     "concerns_url": child_links.exploitation_url(cid) if names else "",
                     "concerns": ", ".join(sorted(sc["concerns"])) or "none recorded"}
                    for cid, sc in sorted(scores.items(), key=lambda kv: (-kv[1]["score"], kv[0]))[:TOP]
                    if sc["score"] > 0]

    homes = _homes_section(eps, month, area, count)
    found = _found_section(eps, count, pseudonymised)
    net = _network_section(eps, end, label)
    followed = _followed_by_incidents(eps, label, references=not pseudonymised)
    escalations = [{"id": x.pk, "rule": RULES_BY_NAME[x.item.rule].title if x.item.rule in RULES_BY_NAME
                    else x.item.rule, "home": x.item.home.label if x.item.home else "",
                    "to": x.get_to_display(), "state": x.get_state_display(), "due_on": x.due_on.isoformat()}
                   for x in Escalation.objects.filter(state__in=Escalation.OPEN_STATES)
                   .select_related("item__home").order_by("due_on")[:50]]
    return {
        "month": month.strftime("%Y-%m"), "month_label": month.strftime("%B %Y"), "area": area or "All areas",
        "names": names, "pseudonymised": pseudonymised,
        "totals": {"episodes": count(len(eps)), "children": count(len(children)),
                   "missing": count(sum(e.category == "M" for e in eps)),
                   "absent": count(sum(e.category == "A" for e in eps)),
                   "high_risk": count(sum(e.risk_grade == "high" for e in eps))},
        "trend": trend, "most_missing": most_missing, "most_at_risk": most_at_risk, **homes, **found, **net,
        "followed_by_incidents": followed, "open_escalations": escalations,
        "child_ids": sorted(children),  # for the access log only; never rendered
    }


def _homes_section(eps, month, area, count) -> dict:
    prev_s, prev_e = month_bounds(previous_month(month))
    prev = Counter(e.home_id for e in _episodes(prev_s, prev_e, area) if e.home_id)
    per_home = Counter(e.home_id for e in eps if e.home_id)
    kids = defaultdict(set)
    for e in eps:
        if e.home_id:
            kids[e.home_id].add(e.child_id)
    month_start = month_bounds(month)[0].date()
    open_homes = Q(closed_on__isnull=True) | Q(closed_on__gte=month_start)
    in_area = (Q(town__iexact=area) | Q(postcode__istartswith=area)) if area else Q()
    homes_q = Home.objects.filter(registered_places__gt=0).filter((open_homes & in_area) | Q(pk__in=list(per_home)))
    homes = {h.pk: h for h in homes_q.select_related("provider")}
    theta, points = benchmarks.funnel([(str(h.pk), h.label, per_home.get(h.pk, 0), float(h.registered_places or 0))
                                   for h in homes.values()])
    rows = []
    for p in sorted(points, key=lambda p: (-p.rate, p.label)):
        h = homes[int(p.key)]
        rows.append({"home": h.label, "provider": h.provider.name, "places": h.registered_places,
                     "episodes": count(p.observed), "children": count(len(kids[h.pk])), "rate": round(p.rate, 2),
                     "position": p.position, "previous": count(prev.get(h.pk, 0)),
                     "change": p.observed - prev.get(h.pk, 0), "raw_episodes": p.observed,
                     "raw_children": len(kids[h.pk])})
    many_for_few = [r for r in rows if r["raw_children"] and r["raw_episodes"] / r["raw_children"] >= 3]
    changes = sorted((r for r in rows if r["change"]), key=lambda r: -abs(r["change"]))[:TOP]
    funnel_points = [{"home": p.label, "places": p.exposure, "rate": round(p.rate, 3), "position": p.position}
                     for p in points]
    lim = benchmarks.curve(theta, min((p.exposure for p in points), default=1), max((p.exposure for p in points),
                                                                                 default=2))
    return {"homes": rows[:TOP], "funnel_target": round(theta, 3), "funnel_points": funnel_points,
            "funnel_curve": [vars(x) for x in lim], "many_for_few": many_for_few[:TOP], "home_changes": changes}


def _found_section(eps, count, pseudonymised) -> dict:
    by_pc: dict[str, dict] = {}
    points = []
    for e in eps:
        if not e.found_postcode:
            continue
        pc = postcode_sector(e.found_postcode) if pseudonymised else format_postcode(e.found_postcode)
        row = by_pc.setdefault(pc, {"location": pc, "episodes": 0, "children": set()})
        row["episodes"] += 1
        row["children"].add(e.child_id)
        if e.found_easting is not None and not pseudonymised:
            points.append({"easting": e.found_easting, "northing": e.found_northing, "location": pc})
    rows = sorted(by_pc.values(), key=lambda r: (-r["episodes"], r["location"]))[:TOP]
    return {"found_locations": [{"location": r["location"], "episodes": count(r["episodes"]),
                                 "children": count(len(r["children"])), "hotspot": len(r["children"]) >= 2}
                                for r in rows],
            "found_points": points}


def _network_section(eps, end, label) -> dict:
    by_pk = {e.child_id: e.child for e in eps}
    graph = network.build_network([network.Ep(e.pk, e.child_id, e.started_at, e.ended_at, e.home_id,
                                              e.found_postcode) for e in eps], period_end=end)
    groups = [[label(by_pk[c]) for c in g] for g in network.groups(graph)]
    edges = [{"a": label(by_pk[a]), "b": label(by_pk[b]), "weight": d["weight"]} for a, b, d in graph.edges(data=True)]
    return {"co_missing_groups": groups, "co_missing_edges": edges,
            "co_missing_nodes": [{"child": label(by_pk[n]), "id": n} for n in graph.nodes]}


def _followed_by_incidents(eps, label, *, references: bool = True) -> list[dict]:
    """Episodes followed (or accompanied) by another police incident involving the child within 48 hours."""
    if not eps:
        return []
    child_ids = {e.child_id for e in eps}
    lo = min(e.started_at for e in eps)
    hi = max((e.ended_at or e.started_at) for e in eps) + dt.timedelta(hours=FOLLOW_UP_HOURS)
    inv = list(Involvement.objects.filter(child_id__in=child_ids, incident__reported_at__gte=lo,
                                          incident__reported_at__lte=hi)
               .exclude(role=Involvement.Role.MISSING_PERSON).select_related("incident"))
    out = []
    for e in sorted(eps, key=lambda e: e.started_at):
        limit = (e.ended_at or e.started_at) + dt.timedelta(hours=FOLLOW_UP_HOURS)
        for i in inv:
            if i.child_id == e.child_id and e.started_at <= i.incident.reported_at <= limit:
                out.append({"child": label(e.child), "episode": e.pk,
                            "missing_from": uk_datetime(e.started_at),
                            "incident": i.incident.reference if references else "withheld",
                            "category": i.incident.closing_category or i.incident.opening_category,
                            "role": i.get_role_display()})
    return out
