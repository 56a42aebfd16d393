"""``stegvis proposal``: the decision proposal (tjänsteutlåtande) of a produced report.

``stegvis proposal PROGRAMME --report REPORT.json --text TEXT.yaml [--format pdf,docx]
[--lang sv|en] [--output DIR]`` writes ``<programme>-<period>-forslag.pdf`` and
``.docx`` into DIR (default: the current folder) and prints their paths.  The report is
the JSON ``stegvis report PROGRAMME --format json`` writes; the text file's form is in
docs/decision-proposal.md.  Mistakes in the text file are printed one a line as
``file:line:col: message``; nothing is written then.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from engine.cli.options import input_file, output_folder
from engine.errors import InputError
from engine.inputs.files import read_user_file, user_folder, write_user_file

#: A report's JSON and a proposal's text are a few hundred kilobytes at most.
MAX_PROPOSAL_INPUT = 5 * 1024 * 1024

FORMATS = ("pdf", "docx")


def formats(text: str) -> tuple[str, ...]:
    """``pdf,docx`` → ('pdf', 'docx'); anything else is refused."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",")
                                 if part.strip()))
    wrong = [f for f in chosen if f not in FORMATS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(f"{text!r}: the formats are {', '.join(FORMATS)} "
                                         "(e.g. --format pdf,docx)")
    return chosen


def add_proposal_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis proposal``."""
    p = sub.add_parser("proposal", help="the decision proposal (tjänsteutlåtande) of a report, "
                                        "as PDF and Word",
                       description="Write the decision proposal (tjänsteutlåtande) for the "
                                   "board from a produced report and the official's own text "
                                   "(docs/decision-proposal.md).")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id or definition file")
    p.add_argument("--report", required=True, type=input_file, metavar="REPORT",
                   help="the report's JSON, as `stegvis report PROGRAMME --format json` "
                        "writes it")
    p.add_argument("--text", required=True, type=input_file, metavar="FILE",
                   help="the official's text: addressee, proposals, signatories, summary, "
                        "views (YAML)")
    p.add_argument("--format", dest="formats", type=formats, default=FORMATS,
                   metavar="FORMATS", help="pdf, docx or both (default: pdf,docx)")
    p.add_argument("--lang", choices=("sv", "en"),
                   help="language (default: the text file's, else the report's)")
    p.add_argument("--output", type=output_folder, default=Path("."), metavar="DIR",
                   help="folder to write into (default: the current folder)")


def run_proposal(args: argparse.Namespace) -> int:
    """Build and write the proposal; 1 with every mistake of the text file printed."""
    from engine.clock import system_clock, today_in_stockholm
    from engine.definitions.loading import load_programme
    from engine.reports.proposal import build_proposal
    from engine.reports.proposal_text import ProposalTextError, read_proposal_text
    from engine.reports.report_json import ReportJsonError, report_from_json

    spec = load_programme(args.programme)
    raw = _read(args.report, "report")
    try:
        report = report_from_json(raw)
    except ReportJsonError as exc:
        raise InputError(f"{args.report}: not a report JSON: {exc}") from None
    try:
        text = read_proposal_text(_read(args.text, "text"), str(args.text))
        proposal = build_proposal(report, text, spec, args.lang,
                                  today=today_in_stockholm(system_clock))
    except ProposalTextError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{report.programme_id}-{report.period.key}")
    written = []
    user_folder(args.output)
    for kind in args.formats:
        target = args.output / f"{stem}-forslag.{kind}"
        write_user_file(target, _render(proposal, kind))
        written.append(target)
    for path in written:
        print(path)
    return 0


def _render(proposal: Any, kind: str) -> bytes:
    if kind == "pdf":
        from engine.reports.proposal_pdf import proposal_pdf
        return proposal_pdf(proposal)
    from engine.reports.proposal_docx import proposal_docx
    return proposal_docx(proposal)


def _read(path: Path, what: str) -> bytes:
    return read_user_file(path, what=f"the {what} file", limit=MAX_PROPOSAL_INPUT)
