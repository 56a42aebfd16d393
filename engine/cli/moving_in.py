"""``stegvis import FILE``: a förbund's participants from a spreadsheet, all or nothing.

Declared here (cheap); run through the case commands' runner (engine/cli/cases_run.py),
so it takes the common options (``--database``, ``--as``, ``--today``, ``--json``).
The file's format: docs/moving-in.md.  Every problem is printed, by row and column, in
Swedish (``--lang en``: English), and then nothing is stored; ``--check`` only checks.
"""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.options import input_file
from engine.errors import InputError
from engine.inputs.files import read_user_file

IMPORT_HANDLERS = ("import",)


def add_import_command(sub: argparse._SubParsersAction[Any], command: Any) -> None:
    """Register ``stegvis import``; ``command`` builds a parser with the common options."""
    p = command(sub, "import", "import", "enrol the participants of a spreadsheet (CSV or "
                                         "XLSX, one row per participant): every row is "
                                         "checked first, then all are stored or none")
    p.add_argument("file", metavar="FILE", type=input_file,
                   help="the spreadsheet (docs/moving-in.md describes its columns)")
    p.add_argument("--check", action="store_true",
                   help="check every row, and the rules on each enrolment's date, but store "
                        "nothing")
    p.add_argument("--lang", choices=("sv", "en"), default="sv",
                   help="the language of the problems (default sv)")


def run_import(ctx: Any, args: argparse.Namespace, actor: str) -> tuple[str, Any]:
    """Check and store the file's rows: (text, data for --json)."""
    from engine.service.cases.import_file import MAX_BYTES, ImportRefused, read_import
    from engine.service.cases.moving_in import import_participants

    try:
        table = read_import(read_user_file(args.file, what="the spreadsheet", limit=MAX_BYTES),
                            args.file.name)
        done = import_participants(ctx, table, actor, store=not args.check)
    except ImportRefused as exc:
        english = args.lang == "en"
        head = (f"nothing was imported: {len(exc.problems)} problem(s) in {args.file.name}"
                if english else f"inget importerades: {len(exc.problems)} problem i "
                f"{args.file.name}")
        raise InputError("\n".join([head, *(f"  {p.text(args.lang)}"
                                            for p in exc.problems)])) from None
    verb = "checked, nothing stored" if args.check else "imported"
    lines = [f"{done.total} participant(s) {verb}: " + ", ".join(
        f"{programme} {done.enrolled[programme]} enrolled"
        + (f", {done.waiting[programme]} waiting" if done.waiting.get(programme) else "")
        for programme in done.enrolled),
        f"  {done.completed} obligation(s) recorded done, {done.moved} phase move(s)"]
    lines += [f"  warning: {warning}" for warning in done.warnings]
    return "\n".join(lines), {"stored": not args.check, "enrolled": done.enrolled,
                              "waiting": done.waiting, "completed": done.completed,
                              "moved": done.moved, "warnings": done.warnings}
