"""Sections that apps above the registers add to the child page, registered in their `AppConfig.ready()`.

The registers cannot import the apps that build on them; those apps name their section's template here, and the
child page includes each one, in registration order (the order of INSTALLED_APPS).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

CHILD_PAGE_SECTIONS: list[str] = []

# Reads that fill fields of the child and home records (registers.selectors.ChildRecord / HomeRecord) and annotate
# the homes list; registered by the apps that own the records (divert.police).
CHILD_RECORD_PARTS: list[Callable[[Any, Any], dict[str, Any]]] = []
HOME_RECORD_PARTS: list[Callable[..., dict[str, Any]]] = []
HOME_LIST_COUNTS: list[Callable[[QuerySet], QuerySet]] = []


def add_record_parts(*, child: Callable[[Any, Any], dict[str, Any]], home: Callable[..., dict[str, Any]],
                     home_list: Callable[[QuerySet], QuerySet]) -> None:
    """Add one app's part of the child record, the home record and the homes list's counts. Idempotent."""
    if child not in CHILD_RECORD_PARTS:
        CHILD_RECORD_PARTS.append(child)
    if home not in HOME_RECORD_PARTS:
        HOME_RECORD_PARTS.append(home)
    if home_list not in HOME_LIST_COUNTS:
        HOME_LIST_COUNTS.append(home_list)


def add_child_page_section(template_name: str) -> None:
    """Show `template_name` on every child page (rendered with the page's context). Idempotent."""
    if template_name not in CHILD_PAGE_SECTIONS:
        CHILD_PAGE_SECTIONS.append(template_name)
