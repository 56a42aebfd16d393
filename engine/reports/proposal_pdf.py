"""The decision proposal as HTML and as an A4 PDF (WeasyPrint), "Sida X av Y" below.

The HTML comes from a Jinja2 template in ``proposal_templates/`` with autoescaping, so
nothing the official wrote can become markup.  WeasyPrint is imported only when a PDF
is made: it takes about half a second to import, and every other command stays fast.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from engine.reports.proposal import DecisionProposal

TEMPLATES = Path(__file__).resolve().parent / "proposal_templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                       lstrip_blocks=True)


def proposal_html(proposal: DecisionProposal) -> str:
    """The proposal as one HTML document (its style sheet inside)."""
    css = (TEMPLATES / "proposal.css").read_text(encoding="utf-8")
    return _environment().get_template("proposal.html.j2").render(p=proposal, css=css)


def proposal_pdf(proposal: DecisionProposal) -> bytes:
    """The proposal as an A4 PDF, fonts embedded."""
    from weasyprint import HTML  # lazily: slow to import, needed only here

    pdf = HTML(string=proposal_html(proposal), base_url=str(TEMPLATES)).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return bytes(pdf)
