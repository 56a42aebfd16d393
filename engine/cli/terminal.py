"""What ``stegvis`` prints goes through here: never a raw control character, and a
standard output that cannot be written is one clear line, not a traceback.

A participant key or a name stored before control characters were refused (or typed
as a command's argument and echoed in an error) could hold an escape sequence that
clears the screen or a carriage return that overwrites a line; :func:`printable` shows
each such character as an escape (``\\x1b``).  Line breaks and tabs stay, and so does
the CR of a CRLF (the calendar feed's line ends).  An output that fails (a full disk,
``/dev/full``, a closed descriptor) raises :class:`OutputError`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from engine.errors import StegvisError

#: Control and invisible format characters, except line break, tab and a CR before LF.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff]|\r(?!\n)")


class OutputError(StegvisError):
    """Standard output (or error) cannot be written."""


def printable(text: str) -> str:
    """``text`` with every unsafe character shown as its escape (see module doc)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class _Guarded:
    """A text stream whose writes are made printable and whose failures are OutputErrors."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream, self._name = stream, name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(printable(text))
        except BrokenPipeError:
            raise  # `stegvis tasks | head`: the reader has what it wanted
        except (OSError, ValueError) as exc:  # ValueError: a closed file
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: BaseException) -> OutputError:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return OutputError(f"cannot write to {self._name}: {reason}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Guard standard output and error while a command runs (see module doc)."""
    out, err = sys.stdout, sys.stderr
    if out is None:  # started with stdout closed (`stegvis cases >&-`)
        raise OutputError("standard output is closed; nothing was done")
    sys.stdout = _Guarded(out, "standard output")
    if err is not None:
        sys.stderr = _Guarded(err, "standard error")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def drop_pending_output() -> None:
    """After a failed or broken standard output: point it at the null device, so that
    Python's own flush at exit finds nothing to fail on (and prints no traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
