"""A release has one version, written once, that every part of Stegvis reports alike.

Before, every commit was 0.1.0, so ``pip install --upgrade`` kept the old code.  The
version lives in engine/version.py: the wheel's metadata reads it (pyproject.toml),
``stegvis --version`` prints it, and the changelog's newest entry names it.  It must be
above the last release's, 0.1.0 (commit 813da4e).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.version import Version

from engine.version import __version__

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_RELEASE = Version("0.1.0")


def test_the_command_says_its_version() -> None:
    shown = subprocess.run([sys.executable, "-c", "from engine.cli import main; main()",
                            "--version"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert shown.stdout.strip() == f"stegvis {__version__}"


def test_the_version_is_written_once_and_is_above_the_last_release() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "engine.version.__version__"}
    assert Version(__version__) > PREVIOUS_RELEASE


def test_the_changelogs_newest_entry_is_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (\d+\.\d+\.\d+)", changelog, flags=re.MULTILINE)
    assert releases[0] == __version__
    assert str(PREVIOUS_RELEASE) in releases
