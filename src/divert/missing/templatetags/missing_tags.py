from django import template

register = template.Library()


@register.simple_tag
def missing_summary(child, request):
    """For missing/_child_section.html: the child's episodes visible to the user, counts and the repeat flag."""
    from divert.missing.selectors import child_missing_summary

    return child_missing_summary(child, request.user)


@register.filter
def london(value):
    """A timestamp in UK time, as every page shows one ("3 March 2026 at 14:05")."""
    from divert.core.formats import uk_datetime

    return uk_datetime(value)


@register.filter
def labels(codes, vocabulary: str):
    """The words for a list of answer codes ("cce" -> "Criminal exploitation"); unknown codes are shown as stored."""
    from divert.missing.forms import LABELS

    words = LABELS.get(vocabulary, {})
    return [words.get(c, c) for c in codes or []]
