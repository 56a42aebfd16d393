"""Booking a meeting: the time and place a participant is told for something they
attend (a follow-up, a task they take part in).

The definition gives the last day a meeting may be held; the coordinator books the
time and the place with the participant (issue 23: the participant's plan said only
"senast 8 mars" and "Din samordnare bokar tiden med dig").  A booking is kept on the
obligation (``meeting_at``, ``meeting_place``), shown on the case page and in the
participant's plan, and logged; booking again replaces it.
"""

from __future__ import annotations

from datetime import datetime

from engine.errors import InputError, RefusedError
from engine.service.cases.materialize import save_case_change
from engine.service.cases.operations import obligation_of, require_active
from engine.service.shared.context import Context, load_case, snapshot, spec_of_case


def book_meeting(ctx: Context, case_id: int, key: str, at: datetime, place: str, actor: str,
                 expected_version: int | None = None) -> int:
    """Book the time (``at``, timezone-aware) and place of the open obligation ``key``;
    returns the case's new version."""
    if at.tzinfo is None:
        raise ValueError("a meeting time must carry its time zone")
    if at < ctx.now():
        raise InputError(f"the meeting time {at.isoformat()} has passed", kind="meeting_passed",
                         day=at.date())
    if not place.strip():
        raise InputError("say where the meeting is", kind="text_empty", what="the place")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "book a meeting")
        row = obligation_of(session, case_id, key, suggest_from="open")
        if row.status != "open":
            raise RefusedError(f"obligation {key!r} of case {case_id} is {row.status}",
                               kind="obligation_already", name=row.name, status=row.status)
        before = snapshot(row)
        row.meeting_at, row.meeting_place = at, place.strip()
        return save_case_change(ctx, session, case, spec, actor, "book_meeting", before,
                                obligation=key, meeting_at=at.isoformat(),
                                meeting_place=place.strip())
