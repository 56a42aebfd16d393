"""The definition files as the pages see them, checked once per change of the file.

Checking a definition (syntax, schema, meaning) takes tens of milliseconds, too much
for every page view; the result is kept until the file's modification time or size
changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from engine.definitions.loading import check_file, definition_files
from engine.definitions.spec import ProgrammeSpec
from engine.errors import Problem


@dataclass(frozen=True, slots=True)
class Checked:
    """One definition file and what checking it found."""

    path: Path
    spec: ProgrammeSpec | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        """How many of the problems are errors (not warnings)."""
        return sum(p.severity == "error" for p in self.problems)


_cache: dict[Path, tuple[tuple[float, int], Checked]] = {}
_lock = Lock()


def checked_definitions(folder: Path | None = None) -> list[Checked]:
    """Every definition file in ``folder`` (the shipped ones by default), checked."""
    out = []
    for path in definition_files(folder):
        stat = path.stat()
        stamp = (stat.st_mtime, stat.st_size)
        with _lock:
            known = _cache.get(path)
        if known is None or known[0] != stamp:
            spec, problems = check_file(path)
            known = (stamp, Checked(path, spec, tuple(problems)))
            with _lock:
                _cache[path] = known
        out.append(known[1])
    return out


def valid_specs(folder: Path | None = None) -> dict[str, ProgrammeSpec]:
    """Programme id → spec, of every definition that is valid."""
    return {c.spec.id: c.spec for c in checked_definitions(folder) if c.spec is not None}
