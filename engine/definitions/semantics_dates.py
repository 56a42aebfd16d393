"""What the checks of dated parts share: reading dates, the validity, whole years."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, closest, did_you_mean

#: How many years of an open-ended programme the schedule checks look at.
OPEN_ENDED_YEARS_CHECKED = 3


#: Years a definition may use (the schema's date pattern says the same).
YEARS = range(1900, 2200)


def as_date(value: Any) -> date | None:
    """A YYYY-MM-DD string as a date, or None (the schema reports bad dates)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if day.year in YEARS else None
    return None


def as_month_day(value: Any) -> tuple[int, int] | None:
    """An MM-DD string as (month, day), or None if it is not a real day of the year."""
    if isinstance(value, str) and len(value) == 5 and value[2] == "-":
        try:
            month, day = int(value[:2]), int(value[3:])
            date(2024, month, day)  # a leap year, so 02-29 is accepted
            return month, day
        except ValueError:
            return None
    return None


class Cal:
    """Collects the problems of a document's dated parts; knows its validity."""

    def __init__(self, doc: SourceDocument, roles: dict[str, Path]) -> None:
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.roles = roles
        self.problems: list[Problem] = []
        found = self.data.get("valid")
        valid: dict[str, Any] = found if isinstance(found, dict) else {}
        self.valid_from = as_date(valid.get("from"))
        self.valid_to = as_date(valid.get("to"))
        self.open_ended = "to" in valid and valid.get("to") is None

    def error(self, path: Path, message: str, *, kind: str, **params: object) -> None:
        """An error at ``path``: ``message`` for the command line, ``kind`` and
        ``params`` for the web's sentence in the reader's language."""
        self.problems.append(self.doc.problem(path, message, kind=kind, params=params))

    def warn(self, path: Path, message: str, *, kind: str, **params: object) -> None:
        """A warning at ``path`` (see :meth:`error`)."""
        self.problems.append(self.doc.problem(path, message, severity="warning", kind=kind,
                                              params=params))

    def role(self, path: Path, value: Any) -> None:
        if isinstance(value, str) and value not in self.roles:
            hint = did_you_mean(value, self.roles) or (
                f"; defined roles: {', '.join(sorted(self.roles)) or 'none'}")
            self.error(path, f"unknown role {value!r}{hint}", kind="unknown_reference",
                       what="role", value=value, suggestion=closest(value, self.roles) or "",
                       defined=sorted(self.roles))

    def role_list(self, path: Path, values: Any) -> None:
        if isinstance(values, list):
            for i, value in enumerate(values):
                self.role((*path, i), value)

    def inside_validity(self, path: Path, day: date | None, what: str) -> None:
        if day is None or self.valid_from is None:
            return
        if day < self.valid_from or (self.valid_to is not None and day > self.valid_to):
            end = self.valid_to.isoformat() if self.valid_to else "open-ended"
            self.error(path, f"{what} {day.isoformat()} lies outside the programme's validity "
                             f"({self.valid_from.isoformat()} – {end})",
                       kind="outside_validity", what=what, day=day,
                       valid_from=self.valid_from, valid_to=self.valid_to or "")

    def years(self) -> list[int]:
        """Whole calendar years inside the validity (capped for open-ended programmes)."""
        if self.valid_from is None:
            return []
        first = self.valid_from.year if self.valid_from == date(self.valid_from.year, 1, 1) \
            else self.valid_from.year + 1
        if self.valid_to is not None:
            last = self.valid_to.year if self.valid_to == date(self.valid_to.year, 12, 31) \
                else self.valid_to.year - 1
        else:
            last = first + OPEN_ENDED_YEARS_CHECKED - 1
        return list(range(first, last + 1))


def entries(data: Any, *path: str) -> list[tuple[Path, dict[str, Any]]]:
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []
    return [((*path, i), item) for i, item in enumerate(node) if isinstance(item, dict)]
