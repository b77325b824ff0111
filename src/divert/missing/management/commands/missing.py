"""`divert missing build|compliance|finalise|pack`: the CLI front door onto the missing actions.

Prints ids, rule names and counts only (no personal data to stdout).
"""

import datetime as dt
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Missing from care: build episodes, list compliance items, finalise an episode, render the monthly pack."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("build", help="Reconcile police missing reports and 903 Missing rows into episodes")
        comp = sub.add_parser("compliance", help="Run and print the day's compliance items")
        comp.add_argument("--date", default=None, help="YYYY-MM-DD (default today)")
        fin = sub.add_parser("finalise", help="Finalise an episode (refused until its return interview is done)")
        fin.add_argument("--episode", type=int, required=True)
        fin.add_argument("--user", required=True, help="username of the person finalising")
        pack = sub.add_parser("pack", help="Render the Multiple Missing and Hotspots pack as a PDF")
        pack.add_argument("--month", required=True, help="YYYY-MM")
        pack.add_argument("--out", required=True)
        pack.add_argument("--area", default="")
        pack.add_argument("--pseudonymise", action="store_true", help="pseudonyms and small-number suppression")
        pack.add_argument("--user", default=None, help="username (names appear only if their role allows)")

    def handle(self, *args, **opts):
        return getattr(self, f"_{opts['sub']}")(opts)

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No active user {username!r}.") from exc

    def _build(self, opts):
        from divert.missing.reconcile import build_episodes

        for k, v in build_episodes().as_dict().items():
            self.stdout.write(f"{k}: {v}")

    def _compliance(self, opts):
        from divert.missing.actions import run_daily_compliance
        from divert.missing.rules import RULES

        try:
            run_date = dt.date.fromisoformat(opts["date"]) if opts["date"] else dt.date.today()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        items = run_daily_compliance(run_date=run_date)
        self.stdout.write(f"Compliance items for {run_date.isoformat()}: {len(items)}")
        for rule in RULES:
            mine = [i for i in items if i.rule == rule.name]
            self.stdout.write(f"\n{rule.name} ({len(mine)}) - {rule.source}")
            for i in mine:
                detail = ", ".join(f"{k}={v}" for k, v in i.detail.items() if k != "other_episode_ids")
                self.stdout.write(f"  item {i.pk}  {i.subject_key}  {detail}")

    def _finalise(self, opts):
        from divert.missing.actions import FinalisationBlocked, finalise_episode
        from divert.missing.models import MissingEpisode

        user = self._user(opts["user"])
        episode = MissingEpisode.objects.filter(pk=opts["episode"]).first()
        if episode is None:
            raise CommandError(f"No episode {opts['episode']}.")
        try:
            finalise_episode(episode=episode, user=user)
        except FinalisationBlocked as exc:
            raise CommandError("Cannot finalise episode {}: {}".format(episode.pk, " ".join(exc.blockers))) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Episode {episode.pk} finalised.")

    def _pack(self, opts):
        from divert.core.audit import log_access
        from divert.core.scoping import role_of
        from divert.missing.access import PACK_NAME_ROLES
        from divert.missing.pack.data import build_pack, parse_month
        from divert.missing.pack.render import pdf_bytes

        try:
            month = parse_month(opts["month"])
        except ValueError as exc:
            raise CommandError("--month must be YYYY-MM") from exc
        user = self._user(opts["user"]) if opts["user"] else None
        names = (user is not None and role_of(user) in PACK_NAME_ROLES) and not opts["pseudonymise"]
        started = time.perf_counter()
        data = build_pack(month=month, area=opts["area"], names=names, pseudonymised=opts["pseudonymise"])
        pdf = pdf_bytes(data)
        Path(opts["out"]).write_bytes(pdf)
        log_access(user=user, children=data["child_ids"], channel="cli",
                   what=f"missing pack PDF {data['month']}{' pseudonymised' if opts['pseudonymise'] else ''}")
        self.stdout.write(f"Wrote {opts['out']} ({len(pdf)} bytes, {len(data['child_ids'])} children, "
                          f"{time.perf_counter() - started:.1f} s)")
