"""A coordinator's calendar feed (RFC 5545): open obligations and programme meetings.

Every open obligation of the coordinator's cases due from ``today`` on becomes an
all-day event on its due date (with an alarm on the reminder date), and the meetings
of the programmes they have active cases in are added for the coming year.  UIDs are
stable, so a calendar program that subscribes to the feed updates events in place when
a due date moves, and drops them when they are done.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from engine.channels.domain import installation_domain
from engine.channels.ical import all_day_event, new_calendar
from engine.rules.programme_calendar import programme_calendar
from engine.service.shared.context import Context, spec_of_case
from engine.store.tables import CaseRow, ObligationRow, ParticipantRow

_PARTICIPANT_KINDS = {"follow_up", "critical_point", "task", "survey", "handover",
                      "exit_task", "post_exit_follow_up", "duration_warning",
                      "duration_limit", "phase_limit", "phase_limit_warning"}


def coordinator_feed(ctx: Context, coordinator: str, today: date,
                     months_of_meetings: int = 12) -> bytes:
    """The coordinator's feed as iCalendar text (UTF-8, CRLF, folded lines)."""
    now, domain = ctx.now(), installation_domain()
    feed = new_calendar(f"Stegvis – {coordinator}")
    programmes = {}
    with ctx.transaction(read_only=True) as session:
        rows = session.exec(select(ObligationRow, CaseRow, ParticipantRow)
                            .join(CaseRow, col(CaseRow.id) == ObligationRow.case_id)
                            .join(ParticipantRow,
                                  col(ParticipantRow.id) == CaseRow.participant_id)
                            .where(ObligationRow.coordinator == coordinator,
                                   ObligationRow.status == "open",
                                   col(ObligationRow.due_on) >= today)
                            .order_by(col(ObligationRow.due_on))).all()
        for obligation, case, person in rows:
            if obligation.kind not in _PARTICIPANT_KINDS:
                continue
            spec = spec_of_case(session, case)
            programmes[spec.id] = spec
            feed.add_component(all_day_event(
                uid=f"case-{case.id}-{obligation.key.replace(':', '-')}@{domain}",
                day=obligation.due_on, summary=f"{obligation.name} – {person.key}",
                description=(f"{spec.name}, {person.key} (ärende {case.id}). "
                             "Markera som gjort i Stegvis."),
                stamp=now, remind_on=obligation.remind_on,
                modified=obligation.changed_at))
        for case in session.exec(select(CaseRow).where(CaseRow.coordinator == coordinator,
                                                       CaseRow.status == "active")).all():
            spec = spec_of_case(session, case)
            programmes.setdefault(spec.id, spec)
    until = today + timedelta(days=31 * months_of_meetings)
    for spec in programmes.values():
        for event in programme_calendar(spec, today, until):
            if event.kind != "meeting":
                continue
            feed.add_component(all_day_event(
                uid=f"{spec.id}-{event.key.replace(':', '-')}@{domain}", day=event.due_on,
                summary=f"{event.name} ({spec.name})", description=f"{spec.name}: {event.name}",
                stamp=now, remind_on=event.remind_on, modified=None))
    return bytes(feed.to_ical())
