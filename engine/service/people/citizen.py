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
from datetime import date, datetime

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
    """Something done or coming: when, what (in the definition's plain words for the
    participant where it has them), who takes part besides the participant (role kind,
    role name), and for a booked meeting its time and place."""

    on: date
    what: str
    who: tuple[tuple[str, str], ...] = ()
    at: datetime | None = None
    place: str = ""


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


def _for_participant(spec: ProgrammeSpec,
                     attendees: list[str]) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """Whether the participant takes part, and the others (role kind, role name)."""
    kinds = {r.id: r.kind for r in spec.roles}
    takes_part = any(kinds.get(r) == "participant" for r in attendees)
    return takes_part, tuple((kinds.get(r, ""), spec.role_name(r)) for r in attendees
                             if kinds.get(r) != "participant")


def _plain_name(spec: ProgrammeSpec, key: str, name: str) -> str:
    """What the participant reads about an obligation: the definition's plain words for
    it (``for_participant``), else its name."""
    prefix, _, rest = key.partition(":")
    if prefix == "follow_up":
        series = next((f for f in spec.follow_up_series if key.startswith(f.key + ":")), None)
        return series.for_participant if series and series.for_participant else name
    task = next((t for t in spec.tasks if prefix in ("task", "exit")
                 and t.id == rest.split(":")[0]), None)
    return task.for_participant if task and task.for_participant else name


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
        series = spec.follow_ups
        done.append(Event(meeting.held_on, (series.for_participant or series.name)
                          if series else "Uppföljning", others))
    coming: list[Event] = []
    for row in rows:
        if row.kind == "follow_up" and row.note == "held":
            continue  # listed above, from the meeting itself
        takes_part, others = _for_participant(spec, row.attendees)
        if not (takes_part or row.kind == "survey" or row.kind == "follow_up"):
            continue  # internal work the participant is not part of
        what = _plain_name(spec, row.key, row.name)
        if row.status == "done":
            done.append(Event(row.completed_on or row.due_on, what, others))
        elif len(coming) < NEXT_SHOWN:  # what is late still happens next
            coming.append(Event(row.due_on, what, others, row.meeting_at,
                                row.meeting_place or ""))
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
