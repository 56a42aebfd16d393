"""Which notice an obligation calls for on a given day: a pure function of its dates.

An open obligation moves through stages — *soon* (from its reminder date), *due* (on
its due date), *overdue* (after it) — and, from its escalation date, also calls for an
*escalation* to the role the definition names.  The sweep sends each stage at most
once per due date; after days without a sweep only the current stage is sent, never a
stale "due soon" for something already overdue.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

Stage = Literal["soon", "due", "overdue", "escalation"]
STAGES: tuple[Stage, ...] = ("soon", "due", "overdue", "escalation")


def stages_on(day: date, remind_on: date | None, due_on: date,
              escalate_on: date | None) -> list[Stage]:
    """The stages an open obligation is in on ``day`` (its reminder stage, then escalation)."""
    out: list[Stage] = []
    if due_on < day:
        out.append("overdue")
    elif due_on == day:
        out.append("due")
    elif remind_on is not None and remind_on <= day:
        out.append("soon")
    if escalate_on is not None and escalate_on <= day:
        out.append("escalation")
    return out


def notice_key(stage: Stage, obligation_id: int, due_on: date) -> str:
    """The outbox's unique key: one notice per stage, obligation and due date."""
    return f"{stage}:{obligation_id}:{due_on.isoformat()}"
