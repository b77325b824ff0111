"""What the daily list shows of a person named in an incident, for the user asking.

A child in care is named, with their 90-day context, only when the user may see that child; anyone else named is
shown by name only when the user sees every child (provider managers see "Name withheld"). Pure: the children the
user may see come from `selectors` (None means every child).
"""

from divert.police.models import LinkStatus

from .labels import ROLE_LABELS


def shown_person(p: dict, *, context: dict, visible_children: set[int] | None) -> dict:
    """One person of an entry, as the user may see them."""
    is_child = bool(p["child_id"]) and p["link_status"] == LinkStatus.LINKED
    visible = visible_children is None or (is_child and p["child_id"] in visible_children)
    return {
        "involvement_id": p["id"], "role": p["role"], "role_label": ROLE_LABELS.get(p["role"], p["role"]),
        "child_id": p["child_id"] if is_child else None, "visible": visible,
        "name": (f"{p['child__first_name']} {p['child__last_name']}".strip() if is_child
                 else f"{p['first_name']} {p['last_name']}".strip()) if visible else "Name withheld",
        "child_ref": p["child__child_id"] if is_child and visible else "",
        "in_review": p["link_status"] == LinkStatus.REVIEW,
        "context": context.get(p["child_id"]) if is_child and visible else None,
    }
