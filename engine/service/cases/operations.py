"""Changing a case: obligations, follow-ups, phases, extensions and exit.

Taking a change back (a mistaken exit, completion or follow-up) is
:mod:`engine.service.cases.corrections`.

Every function is one transaction: it checks its input and the definition's rules
first, changes nothing when either says no, and otherwise updates the case, recomputes
its stored obligations, bumps the case version and writes the audit log.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from engine.dates.durations import Duration, parse_duration
from engine.definitions.income import checked_income
from engine.definitions.spec import FollowUpSpec, ProgrammeSpec
from engine.errors import InputError, NotFoundError, RefusedError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.rules.case_rules import checked_exit, checked_move
from engine.rules.follow_ups import agreed_series
from engine.rules.timeline import extended_last_day, extension_approver, limit_last_day
from engine.service.cases.materialize import save_case_change
from engine.service.shared.context import (
    Context,
    audit,
    load_case,
    require_date,
    snapshot,
    spec_of_case,
)
from engine.store.tables import (
    CaseRow,
    ExtensionRequestRow,
    FollowUpRow,
    ObligationRow,
    PhaseEntryRow,
)

STEP_MOVEMENTS = ("yes", "partly", "no")


def require_active(case: CaseRow, spec: ProgrammeSpec, doing: str) -> None:
    """Refuse (case_not_active) to ``doing`` on a case that is not active."""
    if case.status != "active":
        raise RefusedError(f"case {case.id} in {spec.name} is {case.status}; cannot {doing}",
                           kind="case_not_active", status=case.status)


def _last_phase_entry(session: Session, case: CaseRow) -> PhaseEntryRow:
    entry = session.exec(select(PhaseEntryRow).where(PhaseEntryRow.case_id == case.id)
                         .order_by(col(PhaseEntryRow.entered_on).desc(),
                                   col(PhaseEntryRow.id).desc())).first()
    if entry is None:
        raise RefusedError(f"case {case.id} has no phase yet (on the waiting list?)",
                           kind="case_not_active", status=case.status)
    return entry


def obligation_of(session: Session, case_id: int, key: str, suggest_from: str) -> ObligationRow:
    """The case's obligation ``key``; NotFoundError with a did-you-mean among those whose
    status is ``suggest_from`` (what the operation could act on)."""
    row = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id,
                                                   ObligationRow.key == key)).first()
    if row is None:
        keys = session.exec(select(ObligationRow.key).where(
            ObligationRow.case_id == case_id, ObligationRow.status == suggest_from)).all()
        raise NotFoundError(f"case {case_id} has no obligation {shown_choice(key)}"
                            f"{did_you_mean(key, keys)}", kind="no_obligation")
    return row


def complete(ctx: Context, case_id: int, key: str, actor: str, on: date | None = None,
             expected_version: int | None = None) -> int:
    """Mark an open obligation done; returns the case's new version."""
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        row = obligation_of(session, case_id, key, suggest_from="open")
        if row.kind == "follow_up":
            raise InputError(f"{key} is a follow-up meeting: record it with who attended and "
                             "the step movement (stegvis follow-up)", kind="complete_follow_up")
        if row.status != "open":
            raise RefusedError(f"obligation {key!r} of case {case_id} is already {row.status}",
                               kind="obligation_already", name=row.name, status=row.status)
        require_date(on, ctx, "completion date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        before = snapshot(row)
        row.status, row.completed_on, row.completed_by = "done", on, actor
        return save_case_change(ctx, session, case, spec, actor, "complete", before,
                       obligation=key)


def record_follow_up(ctx: Context, case_id: int, held_on: date, attendees: list[str],
                     step_movement: str, actor: str, notes: str = "",
                     agreed_interval: str | None = None, next_on: date | None = None,
                     expected_version: int | None = None,
                     series: str | None = None) -> tuple[int, list[str]]:
    """Record a follow-up meeting; returns (new version, warnings such as missing attendees).

    ``series`` names the follow-up series when the programme has several.
    ``agreed_interval`` sets a tighter interval agreed with the participant and
    ``next_on`` the date agreed for the next meeting (no later than the interval
    allows); the following follow-ups move accordingly.
    """
    if step_movement not in STEP_MOVEMENTS:
        hint = did_you_mean(step_movement, STEP_MOVEMENTS)
        raise InputError(f"step movement {shown_choice(step_movement)} is not one of "
                         f"{', '.join(STEP_MOVEMENTS)}{hint}", kind="unknown_choice",
                         what="step movement", programme="")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "record a follow-up")
        follow = _series(spec, series)
        require_date(held_on, ctx, "follow-up date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        if session.exec(select(FollowUpRow.id).where(FollowUpRow.case_id == case_id,
                                                     FollowUpRow.held_on == held_on)).first():
            # A second one that day would count as the next meeting and push the series on.
            raise RefusedError(f"case {case_id}: a follow-up held {held_on} is already "
                               "recorded; to correct it, undo it (stegvis undo-follow-up) and "
                               "record it again", kind="follow_up_twice", day=held_on)
        roles = [r.id for r in spec.roles]
        for role in attendees:
            if role not in roles:
                raise InputError(f"unknown role {shown_choice(role)}{did_you_mean(role, roles)}",
                                 kind="unknown_choice", what="role", programme=spec.name)
        stored_as = None if follow.key == "follow_up" else follow.id
        # Meetings stored without a series belong to the first one (see case_facts).
        same_series: ColumnElement[bool] = col(FollowUpRow.series).is_(None)
        if stored_as is not None:
            same_series = (or_(same_series, col(FollowUpRow.series) == stored_as)
                           if follow == spec.follow_up_series[0]
                           else col(FollowUpRow.series) == stored_as)
        number = 1 + len(session.exec(select(FollowUpRow.id).where(
            FollowUpRow.case_id == case_id, same_series)).all())
        warnings = [f"{spec.role_name(r)} did not attend (required by the definition)"
                    for r in follow.attendees_of(number) if r not in attendees]
        before = snapshot(case)
        if agreed_interval is not None:
            agreeable = agreed_series(spec)
            if agreeable != follow:
                where = f"for {agreeable.name}" if agreeable else "in no series"
                raise RefusedError(f"{spec.name}: a tighter interval can be agreed only "
                                   f"{where}, not for {follow.name}",
                                   kind="interval_not_here", series=follow.name)
            case.agreed_interval = str(_checked_interval(spec, agreed_interval))
        if next_on is not None:
            interval = (Duration.parse(case.agreed_interval)
                        if case.agreed_interval and agreed_series(spec) == follow
                        and Duration.parse(case.agreed_interval).amount > 0
                        else follow.interval)
            latest = interval.after(held_on)
            if not held_on < next_on <= latest:
                raise RefusedError(f"the next follow-up must come after this one ({held_on}) "
                                   f"and no later than {latest} (every {interval}); "
                                   f"{next_on} is not", kind="next_follow_up_outside",
                                   held_on=held_on, latest=latest, interval=interval,
                                   next_on=next_on)
        session.add(FollowUpRow(case_id=case_id, held_on=held_on, attendees=list(attendees),
                                step_movement=step_movement, notes=notes, next_on=next_on,
                                recorded_by=actor, series=stored_as))
        session.flush()
        version = save_case_change(ctx, session, case, spec, actor, "follow_up", before,
                          held_on=held_on.isoformat(), step_movement=step_movement,
                          warnings=warnings)
        return version, warnings


def _series(spec: ProgrammeSpec, series: str | None) -> FollowUpSpec:
    """The follow-up series a meeting is recorded for; refused with the choices."""
    if not spec.follow_up_series:
        raise RefusedError(f"{spec.name} has no recurring follow-ups", kind="no_follow_ups",
                           programme=spec.name)
    ids = [f.id for f in spec.follow_up_series]
    if series is None and len(ids) > 1:
        raise InputError(f"{spec.name} has several follow-up series; say which: "
                         f"{', '.join(ids)}", kind="which_series",
                         series=[f.name for f in spec.follow_up_series])
    try:
        return spec.series(series)
    except KeyError:
        hint = did_you_mean(series or "", ids) or f"; series: {', '.join(ids)}"
        raise InputError(f"{spec.name} has no follow-up series {shown_choice(series or '')}{hint}",
                         kind="unknown_choice", what="follow-up series",
                         programme=spec.name) from None


def _checked_interval(spec: ProgrammeSpec, text: str) -> Duration:
    follow = agreed_series(spec)
    assert follow is not None
    interval = parse_duration(text, what="the agreed interval")
    if interval.amount == 0:
        # "0 days" once put a thousand follow-ups on one day (issue 12).
        raise InputError(f"an agreed interval of {interval} would put every follow-up on "
                         "the same day; give the time between meetings, e.g. '2 weeks'",
                         kind="interval_zero")
    longest, tightest = follow.interval, follow.tightest_interval
    if interval.approx_days() > longest.approx_days():
        raise RefusedError(f"an agreed interval may only be tighter than {longest}; "
                           f"{interval} is longer", kind="interval_longer", length=interval,
                           longest=longest)
    if tightest is not None and interval.approx_days() < tightest.approx_days():
        raise RefusedError(f"{spec.name} allows intervals down to {tightest}; {interval} is "
                           "tighter", kind="interval_tighter", length=interval,
                           tightest=tightest, programme=spec.name)
    return interval


def move_phase(ctx: Context, case_id: int, to: str, actor: str, on: date | None = None,
               approved_by: str | None = None, expected_version: int | None = None) -> int:
    """Move the case to another phase, if a transition allows it and its guards hold."""
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "move phase")
        phase = spec.phase(case.phase)
        transition = checked_move(spec, case.phase, to, f"{spec.name}, case {case_id}")
        last = _last_phase_entry(session, case)
        require_date(on, ctx, "phase change date", not_before=last.entered_on,
                     not_before_what=f"entering {last.phase!r} on")
        done = set(session.exec(select(ObligationRow.key).where(
            ObligationRow.case_id == case_id, ObligationRow.status == "done")).all())
        missing = [task for task in transition.requires
                   if not any(k == f"task:{task}" or k.startswith(f"task:{task}:") for k in done)]
        if missing:
            names = {t.id: t.name for t in spec.tasks}
            raise RefusedError(f"{spec.name}, case {case_id}: moving {phase.id!r} → {to!r} "
                               "requires " + "; ".join(f"{names.get(m, m)!r} ({m})"
                                                        for m in missing)
                               + " to be completed first", kind="move_requires",
                               phase=phase.name, to=spec.phase(to).name,
                               missing=[names.get(m, m) for m in missing])
        if transition.approved_by is not None and approved_by != transition.approved_by:
            raise RefusedError(f"{spec.name}, case {case_id}: moving {phase.id!r} → {to!r} "
                               f"must be approved by {spec.role_name(transition.approved_by)}",
                               kind="move_needs_approval", to=spec.phase(to).name,
                               role=spec.role_name(transition.approved_by))
        before = snapshot(case)
        case.phase = to
        session.add(PhaseEntryRow(case_id=case_id, phase=to, entered_on=on))
        session.flush()
        return save_case_change(ctx, session, case, spec, actor, "move_phase", before, phase=to)


def _extension_ends(spec: ProgrammeSpec, case: CaseRow, ends_on: date,
                    length: Duration) -> str:
    """The role that decides an extension making the case end on ``ends_on``; refuses
    one that runs past the programme's end or that no tier covers (both counted on the
    case's total extension, issue 25)."""
    assert spec.duration is not None
    if spec.valid_to is not None and ends_on > spec.valid_to:
        # validate warns of this; the engine keeps what the warning says (issue 25).
        raise RefusedError(f"{spec.name} ends on {spec.valid_to}; an extension of {length} "
                           f"would let case {case.id} run to {ends_on}, past the programme's "
                           "end", kind="extension_past_end", programme=spec.name,
                           length=length, end=spec.valid_to, ends=ends_on)
    approver = extension_approver(spec.duration, case.enrolled_on, ends_on)
    if approver is None:
        limit = limit_last_day(spec.duration, case.enrolled_on)
        raise RefusedError(f"{spec.name} allows no extension of {length}: with the case's "
                           f"other extensions it would run to {ends_on}, "
                           f"{(ends_on - limit).days} days past the limit, beyond the "
                           "longest tier",
                           kind="extension_too_long", programme=spec.name, length=length)
    return approver


def _extended_reach(session: Session, case: CaseRow, spec: ProgrammeSpec, length: Duration,
                    pending_too: bool) -> date:
    """Where the case ends with ``length`` added to its approved extensions (and, when
    ``pending_too``, to those still pending, as if they were approved)."""
    assert spec.duration is not None
    ends = case.extended_to or limit_last_day(spec.duration, case.enrolled_on)
    if pending_too:
        for pending in session.exec(select(ExtensionRequestRow.length).where(
                ExtensionRequestRow.case_id == case.id,
                ExtensionRequestRow.status == "pending")
                .order_by(col(ExtensionRequestRow.id))).all():
            ends = extended_last_day(ends, Duration.parse(pending))
    return extended_last_day(ends, length)


def request_extension(ctx: Context, case_id: int, length: str, reason: str, actor: str,
                      on: date | None = None) -> int:
    """Ask for an extension beyond the limit; returns the request id.

    The deciding role follows from the case's total extension, counting the approved
    requests and those still pending (as if approved)."""
    on = on or ctx.today()
    wanted = parse_duration(length, what="the extension")
    if not reason.strip():
        raise InputError("say why the extension is needed", kind="reason_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        require_active(case, spec, "request an extension")
        if spec.duration is None:
            raise RefusedError(f"{spec.name} has no duration limit to extend",
                               kind="no_extension", programme=spec.name)
        if not spec.duration.extensions:
            raise RefusedError(f"{spec.name} allows no extension of {wanted}",
                               kind="extension_too_long", programme=spec.name, length=wanted)
        approver = _extension_ends(spec, case, _extended_reach(session, case, spec, wanted,
                                                               pending_too=True), wanted)
        require_date(on, ctx, "request date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        request = ExtensionRequestRow(case_id=case_id, length=str(wanted), reason=reason,
                                      requested_by=actor, requested_on=on,
                                      approver_role=approver)
        session.add(request)
        session.flush()
        assert request.id is not None
        audit(ctx, session, actor, "request_extension", case_id, None, snapshot(request))
        return request.id


def decide_extension(ctx: Context, request_id: int, approve: bool, actor: str, role: str,
                     on: date | None = None, note: str = "") -> int:
    """Approve or reject a request, only in the role the definition names.

    An approval is checked again against the case's total extension as it stands
    (requests approved since may have raised it): past the programme's end it is
    refused, and beyond the request's tier it is decided by the higher tier's role."""
    on = on or ctx.today()
    with ctx.transaction() as session:
        request = session.get(ExtensionRequestRow, request_id)
        if request is None:
            raise NotFoundError(f"no extension request with id {request_id}",
                                kind="no_extension_request")
        case = load_case(session, request.case_id)
        spec = spec_of_case(session, case)
        if request.status != "pending":
            raise RefusedError(f"extension request {request_id} is already {request.status}",
                               kind="extension_decided", status=request.status)
        if approve and case.status != "active":
            raise RefusedError(f"case {case.id} in {spec.name} is {case.status}; an extension "
                               "cannot be approved (reject the request, or undo the exit "
                               "first)", kind="extension_case_closed", status=case.status)
        deciding = request.approver_role
        ends_on: date | None = None
        if approve:
            assert spec.duration is not None
            length = Duration.parse(request.length)
            ends_on = _extended_reach(session, case, spec, length, pending_too=False)
            needed = _extension_ends(spec, case, ends_on, length)
            if _tier_index(spec, needed) > _tier_index(spec, deciding):
                deciding = needed
        if role != deciding:
            raise RefusedError(f"{spec.name}: an extension of {request.length} is decided by "
                               f"{spec.role_name(deciding)}, not by "
                               f"{spec.role_name(role)}", kind="extension_wrong_role",
                               role=spec.role_name(deciding))
        require_date(on, ctx, "decision date", not_before=request.requested_on,
                     not_before_what="the request on")
        before = {**snapshot(case), "request": snapshot(request)}
        request.status = "approved" if approve else "rejected"
        request.approver_role = deciding
        request.decided_by, request.decided_on, request.decision_note = actor, on, note
        if ends_on is not None:
            case.extended_to = ends_on
            case.planned_end_on = case.extended_to
        return save_case_change(ctx, session, case, spec, actor, "decide_extension", before,
                       request=snapshot(request))


def _tier_index(spec: ProgrammeSpec, role: str) -> int:
    """The position of the first tier ``role`` decides (a later tier is a longer one)."""
    assert spec.duration is not None
    roles = [t.approved_by for t in spec.duration.extensions]
    return roles.index(role) if role in roles else -1


def exit_case(ctx: Context, case_id: int, outcome: str, actor: str, on: date | None = None,
              sub_outcome: str | None = None, expected_version: int | None = None,
              income_at_exit: str | None = None) -> int:
    """Close the case with an outcome; opens exit tasks and post-exit follow-ups.

    ``income_at_exit``: the participant's main income support on leaving, if recorded
    (engine.definitions.income; the reports compare it with the one at enrolment), a
    kind the case's definition records at exit.
    """
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "exit")
        income = checked_income(income_at_exit, spec.income_support, "exit")
        last = _last_phase_entry(session, case)
        require_date(on, ctx, "exit date", not_before=last.entered_on,
                     not_before_what=f"entering {last.phase!r} on")
        chosen = checked_exit(spec, case.phase, outcome, sub_outcome,
                              f"{spec.name}, case {case_id}",
                              "move the phase first or record a drop-out")
        before = snapshot(case)
        case.status, case.exited_on, case.outcome = "exited", on, outcome
        case.sub_outcome, case.completed = sub_outcome, chosen.completed
        case.income_at_exit = income
        return save_case_change(ctx, session, case, spec, actor, "exit", before)
