"""Checks of meaning that a JSON Schema cannot express.

They run on the parsed data even when the schema found errors, skipping whatever has
the wrong shape, so that one run reports every problem in a file:

- ids are unique and every reference resolves (with a did-you-mean);
- every participant phase is reachable from the initial phase, and from every phase
  some path leads to a phase a participant can complete from;
- per-municipality quotas fit the capacity and name eligible municipalities;
- date ranges are ordered and lie inside the programme's validity; dated project
  phases overlap only where declared parallel;
- report periods have no overlaps and no gaps that are not declared intended;
- schedules parse and give the number of meetings a year the programme requires;
- each yearly evaluation is complete before its decision meeting;
- the budget's responsible role exists and its deviation threshold is above 0 %.

Calendar checks live in :mod:`engine.definitions.semantics_calendar`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.dates.durations import Duration
from engine.definitions.semantics_calendar import calendar_problems
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, did_you_mean


def items(data: Any, *path: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, mapping) for each mapping in the list at ``path``; skips wrong shapes."""
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                yield (*path, index), item


def get(data: Any, *path: str) -> Any:
    """The value at ``path`` or None when any step is missing or of the wrong shape."""
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def duration(value: Any) -> Duration | None:
    """Parse a duration, or None if it is not one (the schema reports that)."""
    try:
        return Duration.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Checker:
    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.problems: list[Problem] = []

    def error(self, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, key=key))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity="warning"))

    def ids(self, what: str, entries: list[tuple[Path, dict[str, Any]]]) -> dict[str, Path]:
        seen: dict[str, Path] = {}
        for path, entry in entries:
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = self.doc.position((*seen[ident], "id"))
                self.error((*path, "id"), f"duplicate {what} id {ident!r}: already used on "
                                          f"line {first.line}")
            else:
                seen[ident] = path
        return seen

    def ref(self, path: Path, value: Any, known: dict[str, Path], what: str) -> None:
        if isinstance(value, str) and value not in known:
            listed = ", ".join(sorted(known)) or "none defined"
            hint = did_you_mean(value, known) or f"; defined {what}s: {listed}"
            self.error(path, f"unknown {what} {value!r}{hint}")

    def refs(self, path: Path, values: Any, known: dict[str, Path], what: str) -> None:
        if isinstance(values, list):
            for i, value in enumerate(values):
                self.ref((*path, i), value, known, what)


def meaning_problems(doc: SourceDocument) -> list[Problem]:
    """Every meaning problem in ``doc`` (see module docstring)."""
    c = _Checker(doc)
    d = c.data
    roles = c.ids("role", list(items(d, "roles")))
    c.ids("party", list(items(d, "organisation", "parties")))
    phases = c.ids("phase", list(items(d, "participant", "phases")))
    tasks = c.ids("task", list(items(d, "participant", "tasks")))
    outcomes = c.ids("outcome", list(items(d, "exit", "outcomes")))
    c.ids("post-exit follow-up", list(items(d, "exit", "follow_ups")))
    c.ids("target", list(items(d, "targets")))
    c.ids("track", list(items(d, "participant", "tracks")))
    c.ids("placement form", list(items(d, "participant", "placement_forms")))
    c.ids("type case", list(items(d, "participant", "type_cases")))
    c.ids("criterion", list(items(d, "eligibility", "criteria"))
          + list(items(d, "eligibility", "exclusions")))
    c.ids("reimbursement level", list(items(d, "participant", "reimbursement", "levels")))
    for path, outcome in items(d, "exit", "outcomes"):
        c.ids("sub-outcome", list(items(outcome, "sub_outcomes")))
        if outcome.get("category") == "drop_out" and outcome.get("completed") is True:
            c.error((*path, "completed"), f"outcome {outcome.get('id')!r} is a drop_out but "
                                          "marked completed: true; a drop-out never completes")

    _role_references(c, roles)
    _phase_graph(c, phases, tasks)
    _tasks(c, tasks, phases, outcomes)
    _durations(c)
    _eligibility_and_capacity(c)
    _targets(c, outcomes, tasks)
    if isinstance(get(d, "exit", "outcomes"), list) and not any(
            o.get("completed") is True for _, o in items(d, "exit", "outcomes")):
        c.error(("exit", "outcomes"), "no exit outcome has completed: true; at least one "
                                      "outcome must count as completing the programme")
    _budget(c, roles)
    c.problems.extend(calendar_problems(doc, roles))
    return c.problems


def _budget(c: _Checker, roles: dict[str, Path]) -> None:
    """The budget's responsible role exists and its threshold can be exceeded."""
    budget = get(c.data, "budget")
    if not isinstance(budget, dict):
        return
    c.ref(("budget", "responsible"), budget.get("responsible"), roles, "role")
    c.ref(("budget", "reminder", "escalate_to"), get(budget, "reminder", "escalate_to"),
          roles, "role")
    threshold = budget.get("deviation_threshold")
    if isinstance(threshold, str):
        try:
            share = float(threshold.replace("%", "").replace(",", ".").strip())
        except ValueError:
            return  # the schema reports the form
        if share == 0:
            c.error(("budget", "deviation_threshold"),
                    "a threshold of 0 % makes every öre a deviation; write the share of the "
                    "period's budget an outcome may differ by, e.g. '10 %'")


def _role_references(c: _Checker, roles: dict[str, Path]) -> None:
    d = c.data
    c.ref(("reminders", "escalate_to"), get(d, "reminders", "escalate_to"), roles, "role")
    for path, right in items(d, "decision_rights"):
        c.ref((*path, "decided_by"), right.get("decided_by"), roles, "role")
    follow = get(d, "participant", "follow_ups")
    if isinstance(follow, dict):
        base = ("participant", "follow_ups")
        c.refs((*base, "attendees"), follow.get("attendees"), roles, "role")
        c.ref((*base, "responsible"), follow.get("responsible"), roles, "role")
        c.ref((*base, "reminder", "escalate_to"), get(follow, "reminder", "escalate_to"),
              roles, "role")
    for path, task in items(d, "participant", "tasks"):
        c.refs((*path, "attendees"), task.get("attendees"), roles, "role")
        c.ref((*path, "responsible"), task.get("responsible"), roles, "role")
        c.ref((*path, "reminder", "escalate_to"), get(task, "reminder", "escalate_to"),
              roles, "role")
    for path, phase in items(d, "participant", "phases"):
        for tpath, transition in items(phase, "transitions"):
            c.ref((*path, *tpath, "approved_by"), transition.get("approved_by"), roles, "role")
    for path, tier in items(d, "participant", "duration", "extensions"):
        c.ref((*path, "approved_by"), tier.get("approved_by"), roles, "role")
    for path, follow_up in items(d, "exit", "follow_ups"):
        c.ref((*path, "responsible"), follow_up.get("responsible"), roles, "role")
    for path, target in items(d, "targets"):
        c.ref((*path, "measured_by"), target.get("measured_by"), roles, "role")


def _phase_graph(c: _Checker, phases: dict[str, Path], tasks: dict[str, Path]) -> None:
    d = c.data
    initial = get(d, "participant", "initial_phase")
    c.ref(("participant", "initial_phase"), initial, phases, "phase")
    edges: dict[str, set[str]] = {p: set() for p in phases}
    finals = set()
    for path, phase in items(d, "participant", "phases"):
        pid = phase.get("id")
        if phase.get("completion_allowed") is True and isinstance(pid, str):
            finals.add(pid)
        for tpath, transition in items(phase, "transitions"):
            full = (*path, *tpath)
            target = transition.get("to")
            c.ref((*full, "to"), target, phases, "phase")
            c.refs((*full, "requires"), transition.get("requires"), tasks, "task")
            if target == pid:
                c.error((*full, "to"), f"phase {pid!r} has a transition to itself")
            elif isinstance(pid, str) and isinstance(target, str) and target in phases:
                edges.setdefault(pid, set()).add(target)
    follow = get(d, "participant", "follow_ups")
    if isinstance(follow, dict):
        c.refs(("participant", "follow_ups", "in_phases"), follow.get("in_phases"), phases,
               "phase")
    if not phases:
        return
    if not finals:
        c.error(("participant", "phases"), "no phase has completion_allowed: true, so no "
                                           "participant could ever complete the programme")
        return
    if isinstance(initial, str) and initial in phases:
        reached = _reach({initial}, edges)
        for pid, path in phases.items():
            if pid not in reached:
                c.error((*path, "id"), f"phase {pid!r} cannot be reached from the initial "
                                       f"phase {initial!r}; add a transition to it")
    reverse: dict[str, set[str]] = {p: set() for p in phases}
    for source, targets in edges.items():
        for target in targets:
            reverse.setdefault(target, set()).add(source)
    can_finish = _reach(finals, reverse)
    for pid, path in phases.items():
        if pid not in can_finish:
            c.error((*path, "id"), f"from phase {pid!r} no path leads to a phase with "
                                   "completion_allowed: true; a participant there could "
                                   "only drop out")


def _reach(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _tasks(c: _Checker, tasks: dict[str, Path], phases: dict[str, Path],
           outcomes: dict[str, Path]) -> None:
    for path, task in items(c.data, "participant", "tasks"):
        when = task.get("when")
        c.ref((*path, "phase"), task.get("phase"), phases, "phase")
        if "phase" in task and when != "phase_entry":
            c.error((*path, "phase"), "'phase' only applies with when: phase_entry "
                                      f"(this task has when: {when})")
        for key in ("outcomes", "except_outcomes"):
            c.refs((*path, key), task.get(key), outcomes, "outcome")
            if key in task and when != "exit":
                c.error((*path, key), f"{key!r} only applies with when: exit "
                                      f"(this task has when: {when})")
        if "outcomes" in task and "except_outcomes" in task:
            c.error((*path, "except_outcomes"), "use either 'outcomes' or 'except_outcomes', "
                                                "not both")
        if "instrument" in task and task.get("kind") != "survey":
            c.error((*path, "instrument"), "'instrument' only applies to kind: survey")


def _durations(c: _Checker) -> None:
    d = c.data
    follow = get(d, "participant", "follow_ups")
    if isinstance(follow, dict):
        base = ("participant", "follow_ups")
        interval = duration(follow.get("interval"))
        tightest = duration(follow.get("tightest_interval"))
        if interval and tightest and tightest.approx_days() > interval.approx_days():
            c.error((*base, "tightest_interval"),
                    f"tightest_interval {follow['tightest_interval']!r} is longer than the "
                    f"interval {follow['interval']!r}; it is the shortest interval that may "
                    "be agreed")
        lead = duration(get(follow, "reminder", "lead")) or duration(get(d, "reminders", "lead"))
        if interval and lead and lead.approx_days() >= interval.approx_days():
            c.warn((*base, "interval"), f"the reminder lead time ({lead}) is as long as the "
                                        f"follow-up interval ({interval})")
    tiers = list(items(d, "participant", "duration", "extensions"))
    previous: Duration | None = None
    for index, (path, tier) in enumerate(tiers):
        up_to = tier.get("up_to")
        if up_to is None and "up_to" in tier and index != len(tiers) - 1:
            c.error((*path, "up_to"), "only the last extension tier may have up_to: null "
                                      "(any length)")
        current = duration(up_to)
        if current and previous and current.approx_days() <= previous.approx_days():
            c.error((*path, "up_to"), f"extension tiers must grow: {current} is not longer "
                                      f"than the tier before ({previous})")
        previous = current or previous
    maximum = duration(get(d, "participant", "duration", "max"))
    warn = duration(get(d, "participant", "duration", "warn_before"))
    if maximum and warn and warn.approx_days() >= maximum.approx_days():
        c.error(("participant", "duration", "warn_before"),
                f"warn_before ({warn}) must be shorter than the limit itself ({maximum})")


def _eligibility_and_capacity(c: _Checker) -> None:
    d = c.data
    low, high = get(d, "eligibility", "age", "min"), get(d, "eligibility", "age", "max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        c.error(("eligibility", "age", "max"), f"age max {high} is below age min {low}")
    places = get(d, "capacity", "quotas", "places")
    concurrent = get(d, "capacity", "concurrent")
    if isinstance(places, dict):
        total = sum(v for v in places.values() if isinstance(v, int) and not isinstance(v, bool))
        if isinstance(concurrent, int) and total > concurrent:
            c.error(("capacity", "quotas", "places"),
                    f"the quotas add up to {total} places but capacity.concurrent is only "
                    f"{concurrent}")
        residence = get(d, "eligibility", "residence")
        if isinstance(residence, list):
            known = {str(r): () for r in residence}
            for municipality in places:
                if municipality not in known:
                    hint = did_you_mean(municipality, known) or (
                        f"; eligible municipalities: {', '.join(known)}")
                    c.error(("capacity", "quotas", "places", municipality),
                            f"quota for {municipality!r}, which is not in "
                            f"eligibility.residence{hint}", key=True)
    caseload = get(d, "capacity", "caseload_per_coordinator")
    if isinstance(caseload, int) and isinstance(concurrent, int) and caseload > concurrent:
        c.warn(("capacity", "caseload_per_coordinator"),
               f"a caseload of {caseload} per coordinator exceeds the {concurrent} places")


def _targets(c: _Checker, outcomes: dict[str, Path], tasks: dict[str, Path]) -> None:
    survey_tasks = {t.get("id") for _, t in items(c.data, "participant", "tasks")
                    if t.get("kind") == "survey"}
    for path, target in items(c.data, "targets"):
        c.refs((*path, "outcomes"), target.get("outcomes"), outcomes, "outcome")
        survey = target.get("survey")
        c.ref((*path, "survey"), survey, tasks, "task")
        if isinstance(survey, str) and survey in tasks and survey not in survey_tasks:
            c.error((*path, "survey"), f"task {survey!r} is not a survey (kind: survey)")
        raw = [b.get("count") for _, b in items(target, "breakdown")]
        parts = [p for p in raw if isinstance(p, int)]
        count = target.get("count")
        if parts and len(parts) == len(raw) and isinstance(count, int) and sum(parts) != count:
            c.error((*path, "breakdown"), f"the breakdown adds up to {sum(parts)}, "
                                          f"not the target count {count}")
