"""`divert outcomes indicator|reconcile|resolve|report|comparators`: the offending indicator, its reconciliation,
the board report and the published comparators (docs/indicator.md, docs/reports.md).

Prints counts and 903 CHILD ids only (never names). Writes need `--user`, whose role decides what is allowed,
exactly as on the page and the API.
"""

import json
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from divert.core.audit import log_access
from divert.outcomes import actions
from divert.outcomes.access import RECONCILE_ROLES
from divert.outcomes.selectors import board_report, indicator_for, reconciliation
from divert.registers.access import children_visible_to


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

    def handle(self, *args, **opts):
        try:
            return getattr(self, f"_{opts['what']}")(opts)
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
