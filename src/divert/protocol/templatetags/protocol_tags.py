from django import template

register = template.Library()


@register.simple_tag
def protocol_summary(child, request):
    """For protocol/_child_section.html: the child's protocol cases the user may see and the outcomes recorded."""
    from divert.protocol.selectors import child_protocol_summary

    return child_protocol_summary(child, request.user)
