"""Spec values that both participant and calendar definitions use."""

from __future__ import annotations

from dataclasses import dataclass

from engine.dates.durations import Duration


@dataclass(frozen=True, slots=True)
class ReminderSpec:
    """How long before a due date to remind, and when and to whom to escalate."""

    lead: Duration
    escalate_after: Duration | None
    escalate_to: str | None
