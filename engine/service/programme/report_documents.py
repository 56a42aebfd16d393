"""The documents of a scheduled run: the report in every format, its summary, and for
the evaluation before a decision meeting the forecast and a first decision proposal.

Producing reads the database and renders; it writes nothing, so a run killed here
leaves no trace but its claim (:mod:`engine.service.programme.report_runs` takes it over).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.definitions.spec import EvaluationSpec, ProgrammeSpec, ReportSpec
from engine.reports import formatting
from engine.reports.formats import FORMATS
from engine.reports.model import Report
from engine.reports.render_json import content_hash
from engine.reports.texts import Lang
from engine.reports.wording import WORDING
from engine.service.programme.report_data import programme_report
from engine.service.programme.report_gaps import Gap, find_gaps, summarise
from engine.service.shared.context import Context


@dataclass(frozen=True, slots=True)
class Documents:
    """What one run produced, ready to archive and send."""

    name: str
    report: Report
    content_hash: str
    files: dict[str, bytes]
    summary: dict[str, Any]
    gaps: tuple[Gap, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def report_spec(spec: ProgrammeSpec, event_key: str) -> ReportSpec:
    """The report of a ``report:`` or ``report_draft:`` calendar key."""
    report_id = event_key.split(":")[1]
    return next(r for r in spec.reports if r.id == report_id)


def _lang(text: str) -> Lang:
    return "en" if text == "en" else "sv"


#: What an evaluation's file names add to the report's: "rebus-2025-utvardering.pdf".
EVALUATION_PART = "utvardering"


def all_files(report: Report) -> dict[str, bytes]:
    """The report in every format of :data:`engine.reports.formats.FORMATS`."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS.values():
        files.update(fmt.files(report))
    return files


def summary_of(report: Report, spec: ProgrammeSpec) -> dict[str, Any]:
    """Key figures, targets and the forecast as text, for e-mails and the artifact."""
    lang, threshold = report.lang, report.suppression_threshold
    out: dict[str, Any] = {
        "programme": spec.name, "period_text": formatting.period_span(
            report.period.starts_on, report.period.ends_on, lang),
        "as_of_text": formatting.day(report.as_of, lang),
        "role_names": {r.id: r.name for r in spec.roles}}
    flow = report.table("participants_flow")
    if flow is not None:
        out["key_figures"] = [[row.label, formatting.cell_text(row.cells[-1], flow.unit, lang,
                                                               threshold)]
                              for row in flow.rows]
    out["targets"] = [[t.label, "–" if t.status == "qualitative" else
                       formatting.cell_text(t.share, "share", lang, threshold) or "–",
                       WORDING[lang].statuses[t.status]] for t in report.targets]
    forecast = report.table("prognosis")
    if forecast is not None:
        out["prognosis"] = [[row.label, *(formatting.cell_text(c, forecast.unit, lang, threshold)
                                          for c in row.cells[:2])] for row in forecast.rows]
    return out


def report_documents(ctx: Context, spec: ProgrammeSpec, event_key: str, number: int,
                     due_on: date, draft: bool) -> Documents:
    """The report (or its draft) of period ``number`` of a ``calendar.reports`` entry.

    A draft carries a note saying so, file names starting ``utkast-``, and the list of
    what is missing (:mod:`engine.service.programme.report_gaps`) as of the day it is made.
    """
    entry = report_spec(spec, event_key)
    report = programme_report(ctx, spec.id, f"{entry.id}:{number}", _lang(entry.language),
                              allow_empty=True)
    gaps: list[Gap] = []
    if draft:
        note = (f"Utkast {formatting.day(ctx.today(), report.lang)}: siffrorna kan ändras "
                f"innan rapporten ska vara klar {formatting.day(due_on, report.lang)}."
                if report.lang == "sv" else
                f"Draft of {formatting.day(ctx.today(), report.lang)}: the figures may change "
                f"before the report is due on {formatting.day(due_on, report.lang)}.")
        word = "Utkast" if report.lang == "sv" else "Draft"
        period = dataclasses.replace(report.period, label=f"{word} – {report.period.label}")
        report = dataclasses.replace(report, notes=(note, *report.notes), period=period)
        with ctx.transaction() as session:
            gaps = find_gaps(session.connection(), spec, report.period.starts_on, report.as_of)
    files = all_files(report)
    if draft:
        files = {f"utkast-{name}": data for name, data in files.items()}
    pdf = next(name for name in files if name.endswith(".pdf"))
    label = report.period.label.split(" – ", 1)[-1] if draft else report.period.label
    # A numbered report's title carries its span already ("Rapport 3 (1–30 september
    # 2021)"); a year's or the final one's gets it here.
    name = label if label.endswith(")") else \
        f"{label} ({report.period.starts_on.isoformat()} – {report.period.ends_on.isoformat()})"
    summary = {**summary_of(report, spec), "report_name": name, "due_on": due_on.isoformat(),
               "attach": [pdf]}
    if draft:
        summary["missing"] = summarise(gaps)
    return Documents(name, report, content_hash(report), files, summary, tuple(gaps))


def evaluation_documents(ctx: Context, spec: ProgrammeSpec, evaluation: EvaluationSpec,
                         year: int, due_on: date, *, proposal: bool,
                         meeting: str) -> Documents:
    """The evaluation of ``year``: figures so far with the full-year forecast; with
    ``proposal`` also a first decision proposal (PDF and Word) for ``meeting``."""
    report = programme_report(ctx, spec.id, str(year), _lang(spec.language), prognosis=True,
                              allow_empty=True)
    # Its own names: the annual report of the same year is "<programme>-<year>.pdf" too,
    # and the archive and the mail keep both (issue 22, finding 9).
    stem = formatting.file_stem(report)
    files = {f"{stem}-{EVALUATION_PART}{name.removeprefix(stem)}": data
             for name, data in all_files(report).items()}
    attach = [next(name for name in files if name.endswith(".pdf"))]
    if proposal:
        from engine.reports.proposal import build_proposal
        from engine.reports.proposal_docx import proposal_docx
        from engine.reports.proposal_pdf import proposal_pdf
        from engine.service.programme.evaluation import default_proposal_text

        text = default_proposal_text(spec, evaluation, year, report)
        drafted = build_proposal(report, text, spec, today=ctx.today())
        stem = attach[0].removesuffix(".pdf")
        files[f"{stem}-forslag.pdf"] = proposal_pdf(drafted)
        files[f"{stem}-forslag.docx"] = proposal_docx(drafted)
        attach += [f"{stem}-forslag.pdf", f"{stem}-forslag.docx"]
    name = f"{evaluation.name} {year}"
    summary = {**summary_of(report, spec), "report_name": name, "due_on": due_on.isoformat(),
               "attach": attach, "meeting": meeting}
    return Documents(name, report, content_hash(report), files, summary)
