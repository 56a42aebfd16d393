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


EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "ungdom.yaml"


def _changed(tmp_path: Path, old: str, new: str) -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "ungdom.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return _messages(tmp_path / "ungdom.yaml")


def test_a_mistyped_meeting_id_gives_one_message(tmp_path: Path) -> None:
    # Once also "'styrelsemöte' is not the id of an item defined elsewhere in this file".
    assert _changed(tmp_path, "due: {before: 10 working days, meeting: styrelsemote}\n"
                              "      author: teamledare",
                    "due: {before: 10 working days, meeting: styrelsemöte}\n"
                    "      author: teamledare") == [
        "unknown meeting 'styrelsemöte'; did you mean 'styrelsemote'?"]


def test_a_calendar_date_where_a_duration_is_wanted_points_to_the_forms_with_dates(
        tmp_path: Path) -> None:
    (message,) = _changed(tmp_path, "interval: 2 weeks", "interval: 2028-02-28")
    assert message.endswith("; that is a calendar date, and this key takes a length of time "
                            "(how long after the event that starts it); dates are written in "
                            "valid: {from, to}, a meeting's schedule.starts and a report's "
                            "due: {dates: […]}")


def test_a_time_limit_written_as_a_length_shows_the_mapping(tmp_path: Path) -> None:
    assert _changed(tmp_path, "time_limit: {max: 6 weeks, warn_before: 1 week}",
                    "time_limit: 6 weeks") == [
        "expected a mapping of keys, got text '6 weeks'; a phase's time limit is a mapping: "
        "time_limit: {max: 6 weeks} (with warn_before: 1 week for a warning)"]


CONSENT = ("consent to take part, with its date recorded on the case, is written "
           "eligibility: {consent: required} (the coordinator gives the date at enrolment: "
           "stegvis enrol --consent-on DATE)")


def test_consent_as_eligibility_names_the_construct(tmp_path: Path) -> None:
    assert _changed(tmp_path, "consent: required", "consent: true") == [
        f"True is not allowed here; expected one of: required, not_required; {CONSENT}"]
    assert _changed(tmp_path, "eligibility:\n", "eligibility:\n  samtycke: krävs\n") == [
        f"unknown key 'samtycke'; {CONSENT}"]
    assert _changed(tmp_path, "consent: required", "consent: not_required") == []
