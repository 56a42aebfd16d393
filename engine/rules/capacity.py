"""Where a new participant goes: a place, the waiting list, or a refusal.

One pure function of the counts, used by single and bulk enrolment alike, so that both
apply the definition's capacity (``capacity:`` in the YAML) the same way and say the
same things.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from engine.definitions.spec import ProgrammeSpec
from engine.errors import Notice, RefusedError


@dataclass(frozen=True, slots=True)
class Occupancy:
    """What a programme holds when someone is enrolled."""

    active: int                 # active cases in the programme
    active_in_municipality: int  # active cases from the new participant's municipality
    enrolled_in_all: int        # cases ever admitted (active or exited)
    active_of_coordinator: int = 0  # active cases of the new participant's coordinator


@dataclass(slots=True)
class Stays:
    """Cases' stays in a programme, from enrolment to exit: how many were active on a day.

    A case enrolled on ``start`` and exited on ``end`` is active on the days from
    ``start`` up to the day before ``end`` (an exit frees the place that day).  Bulk
    enrolment checks a back-dated participant against the cases active on their date
    (issue 22), with two sorted lists rather than a query per participant.
    """

    starts: list[date] = field(default_factory=list)
    ends: list[date] = field(default_factory=list)

    @classmethod
    def of(cls, stays: Iterable[tuple[date, date | None]]) -> Stays:
        pairs = list(stays)
        return cls(sorted(s for s, _ in pairs), sorted(e for _, e in pairs if e is not None))

    def add(self, start: date, end: date | None = None) -> None:
        insort(self.starts, start)
        if end is not None:
            insort(self.ends, end)

    def active_on(self, day: date) -> int:
        return bisect_right(self.starts, day) - bisect_right(self.ends, day)


@dataclass(frozen=True, slots=True)
class Placement:
    """The answer: ``active`` or ``waiting``, with warnings a coordinator should read."""

    status: Literal["active", "waiting"]
    warnings: tuple[str, ...] = ()


def caseload_room(spec: ProgrammeSpec, coordinator: str, held: int) -> list[str]:
    """Whether ``coordinator``, who holds ``held`` active cases, may take one more.

    ``capacity.caseload_per_coordinator`` ("at most 15 per coach") is kept wherever a
    case gets a coordinator: enrolment, bulk enrolment, import and reassignment, so
    that the key means what it says (issue 25). A hard limit refuses
    (:class:`RefusedError`, ``caseload_full``); a soft one gives a notice to read.
    """
    cap = spec.capacity
    if cap.caseload_per_coordinator is None or held < cap.caseload_per_coordinator:
        return []
    if cap.caseload_kind == "hard":
        raise RefusedError(f"{coordinator} already has {held} active cases in {spec.name}, "
                           f"the most one coordinator holds ({cap.caseload_per_coordinator}); "
                           "choose another coordinator", kind="caseload_full",
                           coordinator=coordinator, taken=held,
                           places=cap.caseload_per_coordinator, programme=spec.name)
    return [Notice(f"{coordinator} already has {held} active cases in {spec.name}, more than "
                   f"the {cap.caseload_per_coordinator} one coordinator is meant to hold",
                   "caseload_passed", coordinator=coordinator, taken=held,
                   places=cap.caseload_per_coordinator, programme=spec.name)]


def place(spec: ProgrammeSpec, municipality: str, taken: Occupancy,
          coordinator: str | None = None) -> Placement:
    """Place a new participant from ``municipality`` given what is ``taken``.

    Raises :class:`RefusedError` when the definition says a full programme or a hard
    quota refuses (REBUS's municipal quotas are soft: seed 001 enrols by need).
    """
    cap = spec.capacity
    if cap.concurrent is not None and taken.active >= cap.concurrent:
        if cap.when_full == "refuse":
            raise RefusedError(f"{spec.name} is full: {taken.active} of {cap.concurrent} "
                               "places are taken", kind="programme_full", programme=spec.name,
                               taken=taken.active, places=cap.concurrent)
        return Placement("waiting", (Notice(f"{spec.name} is full ({taken.active} of "
                                            f"{cap.concurrent} places): placed on the waiting "
                                            "list", "waiting_list", programme=spec.name,
                                            taken=taken.active, places=cap.concurrent),))
    warnings: list[str] = []
    if coordinator is not None:
        warnings.extend(caseload_room(spec, coordinator, taken.active_of_coordinator))
    quota = dict(cap.quotas).get(municipality)
    if quota is not None and taken.active_in_municipality >= quota:
        if cap.quota_kind == "hard":
            raise RefusedError(f"{municipality}'s {quota} places in {spec.name} are taken",
                               kind="quota_full", municipality=municipality, places=quota,
                               programme=spec.name)
        warnings.append(Notice(f"{municipality} already has {taken.active_in_municipality} of "
                               f"its {quota} places (a soft quota: enrolled by need, note the "
                               "reason)", "soft_quota_full", municipality=municipality,
                               taken=taken.active_in_municipality, places=quota))
    if cap.total_participants is not None and taken.enrolled_in_all >= cap.total_participants:
        warnings.append(Notice(f"{spec.name} planned {cap.total_participants} participants in "
                               f"all; this is number {taken.enrolled_in_all + 1}",
                               "total_planned_passed", programme=spec.name,
                               places=cap.total_participants, n=taken.enrolled_in_all + 1))
    return Placement("active", tuple(warnings))
