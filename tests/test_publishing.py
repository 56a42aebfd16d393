"""Publishing definitions in the database: what runs, what is refused, the history,
the folder as import and export, and the migration applied against its preview."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from engine.cli.definitions import export
from engine.errors import DefinitionError, InputError, RefusedError
from engine.service.cases.operations import exit_case
from engine.service.cases.version_migration import apply_migration, plan_migration
from engine.service.programme import publishing
from engine.service.shared.context import Context
from engine.service.shared.published import publications, running, running_spec

ROOT = Path(__file__).resolve().parent.parent
REBUS = (ROOT / "process_defs" / "rebus.yaml").read_text(encoding="utf-8")


def changed(source: str = REBUS, version: int = 2, interval: str = "3 months") -> str:
    """REBUS with another follow-up interval and version number."""
    return source.replace("version: 1\n", f"version: {version}\n", 1).replace(
        "interval: 2 months ", f"interval: {interval} ", 1)


def test_a_publication_is_what_every_reader_runs_with_who_when_and_why(
        backend: Engine, clock: MovableClock) -> None:
    ctx = Context(backend, clock)
    first = running(ctx, "rebus")
    assert first.publication.number == 1 and first.publication.published_by == "stegvis"
    # Another engine on the same database: another process, told nothing.
    other = Context(create_engine(backend.url), clock)
    try:
        assert running_spec(other, "rebus").version == 1
        done = publishing.publish(ctx, "rebus", changed(), "fia", "tätare uppföljning",
                                  based_on=1)
        assert done.publication.number == 2 and done.spec.version == 2
        series = running_spec(other, "rebus").follow_ups
        assert series is not None and series.interval.swedish() == "3 månader"
    finally:
        other.engine.dispose()
    [newest, oldest] = publications(ctx, "rebus")
    assert (newest.published_by, newest.reason, newest.number) == ("fia",
                                                                   "tätare uppföljning", 2)
    assert newest.source_text == changed() and oldest.number == 1


def test_publishing_refuses_with_one_line_and_changes_nothing(
        backend: Engine, clock: MovableClock) -> None:
    ctx = Context(backend, clock)
    running(ctx, "rebus")
    with pytest.raises(InputError, match="say why"):
        publishing.publish(ctx, "rebus", changed(), "fia", "  ")
    with pytest.raises(DefinitionError):
        publishing.publish(ctx, "rebus", changed(interval="3 mánader"), "fia", "skäl")
    with pytest.raises(RefusedError, match="nothing to publish"):
        publishing.publish(ctx, "rebus", REBUS + "\n# en kommentar\n", "fia", "skäl")
    with pytest.raises(RefusedError, match="higher number"):
        publishing.publish(ctx, "rebus", changed(version=1), "fia", "skäl")
    with pytest.raises(RefusedError, match="published since"):
        publishing.publish(ctx, "rebus", changed(), "fia", "skäl", based_on=7)
    other = REBUS.replace("id: rebus\n", "id: rebus2\n", 1)
    with pytest.raises(DefinitionError, match="this draft is of 'rebus'"):
        publishing.publish(ctx, "rebus", other, "fia", "skäl")
    assert [p.number for p in publications(ctx, "rebus")] == [1]


def test_an_earlier_version_comes_back_as_a_new_publication(
        backend: Engine, clock: MovableClock) -> None:
    ctx = Context(backend, clock)
    running(ctx, "rebus")
    publishing.publish(ctx, "rebus", changed(), "fia", "prövar var tredje månad")
    back = publishing.republish(ctx, "rebus", 1, "fia", "tillbaka till varannan månad")
    assert (back.publication.number, back.publication.republished_from) == (3, 1)
    assert back.spec.version == 1 and running_spec(ctx, "rebus").version == 1
    with pytest.raises(RefusedError, match="the one running"):
        publishing.republish(ctx, "rebus", 3, "fia", "igen")


def test_publications_cannot_be_changed_or_deleted(backend: Engine,
                                                   clock: MovableClock) -> None:
    running(Context(backend, clock), "rebus")
    for statement in ("UPDATE definition_publications SET reason = 'annat'",
                      "DELETE FROM definition_publications"):
        with pytest.raises(DBAPIError, match="append-only"), backend.begin() as connection:
            connection.execute(text(statement))


def test_a_draft_is_kept_until_it_is_published(backend: Engine, clock: MovableClock) -> None:
    ctx = Context(backend, clock)
    assert publishing.draft_of(ctx, "rebus").saved is None
    publishing.save_draft(ctx, "rebus", changed(), "fia", 1)
    draft = publishing.draft_of(ctx, "rebus")
    assert draft.text == changed() and draft.saved is not None and draft.based_on == 1
    publishing.publish(ctx, "rebus", draft.text, "fia", "skäl", based_on=draft.based_on)
    assert publishing.draft_of(ctx, "rebus").saved is None


def test_the_folder_is_imported_and_exported(backend: Engine, clock: MovableClock,
                                             tmp_path: Path) -> None:
    folder = tmp_path / "defs"
    shutil.copytree(ROOT / "process_defs", folder)
    ctx = Context(backend, clock, folder)
    assert {d.published for d in publishing.import_folder(ctx, None, "fia", "start")} == {1}
    (folder / "rebus.yaml").write_text(changed(), encoding="utf-8")
    done = {d.programme_id: d for d in publishing.import_folder(ctx, None, "fia", "ny")}
    assert done["rebus"].published == 2
    assert done["vasteras"].published is None and "unchanged" in done["vasteras"].note
    out = tmp_path / "export"
    written = export(publishing.export_texts(ctx), out, force=False)
    assert (out / "rebus.yaml").read_text(encoding="utf-8") == changed()
    assert (out / "schema" / "programme.schema.json").is_file() and len(written) == 5
    publishing.publish(ctx, "rebus", changed(version=3, interval="6 weeks"), "fia", "igen")
    with pytest.raises(InputError, match="differs from the running version"):
        export(publishing.export_texts(ctx), out, force=False)
    assert (out / "rebus.yaml").read_text(encoding="utf-8") == changed()  # untouched
    export(publishing.export_texts(ctx), out, force=True)
    assert "version: 3" in (out / "rebus.yaml").read_text(encoding="utf-8")


def test_the_migration_moves_nothing_when_a_case_changed_since_the_preview(
        backend: Engine, clock: MovableClock) -> None:
    ctx = Context(backend, clock)
    first = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    second = enrol_person(ctx, "rebus", "P-2", date(2024, 1, 31)).case_id
    publishing.publish(ctx, "rebus", changed(), "fia", "skäl")
    plan = plan_migration(ctx, "rebus")
    assert {c.participant for c in plan.cases} == {"P-1", "P-2"}
    change = next(c for c in plan.cases if c.case_id == first)
    assert change.name("follow_up:1") == "Uppföljning (stegförflyttning mot uppsatta mål) 1"
    exit_case(ctx, second, "avbrott", actor="anna", on=date(2024, 1, 31))
    with pytest.raises(RefusedError, match="changed since the preview"):
        apply_migration(ctx, "rebus", plan.content_hash, "fia", digest=plan.digest)
    again = plan_migration(ctx, "rebus")
    assert [c.participant for c in again.cases] == ["P-1"]  # the exited case stays
    assert apply_migration(ctx, "rebus", again.content_hash, "fia", digest=again.digest) == 1
