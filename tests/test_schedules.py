"""What ``stegvis serve`` schedules, checked as plain data: no Prefect involved."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime

from dateutil.rrule import rrulestr

from engine.definitions.loading import load_programme
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme.calendar_runs import evaluation_flag, find_event, full_key
from workflows.schedules import (
    DELIVER_CRON,
    SWEEP_CRON,
    TIMEZONE,
    calendar_schedules,
    plan,
)


def _dates(rule: str, span_from: date, span_to: date) -> list[date]:
    recurrence = rrulestr(rule)
    return [d.date() for d in recurrence.between(datetime.combine(span_from, datetime.min.time()),
                                                 datetime.combine(span_to, datetime.max.time()),
                                                 inc=True)]


def test_sweep_and_delivery_run_each_working_morning_once_for_every_programme() -> None:
    specs = [load_programme(p) for p in ("rebus", "vasteras", "hofors", "start", "orebro")]
    planned = plan(specs, date(2026, 11, 23), date(2027, 12, 31))
    by_name = {p.name: p for p in planned}
    (sweep,) = by_name["sweep"].schedules
    (deliver,) = by_name["deliver"].schedules
    assert (sweep.cron, deliver.cron) == (SWEEP_CRON, DELIVER_CRON) == ("30 6 * * 1-5",
                                                                          "*/15 7-17 * * 1-5")
    assert sweep.timezone == deliver.timezone == TIMEZONE == "Europe/Stockholm"
    # Hofors ended in 2023, START's and Örebro's calendars have nothing in the span.
    assert sorted(by_name) == ["calendar-rebus", "calendar-vasteras", "deliver", "sweep"]
    for deployment in planned:
        slugs = [s.slug for s in deployment.schedules]
        assert len(slugs) == len(set(slugs)), deployment.name


def test_vasteras_steering_group_is_one_rrule_in_stockholm_time() -> None:
    spec = load_programme("vasteras")
    schedules = {s.slug: s for s in calendar_schedules(spec, date(2027, 1, 1),
                                                       date(2027, 12, 31))}
    steering = schedules["meeting:styrgruppsmote"]
    assert steering.rrule == ("DTSTART:20160901T073000\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=2,4,6,9,11;BYDAY=2WE")
    assert steering.timezone == "Europe/Stockholm"
    assert dict(steering.parameters) == {"programme": "vasteras",
                                         "event_key": "meeting:styrgruppsmote"}
    calendar = [e.due_on for e in programme_calendar(spec, date(2027, 1, 1), date(2027, 12, 31))
                if e.key.startswith("meeting:styrgruppsmote:")]
    assert _dates(steering.rrule, date(2027, 1, 1), date(2027, 12, 31)) == calendar
    assert calendar[0] == date(2027, 2, 10)
    # The run's day completes the key the calendar gives the meeting.
    assert find_event(spec, "meeting:styrgruppsmote", date(2027, 2, 10)).key == \
        full_key("meeting:styrgruppsmote", date(2027, 2, 10)) == "meeting:styrgruppsmote:2027-02-10"


def test_hofors_gets_its_eight_report_due_dates_and_meetings_end_with_the_project() -> None:
    spec = load_programme("hofors")
    schedules = calendar_schedules(spec, date(2021, 1, 1), date(2023, 12, 31))
    reports = [s for s in schedules if s.slug.startswith("report:kvartalsrapport:")]
    assert [_dates(s.rrule or "", date(2021, 1, 1), date(2023, 12, 31)) for s in reports] == [
        [date(2021, 5, 28)], [date(2021, 9, 30)], [date(2021, 10, 29)], [date(2022, 1, 31)],
        [date(2022, 4, 29)], [date(2022, 7, 29)], [date(2022, 10, 28)], [date(2023, 1, 31)]]
    assert reports[0].rrule == "DTSTART:20210528T073000\nRRULE:FREQ=DAILY;COUNT=1"
    assert [dict(s.parameters)["event_key"] for s in reports] == [
        f"report:kvartalsrapport:{n}" for n in range(1, 9)]
    steering = next(s for s in schedules if s.slug == "meeting:styrgruppsmote")
    assert steering.rrule is not None and steering.rrule.endswith(";UNTIL=20230301T235959")
    assert max(_dates(steering.rrule, date(2021, 1, 1), date(2030, 1, 1))) < date(2023, 3, 1)


def test_every_calendar_event_in_the_span_is_scheduled_exactly_once() -> None:
    spec = load_programme("rebus")
    span = (date(2026, 1, 1), date(2027, 12, 31))
    fired = []
    for schedule in calendar_schedules(spec, *span):
        key = dict(schedule.parameters)["event_key"]
        fired += [full_key(key, day) for day in _dates(schedule.rrule or "", *span)]
    expected = [e.key for e in programme_calendar(spec, *span)
                if not e.kind.startswith("project_phase")]
    assert sorted(fired) == sorted(expected)


def test_an_evaluation_deadline_with_no_decision_meeting_after_it_is_flagged() -> None:
    spec = load_programme("rebus")
    deadline = find_event(spec, "evaluation:arlig_utvardering:2026:complete", date(2026, 10, 31))
    assert evaluation_flag(spec, deadline) == ""
    board = next(m for m in spec.meetings if m.id == "styrelsemote_november")
    early = dataclasses.replace(board, schedule=dataclasses.replace(
        board.schedule, rrule="FREQ=YEARLY;BYMONTH=10;BYDAY=3TH"))
    moved = dataclasses.replace(spec, meetings=tuple(
        early if m.id == board.id else m for m in spec.meetings))
    flag = evaluation_flag(moved, find_event(moved, deadline.key, date(2026, 10, 31)))
    # 31 October 2026 is a Saturday: the deadline moves to Friday the 30th (issue 12).
    assert "ska vara färdigställd 2026-10-30" in flag and "beslutet kommer före" in flag


def test_planning_imports_no_prefect() -> None:
    code = ("import sys, workflows.schedules, engine.service.programme.calendar_runs; "
            "assert 'prefect' not in sys.modules, 'prefect imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_report_draft_goes_to_its_author_ten_working_days_before_the_due_date() -> None:
    spec = load_programme("vasteras")
    events = {e.key: e for e in programme_calendar(spec, date(2026, 1, 1), date(2026, 12, 31))}
    draft, due = events["report_draft:halvarsrapport:10"], events["report:halvarsrapport:10"]
    assert due.due_on == date(2026, 7, 30) and due.period_to == date(2026, 6, 30)
    # Ten working days back from Thursday 30 July 2026: Thursday 16 July.
    assert draft.due_on == date(2026, 7, 16) and draft.responsible == "verksamhetsledare"
    assert (draft.period_from, draft.period_to) == (due.period_from, due.period_to)


def test_evaluation_steps_due_on_a_day_off_move_to_the_working_day_before() -> None:
    spec = load_programme("rebus")
    events = {e.key: e for e in programme_calendar(spec, date(2022, 1, 1), date(2022, 12, 31))}
    # "10-15" is Saturday 15 October 2022: due Friday 14 October.
    assert events["evaluation:arlig_utvardering:2022:prognos"].due_on == date(2022, 10, 14)
    assert events["evaluation:arlig_utvardering:2022:styrgruppsanalys"].due_on == \
        date(2022, 10, 31)   # a Monday: stays
