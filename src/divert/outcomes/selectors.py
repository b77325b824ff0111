"""Reads for the outcomes pages, API and CLI: the indicator's inputs from the register, the reconciliation of
its two sources, the analyst's indicator page and the board report's figures.

Reads that show children take the user asking; callers write the access log for every child they show.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from divert.core.formats import uk_date
from divert.core.scoping import role_of
from divert.earlyhelp import rules as early_help_rules
from divert.earlyhelp.selectors import cohort_report
from divert.exploitation.models import LEVEL_ORDER, Assessment, Level, MaseAction, MaseMeeting, Volt
from divert.exploitation.selectors import current_assessments
from divert.incidents.models import ArrestAlert, Route, Triage
from divert.missing.models import MissingEpisode
from divert.police.models import CustodyRecord, Incident
from divert.protocol.models import PanelDecision, ProtocolCase
from divert.protocol.selectors import decided_on
from divert.registers.access import children_visible_to
from divert.registers.models import Child, Home, OC2Record, Placement, SSDA903Missing

from .access import RECONCILE_ROLES
from .indicator import Indicator, offending_indicator
from .models import BoardReportText, ImpactActivity, PublishedFigure, ReconciliationResolution, UnitCost
from .rules import (
    CHARGED,
    CRIMINALISED,
    NONE,
    avoided_against_baseline,
    collection_year_of,
    cost_avoided,
    counts_in_offending_indicator,
    first_time_entrant_rate,
    indicator_percentage,
    quarter_of,
    quote_may_be_shown,
    suppress_count,
    suppress_table,
    suppressed_indicator,
    suppression_threshold,
)

TREND_YEARS = 10


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def year_label(year: int) -> str:
    return f"{year - 1}-{str(year)[2:]}"


def default_year() -> int:
    """The latest collection year with an OC2 table, else the year that ended last 31 March."""
    latest = OC2Record.objects.order_by("-collection_year").values_list("collection_year", flat=True).first()
    return latest or collection_year_of(timezone.localdate()) - 1


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


def decisions_in_year(year: int) -> QuerySet:
    """Panel decisions made in the collection year: on the panel's date, or when recorded if not at a panel."""
    start, end = year_bounds(year)
    at_panel = Q(meeting__held_on__gte=start, meeting__held_on__lte=end)
    by_hand = Q(meeting__isnull=True, created_at__date__gte=start, created_at__date__lte=end)
    return PanelDecision.objects.filter(at_panel | by_hand).select_related("outcome", "case__home__provider",
                                                                             "case__child", "meeting")


# --- Reconciliation ---------------------------------------------------------------------------------------

RETURN_ONLY = "return_only"
DIVERT_ONLY = "divert_only"
CHARGE_ONLY = "charge_only"
KIND_TEXT = {
    RETURN_ONLY: "The return says convicted or cautioned; Divert has no caution, conviction or charge recorded "
                 "in the year",
    DIVERT_ONLY: "Divert recorded a youth caution or conditional caution in the year; the return does not say "
                 "convicted or cautioned",
    CHARGE_ONLY: "Divert recorded a charge in the year (the court's outcome is not in Divert); the return does "
                 "not say convicted",
}


@dataclass
class Difference:
    child: Child
    kind: str
    return_flag: bool | None
    divert_status: str
    evidence: list[str] = field(default_factory=list)
    resolution: ReconciliationResolution | None = None

    @property
    def explanation(self) -> str:
        return KIND_TEXT[self.kind]

    @property
    def corrected_flag(self) -> bool:
        """The CONVICTED value once resolved: flipped when Divert's record is right."""
        flag = bool(self.return_flag)
        if self.resolution is not None and self.resolution.right == ReconciliationResolution.Right.DIVERT:
            return not flag
        return flag


@dataclass
class Reconciliation:
    year: int
    indicator: Indicator
    differences: list[Difference]
    agreed: int  # cohort children on whom the two sources agree

    @property
    def resolved(self) -> list[Difference]:
        return [d for d in self.differences if d.resolution is not None]

    @property
    def unresolved(self) -> list[Difference]:
        return [d for d in self.differences if d.resolution is None]

    @property
    def corrected_numerator(self) -> int:
        """The numerator with every resolved difference applied (what the corrected return would give)."""
        changed = {d.child.child_id: d.corrected_flag for d in self.resolved}
        return sum(1 for c in self.indicator.cohort if changed.get(c, c in self.indicator.convicted))

    @property
    def corrections(self) -> list[Difference]:
        """The children whose return must change before it is sent."""
        return [d for d in self.resolved if d.corrected_flag != bool(d.return_flag)]


def divert_status_by_child(year: int, child_ids: set[int]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Per child (pk): what Divert recorded in the year (criminalised / charged / none) and the evidence."""
    status: dict[int, str] = {}
    evidence: dict[int, list[str]] = defaultdict(list)
    rank = {NONE: 0, CHARGED: 1, CRIMINALISED: 2}
    for d in decisions_in_year(year).filter(case__child_id__in=child_ids).order_by("created_at"):
        kind = counts_in_offending_indicator(d.outcome)
        cid = d.case.child_id
        evidence[cid].append(f"Panel decision {uk_date(decided_on(d))}: {d.outcome.label} (protocol case "
                             f"{d.case_id})")
        if rank[kind] > rank[status.get(cid, NONE)]:
            status[cid] = kind
    start, end = year_bounds(year)
    for case in ProtocolCase.objects.filter(child_id__in=child_ids, referred_to_cps=True).exclude(
            charging_decision="").filter(updated_at__date__gte=start, updated_at__date__lte=end):
        evidence[case.child_id].append(f"Prosecutor's charging decision on protocol case {case.pk}: "
                                       f"{case.charging_decision}")
    arrests = Counter(CustodyRecord.objects.filter(child_id__in=child_ids, arrested_at__date__gte=start,
                                                   arrested_at__date__lte=end).values_list("child_id", flat=True))
    for cid, n in arrests.items():
        evidence[cid].append(f"{n} custody record{'s' if n != 1 else ''} (arrests) in the year")
    return status, evidence


def _current_resolutions(year: int, child_ids: set[int]) -> dict[int, ReconciliationResolution]:
    latest: dict[int, ReconciliationResolution] = {}
    for r in (ReconciliationResolution.objects.filter(collection_year=year, child_id__in=child_ids)
              .select_related("resolved_by").order_by("created_at", "pk")):
        latest[r.child_id] = r
    return latest


def difference_kind(return_flag: bool | None, divert_status: str) -> str | None:
    if return_flag and divert_status == NONE:
        return RETURN_ONLY
    if not return_flag and divert_status == CRIMINALISED:
        return DIVERT_ONLY
    if not return_flag and divert_status == CHARGED:
        return CHARGE_ONLY
    return None


def reconciliation(user, year: int) -> Reconciliation:
    """Per child in the indicator's cohort, where the return's OC2 CONVICTED and the outcomes Divert recorded
    disagree, with the evidence and the analyst's resolution (if still in force). Only children the user may
    see are listed."""
    ind = indicator_for(year)
    kids = {c.child_id: c for c in children_visible_to(user).filter(child_id__in=ind.cohort)}
    pks = {c.pk for c in kids.values()}
    status, evidence = divert_status_by_child(year, pks)
    oc2 = {r.child_id: r for r in OC2Record.objects.filter(collection_year=year, child_id__in=pks)}
    resolutions = _current_resolutions(year, pks)
    differences, agreed = [], 0
    for child_id in ind.cohort:
        child = kids.get(child_id)
        if child is None:
            continue
        flag = True if child_id in ind.convicted else (None if child_id in ind.no_oc2 else False)
        st = status.get(child.pk, NONE)
        kind = difference_kind(flag, st)
        if kind is None:
            agreed += 1
            continue
        row = oc2.get(child.pk)
        ev = [f"SSDA903 OC2 CONVICTED = {'1' if flag else ('0' if flag is False else 'blank')}"
              + (f" ({row.source_file}, row {row.source_row})" if row is not None and row.source_file else "")]
        ev += evidence.get(child.pk, [])
        res = resolutions.get(child.pk)
        if res is not None and (res.return_flag != flag or res.divert_status != st):
            res = None  # a source changed since the analyst decided: look again
        differences.append(Difference(child=child, kind=kind, return_flag=flag, divert_status=st, evidence=ev,
                                      resolution=res))
    return Reconciliation(year=year, indicator=ind, differences=differences, agreed=agreed)


def difference_for(user, year: int, child_pk: int) -> Difference | None:
    for d in reconciliation(user, year).differences:
        if d.child.pk == child_pk:
            return d
    return None


# --- The indicator page -----------------------------------------------------------------------------------

def indicator_years(*, upto: int | None = None) -> list[int]:
    qs = OC2Record.objects.all() if upto is None else OC2Record.objects.filter(collection_year__lte=upto)
    years = sorted(set(qs.values_list("collection_year", flat=True).distinct()))
    return years[-TREND_YEARS:]


def trend_years(year: int) -> list[int]:
    """The year and up to nine before it that have an OC2 table (never a later, part-finished year)."""
    return sorted({y for y in indicator_years(upto=year)} | {year})[-TREND_YEARS:]


def trend(years: list[int] | None = None) -> list[dict]:
    """The indicator for each year (up to ten), with the FTEs and panel decisions recorded in Divert."""
    out = []
    for y in years if years is not None else indicator_years():
        ind = indicator_for(y)
        decisions = decisions_in_year(y)
        out.append({"year": y, "label": year_label(y), "cohort": ind.denominator, "numerator": ind.numerator,
                    "percentage": indicator_percentage(ind.numerator, ind.denominator),
                    "decisions": decisions.count(),
                    "first_time_entrants": decisions.filter(first_time_entrant=True)
                    .values("case__child").distinct().count()})
    return out


def comparators(year: int) -> list[PublishedFigure]:
    """Published figures for the year: England, the regions and the local authorities named in
    settings.DIVERT['COMPARATOR_LAS'] (the council and its statistical neighbours)."""
    las = settings.DIVERT.get("COMPARATOR_LAS", [])
    qs = PublishedFigure.objects.filter(collection_year=year)
    return list(qs.filter(Q(level__in=[PublishedFigure.Level.NATIONAL, PublishedFigure.Level.REGIONAL])
                          | Q(level=PublishedFigure.Level.LOCAL_AUTHORITY, area_code__in=las)))


def comparator_trend(years: list[int]) -> dict[int, list[PublishedFigure]]:
    by: dict[int, list[PublishedFigure]] = defaultdict(list)
    for f in PublishedFigure.objects.filter(collection_year__in=years, level=PublishedFigure.Level.NATIONAL):
        by[f.collection_year].append(f)
    return by


def oocd_breakdown(year: int) -> dict:
    """Panel decisions in the year: how many ended in each outcome, by provider of the home, and the FTEs."""
    decisions = list(decisions_in_year(year))
    by_outcome = Counter(d.outcome.label for d in decisions)
    by_provider: dict[str, Counter] = defaultdict(Counter)
    for d in decisions:
        provider = d.case.home.provider.name if d.case.home_id else "Not placed in a registered home"
        by_provider[provider][d.outcome.label] += 1
    criminalised = sum(1 for d in decisions if counts_in_offending_indicator(d.outcome) == CRIMINALISED)
    return {"total": len(decisions), "by_outcome": dict(by_outcome.most_common()),
            "by_provider": {p: dict(c) for p, c in sorted(by_provider.items())},
            "outcomes": [label for label, _ in by_outcome.most_common()],
            "criminalised": criminalised, "diverted": len(decisions) - criminalised,
            "first_time_entrants": len({d.case.child_id for d in decisions if d.first_time_entrant})}


def indicator_page(year: int) -> dict:
    """Everything the analyst's indicator page shows (aggregate; children only through the reconciliation)."""
    ind = indicator_for(year)
    years = trend_years(year)
    national = comparator_trend(years)
    rows = trend(years)
    for r in rows:
        r["england"] = national[r["year"]][0].percent if national.get(r["year"]) else ""
    return {"year": year, "label": year_label(year), "indicator": ind,
            "percentage": indicator_percentage(ind.numerator, ind.denominator),
            "suppressed": suppressed_indicator(ind.numerator, ind.denominator),
            "excluded": dict(sorted(Counter(ind.excluded.values()).items())), "trend": rows,
            "comparators": comparators(year), "oocd": oocd_breakdown(year),
            "threshold": suppression_threshold()}


# --- The board report -------------------------------------------------------------------------------------

def officer_activity(year: int) -> dict:
    """The CiC officers' work in the year: daily-list entries read, advice given, routes taken, arrests screened."""
    start, end = year_bounds(year)
    triage = Triage.objects.filter(reviewed=True, reviewed_at__date__gte=start, reviewed_at__date__lte=end)
    routes = Counter(triage.exclude(recommended_route="").values_list("recommended_route", flat=True))
    alerts = ArrestAlert.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    return {"entries_read": triage.count(), "advice_given": triage.exclude(advice_to_officer="").count(),
            "routes": {Route(k).label: v for k, v in routes.most_common()},
            "arrests_screened": alerts.count(),
            "arrests_acknowledged": alerts.filter(acknowledged_at__isnull=False).count()}


def callouts_by_provider(year: int) -> list[dict]:
    """Police incidents at homes in the year per provider, and per registered place."""
    start, end = year_bounds(year)
    rows = (Incident.objects.filter(home__isnull=False, reported_at__date__gte=start, reported_at__date__lte=end)
            .values("home__provider__name").annotate(n=Count("pk")).order_by("home__provider__name"))
    places = dict(Home.objects.values("provider__name").annotate(p=Count("pk")).values_list("provider__name", "p"))
    seats: dict[str, int] = defaultdict(int)
    for name, p in Home.objects.values_list("provider__name", "registered_places"):
        seats[name] += p or 0
    out = []
    for r in rows:
        name = r["home__provider__name"]
        s = seats.get(name) or 0
        out.append({"provider": name, "homes": places.get(name, 0), "places": s, "callouts": r["n"],
                    "per_place": round(r["n"] / s, 1) if s else None})
    return out


def missing_in_year(year: int) -> dict:
    start, end = year_bounds(year)
    eps = MissingEpisode.objects.filter(started_at__date__gte=start, started_at__date__lte=end,
                                        merged_into__isnull=True)
    return {"episodes": eps.count(), "children": eps.values("child").distinct().count()}


def board_report(year: int) -> dict:
    """The Corporate Parenting Board report's figures for a collection year, suppressed as they leave the
    system (aggregate only: no child is named)."""
    ind = indicator_for(year)
    years = trend_years(year)
    national = comparator_trend(years)
    rows = []
    for r in trend(years):
        s = suppressed_indicator(r["numerator"], r["cohort"])
        rows.append({"year": r["year"], "label": r["label"], **s,
                     "first_time_entrants": suppress_count(r["first_time_entrants"]),
                     "england": national[r["year"]][0].percent if national.get(r["year"]) else ""})
    oocd = oocd_breakdown(year)
    activity = officer_activity(year)
    start, end = year_bounds(year)
    cases = ProtocolCase.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    text = BoardReportText.objects.filter(collection_year=year).first()
    return {
        "year": year, "label": year_label(year), "threshold": suppression_threshold(),
        "indicator": suppressed_indicator(ind.numerator, ind.denominator), "trend": rows,
        "comparators": comparators(year),
        "first_time_entrants": suppress_count(oocd["first_time_entrants"]),
        "protocol": {"opened": suppress_count(cases.count()),
                     "to_panel": suppress_count(cases.filter(decisions__isnull=False).distinct().count()),
                     "to_prosecutor": suppress_count(cases.filter(referred_to_cps=True).count())},
        "panel_outcomes": suppress_table(oocd["by_outcome"]), "panel_total": suppress_count(oocd["total"]),
        "panel_diverted": suppress_count(oocd["diverted"]),
        "activity": {"entries_read": suppress_count(activity["entries_read"]),
                     "advice_given": suppress_count(activity["advice_given"]),
                     "routes": suppress_table(activity["routes"]),
                     "arrests_screened": suppress_count(activity["arrests_screened"]),
                     "arrests_acknowledged": suppress_count(activity["arrests_acknowledged"])},
        "missing": {k: suppress_count(v) for k, v in missing_in_year(year).items()},
        "callouts": [{**c, "callouts": suppress_count(c["callouts"]),
                      "per_place": c["per_place"] if suppress_count(c["callouts"]) != "c" else "c"}
                     for c in callouts_by_provider(year)],
        "impact": impact_highlights(year),
        "value": _suppressed_value(value_for_money(year)),
        "fte": _suppressed_fte(first_time_entrants(year)),
        "exploitation": _suppressed_exploitation(exploitation_work(year)),
        "early_help": _suppressed_early_help(early_help_work(year)),
        "recommendations": text.recommendations if text else "",
        "finance_comments": text.finance_comments if text else "",
        "generated_on": timezone.localdate(),
    }


def exploitation_work(year: int) -> dict:
    """Exploitation concerns and the MASE panel in the collection year (aggregate, before suppression): children
    assessed, their current risk at 31 March, how each child's risk moved within the year, the panel's meetings,
    children discussed and actions (read from divert.exploitation)."""
    start, end = year_bounds(year)
    in_year = list(Assessment.objects.filter(assessed_on__gte=start, assessed_on__lte=end)
                   .order_by("assessed_on", "id").values_list("child_id", "level", "kind"))
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    kinds: dict[int, str] = {}
    for child_id, level, kind in in_year:
        first.setdefault(child_id, level)
        last[child_id], kinds[child_id] = level, kind
    moved = Counter("Lower" if LEVEL_ORDER[last[c]] < LEVEL_ORDER[first[c]]  # type: ignore[index]
                    else "Higher" if LEVEL_ORDER[last[c]] > LEVEL_ORDER[first[c]]  # type: ignore[index]
                    else "The same" for c in first)
    current = current_assessments(on=end).filter(child_id__in=list(first))
    levels = Counter(current.filter(closed=False).values_list("level", flat=True))
    meetings = MaseMeeting.objects.filter(held_on__gte=start, held_on__lte=end)
    actions = MaseAction.objects.filter(meeting__in=meetings)
    return {
        "children": len(first), "assessments": len(in_year),
        "kinds": {k: sum(1 for v in kinds.values() if v == k) for k in ("cce", "cse", "both")},
        "current": {Level(k).label: levels.get(k, 0) for k in (Level.LOW, Level.MEDIUM, Level.HIGH)}
        | {"Concern closed": current.filter(closed=True).count()},
        "moved": {k: moved.get(k, 0) for k in ("Lower", "The same", "Higher")},
        "meetings": meetings.count(),
        "children_discussed": Volt.objects.filter(meeting__in=meetings).values("child").distinct().count(),
        "actions": actions.count(), "actions_done": actions.filter(state=MaseAction.State.DONE).count(),
    }


def early_help_work(year: int) -> dict | None:
    """The early-help cohort referred in the collection year (aggregate, before suppression), or None."""
    for c in cohort_report():
        if c.year == year:
            return {"referrals": c.referrals, "children": c.children, "in_care": c.in_care,
                    "not_in_care": c.not_in_care, "closed": c.closed, "open": c.open,
                    "followed_up": c.re_referral.closed, "re_referred": c.re_referral.re_referred,
                    "pending": c.re_referral.pending,
                    "trajectories": {early_help_rules.TRAJECTORY_LABELS[k]: v for k, v in c.trajectories.items()}}
    return None


def _hidden(*counts) -> bool:
    """Whether any of these counts is suppressed (so a figure derived from them must be too)."""
    return any(suppress_count(n) == "c" for n in counts)


def _suppressed_fte(f: dict) -> dict:
    hide = _hidden(f["entrants"])
    return {**f, "entrants": suppress_count(f["entrants"]), "in_care": suppress_count(f["in_care"]),
            "rate_in_care": "c" if hide else ("z" if f["rate_in_care"] is None else str(f["rate_in_care"])),
            "rate_population": ("c" if hide else "z" if f["rate_population"] is None else str(f["rate_population"]))}


def _suppressed_exploitation(x: dict) -> dict:
    return {"children": suppress_count(x["children"]), "assessments": suppress_count(x["assessments"]),
            "kinds": suppress_table(x["kinds"]), "current": suppress_table(x["current"]),
            "moved": suppress_table(x["moved"]), "meetings": x["meetings"],
            "children_discussed": suppress_count(x["children_discussed"]),
            "actions": suppress_count(x["actions"]), "actions_done": suppress_count(x["actions_done"])}


def _suppressed_early_help(e: dict | None) -> dict | None:
    if e is None:
        return None
    return {"referrals": suppress_count(e["referrals"]), "children": suppress_count(e["children"]),
            **suppress_table({"in_care": e.get("in_care", 0), "not_in_care": e.get("not_in_care", 0)}),
            **suppress_table({"closed": e["closed"], "open": e["open"]}),
            "followed_up": suppress_count(e["followed_up"]),
            "re_referred": "c" if _hidden(e["re_referred"], e["followed_up"]) else e["re_referred"],
            "pending": suppress_count(e["pending"]), "trajectories": suppress_table(e["trajectories"])}


def _money(pair) -> str:
    if pair is None:
        return "none"
    low, high = pair
    return f"{low:,.0f}" if low == high else f"{low:,.0f} to {high:,.0f}"


def _suppressed_value(v: dict) -> dict:
    """The value-for-money figures as they leave the system: a count and everything derived from it (the
    avoided figure and its cost, and the baseline rate from the baseline count) hidden when small."""
    a = v["avoided"]
    rows = []
    for r in a["rows"]:
        hide = _hidden(r["count"], r["baseline_count"])
        costs = r["costs"]
        unit = (f"{costs[0].low:,.0f}" + (f" to {costs[-1].high:,.0f}" if costs[-1].high != costs[0].low else "")
                + f" {costs[0].unit}") if costs else "no unit cost loaded"
        rows.append({"measure": r["measure"],
                     "baseline_rate": "c" if _hidden(r["baseline_count"]) else
                     ("z" if r["baseline_rate"] is None or not r.get("comparable", True) else
                      f"{r['baseline_rate'] / 100:.1f} per child" if r["key"] == "missing" else
                      f"{r['baseline_rate']}%"),
                     "count": suppress_count(r["count"]),
                     "avoided": "c" if hide else ("z" if r["avoided"] is None else str(r["avoided"])),
                     "unit_cost": unit, "cost_avoided": "c" if hide else (_money(r["money"]) if costs else
                                                                         "not costed"),
                     "sources": "; ".join(dict.fromkeys(f"{c.source} ({c.price_year})" for c in costs))})
    return {**v, "avoided": {**a, "rows": rows}}


def impact_log(year: int, quarter: int | None = None) -> list[dict]:
    """The impact log's activities in a collection year (or one quarter of it), newest first, each with the
    quote only where its author consented."""
    start, end = year_bounds(year)
    rows = []
    for a in ImpactActivity.objects.filter(held_on__gte=start, held_on__lte=end).prefetch_related("homes_reached"):
        q = quarter_of(a.held_on)[1]
        if quarter is not None and q != quarter:
            continue
        rows.append({"activity": a, "quarter": q, "homes": [h.name for h in a.homes_reached.all()],
                     "quote": a.quote if quote_may_be_shown(a.quote, consent=a.quote_consent) else ""})
    return rows


IMPACT_CSV_HEADER = ["quarter", "date", "kind", "title", "partner", "homes_reached", "participants", "evaluation",
                     "feedback", "quote (with consent only)"]


def impact_export_rows(rows: list[dict]) -> list[list]:
    """The impact log's rows as the CSV export writes them (page and CLI alike): quotes only with consent."""
    return [[f"Q{r['quarter']}", r["activity"].held_on.isoformat(), r["activity"].get_kind_display(),
             r["activity"].title, r["activity"].partner, "; ".join(r["homes"]), r["activity"].participants,
             r["activity"].evaluation, r["activity"].feedback, r["quote"]] for r in rows]


def impact_highlights(year: int) -> dict:
    """The year's activities by kind (sessions, participants, homes reached) and the consented quotes."""
    log = impact_log(year)
    by_kind: dict[str, dict] = {}
    for r in log:
        a = r["activity"]
        k = by_kind.setdefault(a.get_kind_display(), {"activities": 0, "participants": 0, "homes": set()})
        k["activities"] += 1
        k["participants"] += a.participants
        k["homes"].update(r["homes"])
    return {"by_kind": {k: {**v, "homes": len(v["homes"])} for k, v in by_kind.items()},
            "quotes": [(r["quote"], r["activity"].title) for r in log if r["quote"]][:5]}


QUOTED_RETURN = ("\u201cEvery GBP 1 invested returns GBP 3.41\u201d: In Care, Out of Trouble (Prison Reform Trust, "
                 "2016), as quoted in the CPB report 2021. A quoted claim whose method Divert has not verified; "
                 "Divert does not compute it.")


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def looked_after_10_17(year: int) -> set[int]:
    """Children (pk) looked after at any time in the collection year and aged 10 to 17 on 31 March."""
    start, end = year_bounds(year)
    rows = (Placement.objects.filter(decom__lte=end).filter(Q(dec__isnull=True) | Q(dec__gte=start))
            .values_list("child_id", "child__date_of_birth").distinct())
    return {cid for cid, dob in rows if dob is not None and 10 <= _age_on(dob, end) <= 17}


def custody_children(year: int) -> set[int]:
    """Children (pk) with a custodial event in the year in the 903 episodes: a placement in a young offender
    institution (PLACE R5) begun in the year, an episode ended by a custodial sentence (REC E9), or a placement
    change for custody (REASON_PLACE_CHANGE CUSTOD)."""
    start, end = year_bounds(year)
    began = Q(decom__gte=start, decom__lte=end) & (Q(place="R5") | Q(reason_place_change="CUSTOD"))
    ended = Q(dec__gte=start, dec__lte=end, rec="E9")
    return set(Placement.objects.filter(began | ended).values_list("child_id", flat=True))


def looked_after_in_year(year: int) -> int:
    start, end = year_bounds(year)
    return (Placement.objects.filter(decom__lte=end).filter(Q(dec__isnull=True) | Q(dec__gte=start))
            .values("child_id").distinct().count())


def vfm_counts(year: int) -> dict[str, tuple[int, int]]:
    """Per measure, (count, population) for a collection year, from the imported 903 returns (so a baseline year
    before Divert's police data still has its figures)."""
    ind = indicator_for(year)
    cohort = looked_after_10_17(year)
    return {
        "criminalised": (ind.numerator, ind.denominator),
        "missing": (SSDA903Missing.objects.filter(collection_year=year, missing_type="M").count(),
                    looked_after_in_year(year)),
        "custody": (len(custody_children(year) & cohort), len(cohort)),
        "first_time_entrants": (len(fte_children(year) & cohort), len(cohort)),
    }


def fte_children(year: int) -> set[int]:
    """Children (pk) recorded in Divert as first-time entrants in the year, aged 10 to 17 at the decision."""
    ftes = set()
    for d in decisions_in_year(year).filter(first_time_entrant=True):
        dob = d.case.child.date_of_birth
        if dob is not None and 10 <= _age_on(dob, decided_on(d)) <= 17:
            ftes.add(d.case.child_id)
    return ftes


def divert_records_decisions(year: int) -> bool:
    """Whether Divert holds any panel or protocol decision for the year: the first-time entrants it counts are
    Divert's own records, so a year before Divert was used has none to compare (not zero entrants)."""
    return decisions_in_year(year).exists()


def baseline_year(year: int) -> int | None:
    """The value-for-money baseline: settings.DIVERT['VFM_BASELINE_YEAR'] when set and before `year`, else the
    earliest year before `year` with an imported return (its OC2 table); None when there is none."""
    configured = settings.DIVERT.get("VFM_BASELINE_YEAR")
    if isinstance(configured, int) and configured:
        return configured if configured < year else None
    earlier = indicator_years(upto=year - 1)
    return earlier[0] if earlier else None


VFM_MEASURES = (
    # key, what is counted, the unit costs that apply (low from the first, high from the last)
    ("criminalised", "Children convicted or cautioned (the offending indicator's cohort)", ("criminalised_child",)),
    ("missing", "Missing episodes (the 903 missing table) per child looked after", ("missing_investigation",)),
    ("custody", "Children aged 10-17 in custody (903 episodes: YOI placement, custodial sentence)",
     ("custody_yoi", "custody_secure_childrens_home")),
    ("first_time_entrants", "First-time entrants among children in care aged 10-17 (Divert's panel and protocol "
     "decisions)", ("first_time_entrant",)),
)


def cost_avoided_table(year: int, costs: dict[str, UnitCost]) -> dict:
    """Cost avoided against the baseline year's rates, per measure, with every assumption stated."""
    base = baseline_year(year)
    custody_years = Decimal(str(settings.DIVERT.get("VFM_CUSTODY_YEARS", "0.5")))
    if year_bounds(year)[1] >= timezone.localdate():
        return {"baseline": None, "rows": [], "assumptions": [
            f"No cost avoided yet: the year ending 31 March {year} is not over, and part of a year cannot be set "
            "against a whole baseline year."]}
    if base is None:
        return {"baseline": None, "rows": [], "assumptions": [
            "No baseline: Divert holds no return for a year before this one, and no baseline year is set."]}
    then, now = vfm_counts(base), vfm_counts(year)
    fte_comparable = divert_records_decisions(base)
    rows = []
    for key, label, cost_keys in VFM_MEASURES:
        (bc, bp), (c, p) = then[key], now[key]
        avoided = avoided_against_baseline(baseline_count=bc, baseline_population=bp, count=c, population=p)
        comparable = key != "first_time_entrants" or fte_comparable
        if not comparable:
            avoided = None  # Divert was not recording decisions in the baseline year: nothing to compare
        found = [costs[k] for k in cost_keys if k in costs]
        per = custody_years if key == "custody" else Decimal(1)
        money = (cost_avoided(avoided, low=found[0].low, high=found[-1].high, per=per) if found else None)
        rows.append({"key": key, "measure": label, "baseline_count": bc, "baseline_population": bp,
                     "baseline_rate": (Decimal(100 * bc) / bp).quantize(Decimal("0.1")) if bp else None,
                     "count": c, "population": p, "avoided": avoided, "costs": found, "money": money,
                     "per": per, "comparable": comparable})
    assumptions = [
        f"Baseline: the rates of {year_label(base)} applied to this year's children"
        + (" (the baseline year set for this council)." if settings.DIVERT.get("VFM_BASELINE_YEAR")
           else " (the earliest year with an imported return)."),
        "Avoided = the baseline rate x this year's children - this year's count; a negative figure means this year "
        "is above the baseline and avoids no cost. A fall against an earlier year is not proof that the work "
        "caused it.",
        "Missing episodes: each avoided episode is one police investigation (University of Portsmouth, 2012).",
        f"Custody: each child kept out of custody is {custody_years} of a year in custody (an assumption, not a "
        "published figure; the council may set its own); the range runs from a young offender institution to a "
        "secure children's home (Justice Committee, Youth Justice, 2012-13).",
        "Children convicted or cautioned: no cost is shown unless a unit cost for a criminalised child is loaded "
        "in the reference data with its source.",
        (f"First-time entrants: the children in care aged 10-17 that Divert recorded as first-time entrants (a "
         f"youth caution, youth conditional caution or conviction, their first) in {year_label(base)} and this "
         "year, per child in care aged 10-17 (903 episodes); no cost is shown unless a unit cost for a first-time "
         "entrant is loaded with its source." if fte_comparable else
         f"First-time entrants: not compared, as Divert holds no panel or protocol decision for {year_label(base)} "
         "(its records start later); Divert's zero would not be that year's figure."),
        "Prices are as published (their price year), not adjusted for inflation.",
    ]
    return {"baseline": base, "baseline_label": year_label(base), "rows": rows, "assumptions": assumptions}


def first_time_entrants(year: int) -> dict:
    """First-time entrants recorded in Divert in the year (children aged 10 to 17 at the decision), per 100,000
    children in care aged 10-17 and, where the council's resident 10-17 population is configured, per 100,000 of
    it. Published comparators: none yet loaded (the loaded DfE figures are the offending indicator only)."""
    ftes = fte_children(year)
    in_care = looked_after_10_17(year)
    configured = settings.DIVERT.get("POPULATION_10_17")
    population = configured if isinstance(configured, int) else None
    return {"entrants": len(ftes), "in_care": len(in_care),
            "rate_in_care": first_time_entrant_rate(len(ftes), len(in_care)),
            "population": population, "population_source": settings.DIVERT.get("POPULATION_10_17_SOURCE", ""),
            "rate_population": first_time_entrant_rate(len(ftes), population), "comparators": []}


def value_for_money(year: int) -> dict:
    """The value-for-money table: each unit cost (with its source and price year) beside the Divert count it
    applies to, as a range, never one unexplained number; the cost avoided against a stated baseline with its
    assumptions; the published return-on-investment claim quoted."""
    costs = {c.key: c for c in UnitCost.objects.all()}
    rows = []
    missing = missing_in_year(year)["episodes"]
    mc = costs.get("missing_investigation")
    if mc is not None:
        rows.append({"measure": "Missing episodes in the year (each a police investigation)", "count": missing,
                     "cost": mc, "low": mc.low * missing, "high": mc.high * missing})
    for key in ("custody_secure_childrens_home", "custody_secure_training_centre", "custody_yoi"):
        c = costs.get(key)
        if c is not None:
            rows.append({"measure": f"{c.label}: a year avoided for one child", "count": 1, "cost": c,
                         "low": c.low, "high": c.high})
    return {"rows": rows, "avoided": cost_avoided_table(year, costs), "quote": QUOTED_RETURN}


def may_see_reconciliation(user) -> bool:
    return role_of(user) in RECONCILE_ROLES


def unit_costs() -> dict:
    """The unit costs (reference data), each with its source and price year, and the keys the value-for-money
    table reads that are not loaded (so an administrator sees what is not costed, and why)."""
    from .rules import UNIT_COST_KEYS

    costs = list(UnitCost.objects.select_related("updated_by").order_by("key"))
    have = {c.key for c in costs}
    return {"costs": costs, "missing": [(k, label) for k, label in UNIT_COST_KEYS.items() if k not in have]}
