"""`divert outcomes indicator --year YYYY`: the national offending indicator from the imported 903 returns."""

import json
from collections import Counter

from django.core.management.base import BaseCommand

from divert.outcomes.selectors import indicator_for


class Command(BaseCommand):
    help = "Outcomes of children looked after (docs/indicator.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        p = sub.add_parser("indicator", help="the DfE offending indicator for a collection year (counts only)")
        p.add_argument("--year", type=int, required=True,
                       help="collection year (2026 = the year ending 31 March 2026)")
        p.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, **opts):
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
