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
- the budget's responsible role exists and its deviation threshold is above 0 %;
- the budget's financing names the definition's parties, with shares of 0 % or more
  that add up to 100 %;
- the retention period after exit is not zero and outlasts every post-exit follow-up.

Calendar checks live in :mod:`engine.definitions.semantics_calendar`.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.dates.durations import Duration
from engine.definitions.semantics_base import Checker, duration, get, items
from engine.definitions.semantics_calendar import calendar_problems
from engine.definitions.semantics_participant import participant_problems
from engine.definitions.spec_builder import percentage
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, closest, did_you_mean


def meaning_problems(doc: SourceDocument) -> list[Problem]:
    """Every meaning problem in ``doc`` (see module docstring)."""
    c = Checker(doc)
    d = c.data
    roles = c.ids("role", list(items(d, "roles")))
    parties = c.ids("party", list(items(d, "organisation", "parties")))
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
                                          "marked completed: true; a drop-out never completes",
                    kind="drop_out_completed", outcome=outcome.get("id"))

    _role_references(c, roles)
    _phase_graph(c, phases, tasks)
    _tasks(c, tasks, phases, outcomes)
    _durations(c)
    c.durations_bounded()
    _eligibility_and_capacity(c)
    _counted_parties(c, parties)
    _targets(c, outcomes, tasks)
    if isinstance(get(d, "exit", "outcomes"), list) and not any(
            o.get("completed") is True for _, o in items(d, "exit", "outcomes")):
        c.error(("exit", "outcomes"), "no exit outcome has completed: true; at least one "
                                      "outcome must count as completing the programme",
                kind="no_completing_outcome")
    participant_problems(c, roles, phases, outcomes)
    _budget(c, roles)
    _financing(c, parties)
    _retention(c)
    c.problems.extend(calendar_problems(doc, roles))
    return c.problems


def _budget(c: Checker, roles: dict[str, Path]) -> None:
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
                    "period's budget an outcome may differ by, e.g. '10 %'",
                    kind="threshold_zero")


def _financing(c: Checker, parties: dict[str, Path]) -> None:
    """``budget.financing`` names the definition's own parties, each with a share that
    is not negative, and the shares add up to 100 % (a budget is financed in full)."""
    shares = get(c.data, "budget", "financing")
    if not isinstance(shares, dict):
        return
    total, readable = Decimal(0), True
    for party, written in shares.items():
        where = ("budget", "financing", party)
        if isinstance(party, str):
            c.ref(where, party, parties, "party", key=True)
        try:
            share = percentage(written) if isinstance(written, str) else None
        except InvalidOperation:
            share = None
        if share is None:
            readable = False  # the schema reports the form
            continue
        if share < 0:
            c.error(where, f"{party}'s share {written} is negative; a party finances a "
                           "share of 0 % or more", kind="financing_negative",
                    party=party, share=written)
            readable = False
        total += share
    if readable and total != 100:
        c.error(("budget", "financing"), f"the shares of the financing add up to "
                                         f"{_percent(total)}, not 100 %; together the "
                                         "parties finance the whole budget", key=True,
                kind="financing_sum", total=_percent(total))


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f} %".replace(".", ",")


def _retention(c: Checker) -> None:
    """Purge must not erase a participant before the programme is done with them."""
    kept = duration(get(c.data, "retention", "after_exit"))
    if kept is None:
        return
    where = ("retention", "after_exit")
    if kept.amount == 0:
        c.error(where, f"a retention of {kept} would erase a participant's data on the day "
                       "they exit; write how long it is kept after the exit, e.g. '5 years'",
                    kind="retention_zero", length=kept)
        return
    for path, follow_up in items(c.data, "exit", "follow_ups"):
        after = duration(follow_up.get("after"))
        if after is None:
            continue
        late = duration(get(follow_up, "window", "after"))
        needed = after.approx_days() + (late.approx_days() if late else 0.0)
        if kept.approx_days() < needed:
            window = f" and its window of {late} after" if late else ""
            c.error(where, f"a retention of {kept} is shorter than the post-exit follow-up "
                           f"{follow_up.get('id')!r} ({after} after the exit{window}, line "
                           f"{c.doc.position((*path, 'after')).line}): purge would erase "
                           "the participant before it is held; keep the data at least "
                           "that long",
                    kind="retention_too_short", length=kept, follow_up=follow_up.get("id"),
                    after=after, window=late or "", line=c.doc.position((*path, "after")).line)
            return


def _role_references(c: Checker, roles: dict[str, Path]) -> None:
    d = c.data
    c.ref(("reminders", "escalate_to"), get(d, "reminders", "escalate_to"), roles, "role")
    for path, right in items(d, "decision_rights"):
        c.ref((*path, "decided_by"), right.get("decided_by"), roles, "role")
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
    for path, signatory in items(d, "organisation", "signatories"):
        c.ref((*path, "role"), signatory.get("role"), roles, "role")


def _phase_graph(c: Checker, phases: dict[str, Path], tasks: dict[str, Path]) -> None:
    d = c.data
    initial = get(d, "participant", "initial_phase")
    c.ref(("participant", "initial_phase"), initial, phases, "phase")
    edges: dict[str, set[str]] = {p: set() for p in phases}
    #: The graph as it would be if every unknown target were its did-you-mean.
    fixed: dict[str, set[str]] = {p: set() for p in phases}
    #: Unknown phase → (its did-you-mean, where it was written).
    unknown: dict[str, tuple[str, Path]] = {}
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
                c.error((*full, "to"), f"phase {pid!r} has a transition to itself",
                        kind="transition_to_itself", phase=pid)
            elif isinstance(pid, str) and isinstance(target, str) and target in phases:
                edges.setdefault(pid, set()).add(target)
                fixed.setdefault(pid, set()).add(target)
            elif isinstance(pid, str) and isinstance(target, str):
                meant = closest(target, phases)
                if meant is not None and meant != pid:
                    unknown.setdefault(target, (meant, (*full, "to")))
                    fixed.setdefault(pid, set()).add(meant)
    start = initial if isinstance(initial, str) and initial in phases else None
    fixed_start = start
    if isinstance(initial, str) and start is None and (meant := closest(initial, phases)):
        unknown.setdefault(initial, (meant, ("participant", "initial_phase")))
        fixed_start = meant
    if not phases:
        return
    if not finals:
        c.error(("participant", "phases"), "no phase has completion_allowed: true, so no "
                                           "participant could ever complete the programme",
                kind="no_final_phase")
        return
    found = _graph_problems(phases, edges, finals, start)
    after_fix = _graph_problems(phases, fixed, finals, fixed_start) if unknown else found
    cause = "; ".join(f"the unknown phase {name!r} on line {c.doc.position(where).line}"
                      for name, (_, where) in unknown.items())
    causes = [(name, c.doc.position(where).line) for name, (_, where) in unknown.items()]
    for path, message, kind, stuck in found:
        if (path, message, kind, stuck) in after_fix:
            c.error(path, message, kind=kind, phase=stuck, initial=start or "")
        else:  # goes away once the unknown reference is corrected: say so, list it last
            c.problems.append(replace(
                c.doc.problem(path, f"{message} (probably a consequence of {cause})",
                              kind=kind, params={"phase": stuck, "initial": start or "",
                                                 "causes": causes}),
                consequence=True))
    if start is None and fixed_start is not None:
        for path, message, kind, stuck in after_fix:  # remain once the initial is corrected
            c.error(path, message, kind=kind, phase=stuck, initial=fixed_start)


def _graph_problems(phases: dict[str, Path], edges: dict[str, set[str]], finals: set[str],
                    initial: str | None) -> list[tuple[Path, str, str, str]]:
    """Phases that cannot be reached, and phases from which no completion can be reached:
    (path, message, kind, phase)."""
    out: list[tuple[Path, str, str, str]] = []
    if initial is not None:
        reached = _reach({initial}, edges)
        for pid, path in phases.items():
            if pid not in reached:
                out.append(((*path, "id"), f"phase {pid!r} cannot be reached from the initial "
                                           f"phase {initial!r}; add a transition to it",
                        "phase_unreachable", pid))
    reverse: dict[str, set[str]] = {p: set() for p in phases}
    for source, targets in edges.items():
        for target in targets:
            reverse.setdefault(target, set()).add(source)
    can_finish = _reach(finals, reverse)
    for pid, path in phases.items():
        if pid not in can_finish:
            out.append(((*path, "id"), f"from phase {pid!r} no path leads to a phase with "
                                       "completion_allowed: true; a participant there could "
                                       "only drop out", "phase_cannot_finish", pid))
    return out


def _reach(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _tasks(c: Checker, tasks: dict[str, Path], phases: dict[str, Path],
           outcomes: dict[str, Path]) -> None:
    for path, task in items(c.data, "participant", "tasks"):
        when = task.get("when")
        c.ref((*path, "phase"), task.get("phase"), phases, "phase")
        if "phase" in task and when != "phase_entry":
            c.error((*path, "phase"), "'phase' only applies with when: phase_entry "
                                      f"(this task has when: {when})",
                    kind="only_with", field="phase", condition="when: phase_entry",
                    actual=f"when: {when}")
        for key in ("outcomes", "except_outcomes"):
            c.refs((*path, key), task.get(key), outcomes, "outcome")
            if key in task and when != "exit":
                c.error((*path, key), f"{key!r} only applies with when: exit "
                                      f"(this task has when: {when})",
                        kind="only_with", field=key, condition="when: exit",
                        actual=f"when: {when}")
        if "outcomes" in task and "except_outcomes" in task:
            c.error((*path, "except_outcomes"), "use either 'outcomes' or 'except_outcomes', "
                                                "not both",
                    kind="either_not_both", first="outcomes", second="except_outcomes")
        if "instrument" in task and task.get("kind") != "survey":
            c.error((*path, "instrument"), "'instrument' only applies to kind: survey",
                    kind="only_with", field="instrument", condition="kind: survey", actual="")
        _questions(c, path, task)
        _records(c, path, task)


#: What each kind of record needs in the definition, and where it is written.
_RECORD_NEEDS = {"assessment": ("participant", "activity_capacity_scale"),
                 "need_level": ("participant", "reimbursement"),
                 "placement_form": ("participant", "placement_forms"),
                 "type_case": ("participant", "type_cases")}


def _records(c: Checker, path: Path, task: dict[str, Any]) -> None:
    """A task completed by a record: the programme must offer that record."""
    records = task.get("records")
    if not isinstance(records, list):
        return
    if task.get("kind") == "survey":
        c.error((*path, "records"), "a survey is completed by its answers; 'records' "
                                    "applies to other tasks",
                kind="survey_records")
        return
    for index, record in enumerate(records):
        need = _RECORD_NEEDS.get(record) if isinstance(record, str) else None
        if need is not None and get(c.data, *need) is None:
            c.error((*path, "records", index), f"records: {record} needs "
                                               f"'{'.'.join(need)}' in the definition",
                        kind="record_needs", record=record, needs=".".join(need))


def _questions(c: Checker, path: Path, task: dict[str, Any]) -> None:
    """A survey's questions: unique ids, scales from low to high, words for values on
    the scale, and the scale's keys only on a scale."""
    questions = task.get("questions")
    if questions is None:
        return
    if task.get("kind") != "survey":
        c.error((*path, "questions"), "'questions' only applies to kind: survey",
                kind="only_with", field="questions", condition="kind: survey", actual="")
        return
    seen: set[str] = set()
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(question, dict):
            continue
        where = (*path, "questions", index)
        ident = question.get("id")
        if isinstance(ident, str):
            if ident in seen:
                c.error((*where, "id"), f"question id {ident!r} is used twice in this survey",
                        kind="question_twice", id=ident)
            seen.add(ident)
        low, high = question.get("min"), question.get("max")
        if question.get("answer") != "scale":
            for key in ("min", "max", "labels"):
                if key in question:
                    c.error((*where, key), f"{key!r} only applies with answer: scale",
                            kind="only_with", field=key, condition="answer: scale", actual="")
            continue
        if isinstance(low, int) and isinstance(high, int):
            if low >= high:
                c.error((*where, "max"), f"the scale's max {high} must be above its min {low}",
                        kind="scale_inverted", low=low, high=high)
            elif high - low > 100:
                c.error((*where, "max"), f"a scale of {high - low + 1} steps is too long for "
                                         "a form; at most 101",
                        kind="scale_too_long", steps=high - low + 1)
            labels = question.get("labels")
            for value in labels if isinstance(labels, dict) else {}:
                if str(value).lstrip("-").isdigit() and not low <= int(value) <= high:
                    c.error((*where, "labels", value), f"label for {value} is outside the "
                                                       f"scale {low}–{high}",
                            kind="label_outside_scale", value=value, low=low, high=high)


def _durations(c: Checker) -> None:
    d = c.data
    tiers = list(items(d, "participant", "duration", "extensions"))
    previous: Duration | None = None
    for index, (path, tier) in enumerate(tiers):
        up_to = tier.get("up_to")
        if up_to is None and "up_to" in tier and index != len(tiers) - 1:
            c.error((*path, "up_to"), "only the last extension tier may have up_to: null "
                                      "(any length)",
                    kind="open_tier_not_last")
        current = duration(up_to)
        if current and previous and current.approx_days() <= previous.approx_days():
            c.error((*path, "up_to"), f"extension tiers must grow: {current} is not longer "
                                      f"than the tier before ({previous})",
                    kind="tiers_not_growing", length=current, previous=previous)
        previous = current or previous
    maximum = duration(get(d, "participant", "duration", "max"))
    warn = duration(get(d, "participant", "duration", "warn_before"))
    if maximum and warn and warn.approx_days() >= maximum.approx_days():
        c.error(("participant", "duration", "warn_before"),
                f"warn_before ({warn}) must be shorter than the limit itself ({maximum})",
                kind="warn_before_too_long", warn=warn, maximum=maximum)


def _counted_parties(c: Checker, parties: dict[str, Path]) -> None:
    """``min_parties: {count, parties}`` names parties of the organisation, and no more
    of them are asked for than are named (issue 25; seeds 001 and 003)."""
    rule = get(c.data, "eligibility", "min_parties")
    if not isinstance(rule, dict):
        return
    named = rule.get("parties")
    c.refs(("eligibility", "min_parties", "parties"), named, parties, "party")
    count = rule.get("count")
    if isinstance(named, list) and isinstance(count, int) and not isinstance(count, bool) \
            and count > len(named):
        c.error(("eligibility", "min_parties", "count"),
                f"at least {count} parties are asked for but only {len(named)} are named in "
                "min_parties.parties; nobody could be enrolled",
                kind="min_parties_exceeds_named", count=count, named=len(named))


def _eligibility_and_capacity(c: Checker) -> None:
    d = c.data
    low, high = get(d, "eligibility", "age", "min"), get(d, "eligibility", "age", "max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        c.error(("eligibility", "age", "max"), f"age max {high} is below age min {low}",
                kind="age_inverted", low=low, high=high)
    places = get(d, "capacity", "quotas", "places")
    concurrent = get(d, "capacity", "concurrent")
    if isinstance(places, dict):
        total = sum(v for v in places.values() if isinstance(v, int) and not isinstance(v, bool))
        if isinstance(concurrent, int) and total > concurrent:
            c.error(("capacity", "quotas", "places"),
                    f"the quotas add up to {total} places but capacity.concurrent is only "
                    f"{concurrent}",
                    kind="quotas_exceed_capacity", total=total, concurrent=concurrent)
        residence = get(d, "eligibility", "residence")
        if isinstance(residence, list):
            known = {str(r): () for r in residence}
            for municipality in places:
                if municipality not in known:
                    hint = did_you_mean(municipality, known) or (
                        f"; eligible municipalities: {', '.join(known)}")
                    c.error(("capacity", "quotas", "places", municipality),
                            f"quota for {municipality!r}, which is not in "
                            f"eligibility.residence{hint}", key=True,
                            kind="quota_not_eligible", municipality=municipality,
                            suggestion=closest(municipality, known) or "",
                            defined=list(known))
    caseload = get(d, "capacity", "caseload_per_coordinator")
    caseload = caseload.get("max") if isinstance(caseload, dict) else caseload
    if isinstance(caseload, int) and isinstance(concurrent, int) and caseload > concurrent:
        c.warn(("capacity", "caseload_per_coordinator"),
               f"a caseload of {caseload} per coordinator exceeds the {concurrent} places",
               kind="caseload_exceeds_places", caseload=caseload, concurrent=concurrent)


def _targets(c: Checker, outcomes: dict[str, Path], tasks: dict[str, Path]) -> None:
    survey_tasks = {t.get("id") for _, t in items(c.data, "participant", "tasks")
                    if t.get("kind") == "survey"}
    for path, target in items(c.data, "targets"):
        c.refs((*path, "outcomes"), target.get("outcomes"), outcomes, "outcome")
        survey = target.get("survey")
        c.ref((*path, "survey"), survey, tasks, "task")
        if isinstance(survey, str) and survey in tasks and survey not in survey_tasks:
            c.error((*path, "survey"), f"task {survey!r} is not a survey (kind: survey)",
                    kind="target_not_survey", task=survey)
        raw = [b.get("count") for _, b in items(target, "breakdown")]
        parts = [p for p in raw if isinstance(p, int)]
        count = target.get("count")
        if parts and len(parts) == len(raw) and isinstance(count, int) and sum(parts) != count:
            c.error((*path, "breakdown"), f"the breakdown adds up to {sum(parts)}, "
                                          f"not the target count {count}",
                    kind="breakdown_sum", total=sum(parts), count=count)
