"""The WSGI application. Loading it also loads every page's code (the URL map and the views it names), so that
`divert serve` can load it once before forking its workers (gunicorn `preload_app`): a worker then starts warm,
and the first requests after a start, or after a worker is recycled, do not each pay the imports (ADR 0055)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
application = get_wsgi_application()


def _load_every_page() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URL map and every view module it names; no query)


_load_every_page()
