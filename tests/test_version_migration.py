"""Moving cases to a new definition version: a dry run first, nothing without the hash."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine
from sqlmodel import Session, select

from engine.errors import RefusedError
from engine.service.cases.operations import complete, move_phase
from engine.service.cases.version_migration import apply_migration, plan_migration
from engine.service.programme.publishing import import_files
from engine.service.shared.context import Context
from engine.store.tables import AuditRow, CaseRow, DefinitionVersionRow, ObligationRow

ROOT = Path(__file__).resolve().parent.parent


def open_dues(ctx: Context, case_id: int) -> dict[str, date]:
    with Session(ctx.engine) as session:
        return {r.key: r.due_on for r in session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id, ObligationRow.status == "open")).all()}


def test_dry_run_lists_changes_and_apply_needs_the_hash(
        backend: Engine, clock: MovableClock, tmp_path: Path) -> None:
    definitions = tmp_path / "defs"
    definitions.mkdir()
    shutil.copytree(ROOT / "process_defs" / "schema", definitions / "schema")
    rebus = definitions / "rebus.yaml"
    shutil.copy(ROOT / "process_defs" / "rebus.yaml", rebus)
    ctx = Context(backend, clock, definitions)
    first = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    second = enrol_person(ctx, "rebus", "P-2", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    complete(ctx, second, "task:handlingsplan", actor="anna")
    move_phase(ctx, second, "aktivitet", actor="anna")
    assert plan_migration(ctx, "rebus").cases == ()  # everyone is on the current version

    text = rebus.read_text(encoding="utf-8")
    text = text.replace("version: 1\n", "version: 2\n", 1)
    text = text.replace("interval: 2 months ", "interval: 6 weeks ", 1)
    text = text.replace("      due: 14 days           # seed silent: default\n",
                        "      due: 7 days\n", 1)
    text = text.replace("    - id: aktivitet\n      name: Aktivitet\n",
                        "    - id: aktivitet_ny\n      name: Aktivitet\n", 1)
    text = text.replace("{to: aktivitet, requires", "{to: aktivitet_ny, requires", 1)
    text = text.replace("        - {to: aktivitet}\n", "        - {to: aktivitet_ny}\n", 1)
    text = text.replace("in_phases: [kartlaggning, aktivitet, provning]",
                        "in_phases: [kartlaggning, aktivitet_ny, provning]", 1)
    rebus.write_text(text, encoding="utf-8")
    # The changed file runs once it is published (the folder is an import, no more).
    assert plan_migration(ctx, "rebus").to_version == 1
    [imported] = import_files(ctx, [rebus], "admin", "tätare uppföljning")
    assert imported.published == 2
    before = {first: open_dues(ctx, first), second: open_dues(ctx, second)}

    plan = plan_migration(ctx, "rebus")
    assert plan.to_version == 2
    by_case = {c.case_id: c for c in plan.cases}
    assert by_case[second].blocked == "phase 'aktivitet' does not exist in version 2"
    change = by_case[first]
    assert ("task:startenkat", date(2024, 2, 14), date(2024, 2, 7)) in change.move
    assert ("follow_up:1", date(2024, 3, 28), date(2024, 3, 13)) in change.move
    assert any(key.startswith("follow_up:") for key, _ in change.appear)  # a tighter series
    assert {first: open_dues(ctx, first), second: open_dues(ctx, second)} == before

    with pytest.raises(RefusedError, match="changed since the dry run"):
        apply_migration(ctx, "rebus", "0" * 64, actor="admin")
    assert apply_migration(ctx, "rebus", plan.content_hash, actor="admin") == 1
    assert open_dues(ctx, first)["follow_up:1"] == date(2024, 3, 13)
    assert open_dues(ctx, second) == before[second]
    with Session(backend) as session:
        versions = {c.id: session.get(DefinitionVersionRow, c.definition_version_id).version
                    for c in session.exec(select(CaseRow)).all()}
        assert versions == {first: 2, second: 1}
        actions = [a.action for a in session.exec(select(AuditRow)).all()]
    assert actions.count("migrate_definition") == 1
