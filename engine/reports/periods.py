"""Which days a report covers: a year, half-year, quarter, one of the definition's
report periods, the whole programme, or any span.

``2026``, ``2026-H1``, ``2026-Q3``, ``REPORT_ID:NUMBER`` (``kvartalsrapport:3`` is
Hofors "Rapport 3"), ``final`` (from the programme's start to its end, or to today if
it has none) or ``--from``/``--to``.  A period is clipped to the programme's validity;
one that has not begun, or lies wholly outside the programme, is refused.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, did_you_mean
from engine.inputs.numbers import is_whole_number, shown, shown_choice
from engine.reports import formatting
from engine.reports.model import Period
from engine.reports.texts import Lang, label
from engine.rules.programme_calendar import report_periods

_YEAR = re.compile(r"([0-9]{4})")
_PART = re.compile(r"([0-9]{4})-([HhQq])([0-9])")
_HELP = ("write 2026, 2026-H1, 2026-Q3, REPORT_ID:NUMBER (e.g. kvartalsrapport:3), final, "
         "or --from DATE --to DATE")


def resolve_period(spec: ProgrammeSpec, text: str | None, today: date, lang: Lang = "sv",
                   from_on: date | None = None, to_on: date | None = None) -> Period:
    """The period ``text`` (or ``from_on``–``to_on``) of ``spec``; InputError if impossible.

    Without either, the current calendar year.
    """
    if (from_on is None) != (to_on is None):
        raise InputError("give both --from and --to, or neither")
    if from_on is not None and to_on is not None:
        if text is not None:
            raise InputError("give either --period or --from/--to, not both")
        if to_on < from_on:
            raise InputError(f"the period ends ({to_on}) before it starts ({from_on})")
        key = f"{from_on.isoformat()}..{to_on.isoformat()}"
        # In words, as a title says it ("1 januari – 31 mars 2024"), not ISO dates.
        period = Period(key, label(lang, "period.span", start=formatting.day(from_on, lang),
                                   end=formatting.day(to_on, lang)), from_on, to_on)
    else:
        period = _named(spec, (text or str(today.year)).strip(), today, lang)
    return _checked(spec, period, today)


def _named(spec: ProgrammeSpec, text: str, today: date, lang: Lang) -> Period:
    if _YEAR.fullmatch(text):
        year = int(text)
        return Period(text, label(lang, "period.year", year=year), date(year, 1, 1),
                      date(year, 12, 31))
    part = _PART.fullmatch(text)
    if part:
        year, kind, number = int(part[1]), part[2].upper(), int(part[3])
        months = 6 if kind == "H" else 3
        if not 1 <= number <= 12 // months:
            which = "H1 and H2" if kind == "H" else "Q1–Q4"
            raise InputError(f"there is no {shown_choice(text)}: {which}")
        start = date(year, (number - 1) * months + 1, 1)
        end_month = number * months
        end = date(year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
        key = f"{year}-{kind}{number}"
        return Period(key, label(lang, f"period.{kind}{number}", year=year), start, end)
    if text.lower() == "final":
        end = spec.valid_to or today
        return Period("final", label(lang, "period.final"), spec.valid_from, end)
    report_id, sep, number_text = text.partition(":")
    if sep:
        return _report_period(spec, report_id.strip(), number_text.strip(), today, lang)
    raise InputError(f"{shown_choice(text)} is not a period; {_HELP}")


def _report_period(spec: ProgrammeSpec, report_id: str, number_text: str,
                   today: date, lang: Lang = "sv") -> Period:
    ids = [r.id for r in spec.reports]
    report = next((r for r in spec.reports if r.id == report_id), None)
    if report is None:
        known = ", ".join(ids) or "none"
        raise InputError(f"{spec.name} has no report {shown_choice(report_id)}"
                         f"{did_you_mean(report_id, ids) or f'; its reports: {known}'}")
    if not is_whole_number(number_text, low=1, high=10_000):
        raise InputError(f"{shown(number_text)} is not a report number; write {report_id}:1, "
                         f"{report_id}:2, …")
    number = int(number_text)
    # Enough periods to reach any number asked for (a cadence counts from the start).
    span_to = max(today, spec.valid_to or today) + timedelta(days=400)
    periods = report_periods(spec, report, span_to)
    found = next(((s, e) for n, s, e in periods if n == number), None)
    if found is None:
        raise InputError(f"{report.name} has periods 1–{len(periods)}, not {number}")
    single = report.cadence == "final" or len(periods) == 1
    return Period(f"{report.id}:{number}",
                  period_title(report.name, number, found[0], found[1], single, lang),
                  found[0], found[1])


#: Words in a report's name that promise a length of period, in months.
_PROMISES = {"månad": 1, "kvartal": 3, "tertial": 4, "halvår": 6, "års": 12, "month": 1,
             "quarter": 3, "half-year": 6, "annual": 12}


def period_title(name: str, number: int, starts_on: date, ends_on: date, single: bool,
                 lang: Lang) -> str:
    """What a report of the calendar is called (issue 22, finding 5): "Årsrapport 2025"
    for a calendar year (not "Årsrapport 9"), the number and the span otherwise
    ("Rapport 3 (1–31 mars 2022)"), and plain "Rapport" where the name promises a length
    the period does not have (Hofors's "Kvartalsrapport" of one month)."""
    if single:
        return name
    if (starts_on.month, starts_on.day, ends_on.month, ends_on.day) == (1, 1, 12, 31) \
            and starts_on.year == ends_on.year:
        return f"{name} {starts_on.year}"
    months = (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month + 1
    promised = next((n for word, n in _PROMISES.items() if word in name.lower()), None)
    if promised is not None and promised != months:
        name = "Rapport" if lang == "sv" else "Report"
    return f"{name} {number} ({formatting.short_span(starts_on, ends_on, lang)})"


def _checked(spec: ProgrammeSpec, period: Period, today: date) -> Period:
    if period.starts_on > today:
        raise InputError(f"the period {period.label} ({period.starts_on} – {period.ends_on}) "
                         f"has not begun (today is {today})")
    if period.ends_on < spec.valid_from or (spec.valid_to and period.starts_on > spec.valid_to):
        until = spec.valid_to.isoformat() if spec.valid_to else "open-ended"
        raise InputError(f"{spec.name} runs {spec.valid_from} – {until}; the period "
                         f"{period.label} ({period.starts_on} – {period.ends_on}) is outside it")
    start = max(period.starts_on, spec.valid_from)
    end = min(period.ends_on, spec.valid_to) if spec.valid_to else period.ends_on
    return Period(period.key, period.label, start, end)


def as_of(period: Period, today: date) -> date:
    """The day the figures describe: the period's last day, or today if it is not over."""
    return min(period.ends_on, today)
