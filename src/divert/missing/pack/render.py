"""Render the pack as a page fragment (inline SVG charts) or as a PDF (WeasyPrint, PNG charts)."""

import logging

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .charts import found_chart, pack_charts, to_png_data_uri, to_svg

logger = logging.getLogger(__name__)


def _render_all(pack: dict, convert) -> dict[str, str]:
    out = {}
    for name, chart in pack_charts(pack).items():
        try:
            out[name] = convert(chart)
        except Exception:  # a map whose tiles cannot be fetched falls back to the plain scatter
            logger.warning("chart %s could not be rendered; using the fallback", name)
            if name == "found":
                out[name] = convert(found_chart(pack["found_points"]))
    return out


def page_charts(pack: dict) -> dict[str, str]:
    return {name: mark_safe(svg) for name, svg in _render_all(pack, to_svg).items()}  # noqa: S308 (our own SVG)


def pdf_bytes(pack: dict) -> bytes:
    from weasyprint import HTML

    charts = _render_all(pack, to_png_data_uri)
    html = render_to_string("missing/pack_pdf.html", {"pack": pack, "charts": charts, "pdf": True})
    return HTML(string=html).write_pdf()
