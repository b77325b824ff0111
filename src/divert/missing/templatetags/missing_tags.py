from django import template

register = template.Library()


@register.simple_tag
def missing_summary(child, request):
    """For missing/_child_section.html: the child's episodes visible to the user, counts and the repeat flag."""
    from divert.missing.selectors import child_missing_summary

    return child_missing_summary(child, request.user)


@register.filter
def london(value):
    """Format a UTC timestamp in Europe/London."""
    from zoneinfo import ZoneInfo

    if not value:
        return ""
    return value.astimezone(ZoneInfo("Europe/London")).strftime("%d/%m/%Y %H:%M")


@register.filter
def labels(codes, vocabulary: str):
    """The words for a list of answer codes ("cce" -> "Criminal exploitation"); unknown codes are shown as stored."""
    from divert.missing.forms import LABELS

    words = LABELS.get(vocabulary, {})
    return [words.get(c, c) for c in codes or []]
