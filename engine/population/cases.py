"""One case of a synthetic population, lived through the real service operations.

:func:`live_case` takes a case just enrolled and plays its stay up to the span's last
day, in date order, back-dated with ``on=`` under a clock that stands at the end:

* the case's stored open obligations are taken by due date and each is kept on time,
  late or not at all (a drop-out stops turning up some weeks before leaving); a
  follow-up meeting not held stays owed, and the next one held counts for it, late;
* the phase moves along the definition's transitions once their required tasks are
  done (a phase without follow-ups, REBUS's "avslut", only on the way out); a
  participant who completes is moved to a phase that allows completion;
* a stay that would pass the definition's duration limit asks for an extension, which
  the role the definition names decides; without one the case ends at the limit;
* a stay lasts one to thirteen months, with an outcome drawn over the definition's
  outcomes; exit tasks and exit surveys follow (some answers improve on the start
  survey, some do not), then the post-exit follow-ups, found or not reachable.

Working days only: nobody records a meeting on a Sunday.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from engine.dates.durations import Duration, next_working_day, previous_working_day
from engine.definitions.spec import ProgrammeSpec, TransitionSpec
from engine.population.people import offered
from engine.service.cases import operations, records
from engine.service.shared.context import Context
from engine.store.tables import ObligationRow

#: How an obligation is kept: most on time, some late, some never.
KEPT = (("on_time", 0.74), ("late", 0.15), ("missed", 0.11))
STEP_MOVEMENTS = (("yes", 0.45), ("partly", 0.35), ("no", 0.20))
#: Outcomes by category; the drawn weights are those of the definition's outcomes.
OUTCOME_WEIGHTS = {"work": 0.24, "studies": 0.12, "occupation": 0.14,
                   "continued_rehabilitation": 0.24, "other": 0.12, "drop_out": 0.16}
STAY_DAYS = (30, 400)            # a stay lasts one to thirteen months,
PAST_LIMIT_DAYS = 90             # or up to three months past a duration limit
IMPROVES = 0.7                   # share whose exit survey scores above the start survey
EXTENSION_APPROVED = 0.85
NOT_REACHABLE = 0.2              # post-exit follow-ups that find nobody
NOT_RECORDED = 0.1               # post-exit follow-ups not done (yet)
SURVEY_ITEMS = ("halsa", "valbefinnande")   # scored 1–5; the report compares their sums
#: Obligations the coordinator does not "keep" (dates, and what follows the exit).
NOT_WORK = ("duration_limit", "duration_warning", "post_exit_follow_up")


@dataclass(slots=True)
class Run:
    """One population being made: the context at the span's end, the definition, the
    seeded random numbers and how many operations were called."""

    ctx: Context
    spec: ProgrammeSpec
    rng: random.Random
    operations: int = 0

    @property
    def today(self) -> date:
        """The span's last day: nothing is recorded after it."""
        return self.ctx.today()

    def draw(self, weighted: tuple[tuple[str, float], ...]) -> str:
        """One of the weighted choices."""
        return self.rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]

    def days(self, low: int, high: int) -> timedelta:
        """A number of days from ``low`` to ``high``."""
        return timedelta(days=self.rng.randint(low, high))

    def outcome(self) -> str:
        """An exit outcome of the definition, weighted by its category."""
        known = self.spec.outcomes
        return self.rng.choices([o.id for o in known],
                                [OUTCOME_WEIGHTS.get(o.category, 0.1) for o in known])[0]


@dataclass(slots=True)
class _Life:
    """One case being lived: where it stands and what is planned for it."""

    case_id: int
    coordinator: str
    enrolled_on: date
    last_day: date                 # the exit day, or the span's last day
    outcome: str | None            # None: still active at the end
    phase: str
    entered_on: date
    improves: bool
    visited: set[str] = field(default_factory=set)
    done: dict[str, date] = field(default_factory=dict)
    decided: set[str] = field(default_factory=set)
    move: tuple[date, TransitionSpec] | None = None
    fades_from: date | None = None  # a drop-out keeps nothing due from this day
    last_held: date | None = None
    exited_on: date | None = None
    extension_on: date | None = None
    start_scores: tuple[int, ...] = ()
    read: tuple[tuple[int, date], list[ObligationRow]] | None = None  # see _next_due


def live_case(run: Run, case_id: int, coordinator: str, enrolled_on: date,
              last: date) -> None:
    """Live the case ``case_id`` (active, enrolled on ``enrolled_on``) up to ``last``."""
    _live(run, _plan(run, case_id, coordinator, enrolled_on, last))


def _plan(run: Run, case_id: int, coordinator: str, enrolled_on: date,
          last: date) -> _Life:
    spec, rng = run.spec, run.rng
    low, high = STAY_DAYS
    if spec.duration is not None:   # some stay past the limit: they ask for an extension
        high = max(high, (spec.duration.max.after(enrolled_on) - enrolled_on).days
                   + PAST_LIMIT_DAYS)
    leaves_on: date | None = previous_working_day(enrolled_on + run.days(low, high))
    ends_with_programme = spec.valid_to is not None and spec.valid_to <= last
    if leaves_on is not None and leaves_on > last:
        leaves_on = max(previous_working_day(last), enrolled_on) if ends_with_programme \
            else None
    outcome = run.outcome() if leaves_on is not None else None
    life = _Life(case_id, coordinator, enrolled_on, leaves_on or last, outcome,
                 spec.initial_phase, enrolled_on, rng.random() < IMPROVES,
                 visited={spec.initial_phase})
    if outcome is not None and not spec.outcome(outcome).completed:
        life.fades_from = life.last_day - run.days(14, 60)
    _plan_move(run, life)
    return life


def _live(run: Run, life: _Life) -> None:
    """Take the case's events in date order until its last day, then let it leave."""
    while True:
        due = _next_due(run, life)
        move_on = _move_day(life)
        events: list[tuple[date, int, Any]] = []
        if due is not None:
            events.append((due.due_on, 0, due))
        if move_on is not None:
            events.append((move_on, 1, None))
        extension_on = _extension_day(run, life)
        if extension_on is not None:
            events.append((extension_on, 2, None))
        if not events:
            break
        day, kind, row = min(events, key=lambda e: (e[0], e[1]))
        if kind == 0:
            _keep(run, life, row, life.last_day)
        elif kind == 1:
            _move(run, life, day)
        else:
            _extend(run, life, day)
    if life.outcome is not None:
        _leave(run, life)


def _record(run: Run, life: _Life, key: str, day: date) -> bool:
    """Keep a task that asks for a record by recording it (which completes it, as in the
    web); False when the task asks for none."""
    prefix, _, rest = key.partition(":")
    task = next((t for t in run.spec.tasks if prefix in ("task", "exit")
                 and t.id == rest.split(":")[0]), None)
    if task is None or not task.records:
        return False
    spec, rng, ctx, actor = run.spec, run.rng, run.ctx, life.coordinator
    if "placement_form" in task.records:
        records.set_placement_form(ctx, life.case_id, rng.choice(spec.placement_forms)[0],
                                   actor, on=day)
    if "type_case" in task.records:
        records.set_type_case(ctx, life.case_id, rng.choice(spec.type_cases)[0], actor, on=day)
    scale = spec.activity_capacity_scale
    if scale is not None and {"assessment", "need_level"} & set(task.records):
        levels = [lv for lv, _, _ in spec.reimbursement.levels] if spec.reimbursement else []
        # Better at the exit than at the start, for the effect premium to have something.
        low, high = (scale.min + 1, scale.max) if prefix == "exit" else (scale.min,
                                                                          scale.min + 2)
        records.record_assessment(ctx, life.case_id, rng.randint(low, high), actor, on=day,
                                  need_level=rng.choice(levels)
                                  if levels and "need_level" in task.records else None)
    return True


def _next_due(run: Run, life: _Life) -> ObligationRow | None:
    """The earliest stored open obligation not yet dealt with, due by the last day.

    Read again only after an operation (only operations change what is stored).
    """
    if life.read is None or life.read[0] != (run.operations, life.last_day):
        with run.ctx.transaction() as session:
            rows = session.exec(select(ObligationRow).where(
                ObligationRow.case_id == life.case_id, ObligationRow.status == "open",
                col(ObligationRow.kind).not_in(NOT_WORK),
                col(ObligationRow.due_on) <= life.last_day)
                .order_by(col(ObligationRow.due_on), col(ObligationRow.key))).all()
        life.read = ((run.operations, life.last_day), list(rows))
    return next((r for r in life.read[1] if r.key not in life.decided), None)


def _keep(run: Run, life: _Life, row: ObligationRow, until: date) -> None:
    """Keep one obligation on time, late, or not at all (a row left open)."""
    life.decided.add(row.key)
    how = run.draw(KEPT)
    if life.fades_from is not None and row.due_on >= life.fades_from \
            and not row.key.startswith("exit:"):
        return
    follow = run.spec.follow_ups
    if how == "missed" and (row.kind != "follow_up" or follow is None):
        return          # left open: missed at the exit, overdue while the case runs
    if how == "on_time":
        day = previous_working_day(row.due_on - run.days(0, 6))
    elif how == "late":
        day = next_working_day(row.due_on + run.days(4, 20))
    else:
        # A meeting not held stays owed (the engine numbers meetings as they are held):
        # the next one held, an interval later, is this one held late.
        assert follow is not None
        day = row.due_on + timedelta(days=round(follow.interval.approx_days())) \
            + run.days(0, 10)
    floor = life.enrolled_on
    if row.key.startswith("exit:") and life.exited_on is not None:
        floor = life.exited_on            # exit tasks are done at the exit or after
    if row.kind == "follow_up" and life.last_held is not None:
        floor = max(floor, life.last_held + timedelta(days=1))
    if day < floor:
        day = next_working_day(floor)
    if day > until or day > run.today:
        return
    case, actor, ctx = life.case_id, life.coordinator, run.ctx
    if row.kind == "follow_up":
        assert follow is not None
        attendees = list(follow.attendees)
        if len(attendees) > 1 and run.rng.random() < 0.15:
            attendees.pop(run.rng.randrange(len(attendees)))
        operations.record_follow_up(ctx, case, day, attendees, run.draw(STEP_MOVEMENTS), actor)
        life.last_held = day
    elif row.kind == "survey":
        records.record_survey(ctx, case, row.key.split(":")[1], _answers(run, life, row.key),
                              actor, on=day)
    elif not _record(run, life, row.key, day):
        operations.complete(ctx, case, row.key, actor, on=day)
    life.done[row.key] = day
    run.operations += 1


def _answers(run: Run, life: _Life, key: str) -> dict[str, Any]:
    """Scores for the two items of :data:`SURVEY_ITEMS`, given to the survey's first two
    scale questions (a yes/no question says whether it got better)."""
    if not key.startswith("exit:") or not life.start_scores:
        life.start_scores = life.start_scores or tuple(run.rng.randint(1, 4)
                                                       for _ in SURVEY_ITEMS)
        return _to_questions(run, key, life.start_scores, improved=False)
    if life.improves:   # one item or both better, none worse
        change = [run.rng.randint(0, 1) for _ in SURVEY_ITEMS]
        change[run.rng.randrange(len(change))] = 1
    else:               # the same, or one item worse
        change = [0] * len(SURVEY_ITEMS)
        change[run.rng.randrange(len(change))] = -run.rng.randint(0, 1)
    scores = tuple(max(1, min(5, score + delta))
                   for score, delta in zip(life.start_scores, change, strict=True))
    return _to_questions(run, key, scores, improved=life.improves)


def _to_questions(run: Run, key: str, scores: tuple[int, ...],
                  improved: bool) -> dict[str, Any]:
    survey = next(t for t in run.spec.tasks if t.id == key.split(":")[1])
    if not survey.questions:
        return dict(zip(SURVEY_ITEMS, scores, strict=True))
    answers: dict[str, Any] = {}
    scales = [q for q in survey.questions if q.answer == "scale"]
    for question, score in zip(scales, scores, strict=False):
        assert question.min is not None and question.max is not None
        answers[question.id] = max(question.min, min(question.max, score))
    for question in survey.questions:
        if question.answer == "yes_no":
            answers[question.id] = improved
    return answers


def _plan_move(run: Run, life: _Life) -> None:
    """Choose the next phase (one not visited yet) and when to move there."""
    phase = run.spec.phase(life.phase)
    options = [t for t in phase.transitions
               if t.to not in life.visited and not _closing(run.spec, t.to)]
    life.move = None
    if not options or (phase.completion_allowed and run.rng.random() > 0.35):
        return
    life.move = (next_working_day(life.entered_on + run.days(21, 100)),
                 run.rng.choice(options))


def _closing(spec: ProgrammeSpec, phase: str) -> bool:
    """A phase without follow-ups is where a case is closed (REBUS and Örebro "avslut"):
    it is entered on the way out, not during the stay."""
    follow = spec.follow_ups
    return follow is not None and follow.in_phases is not None and phase not in \
        follow.in_phases


def _move_day(life: _Life) -> date | None:
    """When the planned move happens: once its required tasks are done (never, if one
    was left undone)."""
    if life.move is None:
        return None
    day, transition = life.move
    for task in transition.requires:
        done = [d for k, d in life.done.items() if _is_task(k, task)]
        if not done:
            return None
        day = max(day, next_working_day(max(done) + timedelta(days=3)))
    return day if day <= min(life.last_day, life.fades_from or life.last_day) else None


def _is_task(key: str, task: str) -> bool:
    """Whether obligation ``key`` is task ``task`` (opened at enrolment or at a phase
    entry, ``task:ID:DATE``), as :func:`operations.move_phase` checks requirements."""
    return key == f"task:{task}" or key.startswith(f"task:{task}:")


def _move(run: Run, life: _Life, day: date) -> None:
    assert life.move is not None
    transition = life.move[1]
    operations.move_phase(run.ctx, life.case_id, transition.to, life.coordinator, on=day,
                          approved_by=transition.approved_by)
    run.operations += 1
    life.phase, life.entered_on = transition.to, day
    life.visited.add(transition.to)
    _plan_move(run, life)


def _limit(run: Run, life: _Life) -> date | None:
    limit = run.spec.duration
    if limit is None:
        return None
    return limit.max.after(life.enrolled_on) - timedelta(days=1)


def _extension_day(run: Run, life: _Life) -> date | None:
    """A stay that passes the duration limit asks for an extension, weeks before it."""
    limit = _limit(run, life)
    if limit is None or life.extension_on is not None or life.last_day <= limit:
        return None
    return max(life.enrolled_on, previous_working_day(limit - run.days(20, 45)))


def _extend(run: Run, life: _Life, day: date) -> None:
    """Request an extension, have the role the definition names decide it, and end the
    stay at the limit it leaves."""
    limit = run.spec.duration
    end = _limit(run, life)
    assert limit is not None and end is not None
    life.extension_on = day
    lengths = [x for x in ("3 months", "6 months")
               if limit.approver_for(Duration.parse(x)) is not None]
    length = run.rng.choices(lengths, [0.6, 0.4][:len(lengths)])[0]
    request = operations.request_extension(run.ctx, life.case_id, length,
                                           "arbetsträning pågår", life.coordinator, on=day)
    decided_on = min(next_working_day(day + run.days(5, 20)), run.today)
    role = limit.approver_for(Duration.parse(length))
    assert role is not None
    approved = run.rng.random() < EXTENSION_APPROVED
    operations.decide_extension(run.ctx, request, approved, run.spec.role_name(role), role,
                                on=decided_on)
    run.operations += 2
    if approved:
        end = Duration.parse(length).after(end)
    if life.last_day > end:    # no longer than allowed: the case ends at its limit
        life.last_day = max(previous_working_day(end), life.entered_on)
        if life.outcome is None:
            life.outcome = run.outcome()


def _path_to_completion(spec: ProgrammeSpec, start: str) -> list[TransitionSpec] | None:
    """The shortest way from ``start`` to a phase from which participants complete."""
    paths: dict[str, list[TransitionSpec]] = {start: []}
    queue = [start]
    while queue:
        here = queue.pop(0)
        if spec.phase(here).completion_allowed:
            return paths[here]
        for transition in spec.phase(here).transitions:
            if transition.to not in paths:
                paths[transition.to] = [*paths[here], transition]
                queue.append(transition.to)
    return None


def _leave(run: Run, life: _Life) -> None:
    """Exit with the planned outcome, then the exit tasks and post-exit follow-ups."""
    spec, ctx = run.spec, run.ctx
    assert life.outcome is not None
    day = max(life.last_day, life.entered_on)
    if spec.outcome(life.outcome).completed and not _reach_completion(run, life, day):
        life.outcome = next(o.id for o in spec.outcomes if not o.completed)
    chosen = spec.outcome(life.outcome)
    sub = run.rng.choice(chosen.sub_outcomes)[0] if chosen.sub_outcomes else None
    operations.exit_case(ctx, life.case_id, life.outcome, life.coordinator, on=day,
                         sub_outcome=sub,
                         income_at_exit=_income_at_exit(run.spec, life, chosen.category))
    run.operations += 1
    life.last_day, life.fades_from, life.exited_on = run.today, None, day
    while (row := _next_due(run, life)) is not None:
        _keep(run, life, row, run.today)
    _post_exit(run, life, day)


#: Main income support at exit by the outcome's category ("" is not recorded): work
#: mostly means one's own living, studies student aid, the rest mostly what it was.
INCOME_AT_EXIT = {
    "work": (("egen_forsorjning", 0.8), ("akassa_aktivitetsstod", 0.1), ("", 0.1)),
    "studies": (("studiemedel", 0.75), ("forsorjningsstod", 0.1), ("", 0.15)),
}
INCOME_AT_EXIT_OTHERWISE = (("forsorjningsstod", 0.3), ("sjukpenning", 0.15),
                            ("aktivitets_sjukersattning", 0.15),
                            ("akassa_aktivitetsstod", 0.15), ("egen_forsorjning", 0.05),
                            ("ingen", 0.05), ("", 0.15))


def _income_at_exit(spec: ProgrammeSpec, life: _Life, category: str) -> str | None:
    """The income support recorded at exit, of the kinds the definition records then,
    drawn from the case's own generator (the population's other draws stay as they
    were)."""
    weighted = offered(INCOME_AT_EXIT.get(category, INCOME_AT_EXIT_OTHERWISE),
                       spec.income_support.offered("exit"))
    own = random.Random(f"exit:{life.case_id}")
    return own.choices(list(weighted), list(weighted.values()))[0] or None


def _reach_completion(run: Run, life: _Life, day: date) -> bool:
    """Move a completer to a phase that allows completion, doing what each move
    requires on the way; False when no way leads there."""
    path = _path_to_completion(run.spec, life.phase)
    if path is None:
        return False
    for transition in path:
        with run.ctx.transaction() as session:   # entering a phase may open its tasks
            open_keys = session.exec(select(ObligationRow.key).where(
                ObligationRow.case_id == life.case_id, ObligationRow.status == "open")).all()
        for task in transition.requires:
            if any(_is_task(k, task) for k in life.done):
                continue
            key = next((k for k in open_keys if _is_task(k, task)), None)
            if key is None:
                return False
            if not _record(run, life, key, day):
                operations.complete(run.ctx, life.case_id, key, life.coordinator, on=day)
            run.operations += 1
            life.done[key] = day
        operations.move_phase(run.ctx, life.case_id, transition.to, life.coordinator, on=day,
                              approved_by=transition.approved_by)
        run.operations += 1
        life.phase, life.entered_on = transition.to, day
    return True


def _post_exit(run: Run, life: _Life, exited_on: date) -> None:
    spec, rng = run.spec, run.rng
    with run.ctx.transaction() as session:
        due = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == life.case_id, ObligationRow.status == "open",
            ObligationRow.kind == "post_exit_follow_up",
            col(ObligationRow.due_on) <= run.today).order_by(col(ObligationRow.due_on))).all()
    completed = [o.id for o in spec.outcomes if o.completed]
    for row in due:
        if rng.random() < NOT_RECORDED:
            continue
        found_on = min(max(next_working_day(row.due_on + run.days(-7, 14)), exited_on),
                       run.today)
        status = "not_reachable" if rng.random() < NOT_REACHABLE else (
            life.outcome if rng.random() < 0.6 and life.outcome else rng.choice(completed))
        records.record_post_exit_result(run.ctx, life.case_id,
                                        row.key.removeprefix("post_exit:"), status,
                                        life.coordinator, on=found_on)
        run.operations += 1
