"""`divert panel agenda|add|members|decide|interventions|done`: the out-of-court disposal panel from the command
line. Prints ids, dates, states and outcome codes only (no personal data to stdout). Every command needs `--user`,
whose role decides what is allowed, exactly as on the page and the API."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from divert.core.audit import log_access
from divert.protocol import actions
from divert.protocol.models import Outcome, PanelMeeting
from divert.protocol.selectors import agenda_of, get_case_for, interventions_for

from .protocol import active_user


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from exc


def _meeting(held_on: str) -> PanelMeeting:
    meeting = PanelMeeting.objects.filter(held_on=_date(held_on)).first()
    if meeting is None:
        raise CommandError(f"No panel on {held_on}: build it with `divert panel agenda --date {held_on}`.")
    return meeting


class Command(BaseCommand):
    help = "The out-of-court disposal panel: agenda, members, decisions and interventions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        ag = sub.add_parser("agenda", help="Build the agenda for a panel date from referrals and reviews due")
        ag.add_argument("--date", required=True, help="YYYY-MM-DD")
        ag.add_argument("--user", required=True, help="username of the youth justice worker running the panel")
        ag.add_argument("--out", default="", help="also write the agenda and papers (or --minutes) as a PDF")
        ag.add_argument("--minutes", action="store_true", help="with --out: the minutes (decisions) instead")
        ad = sub.add_parser("add", help="The chair adds a case to a panel's agenda")
        ad.add_argument("--date", required=True)
        ad.add_argument("--user", required=True)
        ad.add_argument("--case", type=int, required=True)
        me = sub.add_parser("members", help="Set a panel's members (replaces the list)")
        me.add_argument("--date", required=True)
        me.add_argument("--user", required=True)
        me.add_argument("--member", action="append", default=[], metavar="NAME|ROLE|AGENCY",
                        help="repeat per member; AGENCY is police, council, yjs, cps or provider")
        de = sub.add_parser("decide", help="Record the panel's decision on a case sent to it")
        de.add_argument("--user", required=True)
        de.add_argument("--case", type=int, required=True)
        de.add_argument("--outcome", required=True, help="outcome code, e.g. community_resolution, youth_caution")
        de.add_argument("--gravity", type=int, required=True, help="Child Gravity Matrix score 1-5")
        de.add_argument("--date", default="", help="the panel's date (default: the latest panel with the case)")
        de.add_argument("--aggravating", default="")
        de.add_argument("--mitigating", default="")
        de.add_argument("--departure", default="", help="why the decision departs from the score")
        de.add_argument("--admission", choices=["yes", "no", "unknown"], default="unknown")
        de.add_argument("--victim-views", default="")
        de.add_argument("--victim-consents", choices=["yes", "no", "unknown"], default="unknown")
        de.add_argument("--child-views", default="")
        de.add_argument("--carer-views", default="")
        de.add_argument("--conditions", default="", help="youth conditional caution conditions or outcome 22 activity")
        de.add_argument("--decided-by", choices=["joint", "police"], default="joint")
        de.add_argument("--intervention", action="append", default=[], metavar="WHAT|OWNER|DUE[|NOTE]",
                        help="OWNER is the username of the user who owns it (and is reminded)")
        de.add_argument("--review", default="", help="review date YYYY-MM-DD")
        de.add_argument("--confirm-first-time-entrant", action="store_true",
                        help="confirm a decision that makes the child a first-time entrant (after seeing why)")
        iv = sub.add_parser("interventions", help="Open interventions on the cases you may see")
        iv.add_argument("--user", required=True)
        iv.add_argument("--all", action="store_true", help="done ones too")
        dn = sub.add_parser("done", help="Mark an intervention done")
        dn.add_argument("--user", required=True)
        dn.add_argument("--intervention", type=int, required=True)
        dn.add_argument("--on", default="", help="done on YYYY-MM-DD (default today)")

    def handle(self, *args, **opts):
        user = active_user(opts["user"])
        run = {"agenda": self._agenda, "add": self._add, "members": self._members, "decide": self._decide,
               "interventions": self._interventions, "done": self._done}[opts["sub"]]
        try:
            run(user, opts)
        except actions.FirstTimeEntrantNotConfirmed as exc:
            raise CommandError(f"Refused: {exc.messages[0]} Add --confirm-first-time-entrant to confirm.") from exc
        except (PermissionDenied, ValidationError) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "Forbidden")
            raise CommandError(f"Refused: {msg}") from exc
        except Http404 as exc:
            raise CommandError("No such case (or you may not see it).") from exc

    def _print_agenda(self, user, meeting):
        items = agenda_of(meeting)
        log_access(user=user, children=[i.case.child for i in items], channel="cli", what=f"panel {meeting.pk}")
        self.stdout.write(f"panel {meeting.held_on.isoformat()}: {len(items)} case(s), "
                          f"{len(meeting.members)} member(s)")
        for i in items:
            self.stdout.write(f"  {i.position}. case {i.case_id} ({i.get_reason_display()})")

    def _agenda(self, user, opts):
        meeting, _ = actions.create_panel(actor=user, held_on=_date(opts["date"]))
        self._print_agenda(user, meeting)
        if opts["out"]:
            from pathlib import Path

            from divert.protocol.render import panel_pdf

            Path(opts["out"]).write_bytes(panel_pdf(meeting, minutes=opts["minutes"]))
            self.stdout.write(f"wrote {opts['out']}")

    def _add(self, user, opts):
        meeting = _meeting(opts["date"])
        actions.add_to_agenda(actor=user, meeting=meeting, case=get_case_for(user, opts["case"]))
        self._print_agenda(user, meeting)

    def _members(self, user, opts):
        members = []
        for text in opts["member"]:
            parts = [p.strip() for p in text.split("|")]
            if len(parts) != 3:
                raise CommandError(f"--member takes NAME|ROLE|AGENCY, not {text!r}")
            members.append(dict(zip(("name", "role", "agency"), parts, strict=True)))
        meeting = actions.set_panel_members(actor=user, meeting=_meeting(opts["date"]), members=members)
        self.stdout.write(f"panel {meeting.held_on.isoformat()}: {len(meeting.members)} member(s)")

    def _decide(self, user, opts):
        case = get_case_for(user, opts["case"])
        log_access(user=user, children=case.child, channel="cli", what=f"protocol case {case.pk} decision")
        outcome = Outcome.objects.filter(code=opts["outcome"]).first()
        if outcome is None:
            raise CommandError(f"No outcome {opts['outcome']!r}; codes: "
                               + ", ".join(Outcome.objects.filter(panel_option=True).values_list("code", flat=True)))
        meeting = (_meeting(opts["date"]) if opts["date"]
                   else PanelMeeting.objects.filter(items__case=case).order_by("-held_on").first())
        tri = {"yes": True, "no": False, "unknown": None}
        interventions = []
        for text in opts["intervention"]:
            parts = [p.strip() for p in text.split("|")]
            if len(parts) not in (3, 4):
                raise CommandError(f"--intervention takes WHAT|OWNER|DUE[|NOTE] (OWNER a username), not {text!r}")
            owner = get_user_model().objects.filter(username=parts[1], is_active=True).first()
            if owner is None:
                raise CommandError(f"No active user {parts[1]!r} to own the intervention.")
            interventions.append({"description": parts[0], "owner": owner, "due_on": _date(parts[2]),
                                  "note": parts[3] if len(parts) == 4 else ""})
        d = actions.record_panel_decision(
            actor=user, case=case, meeting=meeting, outcome=outcome, gravity_score=opts["gravity"],
            aggravating_factors=opts["aggravating"], mitigating_factors=opts["mitigating"],
            departure_rationale=opts["departure"], admission=tri[opts["admission"]],
            victim_views=opts["victim_views"], victim_consents_to_restorative=tri[opts["victim_consents"]],
            child_views=opts["child_views"], carer_views=opts["carer_views"], conditions=opts["conditions"],
            decided_by=opts["decided_by"], interventions=interventions,
            review_on=_date(opts["review"]) if opts["review"] else None,
            first_time_entrant_confirmed=opts["confirm_first_time_entrant"])
        self.stdout.write(f"case {case.pk}: decision {d.pk} recorded ({outcome.code}"
                          f"{', first-time entrant' if d.first_time_entrant else ''}; "
                          f"{d.interventions.count()} intervention(s))")

    def _interventions(self, user, opts):
        actions.require_role(user, actions.PANEL_ROLES, "see the panel's interventions")
        items = list(interventions_for(user, open_only=not opts["all"]))
        log_access(user=user, children=[i.decision.case.child for i in items], channel="cli",
                   what="panel interventions")
        self.stdout.write(f"{len(items)} intervention(s)")
        for i in items:
            state = f"done {i.done_on.isoformat()}" if i.done_on else f"due {i.due_on.isoformat()}"
            self.stdout.write(f"  {i.pk}: case {i.decision.case_id}, {state}")

    def _done(self, user, opts):
        actions.require_role(user, actions.PANEL_ROLES, "update an intervention")
        item = interventions_for(user, open_only=False).filter(pk=opts["intervention"]).first()
        if item is None:
            raise CommandError(f"No intervention {opts['intervention']} you may see.")
        item = actions.complete_intervention(actor=user, intervention=item,
                                             done_on=_date(opts["on"]) if opts["on"] else None)
        self.stdout.write(f"intervention {item.pk}: done {item.done_on.isoformat()}")
