"""The door for a user's file, at every command option that reads or writes one.

The options are found by their argument type (``input_file``, ``output_file``,
``output_folder`` in engine/cli/options.py), so an option added tomorrow is tried here
with every odd file: a named pipe (opening one waits for a writer forever), ``/dev/zero``
(never ends), ``/dev/full``, a folder, a file over the limit, UTF-16, CR-only lines,
binary, JSON nested 5,000 deep or with a 5,000-digit number.  Pipes and devices run in a
real process with a time limit and a memory cap, so a hang or an exhausted memory
fails the test instead of the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from test_bad_input import COMMANDS, run

from engine.inputs.files import read_user_file, user_text, write_user_file
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context
from engine.store.database import open_database

STEGVIS = str(Path(sys.executable).with_name("stegvis"))
KINDS = ("input_file", "output_file", "output_folder")


def _file_options(kind: str) -> list[tuple[str, argparse.Action]]:
    return [(words, action) for words, parser in sorted(COMMANDS.items())
            for action in parser._actions if getattr(action.type, "__name__", "") == kind]


INPUTS, OUTPUTS = _file_options("input_file"), [*_file_options("output_file"),
                                                *_file_options("output_folder")]


def _name(words: str, action: argparse.Action) -> str:
    return f"{words} {'/'.join(action.option_strings) or action.dest}"


def test_every_file_option_is_typed_as_a_user_s_file() -> None:
    raw = [_name(words, action) for words, parser in COMMANDS.items()
           for action in parser._actions if action.type is Path]
    # validate and definitions import read definitions through their own reader (the
    # YAML door); init names a folder to make.
    assert sorted(raw) == ["definitions import paths", "init folder", "validate paths"]
    assert len(INPUTS) >= 3 and len(OUTPUTS) >= 6


#: A value for each other required argument, so the command gets to the file.
_FITTING = {"programme": "vasteras", "key": "V-1", "coordinator": "anna", "period": "2019-Q1"}


def _argv(words: str, action: argparse.Action, value: str) -> list[str]:
    """The command ``words`` with ``value`` for ``action`` and a fitting value for every
    other required argument (the same odd file for a second file option)."""
    parser = COMMANDS[words]
    argv = words.split()
    for other in parser._actions:
        if isinstance(other, argparse._HelpAction):
            continue
        given = value if other is action or getattr(other.type, "__name__", "") in KINDS \
            else _FITTING.get(other.dest, "x")
        if not other.option_strings:
            argv.append(given)
        elif other.required or other is action:
            argv += [other.option_strings[0], given]
    return argv


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: MovableClock) -> Path:
    """A data folder with a case (participant V-1, coordinator anna) and a contact."""
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STEGVIS_DATABASE_URL", raising=False)
    monkeypatch.setenv("STEGVIS_USER", "anna")
    monkeypatch.chdir(tmp_path)
    clock.set_day(date(2024, 2, 1))
    ctx = Context(open_database(), clock)
    enrol_person(ctx, "vasteras", "V-1", date(2024, 1, 31), municipality="Västerås")
    set_contact(ctx, "coordinator", "anna", "anna@vasteras.example", actor="admin")
    ctx.engine.dispose()
    return tmp_path


def _odd_files(folder: Path) -> dict[str, Path]:
    files = {"folder": folder / "a-folder", "utf-16": folder / "utf16.csv",
             "cr-only": folder / "mac.csv", "binary": folder / "binary.dat",
             "deep json": folder / "deep.json", "long number": folder / "digits.json",
             "not finite": folder / "nan.json", "huge field": folder / "field.csv",
             "too big": folder / "big.csv", "long name": folder / ("x" * 300)}
    files["folder"].mkdir()
    files["utf-16"].write_bytes("period;budget\n2019-Q1;5\n".encode("utf-16"))
    files["cr-only"].write_bytes(b"period;budget\r2019-Q1;5\r")
    files["binary"].write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    files["deep json"].write_text("[" * 5000 + "]" * 5000)
    files["long number"].write_text('{"programme": ' + "9" * 5000 + "}")
    files["not finite"].write_text('{"programme": NaN, "x": 1e999}')
    files["huge field"].write_text("period;budget\n" + "1" * 200_000 + ";5\n")
    with open(files["too big"], "wb") as big:
        big.truncate(50 * 1024 * 1024)  # sparse: no disk used
    return files


@pytest.mark.parametrize(("words", "action"), INPUTS, ids=[_name(*a) for a in INPUTS])
def test_every_file_a_command_reads_is_refused_in_one_line_when_it_is_no_such_file(
        home: Path, words: str, action: argparse.Action) -> None:
    for kind, path in _odd_files(home).items():
        if kind == "long name":
            path = Path(str(path))
        code, _, err = run(*_argv(words, action, str(path)))
        assert code in (1, 2), (kind, err)
        assert "Traceback" not in err and err.strip(), (kind, err)


def _limited() -> None:
    """A child's memory capped at 1 GiB: reading /dev/zero to the end fails fast."""
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def _process(argv: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([STEGVIS, *argv], capture_output=True, text=True, timeout=60,
                              preexec_fn=_limited, cwd=home,
                              env={**os.environ, "STEGVIS_HOME": str(home / "home"),
                                   "STEGVIS_USER": "anna"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"stegvis {' '.join(argv)} hung")


@pytest.mark.parametrize(("words", "action"), INPUTS, ids=[_name(*a) for a in INPUTS])
def test_a_named_pipe_or_a_device_to_read_is_refused_before_it_is_opened(
        home: Path, words: str, action: argparse.Action) -> None:
    os.mkfifo(home / "pipe")
    for device in (home / "pipe", Path("/dev/zero")):
        done = _process(_argv(words, action, str(device)), home)
        assert done.returncode == 1, done.stderr[-500:]
        assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("words", "action"), OUTPUTS, ids=[_name(*a) for a in OUTPUTS])
def test_a_named_pipe_or_a_device_to_write_is_refused_and_left_as_it_was(
        home: Path, words: str, action: argparse.Action) -> None:
    pipe = home / "pipe"
    os.mkfifo(pipe)
    folder_kind = getattr(action.type, "__name__", "") == "output_folder"
    for target in (pipe, Path("/dev/full")):
        if folder_kind:
            target = target / "report"  # inside something that is no folder
        done = _process(_argv(words, action, str(target)), home)
        assert done.returncode in (1, 2), done.stderr[-500:]
        assert "Traceback" not in done.stderr and done.stderr.strip()
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)  # not replaced by a file
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".pipe")) == []


def test_the_doors_themselves(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_user_file(target, b"one")
    write_user_file(target, b"two")
    assert read_user_file(target) == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no part file left
    assert user_text("é".encode("cp1252"), name="x", fallback="cp1252") == "é"
    assert user_text(b"\xef\xbb\xbfa;b\n", name="x") == "a;b\n"
