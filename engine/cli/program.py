"""The ``stegvis`` command.

Commands that do not run flows never import Prefect, so they start in a fraction of a
second.  Bad input ends with a plain message and exit code 1 (2 for bad usage), never
a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from engine.cli.options import DATE_HELP, parse_date, write_file
from engine.cli.terminal import OutputError, drop_pending_output, guarded_output
from engine.clock import system_clock, today_in_stockholm
from engine.errors import DefinitionError, StegvisError

if TYPE_CHECKING:
    from engine.definitions.spec import ProgrammeSpec
    from engine.rules.simulation import DryRun

#: Anything that looks like a Swedish identity number; masked in usage errors.
_IDENTITY_LIKE = re.compile(r"\d{6,8}[-+]?\d{4}")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors never repeat an identity number.

    (``enrol … --identity-numbr 19850101-2382`` would otherwise print the number back
    in "unrecognized arguments".)  Subcommand parsers are of the same class.
    """

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message with identity numbers masked; exit 2."""
        super().error(_IDENTITY_LIKE.sub("****", message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stegvis", description="Workflow engine for coordinated vocational rehabilitation "
                                    "(FINSAM).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check definition files (syntax, schema, meaning)")
    p.add_argument("paths", nargs="*", type=Path,
                   help="files or folders (default: the shipped definitions)")
    p.add_argument("--quiet", action="store_true", help="print problems only")

    p = sub.add_parser("show", help="summary and Mermaid diagram of a programme")
    p.add_argument("programme", help="programme id or definition file")
    p.add_argument("--write", type=Path, metavar="FILE",
                   help="write the diagram as Markdown here (default: <id>.process.md)")
    p.add_argument("--no-write", action="store_true", help="do not write the diagram file")

    p = sub.add_parser("simulate", help="dry run: obligations for a participant enrolled on START")
    p.add_argument("programme", help="programme id or definition file")
    p.add_argument("--start", type=parse_date, required=True, help=DATE_HELP)
    p.add_argument("--until", type=parse_date, help=DATE_HELP + " (default: see docs)")
    p.add_argument("--exit", dest="exit_on", type=parse_date, help="assume an exit on this date")
    p.add_argument("--outcome", help="exit outcome id (default: the first completing one)")
    p.add_argument("--json", action="store_true", help="print a JSON list (docs/simulate-json.md)")

    p = sub.add_parser("demo", help="the whole product on a temporary database: "
                                    "definitions, dry runs, a coordinator's morning")
    p.add_argument("--date", type=parse_date, help="use this date instead of today")

    sub.add_parser("schema", help="print the path of the JSON Schema for editors")

    from engine.cli.cases import add_case_commands
    add_case_commands(sub)
    from engine.cli.serve import add_serve_command
    add_serve_command(sub)
    from engine.cli.feed import add_feed_serve_command
    add_feed_serve_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stegvis`` command; returns the exit code.

    What it prints never holds a raw control character, and an output that cannot be
    written ends with one line on standard error and exit code 1 (``engine.cli.terminal``).
    """
    try:
        with guarded_output():
            code = _run(argv)
            sys.stdout.flush()
            return code
    except OutputError as exc:
        drop_pending_output()
        with suppress(OSError, ValueError):
            print(f"stegvis: {exc}", file=sys.__stderr__ or sys.stderr)
        return 1
    except BrokenPipeError:
        drop_pending_output()
        return 0


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        from engine.cli.cases import run_case_command
        code = run_case_command(args)
        if code is not None:
            return code
        if args.command == "validate":
            return _validate(args.paths, quiet=args.quiet)
        if args.command == "show":
            return _show(args.programme, args.write, args.no_write)
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "demo":
            return _demo(args.date or today_in_stockholm(system_clock))
        if args.command == "serve":
            from engine.cli.serve import run_serve
            return run_serve(args)
        if args.command == "feed-serve":
            from engine.cli.feed import run_feed_serve
            return run_feed_serve(args)
        if args.command == "schema":
            from engine.paths import schema_path
            print(schema_path())
            return 0
    except DefinitionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except OutputError:
        raise
    except StegvisError as exc:
        print(f"stegvis: {exc}", file=sys.stderr)
        return 1
    return 2


def _collect(paths: Sequence[Path]) -> list[Path]:
    from engine.definitions.loading import definition_files
    if not paths:
        return definition_files()
    files: list[Path] = []
    for path in paths:
        files.extend(definition_files(path) if path.is_dir() else [path])
    return files


def _validate(paths: Sequence[Path], *, quiet: bool) -> int:
    from engine.definitions.loading import check_file
    files = _collect(paths)
    if not files:
        print("stegvis: no definition files found", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        spec, problems = check_file(path)
        for problem in problems:
            print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
        if spec is None:
            failed += 1
        elif not quiet:
            print(f"{path}: ok ({spec.id}, version {spec.version})")
    if not quiet:
        print(f"{len(files)} file(s) checked, {failed} with errors")
    return 1 if failed else 0


def _show(programme: str, write: Path | None, no_write: bool) -> int:
    from engine.definitions.diagram import markdown_diagram, mermaid, summary
    from engine.definitions.loading import load_programme
    spec = load_programme(programme)
    print(summary(spec))
    print()
    print(mermaid(spec), end="")
    if not no_write:
        target = write or Path(f"{spec.id}.process.md")
        write_file(target, markdown_diagram(spec).encode("utf-8"))
        print(f"\ndiagram written to {target}")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from engine.definitions.loading import load_programme
    from engine.rules.simulation import simulate
    spec = load_programme(args.programme)
    run = simulate(spec, args.start, args.until, args.exit_on, args.outcome)
    if args.json:
        json.dump([o.to_json() for o in run.obligations], sys.stdout, ensure_ascii=False,
                  indent=2)
        print()
        return 0
    print(_format_run(spec, run))
    return 0


def _format_run(spec: ProgrammeSpec, run: DryRun) -> str:
    """The dry run as a table a person reads, with who attends under each row."""
    lines = [f"{spec.name}: deltagare inskriven {run.start.isoformat()}, "
             f"visar t.o.m. {run.until.isoformat()}"]
    lines.extend(f"  (antagande: {a})" for a in run.assumptions)
    lines.append(f"  {'förfaller':<10}  {'slag':<20}  {'vad':<58}  {'påminn':<10}  "
                 f"{'eskalera':<10}  regel [källa]")
    for o in run.obligations:
        what = o.name if len(o.name) <= 58 else o.name[:57] + "…"
        lines.append(f"  {o.due_on.isoformat():<10}  {o.kind:<20}  {what:<58}  "
                     f"{o.remind_on.isoformat() if o.remind_on else '':<10}  "
                     f"{o.escalate_on.isoformat() if o.escalate_on else '':<10}  "
                     f"{o.rule} [{o.source}]")
        details = []
        if o.phase:
            details.append(f"fas: {spec.phase(o.phase).name}")
        if o.attendees:
            details.append("deltar: " + ", ".join(spec.role_name(r) for r in o.attendees))
        if o.window_from or o.window_to:
            details.append(f"fönster: {_iso(o.window_from)} – {_iso(o.window_to)}")
        if o.escalate_to:
            details.append(f"eskaleras till: {spec.role_name(o.escalate_to)}")
        if details:
            lines.append(f"  {'':<10}  {'':<20}  " + " · ".join(details))
    return "\n".join(lines)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _demo(today: date) -> int:
    from engine.cli.demo import run_demo
    return run_demo(today)
