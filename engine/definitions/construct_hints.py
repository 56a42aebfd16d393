"""Hints that name the construct a person probably meant.

A schema error says what is wrong; when the language has a construct for what the
writer was evidently after (``cadence: monthly``, ``due: "10th of next month"``, a
``max_duration`` key on a phase), the message also says how to write it.  The tables
here map what people write to that construct; ``docs/definition-language.md`` shows
each construct with an example.
"""

from __future__ import annotations

import re
from typing import Any

from engine.definitions.yaml_source import Path

#: Consent as an eligibility condition (issue 25): ``eligibility: {consent: required}``.
_CONSENT = ("consent to take part, with its date recorded on the case, is written "
            "eligibility: {consent: required} (the coordinator gives the date at enrolment: "
            "stegvis enrol --consent-on DATE)")

_MONTHLY = "for a report every month write cadence: {every: 1 month} (any number of months)"

#: (field name, value as written, lower case) → what to write instead.
_VALUES: dict[tuple[str, str], str] = {
    **{("cadence", word): _MONTHLY for word in (
        "monthly", "month", "months", "every_month", "månadsvis", "manadsvis", "månad",
        "manad", "månatlig", "manatlig")},
    **{("cadence", word): "for a report every second month write cadence: {every: 2 months}"
       for word in ("bimonthly", "every_two_months", "varannan_manad", "varannan månad")},
    **{("cadence", word): "write cadence: annual" for word in ("yearly", "årsvis", "arsvis",
                                                                  "year", "år")},
    **{("cadence", word): "write cadence: half_year" for word in (
        "semiannual", "semi_annual", "biannual", "halvår", "halvar", "halvårsvis",
        "halvarsvis", "six_monthly")},
    **{("cadence", word): "write cadence: quarterly" for word in ("kvartal", "kvartalsvis",
                                                                  "quarter")},
    **{("cadence", word): "reports follow whole months; write cadence: {every: N months}"
       for word in ("weekly", "veckovis", "daily")},
    ("anchor", "phase_entry"): "a series that begins when a phase is entered: write "
                               "starts: phase_entry and phase: ID (anchor stays start or "
                               "previous)",
    ("anchor", "referral"): "a series counted from the referral: write starts: referral",
    ("when", "referred"): "write when: referral",
    ("when", "remiss"): "write when: referral",
    ("when", "phase_exit"): "a limit on the time in a phase is written on the phase: "
                            "time_limit: {max: 6 weeks}",
    ("denominator", "all_exits_except"): "exclusions are written denominator: "
                                         "{of: all_exits, except: [OUTCOME]}",
}

#: Unknown key (lower case) → what to write instead, wherever it stands.
_KEYS: dict[str, str] = {
    **{key: "a phase's time limit is written time_limit: {max: 6 weeks, warn_before: 1 week}"
       for key in ("max_duration", "max_time", "maxtid", "duration", "limit", "max")},
    **{key: "the referral date is a fact of the case (stegvis enrol --referred-on DATE); "
            "count from it with when: referral (tasks) or starts: referral (follow-ups)"
       for key in ("referral", "referral_date", "referred_on", "remissdatum")},
    **{key: "extra attendees at every n-th meeting: extra_attendees: "
            "[{every: 3, attendees: [ROLE]}]"
       for key in ("every_nth", "every_third", "nth", "also_every")},
    **{key: "exclusions from a denominator: denominator: {of: all_exits, except: [OUTCOME]}"
       for key in ("exclude", "excluding", "except", "denominator_except", "exclusions")},
    **{key: "a deadline before a meeting: due: {before: 10 working days, meeting: MEETING_ID}"
       for key in ("before_meeting", "meeting_before")},
    **{key: "a series that begins when a phase is entered: starts: phase_entry, phase: ID"
       for key in ("start_phase", "from_phase", "on_phase_entry")},
    **{key: _CONSENT for key in ("samtycke", "consent_required", "requires_consent")},
}

#: Where a key hint would mislead (``duration`` and ``max`` are real keys elsewhere).
_KEY_PLACES: dict[str, tuple[str, ...]] = {
    "duration": ("phases",), "limit": ("phases",), "max": ("phases",),
    "except": ("targets",), "exclude": ("targets",), "excluding": ("targets",),
    "exclusions": ("targets",), "samtycke": ("eligibility",),
    "consent_required": ("eligibility",), "requires_consent": ("eligibility",),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_BEFORE_MEETING = re.compile(r"\bbefore\b|\bföre\b|\binnan\b", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b\d{1,2}(st|nd|rd|th|:e|e)\b|\bof (the )?(next|following) month"
                           r"|\bnästa månad|\bmånaden efter", re.IGNORECASE)
_MONTH_END = re.compile(r"month[- ]end|end of (the )?month|månadens slut|månadsskifte",
                        re.IGNORECASE)


def _field(path: Path) -> str:
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "")


def value_hint(path: Path, value: Any) -> str:
    """``"; for a report every month write …"`` or ``""`` when no construct fits."""
    field = _field(path)
    if field == "consent" and "eligibility" in path:
        return f"; {_CONSENT}"
    if isinstance(value, str):
        found = _VALUES.get((field, value.strip().lower()))
        if found:
            return f"; {found}"
        if field in ("due", "complete_by"):
            if _BEFORE_MEETING.search(value):
                return "; a deadline before a meeting is written due: {before: 10 working days, " \
                       "meeting: MEETING_ID}"
            if _MONTH_END.search(value):
                return "; the last day of the month after the period: due: {day: 31} " \
                       "(a day past a month's end is its last day)"
            if _DAY_OF_MONTH.search(value):
                return "; a fixed day of a following month: due: {day: 10, months_after: 1}"
        if field == "interval" and value.strip().lower() in ("monthly", "weekly", "månadsvis"):
            return "; write the interval as a duration, e.g. '1 month' or '2 weeks'"
        if field == "time_limit":
            return "; a phase's time limit is a mapping: time_limit: {max: 6 weeks} " \
                   "(with warn_before: 1 week for a warning)"
        if _ISO_DATE.match(value.strip()):
            if field == "due":
                return "; that is a calendar date, and due takes a length of time after the " \
                       "period; a report due on fixed days is written due: {dates: " \
                       "[{period_ends: \"12-31\", on: \"02-28\"}]}"
            return "; that is a calendar date, and this key takes a length of time (how long " \
                   "after the event that starts it); dates are written in valid: {from, to}, " \
                   "a meeting's schedule.starts and a report's due: {dates: […]}"
    return ""


def key_hint(path: Path, key: str) -> str:
    """``"; a phase's time limit is written …"`` for an unknown ``key`` at ``path``."""
    lowered = key.lower()
    found = _KEYS.get(lowered)
    if found is None:
        return ""
    places = _KEY_PLACES.get(lowered)
    if places and not any(p in path for p in places):
        return ""
    return f"; {found}"
