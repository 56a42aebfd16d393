"""The door for a choice a person typed (an id or a name from a list): every command
that takes one refuses a wrong one in one line that shows the typed value cut after
64 characters (engine.inputs.numbers.shown_choice), and stores nothing.

A hostile tester pasted a page into ``--track``: the refusal printed all 3,000
characters back, and so did ``--active-at``, ``--exclusion``, ``--attest``,
``--type-case``, ``contact set --language`` and a dozen more.  The values are generated:
long, with quotes, control characters and right-to-left marks.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli.program import main

#: The commands, each with one option (or argument) holding the typed choice ``{}``.
ENROL = ["enrol", "rebus", "P-1", "--gender", "kvinna", "--birth-year", "1990",
         "--municipality", "Forshaga", "--coordinator", "anna"]
COMMANDS = {
    "enrol --active-at": [*ENROL, "--active-at", "{}"],
    "enrol --track": ["enrol", "vasteras", "P-1", "--gender", "kvinna", "--birth-year",
                      "1990", "--municipality", "Västerås", "--coordinator", "anna",
                      "--track", "{}"],
    "enrol --type-case": [*ENROL, "--type-case", "{}"],
    "enrol --exclusion": [*ENROL, "--exclusion", "{}"],
    "enrol --attest": [*ENROL, "--attest", "{}"],
    "enrol --income-at-start": [*ENROL, "--income-at-start", "{}"],
    "enrol --gender": ["enrol", "rebus", "P-1", "--gender", "{}", "--birth-year", "1990",
                       "--municipality", "Forshaga", "--coordinator", "anna"],
    "contact set --language": ["contact", "set", "coordinator", "anna", "anna@example.se",
                               "--language", "{}"],
    "contact set role": ["contact", "set", "role", "{}", "anna@example.se",
                         "--programme", "rebus"],
    "contact set e-mail": ["contact", "set", "coordinator", "anna", "{}"],
    "report --format": ["report", "rebus", "--format", "{}"],
    "report --period": ["report", "rebus", "--period", "{}"],
    "report, a word too many": ["report", "rebus", "{}"],
}

#: What a pasted or mistyped choice looks like.
VALUES = st.one_of(
    st.text(min_size=65, max_size=3000),
    st.sampled_from(["x" * 3000, "'; DROP TABLE cases; --" * 40, "a\x1b[2J" * 100,
                     "\u202eparty" * 50, "Arbetsf\u00f6rmedlingen\r\n" * 30]))


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's own refusal of a fixed list
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_a_wrong_choice_is_refused_in_one_short_line(command: str, value: str,
                                                     tmp_path: Path) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "anna",
                "--today", "2025-06-02"]
    argv = [value if a == "{}" else a for a in COMMANDS[command]]
    code, _, err = _run([*argv, *database])
    assert code != 0, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:500]
    # The value is shown at most 64 characters long (repr, escapes and "…" around it).
    assert len(lines[0]) < 64 * 4 + 300, lines[0][:400]
    assert value[:200] not in err or len(value) <= 64
    code, out, _ = _run(["cases", "--programme", "rebus", "--json", *database])
    assert code == 0 and "P-1" not in out  # nothing enrolled


def test_a_short_wrong_choice_is_shown_whole_with_the_closest_one(tmp_path: Path) -> None:
    """Cutting does not hide a plain typo: an id is shown whole and the near one named."""
    code, _, err = _run([*ENROL, "--active-at", "Arbetsformedlingen", "--database",
                         f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "anna", "--today",
                         "2025-06-02"])
    assert code != 0
    assert "'Arbetsformedlingen'" in err and "Arbetsförmedlingen" in err
