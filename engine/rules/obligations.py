"""What is due: the value every timeline and calendar computation returns.

An :class:`Obligation` is an effect as a value: the engine stores it with its due
date, the sweep reminds and escalates from those stored dates.  ``key`` is stable for
the same rule and occurrence, so recomputing a timeline yields the same keys and a
store can upsert instead of duplicating.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from engine.dates.durations import next_working_day, previous_working_day
from engine.definitions.spec import NonWorkingDayPolicy, ProgrammeSpec, ReminderSpec

Scope = Literal["participant", "programme"]

#: An extension tier as the dry run shows it: (longest extension or None for any
#: length, approving role, last day of enrolment with the longest such extension).
Tier = tuple[str | None, str, date | None]


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something that must happen by ``due_on``, with its reminder and escalation dates."""

    key: str
    scope: Scope
    kind: str
    name: str
    due_on: date
    rule: str
    source: str
    phase: str | None = None
    window_from: date | None = None
    window_to: date | None = None
    attendees: tuple[str, ...] = ()
    responsible: str | None = None
    remind_on: date | None = None
    escalate_on: date | None = None
    escalate_to: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    number: int | None = None
    recipients: tuple[str, ...] = ()
    note: str = ""
    #: For the duration limit: who may approve extensions of which length.
    extension_tiers: tuple[Tier, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (docs/simulate-json.md): ISO dates, no empty fields."""
        out: dict[str, Any] = {"kind": self.kind, "due": self.due_on.isoformat(),
                               "rule": self.rule}
        for name, value in asdict(self).items():
            if name in ("kind", "due_on", "rule") or value in (None, (), ""):
                continue
            if name == "extension_tiers":
                out[name] = [{"up_to": up_to, "approved_by": by,
                              "last_day": last.isoformat() if last else None}
                             for up_to, by, last in value]
                continue
            out[name] = value.isoformat() if isinstance(value, date) else (
                list(value) if isinstance(value, tuple) else value)
        return out


def adjust_due(day: date, policy: NonWorkingDayPolicy) -> date:
    """Move a due date off weekends and Swedish holidays as the definition says."""
    if policy == "previous_working_day":
        return previous_working_day(day)
    if policy == "next_working_day":
        return next_working_day(day)
    return day


def participant_obligation(spec: ProgrammeSpec, *, key: str, kind: str, name: str, due: date,
                           reminder: ReminderSpec, rule: str, source: str,
                           adjust: bool = True, opened_on: date | None = None,
                           **extra: object) -> Obligation:
    """A participant's obligation, its due date moved off days off unless ``adjust`` is
    False (held meetings and limits stay where they are), with reminder dates.

    ``opened_on``: the event that opens it.  Nothing is due before its event: an exit
    on a Sunday with its tasks "due 0 days" after it makes them due on Monday, not on
    the Friday before.
    """
    due_on = adjust_due(due, spec.due_on_non_working_day) if adjust else due
    if opened_on is not None and due_on < opened_on:
        due_on = next_working_day(opened_on)
    remind_on, escalate_on, escalate_to = reminder_dates(due_on, reminder)
    return Obligation(key=key, scope="participant", kind=kind, name=name, due_on=due_on,
                      rule=rule, source=source, remind_on=remind_on, escalate_on=escalate_on,
                      escalate_to=escalate_to, **extra)  # type: ignore[arg-type]


def reminder_dates(due: date, reminder: ReminderSpec) -> tuple[date, date | None, str | None]:
    """(remind_on, escalate_on, escalate_to) for a due date.

    Reminders go out on the working day at or before ``due − lead``; escalations on
    the first working day at or after ``due + escalate_after``.
    """
    remind_on = previous_working_day(reminder.lead.before(due))
    if reminder.escalate_after is None or reminder.escalate_to is None:
        return remind_on, None, None
    return remind_on, next_working_day(reminder.escalate_after.after(due)), reminder.escalate_to
