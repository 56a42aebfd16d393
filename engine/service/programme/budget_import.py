"""Importing budgets and outcomes from a CSV export (columns in docs/budget.md).

All or nothing: every row is checked first, and a file with any bad row is refused
with each bad row named by its line, so that an official fixes the export once and
imports it again, instead of finding half a year imported and half not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import InputError, did_you_mean
from engine.inputs.files import user_text
from engine.inputs.numbers import shown_choice
from engine.rules.budget import parse_amount
from engine.service.programme.budget import (
    BudgetChange,
    PeriodAmounts,
    budget_of,
    check_period,
    record_amounts,
)
from engine.service.shared.context import Context
from engine.service.shared.published import running_spec

#: Column names (lower case) and what they hold; Swedish names work too.
COLUMNS = {"period": "period", "budget": "budget", "outcome": "outcome", "utfall": "outcome"}
#: More bad rows than this are counted, not listed.
MAX_LISTED = 50
#: A budget has a row per period: a few dozen.  A file over this size, or with more rows,
#: is not a budget export (and would keep the import busy for minutes).
MAX_BUDGET_BYTES = 1024 * 1024
MAX_ROWS = 2_000


class BudgetImportError(InputError):
    """The file was refused; ``problems`` names each bad line.  Nothing was imported."""

    def __init__(self, file: str, problems: list[str], rows: int) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(problems[:MAX_LISTED])
        more = (f"\n… and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED
                else "")
        super().__init__(f"{file}: {len(problems)} problem(s) in {rows} row(s); nothing was "
                         f"imported\n{listed}{more}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    file: str
    rows: int
    change: BudgetChange


def _decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without Excel's BOM); else Windows-1252, as Swedish Excel saves CSV;
    a clear refusal for UTF-16, a binary file and CR-only lines (the door for a user's
    file, engine.inputs.files)."""
    try:
        return user_text(raw, name=file, fallback="cp1252")
    except InputError as exc:
        raise BudgetImportError(file, [str(exc)], 0) from None


def _delimiter(header: str) -> str:
    """';' (Swedish Excel: the comma is the decimal sign), a tab, or ','."""
    return next((d for d in (";", "\t") if d in header), ",")


def read_budget_csv(raw: bytes, file: str, check: Callable[[str, bool], str] | None = None,
                    ) -> list[tuple[int, PeriodAmounts]]:
    """(line, amounts) for every data row; BudgetImportError naming each bad line.

    ``check`` is called as ``check(period, has_outcome)`` for each row and may raise
    :class:`InputError` (a period outside the programme, an outcome in the future).
    """
    if len(raw) > MAX_BUDGET_BYTES:
        raise BudgetImportError(file, [f"{file}: the file is {len(raw):,} bytes; a budget "
                                       f"may be at most {MAX_BUDGET_BYTES:,}"], 0)
    text = _decode(raw, file)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise BudgetImportError(file, [f"{file}:1: the file is empty; the first line names "
                                       "the columns: period;budget;utfall"], 0)
    try:
        return _rows(csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0])), file,
                     check)
    except csv.Error as exc:
        # A field over the csv module's limit (128 KiB) or a quote left open: one line.
        raise BudgetImportError(file, [f"{file}: not a CSV file the import can read "
                                       f"({exc})"], 0) from None


def _rows(reader: Any, file: str, check: Callable[[str, bool], str] | None,
          ) -> list[tuple[int, PeriodAmounts]]:
    header = [h.strip().lower() for h in next(reader)]
    problems = []
    for name in header:
        if name not in COLUMNS:
            hint = did_you_mean(name, COLUMNS) or "; the columns are period, budget, utfall"
            problems.append(f"{file}:1: unknown column {shown_choice(name)}{hint}")
    kinds = [COLUMNS.get(h, h) for h in header]
    if "period" not in kinds:
        problems.append(f"{file}:1: no column 'period'")
    if "budget" not in kinds and "outcome" not in kinds:
        problems.append(f"{file}:1: no column 'budget' or 'utfall'")
    if len(set(kinds)) != len(kinds):
        problems.append(f"{file}:1: a column is named twice: {';'.join(header)}")
    if problems:
        raise BudgetImportError(file, problems, 0)
    out: list[tuple[int, PeriodAmounts]] = []
    seen: dict[str, int] = {}
    count = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise BudgetImportError(file, [f"{file}:{line}: more than {MAX_ROWS:,} rows; a "
                                           "budget has a row per period"], count)
        if len(row) != len(header):
            problems.append(f"{line}: {len(row)} value(s) for {len(header)} column(s) "
                            f"({';'.join(header)})")
            continue
        values = dict(zip(kinds, (cell.strip() for cell in row), strict=True))
        errors, amounts = [], {}
        for kind in ("budget", "outcome"):
            if values.get(kind):
                try:
                    amounts[kind] = parse_amount(values[kind])
                except ValueError as exc:
                    errors.append(f"{'utfall' if kind == 'outcome' else kind}: {exc}")
        period = values["period"]
        if not period:
            errors.append("no period")
        elif not amounts and not errors:
            errors.append(f"{period}: neither a budget nor an outcome")
        if period and check is not None:
            try:
                period = check(period, "outcome" in amounts)
            except InputError as exc:
                errors.append(str(exc))
        if period and period in seen:
            errors.append(f"{period} is already on line {seen[period]}")
        elif period:
            seen[period] = line  # also for a row with other faults: a second is a fault too
        if errors:
            problems.extend(f"{line}: {e}" for e in errors)
            continue
        out.append((line, PeriodAmounts(period, amounts.get("budget"), amounts.get("outcome"))))
    if problems:
        raise BudgetImportError(file, [f"{file}:{p}" for p in problems], count)
    if not out:
        raise BudgetImportError(file, [f"{file}:2: no rows below the column names"], 0)
    return out


def import_budget(ctx: Context, programme: str, raw: bytes, file: str,
                  actor: str) -> ImportResult:
    """Import a budget CSV into ``programme``: every row, or (with a bad row) none."""
    spec = running_spec(ctx, programme)
    budget_of(spec)

    def check(period: str, has_outcome: bool) -> str:
        return check_period(spec, period, today=ctx.today() if has_outcome else None).key

    rows = read_budget_csv(raw, file, check)
    change = record_amounts(ctx, programme, [amounts for _, amounts in rows], actor)
    return ImportResult(file, len(rows), change)
