"""Recorded categories of the section "Registrerade uppgifter": the sub-outcomes of an
exit, tracks, type cases and placement forms (issue 22, finding 6; seeds 002, 003).

Categories too small to show are folded into one "Övriga" row, as statistics offices
do, instead of hiding the large ones beside them to protect the small: a category of
fewer persons than the threshold goes into "Övriga", and while "Övriga" itself is
small the smallest shown category joins it.  The note names what "Övriga" holds.
The table is split by gender only where no women's or men's cell of it would be small
(:func:`engine.reports.records_cells.splits`); when every category folds, the table is
replaced by one line saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from engine.reports.build import Build, Row
from engine.reports.grid import Var
from engine.reports.model import GENDER_COLUMNS
from engine.reports.records_cells import (
    SECTION,
    by_gender,
    cells,
    columns,
    shared,
    splits,
    t,
)

#: The tables of categories (their reason for being left out is about persons, not
#: respondents).
CATEGORY_TABLES = ("records_sub_outcomes", "records_track", "records_type_case",
                   "records_placement_form")

#: The row key of the folded categories (no category id starts with "_").
OTHERS = "_others"

Category = tuple[str, str, Mapping[str, int]]


def fold(b: Build, categories: Sequence[Category]) -> tuple[list[Category], list[str]]:
    """The categories to show (in their order, "Övriga" last) and the labels of those
    folded into "Övriga"."""
    size = {key: sum(counts.values()) for key, _, counts in categories}
    folded = {key for key, n in size.items() if 0 < n < b.threshold}
    shown = sorted((k for k in size if k not in folded and size[k]), key=lambda k: size[k])
    while folded and sum(size[k] for k in folded) < b.threshold and shown:
        folded.add(shown.pop(0))
    if not folded:
        return list(categories), []
    others: dict[str, int] = {}
    for key, _, counts in categories:
        if key in folded:
            for g, n in counts.items():
                others[g] = others.get(g, 0) + n
    kept = [c for c in categories if c[0] not in folded]
    return ([*kept, (OTHERS, t(b, "records.others"), others)],
            [label for key, label, _ in categories if key in folded])


def _others_note(b: Build, note: str, folded: Sequence[str]) -> str:
    if not folded:
        return note
    names = ", ".join(folded)
    return f"{note} {t(b, 'records.others_note', names=names)}".strip()


def _nothing(shown: Sequence[Category]) -> bool:
    """Whether only "Övriga" (or nothing) has persons: the table would say no more than
    its total."""
    return not any(sum(c.values()) for k, _, c in shown if k != OTHERS)


def _leave_out(b: Build, key: str, title: str) -> None:
    b.grid.table(key, title, (), [], "persons", SECTION, t(b, "records.too_few_persons"))


def sub_outcomes(b: Build) -> None:
    """Exits of each outcome with sub-outcomes, by sub-outcome (003's (a)–(c))."""
    groups: list[tuple[str, str, list[Category]]] = []
    folded_names: list[str] = []
    for outcome in b.spec.outcomes:
        if not outcome.sub_outcomes:
            continue
        known = [s for s, _ in outcome.sub_outcomes]
        found = [(sub, name, b.cases_by_gender(
            lambda g, o=outcome.id, s=sub: g.exited and g.outcome == o  # type: ignore[misc]
            and g.sub_outcome == s)) for sub, name in outcome.sub_outcomes]
        unknown = b.cases_by_gender(lambda g, o=outcome.id, k=known: (  # type: ignore[misc]
            g.exited and g.outcome == o and g.sub_outcome not in k))
        if sum(unknown.values()):
            found.append(("", t(b, "records.sub_outcome_missing"), unknown))
        shown, folded = fold(b, found)
        folded_names += [f"{outcome.name}: {name}" for name in folded]
        groups.append((outcome.id, outcome.name, shown))
    if not groups:
        return
    title = t(b, "records.sub_outcomes_title")
    if all(_nothing(shown) for _, _, shown in groups):
        _leave_out(b, "records_sub_outcomes", title)
        return
    split = splits(b, [c for _, _, shown in groups for _, _, c in shown])
    rows: list[Row] = []
    for outcome_id, name, shown in groups:
        total = shared(b.row(("exits", outcome_id),
                             lambda g, o=outcome_id: g.exited and g.outcome == o),  # type: ignore[misc]
                       split)
        parts = []
        for sub, label, counts in shown:
            row = cells(b, ("records", "sub_outcome", outcome_id, sub), counts, split)
            parts.append(row)
            rows.append((f"{outcome_id}:{sub or 'none'}", f"{name}: {label}", row, False))
        b.grid.sum_rows(total, parts)
        rows.append((outcome_id, name, total, True))
    note = _others_note(b, t(b, "records.sub_outcomes_note"), folded_names)
    b.grid.table("records_sub_outcomes", title, columns(b, split), rows, "persons", SECTION,
                 _split_note(b, note, split))


def _split_note(b: Build, note: str, split: bool) -> str:
    return note if split else f"{note} {t(b, 'records.no_split')}".strip()


def _active_by(b: Build, key: str, title: str, names: dict[str, str],
               count: Callable[[str], dict[str, int]], present: set[str]) -> None:
    """Persons active in the period by one attribute, summing to those active."""
    values = list(names) + ([""] if present - set(names) else [])
    shown, folded = fold(b, [(v, names.get(v) or t(b, "records.none"), count(v))
                             for v in values])
    if _nothing(shown):
        _leave_out(b, f"records_{key}", title)
        return
    split = splits(b, [c for _, _, c in shown])
    during = shared(tuple(b.flow("during", g) for g in GENDER_COLUMNS), split)
    rows: list[Row] = []
    parts: list[Sequence[Var]] = []
    for value, label, counts in shown:
        row = cells(b, ("records", key, value), counts, split)
        parts.append(row)
        rows.append((value or "none", label, row, False))
    b.grid.sum_rows(during, parts)
    rows.append(("total", b.t("flow.during"), during, True))
    folded_labels = [label.lower() if label == t(b, "records.none") else label
                     for label in folded]
    note = _others_note(b, t(b, "records.attribute_note"), folded_labels)
    b.grid.table(f"records_{key}", title, columns(b, split), rows, "persons", SECTION,
                 _split_note(b, note, split))


def tracks(b: Build) -> None:
    """Participants active in the period by track (Västerås's three groups, 003)."""
    if not b.spec.tracks:
        return
    names = dict(b.spec.tracks)

    def count(track: str) -> dict[str, int]:
        return b.cases_by_gender(lambda g: (g.at_start or g.enrolled)
                                 and ((g.track or "") == track if track in names
                                      else g.track not in names))

    present = {g.track or "" for g in b.counts.cases if g.at_start or g.enrolled}
    _active_by(b, "track", t(b, "records.tracks_title"), names, count, present)


def attributes(b: Build, attribute: str, names: dict[str, str]) -> None:
    """Participants active in the period by type case or placement form (002, 000)."""
    groups = [g for g in b.counts.records.attributes if g[0] == attribute]

    def count(value: str) -> dict[str, int]:
        return by_gender({
            gender: sum(n for _, g2, v, n in groups if g2 == gender
                        and ((v or "") == value if value in names else v not in names))
            for gender in {g for _, g, _, _ in groups}})

    present = {v or "" for _, _, v, _ in groups}
    _active_by(b, attribute, t(b, f"records.{attribute}_title"), names, count, present)
