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
from engine.inputs.numbers import shown_choice


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the coordinator knows and attests about a person at enrolment."""

    birth_year: int
    municipality: str
    birth_on: date | None = None
    parties_active: int | None = None
    #: The parties (ids of organisation.parties) the person is an active case at, when the
    #: coordinator named them (issue 25); ``None`` when only a number was given.
    active_parties: frozenset[str] | None = None
    #: The day the participant consented to taking part, when given.
    consent_on: date | None = None
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
            messages.append(f"unknown criterion {shown_choice(ident)}{hint}")
    for ident in exclusions:
        if ident not in excluding:
            hint = did_you_mean(ident, excluding) or "; exclusions: " + ", ".join(excluding)
            messages.append(f"unknown exclusion {shown_choice(ident)}{hint}")
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
        failures.extend(_parties(spec, person))
    if rules.consent_required:
        failures.extend(_consent(person, on))
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


def party_names(spec: ProgrammeSpec, ids: Iterable[str]) -> list[str]:
    """The parties' names, in the order the definition lists them."""
    wanted = set(ids)
    return [p.name for p in spec.parties if p.id in wanted]


def party_ids(spec: ProgrammeSpec, given: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """Party ids for what a coordinator gave (an id or a name, any case), in the
    definition's order, and a message for each one the programme does not have."""
    by_word = {w.casefold(): p.id for p in spec.parties for w in (p.id, p.name)}
    found, problems = set(), []
    for word in given:
        ident = by_word.get(word.strip().casefold())
        if ident is None:
            names = [p.name for p in spec.parties]
            hint = did_you_mean(word, names) or "; parties: " + ", ".join(names)
            problems.append(f"unknown party {shown_choice(word)}{hint}")
        else:
            found.add(ident)
    return tuple(p.id for p in spec.parties if p.id in found), problems


def counted_party_names(spec: ProgrammeSpec) -> list[str]:
    """The names of the parties that count towards ``min_parties`` (all, when none named)."""
    counted = spec.eligibility.counted_parties
    return party_names(spec, counted) if counted else []


def _parties(spec: ProgrammeSpec, person: PersonFacts) -> list[tuple[str, str]]:
    """Known to at least N parties: "aktuella hos minst två av parterna" (seed 001),
    "stöd från minst två av de ingående aktörerna" (seed 003).  When the definition names
    the parties that count, only those named by the coordinator count (issue 25)."""
    rules = spec.eligibility
    need = rules.min_parties
    assert need is not None
    counted = rules.counted_parties
    among = f" of {', '.join(counted_party_names(spec))}" if counted else ""
    if person.active_parties is None:
        if counted:
            return [("min_parties", f"name the parties the person is an active case at: at "
                                    f"least {need}{among}")]
        if person.parties_active is None:
            return [("min_parties", f"state at how many parties the person is an active case "
                                    f"(at least {need})")]
        if person.parties_active < need:
            return [("min_parties", f"active at {person.parties_active} "
                                    f"part{'y' if person.parties_active == 1 else 'ies'}; "
                                    f"at least {need} required")]
        return []
    active = [p for p in person.active_parties if not counted or p in counted]
    if len(active) >= need:
        return []
    at = ", ".join(party_names(spec, active)) or "none of them"
    return [("min_parties", f"active at {at}; at least {need}{among} required")]


def _consent(person: PersonFacts, on: date) -> list[tuple[str, str]]:
    """Consent to take part, with its date, before enrolment (issue 25; the seed 001's
    "samtyckesblanketter" are filled in before a participant starts)."""
    if person.consent_on is None:
        return [("consent", "give the date the participant consented to taking part; "
                            "the programme requires consent")]
    if person.consent_on > on:
        return [("consent", f"consent given on {person.consent_on}, after the enrolment on "
                            f"{on}; the participant consents first, then is enrolled")]
    return []


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
