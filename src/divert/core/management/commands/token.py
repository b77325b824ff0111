"""`divert token issue|revoke|list`: API bearer tokens (docs/access-control.md)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Manage API bearer tokens. `token issue --user U --name N` prints a new token once (only its digest is "
            "stored); `token revoke --user U --name N` revokes it; `token list --user U` lists a user's tokens.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{issue,revoke,list}")
        issue = sub.add_parser("issue", help="issue a new token and print it once",
                               description="Issue a bearer token for a user. Send it as `Authorization: Bearer "
                               "TOKEN`. It is printed once and cannot be shown again.")
        issue.add_argument("--user", required=True, help="username the token acts as")
        issue.add_argument("--name", required=True, help="what the token is for, e.g. 'nightly export'")
        revoke = sub.add_parser("revoke", help="revoke a user's token by name",
                                description="Revoke a user's token(s) with this name. Revoked tokens fail at once.")
        revoke.add_argument("--user", required=True, help="username")
        revoke.add_argument("--name", required=True, help="token name given at issue")
        lst = sub.add_parser("list", help="list a user's tokens (names and dates only)",
                             description="List a user's tokens: name, issued, revoked. Never the token itself.")
        lst.add_argument("--user", required=True, help="username")

    def handle(self, *args, **options):
        from divert.core.actions import issue_api_token, revoke_api_token
        from divert.core.models import ApiToken

        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user called {options['user']!r}.")
        cmd = options["subcommand"]
        if cmd == "issue":
            _token, secret = issue_api_token(actor=None, user=user, name=options["name"])
            self.stdout.write(secret)
            self.stderr.write("Keep this token secret; it will not be shown again.")
        elif cmd == "revoke":
            tokens = list(ApiToken.objects.filter(user=user, name=options["name"], revoked_at__isnull=True))
            if not tokens:
                raise CommandError(f"No live token called {options['name']!r} for {user.username}.")
            for t in tokens:
                revoke_api_token(actor=None, token=t)
            self.stdout.write(f"Revoked {len(tokens)} token(s).")
        else:
            for t in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "live"
                self.stdout.write(f"{t.name}\tissued {t.created_at:%Y-%m-%d %H:%M}\t{state}")
