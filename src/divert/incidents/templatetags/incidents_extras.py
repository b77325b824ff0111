from django import template

register = template.Library()


@register.simple_tag
def child_incident_summary(child, request):
    """For `incidents/_child_section.html` on the child page: recent incidents (scoped), triage state, alerts."""
    from divert.incidents.selectors import child_summary

    if child is None or request is None:
        return {"rows": [], "alerts": []}
    return child_summary(user=request.user, child=child)
