"""The `divert` command: a thin wrapper that runs Divert's management commands.

`divert import homes FILE` runs the `import` management command with `homes FILE`, and so on.
`divert --help` lists Divert's own commands; every command answers `--help`.
"""

import os
import sys

DIVERT_APPS = ("core", "registers", "police", "ingest", "matching", "incidents", "missing", "protocol",
               "exploitation", "earlyhelp", "outcomes",
               "synth", "ops")


def _divert_commands() -> dict[str, str]:
    """Divert's management commands found on disk, without setting Django up (so `divert --help` is instant)."""
    import pkgutil
    from importlib.util import find_spec

    commands: dict[str, str] = {}
    for app in DIVERT_APPS:
        spec = find_spec(f"divert.{app}")
        if spec is None or not spec.submodule_search_locations:
            continue
        paths = [f"{p}/management/commands" for p in spec.submodule_search_locations]
        for module in pkgutil.iter_modules(paths):
            if not module.ispkg and not module.name.startswith("_"):
                commands[module.name] = f"divert.{app}"
    return commands


def main(argv: list[str] | None = None) -> None:
    try:
        _run(argv)
    except BrokenPipeError:
        # The reader went away (`divert --help | head`, `divert daily ... | head`): stop quietly, as other
        # command-line tools do, instead of a traceback; what is still buffered goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _run(argv: list[str] | None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    if not argv or argv[0] in ("-h", "--help", "help") and len(argv) == 1:
        print("usage: divert COMMAND [ARGS...]\n\nCommands (each takes --help):")
        for name, app in sorted(_divert_commands().items()):
            print(f"  {name:<20} ({app.split('.')[1]})")
        print("\nDjango's own commands (migrate, runserver, ...) also work: divert migrate")
        return
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["divert", *argv])


if __name__ == "__main__":
    main()
