"""`divert users add|list`: accounts and their roles (administrators run this on the server)."""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Manage user accounts. `users add --username U --role ROLE [--provider NAME]` creates an account "
            "(asks for the password); `users list` lists accounts and roles.")

    def add_arguments(self, parser):
        from divert.core.roles import Role

        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{add,list}")
        add = sub.add_parser("add", help="create a user with a role",
                             description="Create a user with a role. Provider managers need --provider.")
        add.add_argument("--username", required=True)
        add.add_argument("--role", required=True, choices=[r.value for r in Role],
                         help="one of: " + ", ".join(f"{r.value} ({r.label})" for r in Role))
        add.add_argument("--provider", help="provider name (provider managers only)")
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        sub.add_parser("list", help="list users and roles", description="List usernames, roles and providers.")

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        from divert.core.actions import create_user
        from divert.core.models import Profile

        Provider = Profile._meta.get_field("provider").related_model  # noqa: N806  (core imports no Divert app)

        if options["subcommand"] == "list":
            for u in get_user_model().objects.select_related("profile__provider").order_by("username"):
                profile = getattr(u, "profile", None)
                role = profile.get_role_display() if profile else "(no role)"
                provider = f"\t{profile.provider}" if profile and profile.provider_id else ""
                self.stdout.write(f"{u.username}\t{role}{provider}")
            return
        if get_user_model().objects.filter(username=options["username"]).exists():
            raise CommandError(f"{options['username']!r} already exists.")
        provider = None
        if options["provider"]:
            provider = Provider.objects.filter(name=options["provider"]).first()
            if provider is None:
                raise CommandError(f"No provider called {options['provider']!r}.")
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            create_user(actor=None, username=options["username"], role=options["role"], password=password,
                        provider=provider, email=options["email"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {options['username']}.")
