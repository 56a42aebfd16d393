"""Loading programme definitions: read, check (syntax, schema, meaning), build the spec.

``check_file`` returns every problem in a file; ``load_programme`` returns a
:class:`~engine.definitions.spec.ProgrammeSpec` or raises :class:`~engine.errors.DefinitionError`
with all of them.  Nothing here raises anything else for bad input.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from engine.definitions.schema_check import schema_problems
from engine.definitions.semantics import meaning_problems
from engine.definitions.spec import ProgrammeSpec
from engine.definitions.spec_builder import build_spec
from engine.definitions.yaml_source import SourceDocument, parse_source
from engine.errors import DefinitionError, Problem, UnknownProgrammeError, did_you_mean
from engine.paths import definitions_dir


def check_source(raw: bytes | str, file: str) -> tuple[ProgrammeSpec | None, list[Problem]]:
    """Check one definition's text; the spec is returned only when there is no error."""
    doc, problems = parse_source(raw, file)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "a programme definition must be a mapping of keys "
                                        "(id:, name:, …), not " + type(doc.data).__name__))
        return None, problems
    problems.extend(schema_problems(doc))
    problems.extend(meaning_problems(doc))
    # Root causes first, in file order; what they probably cause after them.
    problems.sort(key=lambda p: (p.consequence, p.line, p.column))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return build_spec(doc, content_hash(doc)), problems


def check_file(path: Path | str) -> tuple[ProgrammeSpec | None, list[Problem]]:
    """Check one definition file (see :func:`check_source`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(str(path), 1, 1, f"cannot read the file: {exc.strerror}")]
    return check_source(raw, str(path))


def content_hash(doc: SourceDocument) -> str:
    """SHA-256 of the definition's content (comments and layout do not count)."""
    canonical = json.dumps(doc.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def definition_files(folder: Path | None = None) -> list[Path]:
    """The shipped definition files, sorted by name."""
    folder = folder or definitions_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def resolve_programme(name: str, folder: Path | None = None) -> Path:
    """A path as given, or the definition file whose programme id or file stem is ``name``."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.exists():
            raise UnknownProgrammeError(f"no definition file at {name!r}")
        return candidate
    files = definition_files(folder)
    for path in files:
        if path.stem == name:
            return path
    for path in files:
        if _declared_id(path) == name:
            return path
    known = sorted({_declared_id(p) or p.stem for p in files})
    hint = did_you_mean(name, known) or f"; known programmes: {', '.join(known)}"
    raise UnknownProgrammeError(f"unknown programme {name!r}{hint}")


def _declared_id(path: Path) -> str | None:
    doc, _ = parse_source(path.read_bytes(), str(path))
    data: Any = doc.data if doc else None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None


def load_programme(name: str | Path, folder: Path | None = None) -> ProgrammeSpec:
    """Load a programme by id, file stem or path; DefinitionError lists every problem."""
    path = resolve_programme(str(name), folder)
    spec, problems = check_file(path)
    if spec is None:
        raise DefinitionError(problems)
    return spec
