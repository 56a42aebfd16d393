"""``stegvis purge`` (erase personal data past the retention period) and
``stegvis export-participant KEY`` (one participant's data: the right of access).

See docs/privacy.md.  Declaring the commands is cheap; the service layer is imported
when one runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, time
from typing import Any

from engine.cli.options import common_options, output_file, write_file
from engine.inputs.json_text import json_text

_PURGE_EPILOG = ("A programme whose definition has no `retention` is never purged. Exit "
                 "code 0: done (also when nothing was due); 1: bad input; 2: bad usage.")
_EXPORT_EPILOG = ("JSON goes to standard output unless --output FILE is given; a PDF needs "
                  "--output. Exit code 0: done; 1: no participant with that key, or bad "
                  "input; 2: bad usage.")



def add_privacy_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``purge`` and ``export-participant`` on the ``stegvis`` subcommand parser."""
    common = common_options(json=False)
    p = sub.add_parser("purge", parents=[common], epilog=_PURGE_EPILOG,
                       help="erase personal data of cases exited longer ago than their "
                            "programme's retention period (--dry-run: only list them)",
                       description="Erase names, identity numbers and free text of cases "
                                   "past their programme's retention period, keeping what "
                                   "the reports count.")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would be erased, per programme, and change nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p = sub.add_parser("export-participant", parents=[common], epilog=_EXPORT_EPILOG,
                       help="all data stored about one participant (right of access), as "
                            "JSON or a PDF (Swedish, or English with --lang en)",
                       description="Everything stored about the participant with KEY: "
                                   "cases, phases, obligations, follow-ups, surveys, the "
                                   "audit entries and who looked at the cases.")
    p.add_argument("key", metavar="KEY", help="the participant's key")
    p.add_argument("--format", choices=("json", "pdf"), default="json",
                   help="json (default) or pdf (needs --output)")
    p.add_argument("--output", "-o", type=output_file, metavar="FILE", help="write to FILE")
    p.add_argument("--lang", choices=("sv", "en"), default="sv",
                   help="the PDF's language: sv (default) or en, as the participant reads")


def run_privacy_command(args: argparse.Namespace) -> int | None:
    """Run ``purge`` or ``export-participant``; None when ``args`` is another command."""
    if args.command not in ("purge", "export-participant"):
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from engine.cli.acting import actor
    from engine.clock import STOCKHOLM, fixed_clock, system_clock
    from engine.errors import InputError
    from engine.service.shared.context import Context
    from engine.store.database import DatabaseError, open_database

    if args.command == "export-participant" and args.format == "pdf" and args.output is None:
        raise InputError("a PDF needs a file to go to: add --output FILE")
    who = actor(args)
    clock = system_clock
    if args.today is not None:
        clock = fixed_clock(datetime.combine(args.today, time(9), tzinfo=STOCKHOLM)
                            .astimezone(UTC))
    ctx = Context(open_database(args.database), clock)
    try:
        if args.command == "purge":
            return _purge(ctx, who, args)
        return _export(ctx, who, args)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise DatabaseError("the database refused the operation, nothing was changed: "
                            f"{str(cause).strip().splitlines()[0]}") from exc
    finally:
        ctx.engine.dispose()


def _purge(ctx: Any, who: str, args: argparse.Namespace) -> int:
    from engine.service.people.retention import purge

    result = purge(ctx, who, dry_run=args.dry_run)
    if args.json:
        sys.stdout.write(json_text({
            "today": result.today.isoformat(), "dry_run": result.dry_run,
            "cases": result.cases, "participants_anonymised": result.participants,
            "programmes": [{"programme": p.programme_id,
                            "retention": str(p.after_exit) if p.after_exit else None,
                            "cases": list(p.case_ids)} for p in result.programmes]}))
        print()
        return 0
    for p in result.programmes:
        if p.after_exit is None:
            print(f"{p.programme_id}: no retention period in the definition; nothing is "
                  "purged")
            continue
        verb = "would be erased" if result.dry_run else "erased"
        listed = f": cases {', '.join(str(i) for i in p.case_ids)}" if p.case_ids else ""
        print(f"{p.programme_id}: {len(p.case_ids)} case(s) exited more than "
              f"{p.after_exit} before {result.today} {verb}{listed}")
    if not result.programmes:
        print("no exited cases; nothing to purge")
    elif result.dry_run:
        print(f"dry run: {result.cases} case(s) would be erased; nothing was changed")
    else:
        print(f"{result.cases} case(s) erased, {result.participants} participant(s) made "
              "anonymous")
    return 0


def _export(ctx: Any, who: str, args: argparse.Namespace) -> int:
    from engine.service.people.participant_export import participant_data

    data = participant_data(ctx, args.key, who)
    if args.format == "pdf":
        from engine.service.people.participant_pdf import export_pdf
        write_file(args.output, export_pdf(data, args.lang))
        print(f"written to {args.output}")
        return 0
    text = json_text(data) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_file(args.output, text.encode("utf-8"))
    print(f"written to {args.output}")
    return 0
