"""Bad input gets one line and exit 1 (2 for bad usage), never a traceback or a hang.

One test per class of input that once gave a traceback, a hang or an out-of-memory
kill; then a property test that drives the argument parser of every command with
generated arguments.  In-process through ``engine.cli.program.main`` where the standard
streams can stay; real processes where they are the point (``/dev/full``, a closed
standard output).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from engine.cli.program import _parser, main
from engine.service.shared.context import Context
from engine.store.database import open_database

STEGVIS = str(Path(sys.executable).with_name("stegvis"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of its own, a database in it, and the working folder there."""
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STEGVIS_DATABASE_URL", raising=False)
    monkeypatch.setenv("STEGVIS_USER", "anna")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[int, str, str]:
    """``stegvis argv`` in this process: (exit code, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("")  # `--identity-number -` reads it
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exit_:  # argparse's usage errors (and --help)
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


def refused(code: int, *argv: str) -> str:
    """The one message of a refused command (its last line of standard error)."""
    got, out, err = run(*argv)
    assert got == code, (out, err)
    assert "Traceback" not in err and err.strip(), err
    return err.strip().splitlines()[-1]


ENROL = ["--gender", "kvinna", "--birth-year", "1985", "--municipality", "Hagfors",
         "--coordinator", "anna"]


@pytest.mark.parametrize("argv", [
    ["simulate", "rebus", "--start", "2024-01-01", "--until", "9999-12-31"],
    ["simulate", "vasteras", "--start", "0001-01-01"],
    ["tasks", "--today", "9999-12-31"],
    ["sweep", "--today", "0001-01-01"],
    ["demo", "--date", "9999-12-31"],
])
def test_dates_at_the_edges_of_the_calendar(home: Path, argv: list[str]) -> None:
    assert "is outside the dates Stegvis works with (1900-01-01 to 2199-12-31)" in \
        refused(2, *argv)


@pytest.mark.parametrize("argv", [
    ["case", "show", "99999999999999999999999"],
    ["complete", "18446744073709551616", "task:x"],
    ["tasks", "--limit", "99999999999999999999"],
    ["enrol", "rebus", "P-1", *ENROL[:2], "--birth-year", "9" * 30, *ENROL[4:]],
    ["serve", "--days", "99999999999"],
])
def test_integers_beyond_64_bits(home: Path, argv: list[str]) -> None:
    message = refused(2, *argv)
    assert "too large" in message or "is not an id" in message or "out of range" in message


@pytest.mark.parametrize(("argv", "message"), [
    (["enrol", "", "P-1", *ENROL], "say which programme"),
    (["show", " "], "say which programme"),
    (["simulate", "", "--start", "2024-01-01"], "say which programme"),
    (["enrol", "rebus", "", *ENROL], "the participant key must be 1–64 characters"),
    (["contact", "set", "coordinator", "", "anna@hagfors.example"], "the contact's name is "
                                                                     "empty"),
    (["migrate", ""], "say which programme"),
])
def test_empty_keys_and_programme_names(home: Path, argv: list[str], message: str) -> None:
    assert message in refused(1, *argv)


@pytest.fixture
def odd_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (3 * 1024 * 1024))
    return {"folder": tmp_path, "device": Path("/dev/zero"), "named pipe": fifo, "big": big}


@pytest.mark.parametrize(("kind", "message"), [
    ("folder", "this is a folder, not a definition file"),
    ("device", "this is not a regular file (a device or a named pipe?)"),
    ("named pipe", "this is not a regular file (a device or a named pipe?)"),
    ("big", "the file is 3,145,730 bytes; a definition file may be at most 2,097,152 bytes"),
])
def test_a_definition_file_that_is_none_is_refused_before_it_is_read(
        home: Path, odd_files: dict[str, Path], kind: str, message: str) -> None:
    path = str(odd_files[kind])
    # A real process, with a time limit: reading /dev/zero or a pipe would never end.
    validate = [] if kind == "folder" else [["validate", path]]  # it checks a folder's files
    for argv in (["show", path, "--no-write"], *validate,
                 ["simulate", path, "--start", "2024-01-01"],
                 ["enrol", path, "P-1", *ENROL, "--as", "anna"]):
        done = subprocess.run([STEGVIS, *argv], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "STEGVIS_HOME": str(home / "home")})
        assert done.returncode == 1, (argv, done.stderr)
        assert f"{path}:1:1: {message}" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("target", "reason"), [
    ("folder", "Is a directory"), ("missing/diagram.md", "No such file or directory"),
    # A device is refused before anything is written (a rename would replace it).
    ("/dev/full", "not a regular file (a device or a named pipe?)")])
def test_output_files_that_cannot_be_written(home: Path, target: str, reason: str) -> None:
    (home / "folder").mkdir()
    assert refused(1, "show", "rebus", "--write", target) == \
        f"stegvis: cannot write {target!r}: {reason}"
    assert refused(1, "calendar", "anna", "--output", target) == \
        f"stegvis: cannot write {target!r}: {reason}"


def test_a_full_or_closed_standard_output_is_one_line_and_exit_1(home: Path) -> None:
    env = {**os.environ, "STEGVIS_HOME": str(home / "home")}
    with open("/dev/full", "w") as full:
        done = subprocess.run([STEGVIS, "simulate", "rebus", "--start", "2024-01-01"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                              env=env)
    assert (done.returncode, done.stderr) == (
        1, "stegvis: cannot write to standard output: No space left on device\n")
    done = subprocess.run([STEGVIS, "cases", "--as", "anna"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=60, env=env,
                          preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (
        1, "stegvis: standard output is closed; nothing was done\n")


def test_a_data_folder_that_cannot_be_made(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "a-file").write_text("")
    monkeypatch.setenv("STEGVIS_HOME", str(home / "a-file"))
    assert refused(1, "cases") == (
        f"stegvis: cannot use the data folder '{home / 'a-file'}': it is a file, not a "
        "folder; set STEGVIS_HOME to a folder you can write, or give --database")
    monkeypatch.delenv("STEGVIS_HOME")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "/proc/self")  # a home nobody can write in, not even root
    assert refused(1, "cases").startswith(
        "stegvis: cannot use the data folder '/proc/self/.local/share/stegvis': ")


def test_control_characters_in_stored_keys_and_names_are_never_printed_raw(
        home: Path, clock: MovableClock) -> None:
    url = f"sqlite:///{home / 'stegvis.db'}"
    ctx = Context(open_database(url), clock)
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    with ctx.engine.begin() as connection:  # as stored before such keys were refused
        connection.execute(text("UPDATE participants SET key = 'P-1\x1b[2J\x07'"))
        connection.execute(text("UPDATE cases SET coordinator = 'anna\r\u202eevil'"))
    ctx.engine.dispose()
    for argv in (["cases"], ["case", "show", "1"], ["tasks"]):
        code, out, _ = run(*argv, "--database", url, "--today", "2024-01-31")
        assert code == 0 and "\x1b" not in out and "\x07" not in out
        assert "\u202e" not in out and "\r" not in out
    assert "P-1\\x1b[2J\\x07" in run("cases", "--database", url)[1]
    code, _, err = run("complete", "1", "task:\x1b[31mx", "--database", url)
    assert code == 1 and "\x1b" not in err and "\\x1b" in err


# --- every command, generated arguments ----------------------------------------------------

def _commands() -> dict[str, argparse.ArgumentParser]:
    """Each command's parser, by its words (``case show``, ``extension decide``)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[" ".join(words)] = parser
            return
        for name, child in subs[0].choices.items():
            walk(child, (*words, name))

    walk(_parser(), ())
    return found


COMMANDS = _commands()
#: These start servers (web, serve, feed-serve) or the whole demo: they get their
#: arguments parsed, never run.
PARSED_ONLY = {"serve", "feed-serve", "web", "demo"}
VALUES = ["", " ", "0", "1", "-1", "2", "99999999999999999999999", "2024-01-31", "20240131",
          "0001-01-01", "9999-12-31", "2024-02-30", "rebus", "vasteras", "hofors", "P-1",
          "anna", "task:startenkat", "follow_up:1", "deltagare", "yes", "approve",
          "6 months", "1 month", "coordinator", "role", "anna@hagfors.example", "x=1",
          "19121212-1212", "P-199101011006", "\x1b[2J", "a\nb", "å" * 70, "--", "-", "-x",
          "--json", "--help", "/dev/zero", "folder", ".", "sqlite://", "nonsense://x"]


#: Fitting values by what an argument is (its type, else its name), so that a generated
#: command line often gets past the parser and into the command.
BY_TYPE = {"positive_id": ["1", "2", "3"], "whole_number": ["1", "2", "1985", "-1", "0"],
           "parse_date": ["2024-01-31", "2024-02-20", "2024-03-01", "2024-12-02"],
           "answer": ["valbefinnande=3", "kommentar=bra", "x="], "Path": ["folder", "rebus.yaml"]}
BY_NAME = {"programme": ["rebus", "vasteras", "hofors", "start", "orebro"],
           "participant_key": ["P-2", "P-3", "V-2"], "key": ["task:startenkat",
                                                            "task:handlingsplan"],
           "outcome": ["avbrott", "arbete"], "phase": ["aktivitet", "aktiviteter"],
           "role": ["styrgrupp", "verksamhetsledare"], "coordinator": ["anna", "bo"],
           "municipality": ["Hagfors", "Västerås"], "gender": ["kvinna", "man"],
           "attendees": ["deltagare", "projektmedarbetare"], "length": ["6 months", "2 months"],
           "reason": ["fel"], "text": ["Arbeta"], "survey": ["startenkat"],
           "follow_up": ["efter_6_manader"], "status": ["arbete", "not_reachable"],
           "name": ["anna", "verksamhetsledare"], "email": ["anna@hagfors.example"],
           "actor": ["anna", "bo"], "output": ["feed.ics", "folder", "/dev/full"],
           "write": ["diagram.md", "folder"], "attested": ["utanfor_arbetsmarknaden"],
           "form": ["x"], "type_case": ["x"], "capacity": ["3"]}


def _value(action: argparse.Action) -> st.SearchStrategy[str]:
    """A value for ``action``: mostly a fitting one, sometimes anything at all."""
    kind = getattr(action.type, "__name__", "")
    fitting = (st.sampled_from([str(c) for c in action.choices]) if action.choices
               else st.sampled_from(BY_TYPE.get(kind) or BY_NAME.get(action.dest) or VALUES))
    return st.one_of(*[fitting] * 8, st.sampled_from(VALUES), st.text(max_size=12))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command's words, then a value for each positional and required option, and a
    few optional ones: shaped like a real command line, so most reach the command."""
    words = draw(st.sampled_from(sorted(COMMANDS)))
    parser = COMMANDS[words]
    argv = words.split()
    actions = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    for action in actions:
        if action.option_strings:
            continue
        count = 1 if action.nargs in (None, 1) else draw(st.integers(0, 2))
        argv.extend(draw(_value(action)) for _ in range(count))
    # The database stays the data folder's (with cases in it); its URL is tested above.
    options = [a for a in actions if a.option_strings and a.dest != "database"]
    chosen = [a for a in options if a.required or draw(st.integers(0, 4)) == 0]
    for action in chosen:
        argv.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            argv.append(draw(_value(action)))
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(1, len(argv))), draw(st.sampled_from(VALUES)))
    if words.split()[0] in PARSED_ONLY:
        argv.append("--no-such-option")  # parsed, refused, never started
    return argv


@pytest.fixture
def cases(home: Path, clock: MovableClock) -> Path:
    """A few cases and a contact in the data folder's database, for commands to act on."""
    from engine.service.reminders.delivery import set_contact
    ctx = Context(open_database(), clock)
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    enrol_person(ctx, "vasteras", "V-1", date(2024, 1, 31), municipality="Västerås")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    ctx.engine.dispose()
    return home


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=command_lines())
def test_every_command_answers_generated_arguments_with_0_1_or_2_and_no_traceback(
        cases: Path, argv: list[str]) -> None:
    (cases / "folder").mkdir(exist_ok=True)
    code, _, err = run(*argv)  # the database is the data folder's
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
