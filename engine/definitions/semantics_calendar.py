"""Meaning checks of the dated parts of a definition: validity, project phases,
report periods, meeting schedules and yearly evaluation stages."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from engine.dates.durations import Duration
from engine.dates.recurrence import RecurrenceError, expand_schedule, month_day_in
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, did_you_mean

#: How many years of an open-ended programme the schedule checks look at.
OPEN_ENDED_YEARS_CHECKED = 3


#: Years a definition may use (the schema's date pattern says the same).
YEARS = range(1900, 2200)


def as_date(value: Any) -> date | None:
    """A YYYY-MM-DD string as a date, or None (the schema reports bad dates)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if day.year in YEARS else None
    return None


def as_month_day(value: Any) -> tuple[int, int] | None:
    """An MM-DD string as (month, day), or None if it is not a real day of the year."""
    if isinstance(value, str) and len(value) == 5 and value[2] == "-":
        try:
            month, day = int(value[:2]), int(value[3:])
            date(2024, month, day)  # a leap year, so 02-29 is accepted
            return month, day
        except ValueError:
            return None
    return None


class _Cal:
    def __init__(self, doc: SourceDocument, roles: dict[str, Path]) -> None:
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.roles = roles
        self.problems: list[Problem] = []
        found = self.data.get("valid")
        valid: dict[str, Any] = found if isinstance(found, dict) else {}
        self.valid_from = as_date(valid.get("from"))
        self.valid_to = as_date(valid.get("to"))
        self.open_ended = "to" in valid and valid.get("to") is None

    def error(self, path: Path, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity="warning"))

    def role(self, path: Path, value: Any) -> None:
        if isinstance(value, str) and value not in self.roles:
            hint = did_you_mean(value, self.roles) or (
                f"; defined roles: {', '.join(sorted(self.roles)) or 'none'}")
            self.error(path, f"unknown role {value!r}{hint}")

    def role_list(self, path: Path, values: Any) -> None:
        if isinstance(values, list):
            for i, value in enumerate(values):
                self.role((*path, i), value)

    def inside_validity(self, path: Path, day: date | None, what: str) -> None:
        if day is None or self.valid_from is None:
            return
        if day < self.valid_from or (self.valid_to is not None and day > self.valid_to):
            end = self.valid_to.isoformat() if self.valid_to else "open-ended"
            self.error(path, f"{what} {day.isoformat()} lies outside the programme's validity "
                             f"({self.valid_from.isoformat()} – {end})")

    def years(self) -> list[int]:
        """Whole calendar years inside the validity (capped for open-ended programmes)."""
        if self.valid_from is None:
            return []
        first = self.valid_from.year if self.valid_from == date(self.valid_from.year, 1, 1) \
            else self.valid_from.year + 1
        if self.valid_to is not None:
            last = self.valid_to.year if self.valid_to == date(self.valid_to.year, 12, 31) \
                else self.valid_to.year - 1
        else:
            last = first + OPEN_ENDED_YEARS_CHECKED - 1
        return list(range(first, last + 1))


def _entries(data: Any, *path: str) -> list[tuple[Path, dict[str, Any]]]:
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []
    return [((*path, i), item) for i, item in enumerate(node) if isinstance(item, dict)]


def calendar_problems(doc: SourceDocument, roles: dict[str, Path]) -> list[Problem]:
    """Every problem in the dated parts of ``doc``."""
    c = _Cal(doc, roles)
    if c.valid_from and c.valid_to and c.valid_to < c.valid_from:
        c.error(("valid", "to"), f"the programme ends ({c.valid_to}) before it starts "
                                 f"({c.valid_from})")
        return c.problems
    valid = c.data.get("valid")
    enrolment = as_date(valid.get("enrolment_from")) if isinstance(valid, dict) else None
    if enrolment and c.valid_from and enrolment < c.valid_from:
        c.error(("valid", "enrolment_from"), f"enrolment opens ({enrolment}) before the "
                                             f"programme starts ({c.valid_from})")
    else:
        c.inside_validity(("valid", "enrolment_from"), enrolment, "enrolment start")
    _project_phases(c)
    meetings = _meetings(c)
    _reports(c)
    _evaluations(c, meetings)
    return c.problems


def _project_phases(c: _Cal) -> None:
    phases = _entries(c.data, "project_phases")
    known = {str(p["id"]): path for path, p in phases if isinstance(p.get("id"), str)}
    spans = []
    for path, phase in phases:
        start, end = as_date(phase.get("from")), as_date(phase.get("to"))
        if start and end and end < start:
            c.error((*path, "to"), f"phase ends ({end}) before it starts ({start})")
            continue
        c.inside_validity((*path, "from"), start, "phase start")
        c.inside_validity((*path, "to"), end, "phase end")
        listed = phase.get("parallel_with")
        parallel: list[Any] = listed if isinstance(listed, list) else []
        for i, other in enumerate(parallel):
            if isinstance(other, str) and other not in known:
                hint = did_you_mean(other, known) or ""
                c.error((*path, "parallel_with", i), f"unknown project phase {other!r}{hint}")
        if start:
            spans.append((path, phase.get("id"), start, end or date.max, set(parallel)))
    for i, (path, pid, start, end, together) in enumerate(spans):
        for _opath, oid, ostart, oend, otogether in spans[:i]:
            if start <= oend and ostart <= end and oid not in together and pid not in otogether:
                c.error((*path, "from"), f"project phase {pid!r} overlaps {oid!r} "
                                         f"({ostart} – {'' if oend == date.max else oend}); "
                                         "declare 'parallel_with' if they run side by side")


def _meetings(c: _Cal) -> dict[str, tuple[Path, dict[str, Any]]]:
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, meeting in _entries(c.data, "calendar", "meetings"):
        mid = meeting.get("id")
        if isinstance(mid, str):
            if mid in found:
                c.error((*path, "id"), f"duplicate meeting id {mid!r}")
            found[mid] = (path, meeting)
        c.role((*path, "body"), meeting.get("body"))
        c.role((*path, "responsible"), meeting.get("responsible"))
        c.role_list((*path, "attendees"), meeting.get("attendees"))
        reminder = meeting.get("reminder")
        if isinstance(reminder, dict):
            c.role((*path, "reminder", "escalate_to"), reminder.get("escalate_to"))
        counts = meeting.get("per_year")
        per_year: dict[str, Any] = counts if isinstance(counts, dict) else {}
        low, high = per_year.get("min"), per_year.get("max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            c.error((*path, "per_year", "max"), f"per_year max {high} is below min {low}")
        dates = _schedule_dates(c, (*path, "schedule"), meeting.get("schedule"))
        if dates is None:
            continue
        per_year_count = Counter(d.year for d in dates)
        for year in c.years():
            count = per_year_count[year]
            if isinstance(low, int) and count < low:
                c.error((*path, "schedule"), f"the schedule gives {count} meeting(s) in {year} "
                                             f"but per_year.min is {low}")
            if isinstance(high, int) and count > high:
                c.error((*path, "schedule"), f"the schedule gives {count} meetings in {year} "
                                             f"but per_year.max is {high}")
    return found


def _schedule_dates(c: _Cal, path: Path, schedule: Any) -> list[date] | None:
    if not isinstance(schedule, dict) or c.valid_from is None:
        return None
    starts = as_date(schedule.get("starts")) or c.valid_from
    dates = [d for d in (as_date(v) for v in schedule.get("dates") or [] if v) if d]
    for i, value in enumerate(schedule.get("dates") or []):
        c.inside_validity((*path, "dates", i), as_date(value), "meeting date")
    c.inside_validity((*path, "starts"), as_date(schedule.get("starts")), "schedule start")
    years = c.years()
    span_to = c.valid_to or date((years[-1] if years else c.valid_from.year) + 1, 12, 31)
    rule = schedule.get("rrule")
    try:
        found = expand_schedule(rule if isinstance(rule, str) else None, starts, dates,
                                c.valid_from, span_to)
    except RecurrenceError as exc:
        c.error((*path, "rrule"), str(exc))
        return None
    if isinstance(rule, str) and not found:
        c.error((*path, "rrule"), f"the rule {rule!r} produces no dates between "
                                  f"{max(starts, c.valid_from)} and {span_to}")
        return None
    return found


def _reports(c: _Cal) -> None:
    has_final = any(r.get("cadence") == "final" for _, r in _entries(c.data, "calendar",
                                                                       "reports"))
    for path, report in _entries(c.data, "calendar", "reports"):
        c.role((*path, "author"), report.get("author"))
        c.role_list((*path, "recipients"), report.get("recipients"))
        reminder = report.get("reminder")
        if isinstance(reminder, dict):
            c.role((*path, "reminder", "escalate_to"), reminder.get("escalate_to"))
        if "periods" in report and report.get("cadence") != "explicit":
            c.error((*path, "periods"), "'periods' only applies with cadence: explicit "
                                        f"(this report has cadence: {report.get('cadence')})")
            continue
        wanted = report.get("periods_of_year")
        if isinstance(wanted, list):
            most = {"quarterly": 4, "half_year": 2}.get(str(report.get("cadence")))
            if most is None:
                c.error((*path, "periods_of_year"), "'periods_of_year' only applies with "
                                                    "cadence: quarterly or half_year")
            for i, number in enumerate(wanted):
                if most and isinstance(number, int) and number > most:
                    c.error((*path, "periods_of_year", i),
                            f"a year has only {most} {report.get('cadence')} periods, "
                            f"not {number}")
        _draft_before(c, path, report)
        if report.get("cadence") == "final" and c.open_ended:
            c.error((*path, "cadence"), "a final report needs a programme end date "
                                        "(valid.to is null)")
        if report.get("cadence") == "explicit":
            _explicit_periods(c, path, report, has_final)


#: Shortest length of a period of each cadence, in days (explicit: the listed periods).
_PERIOD_DAYS = {"quarterly": 90, "half_year": 181, "annual": 365}


def _draft_before(c: _Cal, path: Path, report: dict[str, Any]) -> None:
    """A draft is of a period that has begun: it cannot come before the period starts."""
    lead, due = report.get("draft_before", "10 working days"), report.get("due")
    try:
        lead_days = Duration.parse(lead).approx_days() if isinstance(lead, str) else 0.0
        due_days = Duration.parse(due).approx_days() if isinstance(due, str) else 0.0
    except ValueError:
        return  # the schema names the bad duration
    lengths = [_PERIOD_DAYS[str(report.get("cadence"))]] if report.get("cadence") in \
        _PERIOD_DAYS else []
    for _, period in _entries(report, "periods"):
        start, end = as_date(period.get("from")), as_date(period.get("to"))
        if start and end and end >= start:
            lengths.append((end - start).days + 1)
    if report.get("cadence") == "final" and c.valid_from and c.valid_to \
            and c.valid_to >= c.valid_from:
        lengths.append((c.valid_to - c.valid_from).days + 1)
    if lengths and lead_days >= min(lengths) + due_days:
        c.error((*path, "draft_before"),
                f"a draft {lead} before the due date ({due} after the period) would come "
                f"before the shortest period ({min(lengths)} days) has begun; shorten it")


def _explicit_periods(c: _Cal, path: Path, report: dict[str, Any], has_final: bool) -> None:
    gaps: list[tuple[date, date, Path]] = []
    for gpath, gap in _entries(report, "intended_gaps"):
        start, end = as_date(gap.get("from")), as_date(gap.get("to"))
        if start and end:
            gaps.append((start, end, (*path, *gpath)))
    periods: list[tuple[date, date, Path]] = []
    backwards = False
    for ppath, period in _entries(report, "periods"):
        full = (*path, *ppath)
        start, end = as_date(period.get("from")), as_date(period.get("to"))
        if start is None or end is None:
            continue
        if end < start:
            c.error((*full, "to"), f"report period ends ({end}) before it starts ({start})")
            backwards = True
            continue
        c.inside_validity((*full, "from"), start, "report period start")
        c.inside_validity((*full, "to"), end, "report period end")
        number = period.get("number")
        expected = len(periods) + 1
        if isinstance(number, int) and number != expected:
            c.error((*full, "number"), f"report number {number} is out of sequence; "
                                       f"expected {expected}")
        periods.append((start, end, full))
    if backwards:
        return  # gaps and overlaps are meaningless until the period reads forwards
    used_gaps: set[Path] = set()
    for (pstart, pend, _ppath), (start, end, ppath) in pairwise(periods):
        if start <= pend:
            c.error((*ppath, "from"), f"report period {start} – {end} overlaps the previous "
                                      f"period {pstart} – {pend}")
        elif start > pend + timedelta(days=1):
            hole = (pend + timedelta(days=1), start - timedelta(days=1))
            declared = [g for g in gaps if (g[0], g[1]) == hole]
            if declared:
                used_gaps.add(declared[0][2])
            else:
                c.error((*ppath, "from"), f"gap in report periods: {hole[0]} – {hole[1]} is "
                                          "covered by no report; close the gap or declare it "
                                          "under 'intended_gaps'")
    if periods and c.valid_from and periods[0][0] > c.valid_from:
        lead_gap = (c.valid_from, periods[0][0] - timedelta(days=1))
        declared = [g for g in gaps if (g[0], g[1]) == lead_gap]
        if declared:
            used_gaps.add(declared[0][2])
        else:
            c.error((*periods[0][2], "from"), f"the first report period starts {periods[0][0]}"
                                              f" but the programme starts {c.valid_from}; "
                                              "declare the gap under 'intended_gaps'")
    if periods and c.valid_to and periods[-1][1] < c.valid_to:
        tail = (periods[-1][1] + timedelta(days=1), c.valid_to)
        declared = [g for g in gaps if (g[0], g[1]) == tail]
        if declared:
            used_gaps.add(declared[0][2])
        elif not has_final:
            c.error((*periods[-1][2], "to"), f"{tail[0]} – {tail[1]} at the end of the "
                                             "programme is covered by no report and there is "
                                             "no final report; declare it under "
                                             "'intended_gaps'")
    for start, end, gpath in gaps:
        if gpath not in used_gaps:
            c.error(gpath, f"intended gap {start} – {end} is not a gap between the report "
                           "periods; remove it or correct its dates")


def _evaluations(c: _Cal, meetings: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    for path, evaluation in _entries(c.data, "calendar", "evaluations"):
        start = as_month_day(evaluation.get("collect_from"))
        end = as_month_day(evaluation.get("complete_by"))
        for key in ("collect_from", "complete_by"):
            value = evaluation.get(key)
            if isinstance(value, str) and len(value) == 5 and as_month_day(value) is None:
                c.error((*path, key), f"{value!r} is not a day of the year")
        if start and end and end < start:
            c.error((*path, "complete_by"), "complete_by falls before collect_from; an "
                                            "evaluation must lie within one calendar year")
        last_step = end
        for spath, step in _entries(evaluation, "steps"):
            c.role((*path, *spath, "by"), step.get("by"))
            due = as_month_day(step.get("due"))
            if due is None and isinstance(step.get("due"), str) and len(step["due"]) == 5:
                c.error((*path, *spath, "due"), f"{step['due']!r} is not a day of the year")
            if due and (last_step is None or due > last_step):
                last_step = due
        decision = evaluation.get("decision_meeting")
        if isinstance(decision, str) and decision not in meetings:
            hint = did_you_mean(decision, meetings) or ""
            c.error((*path, "decision_meeting"), f"unknown meeting {decision!r}{hint}")
            continue
        if not (isinstance(decision, str) and start and last_step):
            continue
        mpath, meeting = meetings[decision]
        dates = _schedule_dates(_Cal(c.doc, c.roles), (*mpath, "schedule"),
                                meeting.get("schedule"))
        if dates is None:
            continue
        for year in c.years():
            ready = month_day_in(year, last_step)
            after = [d for d in dates if d.year == year and d > ready]
            if not after:
                c.error((*path, "decision_meeting"),
                        f"in {year} no {decision!r} meeting falls after the evaluation is "
                        f"complete ({ready}); the decision would come before the evaluation")
