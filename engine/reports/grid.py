"""The cells of a report as variables with relations, laid out as tables.

A report's tables share numbers (the exits of the participants table are the total of
the exits-by-outcome table), so suppression must see them together: each number is
one variable, a table only points at variables, and the relations say how they add
up.  :meth:`Grid.tables` runs the suppression over everything at once and turns the
layouts into :class:`~engine.reports.model.Table` values.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from engine.reports.model import GENDER_COLUMNS, Cell, Column, Row, Suppression, Table, Unit
from engine.reports.suppression import recoverable, release, suppress

#: The gender columns a reader needs to see above all (women and men; the third column
#: is small in every programme and gives way first).
LARGE_CATEGORIES = GENDER_COLUMNS[:2]
#: The small third gender column (annat and uppgift saknas together).
SMALL_CATEGORY = GENDER_COLUMNS[2]


@dataclass(frozen=True, slots=True)
class Var:
    """A protected count (persons, or events about persons)."""

    key: Hashable


@dataclass(frozen=True, slots=True)
class Share:
    """numerator / denominator, hidden with either of them."""

    numerator: Var | Fixed
    denominator: Var | Fixed


@dataclass(frozen=True, slots=True)
class Stat:
    """A statistic over ``base`` persons (a median): hidden when the base is too small."""

    value: float | None
    base: Var


@dataclass(frozen=True, slots=True)
class Projected:
    """A linear projection Σ coefficient × variable (a prognosis), rounded.

    Hidden whenever one of its variables is: a projection of published numbers says
    nothing new, one of a hidden number would give it away.
    """

    terms: tuple[tuple[Var, float], ...]


@dataclass(frozen=True, slots=True)
class Fixed:
    """A public number that is not about persons (places in the definition, staff)."""

    value: int | float | None


Ref = Var | Share | Stat | Fixed | Projected | None


@dataclass(frozen=True, slots=True)
class Layout:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, str, tuple[Ref, ...], bool], ...]
    unit: Unit
    section: str
    note: str


@dataclass
class Grid:
    """Variables, their relations and the tables that show them."""

    values: dict[Hashable, int] = field(default_factory=dict)
    relations: list[dict[Hashable, int]] = field(default_factory=list)
    totals: set[Hashable] = field(default_factory=set)
    #: cells a decision rests on (targets' numerators and denominators): hidden last
    essential: set[Hashable] = field(default_factory=set)
    layouts: list[Layout] = field(default_factory=list)
    #: cells that give way before the women's and men's cells of the other tables (the
    #: recorded-data section's own cells, issue 22): never kept
    giving_way: set[Hashable] = field(default_factory=set)
    _hidden: dict[Hashable, Suppression] | None = None

    def count(self, key: Hashable, value: int, *, total: bool = False) -> Var:
        """The variable ``key`` (made on first use; the same key is the same number)."""
        if key in self.values and self.values[key] != value:
            raise ValueError(f"{key!r} is {self.values[key]} and {value}")
        self.values[key] = value
        if total:
            self.totals.add(key)
        return Var(key)

    def relate(self, total: Var, parts: Sequence[Var], minus: Sequence[Var] = ()) -> None:
        """total = Σ parts − Σ minus."""
        relation: dict[Hashable, int] = {}
        for var, sign in ((total, 1), *((p, -1) for p in parts), *((m, 1) for m in minus)):
            relation[var.key] = relation.get(var.key, 0) + sign
        relation = {k: c for k, c in relation.items() if c}
        if relation:
            self.relations.append(relation)

    def gender_row(self, key: Hashable, by_gender: Mapping[str, int]) -> tuple[Var, ...]:
        """One variable per gender column, the last their total."""
        parts = [self.count((key, g), by_gender.get(g, 0)) for g in GENDER_COLUMNS[:-1]]
        total = self.count((key, GENDER_COLUMNS[-1]), sum(self.values[p.key] for p in parts),
                           total=True)
        self.relate(total, parts)
        return (*parts, total)

    def sum_rows(self, total: Sequence[Var], rows: Sequence[Sequence[Var]]) -> None:
        """Column by column: the total row is the sum of ``rows``."""
        for column, var in enumerate(total):
            self.totals.add(var.key)
            self.relate(var, [row[column] for row in rows])

    def table(self, key: str, title: str, columns: Sequence[Column],
              rows: Sequence[tuple[str, str, Sequence[Ref], bool]], unit: Unit, section: str,
              note: str = "") -> None:
        """Lay out a table; cells are resolved when :meth:`tables` runs."""
        self.layouts.append(Layout(key, title, tuple(columns),
                                   tuple((k, label, tuple(refs), is_total)
                                         for k, label, refs, is_total in rows),
                                   unit, section, note))

    def hide(self, threshold: int) -> dict[Hashable, Suppression]:
        """Run the suppression over every variable (once).

        Cells that no chain of relations joins cannot be worked out from each other, so
        each connected group of cells is suppressed on its own: the same cells hidden as
        one run over all of them would choose at best, in a fraction of the time (the
        exact check grows faster than the cells; the section of recorded surveys and
        assessments, issue 22, tripled one run over everything).
        """
        if self._hidden is None:
            folded = self.folded(threshold)
            protected = {k for k in self.values if not (folded and _small_category(k))}
            kept = self.kept(threshold)
            hidden: dict[Hashable, Suppression] = {}
            for keys, relations in self._components():
                hidden.update(self._hide_group(keys, relations, threshold, kept, protected))
            self._hidden = hidden
        return self._hidden

    def folded(self, threshold: int) -> bool:
        """Whether the third gender column is too small everywhere to be a column.

        When every cell of "annat/uppgift saknas" in the report is below the threshold,
        protecting it cell by cell hides the men or the totals a target rests on (demo
        REBUS 2025 printed "Män –" beside 30 women and 56 in all; issue 22, finding 2).
        Then the column is not published: those persons are counted in Totalt only, as
        the report's notes say, and the women's and men's cells are no longer hidden to
        protect it.  Its cells stay variables (the totals still add up), unprotected.
        """
        small = [v for k, v in self.values.items() if _small_category(k)]
        return threshold > 1 and any(small) and max(small) < threshold

    def _hide_group(self, keys: set[Hashable], relations: list[dict[Hashable, int]],
                    threshold: int, kept: set[Hashable], protected: set[Hashable]
                    ) -> dict[Hashable, Suppression]:
        """The suppression of one connected group of cells.

        Where cells that give way (:attr:`giving_way`) share totals with the others, and
        protecting them would hide a cell of the others that the others alone show, they
        are hidden whole instead ("–"), if that leaves nothing to work out: the
        participants and exits tables come before the recorded-data section (issue 22).
        """
        def run(cells: set[Hashable], among: list[dict[Hashable, int]]
                ) -> dict[Hashable, Suppression]:
            return dict(suppress({k: self.values[k] for k in cells}, among, threshold,
                                 protected=protected & cells,
                                 totals=self.totals & cells, kept=kept & cells,
                                 essential=self.essential & cells))

        together = run(keys, relations)
        yielding = keys & self.giving_way
        if not yielding:
            return together
        rest = keys - yielding
        alone = run(rest, [r for r in relations if not set(r) & yielding])
        if not (set(together) - yielding) - set(alone):
            return self._give_back(relations, together)
        apart: dict[Hashable, Suppression] = {
            **alone, **{k: together.get(k, "secondary") for k in yielding}}
        for k in yielding:
            if apart[k] == "primary" or self.values[k] == 0:
                continue
            apart[k] = "secondary"
        if recoverable(relations, apart):
            return together
        return self._give_back(relations, apart)

    def _give_back(self, relations: list[dict[Hashable, int]],
                   hidden: dict[Hashable, Suppression]) -> dict[Hashable, Suppression]:
        """``hidden`` with each cell that gives way shown again (the largest first)
        wherever showing it, and whatever then follows from it, gives no primary cell
        away (:func:`suppression.release`).  Hidden whole, the recorded-data section lost
        figures that protected nothing: Hofors's 20 of 25 who answered its survey
        (issue 22, finding 6)."""
        primary = {k for k, why in hidden.items() if why == "primary"}
        order = sorted((k for k, why in hidden.items()
                        if why == "secondary" and k in self.giving_way),
                       key=lambda k: -self.values[k])
        kept = release(relations, set(hidden), primary, order)
        return {k: why for k, why in hidden.items() if k in kept}

    def _components(self) -> list[tuple[set[Hashable], list[dict[Hashable, int]]]]:
        """The variables in groups joined by relations, each with its relations."""
        parent: dict[Hashable, Hashable] = {k: k for k in self.values}

        def root(key: Hashable) -> Hashable:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for relation in self.relations:
            first, *rest = relation
            for key in rest:
                a, b = root(first), root(key)
                if a != b:
                    parent[b] = a
        groups: dict[Hashable, tuple[set[Hashable], list[dict[Hashable, int]]]] = {}
        for key in self.values:
            groups.setdefault(root(key), (set(), []))[0].add(key)
        for relation in self.relations:
            groups[root(next(iter(relation)))][1].append(relation)
        return list(groups.values())

    def kept(self, threshold: int) -> set[Hashable]:
        """The women's and men's cells that are not small: shown whenever a cell of the
        small third column or a total can protect instead (issue 22: the Finsam
        follow-up is typed in by women and men, and a board reads them)."""
        return {k for k, v in self.values.items()
                if v >= threshold and isinstance(k, tuple) and len(k) == 2
                and k[1] in LARGE_CATEGORIES and not _derived(k)
                and k not in self.giving_way}

    def cell(self, ref: Ref, threshold: int) -> Cell:
        """The published cell of a reference."""
        hidden = self.hide(threshold)
        if ref is None:
            return Cell(None, "none")
        if isinstance(ref, Fixed):
            return Cell(ref.value, None if ref.value is not None else "none")
        if isinstance(ref, Var):
            reason = hidden.get(ref.key)
            return Cell(None, reason) if reason else Cell(self.values[ref.key])
        if isinstance(ref, Projected):
            for var, _ in ref.terms:
                if var.key in hidden:
                    return Cell(None, "secondary" if hidden[var.key] == "primary"
                                else hidden[var.key])
            return Cell(round(sum(self.values[v.key] * k for v, k in ref.terms)))
        if isinstance(ref, Stat):
            if ref.value is None or self.values[ref.base.key] == 0:
                return Cell(None, "none")
            if hidden.get(ref.base.key) == "primary":
                return Cell(None, "denominator")
            return Cell(ref.value)
        numerator, denominator = self._value(ref.numerator), self._value(ref.denominator)
        if isinstance(ref.numerator, Var) and ref.numerator.key in hidden:
            return Cell(None, hidden[ref.numerator.key])
        if isinstance(ref.denominator, Var) and ref.denominator.key in hidden:
            return Cell(None, "denominator")
        if numerator is None or not denominator:
            return Cell(None, "none")
        return Cell(numerator / denominator)

    def _value(self, ref: Var | Fixed) -> int | float | None:
        return self.values[ref.key] if isinstance(ref, Var) else ref.value

    def tables(self, threshold: int) -> tuple[Table, ...]:
        """Every laid-out table with its cells suppressed (without the third gender
        column when it is folded, :meth:`folded`; the report's notes say so once)."""
        folded = self.folded(threshold)
        out = []
        for layout in self.layouts:
            keep = [i for i, c in enumerate(layout.columns)
                    if not (folded and c.key == SMALL_CATEGORY)]
            out.append(Table(
                key=layout.key, title=layout.title,
                columns=tuple(layout.columns[i] for i in keep),
                rows=tuple(Row(k, label, tuple(self.cell(refs[i], threshold) for i in keep),
                               is_total)
                           for k, label, refs, is_total in layout.rows),
                unit=layout.unit, section=layout.section, note=layout.note))
        return tuple(out)


def _small_category(key: Hashable) -> bool:
    """Whether ``key`` is a cell of the third gender column."""
    return isinstance(key, tuple) and len(key) == 2 and key[1] == SMALL_CATEGORY


#: Variables of a target's denominator split by gender (respondents, the denominator
#: less what it leaves out): the figures of the participants and exits tables they are
#: parts of come first, so these give way before them (issue 22).
DERIVED = ("target_respondents", "target_base")


def _derived(key: tuple[object, ...]) -> bool:
    first = key[0]
    return isinstance(first, tuple) and bool(first) and first[0] in DERIVED
