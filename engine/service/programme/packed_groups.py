"""Several small columns of a GROUP BY packed into one integer, for SQLite.

SQLite sorts every row of a GROUP BY (it has no hash aggregate).  The report's groups
are few (a hundred or so) and the rows many, so nearly every comparison is between two
rows of one group, and a key of eight columns is compared field by field to the last:
at 1,000,000 case-years the sort was five sixths of the case count's second.  The same
values packed into one integer are compared in one step (0.44 s of CPU against 1.27 s
for the eight columns, bench/bench_reports.py).  PostgreSQL hashes its groups and keeps
the plain columns.

Each text column is coded by its place in a list of the values it is known to take
(from the definition): 0 for NULL, 1…n for the values, n + 1 for any other.  A group
with an "other" cannot be unpacked; the caller then counts with the plain columns
(:meth:`Packing.unpack` returns None), so a value the definition no longer names
(an older version's outcome) costs time, never a wrong figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Larger packed keys are not made (SQLite's integers have 64 bits; a leading value
#: such as an age is multiplied by the product of the other ranges).
_MAX_RANGE = 2**40


@dataclass(frozen=True, slots=True)
class Coded:
    """A text column (``sql``: its expression, may be NULL) with the values it may take;
    with ``when``, NULL unless that condition holds."""

    name: str
    sql: str
    values: tuple[str, ...]
    when: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A condition (``sql``), packed as 1 when true, 0 otherwise (NULL too); or, with
    ``nullable``, 0 for NULL, 1 for false, 2 for true (unpacked as None, False, True)."""

    name: str
    sql: str
    nullable: bool = False


Dimension = Coded | Flag


class Packing:
    """A leading whole number (``lead``: SQL, e.g. an age) and ``dimensions``, packed."""

    def __init__(self, lead: str, lead_name: str, dimensions: Sequence[Dimension],
                 prefix: str = "packed") -> None:
        self.lead, self.lead_name = lead, lead_name
        self.dimensions = tuple(dimensions)
        self._prefix = prefix
        self.ranges = tuple(_range(d) for d in self.dimensions)
        self.total = math.prod(self.ranges)

    @property
    def usable(self) -> bool:
        """Whether the key stays well inside 64 bits."""
        return self.total <= _MAX_RANGE

    def sql(self) -> str:
        """The integer expression: lead * total + the dimensions in mixed radix."""
        packed = f"({self.lead})"
        for index, (dimension, size) in enumerate(zip(self.dimensions, self.ranges,
                                                        strict=True)):
            packed = f"({packed} * {size} + {self._code(index, dimension)})"
        return packed

    def params(self) -> dict[str, Any]:
        """The bound values of the coded columns' lists."""
        out: dict[str, Any] = {}
        for index, dimension in enumerate(self.dimensions):
            if isinstance(dimension, Coded):
                for place, value in enumerate(dimension.values):
                    out[f"{self._prefix}_{index}_{place}"] = value
        return out

    def unpack(self, key: int) -> dict[str, Any] | None:
        """The values packed in ``key``; None when a column held a value not listed."""
        values: dict[str, Any] = {}
        rest = int(key)
        for dimension, size in zip(reversed(self.dimensions), reversed(self.ranges),
                                   strict=True):
            rest, code = divmod(rest, size)
            if isinstance(dimension, Flag):
                values[dimension.name] = ((None, False, True)[code] if dimension.nullable
                                          else bool(code))
            elif code == size - 1:
                return None
            else:
                values[dimension.name] = None if code == 0 else dimension.values[code - 1]
        values[self.lead_name] = rest
        return values

    def _code(self, index: int, dimension: Dimension) -> str:
        if isinstance(dimension, Flag):
            if dimension.nullable:  # a comparison: 0, 1 or NULL, evaluated once
                return f"coalesce(({dimension.sql}) + 1, 0)"
            return f"CASE WHEN ({dimension.sql}) THEN 1 ELSE 0 END"
        whens = " ".join(f"WHEN :{self._prefix}_{index}_{place} THEN {place + 1}"
                         for place in range(len(dimension.values)))
        other = len(dimension.values) + 1
        code = (f"CASE {dimension.sql} {whens} ELSE CASE WHEN {dimension.sql} IS NULL "
                f"THEN 0 ELSE {other} END END" if whens else
                f"CASE WHEN {dimension.sql} IS NULL THEN 0 ELSE {other} END")
        return code if dimension.when is None else \
            f"CASE WHEN {dimension.when} THEN {code} ELSE 0 END"


def _range(dimension: Dimension) -> int:
    if isinstance(dimension, Flag):
        return 3 if dimension.nullable else 2
    return len(dimension.values) + 2
