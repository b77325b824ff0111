"""`divert protocol open|send|show|questions|decide|remind`: the CLI front door onto the protocol actions.

Prints ids, states and section titles only (no personal data to stdout). Every write needs `--user`, whose role
decides what is allowed, exactly as on the page and the API.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from divert.core.audit import log_access
from divert.police.models import CustodyRecord, Incident
from divert.protocol import actions
from divert.protocol.selectors import case_file, get_case_for
from divert.registers.access import children_visible_to

# CLI flag -> what it records (field names are the flags with "_" for "-").
QUESTION_TEXTS = {
    "family-test-reasons": "the reasons for the family-test answer (required with an answer)",
    "why-police-involved": "why the police were involved",
    "restorative-action-taken": "restorative or informal action already taken",
    "victim-wishes": "the victim's wishes",
    "exploitation-indicators": "exploitation indicators",
    "duress-indicators": "duress indicators",
    "childs-account": "the child's own account and views",
}
QUESTION_TRI = {
    "behaviour-policy-followed": "did the home follow its behaviour policy?",
    "modern-slavery-s45": "could a s.45 Modern Slavery Act defence apply?",
    "in-the-home": "did it happen in the home?",
}


def active_user(username):
    try:
        return get_user_model().objects.select_related("profile").get(username=username, is_active=True)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No active user {username!r}.") from exc


class Command(BaseCommand):
    help = ("Protocol cases: open one, send one to the panel or the prosecutor, show one's sections, record the "
            "prosecutor's charging decision, email the reminders due.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        op = sub.add_parser("open", help="Open (or find) the case for one suspected offence")
        op.add_argument("--user", required=True)
        op.add_argument("--child", required=True, help="903 CHILD id")
        op.add_argument("--incident", default="", help="incident reference")
        op.add_argument("--custody", default="", help="custody reference")
        op.add_argument("--offence", default="", help="suspected offence (by hand)")
        op.add_argument("--date", default=None, help="offence date YYYY-MM-DD (by hand)")
        se = sub.add_parser("send", help="Send a case (refused until its mandatory sections are complete)")
        se.add_argument("--user", required=True)
        se.add_argument("--case", type=int, required=True)
        se.add_argument("--to", choices=["panel", "cps"], required=True)
        sh = sub.add_parser("show", help="A case's state and its sections")
        sh.add_argument("--user", required=True)
        sh.add_argument("--case", type=int, required=True)
        de = sub.add_parser("decide", help="The prosecutor's charging decision on a case referred to the CPS")
        de.add_argument("--user", required=True, help="username of the prosecutor")
        de.add_argument("--case", type=int, required=True)
        de.add_argument("--decision", required=True, help="e.g. 'Charge', 'No further action'")
        de.add_argument("--reasons", required=True)
        qu = sub.add_parser("questions", help="Answer the protocol's questions on a case (the family test and its "
                                              "reasons, behaviour policy, restorative action, victim's wishes, "
                                              "exploitation, duress, s.45, the child's account); with no answer "
                                              "given, say which are answered")
        qu.add_argument("--user", required=True)
        qu.add_argument("--case", type=int, required=True)
        qu.add_argument("--version", type=int, default=None,
                        help="the case's version you read (refused if someone saved since); default: as it is now")
        qu.add_argument("--family-test", choices=["yes", "no", "unsure", "none"],
                        help="would a family have called the police? ('none': not answered)")
        for flag, what in QUESTION_TEXTS.items():
            qu.add_argument(f"--{flag}", default=None, help=what)
        for flag, what in QUESTION_TRI.items():
            qu.add_argument(f"--{flag}", choices=["yes", "no", "unknown"], default=None, help=what)
        re_ = sub.add_parser("remind", help="Email the reminders due: sections overdue, reviews due, interventions "
                                            "overdue (schedule daily)")
        re_.add_argument("--date", default=None, help="as if on this day (YYYY-MM-DD; default today)")
        re_.add_argument("--dry-run", action="store_true", help="count what would be sent; send nothing")

    def handle(self, *args, **opts):
        if opts["sub"] == "remind":
            return self._remind(opts)
        user = active_user(opts["user"])
        run = {"open": self._open, "send": self._send, "show": self._show, "decide": self._decide,
               "questions": self._questions}[opts["sub"]]
        try:
            return run(user, opts)
        except actions.CaseIncomplete as exc:
            raise CommandError("Refused: complete these sections first:\n  " + "\n  ".join(exc.missing)) from exc
        except (PermissionDenied, ValidationError) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "Forbidden")
            raise CommandError(f"Refused: {msg}") from exc
        except Http404 as exc:
            raise CommandError("No such case (or you may not see it).") from exc

    def _open(self, user, opts):
        child = children_visible_to(user).filter(child_id=opts["child"]).first()
        if child is None:
            raise CommandError(f"No child {opts['child']!r} that you may see.")
        incident = custody = None
        opened_from = "by_hand"
        if opts["incident"]:
            incident = Incident.objects.filter(reference=opts["incident"]).first()
            if incident is None:
                raise CommandError(f"No incident {opts['incident']!r}.")
            opened_from = "daily_list"
        if opts["custody"]:
            custody = CustodyRecord.objects.filter(custody_reference=opts["custody"]).first()
            if custody is None:
                raise CommandError(f"No custody record {opts['custody']!r}.")
            opened_from = "custody_record"
        on = dt.date.fromisoformat(opts["date"]) if opts["date"] else None
        case, created = actions.open_case(actor=user, child=child, opened_from=opened_from, incident=incident,
                                          custody_record=custody, suspected_offence=opts["offence"], offence_on=on)
        log_access(user=user, children=child, channel="cli", what=f"protocol case {case.pk}")
        self.stdout.write(f"case {case.pk} {'opened' if created else 'already open'} ({case.get_state_display()})")

    def _send(self, user, opts):
        case = get_case_for(user, opts["case"])
        log_access(user=user, children=case.child, channel="cli", what=f"protocol case {case.pk}")
        case = actions.send_case(actor=user, case=case, to=opts["to"])
        self.stdout.write(f"case {case.pk}: {case.get_state_display()}")

    def _show(self, user, opts):
        case = get_case_for(user, opts["case"])
        log_access(user=user, children=case.child, channel="cli", what=f"protocol case {case.pk}")
        f = case_file(case)
        self.stdout.write(f"case {case.pk}: {case.get_state_display()}")
        for form, responses in f.forms:
            self.stdout.write(f"{form.version}")
            for r in responses:
                self.stdout.write(f"  [{r.get_state_display():<14}] {r.section.title} "
                                  f"({r.section.get_requirement_display().lower()}, {r.get_owner_role_display()})")
        if f.missing:
            self.stdout.write(f"missing before sending: {len(f.missing)}")

    def _decide(self, user, opts):
        case = get_case_for(user, opts["case"])
        log_access(user=user, children=case.child, channel="cli", what=f"protocol case {case.pk} charging decision")
        case = actions.record_charging_decision(actor=user, case=case, decision=opts["decision"],
                                                reasons=opts["reasons"])
        self.stdout.write(f"case {case.pk}: {case.get_state_display()} (charging decision recorded)")

    def _questions(self, user, opts):
        case = get_case_for(user, opts["case"])
        log_access(user=user, children=case.child, channel="cli", what=f"protocol case {case.pk} questions")
        answers: dict = {}
        if opts["family_test"] is not None:
            answers["family_test"] = "" if opts["family_test"] == "none" else opts["family_test"]
        for flag in QUESTION_TEXTS:
            if opts[flag.replace("-", "_")] is not None:
                answers[flag.replace("-", "_")] = opts[flag.replace("-", "_")].strip()
        for flag in QUESTION_TRI:
            value = opts[flag.replace("-", "_")]
            if value is not None:
                answers[flag.replace("-", "_")] = {"yes": True, "no": False}.get(value)
        if answers:
            case = actions.answer_protocol_questions(actor=user, case=case, version=opts["version"], **answers)
            self.stdout.write(f"case {case.pk}: saved {len(answers)} answer(s) (version {case.version})")
        # Which questions are answered, never the answers themselves (no personal data on stdout).
        self.stdout.write(f"family test: {case.get_family_test_display()}")
        for flag in (*QUESTION_TEXTS, *QUESTION_TRI):
            value = getattr(case, flag.replace("-", "_"))
            self.stdout.write(f"  {flag}: {'answered' if value not in ('', None) else 'not answered'}")

    def _remind(self, opts):
        from divert.protocol.reminders import send_reminders

        day = dt.date.fromisoformat(opts["date"]) if opts["date"] else None
        result = send_reminders(today=day, dry_run=opts["dry_run"])
        verb = "would send" if opts["dry_run"] else "sent"
        self.stdout.write(f"reminders: {verb} {result.emails} email(s) to {result.recipients} recipient(s): "
                          f"{result.sections} section(s) overdue, {result.reviews} review(s) due, "
                          f"{result.interventions} intervention(s) overdue ({result.to_owner} to their owner); "
                          f"{result.already_sent} reminder(s) already sent today left out")
