"""The `divert` entry point starts light: `--help` sets nothing up and loads no heavy library."""

import json
import subprocess
import sys

HEAVY = ("splink", "pandas", "altair", "duckdb", "weasyprint", "networkx", "numpy", "pyarrow", "vl_convert")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_does_not_set_up_django_or_import_heavy_libraries():
    loaded = _modules_after("from divert.cli import main\nmain(['--help'])")
    assert "django.db.models" not in loaded  # no django.setup(): the command list comes from disk
    assert not [m for m in HEAVY if m in loaded]


def test_help_lists_the_same_commands_as_django(db):
    from django.core.management import get_commands

    from divert.cli import DIVERT_APPS, _divert_commands

    expected = {name: app for name, app in get_commands().items()
                if app.startswith("divert.") and app.split(".")[1] in DIVERT_APPS}
    assert _divert_commands() == expected


def test_setting_django_up_loads_no_heavy_library():
    """What every light command (status, token, users) pays: settings, apps and the URL configuration."""
    loaded = _modules_after("import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'divert.settings.base'\n"
                            "import django\ndjango.setup()\nimport divert.urls")
    assert not [m for m in HEAVY if m in loaded]


def test_django_setup_loads_neither_the_api_library_nor_pydantic():
    """`divert status` and the other commands that need no URL pay only django.setup(): django-ninja (and pydantic
    with it) is not an installed app, so it loads only with the URLs (ADR 0038)."""
    loaded = _modules_after("import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'divert.settings.base'\n"
                            "import django\ndjango.setup()")
    assert not [m for m in (*HEAVY, "ninja", "pydantic") if m in loaded]


def test_no_command_help_loads_a_heavy_library():
    """Every command's module imports its heavy libraries when it runs, not when it is loaded (`divert X --help`)."""
    loaded = _modules_after(
        "import contextlib, io, os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'divert.settings.base'\n"
        "from divert.cli import _divert_commands, main\n"
        "for name in sorted(_divert_commands()):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main([name, '--help'])")
    assert not [m for m in HEAVY if m in loaded]


def test_api_docs_page_draws_swagger_from_the_sites_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_a_closed_pipe_ends_quietly_without_a_traceback():
    """`divert --help | head -1`: when the reader has gone, the command stops without a traceback."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first write: every write is a broken pipe
    try:
        out = subprocess.run([sys.executable, "-c", "from divert.cli import main\nmain(['--help'])"],
                             stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert "Traceback" not in out.stderr and "BrokenPipeError" not in out.stderr, out.stderr
    assert out.returncode == 1
