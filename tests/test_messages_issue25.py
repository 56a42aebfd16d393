"""Messages that misled the administrator who wrote a programme from the docs alone
(issue 25), quoted as they read now."""

from __future__ import annotations

from pathlib import Path

from engine.definitions.loading import check_file

BROKEN = Path(__file__).resolve().parent / "broken"


def _messages(path: Path) -> list[str]:
    return [p.message for p in check_file(path)[1] if p.severity == "error"]


def test_a_missing_phase_is_not_called_a_misspelling_of_a_valid_key() -> None:
    # Once: "missing required key 'phase'; is 'in_phases' a misspelling of it?"
    assert _messages(BROKEN / "series_phase_entry_without_phase.yaml") == [
        "missing required key 'phase' (the phase whose entry starts the series)"]
