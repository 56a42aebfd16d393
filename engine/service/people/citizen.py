"""A participant's own plan, as they see it: only what is about them, nothing internal.

Örebro's model (seed 002) asks that the citizen "owns their process and can overview
it".  The plan holds the programme and phase names, their goals and sub-goals, what
has been done that they took part in (meetings held, surveys, tasks with the
participant among the attendees), the next meetings with who attends, and their
coordinator with how to reach them.  It leaves out staff notes, internal tasks (a
registration in a register, say), rule ids, other participants and the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.service.shared.context import Context, load_case, spec_of_case
from engine.store.account_tables import UserRow
from engine.store.delivery_tables import ContactRow
from engine.store.tables import CaseRow, FollowUpRow, GoalRow, ObligationRow, ParticipantRow

#: How many coming meetings the plan lists.
NEXT_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    reached: bool
    sub_goals: tuple[Goal, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """Something done or coming: when, what, and who takes part (role names)."""

    on: date
    what: str
    who: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coordinator:
    name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class CitizenPlan:
    """One case as its participant sees it."""

    case_id: int
    programme: str
    phase: str
    status: str
    enrolled_on: date
    planned_end_on: date | None
    exited_on: date | None
    goals: tuple[Goal, ...]
    done: tuple[Event, ...]
    coming: tuple[Event, ...]
    coordinator: Coordinator


def _for_participant(spec: ProgrammeSpec, attendees: list[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether the participant takes part, and the others (by role name)."""
    kinds = {r.id: r.kind for r in spec.roles}
    takes_part = any(kinds.get(r) == "participant" for r in attendees)
    return takes_part, tuple(spec.role_name(r) for r in attendees
                             if kinds.get(r) != "participant")


def citizen_plan(ctx: Context, case_id: int, today: date) -> CitizenPlan:
    """The participant's view of the case (NotFoundError if there is none)."""
    with ctx.transaction() as session:
        case = load_case(session, case_id, for_update=False)
        spec = spec_of_case(session, case)
        goals = session.exec(select(GoalRow).where(GoalRow.case_id == case_id)
                             .order_by(col(GoalRow.id))).all()
        held = session.exec(select(FollowUpRow).where(FollowUpRow.case_id == case_id)
                            .order_by(col(FollowUpRow.held_on))).all()
        rows = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id, col(ObligationRow.status).in_(("open", "done")))
            .order_by(col(ObligationRow.due_on))).all()
        coordinator = _coordinator(session, case.coordinator)
    done: list[Event] = []
    for meeting in held:
        _, others = _for_participant(spec, meeting.attendees)
        done.append(Event(meeting.held_on, spec.follow_ups.name if spec.follow_ups
                          else "Uppföljning", others))
    coming: list[Event] = []
    for row in rows:
        if row.kind == "follow_up" and row.note == "held":
            continue  # listed above, from the meeting itself
        takes_part, others = _for_participant(spec, row.attendees)
        if not (takes_part or row.kind == "survey" or row.kind == "follow_up"):
            continue  # internal work the participant is not part of
        if row.status == "done":
            done.append(Event(row.completed_on or row.due_on, row.name, others))
        elif row.due_on >= today and len(coming) < NEXT_SHOWN:
            coming.append(Event(row.due_on, row.name, others))
    done.sort(key=lambda e: e.on)
    tree = tuple(Goal(g.text, g.status == "reached",
                      tuple(Goal(s.text, s.status == "reached") for s in goals
                            if s.parent_id == g.id))
                 for g in goals if g.parent_id is None)
    return CitizenPlan(case_id, spec.name, spec.phase(case.phase).name, case.status,
                       case.enrolled_on, case.planned_end_on, case.exited_on, tree,
                       tuple(done), tuple(coming), coordinator)


def _coordinator(session: Session, name: str) -> Coordinator:
    user = session.exec(select(UserRow).where(UserRow.name == name)).first()
    contact = session.exec(select(ContactRow).where(ContactRow.kind == "coordinator",
                                                    ContactRow.name == name)).first()
    display = (user.display_name if user and user.display_name else
               contact.display_name if contact and contact.display_name else name)
    email = (user.email if user and user.email else contact.email if contact else "")
    return Coordinator(display, email, user.phone if user else "")


def cases_of_participant(ctx: Context, participant_key: str) -> list[int]:
    """The participant's cases that are waiting or running (newest first), else the
    latest exited one."""
    with ctx.transaction() as session:
        rows = session.exec(select(CaseRow.id, CaseRow.status).join(
            ParticipantRow, col(ParticipantRow.id) == CaseRow.participant_id)
            .where(ParticipantRow.key == participant_key)
            .order_by(col(CaseRow.id).desc())).all()
    running = [i for i, status in rows if i is not None and status != "exited"]
    return running or [i for i, _ in rows[:1] if i is not None]
