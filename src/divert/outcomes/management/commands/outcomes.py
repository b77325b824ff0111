"""`divert outcomes indicator|reconcile|resolve|report|comparators|impact|unit-costs`: the offending indicator,
its reconciliation, the board report, the published comparators, the impact log and the value-for-money unit
costs (docs/indicator.md, docs/reports.md, docs/impact-log.md).

Prints counts and 903 CHILD ids only (never names). Writes need `--user`, whose role decides what is allowed,
exactly as on the page and the API.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from divert.core.audit import log_access
from divert.outcomes import actions
from divert.outcomes.access import RECONCILE_ROLES, UNIT_COST_READ_ROLES
from divert.outcomes.models import ImpactActivity
from divert.outcomes.selectors import (
    IMPACT_CSV_HEADER,
    board_report,
    default_year,
    impact_export_rows,
    impact_log,
    indicator_for,
    reconciliation,
    unit_costs,
    year_label,
)
from divert.registers.access import children_visible_to, homes_visible_to


def active_user(username):
    try:
        return get_user_model().objects.select_related("profile").get(username=username, is_active=True)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No active user {username!r}.") from exc


class Command(BaseCommand):
    help = "Outcomes of children looked after (docs/indicator.md, docs/reports.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        p = sub.add_parser("indicator", help="the DfE offending indicator for a collection year (counts only)")
        p.add_argument("--year", type=int, required=True,
                       help="collection year (2026 = the year ending 31 March 2026)")
        p.add_argument("--json", action="store_true", help="print the counts as JSON")
        r = sub.add_parser("reconcile", help="the children on whom the return and Divert's records disagree")
        r.add_argument("--user", required=True)
        r.add_argument("--year", type=int, required=True)
        r.add_argument("--json", action="store_true")
        s = sub.add_parser("resolve", help="say which source is right for one child's difference")
        s.add_argument("--user", required=True)
        s.add_argument("--year", type=int, required=True)
        s.add_argument("--child", required=True, help="903 CHILD id")
        s.add_argument("--right", choices=["return", "divert"], required=True)
        s.add_argument("--note", required=True)
        b = sub.add_parser("report", help="the Corporate Parenting Board report (suppressed) as PDF or Word")
        b.add_argument("--year", type=int, required=True)
        b.add_argument("--format", choices=["pdf", "docx"], required=True)
        b.add_argument("--out", type=Path, required=True)
        c = sub.add_parser("comparators", help="load published figures from the DfE's explore-education-"
                           "statistics CSV (conviction outcomes by local authority)")
        c.add_argument("file", type=Path)
        c.add_argument("--user", required=True)
        c.add_argument("--source", required=True, help="the publication and release, e.g. 'DfE, Children "
                       "looked after in England including adoptions, reporting year 2025'")
        c.add_argument("--url", default="")
        c.add_argument("--breakdown", default="", help="the breakdown label of the conviction rows (default: "
                       "rows whose breakdown starts with 'Convicted')")
        i = sub.add_parser("impact", help="the impact log: list, add or export child-centred activities")
        isub = i.add_subparsers(dest="impact", required=True, metavar="{list,add,export}")
        il = isub.add_parser("list", help="the year's (or a quarter's) activities, newest first")
        ie = isub.add_parser("export", help="the year's (or a quarter's) activities as the page's CSV export")
        for q in (il, ie):
            q.add_argument("--user", required=True)
            q.add_argument("--year", type=int, help="collection year (default: the latest with a return)")
            q.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="1 = April-June ... 4 = January-March")
        il.add_argument("--json", action="store_true")
        ie.add_argument("--out", type=Path, required=True)
        ia = isub.add_parser("add", help="add one activity")
        ia.add_argument("--user", required=True)
        ia.add_argument("--kind", required=True, choices=ImpactActivity.Kind.values)
        ia.add_argument("--title", required=True)
        ia.add_argument("--on", required=True, help="date held, YYYY-MM-DD")
        ia.add_argument("--partner", default="")
        ia.add_argument("--home", action="append", default=[], help="Ofsted URN of a home reached (repeat)")
        ia.add_argument("--participants", type=int, default=0)
        ia.add_argument("--evaluation", default="")
        ia.add_argument("--feedback", default="")
        ia.add_argument("--quote", default="")
        ia.add_argument("--consent", action="store_true", help="the person quoted agreed to the quote's use")
        u = sub.add_parser("unit-costs", help="the value-for-money unit costs: list them, or add or change one")
        usub = u.add_subparsers(dest="unit_costs", required=True, metavar="{list,set}")
        ul = usub.add_parser("list", help="every unit cost with its source and price year, and those not loaded")
        ul.add_argument("--user", required=True)
        ul.add_argument("--json", action="store_true")
        us = usub.add_parser("set", help="add or change one unit cost (administrators)")
        us.add_argument("key", help="e.g. missing_investigation, first_time_entrant")
        us.add_argument("--user", required=True)
        us.add_argument("--label", required=True)
        us.add_argument("--low", type=Decimal, required=True, help="GBP")
        us.add_argument("--high", type=Decimal, help="GBP (default: the low figure)")
        us.add_argument("--unit", required=True, help="e.g. 'per investigation'")
        us.add_argument("--price-year", type=int, required=True)
        us.add_argument("--source", required=True, help="publication, publisher and year")
        us.add_argument("--note", default="")

    def handle(self, *args, **opts):
        try:
            return getattr(self, f"_{opts['what'].replace('-', '_')}")(opts)
        except (PermissionDenied, ValidationError) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "Forbidden")
            raise CommandError(f"Refused: {msg}") from exc

    def _indicator(self, opts):
        ind = indicator_for(opts["year"])
        excluded = Counter(ind.excluded.values())
        pct = ind.percentage
        figures = {"year": ind.year, "cohort": ind.denominator, "convicted_or_cautioned": ind.numerator,
                   "percentage": pct, "cohort_without_oc2": len(ind.no_oc2), "excluded": dict(sorted(excluded.items()))}
        if opts["json"]:
            self.stdout.write(json.dumps(figures))
            return
        y = ind.year
        self.stdout.write(f"Offending indicator {y - 1}-{str(y)[2:]} (DfE method; year ending 31 March {y})")
        self.stdout.write(f"  cohort (looked after continuously 12+ months at 31 March, aged 10-17, no short "
                          f"breaks): {ind.denominator}")
        self.stdout.write(f"  convicted or given a youth caution / conditional caution in the year: {ind.numerator}")
        self.stdout.write(f"  percentage: {'z (no cohort)' if pct is None else f'{pct}%'}")
        if ind.no_oc2:
            self.stdout.write(f"  in the cohort but no OC2 CONVICTED in the return: {len(ind.no_oc2)}")
        for reason, n in sorted(excluded.items()):
            self.stdout.write(f"  not in the cohort, {reason}: {n}")

    def _reconcile(self, opts):
        user = active_user(opts["user"])
        if user.profile.role not in RECONCILE_ROLES:
            raise PermissionDenied("Your role may not see the reconciliation.")
        rec = reconciliation(user, opts["year"])
        log_access(user=user, children=[d.child for d in rec.differences], channel="cli",
                   what=f"offending indicator reconciliation {opts['year']}")
        rows = [{"child": d.child.child_id, "kind": d.kind,
                 "return": None if d.return_flag is None else int(d.return_flag), "divert": d.divert_status,
                 "resolved": d.resolution.right if d.resolution else None} for d in rec.differences]
        if opts["json"]:
            self.stdout.write(json.dumps({"year": rec.year, "agreed": rec.agreed, "differences": rows,
                                          "numerator": rec.indicator.numerator,
                                          "corrected_numerator": rec.corrected_numerator}))
            return
        self.stdout.write(f"Reconciliation {rec.year}: {rec.agreed} agree, {len(rows)} differ "
                          f"({len(rec.unresolved)} to resolve); numerator {rec.indicator.numerator} as returned, "
                          f"{rec.corrected_numerator} corrected")
        for r in rows:
            self.stdout.write(f"  {r['child']}  {r['kind']}  return={r['return']}  divert={r['divert']}  "
                              f"resolved={r['resolved'] or '-'}")

    def _resolve(self, opts):
        user = active_user(opts["user"])
        child = children_visible_to(user).filter(child_id=opts["child"]).first()
        if child is None:
            raise CommandError("No such child (or you may not see them).")
        res = actions.resolve_difference(actor=user, year=opts["year"], child=child, right=opts["right"],
                                         note=opts["note"])
        self.stdout.write(f"Resolved {child.child_id} for {opts['year']}: {res.right} is right")

    def _report(self, opts):
        from divert.outcomes import render  # charts and documents: loaded only when a report is drawn

        data = board_report(opts["year"])
        body = render.report_pdf(data) if opts["format"] == "pdf" else render.report_docx(data)
        opts["out"].write_bytes(body)
        log_access(user=None, children=None, channel="export", what=f"board report {opts['year']} {opts['format']}")
        self.stdout.write(f"Wrote {opts['out']} ({len(body)} bytes, suppressed: counts 1-{data['threshold'] - 1} "
                          "shown as c)")

    def _comparators(self, opts):
        user = active_user(opts["user"])
        n = actions.load_published_figures(actor=user, path=opts["file"], source=opts["source"],
                                           source_url=opts["url"], breakdown=opts["breakdown"])
        self.stdout.write(f"Loaded {n} published figures from {opts['file'].name}")

    def _impact(self, opts):
        user = active_user(opts["user"])
        if opts["impact"] == "add":
            return self._impact_add(user, opts)
        if user.profile.role not in actions.IMPACT_ROLES:
            raise PermissionDenied("Your role may not see the impact log.")
        year = opts["year"] or default_year()
        rows = impact_log(year, opts["quarter"])
        period = year_label(year) + (f" Q{opts['quarter']}" if opts["quarter"] else "")
        if opts["impact"] == "export":
            import io

            from divert.core.spreadsheets import csv_writer

            buf = io.StringIO()
            w = csv_writer(buf)
            w.writerow(IMPACT_CSV_HEADER)
            w.writerows(impact_export_rows(rows))
            opts["out"].write_text(buf.getvalue(), encoding="utf-8")
            log_access(user=user, children=None, channel="export", what=f"impact log {year} csv")
            self.stdout.write(f"Wrote {opts['out']} ({len(rows)} activities, {period})")
            return
        log_access(user=user, children=None, channel="cli", what=f"impact log {year}")
        out = [{"id": r["activity"].pk, "quarter": r["quarter"], "date": r["activity"].held_on.isoformat(),
                "kind": r["activity"].kind, "title": r["activity"].title, "partner": r["activity"].partner,
                "homes": len(r["homes"]), "participants": r["activity"].participants,
                "quote": bool(r["quote"])} for r in rows]
        if opts["json"]:
            self.stdout.write(json.dumps(out))
            return
        self.stdout.write(f"Impact log {period}: {len(out)} activities, "
                          f"{sum(r['participants'] for r in out)} participants")
        for r in out:
            self.stdout.write(f"  Q{r['quarter']}  {r['date']}  {r['kind']:<12}  {r['title']}  "
                              f"participants={r['participants']}  homes={r['homes']}")

    def _impact_add(self, user, opts):
        import datetime as dt

        try:
            held_on = dt.date.fromisoformat(opts["on"])
        except ValueError as exc:
            raise CommandError("Dates are YYYY-MM-DD.") from exc
        homes = list(homes_visible_to(user).filter(urn__in=opts["home"]))
        unknown = sorted(set(opts["home"]) - {h.urn for h in homes})
        if unknown:
            raise CommandError(f"Unknown home URN(s): {', '.join(unknown)}")
        a = actions.record_impact_activity(
            actor=user, kind=opts["kind"], title=opts["title"], held_on=held_on, partner=opts["partner"],
            homes=homes, participants=opts["participants"], evaluation=opts["evaluation"],
            feedback=opts["feedback"], quote=opts["quote"], quote_consent=opts["consent"])
        self.stdout.write(f"Added activity {a.pk} to the impact log: {a.get_kind_display().lower()} on "
                          f"{a.held_on:%d %B %Y}")

    def _unit_costs(self, opts):
        user = active_user(opts["user"])
        if opts["unit_costs"] == "set":
            c = actions.set_unit_cost(actor=user, key=opts["key"], label=opts["label"], low=opts["low"],
                                      high=opts["high"] if opts["high"] is not None else opts["low"],
                                      unit=opts["unit"], price_year=opts["price_year"], source=opts["source"],
                                      note=opts["note"])
            self.stdout.write(f"Unit cost {c.key} saved: GBP {c.low:,.2f} to {c.high:,.2f} {c.unit} "
                              f"({c.price_year} prices; {c.source})")
            return
        if user.profile.role not in UNIT_COST_READ_ROLES:
            raise PermissionDenied("Your role may not see the unit costs.")
        data = unit_costs()
        log_access(user=user, children=None, channel="cli", what="unit costs")
        rows = [{"key": c.key, "label": c.label, "low": str(c.low), "high": str(c.high), "unit": c.unit,
                 "price_year": c.price_year, "source": c.source, "note": c.note} for c in data["costs"]]
        if opts["json"]:
            self.stdout.write(json.dumps({"costs": rows, "not_loaded": [k for k, _ in data["missing"]]}))
            return
        for r in rows:
            self.stdout.write(f"  {r['key']:<32} GBP {r['low']} to {r['high']} {r['unit']}  "
                              f"({r['price_year']}; {r['source']})")
        for key, label in data["missing"]:
            self.stdout.write(f"  {key:<32} not loaded: {label} is counted, not costed")
