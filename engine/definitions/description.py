"""A definition described in Swedish, as its administrators and boards read it.

``stegvis show`` prints it and the definition's web page shows it: one description, so
the two never say different things.  Everything is worded, nothing is a code:
recurrences as sentences ("varannan månad, andra tisdagen", not an RRULE), cadences
and kinds in Swedish (not ``annual`` or "soft kvot"), "samma dag" for a deadline of no
days, dates as "1 januari 2017" and sums of money as "0,7 mnkr".  Names and texts the
definition writes are shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.dates.durations import Duration
from engine.dates.recurrence_words import MONTHS, listing, rule_in_words
from engine.definitions.income import INCOME_KINDS, income_name
from engine.definitions.spec import ProgrammeSpec
from engine.definitions.spec_calendar import CalendarDue, MeetingSpec, ReportSpec


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the description: a heading and its lines (label, text)."""

    title: str
    lines: tuple[tuple[str, str], ...]


_ORGANISATION = {"owner": "Ägare", "executor": "Utförare", "funder": "Finansiär",
                 "association": "Samordningsförbund", "commissioner": "Uppdragsgivare",
                 "sender": "Avsändare av handlingar till styrelsen",
                 "diary_number": "Diarienummer"}
_CADENCE = {"quarterly": "varje kvartal", "half_year": "varje halvår", "annual": "varje år",
            "final": "en gång, efter programmets slut"}
_BUDGET_PERIODS = {"month": "per månad", "quarter": "per kvartal", "half_year": "per halvår",
                   "year": "per år"}
_QUOTA = {"soft": "riktvärden som kan överskridas efter behov",
          "hard": "fasta, kan inte överskridas"}
_WHEN_FULL = {"refuse": "nya avvisas", "waiting_list": "nya sätts på väntelistan"}
_MILLIONS = re.compile(r"\b(\d+)[.,](\d+)\s*(?:mkr|mnkr|milj(?:oner)?\.?\s*kr)")


def day_words(day: date) -> str:
    """``1 januari 2017``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def money_words(text: str) -> str:
    """Sums of millions written as a Swede reads them: "0.7 mkr" → "0,7 mnkr"."""
    return _MILLIONS.sub(lambda m: f"{m.group(1)},{m.group(2)} mnkr", text)


def within(duration: Duration, after: str) -> str:
    """``senast 14 dagar {after}``, and "samma dag" for a deadline of no time at all."""
    if duration.amount == 0:
        return f"samma dag som {after}"
    return f"senast {duration.swedish()} efter {after}"


def every(duration: Duration) -> str:
    """``varje månad``, ``varannan månad``, ``var 3:e vecka``, ``var 10:e arbetsdag``."""
    one, _ = {"days": ("dag", ""), "weeks": ("vecka", ""), "months": ("månad", ""),
              "years": ("år", ""), "working_days": ("arbetsdag", "")}[duration.unit]
    neuter = duration.unit == "years"
    if duration.amount == 1:
        return f"varje {one}"
    if duration.amount == 2:
        return f"{'vartannat' if neuter else 'varannan'} {one}"
    return f"{'vart' if neuter else 'var'} {duration.amount}:e {one}"


def due_words(due: CalendarDue) -> str:
    """When a report or a programme task is due, in words."""
    if due.on is not None:
        return f"senast {due.on.isoformat()}"
    if due.after is not None:
        return ("samma dag som perioden slutar" if due.after.amount == 0
                else f"senast {due.after.swedish()} efter periodens slut")
    return "senast " + due.swedish()


def report_words(report: ReportSpec) -> str:
    """How often a report is made and when it is due."""
    if report.cadence == "months" and report.months:
        how = "varje månad" if report.months == 1 else f"var {report.months}:e månad"
    elif report.cadence == "explicit":
        count = len(report.periods)
        how = f"för {count} angivna perioder" if count != 1 else "för en angiven period"
    else:
        how = _CADENCE.get(report.cadence, report.cadence)
    return f"{how}; {due_words(report.due)}"


def meeting_words(meeting: MeetingSpec) -> str:
    """When a meeting is held, in words."""
    schedule = meeting.schedule
    if schedule.rrule:
        words = rule_in_words(schedule.rrule)
        if words is not None:
            return words
    if schedule.dates:
        shown = [day_words(d) for d in schedule.dates[:4]]
        more = f" och {len(schedule.dates) - 4} till" if len(schedule.dates) > 4 else ""
        return listing(shown) + more
    per_year = meeting.per_year_min
    return f"minst {per_year} gånger om året" if per_year else "enligt sin regel"


def _programme(spec: ProgrammeSpec) -> Section:
    end = day_words(spec.valid_to) if spec.valid_to else "tills vidare"
    lines = [("Giltigt", f"{day_words(spec.valid_from)} – {end}")]
    lines += [(_ORGANISATION[key], money_words(value)) for key, value in spec.organisation
              if key in _ORGANISATION]
    return Section("Programmet", tuple(lines))


def _who(spec: ProgrammeSpec) -> Section:
    e, c = spec.eligibility, spec.capacity
    lines: list[tuple[str, str]] = []
    if e.age_min is not None or e.age_max is not None:
        lines.append(("Ålder", f"{e.age_min or 0}–{e.age_max} år" if e.age_max
                      else f"från {e.age_min} år"))
    if e.residence:
        lines.append(("Bosatt i", listing(list(e.residence))))
    if e.min_parties:
        lines.append(("Aktuell hos", f"minst {e.min_parties} av parterna"))
    if e.income_support_from_referring_party:
        lines.append(("Försörjning", "från någon av de anvisande parterna"))
    narrowed = (("Försörjning vid inskrivning", spec.income_support.offered("start")),
                ("Försörjning vid avslut", spec.income_support.offered("exit")))
    for label, kinds in narrowed:
        if kinds != INCOME_KINDS:  # only where the definition narrows the list
            lines.append((label, listing([income_name(k).lower() for k in kinds])))
    if e.exclusions:
        lines.append(("Inte för", "; ".join(x.text.rstrip(".") for x in e.exclusions)))
    if c.concurrent:
        lines.append(("Platser", f"{c.concurrent} samtidigt; när det är fullt: "
                                 f"{_WHEN_FULL[c.when_full]}"))
        if c.quotas:
            quotas = listing([f"{name} {n}" for name, n in c.quotas])
            kind = f" ({_QUOTA[c.quota_kind]})" if c.quota_kind else ""
            lines.append(("Fördelning", quotas + kind))
    if c.annual_places:
        lines.append(("Årsplatser", f"omkring {c.annual_places}"))
    if c.total_participants:
        lines.append(("Deltagare totalt", str(c.total_participants)))
    return Section("Vem programmet är till för", tuple(lines))


def _path(spec: ProgrammeSpec) -> Section:
    lines: list[tuple[str, str]] = [("Faser", " → ".join(p.name for p in spec.phases))]
    lines += [(p.name, f"högst {p.time_limit.max.swedish()}") for p in spec.phases
              if p.time_limit]
    for task in spec.tasks:
        when = {"enrolment": "inskrivningen", "referral": "remissen", "exit": "avslutet",
                "phase_entry": "start av " + (spec.phase(task.phase).name if task.phase
                                              else "fasen")}[task.when]
        lines.append((task.name, within(task.due, when)))
    for series in spec.follow_up_series:
        start = {"referral": " från remissen",
                 "phase_entry": f" från start av {spec.phase(series.phase).name}"
                 if series.phase else ""}.get(series.starts, "")
        text = f"{every(series.interval)}{start}"
        if series.tightest_interval:
            text += f" (tätare, ned till {every(series.tightest_interval)}, kan avtalas)"
        lines.append((series.name, text))
    if spec.duration:
        lines.append(("Längsta tid", spec.duration.max.swedish()))
        for tier in spec.duration.extensions:
            length = f"upp till {tier.up_to.swedish()}" if tier.up_to else "längre"
            lines.append((f"Förlängning {length}",
                          f"beslutas av {spec.role_name(tier.approved_by)}"))
    lines.append(("Avslut", listing([o.name for o in spec.outcomes])))
    for follow in spec.post_exit_follow_ups:
        who = " (bara de som fullföljt)" if follow.only_completers else ""
        lines.append((follow.name, f"{follow.after.swedish()} efter avslutet{who}"))
    return Section("Deltagarens väg", tuple(lines))


def _steering(spec: ProgrammeSpec) -> Section:
    lines: list[tuple[str, str]] = []
    lines += [(m.name, meeting_words(m)) for m in spec.meetings]
    lines += [(r.name, report_words(r)) for r in spec.reports]
    lines += [(t.name, due_words(t.due)) for t in spec.programme_tasks]
    for evaluation in spec.evaluations:
        lines.append((evaluation.name, f"{len(evaluation.steps)} steg före mötet "
                      + next((m.name for m in spec.meetings
                              if m.id == evaluation.decision_meeting),
                             evaluation.decision_meeting)))
    if spec.budget is not None:
        b = spec.budget
        lines.append(("Budget", f"följs upp {_BUDGET_PERIODS[b.periods]}; en avvikelse "
                                f"större än {round(b.deviation_threshold * 100)} % analyseras "
                                f"av {spec.role_name(b.responsible)}"))
        if b.financing:
            names = {p.id: p.name for p in spec.parties}
            lines.append(("Finansiering", listing([
                f"{names.get(party, party)} {_percent(share)}"
                for party, share in b.financing])))
    return Section("Styrning och uppföljning", tuple(lines))


def _percent(share: Decimal) -> str:
    """0.125 → "12,5 %" (a share as the definition wrote it)."""
    return f"{(share * 100).normalize():f} %".replace(".", ",")


def describe(spec: ProgrammeSpec) -> list[Section]:
    """The definition in Swedish, part by part (see the module docstring)."""
    targets = Section("Mål", tuple((t.name, "") for t in spec.targets))
    sections = [_programme(spec), _who(spec), _path(spec), targets, _steering(spec)]
    return [s for s in sections if s.lines]


def description_text(spec: ProgrammeSpec) -> str:
    """The description as plain text, for the command line."""
    out = [f"{spec.name} ({spec.id}, version {spec.version}, hash {spec.content_hash[:12]})"]
    for section in describe(spec):
        out.append(f"  {section.title}")
        out.extend(f"    {label}: {text}" if text else f"    {label}"
                   for label, text in section.lines)
    return "\n".join(out)
