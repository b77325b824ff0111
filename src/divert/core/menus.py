"""The home page's task list and the header navigation, per role: a registry filled from above.

Core knows no Divert app, so it cannot name their pages. `divert.ops` registers the menus from
`OpsConfig.ready()` (`divert.ops.menus`); each entry's URL is a URL name, reversed when the menu is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Task:
    """One entry of a role's home page. `waiting(user)`, when given, counts the user's work waiting there
    (`waiting_label` says what is counted: "not reviewed", "open")."""

    title: str
    url_name: str
    description: str
    waiting: Callable[[Any], int] | None = field(default=None, compare=False)
    waiting_label: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_tasks: dict[str, list[Task]] = {}
_nav: dict[str, list[tuple[str, Task]]] = {}


def register(*, tasks: dict[str, list[Task]], nav: dict[str, list[tuple[str, Task]]]) -> None:
    """Set every role's task list and header navigation (called once, from `OpsConfig.ready()`)."""
    _tasks.clear()
    _tasks.update(tasks)
    _nav.clear()
    _nav.update(nav)


def tasks_for(role: str | None) -> list[tuple[str, str, str]]:
    return [(t.title, t.url, t.description) for t in _tasks.get(role, [])] if role else []


def home_tasks(user, role: str | None) -> list[dict]:
    """The home page's entries for the user, each with its count of work waiting (None when not counted)."""
    out = []
    for t in _tasks.get(role, []) if role else []:
        out.append({"title": t.title, "url": t.url, "description": t.description,
                    "waiting": t.waiting(user) if t.waiting else None, "waiting_label": t.waiting_label})
    return out


def nav_for(role: str | None) -> list[tuple[str, str]]:
    return [(label, t.url) for label, t in _nav.get(role, [])] if role else []
