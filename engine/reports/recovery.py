"""What a reader can work out from a report's published cells (the suppression's exact
check, :mod:`engine.reports.suppression`).

The cells are variables and the tables' relations are linear equations between them.
A hidden cell can be worked out exactly when its unit vector lies in the row space of
the relations restricted to the hidden cells.  :func:`recoverable` answers that from
scratch; :class:`Hiding` keeps the answer as cells are hidden one by one and
:class:`Freedom` as they are shown one by one, because the suppression asks it for
every cell it adds or gives back and elimination from scratch each time was nearly all
of its time (issue 22).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

Key = Hashable
#: A relation Σ coefficient × value = 0 over cells.
Relation = Mapping[Key, int]
_C = TypeVar("_C", bound=Hashable)  # a column: a cell's key or its index

#: The prime of the exact check's arithmetic (a Mersenne prime, 2**61 - 1).
_PRIME = (1 << 61) - 1


def recoverable(relations: Sequence[Relation], hidden: Iterable[Key]) -> set[Key]:
    """The hidden cells whose value follows exactly from the relations and the others.

    Gaussian elimination to the reduced row echelon form of the relations restricted
    to the hidden cells: a hidden cell follows when a reduced row holds it alone.  The
    arithmetic is modulo the prime 2**61 - 1, each pivot scaled to 1: whole numbers
    cross-multiplied grew without bound on a report's 600 relations (a START report
    took minutes; issue 22), while the coefficients are -1, 0 and 1, so a rank taken
    modulo so large a prime is the rational one unless the prime divides one of the
    matrix's minors, which for such matrices it does not in practice.  The suppression
    asks this question hundreds of times per report.
    """
    keys, pivots = _reduced(relations, hidden)
    return {keys[lead] for lead, row in pivots.items() if len(row) == 1}


def _reduced(relations: Sequence[Relation], hidden: Iterable[Key]
             ) -> tuple[list[Key], dict[int, dict[int, int]]]:
    """The hidden cells in column order and the reduced row echelon form of the
    relations restricted to them (leading column -> its row, led by a 1)."""
    hidden_set = set(hidden)
    keys = sorted(hidden_set, key=repr)
    if not keys:
        return keys, {}
    order = {k: i for i, k in enumerate(keys)}
    pivots: dict[int, dict[int, int]] = {}
    for relation in relations:
        row = {order[k]: c % _PRIME for k, c in relation.items() if c and k in order}
        while row:
            lead = min(row)
            if lead not in pivots:
                inverse = pow(row[lead], _PRIME - 2, _PRIME)
                pivots[lead] = {c: v * inverse % _PRIME for c, v in row.items()}
                break
            row = _eliminate(row, pivots[lead], lead)
    for lead in sorted(pivots, reverse=True):  # back substitution, last pivot first
        row = pivots[lead]
        for col in sorted(c for c in row if c != lead and c in pivots):
            if row.get(col):
                row = _eliminate(row, pivots[col], col)
        pivots[lead] = row
    return keys, pivots


def _eliminate(row: dict[_C, int], pivot: dict[_C, int], col: _C) -> dict[_C, int]:
    """``row`` with its entry in ``col`` cancelled by ``pivot`` (whose entry there is 1)."""
    return _subtract(row, pivot, row[col])


def _subtract(row: dict[_C, int], pivot: dict[_C, int], factor: int) -> dict[_C, int]:
    """``row - factor × pivot`` modulo the prime, without its zeros."""
    out = dict(row)
    for c, v in pivot.items():
        value = (out.get(c, 0) - factor * v) % _PRIME
        if value:
            out[c] = value
        else:
            out.pop(c, None)
    return out


class Hiding:
    """The relations row-reduced over the hidden cells, kept up to date as cells are
    hidden one by one: what :func:`recoverable` answers, without eliminating every
    relation again for each cell the greedy choice adds (that was nearly all of the
    suppression's time: 1,600 eliminations for a Västerås year).

    Each row is a combination of the relations (its coefficients per relation) and its
    values on the hidden cells.  A pivot row leads in one hidden cell that no other row
    holds; the other rows are zero on every hidden cell.  A hidden cell can be worked
    out exactly when its pivot row holds it alone (as in the reduced form).
    """

    def __init__(self, relations: Sequence[Relation], related: Mapping[Key, list[int]]) -> None:
        self.relations = relations
        self.related = related
        self.hidden: set[Key] = set()
        self.rest: list[dict[int, int]] = [{i: 1} for i in range(len(relations))]
        self.pivots: dict[Key, tuple[dict[int, int], dict[Key, int]]] = {}
        self.alone: set[Key] = set()

    def recoverable(self) -> set[Key]:
        """The hidden cells whose value follows from the published ones."""
        return set(self.alone)

    def _entry(self, combination: dict[int, int], cell: Key) -> int:
        """A row's value on ``cell``."""
        return sum(combination.get(i, 0) * self.relations[i][cell]
                   for i in self.related.get(cell, ())) % _PRIME

    def hide(self, cell: Key) -> None:
        """Hide ``cell``: it becomes a pivot if a row zero on the hidden cells holds it
        (then the published cells fix it), else every pivot row gains its entry."""
        if cell in self.hidden:
            return
        self.hidden.add(cell)
        rest = [(row, self._entry(row, cell)) for row in self.rest]
        holding = [(row, e) for row, e in rest if e]
        leads = [(lead, e) for lead, (row, _) in self.pivots.items()
                 if (e := self._entry(row, cell))]
        if not holding:
            for lead, e in leads:
                row, values = self.pivots[lead]
                self.pivots[lead] = (row, {**values, cell: e})
                self.alone.discard(lead)
            return
        chosen, factor = min(holding, key=lambda t: len(t[0]))
        inverse = pow(factor, _PRIME - 2, _PRIME)
        pivot = {i: v * inverse % _PRIME for i, v in chosen.items()}
        self.rest = [_subtract(row, pivot, e) if e else row
                     for row, e in rest if row is not chosen]
        for lead, e in leads:
            row, values = self.pivots[lead]
            self.pivots[lead] = (_subtract(row, pivot, e), values)
        self.pivots[cell] = (pivot, {cell: 1})
        self.alone.add(cell)


def needed(relations: Sequence[Relation], hidden: Mapping[Key, str], cell: Key) -> bool:
    """Whether showing the hidden ``cell`` would give a primary cell away.

    Shown, ``cell`` may let other hidden cells be worked out; those are shown too
    (they reveal nothing new) until nothing more follows.  The one definition of a
    secondary cell that is needed: the release keeps exactly such cells, and the tests
    check every hidden women's and men's cell against it.
    """
    primary_cells = {k for k, why in hidden.items() if why == "primary"}
    trial = set(hidden) - {cell}
    while found := recoverable(relations, trial):
        if found & primary_cells:
            return True
        trial -= found
    return False


class Freedom:
    """The hidden cells and a basis of the ways their values can change together while
    every relation holds and the published cells stay as they are (the null space of
    the relations restricted to the hidden cells).

    A hidden cell that no basis vector moves can be worked out.  Showing a cell adds
    one condition (it no longer moves): one step of elimination over the basis, where
    asking :func:`recoverable` again would eliminate every relation from scratch for
    each cell tried.  That makes giving back cells cheap enough for a large part (a
    START report's 600 relations; issue 22).
    """

    def __init__(self, relations: Sequence[Relation], hidden: Iterable[Key]) -> None:
        keys, pivots = _reduced(relations, hidden)
        # Each column without a pivot moves freely; the pivot rows say how the leading
        # cells move with it.
        moves: dict[int, dict[int, int]] = {
            c: {c: 1} for c in range(len(keys)) if c not in pivots}
        for lead, row in pivots.items():
            for col, value in row.items():
                if col != lead:
                    moves[col][lead] = -value % _PRIME
        self.hidden = set(keys)
        self.basis = [{keys[c]: v for c, v in move.items()} for move in moves.values()]

    def show(self, cell: Key, keep: set[Key]) -> bool:
        """Show ``cell`` and every hidden cell that then follows, unless one of ``keep``
        would follow; whether it was shown."""
        moving = [v for v in self.basis if cell in v]
        basis = [v for v in self.basis if cell not in v]
        if moving:
            chosen = min(moving, key=len)
            inverse = pow(chosen[cell], _PRIME - 2, _PRIME)
            pivot = {k: v * inverse % _PRIME for k, v in chosen.items()}
            basis += [_eliminate(v, pivot, cell) for v in moving if v is not chosen]
            basis = [v for v in basis if v]
        moved: set[Key] = set().union(*basis)
        follows = self.hidden - moved
        if follows & keep:
            return False
        self.hidden -= follows
        self.basis = basis
        return True
