"""The daily list as CSV, XLSX and PDF (WeasyPrint, the page's own template with print CSS)."""

import io

from django.template.loader import render_to_string
from django.utils import timezone

from divert.core.spreadsheets import append_row, csv_writer

from .entries import DailyList

COLUMNS = ["Home", "Provider", "Reported at", "Reference", "Category", "Crime recorded", "Offence", "Called by",
           "People", "Flags", "Priority", "Reviewed", "Recommended route", "Open follow-ups", "Narrative"]


def _people(entry: dict) -> str:
    parts = []
    for p in entry["people"]:
        text = f"{p['role_label']}: {p['name']}"
        if p["child_ref"]:
            c = p["context"] or {}
            text += (f" (child in care {p['child_ref']}; last 90 days: {c.get('incidents_90', 0)} incidents, "
                     f"{c.get('missing_90', 0)} missing; {'has a' if c.get('has_record') else 'no'} prior record)")
        if p["in_review"]:
            text += " (possible child in care: link in review)"
        parts.append(text)
    return "; ".join(parts)


def rows(daily: DailyList):
    for group in daily.groups:
        home = group.home or {}
        for e in group.entries:
            t = e.get("triage") or {}
            yield [
                home.get("name", "Not at a home"), home.get("provider__name", ""),
                timezone.localtime(e["reported_at"]).strftime("%Y-%m-%d %H:%M"), e["reference"], e["category"],
                "Yes" if e["crime_recorded"] else "No", e["crime_type"], e["reported_by_label"], _people(e),
                "; ".join(f.label for f in e["flags"]), e["priority_label"], "Yes" if t.get("reviewed") else "No",
                t.get("route_label", ""), e.get("open_followups", 0), e["narrative"],
            ]


def to_csv(daily: DailyList) -> bytes:
    buf = io.StringIO()
    writer = csv_writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows(rows(daily))
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(daily: DailyList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = f"Daily list {daily.day.isoformat()}"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows(daily):
        append_row(ws, row)
    widths = [28, 22, 17, 16, 24, 9, 24, 16, 60, 40, 14, 9, 28, 9, 80]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = w
    for row in ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(daily: DailyList, *, context: dict) -> bytes:
    from weasyprint import HTML

    from .render import attach_rows

    attach_rows(daily, printing=True)
    html = render_to_string("incidents/daily_print.html", {**context, "daily": daily, "printing": True})
    return HTML(string=html).write_pdf()
