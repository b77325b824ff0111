"""Production deployment: settings that refuse unsafe set-ups, security headers, pages that pass the CSP, gunicorn."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from divert.core.roles import Role

# The environment docs/runbooks/deploy.md documents (a throwaway key; PostgreSQL need not be running for checks).
DOCUMENTED_ENV = {
    "DJANGO_SETTINGS_MODULE": "divert.settings.production",
    "DIVERT_SECRET_KEY": "k3y-for-tests-only-" + "x9Q2mZ7vB4nL8pR1tW6yC3fH5jK0sD" * 2,
    "DIVERT_ALLOWED_HOSTS": "divert.example.org",
    "DATABASE_URL": "postgres://divert@127.0.0.1:5432/divert",
}


def _run(args, env_overrides, **kwargs):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIVERT_", "DATABASE_URL", "DJANGO_"))}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "divert.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, **kwargs)


def test_check_deploy_has_no_warnings_with_the_documented_environment(tmp_path):
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], {**DOCUMENTED_ENV, "DIVERT_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_sqlite(tmp_path):
    env = {k: v for k, v in DOCUMENTED_ENV.items() if k != "DATABASE_URL"}
    result = _run(["check"], {**env, "DIVERT_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in DOCUMENTED_ENV.items() if k != "DIVERT_SECRET_KEY"}
    result = _run(["check"], {**env, "DIVERT_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "DIVERT_SECRET_KEY" in result.stderr


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP (no 'unsafe-inline') would block: inline scripts, <style>, style="", on*=""."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self._in_inline_script = True
        if tag == "style":
            self.found.append("<style>")
        if "style" in names:
            self.found.append(f'<{tag} style="...">')
        self.found.extend(f"<{tag} {name}=...>" for name in names if name.startswith("on"))

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def _inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def test_inline_finder_sees_inline_script_and_style():
    assert _inline_code('<p style="x">a</p><script>alert(1)</script><style>p{}</style>') == [
        '<p style="...">', "<script>alert(1)", "<style>"]
    assert _inline_code('<script src="/static/a.js"></script>') == []


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_page_passes_a_csp_with_no_inline_code(role, client, make_user):
    from divert.ops.menus import NAV

    client.force_login(make_user(role, provider=None))
    for url in ["/", *[task.url for _label, task in NAV[role]]]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert _inline_code(response.content.decode()) == [], url


def test_sign_in_page_has_no_inline_code(client, db):
    response = client.get("/sign-in/")
    assert _inline_code(response.content.decode()) == []


def test_permissions_policy_switches_off_powerful_features(client, db):
    policy = client.get("/sign-in/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_workers_are_one_more_than_the_cpus():
    """CPU-bound pages: more workers than CPUs + 1 only take turns (ADR 0055)."""
    from divert.gunicorn_conf import default_workers

    assert [default_workers(n) for n in (1, 2, 8)] == [2, 3, 9]


def test_the_server_loads_divert_once_before_forking_its_workers(monkeypatch):
    """Workers start warm (ADR 0055); DIVERT_PRELOAD=0 loads Divert in each worker instead."""
    import importlib

    import divert.gunicorn_conf as conf

    monkeypatch.delenv("DIVERT_PRELOAD", raising=False)
    assert importlib.reload(conf).preload_app is True
    monkeypatch.setenv("DIVERT_PRELOAD", "0")
    assert importlib.reload(conf).preload_app is False
    monkeypatch.delenv("DIVERT_PRELOAD")
    importlib.reload(conf)


def test_loading_the_wsgi_application_loads_every_page_without_a_query():
    """No database mark: pytest-django refuses any query, so a load that touched the database would fail here."""
    import importlib
    import sys

    from django.urls import clear_url_caches

    clear_url_caches()
    sys.modules.pop("divert.wsgi", None)
    importlib.import_module("divert.wsgi")
    from django.urls import get_resolver

    assert "url_patterns" in get_resolver().__dict__  # the URL map (and every view module) is loaded


def test_serve_dry_run_prints_the_gunicorn_command(tmp_path):
    result = _run(["serve", "--dry-run", "--workers", "3"], {"DIVERT_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "-m gunicorn --config python:divert.gunicorn_conf --workers 3 divert.wsgi:application" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str]):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback http only)
    for _ in range(300):
        try:
            return urllib.request.urlopen(request, timeout=120)  # noqa: S310 (loopback)
        except (urllib.error.URLError, TimeoutError) as exc:
            if getattr(exc, "code", None):
                raise
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url}")


@pytest.mark.slow
def test_divert_serve_runs_gunicorn_with_whitenoise_and_no_server_banner(tmp_path):
    env = {**DOCUMENTED_ENV, "DIVERT_VAR_DIR": str(tmp_path), "DIVERT_ALLOWED_HOSTS": "127.0.0.1"}
    collected = _run(["collectstatic", "--no-input"], env)
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    env_full = {k: v for k, v in os.environ.items() if not k.startswith(("DIVERT_", "DATABASE_URL", "DJANGO_"))}
    env_full.update(env)
    server = subprocess.Popen([sys.executable, "-m", "divert.cli", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], env=env_full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proxy = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds
        page = _get(f"http://127.0.0.1:{port}/sign-in/", proxy)
        html = page.read().decode()
        assert page.headers["Server"] == "Divert"
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Permissions-Policy" in page.headers and "Content-Security-Policy" in page.headers
        script = re.search(r'src="(/static/divert/js-enabled\.[0-9a-f]+\.js)"', html)
        assert script, "static names carry a content hash (manifest storage)"
        static = _get(f"http://127.0.0.1:{port}{script.group(1)}", proxy)
        assert "js-enabled" in static.read().decode()
        assert "max-age=315360000" in static.headers["Cache-Control"]  # WhiteNoise: hashed files cached forever
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert Path(tmp_path, "staticfiles", "staticfiles.json").exists()


def test_serve_runs_sync_workers_unless_threads_are_asked_for(monkeypatch):
    """Sync workers take a request only when free, so requests spread evenly (ADR 0039)."""
    import importlib

    import divert.gunicorn_conf as conf

    monkeypatch.delenv("DIVERT_THREADS", raising=False)
    assert (importlib.reload(conf).worker_class, conf.threads) == ("sync", 1)
    monkeypatch.setenv("DIVERT_THREADS", "2")
    assert importlib.reload(conf).worker_class == "gthread"
    monkeypatch.delenv("DIVERT_THREADS")
    importlib.reload(conf)
