"""The report as an A4 PDF: WeasyPrint prints the HTML of render_html.py.

WeasyPrint is imported only here and only when a PDF is made (its import takes ~0.5 s
and needs Debian's pango libraries, see tools/install-system-packages), so commands that
make no PDF start fast.  The document's size depends on the programme's definition (its
tables and targets), never on the number of participants, so rendering takes the same
time for 40 participants as for a million.
"""

from __future__ import annotations

import logging

from engine.errors import StegvisError
from engine.reports.model import Report
from engine.reports.render_html import html_text


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4, "Sida X av Y" / "Page X of Y" in the footer, fonts
    embedded as subsets)."""
    # WeasyPrint and fontTools log every font subset at INFO/WARNING; a report's reader
    # has no use for it.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except OSError as error:             # a machine without Debian's pango libraries
        raise StegvisError(f"cannot make a PDF: {str(error).splitlines()[0]} (install the "
                           "system packages with tools/install-system-packages)") from None

    document = HTML(string=html_text(report), base_url=None)
    pdf: bytes = document.write_pdf(
        pdf_identifier=f"stegvis:{report.programme_id}:{report.period.key}".encode(),
    )
    return pdf
