"""A coordinator's calendar feed (RFC 5545): open obligations and programme meetings.

Every open obligation of the coordinator's cases due from ``today`` on becomes an
all-day event on its due date (with an alarm on the reminder date), and the meetings
of the programmes they have active cases in are added for the coming year.  UIDs are
stable, so a calendar program that subscribes to the feed updates events in place when
a due date moves, and drops them when they are done.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event
from sqlmodel import col, select

from engine.programme_calendar import programme_calendar
from engine.service.context import Context, spec_of_case
from engine.store.tables import CaseRow, ObligationRow, ParticipantRow

_PARTICIPANT_KINDS = {"follow_up", "critical_point", "task", "survey", "handover",
                      "exit_task", "post_exit_follow_up", "duration_warning",
                      "duration_limit"}


def coordinator_feed(ctx: Context, coordinator: str, today: date,
                     months_of_meetings: int = 12) -> bytes:
    """The coordinator's feed as iCalendar text (UTF-8, CRLF, folded lines)."""
    now = ctx.now()
    feed = Calendar()
    feed.add("prodid", "-//Stegvis//Stegvis//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", f"Stegvis – {coordinator}")
    feed.add("x-wr-timezone", "Europe/Stockholm")
    programmes = {}
    with ctx.transaction() as session:
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
            feed.add_component(_event(
                uid=f"case-{case.id}-{obligation.key.replace(':', '-')}@stegvis",
                day=obligation.due_on, summary=f"{obligation.name} – {person.key}",
                description=(f"{spec.name}, ärende {case.id} ({obligation.key}). "
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
            feed.add_component(_event(
                uid=f"{spec.id}-{event.key.replace(':', '-')}@stegvis", day=event.due_on,
                summary=f"{event.name} ({spec.name})", description=f"{spec.name}: {event.name}",
                stamp=now, remind_on=event.remind_on, modified=None))
    return bytes(feed.to_ical())


def _event(*, uid: str, day: date, summary: str, description: str, stamp: datetime,
           remind_on: date | None, modified: datetime | None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if modified is not None:
        event.add("last-modified", modified)
    if remind_on is not None and remind_on < day:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", remind_on - day)  # a negative duration before the start
        event.add_component(alarm)
    return event
