"""iCalendar (RFC 5545) text: a published calendar and all-day events with an alarm.

Only the writing; which events a feed holds is decided in
``engine.service.reminders.calendar_feed``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from engine.channels.text import one_line


def new_calendar(name: str) -> Calendar:
    """An empty published calendar named ``name``, in Stockholm time."""
    feed = Calendar()
    feed.add("prodid", "-//Stegvis//Stegvis//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", one_line(name))
    feed.add("x-wr-timezone", "Europe/Stockholm")
    return feed


def all_day_event(*, uid: str, day: date, summary: str, description: str, stamp: datetime,
           remind_on: date | None, modified: datetime | None) -> Event:
    """An all-day event on ``day``, with a display alarm on ``remind_on`` if earlier."""
    event = Event()
    event.add("uid", one_line(uid))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", one_line(summary))
    event.add("description", one_line(description))
    event.add("transp", "TRANSPARENT")
    if modified is not None:
        event.add("last-modified", modified)
    if remind_on is not None and remind_on < day:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", one_line(summary))
        alarm.add("trigger", remind_on - day)  # a negative duration before the start
        event.add_component(alarm)
    return event
