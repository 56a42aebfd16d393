"""Reading a produced report back from its JSON: the :class:`~engine.reports.model.Report`.

The report JSON is the one shape :func:`engine.reports.render_json.report_data` writes
(``stegvis report PROGRAMME --format json``, the archive; documented in docs/reports.md,
"The JSON"): ``format``/``format_version``, ``programme`` {id, name, owner}, ``period``
{key, label, from, to}, ``suppression`` {threshold, method}, tables whose cells name
their column.  This is its only reader, and it accepts exactly that shape and says where
it is not met, so a decision proposal is only ever built from a report the engine
produced (``stegvis proposal --report``).  A JSON of a newer ``format_version`` is
refused rather than misread.

Keys this reader does not know are ignored (a later version may add some); a key it
needs that is missing, or a value of the wrong kind, is an :class:`InputError` naming
the place: ``tables[2].rows[0].cells[3].suppressed: expected one of …, got 'x'``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any, get_args

from engine.errors import InputError
from engine.inputs.files import parse_json
from engine.reports.model import (
    Cell,
    Column,
    Period,
    Report,
    Row,
    Section,
    Suppression,
    Table,
    TargetOutcome,
    TargetResult,
    TargetStatus,
    Unit,
)
from engine.reports.render_json import FORMAT_VERSION


class ReportJsonError(InputError):
    """The file is not a report JSON as the engine writes it."""


def report_from_json(raw: bytes) -> Report:
    """The report a report JSON describes; ReportJsonError says where it is wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportJsonError(f"not UTF-8 text (byte {exc.start}); is it a report JSON?") \
            from None
    try:
        json.loads(text)  # its own message for a syntax error, with line and column
    except json.JSONDecodeError as exc:
        raise ReportJsonError(f"not JSON: {exc.msg} at line {exc.lineno}, column "
                              f"{exc.colno}") from None
    except (ValueError, RecursionError):
        pass  # the door below says what
    try:
        # The door for a user's JSON: bounded nesting and digits, finite numbers.
        data = parse_json(text, name="the report")
    except InputError as exc:
        raise ReportJsonError(str(exc).removeprefix("the report: ")) from None
    return _Reader().report(data)


class _Reader:
    """Typed access to plain JSON data, each failure naming its path."""

    def report(self, d: Any) -> Report:
        d = self.mapping(d, "")
        kind = self.field(d, "format", "")
        if kind != "stegvis-report":
            raise ReportJsonError(f"format: expected 'stegvis-report', got {kind!r}")
        version = self.integer(self.field(d, "format_version", ""), "format_version")
        if version != FORMAT_VERSION:
            raise ReportJsonError(f"format_version: this Stegvis reads version "
                                  f"{FORMAT_VERSION}, the file is version {version}")
        lang = self.choice(d, "lang", ("sv", "en"), "")
        programme = self.mapping(self.field(d, "programme", ""), "programme")
        suppression = self.mapping(self.field(d, "suppression", ""), "suppression")
        return Report(
            programme_id=self.text(programme, "id", "programme"),
            programme_name=self.text(programme, "name", "programme"),
            owner=self.text(programme, "owner", "programme"),
            definition_versions=tuple(
                self.integer(v, f"definition_versions[{i}]")
                for i, v in enumerate(self.items(d, "definition_versions", ""))),
            period=self.period(self.field(d, "period", ""), "period"),
            produced_at=self.instant(d, "produced_at", ""),
            as_of=self.day(d, "as_of", ""),
            lang=lang,  # type: ignore[arg-type]  # checked by choice()
            sections=tuple(self.section(s, f"sections[{i}]")
                           for i, s in enumerate(self.items(d, "sections", ""))),
            tables=tuple(self.table(t, f"tables[{i}]")
                         for i, t in enumerate(self.items(d, "tables", ""))),
            targets=tuple(self.target(t, f"targets[{i}]")
                          for i, t in enumerate(self.items(d, "targets", ""))),
            suppression_threshold=self.integer(
                self.field(suppression, "threshold", "suppression"),
                "suppression.threshold"),
            notes=tuple(self.string(n, f"notes[{i}]")
                        for i, n in enumerate(self.items(d, "notes", "", required=False))),
        )

    def period(self, d: Any, at: str) -> Period:
        d = self.mapping(d, at)
        return Period(self.text(d, "key", at), self.text(d, "label", at),
                      self.day(d, "from", at), self.day(d, "to", at))

    def section(self, d: Any, at: str) -> Section:
        d = self.mapping(d, at)
        return Section(self.text(d, "key", at), self.text(d, "title", at))

    def table(self, d: Any, at: str) -> Table:
        d = self.mapping(d, at)
        columns = tuple(self.column(c, f"{at}.columns[{i}]")
                        for i, c in enumerate(self.items(d, "columns", at)))
        rows = tuple(self.row(r, f"{at}.rows[{i}]", columns)
                     for i, r in enumerate(self.items(d, "rows", at)))
        return Table(key=self.text(d, "key", at), title=self.text(d, "title", at),
                     columns=columns, rows=rows,
                     unit=self.choice(d, "unit", get_args(Unit), at),  # type: ignore[arg-type]
                     section=self.text(d, "section", at),
                     note=self.text(d, "note", at, required=False))

    def column(self, d: Any, at: str) -> Column:
        d = self.mapping(d, at)
        return Column(self.text(d, "key", at), self.text(d, "label", at))

    def row(self, d: Any, at: str, columns: tuple[Column, ...]) -> Row:
        d = self.mapping(d, at)
        is_total = d.get("is_total", False)
        if not isinstance(is_total, bool):
            raise ReportJsonError(f"{at}.is_total: expected true or false, got {is_total!r}")
        cells = self.items(d, "cells", at)
        if len(cells) != len(columns):
            raise ReportJsonError(f"{at}.cells: {len(cells)} cells for {len(columns)} columns")
        for i, (raw, column) in enumerate(zip(cells, columns, strict=True)):
            named = self.mapping(raw, f"{at}.cells[{i}]").get("column", column.key)
            if named != column.key:
                raise ReportJsonError(f"{at}.cells[{i}].column: expected {column.key!r} "
                                      f"(the table's column {i + 1}), got {named!r}")
        return Row(self.text(d, "key", at), self.text(d, "label", at),
                   tuple(self.cell(c, f"{at}.cells[{i}]") for i, c in enumerate(cells)),
                   is_total)

    def cell(self, d: Any, at: str) -> Cell:
        d = self.mapping(d, at)
        value = self.field(d, "value", at)
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, int | float)):
            raise ReportJsonError(f"{at}.value: expected a number or null, got {value!r}")
        suppressed = d.get("suppressed")
        if suppressed is not None:
            suppressed = self.choice(d, "suppressed", get_args(Suppression), at)
        if (value is None) != (suppressed is not None):
            raise ReportJsonError(f"{at}: a cell has a value or is suppressed, not "
                                  f"{'neither' if value is None else 'both'}")
        return Cell(value, suppressed)

    def target(self, d: Any, at: str) -> TargetResult:
        d = self.mapping(d, at)
        target = self.field(d, "target", at)
        if target is not None and (isinstance(target, bool)
                                   or not isinstance(target, int | float)):
            raise ReportJsonError(f"{at}.target: expected a number or null, got {target!r}")
        return TargetResult(
            key=self.text(d, "key", at), label=self.text(d, "label", at),
            measure=self.text(d, "measure", at),
            numerator=self.cell(self.field(d, "numerator", at), f"{at}.numerator"),
            denominator=self.cell(self.field(d, "denominator", at), f"{at}.denominator"),
            share=self.cell(self.field(d, "share", at), f"{at}.share"),
            target=None if target is None else float(target),
            target_text=self.text(d, "target_text", at),
            status=self.choice(d, "status", get_args(TargetStatus), at),  # type: ignore[arg-type]
            # Optional (added without a new format_version): absent in older files.
            counted_from=None if d.get("counted_from") is None
            else self.day(d, "counted_from", at),
            in_period=self.outcome(d.get("in_period"), f"{at}.in_period"),
            previous=self.outcome(d.get("previous"), f"{at}.previous"),
        )

    def outcome(self, d: Any, at: str) -> TargetOutcome | None:
        """A target's outcome over another span (the period's own, the previous)."""
        if d is None:
            return None
        d = self.mapping(d, at)
        return TargetOutcome(
            self.day(d, "from", at), self.day(d, "to", at),
            self.cell(self.field(d, "numerator", at), f"{at}.numerator"),
            self.cell(self.field(d, "denominator", at), f"{at}.denominator"),
            self.cell(self.field(d, "share", at), f"{at}.share"))

    # -- plain values -------------------------------------------------------------------

    @staticmethod
    def _where(at: str, key: str) -> str:
        return f"{at}.{key}" if at else key

    def mapping(self, value: Any, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ReportJsonError(f"{at or 'the file'}: expected an object, got "
                                  f"{type(value).__name__}")
        return value

    def field(self, d: dict[str, Any], key: str, at: str) -> Any:
        if key not in d:
            raise ReportJsonError(f"{self._where(at, key)}: missing")
        return d[key]

    def items(self, d: dict[str, Any], key: str, at: str, *,
              required: bool = True) -> list[Any]:
        if not required and key not in d:
            return []
        value = self.field(d, key, at)
        if not isinstance(value, list):
            raise ReportJsonError(f"{self._where(at, key)}: expected a list, got "
                                  f"{type(value).__name__}")
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise ReportJsonError(f"{where}: expected text, got {value!r}")
        return value

    def text(self, d: dict[str, Any], key: str, at: str, *, required: bool = True) -> str:
        if not required and key not in d:
            return ""
        return self.string(self.field(d, key, at), self._where(at, key))

    def integer(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ReportJsonError(f"{where}: expected a whole number, got {value!r}")
        return value

    def choice(self, d: dict[str, Any], key: str, allowed: tuple[str, ...], at: str) -> str:
        value = self.field(d, key, at)
        if value not in allowed:
            raise ReportJsonError(f"{self._where(at, key)}: expected one of "
                                  f"{', '.join(allowed)}, got {value!r}")
        return str(value)

    def day(self, d: dict[str, Any], key: str, at: str) -> date:
        value = self.text(d, key, at)
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise ReportJsonError(f"{self._where(at, key)}: expected a date YYYY-MM-DD, got "
                                  f"{value!r}") from None

    def instant(self, d: dict[str, Any], key: str, at: str) -> datetime:
        value = self.text(d, key, at)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ReportJsonError(f"{self._where(at, key)}: expected an ISO instant with its "
                                  f"offset, e.g. 2024-01-31T08:00:00+00:00, got {value!r}")
        return moment.astimezone(UTC)
