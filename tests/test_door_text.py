"""The door for a text a person typed (engine.inputs.text): a personnummer in any written
form, control characters and length, for every column people type and every command
that takes such a text.

The numbers are generated (a birth date, a serial, its check digit) and written the
ways people write them; the columns are discovered from the tables, so a column added
tomorrow is checked or the classification test below names it.
"""

from __future__ import annotations

import contextlib
import io
import sys
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MovableClock
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

import engine.store.account_tables
import engine.store.delivery_tables
import engine.store.privacy_tables
import engine.store.programme_tables
import engine.store.tables  # noqa: F401  (every table registers itself)
from engine.cli.program import main
from engine.errors import InputError
from engine.inputs.identity_text import (
    contains_identity_number,
    hide_identity_numbers,
    shaped_like_identity_number,
)
from engine.service.programme.budget import (
    PeriodAmounts,
    budget_view,
    record_action_plan,
    record_amounts,
    record_analysis,
)
from engine.service.shared.context import Context
from engine.service.shared.text_checks import NOT_TYPED, TYPED, check_value

_TEXT_TYPES = ("AutoString", "String", "Text", "JSON", "VARCHAR")


def _luhn(nine: str) -> str:
    total = 0
    for i, digit in enumerate(nine):
        n = int(digit) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


@st.composite
def identity_numbers(draw: st.DrawFn, *, right: bool = True) -> str:
    """Twelve digits of a valid personnummer or samordningsnummer (``right``), or of one
    with a wrong check digit."""
    born = draw(st.dates(date(1920, 1, 1), date(2015, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # a samordningsnummer
    serial = f"{draw(st.integers(1, 999)):03d}"  # 000 is never given
    nine = f"{born:%y%m}{day:02d}{serial}"
    check = _luhn(nine)
    if not right:
        check = str((int(check) + draw(st.integers(1, 9))) % 10)
    return f"{born:%Y}"[:2] + nine + check


_DASHES = ["-", "\u2010", "\u2011", "\u2212", "\u2013", "\u2014", "_", ".", "/", " ",
           "\u00a0", " - ", ""]


@st.composite
def written(draw: st.DrawFn, digits: str) -> str:
    """``digits`` written as a person might: with or without the century, separators
    between the date's parts and before and inside the last four, spaced digit by
    digit, in full-width digits."""
    number = digits if draw(st.booleans()) else digits[2:]
    if draw(st.integers(0, 9)) == 0:
        text = " ".join(number)
    else:
        born, last = number[:-4], number[-4:]
        parts = [born[:-4], born[-4:-2], born[-2:]] if draw(st.booleans()) else [born]
        between = draw(st.sampled_from(["", " ", "-", "."]))
        before_last = draw(st.sampled_from(_DASHES))
        inside = draw(st.sampled_from(["", "", " ", "-"]))
        text = between.join(p for p in parts if p) + before_last + last[:2] + inside + last[2:]
    if draw(st.integers(0, 9)) == 0:
        text = "".join(chr(ord(c) + 0xFF10 - 0x30) if c.isdigit() else c for c in text)
    around = draw(st.sampled_from([("", ""), ("P-", ""), ("deltagare ", " ringde"),
                                   ("Anna (", ")")]))
    return around[0] + text + around[1]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_personnummer_is_found_in_every_written_form(data: st.DataObject) -> None:
    digits = data.draw(identity_numbers())
    text = data.draw(written(digits))
    assert contains_identity_number(text), text
    masked = hide_identity_numbers(text)
    normal = "".join(str(unicodedata.decimal(c, c)) for c in masked)
    assert digits[-4:] not in normal.replace(" ", "").replace("-", ""), masked


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_key_shaped_like_a_number_is_refused_whatever_its_check_digit(
        data: st.DataObject) -> None:
    digits = data.draw(identity_numbers(right=data.draw(st.booleans())))
    assert shaped_like_identity_number(data.draw(written(digits)))


@pytest.mark.parametrize("text", ["070-123 45 67", "08-123 456 78", "+46 70 123 45 67",
                                  "2024-01-31", "ärende 4711", "P-00012", "19880101-0018"])
def test_phone_numbers_dates_and_wrong_check_digits_are_not_numbers_in_free_text(
        text: str) -> None:
    assert not contains_identity_number(text)


def _text_columns() -> list[tuple[str, str]]:
    return sorted((table.name, column.name) for table in SQLModel.metadata.tables.values()
                  for column in table.c if type(column.type).__name__ in _TEXT_TYPES)


def test_every_text_column_is_either_typed_or_says_why_nobody_types_it() -> None:
    untyped = {item for columns in NOT_TYPED.values() for item in columns.split()}
    unclassified = [f"{t}.{c}" for t, c in _text_columns()
                    if c not in TYPED.get(t, {}) and f"{t}.{c}" not in untyped]
    assert unclassified == [], ("classify these in engine/service/shared/text_checks.py "
                                "(TYPED or NOT_TYPED)")
    stale = untyped - {f"{t}.{c}" for t, c in _text_columns()}
    assert stale == set()


TYPED_COLUMNS = sorted((t, c) for t, columns in TYPED.items() for c in columns)


@pytest.mark.parametrize(("table", "column"), TYPED_COLUMNS)
@settings(max_examples=15, deadline=None, derandomize=True)
@given(data=st.data())
def test_every_typed_column_refuses_a_personnummer_in_any_form_and_control_characters(
        table: str, column: str, data: st.DataObject) -> None:
    target = SQLModel.metadata.tables[table]
    length = getattr(target.c[column].type, "length", None) or 200
    text = data.draw(written(data.draw(identity_numbers())))
    assume(len(text) <= length)  # a longer one is refused for its length
    value = {"answer": text} if type(target.c[column].type).__name__ == "JSON" else text
    with pytest.raises(InputError) as refused:
        check_value(target, column, value)
    assert refused.value.kind == "text_identity_number"
    control = data.draw(st.sampled_from(["\x1b[2J", "\r\n", "\u202e", "\x00", "\u2028"]))
    with pytest.raises(InputError):
        check_value(target, column, "Anna" + control + "x")


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_user_add_refuses_a_number_or_a_line_break_in_a_name_mail_or_phone(
        tmp_path: Path, data: st.DataObject) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "admin"]
    option = data.draw(st.sampled_from(["--display-name", "--email", "--phone"]))
    digits = data.draw(identity_numbers())
    bad = data.draw(st.one_of(written(digits),
                              st.sampled_from(["Anna\r\nbo  system-admin", "Anna\x1b[31m",
                                               "a\u202eb"])))
    code, _, err = _run("user", "add", "bo", "--role", "coordinator", "--no-password",
                        option, bad, *database)
    assert code == 1 and "Traceback" not in err
    assert digits[-4:] not in err
    code, out, _ = _run("user", "list", *database)
    assert code == 0 and "bo " not in out  # nothing stored, no forged row


def test_a_password_the_sign_in_form_cannot_submit_is_refused(tmp_path: Path) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "admin"]
    code, _, err = _run("user", "add", "bo", "--role", "coordinator", "--password-stdin",
                        *database, stdin="x" * 1025 + "\n")
    assert code == 1 and "longer than 1,024" in err
    code, _, err = _run("user", "add", "bo", "--role", "coordinator", "--password-stdin",
                        *database, stdin="x" * 1024 + "\n")
    assert code == 0, err


def test_causes_with_a_number_are_refused_and_the_action_plan_stays_recordable(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 5))
    record_amounts(ctx, "vasteras", [
        PeriodAmounts("2019-Q2", budget=Decimal(1_000_000), outcome=Decimal(1_150_000))],
        "eva")
    with pytest.raises(InputError, match="the causes contains what looks like a personal"):
        record_analysis(ctx, "vasteras", "2019-Q2", "Deltagare 901224-35 73 kostade mer",
                        action_plan_needed=True, actor="dietmar")
    record_analysis(ctx, "vasteras", "2019-Q2", "Fler deltagare än planerat",
                    action_plan_needed=True, actor="dietmar")
    clock.set_day(date(2019, 7, 5) + timedelta(days=10))
    record_action_plan(ctx, "vasteras", "2019-Q2", "Intagsstopp i augusti", "dietmar")
    assert {o.kind: o.status for o in budget_view(ctx, "vasteras").obligations} == {
        "budget_analysis": "done", "budget_action_plan": "done"}


@pytest.mark.parametrize("header", ["period;budget;901224-3573", "period;budget\n"
                                    "1990 12 24 3573;5"])
def test_the_budget_import_never_repeats_a_number_it_refuses(tmp_path: Path,
                                                             header: str) -> None:
    csv = tmp_path / "budget.csv"
    csv.write_text(header + "\n", encoding="utf-8")
    code, _, err = _run("budget", "import", "vasteras", str(csv), "--database",
                        f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "eva",
                        "--today", "2019-04-05")
    assert code == 1 and "3573" not in err and "[personnummer]" in err


def test_a_computed_digest_in_an_audit_entry_is_no_identity_number() -> None:
    """An archived report's audit entry holds its SHA-256; twelve of its hex digits can
    read as a personnummer (19121212-1212), and the archive run was refused (issue 22).
    A digest is let through only as 64 hex digits under a digest key; anything else
    under that key is checked like every text."""
    from engine.service.shared.text_checks import check_value

    audit = SQLModel.metadata.tables["audit_log"]
    digest = "191212121212" + "a" * 52
    check_value(audit, "after", {"content_hash": digest, "version": 2})
    with pytest.raises(InputError, match="personal identity number"):
        check_value(audit, "after", {"content_hash": "19121212-1212"})
    with pytest.raises(InputError, match="personal identity number"):
        check_value(audit, "after", {"reason": digest})
