"""What the meaning checks share: walking the data safely and reporting at a path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.dates.durations import LONGEST, Duration
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, closest, did_you_mean


def items(data: Any, *path: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, mapping) for each mapping in the list at ``path``; skips wrong shapes."""
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                yield (*path, index), item


def get(data: Any, *path: str) -> Any:
    """The value at ``path`` or None when any step is missing or of the wrong shape."""
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def duration(value: Any) -> Duration | None:
    """Parse a duration, or None if it is not one (the schema reports that)."""
    try:
        return Duration.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """(path, text) of every text value in ``data``."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))


class Checker:
    """Collects the problems of one document; ``error``/``warn`` locate them."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.problems: list[Problem] = []

    def durations_bounded(self) -> None:
        """Every duration in the document at most :data:`LONGEST` (100 years): read
        wherever it stands, so a key added tomorrow is bounded too."""
        for path, text in strings(self.data):
            found = duration(text)
            if found is not None and found.too_long():
                self.error(path, f"{found} is longer than {LONGEST}, the longest duration "
                                 "Stegvis works with (a due date would reach past year "
                                 "9999); write a shorter one",
                           kind="duration_too_long", length=found, longest=LONGEST)

    def error(self, path: Path, message: str, *, key: bool = False, kind: str,
              **params: object) -> None:
        """An error at ``path``: ``message`` for the command line, ``kind`` and
        ``params`` for the web's sentence in the reader's language."""
        self.problems.append(self.doc.problem(path, message, key=key, kind=kind,
                                              params=params))

    def warn(self, path: Path, message: str, *, kind: str, **params: object) -> None:
        """A warning at ``path`` (see :meth:`error`)."""
        self.problems.append(self.doc.problem(path, message, severity="warning", kind=kind,
                                              params=params))

    def ids(self, what: str, entries: list[tuple[Path, dict[str, Any]]]) -> dict[str, Path]:
        seen: dict[str, Path] = {}
        for path, entry in entries:
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = self.doc.position((*seen[ident], "id"))
                self.error((*path, "id"), f"duplicate {what} id {ident!r}: already used on "
                                          f"line {first.line}",
                           kind="duplicate_id", what=what, id=ident, first_line=first.line)
            else:
                seen[ident] = path
        return seen

    def ref(self, path: Path, value: Any, known: dict[str, Path], what: str, *,
            key: bool = False) -> None:
        """An unknown ``what`` at ``path`` (``key``: the mapping key there) with a
        did-you-mean, else the ids defined."""
        if isinstance(value, str) and value not in known:
            listed = ", ".join(sorted(known)) or "none defined"
            plural = what[:-1] + "ies" if what.endswith("y") else what + "s"  # party
            hint = did_you_mean(value, known) or f"; defined {plural}: {listed}"
            self.error(path, f"unknown {what} {value!r}{hint}", key=key,
                       kind="unknown_reference",
                       what=what, value=value, suggestion=closest(value, known) or "",
                       defined=sorted(known))

    def refs(self, path: Path, values: Any, known: dict[str, Path], what: str) -> None:
        if isinstance(values, list):
            for i, value in enumerate(values):
                self.ref((*path, i), value, known, what)
