"""The report as JSON: stable keys, documented in docs/reports.md ("The JSON").

Every cell is ``{"value": …, "suppressed": …}``: ``value`` is null exactly when
``suppressed`` says why (``primary``, ``secondary``, ``denominator`` or ``none``).
Shares are fractions (0.8, not 80). Nothing about a single participant is in it.
"""

from __future__ import annotations

from typing import Any

from engine.inputs.json_text import json_text
from engine.reports.model import Cell, Report, Table, TargetOutcome, TargetResult

#: Bumped when a key changes meaning or disappears (adding keys does not bump it).
FORMAT_VERSION = 1


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed}


def _table(table: Table) -> dict[str, Any]:
    return {
        "key": table.key, "title": table.title, "section": table.section, "unit": table.unit,
        "note": table.note,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [{"key": r.key, "label": r.label, "is_total": r.is_total,
                  "cells": [{"column": c.key, **_cell(v)}
                            for c, v in zip(table.columns, r.cells, strict=True)]}
                 for r in table.rows],
    }


def _outcome(outcome: TargetOutcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {"from": outcome.starts_on.isoformat(), "to": outcome.ends_on.isoformat(),
            "numerator": _cell(outcome.numerator),
            "denominator": _cell(outcome.denominator), "share": _cell(outcome.share)}


def _target(target: TargetResult) -> dict[str, Any]:
    return {"key": target.key, "label": target.label, "measure": target.measure,
            "numerator": _cell(target.numerator), "denominator": _cell(target.denominator),
            "share": _cell(target.share), "target": target.target,
            "target_text": target.target_text, "status": target.status,
            "counted_from": None if target.counted_from is None
            else target.counted_from.isoformat(),
            "in_period": _outcome(target.in_period), "previous": _outcome(target.previous)}


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "format": "stegvis-report", "format_version": FORMAT_VERSION,
        "programme": {"id": report.programme_id, "name": report.programme_name,
                      "owner": report.owner},
        "definition_versions": list(report.definition_versions),
        "period": {"key": report.period.key, "label": report.period.label,
                   "from": report.period.starts_on.isoformat(),
                   "to": report.period.ends_on.isoformat()},
        "as_of": report.as_of.isoformat(),
        "produced_at": report.produced_at.isoformat().replace("+00:00", "Z"),
        "lang": report.lang,
        "suppression": {"threshold": report.suppression_threshold,
                        "method": "primary and secondary cell suppression"},
        "sections": [{"key": s.key, "title": s.title} for s in report.sections],
        "tables": [_table(t) for t in report.tables],
        "targets": [_target(t) for t in report.targets],
        "notes": list(report.notes),
    }


def render_json(report: Report) -> bytes:
    """The report as UTF-8 JSON (indented, å/ä/ö as they are)."""
    return (json_text(report_data(report)) + "\n").encode()


def content_hash(report: Report) -> str:
    """SHA-256 of the report's figures: its JSON without the moment it was produced.

    The same figures give the same hash whenever they are produced, so an archive can
    tell a report produced again from a changed one (docs/reports.md, "Reproducible").
    """
    import hashlib

    data = report_data(report)
    data.pop("produced_at")
    canonical = json_text(data, indent=None, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
