"""A user's file to read or write: one door each, for every command and import.

Reading (:func:`read_user_file`): only a regular file is read.  A folder, a device
(``/dev/zero`` never ends), a named pipe (opening one waits for a writer forever) or a
socket is refused before anything is read; the file is opened without blocking and
checked again on the open descriptor, so nothing swapped in between is read either.
At most ``limit`` bytes are read, should the file grow meanwhile.

Its text (:func:`user_text`): UTF-8, with or without a byte-order mark; UTF-16 and
UTF-32, a binary file (NUL bytes) and lines ending in a bare CR (old Mac) are refused
with a sentence that says how to save the file, never a codec's traceback.

Writing (:func:`write_user_file`): into a new file beside the target, then renamed
over it, so a reader never sees half a file and a failed write leaves the old one.  A
target that exists and is not a regular file (``/dev/full``, a pipe, ``/dev/null``) is
refused: a rename would replace the device itself.

A path that names a setting's folder or a database file is checked by
:func:`path_problem` (a path too long or otherwise unusable).
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from engine.errors import InputError

#: What a user's file may be unless its reader says otherwise (a budget, a report's JSON,
#: a proposal's text): far more than any of them, far less than memory.
DEFAULT_LIMIT = 20 * 1024 * 1024
#: Deeper JSON than this is not a report (and would exhaust the parser's stack).
MAX_JSON_DEPTH = 100
#: More digits than this in one JSON number is not a figure.
MAX_JSON_DIGITS = 30


def _quoted(path: str | Path) -> str:
    return repr(str(path))


def path_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be used at all (too long, a NUL byte), or None."""
    text = str(path)
    if "\x00" in text:
        return "the path contains a NUL character"
    try:
        os.stat(text)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
            return exc.strerror or "unusable"
    except ValueError:
        return "the path is not usable"
    return None


def _kind(mode: int) -> str | None:
    """Why a file of this mode is not read or written as a user's file, or None."""
    if stat.S_ISDIR(mode):
        return "Is a directory"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device or a named pipe?)"
    return None


def read_user_file(path: str | Path, *, what: str = "the file",
                   limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of the user's file at ``path``; InputError naming ``what`` and the path
    for anything that is not a readable regular file of at most ``limit`` bytes."""
    where = f"{what} {_quoted(path)}"
    problem = path_problem(path)
    if problem:
        raise InputError(f"cannot read {where}: {problem}")
    try:
        found = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read {where}: {exc.strerror}") from None
    why = _kind(found.st_mode)
    if why:
        raise InputError(f"cannot read {where}: {why}")
    if found.st_size > limit:
        raise InputError(f"cannot read {where}: it is {found.st_size:,} bytes; at most "
                         f"{limit:,} are read")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise InputError(f"cannot read {where}: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as source:
        why = _kind(os.fstat(descriptor).st_mode)  # swapped since the first look?
        if why:
            raise InputError(f"cannot read {where}: {why}")
        try:
            raw = source.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read {where}: {exc.strerror}") from None
    if len(raw) > limit:
        raise InputError(f"cannot read {where}: it is over {limit:,} bytes; at most "
                         f"{limit:,} are read")
    return raw


def user_text(raw: bytes, *, name: str, fallback: str | None = None) -> str:
    """The text of a user's file: UTF-8 (a byte-order mark is dropped), else
    ``fallback`` (e.g. ``cp1252``, as Swedish Excel saves CSV) when given; InputError
    naming ``name`` for UTF-16/32, a binary file and CR-only line ends."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(f"{name}: the file is UTF-32; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: the file is UTF-16; save it as UTF-8 (in Excel: CSV "
                         "UTF-8)")
    if b"\x00" in raw:
        raise InputError(f"{name}: the file holds NUL bytes: it is not a text file (or is "
                         "UTF-16 without a mark); save it as UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(f"{name}:{line}: the file is not UTF-8 (byte "
                             f"0x{raw[exc.start]:02x}); save it as UTF-8") from None
        text = raw.decode(fallback, errors="replace")
    if "\r" in text and "\n" not in text:
        raise InputError(f"{name}: the lines end with a bare CR (an old Mac format); save the "
                         "file with ordinary line endings")
    return text


def parse_json(text: str | bytes, *, name: str) -> Any:
    """A JSON document from a user's file: nested at most :data:`MAX_JSON_DEPTH` deep,
    numbers of at most :data:`MAX_JSON_DIGITS` digits, and finite (``NaN`` and
    ``Infinity`` are not JSON); InputError naming ``name`` otherwise."""
    def number(digits: str) -> float | int:
        if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
            raise InputError(f"{name}: a number of {len(digits):,} digits is not a figure")
        return int(digits)

    def decimal(digits: str) -> float:
        value = float(digits)
        if len(digits) > MAX_JSON_DIGITS * 2 or not math.isfinite(value):
            raise InputError(f"{name}: {digits[:20]!r} is not a finite number")
        return value

    def constant(word: str) -> None:
        raise InputError(f"{name}: {word} is not a number JSON allows")

    depth = deepest = 0
    in_string = escaped = False
    for character in text if isinstance(text, str) else text.decode("utf-8", "replace"):
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise InputError(f"{name}: lists or objects nest more than "
                                 f"{MAX_JSON_DEPTH} deep; this is not a report")
        elif character in "]}":
            depth -= 1
    try:
        return json.loads(text, parse_int=number, parse_float=decimal,
                          parse_constant=constant)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{name}: not JSON ({str(exc).splitlines()[0][:120]})") from None


def user_folder(path: str | Path) -> Path:
    """The folder a command writes its files into, made (with its parents) if missing;
    InputError saying why not (a file, a device or a pipe in the way, no permission).
    Each file in it is then written through :func:`write_user_file`."""
    target = Path(path)
    where = _quoted(path)
    problem = path_problem(path)
    if problem:
        raise InputError(f"cannot write into {where}: {problem}")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"cannot write into {where}: it is not a folder") from None
    except OSError as exc:
        raise InputError(f"cannot write into {where}: {exc.strerror}") from None
    return target


def write_user_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see module docstring);
    InputError saying why not (a folder, a device, missing, full)."""
    target = Path(path)
    where = _quoted(path)
    problem = path_problem(path)
    if problem:
        raise InputError(f"cannot write {where}: {problem}")
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise InputError(f"cannot write {where}: {exc.strerror}") from None
    if found is not None and _kind(found.st_mode):
        raise InputError(f"cannot write {where}: {_kind(found.st_mode)}")
    folder = target.parent
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                                 suffix=".part")
    except OSError as exc:
        raise InputError(f"cannot write {where}: {exc.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # A file people open: as readable as one the program would make (umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, (found.st_mode & 0o777) if found else 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise InputError(f"cannot write {where}: {exc.strerror or type(exc).__name__}"
                         ) from None

