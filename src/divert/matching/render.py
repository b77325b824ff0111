"""The review queue's table rows as HTML, built in Python: a template loop over a page of fifty items (a URL and
four filters each) cost about a third of the queue page's CPU time (benchmarks/page_queries.py --profile). The
output is the markup the template wrote, escaped the same way (format_html)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

NO_REASON = "Nothing: the matcher was not sure enough to link it"


def _with_detail(main: str, detail: str) -> SafeString:
    return format_html('{}<br><span class="govuk-body-s">{}</span>', main, detail) if detail else format_html(
        "{}", main)


def queue_row_html(row: dict) -> SafeString:
    item = row["item"]
    disagrees = (row["why"] or NO_REASON) if item.candidate_home_id else capfirst(row["disagree"])
    return format_html(
        '<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>{}</td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td></tr>',
        reverse("matching:review_item", args=[item.pk]), row["record"],
        format_html('<br><span class="govuk-body-s">{}</span>', row["names"]) if row["names"] else "",
        _with_detail(row["candidate"], row["candidate_detail"]), capfirst(row["likelihood"]), disagrees)


def queue_rows_html(rows: list[dict]) -> SafeString:
    return format_html_join("\n", "{}", ((queue_row_html(r),) for r in rows))
