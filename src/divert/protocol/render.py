"""The panel's agenda and minutes as PDF (WeasyPrint), from the same fragment the agenda page shows."""

from django.template.loader import render_to_string

from .selectors import panel_papers


def panel_pdf(meeting, *, minutes: bool) -> bytes:
    from weasyprint import HTML

    html = render_to_string("protocol/panel_pdf.html", {"meeting": meeting, "papers": panel_papers(meeting),
                                                        "minutes": minutes, "pdf": True})
    return HTML(string=html).write_pdf()
