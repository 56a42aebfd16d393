"""The case page's content: phases, timeline, goals, and the actions allowed here and now.

Which phase moves are open is worked out from the definition the case is pinned to
(the same guards :func:`engine.service.cases.operations.move_phase` checks), so a closed one
says why before anyone presses it; the service still checks again when it is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from engine.dates.durations import Duration
from engine.definitions.spec import ProgrammeSpec
from engine.http.web.words import anchor_of
from engine.service.people.sign_in_links import links_of_case
from engine.service.shared.context import Context, load_case, spec_of_case
from engine.store.account_tables import UserRow
from engine.store.tables import (
    AssessmentRow,
    CaseRow,
    ExtensionRequestRow,
    FollowUpRow,
    GoalRow,
    ObligationRow,
    ParticipantRow,
    PhaseEntryRow,
    SurveyAnswerRow,
)

#: Open obligations due within this many days are current; later ones are coming.
CURRENT_DAYS = 14


@dataclass
class CasePage:
    """Everything the case page shows (see the template case.html)."""

    case: CaseRow
    spec: ProgrammeSpec
    participant: ParticipantRow
    phases: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    cancelled: int
    follow_ups: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    transitions: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    extensions: list[dict[str, Any]]
    extension_tiers: list[dict[str, str]]
    links: list[Any]
    next_follow_up: dict[str, Any] | None
    latest_next_on: date | None
    interval: str | None
    last_phase_on: date | None
    flags: dict[str, bool] = field(default_factory=dict)
    #: What the record forms offer (surveys, the assessment scale, placement forms, type
    #: cases) and what was recorded; see :func:`_records`.
    records: dict[str, Any] = field(default_factory=dict)
    #: Account name → the name a person reads (who did what is shown by name).
    people: dict[str, str] = field(default_factory=dict)
    #: The next meetings the participant attends, whose time and place can be booked.
    bookable: list[dict[str, Any]] = field(default_factory=list)


def load_case_page(ctx: Context, case_id: int, today: date) -> CasePage:
    """Read the case and work out what the page shows (NotFoundError if no such case)."""
    with ctx.transaction() as session:
        case = load_case(session, case_id, for_update=False)
        spec = spec_of_case(session, case)
        person = session.get(ParticipantRow, case.participant_id)
        assert person is not None
        entries = session.exec(select(PhaseEntryRow).where(PhaseEntryRow.case_id == case_id)
                               .order_by(col(PhaseEntryRow.entered_on),
                                         col(PhaseEntryRow.id))).all()
        obligations = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id).order_by(col(ObligationRow.due_on),
                                                       col(ObligationRow.key))).all()
        meetings = session.exec(select(FollowUpRow).where(FollowUpRow.case_id == case_id)
                                .order_by(col(FollowUpRow.held_on))).all()
        goals = session.exec(select(GoalRow).where(GoalRow.case_id == case_id)
                             .order_by(col(GoalRow.id))).all()
        requests = session.exec(select(ExtensionRequestRow).where(
            ExtensionRequestRow.case_id == case_id).order_by(
                col(ExtensionRequestRow.id))).all()
        assessed = session.exec(select(AssessmentRow).where(AssessmentRow.case_id == case_id)
                                .order_by(col(AssessmentRow.assessed_on),
                                          col(AssessmentRow.id))).all()
        answered = session.exec(select(SurveyAnswerRow).where(
            SurveyAnswerRow.case_id == case_id).order_by(col(SurveyAnswerRow.answered_on),
                                                         col(SurveyAnswerRow.id))).all()
        people = {name: shown for name, shown in session.exec(
            select(UserRow.name, UserRow.display_name).where(UserRow.display_name != ""))}
    done_keys = {o.key for o in obligations if o.status == "done"}
    active = case.status == "active"
    shown = [o for o in obligations if o.status != "cancelled" or _moot(case, o)]
    # Each where it happened: a meeting held early or late under the day it was held.
    timeline = sorted((_obligation(spec, o, today) for o in shown),
                      key=lambda t: (t["on"], t["key"]))
    next_follow_up = next((t for t in timeline if t["kind"] == "follow_up"
                           and t["state"] in ("overdue", "open", "coming")), None)
    interval = (Duration.parse(case.agreed_interval) if case.agreed_interval
                else spec.follow_ups.interval if spec.follow_ups else None)
    return CasePage(
        case=case, spec=spec, participant=person, phases=_phases(spec, case, entries),
        timeline=timeline, cancelled=len(obligations) - len(shown),
        follow_ups=[{"held_on": m.held_on, "attendees": [spec.role_name(r) for r in m.attendees],
                     "step_movement": m.step_movement, "notes": m.notes, "next_on": m.next_on,
                     "recorded_by": m.recorded_by} for m in meetings],
        goals=_goal_tree(goals),
        transitions=_transitions(spec, case, done_keys) if active else [],
        outcomes=_outcomes(spec, case) if active else [],
        roles=_roles(spec),
        extensions=[{"id": r.id, "length": Duration.parse(r.length).swedish(),
                     "reason": r.reason, "status": r.status, "requested_on": r.requested_on,
                     "approver": spec.role_name(r.approver_role),
                     "approver_id": r.approver_role, "decided_on": r.decided_on,
                     "decided_by": r.decided_by, "note": r.decision_note} for r in requests],
        extension_tiers=[{"up_to": t.up_to.swedish() if t.up_to else "",
                          "approver": spec.role_name(t.approved_by)}
                         for t in (spec.duration.extensions if spec.duration else ())],
        links=links_of_case(ctx, case_id), next_follow_up=next_follow_up,
        latest_next_on=interval.after(today) if interval else None,
        interval=interval.swedish() if interval else None,
        last_phase_on=entries[-1].entered_on if entries else None,
        flags={"active": active, "exited": case.status == "exited",
               "waiting": case.status == "waiting",
               "follow_ups": active and spec.follow_ups is not None,
               "extension": active and bool(spec.duration and spec.duration.extensions)},
        records=_records(spec, case, person, obligations, assessed, answered),
        people=people, bookable=_bookable(spec, obligations) if active else [])


#: How many of the coming meetings the booking form offers.
BOOKABLE = 5


def _bookable(spec: ProgrammeSpec, obligations: Any) -> list[dict[str, Any]]:
    """The soonest open meetings the participant attends (a follow-up, or a task with
    the participant among its attendees)."""
    participant = {r.id for r in spec.roles if r.kind == "participant"}
    rows = [o for o in obligations if o.status == "open"
            and (o.kind == "follow_up" or participant & set(o.attendees))]
    return [{"key": o.key, "name": o.name, "due_on": o.due_on, "meeting_at": o.meeting_at,
             "meeting_place": o.meeting_place or ""} for o in rows[:BOOKABLE]]


def _moot(case: CaseRow, row: ObligationRow) -> bool:
    """Whether the exit made ``row`` moot: a task or meeting not yet due when the case
    exited (shown as such, never as missed)."""
    return (row.status == "cancelled" and case.exited_on is not None
            and row.due_on > case.exited_on
            and not row.kind.startswith(("duration_", "phase_")))


def _obligation(spec: ProgrammeSpec, row: ObligationRow, today: date) -> dict[str, Any]:
    held = row.note == "held" and row.status == "done"
    if row.status == "cancelled":
        state = "moot"
    elif row.status in ("done", "missed"):
        state = row.status
    elif row.due_on < today:
        state = "overdue"
    elif row.due_on <= today + timedelta(days=CURRENT_DAYS):
        state = "open"
    else:
        state = "coming"
    return {"key": row.key, "name": row.name, "kind": row.kind, "due_on": row.due_on,
            "form": record_form(spec, row.key),
            "on": row.completed_on if held and row.completed_on else row.due_on,
            "meeting_at": row.meeting_at, "meeting_place": row.meeting_place,
            "state": state, "completed_on": row.completed_on, "completed_by": row.completed_by,
            "held": held, "window_from": row.window_from,
            "window_to": row.window_to,
            "attendees": [spec.role_name(r) for r in row.attendees],
            "responsible": spec.role_name(row.responsible) if row.responsible else None,
            "anchor": anchor_of(row.key)}


#: The case page's form for each kind of record (its anchor).
RECORD_FORMS = {"placement_form": "h-placement", "type_case": "h-type-case",
                "assessment": "h-assessment", "need_level": "h-assessment"}


def record_form(spec: ProgrammeSpec, key: str) -> str | None:
    """The anchor of the form that completes the obligation ``key`` by recording what it
    asks for (a survey's answers, an assessment, …), or None for one marked done."""
    prefix, _, rest = key.partition(":")
    task = next((t for t in spec.tasks if prefix in ("task", "exit")
                 and t.id == rest.split(":")[0]), None)
    if task is None:
        return None
    if task.kind == "survey":
        return f"h-survey-{task.id}"
    return RECORD_FORMS.get(task.records[0]) if task.records else None


def _phases(spec: ProgrammeSpec, case: CaseRow,
            entries: Any) -> list[dict[str, Any]]:
    entered: dict[str, list[date]] = {}
    for entry in entries:
        entered.setdefault(entry.phase, []).append(entry.entered_on)
    out = []
    for phase in spec.phases:
        current = case.status == "active" and phase.id == case.phase
        state = "current" if current else "done" if phase.id in entered else "coming"
        out.append({"id": phase.id, "name": phase.name, "state": state,
                    "entered": entered.get(phase.id, [])})
    return out


def _transitions(spec: ProgrammeSpec, case: CaseRow, done: set[str]) -> list[dict[str, Any]]:
    names = {t.id: t.name for t in spec.tasks}
    out = []
    for transition in spec.phase(case.phase).transitions:
        missing = [names.get(task, task) for task in transition.requires
                   if not any(k == f"task:{task}" or k.startswith(f"task:{task}:") for k in done)]
        out.append({"to": transition.to, "name": spec.phase(transition.to).name,
                    "missing": missing,
                    "approver": spec.role_name(transition.approved_by)
                    if transition.approved_by else None,
                    "approver_id": transition.approved_by, "open": not missing})
    return out


def _outcomes(spec: ProgrammeSpec, case: CaseRow) -> list[dict[str, Any]]:
    phase = spec.phase(case.phase)
    allowed_from = [p.name for p in spec.phases if p.completion_allowed]
    out = []
    for outcome in spec.outcomes:
        closed = outcome.completed and not phase.completion_allowed
        out.append({"id": outcome.id, "name": outcome.name, "open": not closed,
                    "from": allowed_from if closed else [],
                    "subs": [{"id": s, "name": n} for s, n in outcome.sub_outcomes]})
    return out


def _roles(spec: ProgrammeSpec) -> list[dict[str, Any]]:
    required = set(spec.follow_ups.attendees) if spec.follow_ups else set()
    return [{"id": r.id, "name": r.name, "required": r.id in required}
            for r in spec.roles if r.kind != "body"]


def _goal_tree(goals: Any) -> list[dict[str, Any]]:
    top = [g for g in goals if g.parent_id is None]
    return [{"id": g.id, "text": g.text, "status": g.status, "set_on": g.set_on,
             "subs": [{"id": s.id, "text": s.text, "status": s.status, "set_on": s.set_on}
                      for s in goals if s.parent_id == g.id]} for g in top]


def _records(spec: ProgrammeSpec, case: CaseRow, person: ParticipantRow, obligations: Any,
             assessed: Any, answered: Any) -> dict[str, Any]:
    """The record forms' choices, each empty when the definition or the case's state
    does not allow that record now (so the page leaves the form out)."""
    open_keys = {o.key for o in obligations if o.status == "open"}
    # A record form is offered while the case runs, and after it for a task that asks for
    # that record (an assessment at the exit, say).
    asked = {RECORD_FORMS.get(r) for t in spec.tasks for r in t.records
             if {f"task:{t.id}", f"exit:{t.id}"} & open_keys}
    active = case.status == "active"
    names = {t.id: t.name for t in spec.tasks}
    surveys = [{"id": t.id, "name": t.name, "instrument": t.instrument,
                "questions": t.questions}
               for t in spec.tasks if t.kind == "survey"
               and {f"task:{t.id}", f"exit:{t.id}"} & open_keys]
    scale = spec.activity_capacity_scale
    labels = dict(scale.labels) if scale else {}
    levels = {lv: name for lv, name, _ in spec.reimbursement.levels} if spec.reimbursement \
        else {}
    return {
        "surveys": surveys,
        "answered": [{"name": names.get(a.survey, a.survey), "on": a.answered_on,
                      "answers": survey_answers(spec, a.survey, a.answers)}
                     for a in answered],
        "capacities": [{"value": n, "label": labels.get(n, "")}
                       for n in range(scale.min, scale.max + 1)]
        if scale and (active or "h-assessment" in asked) else [],
        "need_levels": levels,
        "assessments": [{"on": a.assessed_on, "capacity": a.activity_capacity,
                         "label": labels.get(a.activity_capacity, ""),
                         "need_level": levels.get(a.need_level or "", a.need_level),
                         "by": a.assessed_by} for a in assessed],
        "placement_forms": dict(spec.placement_forms)
        if active or "h-placement" in asked else {},
        "placement_form": dict(spec.placement_forms).get(case.placement_form or "",
                                                         case.placement_form),
        "type_cases": dict(spec.type_cases) if active or "h-type-case" in asked else {},
        "type_case": dict(spec.type_cases).get(case.type_case or "", case.type_case),
        "identity_stored": person.personnummer is not None,
        "consent_on": person.consent_on,
    }


def survey_answers(spec: ProgrammeSpec, survey: str,
                   answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Each answer with its question's words, in the survey's order: ``question``,
    ``value`` and ``kind`` (scale, yes_no, text; the template words yes and no) and a
    scale's ``label`` and ``max``.  Answers to questions the definition no longer asks
    keep their stored names at the end."""
    task = next((t for t in spec.tasks if t.id == survey), None)
    questions = {q.id: q for q in task.questions} if task else {}
    out = []
    for ident, question in questions.items():
        if ident in answers:
            value = answers[ident]
            out.append({"question": question.text, "value": value, "kind": question.answer,
                        "label": question.label(value) if question.answer == "scale"
                        and isinstance(value, int) else "", "max": question.max})
    for ident, value in answers.items():
        if ident not in questions:
            out.append({"question": ident, "value": value,
                        "kind": "yes_no" if isinstance(value, bool) else "text",
                        "label": "", "max": None})
    return out
