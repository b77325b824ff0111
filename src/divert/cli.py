"""The `divert` command: a thin wrapper that runs Divert's management commands.

`divert import homes FILE` runs the `import` management command with `homes FILE`, and so on.
`divert --help` lists Divert's own commands; every command answers `--help`.
"""

import os
import sys

DIVERT_APPS = ("core", "registers", "police", "ingest", "matching", "incidents", "missing", "protocol", "outcomes",
               "synth", "ops")


def _divert_commands() -> dict[str, str]:
    from django.core.management import get_commands

    return {
        name: app
        for name, app in get_commands().items()
        if app.startswith("divert.") and app.split(".")[1] in DIVERT_APPS
    }


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in ("-h", "--help", "help"):
        print("usage: divert COMMAND [ARGS...]\n\nCommands (each takes --help):")
        for name, app in sorted(_divert_commands().items()):
            print(f"  {name:<20} ({app.split('.')[1]})")
        print("\nDjango's own commands (migrate, runserver, ...) also work: divert migrate")
        return
    execute_from_command_line(["divert", *argv])


if __name__ == "__main__":
    main()
