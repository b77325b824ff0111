"""`divert daily --date YYYY-MM-DD [--format csv|xlsx|pdf] [--out FILE] [--email] [--providers]`"""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Build the daily incident list: export it (CSV, XLSX, PDF) and/or email the digest to the CiCPOs."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="list date, YYYY-MM-DD (default today, Europe/London)")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf"], help="export format")
        parser.add_argument("--out", help="file to write the export to (default stdout for csv)")
        parser.add_argument("--email", action="store_true", help="email the digest to every active CiCPO")
        parser.add_argument("--providers", action="store_true",
                            help="with --email: also send each provider manager the list of their own homes")

    def handle(self, *args, **opts):
        from divert.core.audit import log_access
        from divert.core.roles import Role
        from divert.incidents import exports
        from divert.incidents.digest import send_digest
        from divert.incidents.selectors import daily_list

        try:
            day = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        fmt = opts["format"] or ("csv" if opts["out"] and not opts["email"] else None)
        if fmt:
            if fmt != "csv" and not opts["out"]:
                raise CommandError(f"--format {fmt} needs --out FILE")
            user = _system_reader(Role)
            daily = daily_list(user=user, day=day)
            body = {"csv": exports.to_csv, "xlsx": exports.to_xlsx}.get(fmt)
            data = body(daily) if body else exports.to_pdf(daily, context={})
            if opts["out"]:
                with open(opts["out"], "wb") as fh:
                    fh.write(data)
            else:
                sys.stdout.buffer.write(data)
            log_access(user=None, children=daily.child_ids, channel="export",
                       what=f"daily list {day.isoformat()} ({fmt}, command line)")
            self.stderr.write(f"{daily.total} entries written ({fmt})")
        if opts["email"]:
            result = send_digest(day=day, providers=opts["providers"])
            self.stderr.write(f"digest sent: {result['emails']} emails")
        if not fmt and not opts["email"]:
            daily = daily_list(user=_system_reader(Role), day=day)
            self.stdout.write(f"{day.isoformat()}: {daily.total} entries in {len(daily.groups)} groups; flags "
                              + ", ".join(f"{k} {v}" for k, v in daily.flag_counts.items()))


def _system_reader(Role):  # noqa: N803
    """The command line runs as an analyst would see the list: every home (it is run by the service account)."""

    class _Reader:
        is_authenticated = True
        profile = type("P", (), {"role": Role.ANALYST, "provider": None})()

    return _Reader()
