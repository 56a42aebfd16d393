"""Running the commands on cases and reminders: open the database, call the handler,
print its result (text, or JSON with ``--json``).

The handlers live by area: :mod:`engine.cli.case_handlers` (a participant's case),
:mod:`engine.cli.notice_handlers` (reminders), :mod:`engine.cli.budget_run` and
:mod:`engine.cli.board`.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time

from sqlalchemy.exc import SQLAlchemyError

from engine.cli.acting import Handler, Report, actor
from engine.cli.board import BOARD_HANDLERS
from engine.cli.budget import BUDGET_HANDLERS
from engine.cli.case_handlers import CASE_HANDLERS
from engine.cli.definitions import DEFINITIONS_HANDLERS
from engine.cli.moving_in import IMPORT_HANDLERS
from engine.cli.notice_handlers import NOTICE_HANDLERS
from engine.clock import STOCKHOLM, fixed_clock, system_clock
from engine.inputs.json_text import json_text
from engine.service.shared.context import Context
from engine.store.database import DatabaseError, open_database


def run(handler: str, args: argparse.Namespace) -> int:
    """Run the case command ``handler`` with ``args``; print its result; return 0."""
    clock = system_clock
    if args.today is not None:
        nine = datetime.combine(args.today, time(9), tzinfo=STOCKHOLM).astimezone(UTC)
        clock = fixed_clock(nine)
    ctx = Context(open_database(args.database), clock)
    try:
        text, data = HANDLERS[handler](ctx, args)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"the database refused the operation, nothing was changed: "
                            f"{str(cause).strip().splitlines()[0]}") from exc
    finally:
        ctx.engine.dispose()
    if args.json:
        print(json_text(data, default=_json_value))
    else:
        print(text)
    return 0


def _json_value(value: object) -> str:
    """Dates (and anything else JSON lacks) as ISO text."""
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _budget(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.budget_run import run_budget
    return run_budget(ctx, args, actor(args) if args.case_handler != "budget_show" else "")


def _board(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.board import run_board
    return run_board(ctx, args, actor(args) if args.case_handler != "archive_list" else "")


def _import(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.moving_in import run_import
    return run_import(ctx, args, actor(args))


def _definitions(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.definitions import run_definitions
    return run_definitions(ctx, args, actor(args) if args.case_handler
                           == "definitions_import" else "")


HANDLERS: dict[str, Handler] = {
    **CASE_HANDLERS, **NOTICE_HANDLERS,
    **dict.fromkeys(BUDGET_HANDLERS, _budget), **dict.fromkeys(BOARD_HANDLERS, _board),
    **dict.fromkeys(IMPORT_HANDLERS, _import),
    **dict.fromkeys(DEFINITIONS_HANDLERS, _definitions),
}
