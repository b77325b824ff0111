"""`divert panel agenda --date D --user U`: create (or refresh) the week's OOCD panel and print its agenda
(case ids and reasons only)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from divert.core.audit import log_access
from divert.protocol import actions
from divert.protocol.selectors import agenda_of

from .protocol import active_user


class Command(BaseCommand):
    help = "The out-of-court disposal panel: build and print an agenda."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        ag = sub.add_parser("agenda", help="Build the agenda for a panel date from referrals and reviews due")
        ag.add_argument("--date", required=True, help="YYYY-MM-DD")
        ag.add_argument("--user", required=True, help="username of the youth justice worker running the panel")
        ag.add_argument("--out", default="", help="also write the agenda and papers (or --minutes) as a PDF")
        ag.add_argument("--minutes", action="store_true", help="with --out: the minutes (decisions) instead")

    def handle(self, *args, **opts):
        user = active_user(opts["user"])
        try:
            meeting, _ = actions.create_panel(actor=user, held_on=dt.date.fromisoformat(opts["date"]))
        except PermissionDenied as exc:
            raise CommandError(f"Refused: {exc}") from exc
        items = agenda_of(meeting)
        log_access(user=user, children=[i.case.child for i in items], channel="cli", what=f"panel {meeting.pk}")
        self.stdout.write(f"panel {meeting.held_on.isoformat()}: {len(items)} case(s)")
        for i in items:
            self.stdout.write(f"  {i.position}. case {i.case_id} ({i.get_reason_display()})")
        if opts["out"]:
            from pathlib import Path

            from divert.protocol.render import panel_pdf

            Path(opts["out"]).write_bytes(panel_pdf(meeting, minutes=opts["minutes"]))
            self.stdout.write(f"wrote {opts['out']}")
