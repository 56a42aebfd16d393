"""An installation's own definitions folder: ``stegvis init``, STEGVIS_DEFINITIONS, the
setting in the data folder, and every command saying where it read definitions from.

The commands run through the ``stegvis`` entry point's own ``main()`` in this process,
each with a data folder of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.cli import main
from engine.paths import schema_path, shipped_dir

REBUS = ["--gender", "kvinna", "--birth-year", "1985", "--municipality", "Hagfors",
         "--active-at", "af", "hagfors", "--income-support-from-referring-party",
         "--attest", "utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering",
         "--coordinator", "anna", "--today", "2024-01-31", "--as", "anna"]


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("STEGVIS_HOME", str(folder))
    monkeypatch.delenv("STEGVIS_DEFINITIONS", raising=False)
    monkeypatch.delenv("STEGVIS_DATABASE_URL", raising=False)
    return folder


Stegvis = Callable[..., Run]


@pytest.fixture
def stegvis(capsys: pytest.CaptureFixture[str], home: Path) -> Stegvis:
    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return Run(code, captured.out, captured.err)
    return run


def test_init_copies_the_programmes_with_a_schema_their_first_line_finds(
        stegvis: Stegvis, home: Path) -> None:
    result = stegvis("init")
    assert result.code == 0, result.err
    folder = home / "definitions"
    assert f"copied 5 programmes and the schema to {folder}" in result.out
    shipped = sorted(p.name for p in shipped_dir().glob("*.yaml"))
    assert sorted(p.name for p in folder.glob("*.yaml")) == shipped
    for path in folder.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert target, first
        schema = path.parent / target.group(1)
        assert json.loads(schema.read_text(encoding="utf-8")) == \
            json.loads(schema_path().read_text(encoding="utf-8"))
    # Recorded in the data folder: later commands read the copies without being told.
    assert f"recorded in {home / 'settings.toml'}" in result.out
    validated = stegvis("validate")
    assert validated.code == 0
    assert f"5 file(s) checked, 0 with errors in {folder} (from {home / 'settings.toml'})" \
        in validated.out


def test_init_refuses_to_overwrite_in_one_line_unless_forced(stegvis: Stegvis, home: Path) -> None:
    assert stegvis("init").code == 0
    rebus = home / "definitions" / "rebus.yaml"
    rebus.write_text("changed by the administrator\n", encoding="utf-8")
    again = stegvis("init")
    assert again.code == 1 and again.out == ""
    assert again.err == (f"stegvis: {home / 'definitions' / 'hofors.yaml'} exists (and 5 "
                         "more); nothing copied (--force overwrites)\n")
    assert rebus.read_text(encoding="utf-8") == "changed by the administrator\n"
    assert stegvis("init", "--force").code == 0
    assert rebus.read_bytes() == (shipped_dir() / "rebus.yaml").read_bytes()


def test_a_changed_copy_is_what_enrol_and_simulate_read(stegvis: Stegvis, home: Path,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "kommunens-program"
    assert stegvis("init", str(folder)).code == 0
    rebus = folder / "rebus.yaml"
    text = rebus.read_text(encoding="utf-8")
    rebus.write_text(text.replace("name: Projekt REBUS", "name: REBUS i Hagfors", 1),
                     encoding="utf-8")
    assert "REBUS i Hagfors: deltagare inskriven 2024-01-31" in \
        stegvis("simulate", "rebus", "--start", "2024-01-31").out
    assert stegvis("enrol", "rebus", "P-1", *REBUS).code == 0
    shown = json.loads(stegvis("case", "show", "1", "--json").out)
    assert shown["programme"]["name"] == "REBUS i Hagfors"


def test_the_environment_wins_over_the_setting_and_init_leaves_the_setting_alone(
        stegvis: Stegvis, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert stegvis("init").code == 0
    settings = (home / "settings.toml").read_text(encoding="utf-8")
    own = tmp_path / "own"
    monkeypatch.setenv("STEGVIS_DEFINITIONS", str(own))
    result = stegvis("init")  # into the folder the environment names
    assert result.code == 0 and f"to {own}" in result.out
    assert (home / "settings.toml").read_text(encoding="utf-8") == settings
    assert f"in {own} (from STEGVIS_DEFINITIONS)" in stegvis("validate").out


def test_init_elsewhere_does_not_silently_repoint_the_setting(stegvis: Stegvis, home: Path,
                                                              tmp_path: Path) -> None:
    assert stegvis("init").code == 0
    other = tmp_path / "other"
    refused = stegvis("init", str(other))
    assert refused.code == 1 and not other.exists()
    assert "names another definitions folder" in refused.err and "--force" in refused.err
    assert stegvis("init", str(other), "--force").code == 0
    assert f"in {other} (from {home / 'settings.toml'})" in stegvis("validate").out


def test_a_missing_or_unreadable_setting_is_one_line_that_says_what_to_do(
        stegvis: Stegvis, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    monkeypatch.setenv("STEGVIS_DEFINITIONS", str(gone))
    result = stegvis("simulate", "rebus", "--start", "2024-01-31")
    assert result.code == 1
    assert result.err == (f"stegvis: the definitions folder {gone} (from STEGVIS_DEFINITIONS) "
                          f"does not exist; create it with: stegvis init {gone}\n")
    monkeypatch.delenv("STEGVIS_DEFINITIONS")
    home.mkdir(parents=True)
    (home / "settings.toml").write_text("definitions = 3\n", encoding="utf-8")
    result = stegvis("validate")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "'definitions' must be the path of a folder" in result.err
    (home / "settings.toml").write_text("definitions = /srv\n", encoding="utf-8")
    result = stegvis("validate")
    assert result.code == 1 and "not valid TOML" in result.err


def test_verbose_says_where_definitions_come_from_before_or_after_the_command(
        stegvis: Stegvis, home: Path) -> None:
    before = stegvis("--verbose", "simulate", "rebus", "--start", "2024-01-31", "--json")
    after = stegvis("simulate", "rebus", "--start", "2024-01-31", "--json", "-v")
    note = f"stegvis: definitions from {shipped_dir()} (shipped with Stegvis)\n"
    assert before.err == after.err == note
    assert json.loads(after.out)  # the note stays out of the JSON
    assert stegvis("simulate", "rebus", "--start", "2024-01-31", "--json").err == ""
    assert stegvis("tasks", "-v").err.startswith(note)
    assert stegvis("case", "show", "1", "--verbose").err.startswith(note)  # a group's command
    assert stegvis("init").code == 0
    assert stegvis("-v", "tasks").err.startswith(
        f"stegvis: definitions from {home / 'definitions'} (from {home / 'settings.toml'})")


def test_demo_tells_the_shipped_story_whatever_the_installation_changed(
        stegvis: Stegvis, home: Path) -> None:
    assert stegvis("init").code == 0
    (home / "definitions" / "rebus.yaml").unlink()  # the demo's story needs rebus
    result = stegvis("demo", "--date", "2026-11-23")
    assert result.code == 0, result.err
    assert f"1. Programdefinitionerna som följer med Stegvis: {shipped_dir()}" in result.out
    assert "demo-R1: inskriven i Projekt REBUS 14 september 2026 som ärende 1" in result.out
