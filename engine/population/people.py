"""Who the synthetic population is: people drawn from a definition's eligibility.

Pure: a seeded :class:`random.Random` and a :class:`ProgrammeSpec` in, enrolment
requests out.  Everything a person needs to be eligible comes from the definition
(age limits, residence, quotas, parties, income support, the criteria a coordinator
attests); a refused person differs from an eligible one in exactly one fact, drawn
among the rules the definition has.  :mod:`engine.population.population` enrols them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from engine.definitions.spec import ProgrammeSpec
from engine.service.cases.enrolment import EnrolmentRequest

#: Gender shares of participants.  Women are the larger part of those referred to
#: FINSAM programmes; "annat" and "uppgift saknas" are few, so that the reports show
#: how small counts are suppressed.
GENDER_SHARES = (("kvinna", 0.55), ("man", 0.40), ("annat", 0.02), ("uppgift_saknas", 0.03))
#: Main income support at enrolment: mostly public support (seeds 001 and 003); "" is
#: not recorded.
INCOME_AT_START = (("forsorjningsstod", 0.38), ("aktivitets_sjukersattning", 0.12),
                   ("sjukpenning", 0.18), ("akassa_aktivitetsstod", 0.14), ("ingen", 0.08),
                   ("annan", 0.03), ("", 0.07))

#: Coordinators' user names, in the order they are taken into service.
COORDINATORS = ("anna", "erik", "fatima", "johan", "maria", "ali", "karin", "lars")

#: Participants per coordinator (a caseload), to decide how many coordinators work.
CASELOAD = 15

#: Municipalities outside every shipped programme's area, for people who live elsewhere.
ELSEWHERE = ("Karlstad", "Sandviken", "Eskilstuna", "Uppsala")

#: Working ages when a definition sets none.
DEFAULT_AGES = (18, 64)


def coordinators(participants: int) -> tuple[str, ...]:
    """The coordinators of a population of ``participants`` (at least two)."""
    wanted = max(2, -(-participants // CASELOAD))
    return COORDINATORS[:min(wanted, len(COORDINATORS))]


def municipalities(spec: ProgrammeSpec) -> dict[str, float]:
    """Where participants live, with weights: the residence rule, weighted by the quotas
    (REBUS Hagfors 17, Forshaga 17, Munkfors 6), else the municipalities among the
    definition's parties ("Hofors kommun" → Hofors)."""
    quotas = dict(spec.capacity.quotas)
    places = list(spec.eligibility.residence) or list(quotas)
    if not places:
        places = [p.name.removesuffix(" kommun").removesuffix(" stad")
                  for p in spec.parties if p.kind == "municipality"]
    if not places:
        places = [spec.name]
    return {m: float(quotas.get(m, 1)) for m in places}


def offered(weights: tuple[tuple[str, float], ...],
            kinds: tuple[str, ...]) -> dict[str, float]:
    """The weighted kinds of income support the definition records ("" is not
    recorded); a programme that does not narrow the list keeps every weight, so its
    draws stay as they were."""
    return {k: w for k, w in weights if not k or k in kinds}


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def draw_person(rng: random.Random, spec: ProgrammeSpec, key: str, on: date,
                coordinator: str, living: Mapping[str, float]) -> EnrolmentRequest:
    """An eligible person enrolled on ``on``: gender, birth year, municipality and the
    facts the definition's eligibility asks for."""
    rules = spec.eligibility
    low = rules.age_min if rules.age_min is not None else DEFAULT_AGES[0]
    high = rules.age_max if rules.age_max is not None else DEFAULT_AGES[1]
    # Only the birth year is given: the age on ``on`` is ``age`` or ``age - 1``, both
    # inside the limits when low < age <= high.  Most participants are 25–50.
    age = round(rng.triangular(low + 1, high, low + (high - low) * 0.35))
    parties, named = None, None
    if rules.min_parties is not None:
        parties = rules.min_parties + rng.choice((0, 0, 1))
        if rules.counted_parties:  # which ones, from the birth year: no further draw
            counted = rules.counted_parties
            start = (on.year - age) % len(counted)
            named = tuple((counted * 2)[start:start + min(parties, len(counted))])
            parties = None

    # Who referred the person and their income support: drawn from a generator of the
    # person's own, so that the population's other draws stay as they were.
    own = random.Random(f"referral:{key}")
    referrer = own.choice(spec.parties).name if spec.parties else None
    return EnrolmentRequest(
        referring_party=referrer,
        income_at_start=_weighted(own, offered(INCOME_AT_START,
                                               spec.income_support.offered("start"))) or None,
        programme=spec.id, participant_key=key,
        gender=_weighted(rng, dict(GENDER_SHARES)), birth_year=on.year - age,
        municipality=_weighted(rng, living), coordinator=coordinator, on=on,
        parties_active=parties, active_parties=named,
        income_support_from_referring_party=True if rules.income_support_from_referring_party
        else None,
        attested=tuple(c.id for c in rules.criteria),
        track=rng.choice(spec.tracks)[0] if spec.tracks else None,
        type_case=rng.choice(spec.type_cases)[0] if spec.type_cases else None)


def refusable(spec: ProgrammeSpec) -> bool:
    """Whether the definition has a rule that a person could fail."""
    rules = spec.eligibility
    return bool(rules.age_min is not None or rules.residence or rules.min_parties is not None
                or rules.income_support_from_referring_party or rules.criteria
                or rules.exclusions)


def ineligible(rng: random.Random, spec: ProgrammeSpec,
               person: EnrolmentRequest) -> EnrolmentRequest | None:
    """``person`` with one fact that the definition refuses, or None when the definition
    has no rule a person could fail (Örebro takes everyone)."""
    rules = spec.eligibility
    assert person.on is not None
    ways: list[EnrolmentRequest] = []
    if rules.age_min is not None:
        ways.append(replace(person, birth_year=person.on.year - rules.age_min + 2))
    if rules.residence:
        ways.append(replace(person, municipality=next(
            m for m in ELSEWHERE if m not in rules.residence)))
    if rules.min_parties is not None and rules.counted_parties:
        ways.append(replace(person, active_parties=rules.counted_parties[
            :rules.min_parties - 1]))
    elif rules.min_parties is not None:
        ways.append(replace(person, parties_active=rules.min_parties - 1))
    if rules.income_support_from_referring_party:
        ways.append(replace(person, income_support_from_referring_party=False))
    for criterion in rules.criteria:
        ways.append(replace(person, attested=tuple(a for a in person.attested
                                                   if a != criterion.id)))
    for exclusion in rules.exclusions:
        ways.append(replace(person, exclusions=(exclusion.id,)))
    return rng.choice(ways) if ways else None
