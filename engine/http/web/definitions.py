"""The programmes as the pages see them: the versions published in the database, and
the files of the definitions folder that cannot be imported.

Every page reads the running definitions through
:func:`engine.service.shared.published.published_programmes`, the same function every
worker uses, so a version published in one process is the one every page shows next.
Checking a folder file (syntax, schema, meaning) takes tens of milliseconds, too much
for every page view; the result for a broken file is kept until the file's
modification time or size changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from engine.definitions.loading import check_file, definition_files
from engine.definitions.spec import ProgrammeSpec
from engine.errors import Problem
from engine.service.shared.context import Context
from engine.service.shared.published import Published, published_programmes


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


def checked_files(folder: Path | None = None) -> list[Checked]:
    """Every definition file in ``folder`` (the configured one by default), checked."""
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


def running_programmes(ctx: Context) -> list[Published]:
    """Every programme's running (published) definition, by name."""
    return published_programmes(ctx)


def valid_specs(ctx: Context) -> dict[str, ProgrammeSpec]:
    """Programme id → the spec it runs, of every programme."""
    return {p.spec.id: p.spec for p in published_programmes(ctx)}


def broken_files(ctx: Context, published: list[Published]) -> list[Checked]:
    """The folder's files that are no valid definition and name no published programme
    (they can neither run nor be imported until they are fixed)."""
    names = {p.spec.id for p in published}
    return [c for c in checked_files(ctx.definitions)
            if c.spec is None and c.path.stem not in names]
