"""The report section "Registrerade uppgifter": what coordinators recorded, reported.

Issue 22, finding 6: a definition that lets a coordinator record something (a survey
at the start or the exit, an activity-capacity assessment, a sub-outcome of an exit, a
track, a type case, a placement form) gets it back in the report, with how many of
those who should have answered did.  The seeds name these as what the programmes
follow up: Västerås's health and NNS surveys at start and exit, the sub-outcomes
(a)–(c) of continued rehabilitation and its three tracks (003); Hofors's survey of
usefulness (004); Örebro's activity capacity and type cases (002).

Every count of persons goes through the report's grid, split by gender and suppressed
with every other table by the one policy (:mod:`engine.reports.suppression`).  Pure:
the counts come from :mod:`engine.service.programme.record_data`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from engine.definitions.spec import TaskSpec
from engine.language import pgettext
from engine.reports.build import Build, Row, gender_column
from engine.reports.grid import Share, Var
from engine.reports.model import GENDER_COLUMNS
from engine.reports.wording import participants_called

SECTION = "records"

#: The section's words in Swedish; their English is in the gettext catalogue (context
#: ``report.<key>``, docs/translating.md).
_TEXTS: dict[str, str] = {
    "records.response_title": "Svarsfrekvens för enkäter och bedömningar",
    "records.response_note": (
        "Andel som besvarat av dem som skulle: en enkät eller bedömning vid start av dem "
        "som skrevs in under perioden, en vid avslut av dem som avslutades under perioden. "
        "Den som skrevs in eller avslutades nyss kan ha tid kvar att svara."),
    "records.survey_title": "{task}: svar",
    "records.assessment_title": "{task}: aktivitetsförmåga",
    "records.expected_start": "Skrevs in under perioden (ska svara)",
    "records.expected_exit": "Avslutades under perioden (ska svara)",
    "records.answered": "Besvarade",
    "records.not_answered": "Besvarade inte",
    "records.assessed": "Bedömda",
    "records.not_assessed": "Inte bedömda",
    "records.no_answer": "Inget svar att räkna",
    "records.score_title": "{task}: summan av svaren",
    "records.score_note": (
        "Summan av svaren på enkätens {questions} frågor med skala, hos dem som besvarade "
        "den; högre är bättre. Summan sparas också när ett ärende gallras, så siffrorna "
        "står sig."),
    "records.lowest": "{value} (lägst)",
    "records.highest": "{value} (högst)",
    "records.assessment_note": (
        "Aktivitetsförmåga enligt definitionens skala: vid start den första bedömningen, "
        "vid avslut den senaste (om det finns fler än en)."),
    "records.sub_outcomes_title": "Avslut efter underutfall",
    "records.sub_outcome_missing": "{outcome}: underutfall ej angivet",
    "records.sub_outcomes_note": "Avslutade under perioden, efter utfallets underutfall.",
    "records.tracks_title": "Deltagare efter inriktning",
    "records.type_case_title": "Deltagare efter typfall",
    "records.placement_form_title": "Deltagare efter placeringsform",
    "records.attribute_note": "Aktiva någon gång under perioden.",
    "records.none": "Uppgift saknas",
}


def _t(b: Build, key: str, **values: object) -> str:
    return participants_called(pgettext(b.lang, f"report.{key}", _TEXTS[key]).format(**values),
                               b.spec.participants_called, b.lang)


def records(b: Build) -> None:
    """Every table of the section, in definition order: surveys and assessments with
    their response rates, then sub-outcomes, tracks, type cases and placement forms."""
    rates: list[Row] = []
    first = len(b.grid.layouts)
    for task in b.spec.tasks:
        if task.when not in ("enrolment", "exit"):
            continue
        if task.kind == "survey":
            rates.append(_survey(b, task))
        elif "assessment" in task.records:
            rates.append(_assessment(b, task))
    if rates:
        b.grid.table("records_response", _t(b, "records.response_title"), b.gender_columns(),
                     rates, "share", SECTION, _t(b, "records.response_note"))
        b.grid.layouts.insert(first, b.grid.layouts.pop())  # the overview first
    _sub_outcomes(b)
    _tracks(b)
    for attribute, declared in (("type_case", b.spec.type_cases),
                                ("placement_form", b.spec.placement_forms)):
        if declared:
            _attribute(b, attribute, dict(declared))
    # The section's own cells give way before the women's and men's cells of the
    # participants, exits and Finsam tables they share totals with: those are what the
    # board and the national follow-up read (issue 22, finding 2).
    b.grid.giving_way.update(k for k in b.grid.values if isinstance(k, tuple) and len(k) == 2
                             and isinstance(k[0], tuple) and k[0][:1] == ("records",))


def should_answer(task: TaskSpec, admitted: bool, exited: bool, outcome: str | None) -> bool:
    """Whether a case admitted or exited in the period should have done ``task``: one at
    enrolment if admitted in it, one at the exit if it exited in it with an outcome the
    task applies to."""
    if task.when == "enrolment":
        return admitted
    return exited and outcome is not None and task.applies_to_outcome(outcome)


def _answers(b: Build, task: TaskSpec, given: list[tuple[str, bool, int]]
             ) -> tuple[dict[str, int], dict[str, int]]:
    """(answered, not answered) by stored gender: those who should have answered are
    the period's own case groups (the cells of the participants and exits tables)."""
    done: dict[str, int] = defaultdict(int)
    for gender, gave, n in given:
        if gave:
            done[gender] += n
    should: dict[str, int] = defaultdict(int)
    for group in b.counts.cases:
        if should_answer(task, group.enrolled, group.exited, group.outcome):
            should[group.gender] += group.count
    return done, {g: n - done.get(g, 0) for g, n in should.items() if n > done.get(g, 0)}


def _by_gender(groups: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for stored, n in groups.items():
        out[gender_column(stored)] += n
    return out


def _response(b: Build, task: TaskSpec, done: dict[str, int], missing: dict[str, int],
              words: tuple[str, str]) -> tuple[tuple[Var, ...], tuple[Var, ...], Row]:
    """The persons table of who should answer and who did; the task's response row."""
    key = ("records", task.id)
    answered = b.grid.gender_row((*key, "answered"), _by_gender(done))
    not_answered = b.grid.gender_row((*key, "not_answered"), _by_gender(missing))
    expected = _expected(b, task, _by_gender(
        {g: done.get(g, 0) + missing.get(g, 0) for g in {*done, *missing}}))
    b.grid.sum_rows(expected, [answered, not_answered])
    expected_word = "records.expected_start" if task.when == "enrolment" \
        else "records.expected_exit"
    rows: list[Row] = [("answered", _t(b, words[0]), answered, False),
                       ("not_answered", _t(b, words[1]), not_answered, False),
                       ("expected", _t(b, expected_word), expected, True)]
    title = "records.survey_title" if task.kind == "survey" else "records.assessment_title"
    b.grid.table(f"records_{task.id}", _t(b, title, task=task.name), b.gender_columns(),
                 rows, "persons", SECTION)
    rate: Row = (task.id, task.name,
                 [Share(a, e) for a, e in zip(answered, expected, strict=True)], False)
    return answered, expected, rate


def _expected(b: Build, task: TaskSpec, by_gender: dict[str, int]) -> tuple[Var, ...]:
    """Who should have answered, as the same cells as the participants and exits tables
    show them (admitted in the period; exited, or exited with the task's outcomes): one
    number is one cell, so that it is hidden alike wherever it appears (a total shown
    here and hidden there would give away what it protects)."""
    if task.when == "enrolment":
        return b.grid.gender_row(("flow", "enrolled"), by_gender)
    if task.outcomes is None and not task.except_outcomes:
        return b.grid.gender_row(("flow", "exited"), by_gender)
    expected = b.grid.gender_row(("records", task.id, "expected"), by_gender)
    applies = [o for o in b.outcomes() if task.applies_to_outcome(o)]
    b.grid.sum_rows(expected, [b.row(("exits", o),
                                     lambda g, o=o: g.exited and g.outcome == o)  # type: ignore[misc]
                               for o in applies])
    return expected


def _distribution(b: Build, key: tuple[str, ...], title: str, note: str,
                  values: list[tuple[str, str]], counts: dict[tuple[str, str | None], int],
                  total: tuple[Var, ...]) -> None:
    """A persons table of answers ``values`` (key, label) by gender, summing to ``total``
    (those who answered); answers left out of the question get their own row."""
    rows: list[Row] = []
    parts = []
    blank = {g for (g, v) in counts if v is None and counts[(g, v)]}
    # An answer off the scale (given under an older version of the definition) gets a
    # row of its own, so that the rows still add up to those who answered.
    known = {k for k, _ in values}
    extra = sorted({v for (_, v), n in counts.items() if v is not None and n} - known,
                   key=lambda v: (len(v), v))
    values = [*values, *((v, v) for v in extra)]
    for value, label in [*values, *([("", _t(b, "records.no_answer"))] if blank else [])]:
        chosen = value or None
        cells = b.grid.gender_row((*key, value or "none"), _by_gender(
            {g: n for (g, v), n in counts.items() if v == chosen}))
        parts.append(cells)
        rows.append((value or "none", label, cells, False))
    b.grid.sum_rows(total, parts)
    rows.append(("total", _t(b, "records.answered"), total, True))
    b.grid.table("_".join(("records", *key[1:])), title, b.gender_columns(), rows, "persons",
                 SECTION, note)


def _survey(b: Build, task: TaskSpec) -> Row:
    groups = [g for g in b.counts.records.surveys if g[0] == task.id]
    done, missing = _answers(b, task, [(g, gave, n) for _, g, gave, _, n in groups])
    answered, _, rate = _response(b, task, done, missing,
                                  ("records.answered", "records.not_answered"))
    scales = [q for q in task.questions if q.answer == "scale"]
    if not scales:
        return rate  # yes/no and free text: a purge keeps no answer to count (docs/privacy.md)
    # The sum of the scale answers, which a purge keeps (the answers themselves it does
    # not), so that a past period's report counts the same after a purge as before.
    low = sum(1 if q.min is None else q.min for q in scales)
    high = sum(5 if q.max is None else q.max for q in scales)
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for _, gender, gave, given, n in groups:
        if gave:
            counts[(gender, given[0] if given else None)] += n
    values = [(str(v), _t(b, "records.lowest", value=v) if v == low else
               _t(b, "records.highest", value=v) if v == high else str(v))
              for v in range(low, high + 1)]
    _distribution(b, ("records", task.id, "score"),
                  _t(b, "records.score_title", task=task.name),
                  _t(b, "records.score_note", questions=len(scales)), values, counts, answered)
    return rate


def _assessment(b: Build, task: TaskSpec) -> Row:
    groups = [g for g in b.counts.records.assessments if g[0] == task.id]
    done, missing = _answers(b, task, [(g, gave, n) for _, g, gave, _, n in groups])
    answered, _, rate = _response(b, task, done, missing,
                                  ("records.assessed", "records.not_assessed"))
    scale = b.spec.activity_capacity_scale
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for _, gender, assessed, value, n in groups:
        if assessed:
            counts[(gender, None if value is None else str(value))] += n
    low, high = (scale.min, scale.max) if scale else (1, 5)
    labels = dict(scale.labels) if scale else {}
    values = [(str(v), f"{v} – {labels[v]}" if v in labels else str(v))
              for v in range(low, high + 1)]
    _distribution(b, ("records", task.id, "capacity"),
                  _t(b, "records.assessment_title", task=task.name),
                  _t(b, "records.assessment_note"), values, counts, answered)
    return rate


def _sub_outcomes(b: Build) -> None:
    """Exits of each outcome with sub-outcomes, by sub-outcome (003's (a)–(c))."""
    rows: list[Row] = []
    for outcome in b.spec.outcomes:
        if not outcome.sub_outcomes:
            continue
        total = b.row(("exits", outcome.id),
                      lambda g, o=outcome.id: g.exited and g.outcome == o)  # type: ignore[misc]
        known = [s for s, _ in outcome.sub_outcomes]
        parts = []
        for sub, name in outcome.sub_outcomes:
            cells = b.row(("records", "sub_outcome", outcome.id, sub),
                          lambda g, o=outcome.id, s=sub: (  # type: ignore[misc]
                              g.exited and g.outcome == o and g.sub_outcome == s))
            parts.append(cells)
            rows.append((f"{outcome.id}:{sub}", f"{outcome.name}: {name}", cells, False))
        unknown = b.row(("records", "sub_outcome", outcome.id, ""),
                        lambda g, o=outcome.id, k=known: (  # type: ignore[misc]
                            g.exited and g.outcome == o and g.sub_outcome not in k))
        if b.grid.values[unknown[-1].key]:
            parts.append(unknown)
            rows.append((f"{outcome.id}:none",
                         _t(b, "records.sub_outcome_missing", outcome=outcome.name),
                         unknown, False))
        b.grid.sum_rows(total, parts)
        rows.append((outcome.id, outcome.name, total, True))
    if rows:
        b.grid.table("records_sub_outcomes", _t(b, "records.sub_outcomes_title"),
                     b.gender_columns(), rows, "persons", SECTION,
                     _t(b, "records.sub_outcomes_note"))


def _active_by(b: Build, key: str, title: str, names: dict[str, str],
               count: Callable[[str], dict[str, int]], present: set[str]) -> None:
    """Persons active in the period by one attribute, summing to those active."""
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    values = list(names) + ([""] if present - set(names) else [])
    rows: list[Row] = []
    parts = []
    for value in values:
        cells = b.grid.gender_row(("records", key, value), count(value))
        parts.append(cells)
        rows.append((value or "none", names.get(value) or _t(b, "records.none"), cells, False))
    b.grid.sum_rows(during, parts)
    rows.append(("total", b.t("flow.during"), during, True))
    b.grid.table(f"records_{key}", title, b.gender_columns(), rows, "persons", SECTION,
                 _t(b, "records.attribute_note"))


def _tracks(b: Build) -> None:
    if not b.spec.tracks:
        return
    names = dict(b.spec.tracks)

    def count(track: str) -> dict[str, int]:
        return b.cases_by_gender(lambda g: (g.at_start or g.enrolled)
                                 and ((g.track or "") == track if track in names
                                      else g.track not in names))

    present = {g.track or "" for g in b.counts.cases if g.at_start or g.enrolled}
    _active_by(b, "track", _t(b, "records.tracks_title"), names, count, present)


def _attribute(b: Build, attribute: str, names: dict[str, str]) -> None:
    groups = [g for g in b.counts.records.attributes if g[0] == attribute]

    def count(value: str) -> dict[str, int]:
        return _by_gender({
            gender: sum(n for _, g2, v, n in groups if g2 == gender
                        and ((v or "") == value if value in names else v not in names))
            for gender in {g for _, g, _, _ in groups}})

    present = {v or "" for _, _, v, _ in groups}
    _active_by(b, attribute, _t(b, f"records.{attribute}_title"), names, count, present)
