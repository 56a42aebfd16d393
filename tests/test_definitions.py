"""Every shipped definition is valid, editor-ready, independently checkable and clean."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.definitions.loading import check_file, definition_files
from engine.paths import definitions_dir, schema_path

ROOT = Path(__file__).resolve().parent.parent
FILES = definition_files()
EXPECTED_PROGRAMMES = {"rebus", "vasteras", "hofors", "start", "orebro"}


def test_the_five_seed_programmes_are_shipped() -> None:
    assert {p.stem for p in FILES} >= EXPECTED_PROGRAMMES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_definition_has_no_errors_or_warnings(path: Path) -> None:
    spec, problems = check_file(path)
    assert problems == []
    assert spec is not None and spec.id == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_definition_names_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/programme.schema.json"
    assert (path.parent / "schema" / "programme.schema.json").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_definition_cites_its_seed_and_holds_no_contact_details(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"\b00[0-4]_[0-9a-f]{16}\.txt\b", text), "the seed file is not cited"
    assert not re.search(r"[\w.]+@[\w-]+\.\w+", text), "an e-mail address"
    assert not re.search(r"\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2}\b", text), "a phone number"
    for name in ["Wallin", "Lundin", "Johansson", "Magnusson", "Solborg", "Rahlgård",
                 "Schneider", "Helin", "Sandberg"]:
        assert name not in text, f"a real person's name: {name}"


def test_committed_schema_matches_its_generator() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_schema
    finally:
        sys.path.pop(0)
    assert schema_path().read_text(encoding="utf-8") == build_schema.render(), (
        "run: python tools/build_schema.py")


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                     "check-jsonschema")
    if not Path(found).exists():
        pytest.fail("check-jsonschema is not installed (it is in the dev extra)")
    return found


def test_independent_validator_accepts_the_schema() -> None:
    result = subprocess.run([_check_jsonschema(), "--check-metaschema", str(schema_path())],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_independent_validator_accepts_every_shipped_definition() -> None:
    result = subprocess.run(
        [_check_jsonschema(), "--schemafile", str(schema_path()),
         *[str(p) for p in definition_files(definitions_dir())]],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_committed_diagram_is_current(path: Path) -> None:
    from engine.definitions.diagram import markdown_diagram
    spec, _ = check_file(path)
    assert spec is not None
    diagram = ROOT / "docs" / "diagrams" / f"{spec.id}.md"
    assert diagram.read_text(encoding="utf-8") == markdown_diagram(spec), (
        f"run: stegvis show {spec.id} --write docs/diagrams/{spec.id}.md")
