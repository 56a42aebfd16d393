"""``stegvis report`` (a programme's report for a period), ``stegvis report list`` (the
report events of its calendar) and ``stegvis training add`` (staff trained).

Declaring the commands is cheap; the service layer and the renderers are imported
when a command runs.  Formats come from :mod:`engine.reports.formats`: JSON goes to
standard output without ``--output``; with it every format is written to a file in
that folder and its path printed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from engine.cli.options import DATE_HELP, common_options, output_folder, parse_date
from engine.errors import InputError
from engine.inputs.files import user_folder, write_user_file
from engine.inputs.numbers import LARGEST, shown, shown_choice, whole_number

_EPILOG = ("Periods: 2026 (a year), 2026-H1, 2026-Q3, REPORT_ID:NUMBER (see `stegvis report "
           "list PROGRAMME`), final (the whole programme), or --from DATE --to DATE. Exit "
           "code 0: done; 1: bad input (a period that does not exist or has not begun, a "
           "programme without cases); 2: bad usage.")


def _count(text: str) -> int:
    try:
        return whole_number(text, low=1, high=LARGEST)
    except InputError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number of people (1 or "
                                         "more)") from None



def add_report_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``report`` and ``training`` on the ``stegvis`` subcommand parser."""
    common = common_options(json=False)
    p = sub.add_parser("report", parents=[common], epilog=_EPILOG,
                       help="a programme's report for a period (JSON; `report list "
                            "PROGRAMME`: its report periods and due dates)",
                       description="The figures of a programme for one period, split by "
                                   "gender, small counts suppressed.")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id (e.g. rebus), or "
                                                          "'list' followed by one")
    p.add_argument("listed", nargs="?", metavar="PROGRAMME", help=argparse.SUPPRESS)
    p.add_argument("--period", metavar="PERIOD", help="which period (default: this year)")
    p.add_argument("--from", dest="from_on", type=parse_date, metavar="DATE",
                   help=f"first day of the period ({DATE_HELP})")
    p.add_argument("--to", dest="to_on", type=parse_date, metavar="DATE",
                   help=f"last day of the period ({DATE_HELP})")
    p.add_argument("--format", default="json", metavar="FORMATS",
                   help="comma list of formats (default json)")
    p.add_argument("--lang", choices=("sv", "en"), default="sv",
                   help="language of the labels (default sv)")
    p.add_argument("--output", type=output_folder, metavar="DIR",
                   help="write the files here and print their paths (default: JSON to "
                        "standard output)")

    training = sub.add_parser("training", help="record staff trained (training add)",
                              description="Record staff trained in a programme's method.")
    training_sub = training.add_subparsers(dest="training_command", required=True,
                                           metavar="COMMAND")
    p = training_sub.add_parser("add", parents=[common],
                                help="record that staff took a course",
                                description="Record that COUNT staff in ROLE took COURSE "
                                            "(counted against staff_trained targets).")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id")
    p.add_argument("--course", required=True, help="the course, e.g. 'SE/IPS, 2x2 dagar'")
    p.add_argument("--role", required=True, help="who took it, e.g. 'operativ personal'")
    p.add_argument("--count", type=_count, required=True, metavar="N",
                   help="how many took it")
    p.add_argument("--on", type=parse_date, required=True, metavar="DATE",
                   help=f"when the course ended ({DATE_HELP})")


def run_report_command(args: argparse.Namespace) -> int | None:
    """Run ``report`` or ``training``; None for any other command."""
    if args.command not in ("report", "training"):
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from engine.clock import STOCKHOLM, fixed_clock, system_clock
    from engine.service.shared.context import Context
    from engine.store.database import DatabaseError, open_database

    if args.command == "report" and args.programme == "list":
        return _list(args)
    clock = system_clock
    if args.today is not None:
        clock = fixed_clock(datetime.combine(args.today, time(9), tzinfo=STOCKHOLM)
                            .astimezone(UTC))
    ctx = Context(open_database(args.database), clock)
    try:
        return _report(ctx, args) if args.command == "report" else _training(ctx, args)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise DatabaseError("the database refused the operation, nothing was changed: "
                            f"{str(cause).strip().splitlines()[0]}") from exc
    finally:
        ctx.engine.dispose()


def _report(ctx: Any, args: argparse.Namespace) -> int:
    from engine.errors import InputError
    from engine.reports.formats import chosen
    from engine.service.programme.report_data import programme_report

    if args.listed is not None:
        raise InputError(f"unexpected {shown_choice(args.listed)}; did you mean `stegvis "
                         f"report list {shown_choice(args.listed)[1:-1]}`?")
    formats = chosen(args.format)
    if args.output is None and any(not f.text for f in formats):
        names = ", ".join(f.name for f in formats if not f.text)
        raise InputError(f"{names} cannot go to the terminal; give --output DIR")
    if args.output is None and len(formats) > 1:
        raise InputError("several formats need --output DIR")
    report = programme_report(ctx, args.programme, args.period, args.lang,
                              from_on=args.from_on, to_on=args.to_on)
    if args.output is None:
        (document,) = formats[0].files(report).values()
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return 0
    user_folder(args.output)
    for fmt in formats:
        for name, data in fmt.files(report).items():
            path = args.output / name
            write_user_file(path, data)
            print(path)
    return 0


def _training(ctx: Any, args: argparse.Namespace) -> int:
    from engine.cli.acting import actor
    from engine.service.programme.staff_training import record_training

    record_training(ctx, args.programme, args.course, args.role, args.count, args.on,
                    actor(args))
    print(f"{args.count} trained in {args.course!r} ({args.role}) on {args.on} recorded for "
          f"{args.programme}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from engine.clock import system_clock, today_in_stockholm
    from engine.definitions.loading import load_programme
    from engine.errors import InputError
    from engine.rules.programme_calendar import programme_calendar

    if args.listed is None:
        raise InputError("name the programme: stegvis report list PROGRAMME")
    spec = load_programme(args.listed)
    today: date = args.today or today_in_stockholm(system_clock)
    until = spec.valid_to + timedelta(days=400) if spec.valid_to else today + timedelta(
        days=400)
    events = [e for e in programme_calendar(spec, spec.valid_from, until) if e.kind == "report"]
    if not events:
        print(f"{spec.name} has no reports in its calendar")
        return 0
    print(f"{spec.name}: reports (--period PERIOD)")
    width = max(len(e.key.removeprefix("report:")) for e in events)
    for event in events:
        period = event.key.removeprefix("report:")
        span = (f"{event.period_from.isoformat()} – {event.period_to.isoformat()}"
                if event.period_from and event.period_to else "")
        print(f"  {period:<{width}}  {span:<23}  due {event.due_on.isoformat()}  "
              f"{event.name.split(' (')[0]}")
    return 0
