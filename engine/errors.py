"""Errors that Stegvis shows to people.

Hierarchy::

    StegvisError                 base of every error a user may see
    ├── DefinitionError          a programme definition is not valid; carries Problems
    ├── UnknownProgrammeError    a programme id or path that names no definition
    ├── InputError               bad input to an operation; nothing was changed
    │   ├── NotEligibleError     enrolment refused: every failed criterion and its reason
    │   └── NotFoundError        no case, participant or request with that id
    ├── RefusedError             the definition does not allow it (guard, role, capacity)
    └── ConflictError            someone else changed the case first (optimistic locking)

A :class:`Problem` is one finding in a definition file: where (file, line, column,
path inside the document), what was found and what was expected.  Like a refusal it
carries a ``kind`` with ``params`` besides the command line's English ``message``: the
web pages word each kind in the reader's language (engine.http.web.validation).  The validator
collects every problem in a file before it raises, so an administrator fixes them
all in one pass instead of one per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in a definition file, pointing at a line and column (1-based)."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    severity: Severity = "error"
    #: A problem that another one (an unknown reference) probably causes; printed after
    #: the root causes, and its message names the cause.
    consequence: bool = False
    #: What kind of finding this is, and the values its sentence needs, as (name, value)
    #: pairs: the web words the kind in Swedish or English from these, never from
    #: ``message`` (see engine.http.web.validation).
    kind: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @property
    def values(self) -> dict[str, object]:
        """``params`` as a mapping."""
        return dict(self.params)

    def __str__(self) -> str:
        where = f" (at {self.path})" if self.path else ""
        kind = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.message}{where}"


class StegvisError(Exception):
    """Base class of every error Stegvis reports to a user instead of a traceback.

    The message is the English the command line prints.  ``kind`` (with ``params``)
    names the refusal for a reader in another language: the web pages word each kind
    in Swedish from their own catalogue (engine.http.web.refusals), filling in the
    parameters, instead of translating the English sentence.
    """

    def __init__(self, *args: object, kind: str = "", **params: object) -> None:
        super().__init__(*args)
        self.kind = kind
        self.params = params


class DefinitionError(StegvisError):
    """A programme definition failed to load; ``problems`` lists every error found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        shown = "\n".join(str(p) for p in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(shown + more)


class UnknownProgrammeError(StegvisError):
    """No definition file matches the programme id or path the user gave."""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word`` when one is close enough, else None."""
    match = get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest candidate, or ``""``."""
    match = closest(word, candidates)
    return f"; did you mean {match!r}?" if match else ""


class InputError(StegvisError):
    """Bad input to an operation (impossible date, unknown id, malformed value)."""


class NotFoundError(InputError):
    """No case, participant or request with the given id or key."""


class NotEligibleError(InputError):
    """Enrolment refused; ``failures`` holds (criterion, reason) for each failed one."""

    def __init__(self, programme: str, failures: Sequence[tuple[str, str]]) -> None:
        self.failures = tuple(failures)
        lines = "\n".join(f"  - {criterion}: {reason}" for criterion, reason in self.failures)
        super().__init__(f"not eligible for {programme}:\n{lines}")


class RefusedError(StegvisError):
    """The definition does not allow the operation: a guard, a role or a full programme."""


class ConflictError(StegvisError):
    """The case changed since it was read; reload it and try again."""


class Notice(str):
    """A warning the engine gives with a change it made (a soft quota filled, say): the
    English the command line prints, and like an error a ``kind`` with ``params`` that
    the web words in the reader's language.  It is a string, so it is stored and printed
    as one."""

    kind: str
    params: dict[str, object]

    def __new__(cls, text: str, kind: str, **params: object) -> Notice:
        notice = super().__new__(cls, text)
        notice.kind, notice.params = kind, params
        return notice


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name if it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
