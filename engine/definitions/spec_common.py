"""Spec values that both participant and calendar definitions use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.dates.durations import Duration

#: What happens to a due date on a weekend or Swedish holiday.
NonWorkingDayPolicy = Literal["keep", "previous_working_day", "next_working_day"]


@dataclass(frozen=True, slots=True)
class ReminderSpec:
    """How long before a due date to remind, and when and to whom to escalate."""

    lead: Duration
    escalate_after: Duration | None
    escalate_to: str | None
