"""Meaning checks of the dated parts of a definition: validity, project phases,
report periods, meeting schedules and yearly evaluation stages."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from engine.dates.durations import Duration
from engine.dates.recurrence import RecurrenceError, expand_schedule
from engine.definitions.semantics_dates import Cal, as_date, entries
from engine.definitions.semantics_due import (
    MeetingDates,
    body_officers,
    evaluations,
    programme_tasks,
    report_schedule,
)
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, closest, did_you_mean


def calendar_problems(doc: SourceDocument, roles: dict[str, Path]) -> list[Problem]:
    """Every problem in the dated parts of ``doc``."""
    c = Cal(doc, roles)
    if c.valid_from and c.valid_to and c.valid_to < c.valid_from:
        c.error(("valid", "to"), f"the programme ends ({c.valid_to}) before it starts "
                                 f"({c.valid_from})",
                kind="ends_before_start", what="the programme", start=c.valid_from,
                end=c.valid_to)
        return c.problems
    valid = c.data.get("valid")
    enrolment = as_date(valid.get("enrolment_from")) if isinstance(valid, dict) else None
    if enrolment and c.valid_from and enrolment < c.valid_from:
        c.error(("valid", "enrolment_from"), f"enrolment opens ({enrolment}) before the "
                                             f"programme starts ({c.valid_from})",
                kind="enrolment_before_programme", day=enrolment, start=c.valid_from)
    else:
        c.inside_validity(("valid", "enrolment_from"), enrolment, "enrolment start")
    closes = as_date(valid.get("enrolment_to")) if isinstance(valid, dict) else None
    opens = enrolment or c.valid_from
    if closes and opens and closes < opens:
        c.error(("valid", "enrolment_to"), f"enrolment closes ({closes}) before it opens "
                                           f"({opens})",
                kind="ends_before_start", what="enrolment", start=opens, end=closes)
    else:
        c.inside_validity(("valid", "enrolment_to"), closes, "enrolment end")
    _project_phases(c)
    dates_of = _meetings(c)
    _reports(c, dates_of)
    evaluations(c, dates_of)
    programme_tasks(c, dates_of)
    body_officers(c)
    return c.problems


def _project_phases(c: Cal) -> None:
    phases = entries(c.data, "project_phases")
    known = {str(p["id"]): path for path, p in phases if isinstance(p.get("id"), str)}
    spans = []
    for path, phase in phases:
        start, end = as_date(phase.get("from")), as_date(phase.get("to"))
        if start and end and end < start:
            c.error((*path, "to"), f"phase ends ({end}) before it starts ({start})",
                    kind="ends_before_start", what="the phase", start=start, end=end)
            continue
        c.inside_validity((*path, "from"), start, "phase start")
        c.inside_validity((*path, "to"), end, "phase end")
        listed = phase.get("parallel_with")
        parallel: list[Any] = listed if isinstance(listed, list) else []
        for i, other in enumerate(parallel):
            if isinstance(other, str) and other not in known:
                hint = did_you_mean(other, known) or ""
                c.error((*path, "parallel_with", i), f"unknown project phase {other!r}{hint}",
                        kind="unknown_reference", what="project phase", value=other,
                        suggestion=closest(other, known) or "", defined=sorted(known))
        if start and (end or phase.get("to") is None):  # an unreadable end is not open-ended
            spans.append((path, phase.get("id"), start, end or date.max, set(parallel)))
    for i, (path, pid, start, end, together) in enumerate(spans):
        for _opath, oid, ostart, oend, otogether in spans[:i]:
            if start <= oend and ostart <= end and oid not in together and pid not in otogether:
                c.error((*path, "from"), f"project phase {pid!r} overlaps {oid!r} "
                                         f"({ostart} – {'' if oend == date.max else oend}); "
                                         "declare 'parallel_with' if they run side by side",
                        kind="project_phases_overlap", phase=pid, other=oid, start=ostart,
                        end="" if oend == date.max else oend)


def _meetings(c: Cal) -> MeetingDates:
    """Check every meeting; returns each meeting's dates over the span validate looks at
    (None when its schedule cannot be read)."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    dates_of: MeetingDates = {}
    for path, meeting in entries(c.data, "calendar", "meetings"):
        mid = meeting.get("id")
        if isinstance(mid, str):
            if mid in found:
                c.error((*path, "id"), f"duplicate meeting id {mid!r}",
                        kind="duplicate_id_again", what="meeting", id=mid)
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
            c.error((*path, "per_year", "max"), f"per_year max {high} is below min {low}",
                    kind="per_year_inverted", low=low, high=high)
        dates = _schedule_dates(c, (*path, "schedule"), meeting.get("schedule"))
        if isinstance(mid, str):
            dates_of.setdefault(mid, dates)
        if dates is None:
            continue
        per_year_count = Counter(d.year for d in dates)
        for year in c.years():
            count = per_year_count[year]
            if isinstance(low, int) and count < low:
                c.error((*path, "schedule"), f"the schedule gives {count} meeting(s) in {year} "
                                             f"but per_year.min is {low}",
                        kind="too_few_meetings", count=count, year=year, low=low)
            if isinstance(high, int) and count > high:
                c.error((*path, "schedule"), f"the schedule gives {count} meetings in {year} "
                                             f"but per_year.max is {high}",
                        kind="too_many_meetings", count=count, year=year, high=high)
    return dates_of


def _schedule_dates(c: Cal, path: Path, schedule: Any) -> list[date] | None:
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
        c.error((*path, "rrule"), str(exc), kind="rule_unreadable", rule=str(rule),
                reason=exc.reason, **exc.params)
        return None
    if isinstance(rule, str) and not found:
        c.error((*path, "rrule"), f"the rule {rule!r} produces no dates between "
                                  f"{max(starts, c.valid_from)} and {span_to}",
                kind="rule_no_dates", rule=rule, start=max(starts, c.valid_from),
                end=span_to)
        return None
    return found


def _reports(c: Cal, dates_of: MeetingDates) -> None:
    has_final = any(r.get("cadence") == "final" for _, r in entries(c.data, "calendar",
                                                                       "reports"))
    for path, report in entries(c.data, "calendar", "reports"):
        c.role((*path, "author"), report.get("author"))
        c.role_list((*path, "recipients"), report.get("recipients"))
        reminder = report.get("reminder")
        if isinstance(reminder, dict):
            c.role((*path, "reminder", "escalate_to"), reminder.get("escalate_to"))
        if "periods" in report and report.get("cadence") != "explicit":
            c.error((*path, "periods"), "'periods' only applies with cadence: explicit "
                                        f"(this report has cadence: {report.get('cadence')})",
                    kind="only_with", field="periods", condition="cadence: explicit",
                    actual=f"cadence: {report.get('cadence')}")
            continue
        report_schedule(c, path, report, dates_of)
        _draft_before(c, path, report)
        if report.get("cadence") == "final" and c.open_ended:
            c.error((*path, "cadence"), "a final report needs a programme end date "
                                        "(valid.to is null)",
                    kind="final_report_open_ended")
        if report.get("cadence") == "explicit":
            _explicit_periods(c, path, report, has_final)


def _explicit_periods(c: Cal, path: Path, report: dict[str, Any], has_final: bool) -> None:
    gaps: list[tuple[date, date, Path]] = []
    for gpath, gap in entries(report, "intended_gaps"):
        start, end = as_date(gap.get("from")), as_date(gap.get("to"))
        if start and end:
            gaps.append((start, end, (*path, *gpath)))
    periods: list[tuple[date, date, Path]] = []
    backwards = False
    for ppath, period in entries(report, "periods"):
        full = (*path, *ppath)
        start, end = as_date(period.get("from")), as_date(period.get("to"))
        if start is None or end is None:
            continue
        if end < start:
            c.error((*full, "to"), f"report period ends ({end}) before it starts ({start})",
                    kind="ends_before_start", what="the report period", start=start,
                    end=end)
            backwards = True
            continue
        c.inside_validity((*full, "from"), start, "report period start")
        c.inside_validity((*full, "to"), end, "report period end")
        number = period.get("number")
        expected = len(periods) + 1
        if isinstance(number, int) and number != expected:
            c.error((*full, "number"), f"report number {number} is out of sequence; "
                                       f"expected {expected}",
                    kind="report_number_sequence", number=number, expected=expected)
        periods.append((start, end, full))
    if backwards:
        return  # gaps and overlaps are meaningless until the period reads forwards
    used_gaps: set[Path] = set()
    for (pstart, pend, _ppath), (start, end, ppath) in pairwise(periods):
        if start <= pend:
            c.error((*ppath, "from"), f"report period {start} – {end} overlaps the previous "
                                      f"period {pstart} – {pend}",
                    kind="report_periods_overlap", start=start, end=end,
                    previous_start=pstart, previous_end=pend)
        elif start > pend + timedelta(days=1):
            hole = (pend + timedelta(days=1), start - timedelta(days=1))
            declared = [g for g in gaps if (g[0], g[1]) == hole]
            if declared:
                used_gaps.add(declared[0][2])
            else:
                c.error((*ppath, "from"), f"gap in report periods: {hole[0]} – {hole[1]} is "
                                          "covered by no report; close the gap or declare it "
                                          "under 'intended_gaps'",
                        kind="report_gap", start=hole[0], end=hole[1])
    if periods and c.valid_from and periods[0][0] > c.valid_from:
        lead_gap = (c.valid_from, periods[0][0] - timedelta(days=1))
        declared = [g for g in gaps if (g[0], g[1]) == lead_gap]
        if declared:
            used_gaps.add(declared[0][2])
        else:
            c.error((*periods[0][2], "from"), f"the first report period starts {periods[0][0]}"
                                              f" but the programme starts {c.valid_from}; "
                                              "declare the gap under 'intended_gaps'",
                    kind="report_lead_gap", first=periods[0][0], start=c.valid_from)
    if periods and c.valid_to and periods[-1][1] < c.valid_to:
        tail = (periods[-1][1] + timedelta(days=1), c.valid_to)
        declared = [g for g in gaps if (g[0], g[1]) == tail]
        if declared:
            used_gaps.add(declared[0][2])
        elif not has_final:
            c.error((*periods[-1][2], "to"), f"{tail[0]} – {tail[1]} at the end of the "
                                             "programme is covered by no report and there is "
                                             "no final report; declare it under "
                                             "'intended_gaps'",
                    kind="report_tail_gap", start=tail[0], end=tail[1])
    for start, end, gpath in gaps:
        if gpath not in used_gaps:
            c.error(gpath, f"intended gap {start} – {end} is not a gap between the report "
                           "periods; remove it or correct its dates",
                    kind="intended_gap_not_gap", start=start, end=end)


#: Shortest length of a period of each cadence, in days (explicit: the listed periods).
_PERIOD_DAYS = {"quarterly": 90, "half_year": 181, "annual": 365}


def _draft_before(c: Cal, path: Path, report: dict[str, Any]) -> None:
    """A draft is of a period that has begun: it cannot come before the period starts."""
    lead, due = report.get("draft_before", "10 working days"), report.get("due")
    try:
        lead_days = Duration.parse(lead).approx_days() if isinstance(lead, str) else 0.0
        due_days = Duration.parse(due).approx_days() if isinstance(due, str) else 0.0
    except ValueError:
        return  # the schema names the bad duration
    cadence, lengths = report.get("cadence"), []
    if isinstance(cadence, str) and cadence in _PERIOD_DAYS:
        lengths.append(_PERIOD_DAYS[cadence])
    elif isinstance(cadence, dict) and isinstance(cadence.get("every"), str):
        try:  # every N months: the shortest is N Februaries long
            every = Duration.parse(cadence["every"])
        except ValueError:
            return
        if every.unit == "months" and every.amount > 0:
            lengths.append(28 * every.amount)
    for _, period in entries(report, "periods"):
        start, end = as_date(period.get("from")), as_date(period.get("to"))
        if start and end and end >= start:
            lengths.append((end - start).days + 1)
    if report.get("cadence") == "final" and c.valid_from and c.valid_to \
            and c.valid_to >= c.valid_from:
        lengths.append((c.valid_to - c.valid_from).days + 1)
    if lengths and lead_days >= min(lengths) + due_days:
        c.error((*path, "draft_before"),
                f"a draft {lead} before the due date ({due} after the period) would come "
                f"before the shortest period ({min(lengths)} days) has begun; shorten it",
                kind="draft_too_early", lead=Duration.parse(str(lead)),
                due=Duration.parse(due if isinstance(due, str) else "0 days"), days=min(lengths))
