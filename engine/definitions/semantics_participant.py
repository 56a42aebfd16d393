"""Meaning checks of a participant's follow-up series, phase limits, target
denominators and how the duration limit meets the programme's end.

- an interval of zero (follow-ups, agreed intervals) is an error: it would produce
  follow-ups without end on one day;
- a series names roles and phases that exist, starts from a phase only with
  ``starts: phase_entry``, and only one series may allow a tighter agreed interval;
- a phase's time limit is longer than its warning;
- a denominator's exclusions are outcomes or sub-outcomes, and not the ones counted;
- a warning when the duration limit, or an extension, can run past the programme's end.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.definitions.semantics_base import Checker, duration, get, items
from engine.definitions.semantics_dates import as_date
from engine.definitions.yaml_source import Path
from engine.errors import closest, did_you_mean


def participant_problems(c: Checker, roles: dict[str, Path], phases: dict[str, Path],
                         outcomes: dict[str, Path]) -> None:
    """Report every problem of the parts named in the module docstring."""
    _series(c, roles, phases)
    _phase_limits(c, roles)
    _denominators(c, outcomes)
    _limits_past_end(c)


def follow_up_series(data: Any) -> list[tuple[Path, dict[str, Any]]]:
    """(path, mapping) of each follow-up series: the mapping itself or each list item."""
    follow = get(data, "participant", "follow_ups")
    if isinstance(follow, dict):
        return [(("participant", "follow_ups"), follow)]
    return list(items(data, "participant", "follow_ups"))


def _zero(c: Checker, path: Path, value: Any, what: str) -> bool:
    found = duration(value)
    if found is None or found.amount != 0:
        return False
    c.error(path, f"{what} of {value!r} would put follow-ups on the same day without end; "
                  "write the time between meetings, e.g. '1 month' or '2 weeks'",
            kind="interval_zero", what=what, value=str(value))
    return True


def _series(c: Checker, roles: dict[str, Path], phases: dict[str, Path]) -> None:
    d = c.data
    found = follow_up_series(d)
    if isinstance(get(d, "participant", "follow_ups"), list):
        c.ids("follow-up series", found)
    agreeable: Path | None = None
    for base, follow in found:
        c.refs((*base, "attendees"), follow.get("attendees"), roles, "role")
        c.ref((*base, "responsible"), follow.get("responsible"), roles, "role")
        c.ref((*base, "reminder", "escalate_to"), get(follow, "reminder", "escalate_to"),
              roles, "role")
        for epath, extra in items(follow, "extra_attendees"):
            c.refs((*base, *epath, "attendees"), extra.get("attendees"), roles, "role")
        c.refs((*base, "in_phases"), follow.get("in_phases"), phases, "phase")
        c.ref((*base, "phase"), follow.get("phase"), phases, "phase")
        starts = follow.get("starts", "enrolment")
        if "phase" in follow and starts != "phase_entry":
            c.error((*base, "phase"), f"'phase' only applies with starts: phase_entry (this "
                                      f"series has starts: {starts})",
                    kind="only_with", field="phase", condition="starts: phase_entry",
                    actual=f"starts: {starts}")
        if follow.get("anchor") == "enrolment" and starts != "enrolment":
            c.error((*base, "anchor"), f"this series starts at {starts}, not at enrolment; "
                                       "write anchor: start to count from its start",
                    kind="anchor_enrolment", starts=starts)
        zero = _zero(c, (*base, "interval"), follow.get("interval"), "an interval")
        zero_tight = _zero(c, (*base, "tightest_interval"), follow.get("tightest_interval"),
                           "an agreed interval")
        interval = duration(follow.get("interval"))
        tightest = duration(follow.get("tightest_interval"))
        if interval and tightest and not zero and tightest.approx_days() > interval.approx_days():
            c.error((*base, "tightest_interval"),
                    f"tightest_interval {follow['tightest_interval']!r} is longer than the "
                    f"interval {follow['interval']!r}; it is the shortest interval that may "
                    "be agreed",
                    kind="tightest_longer", tightest=str(follow["tightest_interval"]),
                    interval=str(follow["interval"]))
        lead = duration(get(follow, "reminder", "lead")) or duration(get(d, "reminders", "lead"))
        if interval and lead and not zero and lead.approx_days() >= interval.approx_days():
            c.warn((*base, "interval"), f"the reminder lead time ({lead}) is as long as the "
                                        f"follow-up interval ({interval})",
                   kind="lead_as_long_as_interval", lead=lead, interval=interval)
        if "tightest_interval" in follow and not zero_tight:
            if agreeable is not None:
                c.error((*base, "tightest_interval"),
                        "only one follow-up series may allow a tighter agreed interval (a "
                        "case has one agreed interval); the series on line "
                        f"{c.doc.position(agreeable).line} already does",
                        kind="tightest_twice", line=c.doc.position(agreeable).line)
            agreeable = agreeable or (*base, "tightest_interval")


def _phase_limits(c: Checker, roles: dict[str, Path]) -> None:
    for path, phase in items(c.data, "participant", "phases"):
        limit = phase.get("time_limit")
        if not isinstance(limit, dict):
            continue
        base = (*path, "time_limit")
        c.ref((*base, "reminder", "escalate_to"), get(limit, "reminder", "escalate_to"),
              roles, "role")
        maximum, warn = duration(limit.get("max")), duration(limit.get("warn_before"))
        if maximum is not None and maximum.amount == 0:
            c.error((*base, "max"), f"a time limit of {limit['max']!r} ends before the phase "
                                    "begins; write the longest stay, e.g. '6 weeks'",
                    kind="time_limit_zero", value=str(limit["max"]))
        elif maximum and warn and warn.approx_days() >= maximum.approx_days():
            c.error((*base, "warn_before"), f"warn_before ({warn}) must be shorter than the "
                                            f"time limit itself ({maximum})",
                    kind="warn_before_too_long", warn=warn, maximum=maximum)


def _denominators(c: Checker, outcomes: dict[str, Path]) -> None:
    subs: dict[str, str] = {}
    completed: dict[str, bool] = {}
    for _, outcome in items(c.data, "exit", "outcomes"):
        oid = outcome.get("id")
        if isinstance(oid, str):
            completed[oid] = outcome.get("completed") is True
            for _, sub in items(outcome, "sub_outcomes"):
                if isinstance(sub.get("id"), str):
                    subs[sub["id"]] = oid
    known = {**dict.fromkeys(outcomes), **dict.fromkeys(subs)}
    for path, target in items(c.data, "targets"):
        denominator = target.get("denominator")
        if not isinstance(denominator, dict) or not isinstance(denominator.get("except"), list):
            continue
        listed = target.get("outcomes")
        counted: list[Any] = listed if isinstance(listed, list) else []
        for i, value in enumerate(denominator["except"]):
            where = (*path, "denominator", "except", i)
            if not isinstance(value, str):
                continue
            if value not in known:
                hint = did_you_mean(value, known) or (
                    f"; outcomes and sub-outcomes: {', '.join(known) or 'none defined'}")
                c.error(where, f"unknown outcome or sub-outcome {value!r}{hint}",
                        kind="unknown_reference", what="outcome or sub-outcome", value=value,
                        suggestion=closest(value, known) or "", defined=list(known))
            elif value in counted or subs.get(value) in counted:
                c.error(where, f"{value!r} is counted in the numerator (outcomes), so it "
                               "cannot be left out of the denominator",
                        kind="denominator_counted", value=value)
            elif denominator.get("of") == "completers" and not completed.get(
                    subs.get(value, value), True):
                c.warn(where, f"{value!r} does not complete the programme, so the completers "
                              "never include it; leaving it out changes nothing",
                       kind="denominator_needless", value=value)


def _limits_past_end(c: Checker) -> None:
    found = c.data.get("valid")
    valid: dict[str, Any] = found if isinstance(found, dict) else {}
    valid_to = as_date(valid.get("to"))
    maximum = duration(get(c.data, "participant", "duration", "max"))
    if valid_to is None or maximum is None:
        return
    last_enrolment = as_date(valid.get("enrolment_to")) or valid_to
    if last_enrolment > valid_to:
        return  # reported as outside the validity
    ends = maximum.after(last_enrolment) - timedelta(days=1)
    if ends > valid_to:
        latest = maximum.before(valid_to + timedelta(days=1))
        c.warn(("participant", "duration", "max"),
               f"a participant enrolled on {last_enrolment} reaches the limit ({maximum}) on "
               f"{ends}, after the programme ends ({valid_to}); whoever is enrolled after "
               f"{latest} cannot stay the full time: close enrolment then (valid.enrolment_to) "
               "or plan their exit for the programme's end",
               kind="limit_past_end", day=last_enrolment, maximum=maximum, ends=ends,
               valid_to=valid_to, latest=latest)
        return
    for path, tier in items(c.data, "participant", "duration", "extensions"):
        up_to = tier.get("up_to")
        length = duration(up_to)
        if "up_to" in tier and up_to is None:
            c.warn((*path, "up_to"), f"an extension of any length can run past the programme's "
                                     f"end ({valid_to}); the case engine refuses one that does "
                                     "(an extension ends by the programme's end at the latest)",
                   kind="open_extension_past_end", valid_to=valid_to)
            return
        if length is not None and length.after(ends) > valid_to:
            c.warn((*path, "up_to"),
                   f"an extension of up to {length} for a participant enrolled on "
                   f"{last_enrolment} runs to {length.after(ends)}, past the programme's end "
                   f"({valid_to}); the case engine refuses an extension that runs past the "
                   "end (it ends by the programme's end at the latest)",
                   kind="extension_past_end", length=length, day=last_enrolment,
                   ends=length.after(ends), valid_to=valid_to)
            return
