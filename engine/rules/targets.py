"""Whom a target counts: a participant's place in its denominator and numerator.

A share target is taken of a denominator (``all_exits``, ``completers`` or
``all_participants``) from which exit outcomes or sub-outcomes may be left out ("all
exits except those who moved away"); its numerator is the denominator's participants
whose outcome is one of the target's ``outcomes``.
"""

from __future__ import annotations

from engine.definitions.spec import ProgrammeSpec, TargetSpec


def in_denominator(spec: ProgrammeSpec, target: TargetSpec, outcome: str | None,
                   sub_outcome: str | None = None) -> bool:
    """Whether a participant who exited with ``outcome`` (None: still enrolled) counts in
    the target's denominator."""
    if target.denominator is None:
        return False
    if outcome is None:
        # Still enrolled: no outcome yet, in no share of outcomes, ``all_participants``
        # included (Hofors's 40 %, seed 004, is of those who went on; issue 22).
        return False
    if outcome in target.denominator_except or (
            sub_outcome is not None and sub_outcome in target.denominator_except):
        return False
    if target.denominator == "completers":
        return spec.outcome(outcome).completed
    return True


def in_numerator(spec: ProgrammeSpec, target: TargetSpec, outcome: str | None,
                 sub_outcome: str | None = None) -> bool:
    """Whether such a participant counts towards the target's share (numerator)."""
    return (outcome is not None and outcome in target.outcomes
            and in_denominator(spec, target, outcome, sub_outcome))


def share(spec: ProgrammeSpec, target: TargetSpec,
          exits: list[tuple[str | None, str | None]]) -> tuple[int, int]:
    """(numerator, denominator) over participants given as (outcome, sub-outcome)."""
    denominator = [e for e in exits if in_denominator(spec, target, *e)]
    return sum(1 for e in denominator if in_numerator(spec, target, *e)), len(denominator)
