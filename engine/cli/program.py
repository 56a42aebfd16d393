"""The ``stegvis`` command.

Commands that do not run flows never import Prefect, so they start in a fraction of a
second.  Bad input ends with a plain message and exit code 1 (2 for bad usage), never
a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from engine.cli.options import DATE_HELP, output_file, parse_date, write_file
from engine.cli.terminal import OutputError, drop_pending_output, guarded_output
from engine.clock import system_clock, today_in_stockholm
from engine.errors import DefinitionError, StegvisError
from engine.inputs.identity_text import hide_identity_numbers
from engine.inputs.json_text import json_text
from engine.version import __version__

#: Anything that looks like a Swedish identity number; masked in usage errors.
_IDENTITY_LIKE = re.compile(r"\d{6,8}[-+]?\d{4}")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors never repeat an identity number.

    (``enrol … --identity-numbr 19850101-2382`` would otherwise print the number back
    in "unrecognized arguments".)  Subcommand parsers are of the same class.
    """

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message with identity numbers masked; exit 2."""
        super().error(hide_identity_numbers(_IDENTITY_LIKE.sub("****", message), "****"))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stegvis", description="Workflow engine for coordinated vocational rehabilitation "
                                    "(FINSAM).")
    parser.add_argument("--version", action="version", version=f"stegvis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check definition files (syntax, schema, meaning)")
    p.add_argument("paths", nargs="*", type=Path,
                   help="programme ids, files or folders (default: every definition in "
                        "the definitions folder)")
    p.add_argument("--quiet", action="store_true", help="print problems only")

    p = sub.add_parser("show", help="summary and Mermaid diagram of a programme")
    p.add_argument("programme", help="programme id or definition file")
    p.add_argument("--write", type=output_file, metavar="FILE",
                   help="write the diagram as Markdown here (default: <id>.process.md)")
    p.add_argument("--no-write", action="store_true", help="do not write the diagram file")

    p = sub.add_parser("simulate", help="dry run: obligations for a participant enrolled on START")
    p.add_argument("programme", help="programme id or definition file")
    p.add_argument("--start", type=parse_date, required=True, help=DATE_HELP)
    p.add_argument("--until", type=parse_date, help=DATE_HELP + " (default: see docs)")
    p.add_argument("--exit", dest="exit_on", type=parse_date, help="assume an exit on this date")
    p.add_argument("--outcome", help="exit outcome id (default: the first completing one)")
    from engine.cli.dry_run import add_path_arguments
    add_path_arguments(p)
    p.add_argument("--json", action="store_true", help="print a JSON list (docs/simulate-json.md)")

    p = sub.add_parser("demo", help="the whole product on a temporary database: "
                                    "definitions, dry runs, a coordinator's morning")
    p.add_argument("--date", type=parse_date, help="use this date instead of today")

    sub.add_parser("schema", help="print the path of the JSON Schema for editors")

    from engine.cli.init import add_init_command
    add_init_command(sub)

    from engine.cli.cases import add_case_commands
    add_case_commands(sub)
    from engine.cli.serve import add_serve_command
    add_serve_command(sub)
    from engine.cli.feed import add_feed_serve_command
    add_feed_serve_command(sub)
    from engine.cli.proposal import add_proposal_command
    add_proposal_command(sub)
    from engine.cli.report import add_report_commands
    add_report_commands(sub)
    from engine.cli.users import add_user_commands
    add_user_commands(sub)
    from engine.cli.web import add_web_command
    add_web_command(sub)
    from engine.cli.backup import add_backup_command
    add_backup_command(sub)
    from engine.cli.privacy import add_privacy_commands
    add_privacy_commands(sub)
    _add_verbose(parser, sub)
    return parser


def _add_verbose(parser: argparse.ArgumentParser,
                 sub: argparse._SubParsersAction[Any]) -> None:
    """``--verbose`` before or after the command (``stegvis -v tasks``, ``stegvis tasks -v``)."""
    text = "say where the programme definitions are read from (on standard error)"
    parser.add_argument("-v", "--verbose", action="store_true", help=text)
    commands = list(sub.choices.values())
    while commands:  # every command, and the commands of groups such as `case show`
        command = commands.pop()
        # SUPPRESS: a command without the flag leaves the top-level value alone.  A
        # command that has a -v of its own keeps it.
        flags = [f for f in ("-v", "--verbose") if f not in command._option_string_actions]
        if flags:
            command.add_argument(*flags, action="store_true", default=argparse.SUPPRESS,
                                 help=text)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                commands.extend(action.choices.values())


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
        if args.verbose:
            print(_definitions_note(args.command), file=sys.stderr)
        from engine.cli.cases import run_case_command
        code = run_case_command(args)
        if code is not None:
            return code
        from engine.cli.report import run_report_command
        code = run_report_command(args)
        if code is not None:
            return code
        from engine.cli.users import run_user_command
        code = run_user_command(args)
        if code is not None:
            return code
        from engine.cli.privacy import run_privacy_command
        code = run_privacy_command(args)
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
        if args.command == "proposal":
            from engine.cli.proposal import run_proposal
            return run_proposal(args)
        if args.command == "init":
            from engine.cli.init import run_init
            return run_init(args.folder, force=args.force)
        if args.command == "web":
            from engine.cli.web import run_web
            return run_web(args)
        if args.command == "backup":
            from engine.cli.backup import run_backup
            return run_backup(args)
        if args.command == "schema":
            from engine.paths import schema_path
            print(schema_path())
            return 0
    except DefinitionError as exc:
        for problem in exc.problems:
            print(hide_identity_numbers(str(problem)), file=sys.stderr)
        return 1
    except OutputError:
        raise
    except StegvisError as exc:
        # A message may quote what was typed (a column name, a period): never a number.
        print(f"stegvis: {hide_identity_numbers(str(exc))}", file=sys.stderr)
        return 1
    return 2


def _definitions_note(command: str) -> str:
    """Where definitions are read from; never refuses (``init`` must work to fix it)."""
    from engine.paths import configured_definitions, shipped_definitions
    if command == "demo":
        return (f"stegvis: definitions from {shipped_definitions().describe()}; the demo "
                "always uses these")
    folder = configured_definitions() or shipped_definitions()
    missing = "" if folder.path.is_dir() else ", which does not exist"
    return f"stegvis: definitions from {folder.describe()}{missing}"


def _collect(paths: Sequence[Path]) -> list[Path]:
    """The files to check: a folder's definitions, a file as given, or the definition of
    a programme id (as ``show`` and ``simulate`` take it)."""
    from engine.definitions.loading import definition_files, resolve_programme
    if not paths:
        return definition_files()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(definition_files(path))
        elif path.exists() or path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
            files.append(path)  # a file (a missing one is reported where it is read)
        else:
            files.append(resolve_programme(str(path)))
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
        where = "" if paths else f" in {_definitions_in_force()}"
        print(f"{len(files)} file(s) checked, {failed} with errors{where}")
    return 1 if failed else 0


def _definitions_in_force() -> str:
    from engine.paths import definitions_folder
    return definitions_folder().describe()


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
    from engine.cli.dry_run import format_run
    from engine.definitions.loading import load_programme
    from engine.rules.simulation import DryRunPath, simulate
    spec = load_programme(args.programme)
    run = simulate(spec, args.start, args.until, args.exit_on, args.outcome,
                   DryRunPath(tuple(args.moves), args.referred_on, tuple(args.held),
                              args.sub_outcome, args.extension))
    if args.json:
        print(json_text([o.to_json() for o in run.obligations]))
        return 0
    print(format_run(spec, run))
    return 0


def _demo(today: date) -> int:
    from engine.cli.demo import run_demo
    return run_demo(today)
