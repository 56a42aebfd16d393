"""``stegvis simulate``: reading a path from the command line and printing the dry run.

A path is ``--move PHASE@DATE`` (repeatable), ``--referral DATE`` and
``--follow-up [SERIES@]DATE`` (meetings held, repeatable).
"""

from __future__ import annotations

import argparse
from datetime import date

from engine.cli.options import parse_date
from engine.dates.durations import Duration, parse_duration
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError
from engine.rules.simulation import DryRun
from engine.rules.targets import in_denominator, in_numerator


def parse_move(text: str) -> tuple[str, date]:
    """``PHASE@DATE`` → (phase, date)."""
    phase, at, day = text.partition("@")
    if not at or not phase.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write the move as PHASE@DATE, e.g. "
                                         "aktivitet@2024-03-01")
    return phase.strip(), parse_date(day)


def parse_held(text: str) -> tuple[str | None, date]:
    """``DATE`` or ``SERIES@DATE`` → (series or None, date)."""
    series, at, day = text.rpartition("@")
    if at and not series.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write DATE or SERIES@DATE")
    return (series.strip() or None) if at else None, parse_date(day)


def add_path_arguments(p: argparse.ArgumentParser) -> None:
    """The options that walk a participant's path in the dry run."""
    p.add_argument("--move", dest="moves", action="append", type=parse_move, default=[],
                   metavar="PHASE@DATE", help="enter PHASE on DATE (repeatable, in order)")
    p.add_argument("--referral", dest="referred_on", type=parse_date, metavar="DATE",
                   help="the referral date (default: the enrolment)")
    p.add_argument("--follow-up", dest="held", action="append", type=parse_held, default=[],
                   metavar="[SERIES@]DATE", help="a follow-up meeting held on DATE (repeatable)")
    p.add_argument("--extension", type=_duration, metavar="DURATION",
                   help="an extension of the maximum duration, e.g. '6 months' (decided by the "
                        "role the definition names for its length)")
    p.add_argument("--sub-outcome", metavar="ID", help="the exit outcome's sub-outcome")


def _duration(text: str) -> Duration:
    try:
        return parse_duration(text, what="--extension")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def format_run(spec: ProgrammeSpec, run: DryRun) -> str:
    """The dry run as a table a person reads, with who attends under each row."""
    lines = [f"{spec.name}: deltagare inskriven {run.start.isoformat()}, "
             f"visar t.o.m. {run.until.isoformat()}"]
    if run.referred_on:
        lines.append(f"  remitterad {run.referred_on.isoformat()}")
    lines.extend(f"  fas {spec.phase(phase).name} från {on.isoformat()}" for phase, on in run.moves)
    if run.extension:
        longer, decider, last_day = run.extension
        lines.append(f"  förlängning {longer.swedish()}, beslutas av {spec.role_name(decider)}, "
                     f"t.o.m. {last_day.isoformat()}")
    if run.sub_outcome and run.outcome:
        lines.append(f"  avslut: {spec.outcome(run.outcome).name} "
                     f"({dict(spec.outcome(run.outcome).sub_outcomes)[run.sub_outcome]})")
    lines.extend(f"  (antagande: {a})" for a in run.assumptions)
    lines.append(f"  {'förfaller':<10}  {'slag':<20}  {'vad':<58}  {'påminn':<10}  "
                 f"{'eskalera':<10}  regel [källa]")
    for o in run.obligations:
        what = o.name if len(o.name) <= 58 else o.name[:57] + "…"
        lines.append(f"  {o.due_on.isoformat():<10}  {o.kind:<20}  {what:<58}  "
                     f"{o.remind_on.isoformat() if o.remind_on else '':<10}  "
                     f"{o.escalate_on.isoformat() if o.escalate_on else '':<10}  "
                     f"{o.rule} [{o.source}]")
        details = []
        if o.phase:
            details.append(f"fas: {spec.phase(o.phase).name}")
        if o.attendees:
            details.append("deltar: " + ", ".join(spec.role_name(r) for r in o.attendees))
        if o.window_from or o.window_to:
            details.append(f"fönster: {_iso(o.window_from)} – {_iso(o.window_to)}")
        if o.escalate_to:
            details.append(f"eskaleras till: {spec.role_name(o.escalate_to)}")
        if details:
            lines.append(f"  {'':<10}  {'':<20}  " + " · ".join(details))
        for up_to, by, last in o.extension_tiers:
            length = (f"upp till {Duration.parse(up_to).swedish()} (t.o.m. {_iso(last)})"
                      if up_to else "längre")
            lines.append(f"  {'':<10}  {'':<20}  förlängning {length}: godkänns av "
                         f"{spec.role_name(by)}")
    lines.extend(_targets(spec, run))
    return "\n".join(lines)


def _targets(spec: ProgrammeSpec, run: DryRun) -> list[str]:
    """How the assumed exit counts in each share target."""
    shares = [t for t in spec.targets if t.denominator is not None]
    if not shares or run.outcome is None:
        return []
    chosen = spec.outcome(run.outcome)
    name = chosen.name + (f" ({dict(chosen.sub_outcomes)[run.sub_outcome]})"
                          if run.sub_outcome else "")
    out = [f"  mål vid avslut som {name}:"]
    for target in shares:
        if not in_denominator(spec, target, run.outcome, run.sub_outcome):
            how = "räknas inte (utanför nämnaren)"
        else:
            how = "räknas i täljaren" if in_numerator(spec, target, run.outcome,
                                                      run.sub_outcome) \
                else "räknas bara i nämnaren"
        out.append(f"    {target.name}: {how}")
    return out


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
