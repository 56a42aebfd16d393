"""Running the case commands: open the database, call the service layer, print the result.

Each handler returns a :data:`Report`: one plain text for people and the same result as
JSON-ready data for ``--json``.  Writes say in one line what happened and the case's
new version; warnings follow on their own lines.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from engine.cli.board import BOARD_HANDLERS
from engine.cli.budget import BUDGET_HANDLERS
from engine.cli.cases_format import case_text, cases_text, reimbursement_text, tasks_text
from engine.cli.options import write_file
from engine.clock import STOCKHOLM, fixed_clock, system_clock
from engine.errors import InputError
from engine.service import operations, records
from engine.service.context import Context
from engine.service.enrolment import EnrolmentRequest, enrol
from engine.service.queries import CaseFilter, TaskFilter, case_view, list_cases, list_tasks
from engine.store.database import DatabaseError, open_database

#: Text for people, data for ``--json``.
Report = tuple[str, Any]
Handler = Callable[[Context, argparse.Namespace], Report]


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
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_value)
        print()
    else:
        print(text)
    return 0


def _json_value(value: object) -> str:
    """Dates (and anything else JSON lacks) as ISO text."""
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def actor(args: argparse.Namespace) -> str:
    """Who acts: --as, else $STEGVIS_USER, else the login name."""
    name = args.actor or os.environ.get("STEGVIS_USER")
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no login name in some containers
            name = ""
    if not name.strip():
        raise InputError("say who you are with --as NAME (or set STEGVIS_USER): every change "
                         "is logged with its author")
    return name.strip()


def _written(case_id: int, what: str, version: int, warnings: Any = (),
             **data: Any) -> Report:
    lines = [f"case {case_id}: {what} (case version {version})"]
    lines.extend(f"warning: {w}" for w in warnings)
    return "\n".join(lines), {"case_id": case_id, **data, "row_version": version,
                              "warnings": list(warnings)}


def _identity_number(args: argparse.Namespace) -> str | None:
    number: str | None = args.identity_number
    if number == "-":
        number = sys.stdin.readline().strip()
        if not number:
            raise InputError("no identity number on standard input")
    return number


def _enrol(ctx: Context, args: argparse.Namespace) -> Report:
    request = EnrolmentRequest(
        programme=args.programme, participant_key=args.participant_key, gender=args.gender,
        birth_year=args.birth_year, municipality=args.municipality,
        coordinator=args.coordinator, on=args.on, birth_on=args.birth_on,
        identity_number=_identity_number(args), consent_on=args.consent_on,
        referring_party=args.referring_party, parties_active=args.parties_active,
        income_support_from_referring_party=args.income_support_from_referring_party,
        attested=tuple(args.attested), exclusions=tuple(args.exclusions), track=args.track,
        type_case=args.type_case, referred_on=args.referred_on)
    result = enrol(ctx, request, actor(args))
    status = "on the waiting list" if result.status == "waiting" else result.status
    lines = [f"case {result.case_id}: {args.participant_key} enrolled in {args.programme} on "
             f"{args.on or ctx.today()}, {status}, {result.obligations} obligation(s) stored "
             f"(case version {result.row_version})"]
    lines.extend(f"warning: {w}" for w in result.warnings)
    return "\n".join(lines), {**asdict(result), "warnings": list(result.warnings)}


def _tasks(ctx: Context, args: argparse.Namespace) -> Report:
    today = ctx.today()
    rows = list_tasks(ctx, TaskFilter(
        coordinator=args.coordinator, programme=args.programme, municipality=args.municipality,
        due_from=args.due_from, due_to=args.due_to,
        overdue_on=today if args.overdue else None, limit=args.limit))
    return tasks_text(rows, today, args.limit), rows


def _cases(ctx: Context, args: argparse.Namespace) -> Report:
    rows = list_cases(ctx, CaseFilter(coordinator=args.coordinator, programme=args.programme,
                                      municipality=args.municipality, status=args.status,
                                      limit=args.limit), ctx.today())
    return cases_text(rows, args.limit), rows


def _show(ctx: Context, args: argparse.Namespace) -> Report:
    view = case_view(ctx, args.case_id)
    return case_text(view, ctx.today()), view


def _complete(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = operations.complete(ctx, args.case_id, args.key, actor(args), on=on,
                                  expected_version=args.expect_version)
    return _written(args.case_id, f"{args.key} done on {on}", version, key=args.key,
                    completed_on=on.isoformat())


def _follow_up(ctx: Context, args: argparse.Namespace) -> Report:
    held_on = args.held_on or ctx.today()
    attendees = [role.strip() for given in args.attendees for role in given.split(",")
                 if role.strip()]
    version, warnings = operations.record_follow_up(
        ctx, args.case_id, held_on, attendees, args.step_movement, actor(args),
        notes=args.notes, agreed_interval=args.agreed_interval, next_on=args.next_on,
        expected_version=args.expect_version, series=args.series)
    interval = f", interval now {args.agreed_interval}" if args.agreed_interval else ""
    if args.next_on:
        interval += f", next on {args.next_on}"
    return _written(args.case_id, f"follow-up held {held_on} recorded, step movement "
                    f"{args.step_movement}{interval}", version, warnings,
                    held_on=held_on.isoformat(), attendees=attendees)


def _move(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = operations.move_phase(ctx, args.case_id, args.phase, actor(args), on=on,
                                    approved_by=args.approved_by,
                                    expected_version=args.expect_version)
    return _written(args.case_id, f"moved to phase {args.phase} on {on}", version,
                    phase=args.phase, entered_on=on.isoformat())


def _extension_request(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    request_id = operations.request_extension(ctx, args.case_id, args.length, args.reason,
                                              actor(args), on=on)
    stored = next(r for r in case_view(ctx, args.case_id)["extension_requests"]
                  if r["id"] == request_id)
    role = stored["approver_role"]
    text = (f"case {args.case_id}: extension request {request_id} of {stored['length']} made "
            f"on {on}, to be decided by {role} "
            f"(stegvis extension decide {request_id} approve|reject --role {role})")
    return text, {"case_id": args.case_id, "request_id": request_id,
                  "length": stored["length"], "approver_role": role, "status": "pending"}


def _extension_decide(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    who = actor(args)
    approve = args.decision == "approve"
    version = operations.decide_extension(ctx, args.request_id, approve, who, args.role,
                                          on=on, note=args.note)
    decided = "approved" if approve else "rejected"
    text = (f"extension request {args.request_id}: {decided} on {on} by {who} as "
            f"{args.role} (case version {version})")
    return text, {"request_id": args.request_id, "status": decided, "decided_by": who,
                  "role": args.role, "decided_on": on.isoformat(), "row_version": version}


def _exit(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = operations.exit_case(ctx, args.case_id, args.outcome, actor(args), on=on,
                                   sub_outcome=args.sub_outcome,
                                   expected_version=args.expect_version)
    outcome = args.outcome + (f" ({args.sub_outcome})" if args.sub_outcome else "")
    return _written(args.case_id, f"exited on {on} with outcome {outcome}", version,
                    outcome=args.outcome, sub_outcome=args.sub_outcome,
                    exited_on=on.isoformat())


def _undo_exit(ctx: Context, args: argparse.Namespace) -> Report:
    version = operations.undo_exit(ctx, args.case_id, actor(args), args.reason,
                                   expected_version=args.expect_version)
    return _written(args.case_id, "exit undone, the case is active again", version,
                    status="active")


def _undo_complete(ctx: Context, args: argparse.Namespace) -> Report:
    version = operations.undo_complete(ctx, args.case_id, args.key, actor(args), args.reason,
                                       expected_version=args.expect_version)
    return _written(args.case_id, f"{args.key} is open again", version, key=args.key,
                    status="open")


def _undo_follow_up(ctx: Context, args: argparse.Namespace) -> Report:
    version, held_on = operations.undo_follow_up(ctx, args.case_id, actor(args), args.reason,
                                                 expected_version=args.expect_version)
    return _written(args.case_id, f"the follow-up held {held_on} is undone", version,
                    held_on=held_on.isoformat())


def _assess(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = records.record_assessment(ctx, args.case_id, args.capacity, actor(args), on=on,
                                        need_level=args.need_level)
    level = f", need level {args.need_level}" if args.need_level else ""
    return _written(args.case_id, f"activity capacity {args.capacity}{level} assessed on {on}",
                    version, activity_capacity=args.capacity, need_level=args.need_level,
                    assessed_on=on.isoformat())


def _reimbursement(ctx: Context, args: argparse.Namespace) -> Report:
    data = records.reimbursement(ctx, args.case_id, on=args.on or ctx.today())
    return reimbursement_text(data), data


def _placement(ctx: Context, args: argparse.Namespace) -> Report:
    version = records.set_placement_form(ctx, args.case_id, args.form, actor(args))
    return _written(args.case_id, f"placement form {args.form}", version,
                    placement_form=args.form)


def _type_case(ctx: Context, args: argparse.Namespace) -> Report:
    version = records.set_type_case(ctx, args.case_id, args.type_case, actor(args))
    return _written(args.case_id, f"type case {args.type_case}", version,
                    type_case=args.type_case)


def _goal(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    goal_id = records.add_goal(ctx, args.case_id, args.text, actor(args),
                               parent_id=args.parent, on=on)
    version = case_view(ctx, args.case_id)["case"]["row_version"]
    what = f"sub-goal of goal {args.parent}" if args.parent else "goal"
    return _written(args.case_id, f"{what} {goal_id} added on {on}", version, goal_id=goal_id,
                    parent_id=args.parent)


def _admit(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = records.admit(ctx, args.case_id, actor(args), on=on)
    return _written(args.case_id, f"admitted from the waiting list on {on}", version,
                    status="active", enrolled_on=on.isoformat())


def _answer_value(text: str) -> Any:
    """Numbers, true/false and null as such; anything else as the text given."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if value is None or isinstance(value, bool | int | float) else text


def _survey(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    answers: dict[str, Any] = {}
    for key, value in args.answers:
        if key in answers:
            raise InputError(f"question {key!r} is answered twice")
        answers[key] = _answer_value(value)
    version = records.record_survey(ctx, args.case_id, args.survey, answers, actor(args),
                                    on=on)
    return _written(args.case_id, f"{args.survey}: {len(answers)} answer(s) recorded on {on}",
                    version, survey=args.survey, answered_on=on.isoformat())


def _post_exit(ctx: Context, args: argparse.Namespace) -> Report:
    on = args.on or ctx.today()
    version = records.record_post_exit_result(ctx, args.case_id, args.follow_up, args.status,
                                              actor(args), on=on,
                                              before_window=args.before_window)
    return _written(args.case_id, f"{args.follow_up}: {args.status}, found on {on}", version,
                    follow_up=args.follow_up, status=args.status, found_on=on.isoformat())


def _migrate(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.version_migration import apply_migration, plan_migration
    if args.apply:
        moved = apply_migration(ctx, args.programme, args.apply, actor(args))
        return (f"{moved} case(s) of {args.programme} moved to the current definition",
                {"programme": args.programme, "moved": moved})
    plan = plan_migration(ctx, args.programme)
    data = asdict(plan)
    lines = [f"{plan.programme}: {len(plan.cases)} case(s) not on version {plan.to_version} "
             f"(content hash {plan.content_hash}); nothing has been changed"]
    for change in plan.cases:
        if change.blocked:
            lines.append(f"  case {change.case_id} (version {change.from_version}): cannot "
                         f"move: {change.blocked}")
            continue
        lines.append(f"  case {change.case_id} (version {change.from_version}): "
                     f"{len(change.move)} move, {len(change.appear)} appear, "
                     f"{len(change.disappear)} disappear")
        lines.extend(f"    move      {key}: {old} → {new}" for key, old, new in change.move)
        lines.extend(f"    appear    {key}: {due}" for key, due in change.appear)
        lines.extend(f"    disappear {key}: {due}" for key, due in change.disappear)
    if plan.cases:
        lines.append(f"to apply: stegvis migrate {plan.programme} --apply {plan.content_hash}")
    return "\n".join(lines), data


def _contact_set(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.delivery import set_contact
    set_contact(ctx, args.kind, args.name, args.email, actor(args), programme=args.programme,
                display_name=args.display_name)
    where = f" in {args.programme}" if args.programme else ""
    return (f"{args.kind} {args.name}{where}: {args.email}",
            {"kind": args.kind, "name": args.name, "programme": args.programme,
             "email": args.email})


def _contacts(ctx: Context, args: argparse.Namespace) -> Report:
    from sqlmodel import col, select

    from engine.store.delivery_tables import ContactRow
    with ctx.transaction(read_only=True) as session:
        rows = [{"kind": c.kind, "programme": c.programme_id, "name": c.name,
                 "email": c.email, "display_name": c.display_name}
                for c in session.exec(select(ContactRow).order_by(
                    col(ContactRow.kind), col(ContactRow.programme_id),
                    col(ContactRow.name))).all()]
    text = "\n".join(f"{r['kind']:<11}  {r['programme'] or '–':<10}  {r['name']:<20}  "
                     f"{r['email']}" for r in rows) or "no contacts recorded"
    return text, rows


def _sweep(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.delivery import build_digests
    from engine.service.horizon import extend_horizons
    from engine.service.sweep import check_sweep_day, sweep
    day = check_sweep_day(args.date or ctx.today(), ctx.today())
    extended = extend_horizons(ctx, day)
    swept = sweep(ctx, day)
    if not swept.working_day:
        return (f"{day} is not a working day: nothing swept (the next working day catches "
                "up)", asdict(swept))
    built = build_digests(ctx, day)
    lines = [f"{day}: {extended} case horizon(s) moved on, {swept.candidates} obligation(s) "
             f"looked at, {swept.created} new notice(s), {built.created} digest(s) ready to "
             "send"]
    lines.extend(f"warning: {w}" for w in built.unaddressed)
    return "\n".join(lines), {**asdict(swept), "digests": built.created,
                              "unaddressed": built.unaddressed}


def _deliver(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.channels.mail import MailError, SmtpTransport
    from engine.service.delivery import deliver
    try:
        transport = SmtpTransport.from_environment()
    except MailError as exc:
        raise InputError(str(exc)) from None
    done = deliver(ctx, transport)
    lines = [f"{done.sent} digest(s) sent, {done.failed} to retry, {done.gave_up} given up"]
    if done.resent:
        lines.append(f"{done.resent} of them sent again: an earlier attempt was cut off "
                     "while sending (same Message-ID, so mail programs show it once)")
    if done.skipped:
        lines.append(f"{done.skipped} left to another delivery run that is sending them")
    if done.empty:
        lines.append(f"{done.empty} held no notice and were not sent")
    lines.extend(f"warning: {e}" for e in done.errors)
    return "\n".join(lines), asdict(done)


def _outbox(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.delivery import outbox
    rows = outbox(ctx)
    text = "\n".join(f"digest {r['id']:>4}  {r['day']}  {r['recipient']:<18} {r['email']:<28} "
                     f"{r['status']:<8} attempts {r['attempts']}  {r['last_error']}"
                     for r in rows) or "nothing waiting: every digest has been sent"
    return text, rows


def _calendar(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.calendar_feed import coordinator_feed
    feed = coordinator_feed(ctx, args.coordinator, ctx.today())
    events = feed.count(b"BEGIN:VEVENT")
    if args.output:
        write_file(args.output, feed)
        return (f"{events} event(s) for {args.coordinator} written to {args.output}",
                {"coordinator": args.coordinator, "events": events, "file": args.output})
    return feed.decode("utf-8").rstrip("\r\n"), {"coordinator": args.coordinator,
                                                  "events": events,
                                                  "ical": feed.decode("utf-8")}


def _calendar_url(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.http.feed import base_url, feed_url
    from engine.service.feeds import feed_token
    base = base_url(args.base_url)  # checked before a token is made or rotated
    url = feed_url(base, feed_token(ctx, args.coordinator, actor(args), rotate=args.rotate))
    note = "\nthe previous URL no longer works; subscribe again with this one" \
        if args.rotate else ""
    return url + note, {"coordinator": args.coordinator, "url": url, "rotated": args.rotate}


def _budget(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.budget_run import run_budget
    return run_budget(ctx, args, actor(args) if args.case_handler != "budget_show" else "")


HANDLERS: dict[str, Handler] = {
    "enrol": _enrol, "tasks": _tasks, "cases": _cases, "show": _show, "complete": _complete,
    "follow_up": _follow_up, "move": _move, "extension_request": _extension_request,
    "extension_decide": _extension_decide, "exit": _exit, "undo_exit": _undo_exit,
    "undo_complete": _undo_complete, "undo_follow_up": _undo_follow_up,
    "assess": _assess, "reimbursement": _reimbursement, "placement": _placement,
    "type_case": _type_case, "goal": _goal, "admit": _admit, "survey": _survey,
    "post_exit": _post_exit, "migrate": _migrate, "contact_set": _contact_set,
    "contacts": _contacts, "sweep": _sweep, "deliver": _deliver, "outbox": _outbox,
    "calendar": _calendar, "calendar_url": _calendar_url,
}
HANDLERS.update(dict.fromkeys(BUDGET_HANDLERS, _budget))


def _board(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.cli.board import run_board
    return run_board(ctx, args, actor(args) if args.case_handler != "archive_list" else "")


HANDLERS.update(dict.fromkeys(BOARD_HANDLERS, _board))
