"""The corpus of broken definitions in tests/broken: every mistake is reported where it is.

Each file is the valid skeleton ``tests/fixtures/minimal_valid.yaml`` with one deliberate
mistake (a few have more, to prove that every error in a file is reported).  Comment
lines at the top state what ``stegvis validate`` must say::

    # expect: LINE:COL: substring of the message

LINE and COL are 1-based positions in the same file (the comment lines count).  The
file must produce exactly these errors: no fewer, and no extra ones to confuse the
person reading them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.definitions.loading import check_file
from engine.errors import Problem

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
SKELETON = ROOT / "tests" / "fixtures" / "minimal_valid.yaml"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")

BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))

#: Files whose expectation the engine does not meet yet, with the reason.  Strict: when
#: the engine is fixed the test fails as XPASS, and the entry must be removed.
KNOWN_ISSUES: dict[str, str] = {}


def _text_of(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return raw.decode("utf-32")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # the expect comments of such files are ASCII


def expectations(path: Path) -> list[tuple[int, int, str]]:
    """The ``# expect:`` lines of a corpus file as (line, column, substring)."""
    found = []
    for line in _text_of(path.read_bytes()).splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3].strip()))
    return found


def _describe(problems: list[Problem]) -> str:
    return "\n".join(f"  {p.line}:{p.column}: [{p.severity}] {p.message}" for p in problems)


def test_corpus_is_large_enough() -> None:
    assert len(BROKEN_FILES) >= 35


def test_skeleton_is_valid_without_any_problem() -> None:
    spec, problems = check_file(SKELETON)
    assert problems == [], _describe(problems)
    assert spec is not None
    assert spec.id == "mini"


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.name,
                  marks=[pytest.mark.xfail(reason=KNOWN_ISSUES[p.name], strict=True)]
                  if p.name in KNOWN_ISSUES else [])
     for p in BROKEN_FILES],
)
def test_broken_definition_reports_every_mistake(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect: LINE:COL: text' line"

    spec, problems = check_file(path)
    errors = [p for p in problems if p.severity == "error"]
    report = _describe(problems)

    assert spec is None, f"{path.name} was accepted as valid"
    unmatched = list(errors)
    for line, column, text in expected:
        match = next((p for p in unmatched
                      if p.line == line and p.column == column and text in p.message), None)
        assert match is not None, (
            f"{path.name}: expected an error at {line}:{column} containing {text!r}; "
            f"got:\n{report}")
        unmatched.remove(match)
        assert str(match).startswith(f"{path}:{line}:{column}: "), str(match)
    assert not unmatched, (
        f"{path.name}: {len(errors)} errors for {len(expected)} expected; extra:\n"
        f"{_describe(unmatched)}")


CLI_FILES = ["unknown_key_typo.yaml", "latin1_encoding.yaml", "tab_indentation.yaml",
             "several_mistakes.yaml", "empty_file.yaml", "yaml_syntax_error.yaml"]


def test_cli_prints_file_line_column_and_no_traceback() -> None:
    paths = [str(Path("tests") / "broken" / name) for name in CLI_FILES]
    result = subprocess.run(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())",
         "validate", *paths],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no problems printed on stderr"
    shape = re.compile(r"^(tests/broken/[a-z0-9_]+\.yaml):(\d+):(\d+): \S")
    printed = set()
    for out in lines:
        match = shape.match(out)
        assert match, f"not in file:line:col: form: {out!r}"
        printed.add(match[1])
    assert printed == {p.replace("\\", "/") for p in paths}
    for path in paths:
        for line, column, text in expectations(ROOT / path):
            assert any(out.startswith(f"{path}:{line}:{column}: ") and text in out
                       for out in lines), f"{path}:{line}:{column}: {text!r} not printed"
    assert f"{len(paths)} file(s) checked, {len(paths)} with errors" in result.stdout
