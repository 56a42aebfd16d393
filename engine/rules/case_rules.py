"""The rules a case's moves and exit obey, as pure checks: one code path for the case
engine (:mod:`engine.service.cases.operations`) and the dry run
(:mod:`engine.rules.simulation`), so that what an administrator sees in the dry run is
what a coordinator meets (issue 25, rule 4).

Each check raises the error the case engine raises, with ``who`` (the programme and the
case, or the dry run's option) in front and ``remedy`` after, so each caller can say
what its user can do about it.
"""

from __future__ import annotations

from datetime import date

from engine.definitions.spec import OutcomeSpec, ProgrammeSpec, TransitionSpec
from engine.errors import InputError, RefusedError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.rules.case_facts import CaseFacts


def checked_move(spec: ProgrammeSpec, current: str, to: str, who: str) -> TransitionSpec:
    """The transition from ``current`` to ``to``; refuses an unknown phase (InputError)
    or one no transition of ``current`` leads to (RefusedError, ``no_transition``)."""
    phases = [p.id for p in spec.phases]
    if to not in phases:
        raise InputError(f"{who}: no phase {shown_choice(to)}"
                         f"{did_you_mean(to, phases) or '; phases: ' + ', '.join(phases)}",
                         kind="unknown_choice", what="phase", programme=spec.name)
    phase = spec.phase(current)
    transition = next((t for t in phase.transitions if t.to == to), None)
    if transition is None:
        allowed = ", ".join(t.to for t in phase.transitions) or "none"
        raise RefusedError(f"{who}: no transition from {phase.id!r} to {to!r} (allowed from "
                           f"{phase.id!r}: {allowed})", kind="no_transition",
                           phase=phase.name, to=spec.phase(to).name)
    return transition


def split_outcome(text: str) -> tuple[str, str | None]:
    """``avbrott/flyttat`` → (``avbrott``, ``flyttat``); ``arbete`` → (``arbete``, None)."""
    outcome, _, sub = text.partition("/")
    return outcome.strip(), (sub.strip() or None) if sub else None


def checked_exit(spec: ProgrammeSpec, phase: str, outcome: str, sub_outcome: str | None,
                 who: str, remedy: str, where_allowed: bool = True) -> OutcomeSpec:
    """The outcome an exit from ``phase`` records; refuses an unknown outcome or
    sub-outcome (InputError) and, unless ``where_allowed`` is false (the outcome alone is
    checked), a completing outcome from a phase nobody completes from (RefusedError,
    ``completion_not_here``)."""
    known = [o.id for o in spec.outcomes]
    if outcome not in known:
        hint = did_you_mean(outcome, known) or "; outcomes: " + ", ".join(known)
        raise InputError(f"{who}: no exit outcome {shown_choice(outcome)}{hint}",
                         kind="unknown_choice", what="exit outcome", programme=spec.name)
    chosen = spec.outcome(outcome)
    subs = [s for s, _ in chosen.sub_outcomes]
    if sub_outcome is not None and not subs:
        raise InputError(f"{who}: exit outcome {shown_choice(outcome)} has no sub-outcomes",
                         kind="no_sub_outcomes", outcome=chosen.name)
    if sub_outcome is not None and sub_outcome not in subs:
        hint = did_you_mean(sub_outcome, subs) or "; choices: " + ", ".join(subs)
        raise InputError(f"{who}: outcome {outcome!r} has no sub-outcome "
                         f"{shown_choice(sub_outcome)}{hint}",
                         kind="no_sub_outcome", outcome=chosen.name,
                         known=[name for _, name in chosen.sub_outcomes])
    if where_allowed and chosen.completed and not spec.phase(phase).completion_allowed:
        allowed = [p.name for p in spec.phases if p.completion_allowed]
        raise RefusedError(f"{who}: a participant completes from {', '.join(allowed)}, not "
                           f"from {spec.phase(phase).name}; {remedy}",
                           kind="completion_not_here", phases=allowed,
                           phase=spec.phase(phase).name)
    return chosen


#: Keys of limits and their warnings: moot, so *cancelled*, once the case has exited.
_LIMIT_KEYS = ("duration:", "phase_limit:", "phase_warning:")


def closed_by_exit(exited_on: date | None, key: str, due_on: date) -> str | None:
    """How an obligation ends when the case has exited on ``exited_on``, or None.

    Tasks and meetings due by the exit and left undone are *missed* (they stay visible
    in the case and its statistics, but nobody is reminded any more); what was not due
    yet is moot, and so are limits and their warnings: *cancelled* (issue 23: an early
    exit marked tasks not yet due as missed).  Exit tasks and post-exit follow-ups stay
    open.
    """
    if exited_on is None or key.startswith(("exit:", "post_exit:")):
        return None
    if key.startswith(_LIMIT_KEYS) or due_on > exited_on:
        return "cancelled"
    return "missed"


def closed_by_leaving(facts: CaseFacts, key: str) -> str | None:
    """How a phase limit ends once the participant has left that visit to the phase:
    an overrun limit is *missed* (the record keeps it), its warning *cancelled*."""
    if not key.startswith(("phase_limit:", "phase_warning:")):
        return None
    entered = key.rsplit(":", 1)[1]
    later = [on for _, on in facts.phase_entries if on.isoformat() > entered]
    if not later:
        return None
    return "missed" if key.startswith("phase_limit:") else "cancelled"
