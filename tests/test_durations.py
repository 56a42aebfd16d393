"""Date arithmetic behind every due date: month ends, leap days, Swedish working days."""

from datetime import date

import pytest

from engine.dates.durations import (
    DURATION_PATTERN,
    Duration,
    add_working_days,
    holiday_name,
    is_working_day,
    previous_working_day,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2 months", Duration(2, "months")),
    ("1 month", Duration(1, "months")),
    ("10 working days", Duration(10, "working_days")),
    ("2 månader", Duration(2, "months")),
    ("10 arbetsdagar", Duration(10, "working_days")),
    ("1 år", Duration(1, "years")),
    ("0 days", Duration(0, "days")),
])
def test_durations_parse_in_english_and_swedish(text: str, expected: Duration) -> None:
    assert Duration.parse(text) == expected


@pytest.mark.parametrize("text", ["2 mons", "two months", "2months", "-1 days", "", "P2M"])
def test_bad_durations_are_refused_with_the_bad_text_and_examples(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration") as info:
        Duration.parse(text)
    assert repr(text) in str(info.value)
    assert "2 months" in str(info.value)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    month = Duration(1, "months")
    assert month.after(date(2023, 1, 31)) == date(2023, 2, 28)
    assert month.after(date(2024, 1, 31)) == date(2024, 2, 29)  # leap year
    assert Duration(1, "years").after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert month.before(date(2024, 3, 31)) == date(2024, 2, 29)


def test_a_series_is_computed_from_its_anchor_and_does_not_drift() -> None:
    two_months = Duration(2, "months")
    series = [two_months.after(date(2024, 1, 31), k) for k in range(1, 5)]
    assert series == [date(2024, 3, 31), date(2024, 5, 31), date(2024, 7, 31), date(2024, 9, 30)]
    # Adding step by step would have drifted to the 29th/30th after February.
    assert Duration(1, "months").after(date(2024, 1, 31), 3) == date(2024, 4, 30)


def test_swedish_public_and_de_facto_holidays_are_not_working_days() -> None:
    for day in [date(2024, 3, 29), date(2024, 4, 1), date(2024, 6, 21), date(2024, 12, 24),
                date(2024, 12, 31), date(2025, 6, 6), date(2024, 5, 9)]:
        assert not is_working_day(day), (day, holiday_name(day))
    assert holiday_name(date(2024, 6, 21)) == "Midsommarafton"
    assert is_working_day(date(2024, 12, 23))
    assert not is_working_day(date(2024, 12, 28))  # a Saturday


def test_working_days_skip_weekends_and_holidays_in_both_directions() -> None:
    # Thursday before Easter 2024 + 1 working day: Good Friday and Easter Monday are off.
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)
    assert add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 28)
    # Friday 20 Dec 2024: 23 Dec (1), 24–26 Dec off, 27 Dec (2), 30 Dec (3).
    assert add_working_days(date(2024, 12, 20), 3) == date(2024, 12, 30)
    # …31 Dec and 1 Jan off, 2 (4), 3 (5), 6 Jan Trettondedag off, 7–10 (6–9), 13 Jan (10).
    assert Duration.parse("10 working days").after(date(2024, 12, 20)) == date(2025, 1, 13)
    assert previous_working_day(date(2024, 12, 31)) == date(2024, 12, 30)


def test_duration_text_in_swedish() -> None:
    assert Duration(1, "years").swedish() == "1 år"
    assert Duration(2, "months").swedish() == "2 månader"
    assert Duration(1, "working_days").swedish() == "1 arbetsdag"
    assert str(Duration(1, "months")) == "1 month"


def test_the_schema_uses_the_same_duration_pattern() -> None:
    from engine.definitions.schema_check import programme_schema
    assert programme_schema()["$defs"]["duration"]["pattern"] == DURATION_PATTERN
