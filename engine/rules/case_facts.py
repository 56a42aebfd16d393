"""What is known about one case: the facts its timeline follows from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engine.dates.durations import Duration
from engine.definitions.spec import FollowUpSpec, ProgrammeSpec


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What is known about one case; the timeline follows from these and the spec."""

    enrolled_on: date
    #: Phases entered after the initial phase, in order: (phase id, date entered).
    phase_entries: tuple[tuple[str, date], ...] = ()
    #: Dates follow-up meetings of the first (often the only) series were held, in order.
    follow_ups_held: tuple[date, ...] = ()
    #: A tighter follow-up interval agreed with this participant.
    agreed_interval: Duration | None = None
    #: The date agreed at the last follow-up of the first series for the next one (the
    #: series continues from there).
    next_follow_up_on: date | None = None
    #: Last day of enrolment after approved extensions (None: the definition's limit).
    extended_to: date | None = None
    exited_on: date | None = None
    outcome: str | None = None
    #: When the participant was referred (None: not recorded; counted from enrolment).
    referred_on: date | None = None
    #: Meetings of the other follow-up series: (series id, held on, next agreed date).
    other_follow_ups: tuple[tuple[str, date, date | None], ...] = ()

    def phase_on(self, spec: ProgrammeSpec, day: date) -> str:
        """The phase the participant is in on ``day`` (assuming no change after the last)."""
        current = spec.initial_phase
        for phase, entered_on in self.phase_entries:
            if entered_on <= day:
                current = phase
        return current

    def visits(self, spec: ProgrammeSpec) -> list[tuple[str, date, date | None]]:
        """(phase, entered on, last day in it or None while still there), in order; the
        last day is the day before the next phase was entered, or the exit date."""
        entries = [(spec.initial_phase, self.enrolled_on), *self.phase_entries]
        out: list[tuple[str, date, date | None]] = []
        for i, (phase, entered) in enumerate(entries):
            last = (entries[i + 1][1] - timedelta(days=1) if i + 1 < len(entries)
                    else self.exited_on)
            out.append((phase, entered, last))
        return out

    def held_in(self, spec: ProgrammeSpec,
                follow: FollowUpSpec) -> tuple[tuple[date, ...], date | None]:
        """(dates held, next date agreed at the last one) for one follow-up series."""
        if spec.follow_up_series and follow.id == spec.follow_up_series[0].id:
            return self.follow_ups_held, self.next_follow_up_on
        mine = sorted((held, agreed) for series, held, agreed in self.other_follow_ups
                      if series == follow.id)
        return tuple(h for h, _ in mine), (mine[-1][1] if mine else None)
