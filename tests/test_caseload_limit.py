"""``capacity.caseload_per_coordinator`` means what it says: enrolment, bulk enrolment
(and so import), admission and reassignment keep it, soft or hard like the quotas
(issue 25, rule 1)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import ELIGIBLE, enrol_person
from conftest import MovableClock

from engine.definitions.loading import definition_files, load_programme
from engine.errors import RefusedError
from engine.http.web.refusals import refusal_text
from engine.paths import definitions_dir
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.cases.queries import case_view
from engine.service.cases.reassignment import reassign
from engine.service.shared.context import Context

DAY = date(2024, 3, 4)


def _folder(tmp_path: Path, caseload: str) -> Path:
    """The shipped definitions, REBUS's with ``caseload`` as its caseload per coordinator."""
    for path in definition_files(definitions_dir()):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "rebus.yaml").read_text(encoding="utf-8")
    (tmp_path / "rebus.yaml").write_text(text.replace(
        "  when_full: waiting_list", f"  caseload_per_coordinator: {caseload}\n"
        "  when_full: waiting_list", 1), encoding="utf-8")
    return tmp_path


@pytest.fixture
def hard(ctx: Context, clock: MovableClock, tmp_path: Path) -> Context:
    clock.set_day(DAY)
    return Context(ctx.engine, clock, _folder(tmp_path, "{max: 2, kind: hard}"))


@pytest.fixture
def soft(ctx: Context, clock: MovableClock, tmp_path: Path) -> Context:
    clock.set_day(DAY)
    return Context(ctx.engine, clock, _folder(tmp_path, "2"))


def test_the_key_is_read_in_both_forms(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "{max: 15, kind: hard}")
    spec = load_programme(folder / "rebus.yaml")
    assert (spec.capacity.caseload_per_coordinator, spec.capacity.caseload_kind) == (15, "hard")
    folder = _folder(tmp_path, "15")
    spec = load_programme(folder / "rebus.yaml")
    assert (spec.capacity.caseload_per_coordinator, spec.capacity.caseload_kind) == (15, "soft")


def test_a_hard_caseload_refuses_the_third_case_of_one_coordinator(hard: Context) -> None:
    enrol_person(hard, "rebus", "P-1", DAY)
    enrol_person(hard, "rebus", "P-2", DAY)
    with pytest.raises(RefusedError) as refused:
        enrol_person(hard, "rebus", "P-3", DAY)
    assert str(refused.value) == ("anna already has 2 active cases in "
                                  f"{refused.value.params['programme']}, the most one "
                                  "coordinator holds (2); choose another coordinator")
    assert refusal_text("sv", refused.value).startswith("anna har redan 2 pågående ärenden")
    enrol_person(hard, "rebus", "P-3", DAY, coordinator="bertil")  # another one has room


def test_a_soft_caseload_enrols_and_says_so(soft: Context) -> None:
    enrol_person(soft, "rebus", "P-1", DAY)
    enrol_person(soft, "rebus", "P-2", DAY)
    third = enrol_person(soft, "rebus", "P-3", DAY)
    assert [w.kind for w in third.warnings] == ["caseload_passed"]  # type: ignore[attr-defined]
    assert "anna already has 2 active cases" in third.warnings[0]


def _requests(*coordinators: str) -> list[EnrolmentRequest]:
    return [EnrolmentRequest(programme="rebus", participant_key=f"B-{i}", on=DAY,
                             gender="kvinna", birth_year=1985, coordinator=name,
                             **ELIGIBLE["rebus"])  # type: ignore[arg-type]
            for i, name in enumerate(coordinators)]


def test_bulk_enrolment_and_so_import_keep_the_caseload(hard: Context) -> None:
    enrol_person(hard, "rebus", "P-1", DAY)
    result = enrol_many(hard, _requests("anna", "anna", "bertil"), actor="import")
    assert result.enrolled == 2
    assert [(key, "choose another coordinator" in why) for key, why in result.refused] == \
        [("B-1", True)]


def test_a_soft_caseload_in_bulk_enrols_with_a_warning(soft: Context) -> None:
    result = enrol_many(soft, _requests("anna", "anna", "anna"), actor="import")
    assert result.enrolled == 3 and result.refused == []
    assert [key for key, _ in result.warnings] == ["B-2"]


def test_reassignment_keeps_the_caseload_and_moves_the_obligations(hard: Context) -> None:
    enrol_person(hard, "rebus", "P-1", DAY)
    enrol_person(hard, "rebus", "P-2", DAY)
    bertils = enrol_person(hard, "rebus", "P-3", DAY, coordinator="bertil").case_id
    with pytest.raises(RefusedError, match="choose another coordinator"):
        reassign(hard, bertils, "anna", actor="chef")
    assert case_view(hard, bertils)["case"]["coordinator"] == "bertil"
    _, notices = reassign(hard, bertils, "cecilia", actor="chef")
    view = case_view(hard, bertils)
    assert view["case"]["coordinator"] == "cecilia" and notices == []
    assert {o["coordinator"] for o in view["obligations"]} == {"cecilia"}


def test_a_soft_caseload_reassigns_with_a_notice(soft: Context) -> None:
    enrol_person(soft, "rebus", "P-1", DAY)
    enrol_person(soft, "rebus", "P-2", DAY)
    bertils = enrol_person(soft, "rebus", "P-3", DAY, coordinator="bertil").case_id
    _, notices = reassign(soft, bertils, "anna", actor="chef")
    assert [n.kind for n in notices] == ["caseload_passed"]  # type: ignore[attr-defined]
