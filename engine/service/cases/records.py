"""Recording what happens in a case besides its phases: assessments and reimbursement
(Örebro), placement form (START), type case, action-plan goals, survey answers,
post-exit results, admission from the waiting list, and the participant's identity
number when consent is given after the enrolment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, NotFoundError, RefusedError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.rules.capacity import caseload_room
from engine.rules.identity import parse_identity_number
from engine.rules.surveys import answer_score, checked_answers
from engine.rules.timeline import limit_last_day
from engine.service.cases.materialize import save_case_change
from engine.service.cases.reassignment import held_by
from engine.service.cases.recorded_tasks import complete_recorded
from engine.service.shared.context import (
    Context,
    audit,
    bump_version,
    load_case,
    require_date,
    snapshot,
    spec_of_case,
)
from engine.store.tables import (
    AssessmentRow,
    CaseRow,
    GoalRow,
    ObligationRow,
    ParticipantRow,
    PhaseEntryRow,
    PostExitResultRow,
    SurveyAnswerRow,
)

NOT_REACHABLE = "not_reachable"


def _choose(value: str, choices: list[str], what: str, spec: ProgrammeSpec) -> str:
    if value not in choices:
        hint = did_you_mean(value, choices) or f"; choices: {', '.join(choices) or 'none'}"
        raise InputError(f"{spec.name} has no {what} {shown_choice(value)}{hint}",
                         kind="unknown_choice", what=what, programme=spec.name)
    return value


def _complete_open(session: Session, case_id: int, keys: list[str], on: date,
                   actor: str) -> str | None:
    row = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id,
                                                   col(ObligationRow.key).in_(keys),
                                                   ObligationRow.status == "open")).first()
    if row is None:
        return None
    row.status, row.completed_on, row.completed_by = "done", on, actor
    return row.key


def record_assessment(ctx: Context, case_id: int, activity_capacity: int, actor: str,
                      on: date | None = None, need_level: str | None = None) -> int:
    """Record an activity-capacity assessment (and the need level it gives)."""
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        scale = spec.activity_capacity_scale
        if scale is None:
            raise RefusedError(f"{spec.name} does not assess activity capacity",
                               kind="no_capacity_scale", programme=spec.name)
        if not scale.min <= activity_capacity <= scale.max:
            raise InputError(f"activity capacity {activity_capacity} is outside the scale "
                             f"{scale.min}–{scale.max}", kind="capacity_outside",
                             value=activity_capacity, min=scale.min, max=scale.max)
        if need_level is not None:
            levels = [lv for lv, _, _ in spec.reimbursement.levels] if spec.reimbursement else []
            _choose(need_level, levels, "need level", spec)
        require_date(on, ctx, "assessment date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        session.add(AssessmentRow(case_id=case_id, assessed_on=on,
                                  activity_capacity=activity_capacity, need_level=need_level,
                                  assessed_by=actor))
        session.flush()
        done = complete_recorded(session, case, spec, on, actor)
        return save_case_change(ctx, session, case, spec, actor, "assessment", None,
                                assessed_on=on.isoformat(),
                                activity_capacity=activity_capacity, need_level=need_level,
                                completed=done or None)


def reimbursement(ctx: Context, case_id: int, on: date | None = None) -> dict[str, Any]:
    """The case's reimbursement on ``on``: level-related base plus the effect premium.

    The base is the amount of the latest assessed need level.  The premium is
    ``per_level_gained`` × (latest activity capacity − the first assessment's), capped
    at ``max``, once the latest assessment is at least ``measured_over`` after the first
    (a gain measured too early earns nothing yet).
    """
    on = on or ctx.today()
    with ctx.transaction(read_only=True) as session:
        case = load_case(session, case_id, for_update=False)
        spec = spec_of_case(session, case)
        if spec.reimbursement is None:
            raise RefusedError(f"{spec.name} has no reimbursement model",
                               kind="no_reimbursement", programme=spec.name)
        model = spec.reimbursement
        rows = session.exec(select(AssessmentRow).where(
            AssessmentRow.case_id == case_id, col(AssessmentRow.assessed_on) <= on)
            .order_by(col(AssessmentRow.assessed_on), col(AssessmentRow.id))).all()
        levelled = [r for r in rows if r.need_level is not None]
        if not levelled:
            raise RefusedError(f"case {case_id} has no assessment with a need level on or "
                               f"before {on}", kind="no_need_level", day=on)
        level = levelled[-1].need_level
        base = next(amount for lv, _, amount in model.levels if lv == level)
        first, latest = rows[0], rows[-1]
        gained = max(0, latest.activity_capacity - first.activity_capacity)
        measurable = (model.premium_measured_over is None or
                      latest.assessed_on >= model.premium_measured_over.after(first.assessed_on))
        premium = 0.0
        if model.premium_per_level_gained and measurable:
            premium = float(gained * model.premium_per_level_gained)
            if model.premium_max is not None:
                premium = min(premium, float(model.premium_max))
        return {"case_id": case_id, "on": on.isoformat(), "need_level": level,
                "base": base, "levels_gained": gained, "premium": premium,
                "premium_measurable": measurable, "total": base + premium,
                "currency": model.currency, "period": model.period}


def set_placement_form(ctx: Context, case_id: int, form: str, actor: str,
                       on: date | None = None) -> int:
    """Record the placement form chosen after assessment (START)."""
    return _set_choice(ctx, case_id, actor, "placement_form", form, "placement form",
                       lambda spec: [f for f, _ in spec.placement_forms], on)


def set_type_case(ctx: Context, case_id: int, type_case: str, actor: str,
                  on: date | None = None) -> int:
    """Assign the case a type case (typfall, Örebro)."""
    return _set_choice(ctx, case_id, actor, "type_case", type_case, "type case",
                       lambda spec: [t for t, _ in spec.type_cases], on)


def _set_choice(ctx: Context, case_id: int, actor: str, column: str, value: str, what: str,
                choices: Callable[[ProgrammeSpec], list[str]], on: date | None) -> int:
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        _choose(value, choices(spec), what, spec)
        require_date(on, ctx, "date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        before = snapshot(case)
        setattr(case, column, value)
        session.flush()
        done = complete_recorded(session, case, spec, on, actor)
        return save_case_change(ctx, session, case, spec, actor, column, before,
                                completed=done or None)


def add_goal(ctx: Context, case_id: int, text: str, actor: str, parent_id: int | None = None,
             on: date | None = None) -> int:
    """Add a goal (or, with ``parent_id``, a sub-goal) to the action plan; returns its id."""
    on = on or ctx.today()
    if not text.strip():
        raise InputError("the goal has no text", kind="goal_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        if parent_id is not None:
            parent = session.get(GoalRow, parent_id)
            if parent is None or parent.case_id != case_id:
                raise NotFoundError(f"case {case_id} has no goal {parent_id}",
                                    kind="no_goal")
        goal = GoalRow(case_id=case_id, parent_id=parent_id, text=text.strip(), set_on=on)
        session.add(goal)
        session.flush()
        assert goal.id is not None
        bump_version(ctx, session, case)
        audit(ctx, session, actor, "goal", case_id, None, snapshot(goal))
        return goal.id


def record_survey(ctx: Context, case_id: int, survey: str, answers: dict[str, Any],
                  actor: str, on: date | None = None) -> int:
    """Store survey answers, checked against the survey's questions
    (:func:`engine.rules.surveys.checked_answers`); completes the open obligation of that
    survey."""
    on = on or ctx.today()
    if not answers:
        raise InputError("no answers given", kind="survey_unanswered", survey="")
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        _choose(survey, [t.id for t in spec.tasks if t.kind == "survey"], "survey", spec)
        stored = checked_answers(next(t for t in spec.tasks if t.id == survey), answers)
        require_date(on, ctx, "answer date", not_before=case.enrolled_on,
                     not_before_what="the enrolment on")
        session.add(SurveyAnswerRow(case_id=case_id, survey=survey, answered_on=on,
                                    answers=stored, score=answer_score(stored)))
        done = complete_recorded(session, case, spec, on, actor, survey=survey)
        return save_case_change(ctx, session, case, spec, actor, "survey", None, survey=survey,
                                completed=done[0] if len(done) == 1 else done or None)


def record_post_exit_result(ctx: Context, case_id: int, follow_up: str, status: str,
                            actor: str, on: date | None = None,
                            before_window: bool = False) -> int:
    """What was found at a post-exit follow-up: an outcome id, or 'not_reachable'.

    Refused before the follow-up's window opens (its window start, else the day its
    reminder goes out, else its due date): a "6 months after" status found on the exit
    day is not that follow-up.  ``before_window`` records it anyway, and says so in the
    audit log.
    """
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        if case.status != "exited" or case.exited_on is None:
            raise RefusedError(f"case {case_id} has not exited", kind="case_not_exited",
                               status=case.status)
        _choose(follow_up, [f.id for f in spec.post_exit_follow_ups], "post-exit follow-up",
                spec)
        _choose(status, [o.id for o in spec.outcomes] + [NOT_REACHABLE], "status", spec)
        require_date(on, ctx, "follow-up date", not_before=case.exited_on,
                     not_before_what="the exit on")
        opens = _window_opens(session, case_id, follow_up)
        if opens is not None and on < opens and not before_window:
            raise RefusedError(f"case {case_id}: the window of {follow_up} opens on {opens}; "
                               f"a result found on {on} is too early (record it anyway with "
                               "--before-window, and say why in a note)",
                               kind="post_exit_too_early", opens=opens, day=on)
        exists = session.exec(select(PostExitResultRow).where(
            PostExitResultRow.case_id == case_id, PostExitResultRow.follow_up == follow_up)).first()
        if exists is not None:
            raise RefusedError(f"case {case_id}: {follow_up} was already recorded "
                               f"({exists.status} on {exists.found_on})",
                               kind="post_exit_twice", day=exists.found_on)
        session.add(PostExitResultRow(case_id=case_id, follow_up=follow_up, found_on=on,
                                      status=status, recorded_by=actor))
        done = _complete_open(session, case_id, [f"post_exit:{follow_up}"], on, actor)
        return save_case_change(ctx, session, case, spec, actor, "post_exit_result", None,
                       follow_up=follow_up, status=status, completed=done,
                       before_window=before_window)


def _window_opens(session: Session, case_id: int, follow_up: str) -> date | None:
    """When the stored post-exit follow-up may first be recorded; None if none is stored."""
    row = session.exec(select(ObligationRow).where(
        ObligationRow.case_id == case_id, ObligationRow.key == f"post_exit:{follow_up}")).first()
    if row is None:
        return None
    return row.window_from or row.remind_on or row.due_on


def admit(ctx: Context, case_id: int, actor: str, on: date | None = None) -> int:
    """Admit a case from the waiting list once a place is free."""
    on = on or ctx.today()
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        if case.status != "waiting":
            raise RefusedError(f"case {case_id} is {case.status}, not on the waiting list",
                               kind="not_waiting", status=case.status)
        if spec.capacity.concurrent is not None:
            taken = int(session.exec(select(func.count()).select_from(CaseRow).where(
                CaseRow.programme_id == spec.id, CaseRow.status == "active")).one())
            if taken >= spec.capacity.concurrent:
                raise RefusedError(f"{spec.name} is still full ({taken} of "
                                   f"{spec.capacity.concurrent} places)", kind="programme_full",
                                   programme=spec.name, taken=taken,
                                   places=spec.capacity.concurrent)
        # A hard caseload per coordinator holds here too (a soft one warned at enrolment).
        caseload_room(spec, case.coordinator, held_by(session, spec, case.coordinator))
        require_date(on, ctx, "admission date", not_before=case.enrolled_on,
                     not_before_what="the waiting-list entry on")
        before = snapshot(case)
        case.status, case.enrolled_on = "active", on
        if spec.duration is not None:
            case.planned_end_on = limit_last_day(spec.duration, on)
        session.add(PhaseEntryRow(case_id=case_id, phase=spec.initial_phase, entered_on=on))
        session.flush()
        return save_case_change(ctx, session, case, spec, actor, "admit", before)


def record_identity_number(ctx: Context, case_id: int, number: str, consent_on: date | None,
                           actor: str) -> int:
    """Store the participant's identity number, given with consent after the enrolment.

    The same checks as at enrolment (consent date, check digit, the birth year the case
    was enrolled with); never replaces a stored number, never stored for two keys, and
    neither the audit log nor a message repeats it.
    """
    if consent_on is None:
        raise InputError("an identity number is stored only with the participant's "
                         "consent: give the date of consent", kind="consent_missing")
    require_date(consent_on, ctx, "consent date")
    parsed = parse_identity_number(number)
    with ctx.transaction() as session:
        case = load_case(session, case_id)
        spec = spec_of_case(session, case)
        person = session.get(ParticipantRow, case.participant_id)
        assert person is not None
        if person.personnummer is not None:
            raise RefusedError(f"participant {person.key!r} already has an identity number "
                               "stored; it is not replaced", kind="identity_stored")
        if parsed.birth_on.year != person.birth_year or (
                person.birth_on is not None and person.birth_on != parsed.birth_on):
            raise InputError("the identity number does not match the participant's birth "
                             "year or date", kind="identity_other_birth")
        other = session.exec(select(ParticipantRow.key).where(
            ParticipantRow.personnummer == parsed.digits)).first()
        if other is not None:
            # Which participant is not said: the reader may not see that case.
            raise RefusedError("this identity number is already stored for another "
                               "participant; a person has one key", kind="identity_taken")
        person.personnummer, person.consent_on = parsed.digits, consent_on
        person.birth_on = parsed.birth_on
        return save_case_change(ctx, session, case, spec, actor, "identity_number", None,
                                identity_number="stored", consent_on=consent_on.isoformat())
