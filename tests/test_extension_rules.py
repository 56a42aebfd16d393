"""Extensions keep the definition's tiers over the case's total, and never run past the
programme's end (issue 25, rules 2 and 3)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock

from engine.definitions.loading import definition_files
from engine.errors import RefusedError
from engine.http.web.refusals import refusal_text
from engine.paths import definitions_dir
from engine.service.cases.operations import decide_extension, request_extension
from engine.service.cases.queries import case_view
from engine.service.shared.context import Context


def _vasteras(ctx: Context, on: date) -> int:
    return enrol_person(ctx, "vasteras", "P-1", on, municipality="Västerås").case_id


def _planned_end(ctx: Context, case: int) -> str:
    return str(case_view(ctx, case)["case"]["planned_end_on"])


def test_tiers_count_the_total_extension_not_the_single_request(
        ctx: Context, clock: MovableClock) -> None:
    """Västerås: up to 3 months the team leader decides, longer the steering group (003).
    A second request of 3 months makes 6 in total: the steering group's."""
    case = _vasteras(ctx, date(2024, 1, 31))
    clock.set_day(date(2024, 12, 2))
    first = request_extension(ctx, case, "3 months", "arbetsträning", actor="anna")
    decide_extension(ctx, first, True, actor="lena", role="verksamhetsledare")
    assert _planned_end(ctx, case) == "2025-04-29"
    second = request_extension(ctx, case, "3 months", "arbetsträning igen", actor="anna")
    assert case_view(ctx, case)["extension_requests"][1]["approver_role"] == "styrgrupp"
    with pytest.raises(RefusedError, match="is decided by "):
        decide_extension(ctx, second, True, actor="lena", role="verksamhetsledare")
    assert _planned_end(ctx, case) == "2025-04-29"
    decide_extension(ctx, second, True, actor="styrgruppen", role="styrgrupp")
    assert _planned_end(ctx, case) == "2025-07-29"


def test_pending_requests_count_and_an_approval_is_checked_against_the_total_then(
        ctx: Context, clock: MovableClock) -> None:
    """Two requests of 2 months each, asked before either is decided: the second counts
    the first (4 months, the steering group's); and once the second is approved, the
    first too makes 4 months, so the team leader can no longer approve it."""
    case = _vasteras(ctx, date(2024, 1, 31))
    clock.set_day(date(2024, 12, 2))
    first = request_extension(ctx, case, "2 months", "arbetsträning", actor="anna")
    second = request_extension(ctx, case, "2 months", "arbetsträning", actor="anna")
    roles = [r["approver_role"] for r in case_view(ctx, case)["extension_requests"]]
    assert roles == ["verksamhetsledare", "styrgrupp"]
    decide_extension(ctx, second, True, actor="styrgruppen", role="styrgrupp")
    with pytest.raises(RefusedError, match="decided by") as refused:
        decide_extension(ctx, first, True, actor="lena", role="verksamhetsledare")
    assert refused.value.kind == "extension_wrong_role"
    decide_extension(ctx, first, True, actor="styrgruppen", role="styrgrupp")
    assert _planned_end(ctx, case) == "2025-05-30"


@pytest.fixture
def ending(tmp_path: Path) -> Path:
    """The shipped definitions, Västerås's ending on 2025-06-30."""
    for path in definition_files(definitions_dir()):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "vasteras.yaml").read_text(encoding="utf-8")
    (tmp_path / "vasteras.yaml").write_text(
        text.replace("  to: null\n", "  to: 2025-06-30\n", 1), encoding="utf-8")
    return tmp_path


def test_an_extension_past_the_programmes_end_is_refused_as_validate_warns(
        ctx: Context, clock: MovableClock, ending: Path) -> None:
    ctx = Context(ctx.engine, clock, ending)
    case = _vasteras(ctx, date(2024, 1, 31))   # the year ends on 2025-01-30
    clock.set_day(date(2024, 12, 2))
    with pytest.raises(RefusedError) as refused:
        request_extension(ctx, case, "6 months", "arbetsträning", actor="anna")
    assert refused.value.kind == "extension_past_end"
    assert str(refused.value) == ("Västerås Steg för steg ends on 2025-06-30; an extension of "
                                  "6 months would let case 1 run to 2025-07-30, past the "
                                  "programme's end").replace("Västerås Steg för steg",
                                                             refused.value.params["programme"])
    assert "efter programmets slut" in refusal_text("sv", refused.value)
    assert case_view(ctx, case)["extension_requests"] == []
    fits = request_extension(ctx, case, "5 months", "arbetsträning", actor="anna")
    decide_extension(ctx, fits, True, actor="styrgruppen", role="styrgrupp")
    assert _planned_end(ctx, case) == "2025-06-29"
    with pytest.raises(RefusedError, match="past the programme's end"):
        request_extension(ctx, case, "1 week", "lite till", actor="anna")
