"""Small-count suppression: primary cells of 1..threshold-1 persons, and secondary cells
so that no suppressed value can be worked out from the published cells and totals.

The method is cell suppression as statistics agencies describe it (docs/reports.md
cites the handbook): a count of 1 to ``threshold - 1`` persons is *primary* suppressed;
then, because a published row or column total would give a single hidden cell back by
subtraction, further cells are *secondarily* suppressed until no hidden value follows
from the published ones.

The cells of a report are variables; each table adds linear relations between them
(a row's genders add up to its total, outcomes add up to all exits, the participants
at the end are those at the start plus those admitted minus those who left, and a
number that appears in two tables is one variable).  A hidden cell can be worked out
exactly when the relations, with every published value put in, fix it: when its unit
vector lies in the row space of the relations restricted to the hidden cells.  That is
checked by Gauss–Jordan elimination modulo a large prime (:func:`recoverable` says why
that is exact here), so a value recoverable through a chain of subtractions over
several tables is caught as well as a single one.

Secondary cells are chosen one at a time among the cells that share a relation with a
recoverable one, preferring cells that are not totals, not zero (a hidden zero would
be guessed from the rule itself) and small (the least information lost).  The reduced
form is kept as cells are hidden (:class:`~engine.reports.recovery.Hiding`): each added
cell is one column of elimination, not a new elimination of every relation.

Chosen one at a time, secondary cells overshoot: a small "annat/uppgift saknas" column
once hid nearly every cell of a 58-person annual report.  So a second pass gives back
every secondary cell that is not needed (totals first, then the largest): a cell is
shown again, together with whatever hidden secondary cells then follow from the
published ones (showing a value that can be worked out reveals nothing), whenever no
primary cell becomes recoverable (:func:`needed` is that test for one cell).  The pass
keeps a basis of the ways the hidden cells can change together with every relation
still true (:class:`~engine.reports.recovery.Freedom`); showing a cell is one
elimination step on that basis, so the pass is cheap on any part.  The result is as
safe as the first pass and never hides more.

One greedy order can still hide a whole column of men behind a small third gender
column (issue 22), so several orders are run, each one cell at a time and also with a
companion for every workable cell per round (fewer rounds, more overshoot, which the
release gives back; on the example reports it often loses less), and the result that
loses least is kept: the fewest persons in the figures targets rest on, then in women's
and men's cells, then in all (:func:`_lost`).  The plain order one cell at a time is
the first of them, so nothing gets worse.  A part of more than ``_LARGE_PART``
relations runs only the rounds with companions, which bounds the number of rounds (a
START report's 572 relations once took minutes; issue 22); it is released as any other
part, so it too hides no cell that protects nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from engine.errors import InputError
from engine.inputs.numbers import number_setting, shown
from engine.reports.recovery import Freedom, Hiding, Key, Relation, needed, recoverable

#: Cells of 1..DEFAULT_THRESHOLD-1 persons are suppressed ("<5") unless the
#: installation sets another threshold in this environment variable.
DEFAULT_THRESHOLD = 5
THRESHOLD_VARIABLE = "STEGVIS_REPORT_THRESHOLD"

__all__ = ["DEFAULT_THRESHOLD", "THRESHOLD_VARIABLE", "Key", "Relation", "needed", "primary",
           "recoverable", "suppress", "threshold_from_environment"]


def threshold_from_environment(environ: Mapping[str, str] | None = None) -> int:
    """The installation's threshold ($STEGVIS_REPORT_THRESHOLD, else 5); InputError if bad."""
    environ = os.environ if environ is None else environ
    try:
        return number_setting(THRESHOLD_VARIABLE, DEFAULT_THRESHOLD, low=1, high=100,
                              environ=environ)
    except InputError:
        raise InputError(f"{THRESHOLD_VARIABLE}={shown(environ[THRESHOLD_VARIABLE].strip())} "
                         "is not a threshold; give a whole number of persons from 1 to 100 "
                         "(1 turns suppression off)") from None


def primary(values: Mapping[Key, int], threshold: int,
            protected: Iterable[Key] | None = None) -> set[Key]:
    """Cells of 1..threshold-1 (among ``protected``, default all)."""
    keys = values.keys() if protected is None else protected
    return {k for k in keys if 0 < values[k] < threshold}


def suppress(values: Mapping[Key, int], relations: Sequence[Relation], threshold: int, *,
             protected: Iterable[Key] | None = None,
             totals: Iterable[Key] = (),
             kept: Iterable[Key] = (),
             essential: Iterable[Key] = ()) -> dict[Key, Literal["primary", "secondary"]]:
    """Which cells to hide and why (``primary`` or ``secondary``).

    ``protected``: the cells that count persons (default all); only they are primary
    suppressed, but any cell may be hidden as a secondary one.  ``totals``: cells that
    are sums of others, hidden as secondary cells only when nothing else will do (a
    total is often the same number in several tables).  ``kept``: cells of the large
    categories a reader must see (women and men, issue 22): hidden as secondary cells
    only when neither a small category's cell nor a total will do, and the first to be
    shown again.  ``essential``: cells a decision rests on (the numerators and
    denominators of the targets), hidden last of all.

    Several greedy orders are tried, each made safe by the same exact check; the result
    that hides the fewest essential persons, then the fewest women and men, then the
    fewest persons in all (the least information lost) is returned.
    """
    first = primary(values, threshold, protected)
    hidden: dict[Key, Literal["primary", "secondary"]] = dict.fromkeys(first, "primary")
    # Cells no relation ties together cannot protect each other: each connected part
    # of the relations is suppressed on its own (the same cells, found faster, and the
    # least loss chosen per part rather than for all at once).
    for part_relations, part_keys in _parts(relations):
        part_first = first & part_keys
        if part_first:
            hidden |= _suppress_part(values, part_relations, part_first, set(totals),
                                     set(kept) & part_keys, set(essential) & part_keys)
    return hidden


def _parts(relations: Sequence[Relation]) -> list[tuple[list[Relation], set[Key]]]:
    """The relations grouped by the cells they share (connected parts)."""
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    relations = [r for r in relations if r]
    for relation in relations:
        keys = iter(relation)
        root = find(next(keys))
        for key in keys:
            other = find(key)
            if other != root:
                parent[other] = root
    grouped: dict[Key, tuple[list[Relation], set[Key]]] = {}
    for relation in relations:
        part = grouped.setdefault(find(next(iter(relation))), ([], set()))
        part[0].append(relation)
        part[1].update(relation)
    return list(grouped.values())


def _suppress_part(values: Mapping[Key, int], relations: Sequence[Relation], first: set[Key],
                   total_set: set[Key], kept: set[Key],
                   essential: set[Key]) -> dict[Key, Literal["primary", "secondary"]]:
    """:func:`suppress` over one connected part of the relations."""
    kept_set = kept - first
    key_set = essential - first
    related: dict[Key, list[int]] = {}
    for index, relation in enumerate(relations):
        for key in relation:
            related.setdefault(key, []).append(index)
    # Greedy choices overshoot in different ways (one hides a whole column of men
    # behind a small third gender column, another a chain of totals); each is made
    # safe by the same exact check, and the one that loses least is published.
    Rank = Callable[[Key], tuple[object, ...]]
    today: Rank = lambda k: (k in total_set, values[k] == 0, values[k], repr(k))  # noqa: E731
    orders: list[tuple[Rank, Rank]] = [(today, lambda k: (k not in total_set, -values[k],
                                                          repr(k)))]
    if kept_set or key_set:
        shown_first: Rank = lambda k: (k not in total_set, k not in kept_set,  # noqa: E731
                                       -values[k], repr(k))
        orders += [
            (lambda k: (k in key_set, k in total_set, values[k] == 0, values[k], repr(k)),
             shown_first),
            (lambda k: (k in key_set, k in total_set, k in kept_set, values[k] == 0,
                        values[k], repr(k)), shown_first),
            (lambda k: (k in key_set, k in kept_set, k in total_set, values[k] == 0,
                        values[k], repr(k)), shown_first),
        ]
    best: set[Key] | None = None
    large = len(relations) > _LARGE_PART
    for rank, give_back, batch in [(rank, give_back, batch) for rank, give_back in orders
                                   for batch in ((True,) if large else (False, True))]:
        hidden = _choose(relations, related, first, rank, batch=batch)
        hidden = release(relations, hidden, first, sorted(hidden - first, key=give_back))
        if best is None or _lost(hidden - first, values, kept_set, key_set) < _lost(
                best - first, values, kept_set, key_set):
            best = hidden
        if _lost(best - first, values, kept_set, key_set)[:2] == (0, 0):
            break  # no target figure, no woman's or man's cell hidden: nothing to win
    assert best is not None
    return {k: ("primary" if k in first else "secondary") for k in best}


#: Relations in one connected part beyond which the orders choose only with a companion
#: for every workable cell per round: one round per cell is many rounds there (a START
#: report's 572 relations once took minutes; issue 22).  Released like any part.
_LARGE_PART = 250


def _lost(secondary: set[Key], values: Mapping[Key, int], kept: set[Key],
          essential: set[Key]) -> tuple[int, int, int, int]:
    """What hiding ``secondary`` costs a reader: the persons a target rests on first,
    then those in the women's and men's cells (issue 22: both must stay visible), then
    all persons hidden, then the number of cells."""
    return (sum(values[k] for k in secondary & essential),
            sum(values[k] for k in secondary & kept), sum(values[k] for k in secondary),
            len(secondary))


def _choose(relations: Sequence[Relation], related: Mapping[Key, list[int]], first: set[Key],
            rank: Callable[[Key], tuple[object, ...]], batch: bool = False) -> set[Key]:
    """Hide cells one at a time, the lowest ``rank`` among the nearest, until no hidden
    cell can be worked out.  ``batch``: a companion for every cell that can be worked
    out in each round (fewer rounds, more hidden before the release)."""
    hiding = Hiding(relations, related)
    for cell in sorted(first, key=repr):
        hiding.hide(cell)
    while True:
        found = hiding.recoverable()
        if not found:
            return hiding.hidden
        added = False
        for cell in sorted(found, key=repr) if batch else [min(found, key=repr)]:
            near = _nearest_shown(cell, relations, related, hiding.hidden)
            if near:
                hiding.hide(min(near, key=rank))
                added = True
        if not added:
            return hiding.hidden


def release(relations: Sequence[Relation], hidden: set[Key], first: set[Key],
            order: Sequence[Key]) -> set[Key]:
    """Show again the secondary cells of ``hidden`` that protect nothing, in ``order``.

    Showing a cell can make other hidden cells recoverable; if they are all secondary,
    they are shown with it (their values follow from what is published anyway).  The
    cell stays hidden if a primary cell would follow (:func:`needed` says the same of
    one cell).  ``hidden`` must leave no cell recoverable; so does the result.
    """
    freedom = Freedom(relations, hidden)
    for cell in order:
        if cell in freedom.hidden:
            freedom.show(cell, first)
    return set(freedom.hidden)


def _nearest_shown(cell: Key, relations: Sequence[Relation], related: Mapping[Key, list[int]],
                   hidden: set[Key]) -> set[Key]:
    """The shown cells closest to ``cell`` through the relations (breadth first).

    A cell can follow from relations whose other cells are all hidden already (the
    total of a column of totals); then the cells one relation further away are the ones
    that can still protect it.
    """
    seen, frontier = {cell}, {cell}
    while frontier:
        reached = {k for c in frontier for i in related.get(c, ()) for k in relations[i]} - seen
        shown = reached - hidden
        if shown:
            return shown
        seen |= reached
        frontier = reached
    return set()
