from django import template

from divert.core.scoping import role_of

from ..access import CASE_ROLES, REFER_ROLES, referrals_visible_to

register = template.Library()


@register.simple_tag
def early_help_summary(child, request) -> dict:
    """The child page's early-help section: shown only to the roles that work in early help (the page that
    includes it has already written the access-log row for the child)."""
    role = role_of(request.user)
    if role not in CASE_ROLES:
        return {"show": False}
    refs = list(referrals_visible_to(request.user).filter(child=child))
    return {"show": True, "open": next((r for r in refs if r.closed_on is None), None),
            "closed": sum(1 for r in refs if r.closed_on), "can_refer": role in REFER_ROLES}
