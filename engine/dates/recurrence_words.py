"""Recurrence rules in Swedish words: ``FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU`` is
"varannan månad, andra tisdagen".

Definitions schedule meetings by RFC 5545 rules (:mod:`engine.dates.recurrence`);
programme administrators and boards read them as a sentence.  The parts the shipped
programmes and the definition language's examples use are worded (FREQ, INTERVAL,
BYMONTH, BYDAY with or without an ordinal, BYMONTHDAY); a rule with any other part
returns None, and the caller lists the dates the rule gives instead.
"""

from __future__ import annotations

import re

_WEEKDAYS = {"MO": "måndag", "TU": "tisdag", "WE": "onsdag", "TH": "torsdag", "FR": "fredag",
             "SA": "lördag", "SU": "söndag"}
_ORDINALS = {1: "första", 2: "andra", 3: "tredje", 4: "fjärde", 5: "femte", -1: "sista",
             -2: "näst sista"}
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
_UNITS = {"DAILY": ("dag", "dag"), "WEEKLY": ("vecka", "vecka"),
          "MONTHLY": ("månad", "månad"), "YEARLY": ("år", "år")}
_WORDED = {"FREQ", "INTERVAL", "BYMONTH", "BYDAY", "BYMONTHDAY", "WKST"}
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def listing(items: list[str]) -> str:
    """``a, b och c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def _every(freq: str, interval: int) -> str:
    unit = _UNITS[freq][0]
    neuter = freq == "YEARLY"  # ett år: vartannat år; en månad: varannan månad
    if interval == 1:
        return f"varje {unit}"
    if interval == 2:
        return f"{'vartannat' if neuter else 'varannan'} {unit}"
    return f"{'vart' if neuter else 'var'} {interval}:e {unit}"


def _days(text: str) -> str | None:
    parts = []
    plain = []
    for item in text.split(","):
        found = _DAY.match(item.strip())
        if found is None:
            return None
        weekday = _WEEKDAYS[found.group(2)]
        if found.group(1):
            ordinal = _ORDINALS.get(int(found.group(1)))
            if ordinal is None:
                return None
            parts.append(f"{ordinal} {weekday}en")
        else:
            plain.append(f"{weekday}ar")
    if parts and plain:
        return None
    return listing(parts) if parts else "på " + listing(plain)


def _month_days(text: str) -> str | None:
    out = []
    for item in text.split(","):
        try:
            number = int(item)
        except ValueError:
            return None
        if number == -1:
            out.append("sista dagen")
        elif 1 <= number <= 31:
            out.append(f"den {number}:e")
        else:
            return None
    return listing(out)


def rule_in_words(rule: str) -> str | None:
    """The rule as a Swedish phrase, or None when it uses a part not worded here."""
    fields: dict[str, str] = {}
    for part in rule.strip().removeprefix("RRULE:").split(";"):
        name, _, value = part.partition("=")
        if not value or name.upper() not in _WORDED:
            return None
        fields[name.upper()] = value.upper()
    freq = fields.get("FREQ")
    if freq not in _UNITS:
        return None
    given = fields.get("INTERVAL", "1")
    interval = int(given) if given.isdigit() else 0
    if interval < 1:
        return None
    every = _every(freq, interval)
    day = None
    if "BYDAY" in fields:
        day = _days(fields["BYDAY"])
        if day is None:
            return None
    if "BYMONTHDAY" in fields:
        if day is not None:
            return None
        day = _month_days(fields["BYMONTHDAY"])
        if day is None:
            return None
    months = None
    if "BYMONTH" in fields:
        try:
            numbers = [int(m) for m in fields["BYMONTH"].split(",")]
        except ValueError:
            return None
        if not all(1 <= m <= 12 for m in numbers):
            return None
        months = listing([MONTHS[m - 1] for m in numbers])
    if freq == "YEARLY" and months is not None:
        when = f"{day} i {months}" if day else f"i {months}"
        return when if interval == 1 else f"{every}, {when}"
    if months is not None:
        return None  # a monthly or weekly rule limited to some months: not worded
    return f"{every}, {day}" if day else every
