"""Meaning checks of calendar cadences and due rules that follow periods and meetings.

- ``cadence: {every: N months}`` is more than zero months (zero would never end a
  period) and ``periods_of_year`` fits it;
- a report's ``due`` uses one form; named due days cover every period the report has
  and name no period it does not have; a deadline before a meeting finds a meeting
  after every period;
- a programme task or evaluation step due before a meeting names a meeting that has a
  date each year;
- each yearly evaluation is complete before its decision meeting;
- a body's ``secretary`` and ``chair`` are roles, and only bodies have them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from engine.dates.date_text import month_day_guess
from engine.dates.durations import Duration
from engine.dates.recurrence import month_day_in, month_periods, same_month_day
from engine.definitions.semantics_dates import (
    OPEN_ENDED_YEARS_CHECKED,
    Cal,
    as_date,
    as_month_day,
    entries,
)
from engine.definitions.yaml_source import Path
from engine.errors import closest, did_you_mean
from engine.inputs.numbers import is_whole_number, optional_whole_number

#: Each meeting's dates; None when its schedule could not be read (reported already).
MeetingDates = dict[str, list[date] | None]

_CADENCE_MONTHS = {"quarterly": 3, "half_year": 6, "annual": 12}


def _duration(value: Any) -> Duration | None:
    try:
        return Duration.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def cadence_months(c: Cal, path: Path, cadence: Any) -> int | None:
    """Months per period of a report's cadence (None for final, explicit or bad ones)."""
    if isinstance(cadence, str):
        return _CADENCE_MONTHS.get(cadence)
    if not isinstance(cadence, dict) or not isinstance(cadence.get("every"), str):
        return None
    amount, _, unit = cadence["every"].partition(" ")
    number = optional_whole_number(amount, low=0, high=9999) if is_whole_number(amount) \
        else None
    if number is None:
        return None  # the schema's pattern reports it
    months = number * (12 if unit.startswith(("year", "år")) else 1)
    if months == 0:
        c.error((*path, "every"), f"a period of {cadence['every']!r} never ends, so the report "
                                  "would be due without end; write e.g. '1 month'",
                kind="period_zero", value=str(cadence["every"]))
        return None
    return months


def _span_end(c: Cal) -> date | None:
    if c.valid_from is None:
        return None
    return c.valid_to or date(c.valid_from.year + OPEN_ENDED_YEARS_CHECKED, 12, 31)


def _period_ends(c: Cal, report: dict[str, Any], months: int | None) -> list[date]:
    """The nominal last days of the report's periods that validate looks at."""
    span_end = _span_end(c)
    if c.valid_from is None or span_end is None:
        return []
    cadence = report.get("cadence")
    if cadence == "final":
        return [c.valid_to] if c.valid_to else []
    if cadence == "explicit":
        return [d for d in (_as_date_of(p.get("to")) for _, p in entries(report, "periods")) if d]
    if months is None:
        return []
    ends = [nominal for _, _, nominal in month_periods(months, c.valid_from, c.valid_to,
                                                       span_end)]
    wanted = report.get("periods_of_year")
    if isinstance(wanted, list) and 12 % months == 0:
        ends = [e for e in ends if (e.month - 1) // months + 1 in wanted]
    return ends


def _looks_like_month_day(value: Any) -> bool:
    """MM-DD in shape (the schema reports other shapes; this check finds 02-30)."""
    return isinstance(value, str) and re.fullmatch(r"[0-9][0-9]-[0-9][0-9]", value) is not None


def _as_date_of(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def report_schedule(c: Cal, path: Path, report: dict[str, Any], dates_of: MeetingDates) -> None:
    """Check one report's cadence and ``due`` (see the module docstring)."""
    months = cadence_months(c, (*path, "cadence"), report.get("cadence"))
    wanted = report.get("periods_of_year")
    if isinstance(wanted, list):
        most = 12 // months if months and 12 % months == 0 and months < 12 else None
        if most is None:
            c.error((*path, "periods_of_year"), "'periods_of_year' only applies with a "
                                                "cadence that divides the year into several "
                                                "periods (quarterly, half_year, every 1, 2, "
                                                "3, 4 or 6 months)",
                    kind="periods_of_year_not_here")
        for i, number in enumerate(wanted):
            if most and isinstance(number, int) and number > most:
                c.error((*path, "periods_of_year", i),
                        f"a year has only {most} periods of {months} month(s), not {number}",
                        kind="periods_of_year_too_many", most=most, months=months,
                        number=number)
    due = report.get("due")
    fixed = as_date(due) if isinstance(due, str) else None
    if fixed is not None:
        _fixed_due(c, path, report, fixed)
        return
    if not isinstance(due, dict):
        return
    forms = [f for f in (("day",), ("dates",), ("before", "meeting")) if any(k in due for k in f)]
    if len(forms) > 1:
        c.error((*path, "due"), "write one form of due: {day: 10, months_after: 1}, "
                                "{dates: [...]} or {before: 10 working days, meeting: ID}",
                kind="due_one_form")
        return
    ends = _period_ends(c, report, months)
    if "dates" in due:
        _named_days(c, (*path, "due"), due, ends)
    elif "meeting" in due:
        _report_before_meeting(c, (*path, "due"), due, ends, dates_of)


def _fixed_due(c: Cal, path: Path, report: dict[str, Any], fixed: date) -> None:
    """A fixed due date (``due: 2028-02-28``) is one day: it fits a report of one period,
    and comes after that period ends (issue 25)."""
    listed = report.get("periods")
    periods: list[Any] = listed if isinstance(listed, list) else []
    single = report.get("cadence") == "final" or (
        report.get("cadence") == "explicit" and len(periods) == 1)
    if not single:
        c.error((*path, "due"), f"a fixed due date ({fixed}) is one day, but this report has "
                                "a period every time; give it a length of time after each "
                                "period (due: 1 month), or make it cadence: final",
                kind="fixed_due_periodic", day=fixed)
        return
    if report.get("cadence") == "final":
        end = c.valid_to
    else:
        end = as_date(periods[0].get("to")) if isinstance(periods[0], dict) else None
    if end is not None and fixed <= end:
        c.error((*path, "due"), f"the report is due on {fixed}, but its period runs to {end}; "
                                "a report is due after its period",
                kind="fixed_due_in_period", day=fixed, end=end)


def _named_days(c: Cal, path: Path, due: dict[str, Any], ends: list[date]) -> None:
    named: list[tuple[tuple[int, int], Path]] = []
    for epath, entry in entries(due, "dates"):
        for key in ("period_ends", "on"):
            value = entry.get(key)
            if _looks_like_month_day(value) and as_month_day(value) is None:
                guess = month_day_guess(value)
                hint = f"; did you mean {guess}?" if guess else ""
                c.error((*path, *epath, key), f"{value!r} is not a day of the year{hint}",
                        kind="not_a_day_of_year", value=str(value), suggestion=guess or "")
        found = as_month_day(entry.get("period_ends"))
        if found:
            named.append((found, (*path, *epath, "period_ends")))
    if not ends or len(named) != len(entries(due, "dates")):
        return
    missing = sorted({(e.month, e.day) for e in ends
                      if not any(same_month_day((e.month, e.day), n) for n, _ in named)})
    if missing:
        listed = ", ".join(f'"{m:02d}-{d:02d}"' for m, d in missing)
        c.error((*path, "dates"), f"no due day for the periods ending {listed}; add "
                                  "{period_ends: …, on: …} for each",
                kind="due_days_missing", days=listed)
    for day, where in named:
        if not any(same_month_day((e.month, e.day), day) for e in ends):
            c.error(where, f"no period of this report ends on {day[0]:02d}-{day[1]:02d}; "
                           "its periods end on " + ", ".join(
                               sorted({f"{e:%m-%d}" for e in ends})),
                    kind="due_day_no_period", day=f"{day[0]:02d}-{day[1]:02d}",
                    days=", ".join(sorted({f"{e:%m-%d}" for e in ends})))


def _known_meeting(c: Cal, path: Path, value: Any, dates_of: MeetingDates) -> bool:
    if not isinstance(value, str):
        return False
    if value not in dates_of:
        hint = did_you_mean(value, dates_of) or (
            f"; defined meetings: {', '.join(sorted(dates_of)) or 'none'}")
        c.error(path, f"unknown meeting {value!r}{hint}",
                kind="unknown_reference", what="meeting", value=value,
                suggestion=closest(value, dates_of) or "", defined=sorted(dates_of))
        return False
    return True


def _report_before_meeting(c: Cal, path: Path, due: dict[str, Any], ends: list[date],
                           dates_of: MeetingDates) -> None:
    before, meeting = _duration(due.get("before")), due.get("meeting")
    if not _known_meeting(c, (*path, "meeting"), meeting, dates_of) or before is None:
        return
    span_end = _span_end(c)
    days = dates_of[str(meeting)]
    if days is None:
        return
    for end in ends:
        if c.valid_to is None and span_end and end > span_end - timedelta(days=400):
            break  # an open-ended programme's later meetings are not expanded here
        if not any(before.before(day) > end for day in days):
            c.error((*path, "meeting"), f"no {meeting!r} meeting comes late enough after the "
                                        f"period ending {end} for a deadline {before} before "
                                        "it, so that report would have no due date",
                    kind="no_meeting_after_period", meeting=meeting, end=end,
                    before=before)
            return


def _meeting_deadline(c: Cal, path: Path, due: Any, year: int, collect: date,
                      dates_of: MeetingDates) -> date | None:
    """The deadline in ``year`` of a step written {before, meeting}; reports a missing meeting."""
    before = _duration(due.get("before"))
    meeting = due.get("meeting")
    if before is None or not isinstance(meeting, str) or dates_of.get(meeting) is None:
        return None
    days = [d for d in dates_of[meeting] or [] if collect <= d <= date(year, 12, 31)]
    if not days:
        c.error((*path, "meeting"), f"in {year} no {meeting!r} meeting falls after collection "
                                    f"starts ({collect}), so there is no date to count from",
                kind="no_meeting_after_collection", year=year, meeting=meeting,
                collect=collect)
        return None
    return before.before(days[0])


def evaluations(c: Cal, dates_of: MeetingDates) -> None:
    """Check every yearly evaluation (see the module docstring)."""
    for path, evaluation in entries(c.data, "calendar", "evaluations"):
        start = as_month_day(evaluation.get("collect_from"))
        dues: list[tuple[Path, Any]] = [((*path, "complete_by"), evaluation.get("complete_by"))]
        for spath, step in entries(evaluation, "steps"):
            c.role((*path, *spath, "by"), step.get("by"))
            dues.append(((*path, *spath, "due"), step.get("due")))
        for where, value in [((*path, "collect_from"), evaluation.get("collect_from")), *dues]:
            if _looks_like_month_day(value) and as_month_day(value) is None:
                guess = month_day_guess(value)
                c.error(where, f"{value!r} is not a day of the year"
                               + (f"; did you mean {guess}?" if guess else ""),
                        kind="not_a_day_of_year", value=str(value), suggestion=guess or "")
            elif isinstance(value, dict):
                _known_meeting(c, (*where, "meeting"), value.get("meeting"), dates_of)
        end = as_month_day(evaluation.get("complete_by"))
        if start and end and end < start:
            c.error((*path, "complete_by"), "complete_by falls before collect_from; an "
                                            "evaluation must lie within one calendar year",
                    kind="evaluation_inverted")
            continue
        decision = evaluation.get("decision_meeting")
        if isinstance(decision, str) and decision not in dates_of:
            hint = did_you_mean(decision, dates_of) or ""
            c.error((*path, "decision_meeting"), f"unknown meeting {decision!r}{hint}",
                    kind="unknown_reference", what="meeting", value=decision,
                    suggestion=closest(decision, dates_of) or "", defined=[])
            continue
        decided = dates_of.get(decision) if isinstance(decision, str) else None
        if decided is None or not start:
            continue
        for year in c.years():
            collect = month_day_in(year, start)
            ready: date | None = None
            for where, value in dues:
                day = as_month_day(value)
                when = month_day_in(year, day) if day else (
                    _meeting_deadline(c, where, value, year, collect, dates_of)
                    if isinstance(value, dict) else None)
                if when and (ready is None or when > ready):
                    ready = when
            if ready is None:
                continue
            if not [d for d in decided if d.year == year and d > ready]:
                c.error((*path, "decision_meeting"),
                        f"in {year} no {decision!r} meeting falls after the evaluation is "
                        f"complete ({ready}); the decision would come before the evaluation",
                        kind="decision_before_evaluation", year=year, meeting=decision,
                        ready=ready)


def programme_tasks(c: Cal, dates_of: MeetingDates) -> None:
    """Check the programme tasks due before meetings."""
    seen: dict[str, Path] = {}
    for path, task in entries(c.data, "calendar", "tasks"):
        ident = task.get("id")
        if isinstance(ident, str):
            if ident in seen:
                c.error((*path, "id"), f"duplicate programme task id {ident!r}",
                        kind="duplicate_id_again", what="programme task", id=ident)
            seen.setdefault(ident, path)
        c.role((*path, "responsible"), task.get("responsible"))
        c.role_list((*path, "attendees"), task.get("attendees"))
        reminder = task.get("reminder")
        if isinstance(reminder, dict):
            c.role((*path, "reminder", "escalate_to"), reminder.get("escalate_to"))
        due = task.get("due")
        if isinstance(due, dict):
            _known_meeting(c, (*path, "due", "meeting"), due.get("meeting"), dates_of)


def body_officers(c: Cal) -> None:
    """A body's secretary and chair are roles; other kinds of role have neither."""
    for path, role in entries(c.data, "roles"):
        for key in ("secretary", "chair"):
            value = role.get(key)
            if value is None:
                continue
            c.role((*path, key), value)
            if role.get("kind") != "body":
                c.error((*path, key), f"only a body (kind: body) has a {key}; "
                                      f"{role.get('id')!r} is {role.get('kind')}",
                        kind="only_body", field=key, role=role.get("id"),
                        role_kind=role.get("kind"))
            elif value == role.get("id"):
                c.error((*path, key), f"a body cannot be its own {key}; name the role that is",
                        kind="body_own", field=key)

