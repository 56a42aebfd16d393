"""A report read back from its JSON is the report that was written."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from report_json_samples import report_json, vasteras_report

from engine.reports.report_json import ReportJsonError, report_from_json


def test_a_report_round_trips_through_its_json() -> None:
    report = vasteras_report()
    again = report_from_json(report_json(report))
    assert again == report
    assert again.produced_at.tzinfo == UTC
    assert again.table("exits_outcome") is not None


def test_an_instant_with_a_swedish_offset_is_the_same_instant() -> None:
    data = json.loads(report_json(vasteras_report()))
    data["produced_at"] = "2025-01-15T09:30:00+01:00"
    assert report_from_json(json.dumps(data).encode()).produced_at == \
        vasteras_report().produced_at


def _broken(change: str) -> str:
    data = json.loads(report_json(vasteras_report()))
    exec(change, {"d": data})
    with pytest.raises(ReportJsonError) as caught:
        report_from_json(json.dumps(data).encode())
    return str(caught.value)


@pytest.mark.parametrize(("change", "message"), [
    ("del d['period']", "period: missing"),
    ("d['produced_at'] = '2025-01-15T08:30:00'", "produced_at: expected an ISO instant with "
                                                  "its offset"),
    ("d['as_of'] = '20241231'", "as_of: expected a date YYYY-MM-DD, got '20241231'"),
    ("d['lang'] = 'de'", "lang: expected one of sv, en, got 'de'"),
    ("d['tables'][1]['rows'][1]['cells'][0]['suppressed'] = 'hidden'",
     "tables[1].rows[1].cells[0].suppressed: expected one of primary, secondary, "
     "denominator, none, got 'hidden'"),
    ("d['tables'][1]['rows'][1]['cells'][0]['value'] = 3",
     "tables[1].rows[1].cells[0]: a cell has a value or is suppressed, not both"),
    ("d['tables'][0]['rows'][0]['cells'].pop()", "tables[0].rows[0].cells: 3 cells for 4 "
                                                 "columns"),
    ("d['targets'][0]['status'] = 'ok'", "targets[0].status: expected one of met, not_met"),
    ("d['suppression']['threshold'] = True", "suppression.threshold: expected a whole number"),
    ("del d['programme']['id']", "programme.id: missing"),
    ("d['period']['from'] = '2024-1-1'", "period.from: expected a date YYYY-MM-DD"),
    ("d['format'] = 'something-else'", "format: expected 'stegvis-report'"),
    ("d['format_version'] = 2", "format_version: this Stegvis reads version 1, the file is "
                                "version 2"),
    ("d['tables'][0]['rows'][0]['cells'][0]['column'] = 'man'",
     "tables[0].rows[0].cells[0].column: expected 'kvinna' (the table's column 1), got 'man'"),
])
def test_a_report_json_that_is_not_one_says_where(change: str, message: str) -> None:
    assert message in _broken(change)


def test_a_file_that_is_not_json_says_so() -> None:
    with pytest.raises(ReportJsonError, match="not JSON: Expecting value at line 1"):
        report_from_json(b"%PDF-1.7")
    with pytest.raises(ReportJsonError, match="the file: expected an object, got list"):
        report_from_json(b"[]")
