"""Links from a lower app's page to a child's record kept by an app above it, registered from above.

The daily incident list (incidents) and the missing pack (missing) show an exploitation flag or concern; the
child's exploitation concerns live in `divert.exploitation`, above them, which registers its URL builder here in
its `AppConfig.ready()`. With nothing registered the pages show no link. This module imports no Divert app.
"""

from collections.abc import Callable

ChildUrl = Callable[[int], str]
_exploitation: list[ChildUrl] = []


def register(*, exploitation: ChildUrl) -> None:
    """Register `exploitation(child_pk) -> url` of the child's exploitation concerns (re-registering replaces)."""
    _exploitation[:] = [exploitation]


def exploitation_url(child_pk: int) -> str:
    """The URL of the child's exploitation concerns, or "" when no app registered one."""
    return _exploitation[0](child_pk) if _exploitation else ""
