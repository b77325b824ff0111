"""Template helpers shared by every app's pages."""

from django import template

register = template.Library()


@register.filter
def role_label(role: str | None) -> str:
    from divert.core.roles import Role

    try:
        return Role(role or "").label
    except ValueError:
        return ""


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value or "").startswith(str(prefix))


# SSDA903 PLACE codes shown with their labels (DfE SSDA903 guidance; DfE 903 guidance).
PLACE_LABELS = {
    "K1": "Secure children's home", "K2": "Children's home", "K3": "Supported accommodation",
    "H5": "Semi-independent living", "R5": "Young offender institution", "P1": "Placed with parents",
    "P2": "Independent living", "S1": "Residential school", "Z1": "Other placement",
    "U1": "Foster placement", "U2": "Foster placement", "U3": "Foster placement", "U4": "Foster placement",
    "U5": "Foster placement", "U6": "Foster placement",
}


@register.filter
def place_label(code: str) -> str:
    """`K2` -> `K2 Children's home`; unknown codes are shown as they are."""
    label = PLACE_LABELS.get((code or "").upper())
    return f"{code} {label}" if label else (code or "")


@register.filter
def openable(path: str, user) -> bool:
    """`{% if url|openable:request.user %}`: link only to pages the reader's role may open."""
    from divert.core.scoping import may_open

    return bool(path) and may_open(user, path)
