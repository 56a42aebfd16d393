"""The doors for a whole number, a date and a duration, at every entry point found.

``str.isdigit()`` is true for ``²`` and ``int()`` reads Arabic-Indic digits, so a check
with either let through what the next line could not use.  The command options are
found by walking the argument parsers, the settings by reading the source for
``STEGVIS_*`` names, the durations of a definition by walking the shipped programmes:
an option, a setting or a key added tomorrow is in these tests without anyone adding it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MovableClock
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bad_input import COMMANDS, refused

from engine.dates.bounds import FIRST_DAY, LAST_DAY
from engine.dates.durations import LONGEST, DateOutOfRange, Duration
from engine.definitions.loading import check_source
from engine.errors import InputError, StegvisError
from engine.paths import shipped_dir

ENGINE = Path(__file__).resolve().parents[1] / "engine"
#: What people have typed where a number belongs, and numbers too large for the database.
HOSTILE_NUMBERS = ["²", "١٢", "٣", "１２", "12\u00a0", "1_000", "0x10", "1e3", "1e999", "nan",
                   "inf", "-inf", "99999999999999999999", "9" * 5000, "-99999999999999999999",
                   "+", "-", "", " ", "1.5", "1,5", "⅕", "\x00", "12\u200b"]


def _actions() -> list[tuple[str, argparse.Action]]:
    """(command words, action) for every option and argument with a type, every command."""
    found = []
    for words, parser in COMMANDS.items():
        for action in parser._actions:
            if action.type is not None:
                found.append((f"{words} {'/'.join(action.option_strings) or action.dest}",
                              action))
    return found


ACTIONS = _actions()


def test_no_option_reads_a_number_with_the_builtin_int_or_float() -> None:
    raw = [name for name, action in ACTIONS if action.type in (int, float)]
    assert raw == [], "use engine.cli.options.number_type / seconds (the number door)"


@pytest.mark.parametrize(("name", "action"), ACTIONS, ids=[n for n, _ in ACTIONS])
def test_every_typed_argument_answers_odd_numbers_with_a_value_or_a_usage_error(
        name: str, action: argparse.Action) -> None:
    parse: Callable[[str], Any] = action.type  # type: ignore[assignment]
    for value in HOSTILE_NUMBERS:
        try:
            result = parse(value)
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue  # what argparse turns into "stegvis …: error: …", exit 2
        if isinstance(result, int | float):
            assert abs(result) <= 2**31 - 1 or (isinstance(result, float) and result < 1e8), (
                name, value, result)
            assert result == result  # not NaN


# --- settings -----------------------------------------------------------------------------

def _setting_names() -> set[str]:
    names: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        names.update(re.findall(r"STEGVIS_[A-Z][A-Z_]*[A-Z](?![A-Z_])",
                                path.read_text("utf-8")))
    return names


def _readers(tmp: Path) -> dict[str, Callable[[], object]]:
    """For each setting, a function that reads it as the command that uses it does."""
    from engine.channels.domain import installation_domain
    from engine.channels.mail import SmtpTransport
    from engine.cli.acting import actor
    from engine.cli.logs import log_format
    from engine.cli.serve import prefect_port
    from engine.http.feed import parse_address
    from engine.http.web.settings import WebSettings
    from engine.paths import data_folder, definitions_folder
    from engine.processes import die_with_serve
    from engine.reports.suppression import threshold_from_environment
    from engine.service.programme import archive, report_runs
    from engine.service.reminders import delivery
    from engine.store.database import database_url
    from workflows.heartbeat import heartbeat_seconds

    def web() -> object:
        return WebSettings.from_environment(tmp)

    def smtp() -> object:
        return SmtpTransport.from_environment()

    def address(name: str) -> Callable[[], object]:
        return lambda: parse_address(os.environ.get(name, "127.0.0.1:0"))

    readers: dict[str, Callable[[], object]] = {
        "STEGVIS_REPORT_THRESHOLD": threshold_from_environment,
        "STEGVIS_DELIVERY_LEASE_SECONDS": delivery.lease_seconds,
        "STEGVIS_REPORT_LEASE_SECONDS": report_runs.lease_seconds,
        "STEGVIS_PREFECT_PORT": lambda: prefect_port(os.environ.get("STEGVIS_PREFECT_PORT")),
        "STEGVIS_WEB_ADDRESS": address("STEGVIS_WEB_ADDRESS"),
        "STEGVIS_FEED_ADDRESS": address("STEGVIS_FEED_ADDRESS"),
        "STEGVIS_DATABASE_URL": database_url,
        "STEGVIS_HOME": data_folder,
        "STEGVIS_DEFINITIONS": definitions_folder,
        "STEGVIS_USER": lambda: actor(argparse.Namespace(actor=None)),
        "STEGVIS_LOG_FORMAT": log_format,
        "STEGVIS_ARCHIVE": archive.archive_root,
        "STEGVIS_ARCHIVE_URL": archive.archive_base_url,
        "STEGVIS_DOMAIN": installation_domain,
        "STEGVIS_FEED_BASE_URL": lambda: None,  # read as text and shown as given
        "STEGVIS_HEARTBEAT_SECONDS": heartbeat_seconds,
        # Set by serve for its flow-run processes, read there (never by a person).
        "STEGVIS_SERVE_PID": die_with_serve,
    }
    for name in _setting_names():
        if name.startswith("STEGVIS_WEB_") and name not in readers:
            readers[name] = web
        elif name.startswith(("STEGVIS_SMTP_", "STEGVIS_MAIL_")):
            readers[name] = smtp
    return readers


def test_every_setting_has_a_reader_in_this_test() -> None:
    assert sorted(_setting_names() - set(_readers(Path("/tmp")))) == []


@pytest.mark.parametrize("name", sorted(_setting_names()))
def test_every_setting_answers_odd_values_with_a_value_or_one_line(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.channels.mail import MailError
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STEGVIS_SMTP_HOST", "127.0.0.1")
    read = _readers(tmp_path)[name]
    for value in [*HOSTILE_NUMBERS[:-2], "-1", "0", "65536", "/dev/zero", "x" * 5000]:
        if "\x00" in value:
            continue
        monkeypatch.setenv(name, value)
        with contextlib.suppress(StegvisError, MailError):  # one line; the command ends 1
            read()


# --- dates and durations ------------------------------------------------------------------

@settings(max_examples=500, deadline=None, derandomize=True)
@given(start=st.dates(FIRST_DAY, LAST_DAY),
       amount=st.integers(0, 9999),
       unit=st.sampled_from(["days", "weeks", "months", "years", "working_days"]),
       times=st.integers(1, 60))
def test_date_arithmetic_gives_a_date_or_one_plain_refusal(
        start: date, amount: int, unit: str, times: int) -> None:
    duration = Duration(amount, unit)  # type: ignore[arg-type]
    if unit == "working_days" and amount * times > 20_000:
        return  # counted day by day: slow, and longer than LONGEST anyway
    try:
        assert duration.after(start, times) >= start
        assert duration.before(start) <= start
    except DateOutOfRange as exc:
        assert "past the last date" in str(exc) or "before the first date" in str(exc)
    if not duration.too_long() and times == 1:
        duration.after(start)  # within the bounds, it never fails


def _duration_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every duration in a definition's data."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _duration_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _duration_paths(v, (*path, i))]
    try:
        Duration.parse(data) if isinstance(data, str) else None
    except ValueError:
        return []
    return [path] if isinstance(data, str) else []


SHIPPED = sorted(shipped_dir().glob("*.yaml"))
DURATIONS = [(f, p) for f in SHIPPED
             for p in _duration_paths(yaml.safe_load(f.read_text(encoding="utf-8")))]


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@pytest.mark.parametrize(("file", "path"), DURATIONS,
                         ids=[f"{f.stem}:{'.'.join(map(str, p))}" for f, p in DURATIONS])
def test_every_duration_of_a_definition_is_bounded_where_it_is_read(
        file: Path, path: tuple[Any, ...]) -> None:
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    _set(data, path, "9999 years")
    spec, problems = check_source(yaml.safe_dump(data, allow_unicode=True), file.name)
    assert spec is None
    assert any("longer than 100 years" in p.message for p in problems), problems


def test_an_extension_of_9999_years_is_one_line(home: Path, clock: MovableClock) -> None:
    from case_helpers import enrol_person

    from engine.service.shared.context import Context
    from engine.store.database import open_database
    clock.set_day(date(2024, 2, 1))
    ctx = Context(open_database(), clock)
    case = enrol_person(ctx, "vasteras", "V-1", date(2024, 1, 31),
                        municipality="Västerås").case_id
    ctx.engine.dispose()
    assert "longer than 100 years" in refused(
        1, "extension", "request", str(case), "9999 years", "--reason", "x",
        "--today", "2024-02-01")


def test_the_demo_on_the_last_day_stegvis_works_with(home: Path) -> None:
    import subprocess
    import sys
    done = subprocess.run([str(Path(sys.executable).with_name("stegvis")), "demo", "--date",
                           "2199-12-31"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "STEGVIS_HOME": str(home / "home")})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STEGVIS_DATABASE_URL", raising=False)
    monkeypatch.setenv("STEGVIS_USER", "anna")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_whole_number_door_reads_only_ascii_digits_in_range() -> None:
    from engine.inputs.numbers import whole_number
    assert whole_number(" 12 ", low=1, high=20) == 12
    assert whole_number("12\u00a0", low=1, high=20) == 12  # a space around is no matter
    for value in HOSTILE_NUMBERS:
        if value == "12\u00a0":
            continue
        with pytest.raises(InputError):
            whole_number(value, low=-(2**31), high=2**31 - 1)
    assert Duration(100, "years") == LONGEST


@pytest.mark.parametrize("text", ["2024-W05-1", "2024W051", "2024-02-3 ", "2024-1-31",
                                  "２０２４-０１-３１", "2024-01-31T00", "2024/01/31"])
def test_the_date_door_reads_only_year_month_day(text: str) -> None:
    """``date.fromisoformat`` reads week dates: "2024-W05-1" was taken as 29 January."""
    from engine.dates.bounds import parse_day
    with pytest.raises(InputError, match="is not a date"):
        parse_day(text)
    assert parse_day(" 2024-01-31 ") == parse_day("20240131") == date(2024, 1, 31)
