"""Eligibility as a pure function of (definition, facts about the person, date).

Returns every failed criterion with its reason, never just the first, so the
coordinator sees at once what stands in the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from engine.definitions.spec import ProgrammeSpec
from engine.errors import did_you_mean


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the coordinator knows and attests about a person at enrolment."""

    birth_year: int
    municipality: str
    birth_on: date | None = None
    parties_active: int | None = None
    income_support_from_referring_party: bool | None = None
    #: Criteria the coordinator attests are met (ids from eligibility.criteria).
    attested: frozenset[str] = field(default_factory=frozenset)
    #: Exclusions that apply to the person (ids from eligibility.exclusions).
    exclusions: frozenset[str] = field(default_factory=frozenset)


def age_on(day: date, birth_on: date) -> int:
    """Completed years on ``day``."""
    return day.year - birth_on.year - ((day.month, day.day) < (birth_on.month, birth_on.day))


def unknown_ids(spec: ProgrammeSpec, attested: Iterable[str],
                exclusions: Iterable[str]) -> list[str]:
    """Messages for criterion or exclusion ids that the definition does not have."""
    messages = []
    criteria = [c.id for c in spec.eligibility.criteria]
    excluding = [c.id for c in spec.eligibility.exclusions]
    for ident in attested:
        if ident not in criteria:
            hint = did_you_mean(ident, criteria) or "; criteria: " + ", ".join(criteria)
            messages.append(f"unknown criterion {ident!r}{hint}")
    for ident in exclusions:
        if ident not in excluding:
            hint = did_you_mean(ident, excluding) or "; exclusions: " + ", ".join(excluding)
            messages.append(f"unknown exclusion {ident!r}{hint}")
    return messages


def eligibility_failures(spec: ProgrammeSpec, person: PersonFacts,
                         on: date) -> list[tuple[str, str]]:
    """(criterion, reason) for every criterion the person does not meet on ``on``."""
    rules = spec.eligibility
    failures: list[tuple[str, str]] = []
    if rules.age_min is not None and rules.age_max is not None:
        failures.extend(_age(rules.age_min, rules.age_max, person, on))
    if rules.residence and person.municipality not in rules.residence:
        failures.append(("residence", f"registered in {person.municipality}; the programme "
                                      f"requires {', '.join(rules.residence)}"))
    if rules.min_parties is not None:
        if person.parties_active is None:
            failures.append(("min_parties", f"state at how many parties the person is an "
                                            f"active case (at least {rules.min_parties})"))
        elif person.parties_active < rules.min_parties:
            failures.append(("min_parties", f"active at {person.parties_active} "
                                            f"part{'y' if person.parties_active == 1 else 'ies'};"
                                            f" at least {rules.min_parties} required"))
    if rules.income_support_from_referring_party and \
            person.income_support_from_referring_party is not True:
        failures.append(("income_support", "income support must come from one of the "
                                           "referring parties; the programme pays none"))
    for criterion in rules.criteria:
        if criterion.id not in person.attested:
            why = f" ({criterion.reason})" if criterion.reason else ""
            failures.append((criterion.id, f"not attested: {criterion.text}{why}"))
    for exclusion in rules.exclusions:
        if exclusion.id in person.exclusions:
            failures.append((exclusion.id, f"excluded: {exclusion.text.rstrip('.')}. "
                                           f"{exclusion.reason}"))
    return failures


def _age(low: int, high: int, person: PersonFacts, on: date) -> list[tuple[str, str]]:
    if person.birth_on is not None:
        age = age_on(on, person.birth_on)
        if not low <= age <= high:
            return [("age", f"{age} years old on {on}; the programme takes {low}–{high}")]
        return []
    # Only the birth year is known: the age on `on` is one of two values.
    older = on.year - person.birth_year
    younger = older - 1
    if low <= younger and older <= high:
        return []
    if older < low or younger > high:
        return [("age", f"born {person.birth_year}: {younger} or {older} years old on {on}; "
                        f"the programme takes {low}–{high}")]
    return [("age", f"born {person.birth_year}: {younger} or {older} years old on {on}, on the "
                    f"edge of {low}–{high}; give the birth date to decide")]
