"""ruff and mypy --strict stay clean: part of the suite so CI enforces them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_ruff_is_clean() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "engine", "workflows", "tests", "tools",
                             "bench"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([str(BIN / "mypy")], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contract_holds() -> None:
    """import-linter: the packages' layers, a pure core, and no circles (pyproject.toml)."""
    result = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contract_fails_when_the_core_imports_sql(tmp_path: Path) -> None:
    """The contract is not vacuous: a copy of the tree whose timeline imports SQLAlchemy,
    whose date parser imports the program that registers it, and whose case enrolment
    imports programme work (a sibling area of the service layer) breaks it."""
    import shutil

    for folder in ("engine", "workflows"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "engine" / "rules" / "timeline.py").open("a") as timeline:
        timeline.write("\nimport sqlalchemy  # noqa\n")
    with (tmp_path / "engine" / "cli" / "options.py").open("a") as options:
        options.write("\nfrom engine.cli import program  # noqa\n")
    with (tmp_path / "engine" / "service" / "cases" / "enrolment.py").open("a") as enrolment:
        enrolment.write("\nfrom engine.service.programme import report_data  # noqa\n")
    result = subprocess.run([str(BIN / "lint-imports")], cwd=tmp_path, capture_output=True,
                            text=True, check=False, env={"PYTHONPATH": str(tmp_path),
                                                         "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "engine.rules.timeline -> sqlalchemy" in result.stdout
    assert "No cycles are allowed in engine.cli" in result.stdout
    assert "Service areas: reminders | people -> programme | cases -> shared BROKEN" in (
        result.stdout)
