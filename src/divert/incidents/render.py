"""Fast HTML for the daily list's table rows.

The city list can hold several hundred entries; Django's template engine takes ~1 ms per entry for this markup,
so the rows are built here with explicit escaping (same GOV.UK markup as a template would give) to keep the page
under its 200 ms budget (benchmarks/daily_list.py). Everything interpolated goes through `escape`.
"""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from divert.core import child_links
from divert.core.formats import uk_datetime

_MARK = 987654321


def _person(p: dict, *, exploitation: bool = False, printing: bool = False) -> str:
    name: str = escape(p["name"] or "No name")
    if p["child_ref"] and not printing:
        href = reverse("registers:child", args=[p["child_id"]])
        name = f'<a class="govuk-link" href="{href}">{name}</a>'
    out = f"<li>{escape(p['role_label'])}: {name}"
    if p["child_ref"]:
        c = p["context"] or {}
        n, m = c.get("incidents_90", 0), c.get("missing_90", 0)
        record = "has a caution or conviction" if c.get("has_record") else "no caution or conviction"
        out += (f' <span class="govuk-tag govuk-tag--purple">In care</span><br><span class="govuk-body-s">90 days: '
                f'{n} incident{"" if n == 1 else "s"}, {m} missing · {record}</span>')
    if exploitation and p["child_ref"] and not printing:
        url = child_links.exploitation_url(p["child_id"])
        if url:  # the exploitation flag links to the child's concerns (registered by divert.exploitation)
            out += (f'<br><a class="govuk-link govuk-body-s" href="{escape(url)}">Exploitation concerns'
                    f'<span class="govuk-visually-hidden"> for {escape(p["name"])}</span></a>')
    if p["in_review"]:
        out += ' <span class="govuk-tag govuk-tag--yellow">Possible child in care (in review)</span>'
    return out + "</li>"


def _truncate(text: str, n: int = 400) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def entry_rows(entries: list[dict], *, at_home: bool, printing: bool = False) -> SafeString:
    base = reverse("incidents:detail", args=[_MARK])
    rows = []
    for e in entries:
        ref = escape(e["reference"])
        link = (f"<strong>{ref}</strong>" if printing else
                f'<a class="govuk-link" href="{base.replace(str(_MARK), str(e["id"]))}">{ref}</a>')
        crime = ("<strong>Crime recorded</strong>" + (f": {escape(e['crime_type'])}" if e["crime_type"] else "")
                 if e["crime_recorded"] else "No crime recorded")
        where = f"<br>{escape(e['location_text'])}" if not at_home and e["location_text"] else ""
        flags = "".join(f"<li>{escape(f.label)}</li>" for f in e["flags"])
        flags = f'<ul class="govuk-list govuk-body-s">{flags}</ul>' if flags else ""
        reason = f'<span class="govuk-body-s">({escape(e["family_reason"])})</span>' if e["family_reason"] else ""
        t = e.get("triage") or {}
        if t.get("reviewed"):
            triage = '<strong class="govuk-tag govuk-tag--green">Reviewed</strong>'
            if t.get("route_label"):
                triage += f'<br><span class="govuk-body-s">{escape(t["route_label"])}</span>'
        else:
            triage = '<strong class="govuk-tag govuk-tag--grey">Not reviewed</strong>'
        n = e.get("open_followups", 0)
        if n:
            triage += f'<br><span class="govuk-body-s">{n} open follow-up{"" if n == 1 else "s"}</span>'
        exploitation = any(f.code == "exploitation" for f in e["flags"])
        people = "".join(_person(p, exploitation=exploitation, printing=printing) for p in e["people"])
        when = uk_datetime(e["reported_at"])
        rows.append(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell">{when}</td>'
            f'<td class="govuk-table__cell">{link}<br>{escape(e["category"] or "No category")}<br>{crime}<br>'
            f'Called by: {escape(e["reported_by_label"])}{where}'
            f'<p class="govuk-body-s divert-narrative">{escape(_truncate(e["narrative"]))}</p></td>'
            f'<td class="govuk-table__cell"><ul class="govuk-list govuk-body-s">{people}</ul></td>'
            f'<td class="govuk-table__cell"><strong class="govuk-tag divert-priority-{e["priority"]}">'
            f'{escape(e["priority_label"])}</strong>{flags}{reason}</td>'
            f'<td class="govuk-table__cell">{triage}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 (every value above is escaped)


def attach_rows(daily, *, printing: bool = False):
    for group in daily.groups:
        group.rows_html = entry_rows(group.entries, at_home=group.home is not None, printing=printing)
    return daily
