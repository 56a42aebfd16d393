"""What a report's draft finds missing, case by case, and how coordinators hear of it.

A draft goes to the report's author a set number of working days before the due date
(``draft_before``) with the list of what the report still lacks; the coordinators of
the cases concerned see their items in their next digest, one line each, in Swedish.
What counts as missing, for the cases active in the report's period up to the day of
the draft:

- ``no_exit``: no exit recorded although the case's last day (its planned end, or an
  extension) has passed, or the case is in a final phase (one that allows completion
  and leads nowhere else): the report cannot count its exit outcome;
- ``no_gender``: the participant's gender is "uppgift saknas" (every table of persons
  is split by gender);
- ``no_step_movement``: an exit in the period with no follow-up recorded, so no step
  movement (programmes with a step-movement target);
- ``survey``: a survey due in the period not recorded;
- ``registration``: a task or registration (SUS registration, critical points,
  handovers, tasks at exit) overdue;
- ``follow_up``: a follow-up meeting overdue, or a follow-up after exit due without a
  result recorded.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from engine.definitions.spec import ProgrammeSpec
from engine.language import N_, SOURCE_LANGUAGE, gettext, pgettext
from engine.store.delivery_tables import DigestRow, NoticeRow
from engine.store.programme_tables import ArchivedReportRow, ReportGapRow
from engine.store.tables import CaseRow, ParticipantRow

#: The kinds of missing data, in the order the draft lists them, with their names (in
#: the catalogue: a draft stores them in Swedish, its e-mail says them in the reader's
#: language).
GAP_KINDS: dict[str, str] = {
    "no_exit": N_("Avslut utan registrerat utfall"),
    "no_gender": N_("Kön saknas"),
    "no_step_movement": N_("Avslut utan registrerad stegförflyttning"),
    "survey": N_("Enkäter som inte är registrerade"),
    "registration": N_("Registreringar och uppgifter som är försenade"),
    "follow_up": N_("Uppföljningar utan registrerat resultat"),
}
#: What is missing in one case, as a draft stores it (in Swedish) and a digest says it;
#: :func:`what_in` reads a stored text back by its sentence and says it again in the
#: reader's language (context ``gap.<key>``).
_WHAT: dict[str, str] = {
    "last_day": "avslut saknas: sista dagen var {day}",
    "final_phase": "avslut saknas: i fasen {phase} utan utfall",
    "no_gender": "kön saknas (uppgift saknas)",
    "no_step_movement": "ingen uppföljning med stegförflyttning registrerad före avslutet",
    "obligation": "{name} (senast {day})",
}
_SURVEYS = ("survey",)
_FOLLOW_UPS = ("follow_up", "post_exit_follow_up")
_NOT_GAPS = ("duration_limit", "duration_warning", "meeting")


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing missing in one case."""

    case_id: int
    coordinator: str
    kind: str
    what: str
    due_on: date | None = None


def _statement(sql: str) -> Any:
    return text(sql).bindparams(*(bindparam(n, type_=Date) for n in ("start", "day")
                                  if f":{n}" in sql))


def find_gaps(connection: Connection, spec: ProgrammeSpec, start: date, day: date) -> list[Gap]:
    """Everything missing for a report of ``spec`` over ``start``–``day`` (see module doc)."""
    params = {"programme": spec.id, "start": start, "day": day}
    active = ("c.programme_id = :programme AND c.status IN ('active', 'exited') "
              "AND c.enrolled_on <= :day AND (c.exited_on IS NULL OR c.exited_on >= :start)")
    out: list[Gap] = []
    final = [p.id for p in spec.phases if p.completion_allowed and not p.transitions]
    for case_id, coordinator, phase, last in connection.execute(_statement(f"""
            SELECT c.id, c.coordinator, c.phase, COALESCE(c.extended_to, c.planned_end_on)
            FROM cases c WHERE {active} AND c.status = 'active'
            ORDER BY c.id"""), params).all():
        last_day = _date(last)
        if last_day is not None and last_day < day:
            out.append(Gap(case_id, coordinator, "no_exit",
                           _WHAT["last_day"].format(day=last_day.isoformat()), last_day))
        elif phase in final:
            out.append(Gap(case_id, coordinator, "no_exit",
                           _WHAT["final_phase"].format(phase=spec.phase(phase).name)))
    for case_id, coordinator in connection.execute(_statement(f"""
            SELECT c.id, c.coordinator FROM cases c JOIN participants p
              ON p.id = c.participant_id
            WHERE {active} AND p.gender = 'uppgift_saknas' ORDER BY c.id"""), params).all():
        out.append(Gap(case_id, coordinator, "no_gender", _WHAT["no_gender"]))
    if any(t.measure == "step_movement" for t in spec.targets):
        for case_id, coordinator, exited in connection.execute(_statement("""
                SELECT c.id, c.coordinator, c.exited_on FROM cases c
                WHERE c.programme_id = :programme AND c.status = 'exited'
                  AND c.exited_on BETWEEN :start AND :day
                  AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id)
                ORDER BY c.id"""), params).all():
            out.append(Gap(case_id, coordinator, "no_step_movement",
                           _WHAT["no_step_movement"],
                           _date(exited)))
    not_gaps = ", ".join(f"'{k}'" for k in _NOT_GAPS)
    for case_id, coordinator, kind, name, due in connection.execute(_statement(f"""
            SELECT o.case_id, c.coordinator, o.kind, o.name, o.due_on FROM obligations o
              JOIN cases c ON c.id = o.case_id
            WHERE o.programme_id = :programme AND o.status = 'open'
              AND o.due_on BETWEEN :start AND :day AND o.kind NOT IN ({not_gaps})
            ORDER BY o.due_on, o.case_id, o.id"""), params).all():
        due_on = _date(due)
        assert due_on is not None
        if kind in _SURVEYS:
            gap = "survey"
        elif kind in _FOLLOW_UPS:
            gap = "follow_up"
        elif due_on < day:
            gap = "registration"
        else:
            continue  # a task due today is not late yet
        out.append(Gap(case_id, coordinator, gap,
                       _WHAT["obligation"].format(name=name, day=due_on.isoformat()), due_on))
    return out


def summarise(gaps: list[Gap]) -> dict[str, Any]:
    """The draft's list of what is missing: counts by kind and by coordinator."""
    kinds = Counter(g.kind for g in gaps)
    coordinators = Counter(g.coordinator for g in gaps)
    return {"total": len(gaps),
            "by_kind": [[GAP_KINDS[k], kinds[k]] for k in GAP_KINDS if kinds[k]],
            "by_coordinator": sorted([c, n] for c, n in coordinators.items())}


def store_gaps(session: Session, archive: ArchivedReportRow, gaps: list[Gap], due_on: date,
               day: date, now: datetime) -> int:
    """Store the draft's gaps and a notice each for the case's coordinator; how many."""
    for gap in dict.fromkeys(gaps):  # the same item found twice is one item
        row = ReportGapRow(archive_id=archive.id or 0, programme_id=archive.programme_id,
                           case_id=gap.case_id, coordinator=gap.coordinator, kind=gap.kind,
                           what=gap.what[:256], due_on=gap.due_on)
        session.add(row)
        session.flush()
        session.add(NoticeRow(key=f"missing:{row.id}", stage="missing", case_id=gap.case_id,
                              report_gap_id=row.id, programme_id=archive.programme_id,
                              recipient_kind="coordinator", recipient=gap.coordinator,
                              due_on=due_on, day=day, created_at=now))
    return len(set(gaps))


def what_in(language: str, what: str) -> str:
    """A stored gap's text in ``language``: matched against the sentences of ``_WHAT``
    and said again; as it is stored when none matches."""
    if language == SOURCE_LANGUAGE:
        return what
    for key, sentence in _WHAT.items():
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+)", re.escape(sentence))
        match = re.fullmatch(pattern, what)
        if match:
            context = "gap." + key
            return pgettext(language, context, sentence).format(**match.groupdict())
    return what


def gap_lines(session: Session, digest: DigestRow, language: str = SOURCE_LANGUAGE
              ) -> list[str]:
    """The digest's notices of missing report data, one line each in ``language``.

    For :func:`engine.service.reminders.digest_mail.compose`: who (the participant's key, as the
    coordinator knows the case), which programme, what is missing and for which report.
    """
    rows = session.exec(select_rows(ReportGapRow, ArchivedReportRow, CaseRow, ParticipantRow)
                        .join(NoticeRow, col(NoticeRow.report_gap_id) == ReportGapRow.id)
                        .join(ArchivedReportRow,
                              col(ArchivedReportRow.id) == ReportGapRow.archive_id)
                        .join(CaseRow, col(CaseRow.id) == ReportGapRow.case_id)
                        .join(ParticipantRow, col(ParticipantRow.id) == CaseRow.participant_id)
                        .where(NoticeRow.digest_id == digest.id)
                        .order_by(col(ReportGapRow.archive_id), col(CaseRow.id),
                                  col(ReportGapRow.id))).all()
    order = list(GAP_KINDS)
    out = []
    for gap, archive, _, person in sorted(rows, key=lambda r: (
            r[1].id or 0, order.index(r[0].kind), r[2].id or 0, r[0].id or 0)):
        programme = archive.summary.get("programme", archive.programme_id)
        report = archive.summary.get("report_name", archive.name)
        due = archive.summary.get("due_on", "")
        needed = gettext(language, "behövs till {report}").format(report=report)
        out.append(f"- {person.key} · {programme} · {what_in(language, gap.what)} · {needed}"
                   + (" " + gettext(language, "(klar {day})").format(day=due) if due else ""))
    return out


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
