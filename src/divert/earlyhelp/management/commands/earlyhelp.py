"""`divert earlyhelp caseload|family|refer|contact|review|close|reassign|cohorts`: the CLI front door onto early
help.

Prints referral numbers, 903 CHILD ids, families' case references, codes and dates only (never names). Every
command takes `--user`, whose role and agency decide what is allowed and seen, exactly as on the page and the
API; reads of children and families write the access log (channel "cli")."""

import datetime as dt
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from divert.core.audit import log_access
from divert.core.scoping import check_roles
from divert.earlyhelp import actions
from divert.earlyhelp.access import (
    CASE_ROLES,
    COHORT_ROLES,
    families_visible_to,
    log_family_access,
    log_referrals_shown,
    log_refused,
    referrals_visible_to,
)
from divert.earlyhelp.models import InterventionType, Referral, Risk
from divert.earlyhelp.selectors import caseload, cohort_report
from divert.registers.access import children_visible_to


def _user(username: str):
    try:
        return get_user_model().objects.select_related("profile").get(username=username, is_active=True)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No active user {username!r}.") from exc


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError("Dates are YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = ("Early help with police community support officers: the caseload, referrals, contacts, reviews, "
            "closures and the cohort report (docs/early-help.md).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        c = sub.add_parser("caseload", help="the user's referrals (a PCSO's own; the service's all)")
        c.add_argument("--user", required=True)
        c.add_argument("--all", action="store_true", help="closed referrals too")
        c.add_argument("--json", action="store_true")
        f = sub.add_parser("family", help="record a child and family not in care (pseudonymous), to refer them")
        f.add_argument("--user", required=True)
        f.add_argument("--reference", required=True, help="the early help service's case reference")
        f.add_argument("--initials", default="")
        f.add_argument("--birth-year", type=int)
        f.add_argument("--postcode-district", default="", help="the first part of the postcode only, e.g. PO4")
        r = sub.add_parser("refer", help="refer a child or a family not in care to early help with a PCSO as the "
                           "named worker")
        r.add_argument("--user", required=True)
        who = r.add_mutually_exclusive_group(required=True)
        who.add_argument("--child", help="903 CHILD id of a child on the register")
        who.add_argument("--family", help="case reference of a family not in care (record it with `family`)")
        r.add_argument("--worker", required=True, help="the PCSO's username")
        r.add_argument("--source", required=True, choices=Referral.Source.values)
        r.add_argument("--concern", required=True, choices=Referral.Concern.values)
        r.add_argument("--risk", required=True, choices=Risk.values, help="exploitation risk at referral")
        r.add_argument("--reason", required=True)
        r.add_argument("--on", help="date of referral, YYYY-MM-DD (default today)")
        k = sub.add_parser("contact", help="record a contact on a referral")
        k.add_argument("--user", required=True)
        k.add_argument("--referral", type=int, required=True)
        k.add_argument("--intervention", required=True, help="intervention code (see the admin)")
        k.add_argument("--on", help="YYYY-MM-DD (default today)")
        k.add_argument("--not-engaged", action="store_true", help="the child did not take part")
        k.add_argument("--note", default="")
        v = sub.add_parser("review", help="review a referral: the exploitation risk now")
        v.add_argument("--user", required=True)
        v.add_argument("--referral", type=int, required=True)
        v.add_argument("--risk", required=True, choices=Risk.values)
        v.add_argument("--on", help="YYYY-MM-DD (default today)")
        v.add_argument("--note", default="")
        x = sub.add_parser("close", help="close a referral with its reason")
        x.add_argument("--user", required=True)
        x.add_argument("--referral", type=int, required=True)
        x.add_argument("--reason", required=True, choices=Referral.Closure.values)
        x.add_argument("--on", help="YYYY-MM-DD (default today)")
        x.add_argument("--note", default="")
        a = sub.add_parser("reassign", help="name another PCSO as the worker on an open referral")
        a.add_argument("--user", required=True)
        a.add_argument("--referral", type=int, required=True)
        a.add_argument("--worker", required=True, help="the new PCSO's username")
        a.add_argument("--reason", default="")
        h = sub.add_parser("cohorts", help="the cohort report: re-referrals and risk trajectories by year")
        h.add_argument("--user", required=True)
        h.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        try:
            return getattr(self, f"_{opts['what']}")(opts)
        except (PermissionDenied, ValidationError) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "Forbidden")
            raise CommandError(f"Refused: {msg}") from exc

    def _referral(self, user, pk: int) -> Referral:
        r = referrals_visible_to(user).select_related("child", "family").filter(pk=pk).first()
        if r is None:
            log_refused(user=user, what="early-help referral", channel="cli", referral_pk=pk)
            raise CommandError("No such referral (or you may not see it).")
        return r

    def _caseload(self, opts):
        user = _user(opts["user"])
        check_roles(user, *CASE_ROLES)
        rows = caseload(user=user, open_only=not opts["all"])
        log_referrals_shown(user=user, referrals=[r.referral for r in rows], channel="cli",
                            what="early-help caseload")
        out = [{"referral": r.referral.pk, "child": r.referral.subject_ref, "not_in_care": bool(r.referral.family_id),
                "referred_on": r.referral.referred_on.isoformat(), "concern": r.referral.concern,
                "risk_at_referral": r.referral.initial_risk, "risk_now": r.latest_risk, "trajectory": r.trajectory,
                "contacts": r.contacts, "review_due": r.review_due,
                "closed_on": r.referral.closed_on.isoformat() if r.referral.closed_on else None} for r in rows]
        if opts["json"]:
            self.stdout.write(json.dumps(out))
            return
        self.stdout.write(f"{len(out)} referral{'s' if len(out) != 1 else ''}"
                          f" ({sum(r['review_due'] for r in out)} with a review due)")
        for r in out:
            self.stdout.write(f"  {r['referral']:>5}  {r['child']}  {r['referred_on']}  {r['concern']}  "
                              f"{r['risk_at_referral']} -> {r['risk_now'] or '-'} ({r['trajectory']})  "
                              f"contacts={r['contacts']}{'  REVIEW DUE' if r['review_due'] else ''}"
                              f"{'  closed ' + r['closed_on'] if r['closed_on'] else ''}")

    def _family(self, opts):
        user = _user(opts["user"])
        f = actions.record_family(actor=user, reference=opts["reference"], initials=opts["initials"],
                                  birth_year=opts["birth_year"], postcode_district=opts["postcode_district"])
        log_family_access(user=user, families=[f], channel="cli", what="early-help family recorded")
        self.stdout.write(f"Family {f.reference} recorded (not in care): refer it with "
                          f"`divert earlyhelp refer --family {f.reference} ...`")

    def _refer(self, opts):
        user = _user(opts["user"])
        child = family = None
        if opts["child"]:
            child = children_visible_to(user).filter(child_id=opts["child"]).first()
            if child is None:
                raise CommandError("No such child (or you may not see them).")
        else:
            family = families_visible_to(user).filter(reference=opts["family"].strip().upper()).first()
            if family is None:
                raise CommandError("No such family (or you may not see it): record it with `family` first.")
        worker = get_user_model().objects.filter(username=opts["worker"]).first()
        if worker is None:
            raise CommandError(f"No user {opts['worker']!r}.")
        r = actions.refer(actor=user, child=child, family=family, worker=worker, source=opts["source"],
                          concern=opts["concern"], reason=opts["reason"], initial_risk=opts["risk"],
                          referred_on=_day(opts["on"]))
        log_referrals_shown(user=user, referrals=[r], channel="cli", what="early-help referral made")
        self.stdout.write(f"Referral {r.pk} made for {r.subject_ref}, named worker {worker.get_username()}")

    def _reassign(self, opts):
        user = _user(opts["user"])
        r = self._referral(user, opts["referral"])
        worker = get_user_model().objects.filter(username=opts["worker"]).first()
        if worker is None:
            raise CommandError(f"No user {opts['worker']!r}.")
        actions.reassign(actor=user, referral=r, worker=worker, reason=opts["reason"])
        log_referrals_shown(user=user, referrals=[r], channel="cli", what="early-help referral reassigned")
        self.stdout.write(f"Referral {r.pk} reassigned to {worker.get_username()}")

    def _contact(self, opts):
        user = _user(opts["user"])
        r = self._referral(user, opts["referral"])
        kind = InterventionType.objects.filter(code=opts["intervention"]).first()
        if kind is None:
            codes = ", ".join(InterventionType.objects.filter(active=True).values_list("code", flat=True))
            raise CommandError(f"Unknown intervention {opts['intervention']!r}; one of: {codes}")
        actions.record_contact(actor=user, referral=r, intervention=kind, on=_day(opts["on"]) or timezone.localdate(),
                               child_engaged=not opts["not_engaged"], note=opts["note"])
        log_referrals_shown(user=user, referrals=[r], channel="cli", what="early-help contact recorded")
        self.stdout.write(f"Contact recorded on referral {r.pk}: {kind.code}")

    def _review(self, opts):
        user = _user(opts["user"])
        r = self._referral(user, opts["referral"])
        v = actions.record_review(actor=user, referral=r, risk=opts["risk"], reviewed_on=_day(opts["on"]),
                                  note=opts["note"])
        log_referrals_shown(user=user, referrals=[r], channel="cli", what="early-help review recorded")
        self.stdout.write(f"Review recorded on referral {r.pk}: risk {v.risk}")

    def _close(self, opts):
        user = _user(opts["user"])
        r = self._referral(user, opts["referral"])
        actions.close_referral(actor=user, referral=r, closure=opts["reason"], closed_on=_day(opts["on"]),
                               note=opts["note"])
        log_referrals_shown(user=user, referrals=[r], channel="cli", what="early-help referral closed")
        self.stdout.write(f"Referral {r.pk} closed: {opts['reason']}")

    def _cohorts(self, opts):
        user = _user(opts["user"])
        check_roles(user, *COHORT_ROLES)
        log_access(user=user, children=None, channel="cli", what="early-help cohort report")
        rows = [{"year": c.year, "referrals": c.referrals, "children": c.children, "in_care": c.in_care,
                 "not_in_care": c.not_in_care, "closed": c.closed,
                 "open": c.open, "closures_followed_up": c.re_referral.closed, "re_referred": c.re_referral.re_referred,
                 "re_referral_percent": c.re_referral.percent, "closures_pending": c.re_referral.pending,
                 "trajectories": c.trajectories} for c in cohort_report()]
        if opts["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for c in rows:
            rate = (f"{c['re_referred']} of {c['closures_followed_up']} ({c['re_referral_percent']}%)"
                    if c["closures_followed_up"] else "not yet measurable")
            self.stdout.write(f"Cohort {c['year'] - 1}-{str(c['year'])[2:]}: {c['referrals']} referrals of "
                              f"{c['children']} children and families ({c['not_in_care']} not in care), "
                              f"{c['closed']} closed; "
                              f"re-referred within 12 months: {rate}"
                              f"; pending {c['closures_pending']}")
            self.stdout.write("  " + ", ".join(f"{k}={v}" for k, v in c["trajectories"].items()))
