"""Stegvis installed as a municipality's IT department installs it, not as a checkout.

``python -m build`` makes the sdist and, from it, the wheel; the wheel goes into a fresh
virtual environment, and the commands run from a folder outside the checkout.  The
environment borrows this test environment's site-packages (a ``.pth`` file) for the
dependencies, so nothing is downloaded: only Stegvis itself comes from the wheel, and
the tests check that it is the wheel's engine that runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Source folders and where their files sit in an installation (pyproject.toml maps
#: the top-level process_defs/ onto the package engine.programmes).
SHIPPED_FOLDERS = {"engine": "engine", "workflows": "workflows",
                   "process_defs": "engine/programmes"}
REBUS = ["--gender", "kvinna", "--birth-year", "1985", "--municipality", "Hagfors",
         "--active-at", "af", "hagfors", "--income-support-from-referring-party",
         "--attest", "utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering",
         "--coordinator", "anna", "--today", "2024-01-31", "--as", "anna"]


def _run(args: list[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                            check=False, timeout=300, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _source_files() -> dict[str, Path]:
    """Every file of the shipped folders, by its path inside an installation."""
    files = {}
    for folder, installed in SHIPPED_FOLDERS.items():
        for path in (ROOT / folder).rglob("*"):
            # Compiled and extracted catalogues are made, not sources (git ignores them).
            if path.is_file() and "__pycache__" not in path.parts \
                    and path.suffix not in (".pyc", ".mo", ".pot"):
                files[f"{installed}/{path.relative_to(ROOT / folder).as_posix()}"] = path
    return files


def test_the_package_list_names_every_package_on_disk() -> None:
    """The packages are listed by hand (for the mapping); a new one must be added there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts)
               for top in ("engine", "workflows") for init in (ROOT / top).rglob("__init__.py")}
    missing = sorted(on_disk - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert config["tool"]["setuptools"]["package-dir"] == {"engine.programmes": "process_defs"}


@dataclass(frozen=True)
class Installation:
    dist: Path
    venv: Path
    home: Path
    elsewhere: Path

    def stegvis(self, *args: str | Path, check: bool = True,
                definitions: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run the installed ``stegvis`` from a folder outside the checkout."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("STEGVIS_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update(STEGVIS_HOME=str(self.home), PATH=f"{self.venv / 'bin'}:{env['PATH']}")
        if definitions:
            env["STEGVIS_DEFINITIONS"] = str(definitions)
        result = subprocess.run([str(self.venv / "bin" / "stegvis"), *map(str, args)],
                                capture_output=True, text=True, cwd=self.elsewhere, env=env,
                                check=False, timeout=120)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    # A clean copy: a stale stegvis.egg-info of the checkout would carry files into the
    # sdist that pyproject.toml no longer names.
    source = tmp_path_factory.mktemp("source") / "stegvis"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", ".*cache*",
        ".hypothesis", "*.mo", "*.pot"))
    dist = tmp_path_factory.mktemp("dist")
    # Without isolation: the build backend is this environment's setuptools (dev extra),
    # so the build needs no download.  The wheel is built from the sdist, as pip would.
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source])
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                        ).stdout.strip())
    (purelib / "borrowed-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    wheel = next(dist.glob("stegvis-*.whl"))
    # --ignore-installed: the checkout's editable install is visible through the .pth
    # file; leave it alone and install the wheel beside it.
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
          "--no-index", "--ignore-installed", wheel])
    return Installation(dist, venv, tmp_path_factory.mktemp("home"),
                        tmp_path_factory.mktemp("elsewhere"))


def test_the_wheel_and_the_sdist_carry_every_file_of_the_source(
        installed: Installation) -> None:
    wanted = set(_source_files())
    with zipfile.ZipFile(next(installed.dist.glob("*.whl"))) as wheel:
        in_wheel = {n for n in wheel.namelist() if ".dist-info/" not in n}
    assert not wanted - in_wheel, "missing from the wheel (add a package-data glob " \
        f"in pyproject.toml): {sorted(wanted - in_wheel)}"
    assert {"engine/programmes/rebus.yaml", "engine/programmes/schema/programme.schema.json",
            "engine/store/migrations/versions/0001_initial_schema.py",
            "engine/store/migrations/script.py.mako"} <= in_wheel
    # The compiled catalogue, made from the .po when the wheel was built (setup.py).
    assert {"engine/locale/en/LC_MESSAGES/stegvis.po",
            "engine/locale/en/LC_MESSAGES/stegvis.mo"} <= in_wheel
    with tarfile.open(next(installed.dist.glob("*.tar.gz"))) as sdist:
        in_sdist = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    sources = {path.relative_to(ROOT).as_posix() for path in _source_files().values()}
    assert not sources - in_sdist, f"missing from the sdist: {sorted(sources - in_sdist)}"


def test_the_installed_commands_read_what_the_wheel_installed(
        installed: Installation) -> None:
    venv = re.escape(str(installed.venv))
    where = installed.stegvis("--verbose", "validate")
    engine_file = _run([installed.venv / "bin" / "python", "-c",
                        "import engine; print(engine.__file__)"],
                       cwd=installed.elsewhere).stdout.strip()
    assert engine_file.startswith(str(installed.venv)), engine_file  # not the checkout's
    assert re.search(rf"^5 file\(s\) checked, 0 with errors in {venv}\S*/engine/"
                     r"programmes \(shipped with Stegvis\)$", where.stdout, re.M), where.stdout
    assert where.stderr.startswith(f"stegvis: definitions from {installed.venv}")

    schema = Path(installed.stegvis("schema").stdout.strip())
    assert schema.is_file() and schema.is_relative_to(installed.venv)
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(
        (ROOT / "process_defs" / "schema" / "programme.schema.json").read_text(encoding="utf-8"))

    # The demo opens a temporary database: the migrations come from the wheel too.
    demo = installed.stegvis("demo", "--date", "2026-11-23").stdout
    assert "rebus.yaml: giltig (Projekt REBUS, version 1)" in demo
    assert "demo-R1: inskriven i Projekt REBUS 14 september 2026 som ärende 1" in demo
    assert "Subject: Stegvis: 3 att göra – 2026-11-23" in demo


def test_a_programme_copied_by_init_and_changed_there_is_what_enrol_uses(
        installed: Installation, tmp_path: Path) -> None:
    folder = tmp_path / "kommunens-program"
    installed.stegvis("init", folder)
    rebus = folder / "rebus.yaml"
    first = rebus.read_text(encoding="utf-8").splitlines()[0]
    schema = folder / first.removeprefix("# yaml-language-server: $schema=")
    assert schema.is_file() and json.loads(schema.read_text(encoding="utf-8"))["$defs"]
    refused = installed.stegvis("init", folder, check=False)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr

    rebus.write_text(rebus.read_text(encoding="utf-8").replace(
        "name: Projekt REBUS", "name: REBUS i Hagfors", 1), encoding="utf-8")
    assert f"0 with errors in {folder}" in installed.stegvis("validate").stdout
    database = f"sqlite:///{tmp_path / 'stegvis.db'}"
    installed.stegvis("enrol", "rebus", "P-1", *REBUS, "--database", database)
    shown = json.loads(installed.stegvis("case", "show", "1", "--json", "--database",
                                         database).stdout)
    assert shown["programme"]["name"] == "REBUS i Hagfors"
