"""Loading programme definitions: read, check (syntax, schema, meaning), build the spec.

``check_file`` returns every problem in a file; ``load_programme`` returns a
:class:`~engine.definitions.spec.ProgrammeSpec` or raises :class:`~engine.errors.DefinitionError`
with all of them.  Nothing here raises anything else for bad input.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
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
                                        "(id:, name:, …), not " + type(doc.data).__name__,
                                    kind="not_a_mapping"))
        return None, problems
    meaning = meaning_problems(doc)
    # One mistake, one message: where the meaning check names what is wrong at a place
    # (an unknown meeting, with its did-you-mean), the schema's more general word on the
    # same place (not the pattern of an id) is left out (issue 25).
    named = {(p.line, p.column) for p in meaning if p.severity == "error"}
    problems.extend(p for p in schema_problems(doc) if (p.line, p.column) not in named)
    problems.extend(meaning)
    # Root causes first, in file order; what they probably cause after them.
    problems.sort(key=lambda p: (p.consequence, p.line, p.column))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return build_spec(doc, content_hash(doc)), problems


#: The largest definition file read: the biggest shipped one is about 25 kB, and a
#: file of tens of megabytes took minutes and gigabytes to refuse.
MAX_DEFINITION_BYTES = 2 * 1024 * 1024


def read_definition(path: Path | str) -> bytes:
    """The bytes of a definition file; DefinitionError for anything that is not one.

    The kind and size of the file are checked before it is opened: a folder, a device
    (``/dev/zero`` never ends) or a named pipe (opening it waits for a writer) is
    refused, and so is a file over :data:`MAX_DEFINITION_BYTES`; at most that many
    bytes are ever read, should the file grow meanwhile.
    """
    name = str(path)

    def refused(why: str, kind: str, **params: object) -> DefinitionError:
        return DefinitionError([Problem(name, 1, 1, why, kind=kind,
                                        params=tuple(params.items()))])

    try:
        found = os.stat(path)
    except OSError as exc:
        raise refused(f"cannot read the file: {exc.strerror}", "file_unreadable") from None
    if stat.S_ISDIR(found.st_mode):
        raise refused("this is a folder, not a definition file", "file_is_folder")
    if not stat.S_ISREG(found.st_mode):
        raise refused("this is not a regular file (a device or a named pipe?); give a "
                      "definition file", "file_not_regular")
    if found.st_size > MAX_DEFINITION_BYTES:
        raise refused(f"the file is {found.st_size:,} bytes; a definition file may be at "
                      f"most {MAX_DEFINITION_BYTES:,} bytes", "file_too_large",
                      size=found.st_size, most=MAX_DEFINITION_BYTES)
    try:
        with open(path, "rb") as source:
            raw = source.read(MAX_DEFINITION_BYTES + 1)
    except OSError as exc:
        raise refused(f"cannot read the file: {exc.strerror}", "file_unreadable") from None
    if len(raw) > MAX_DEFINITION_BYTES:
        raise refused(f"the file is over {MAX_DEFINITION_BYTES:,} bytes; a definition file "
                      f"may be at most {MAX_DEFINITION_BYTES:,} bytes", "file_grew_too_large",
                      most=MAX_DEFINITION_BYTES)
    return raw


def check_file(path: Path | str) -> tuple[ProgrammeSpec | None, list[Problem]]:
    """Check one definition file (see :func:`check_source`)."""
    try:
        raw = read_definition(path)
    except DefinitionError as exc:
        return None, list(exc.problems)
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
    if not name.strip():
        raise UnknownProgrammeError("say which programme: an id such as rebus, or a "
                                    "definition file")
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
    try:
        raw = read_definition(path)
    except DefinitionError:
        return None  # not readable as a definition: it declares nothing
    doc, _ = parse_source(raw, str(path))
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
