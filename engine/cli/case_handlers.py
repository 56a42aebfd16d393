"""The case commands' handlers: enrol, tasks, cases, show and every change to a case.

Writes say in one line what happened and the case's new version; warnings follow on
their own lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from engine.cli.acting import Handler, Report, actor
from engine.cli.cases_format import case_text, cases_text, reimbursement_text, tasks_text
from engine.errors import InputError
from engine.service.cases import corrections, operations, reassignment, records
from engine.service.cases.enrolment import EnrolmentRequest, enrol
from engine.service.cases.queries import CaseFilter, TaskFilter, case_view, list_cases, list_tasks
from engine.service.shared.context import Context


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
        active_parties=None if args.active_parties is None else tuple(args.active_parties),
        income_support_from_referring_party=args.income_support_from_referring_party,
        attested=tuple(args.attested), exclusions=tuple(args.exclusions), track=args.track,
        type_case=args.type_case, referred_on=args.referred_on,
        income_at_start=args.income_at_start)
    result = enrol(ctx, request, actor(args))
    status = "on the waiting list" if result.status == "waiting" else result.status
    lines = [f"case {result.case_id}: {args.participant_key} enrolled in "
             f"{result.programme_name} on "
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
                                   expected_version=args.expect_version,
                                   income_at_exit=args.income_at_exit)
    outcome = args.outcome + (f" ({args.sub_outcome})" if args.sub_outcome else "")
    return _written(args.case_id, f"exited on {on} with outcome {outcome}", version,
                    outcome=args.outcome, sub_outcome=args.sub_outcome,
                    exited_on=on.isoformat(), income_at_exit=args.income_at_exit)


def _undo_exit(ctx: Context, args: argparse.Namespace) -> Report:
    version = corrections.undo_exit(ctx, args.case_id, actor(args), args.reason,
                                   expected_version=args.expect_version)
    return _written(args.case_id, "exit undone, the case is active again", version,
                    status="active")


def _undo_complete(ctx: Context, args: argparse.Namespace) -> Report:
    version = corrections.undo_complete(ctx, args.case_id, args.key, actor(args), args.reason,
                                       expected_version=args.expect_version)
    return _written(args.case_id, f"{args.key} is open again", version, key=args.key,
                    status="open")


def _undo_follow_up(ctx: Context, args: argparse.Namespace) -> Report:
    version, held_on = corrections.undo_follow_up(ctx, args.case_id, actor(args), args.reason,
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


def _reassign(ctx: Context, args: argparse.Namespace) -> Report:
    version, notices = reassignment.reassign(ctx, args.case_id, args.coordinator, actor(args))
    return _written(args.case_id, f"coordinator {args.coordinator}", version, notices,
                    coordinator=args.coordinator)


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
    from engine.service.cases.version_migration import apply_migration, plan_migration
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


CASE_HANDLERS: dict[str, Handler] = {
    "enrol": _enrol, "tasks": _tasks, "cases": _cases, "show": _show, "complete": _complete,
    "follow_up": _follow_up, "move": _move, "extension_request": _extension_request,
    "extension_decide": _extension_decide, "exit": _exit, "undo_exit": _undo_exit,
    "undo_complete": _undo_complete, "undo_follow_up": _undo_follow_up,
    "assess": _assess, "reimbursement": _reimbursement, "placement": _placement,
    "type_case": _type_case, "goal": _goal, "admit": _admit, "reassign": _reassign,
    "survey": _survey,
    "post_exit": _post_exit, "migrate": _migrate,
}
