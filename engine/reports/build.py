"""What the sections of a report share while it is built: the definition, the counts,
the grid of variables, and a few numbers several sections use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from engine.definitions.spec import ProgrammeSpec
from engine.reports.counts import CaseGroup, ProgrammeCounts
from engine.reports.grid import Grid, Ref, Var
from engine.reports.model import GENDER_COLUMNS, Column, Period
from engine.reports.texts import Lang, label
from engine.reports.wording import participants_called

Row = tuple[str, str, Sequence[Ref], bool]


def gender_column(stored: str) -> str:
    """The report column of a stored gender: annat and uppgift_saknas share one."""
    return stored if stored in ("kvinna", "man") else "annat_uppgift_saknas"


def groups_by_gender(groups: Iterable[CaseGroup], keep: Callable[[CaseGroup], bool]
                     ) -> dict[str, int]:
    """The cases of the groups ``keep`` takes, counted by gender column."""
    out: dict[str, int] = defaultdict(int)
    for group in groups:
        if keep(group):
            out[gender_column(group.gender)] += group.count
    return out


@dataclass
class Build:
    """What the sections share while a report is built."""

    spec: ProgrammeSpec
    counts: ProgrammeCounts
    period: Period
    as_of: date
    lang: Lang
    threshold: int
    older: tuple[ProgrammeSpec, ...] = ()
    grid: Grid = field(default_factory=Grid)
    #: Sentences for the report's notes that a section has to say once.
    notes: list[str] = field(default_factory=list)

    def t(self, key: str, **values: object) -> str:
        """A label in the report's language, in the programme's word for participants."""
        return participants_called(label(self.lang, key, **values),
                                   self.spec.participants_called, self.lang)

    def gender_columns(self) -> tuple[Column, ...]:
        """Kvinnor, Män, Annat/uppgift saknas, Totalt."""
        return tuple(Column(g, self.t(f"gender.{g}")) for g in GENDER_COLUMNS)

    def cases_by_gender(self, keep: Callable[[CaseGroup], bool]) -> dict[str, int]:
        """Cases counted by gender column."""
        return groups_by_gender(self.counts.cases, keep)

    def row(self, key: object, keep: Callable[[CaseGroup], bool]) -> tuple[Var, ...]:
        """A gender row of cases."""
        return self.grid.gender_row(key, self.cases_by_gender(keep))

    def flow(self, row: str, column: str = "totalt") -> Var:
        """A variable of the participants table (made by :func:`participants`)."""
        return Var((("flow", row), column))

    def outcome_name(self, outcome: str) -> str:
        """The outcome's name in the newest definition that has it."""
        for spec in (self.spec, *self.older):
            found = next((o for o in spec.outcomes if o.id == outcome), None)
            if found is not None:
                return found.name
        return f"{self.t('outcome.unknown')} ({outcome})"

    def outcome_category(self, outcome: str) -> str:
        """The outcome's category (other when no definition knows it)."""
        for spec in (self.spec, *self.older):
            found = next((o for o in spec.outcomes if o.id == outcome), None)
            if found is not None:
                return found.category
        return "other"

    def completed(self, outcome: str) -> bool:
        """Whether ``outcome`` counts as completing the programme."""
        for spec in (self.spec, *self.older):
            found = next((o for o in spec.outcomes if o.id == outcome), None)
            if found is not None:
                return found.completed
        return False

    def outcomes(self) -> list[str]:
        """The definition's outcomes, then any older ones that exits in the period have."""
        ids = [o.id for o in self.spec.outcomes]
        extra = sorted({g.outcome for g in self.counts.cases
                        if g.exited and g.outcome and g.outcome not in ids})
        return ids + extra


def cumulative(b: Build) -> Var:
    """Cases admitted from the programme's start to the end of the period (in all)."""
    enrolled = b.flow("enrolled")
    if b.counts.admitted_before == 0:
        return enrolled  # the same number: one variable
    return b.grid.count(("cumulative",), b.counts.admitted_before + b.grid.values[enrolled.key])


def completers_total(b: Build) -> Var:
    """Exits with a completing outcome, in all (a sum of outcome cells)."""
    done = [o for o in b.outcomes() if b.completed(o)]
    parts = [Var((("exits", o), "totalt")) for o in done]
    total = b.grid.count(("completers",), sum(b.grid.values[p.key] for p in parts), total=True)
    b.grid.relate(total, parts)
    return total


def completers_by_gender(b: Build) -> tuple[Var, ...]:
    """Exits with a completing outcome by gender column, the last the total (sums of
    the outcome cells of each column)."""
    done = [o for o in b.outcomes() if b.completed(o)]
    total = completers_total(b)
    parts = tuple(b.grid.count(("completers", g), sum(
        b.grid.values[Var((("exits", o), g)).key] for o in done))
        for g in GENDER_COLUMNS[:-1])
    for g, var in zip(GENDER_COLUMNS, (*parts, total), strict=True):
        b.grid.relate(var, [Var((("exits", o), g)) for o in done])
    b.grid.relate(total, list(parts))
    return (*parts, total)
