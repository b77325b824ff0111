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


@register.filter
def uk_date(value, arg: str = "") -> str:
    """`{{ day|uk_date }}` -> "3 March 2026"; `{{ day|uk_date:"weekday" }}` -> "Tuesday 3 March 2026"."""
    from divert.core.formats import uk_date as fmt

    return fmt(value, weekday=arg == "weekday")


@register.filter
def uk_dates_in(text) -> str:
    """`{{ row.what|uk_dates_in }}`: stored text with its ISO dates shown as UK dates."""
    from divert.core.formats import uk_dates_in as fmt

    return fmt(str(text or ""))


@register.filter
def uk_datetime(value, arg: str = "") -> str:
    """`{{ moment|uk_datetime }}` -> "3 March 2026 at 14:05" (UK time); `:"seconds"` adds the seconds."""
    from divert.core.formats import uk_datetime as fmt

    return fmt(value, seconds=arg == "seconds")


@register.filter
def ssda903(code: str, field: str) -> str:
    """`{{ p.legal_status|ssda903:"LS" }}` -> "Full care order (C2)": an SSDA903 code in plain English, the code in
    brackets (DfE SSDA903 guidance); an unknown code is shown as it is."""
    from divert.standards.ssda903_labels import describe

    return describe(field, code)


@register.filter
def place_label(code: str) -> str:
    """`K2` -> "Children's home (K2)"; unknown codes are shown as they are."""
    from divert.standards.ssda903_labels import describe

    return describe("PLACE", code)


@register.filter
def openable(path: str, user) -> bool:
    """`{% if url|openable:request.user %}`: link only to pages the reader's role may open."""
    from divert.core.scoping import may_open

    return bool(path) and may_open(user, path)


@register.simple_tag
def select_options(choices, selected, value: str = "pk", label: str = "label"):
    """`{% select_options homes filters.home_id %}`: the `<option>`s of a `<select>`, the one whose value equals
    `selected` marked selected. Built in Python because a template loop over a force's hundred-odd homes cost
    about a fifth of the daily list's rendering (benchmarks/page_queries.py --profile)."""
    from html import escape

    from django.utils.safestring import mark_safe

    def field(choice, name: str) -> str:
        raw = choice[name] if isinstance(choice, dict) else getattr(choice, name)
        return str(raw) if hasattr(raw, "__html__") else escape(str(raw))

    # html.escape, not format_html: the same escaping (quotes included) at a tenth of the cost per option.
    chosen = None if selected in (None, "") else str(selected)
    options = []
    for choice in choices:
        key = field(choice, value)
        mark = " selected" if key == (chosen and escape(chosen)) else ""
        options.append(f'<option value="{key}"{mark}>{field(choice, label)}</option>')
    return mark_safe("".join(options))  # noqa: S308 (every value above is escaped or already safe)
