"""Obligations of a programme's role rather than of a case, and their notices.

A budget deviation calls for an analysis of causes by the responsible role, and the
analysis may call for an action plan (seed 003); each step of a yearly evaluation is
due from its role (REBUS Fas 3, :mod:`engine.service.programme.evaluation`): nobody's case owns
them.  They are
stored in ``programme_obligations`` with the same dates as a case's obligations
(remind, due, escalate), and the daily sweep turns those dates into notices in the one
outbox (``notices.programme_obligation_id``), keyed so that a second sweep adds nothing.
Delivery groups them into the digest of the role's contact with everything else the
role is sent, so they are claimed, sent and retried like any other notice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from engine.definitions.spec import ProgrammeSpec
from engine.language import N_, gettext
from engine.rules.notices import Stage, stages_on
from engine.rules.obligations import Obligation
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context, audit, snapshot, spec_from_text
from engine.store.delivery_tables import DigestRow, NoticeRow
from engine.store.programme_tables import ProgrammeObligationRow
from engine.store.tables import DefinitionVersionRow

_P: Table = ProgrammeObligationRow.__table__  # type: ignore[attr-defined]
_N: Table = NoticeRow.__table__  # type: ignore[attr-defined]

#: Where the digest tells the role to record each kind as done: the programme's page
#: in the web application (engine/http/web/board_tasks.py), in a mail's words.
_WHERE_TO_RECORD = N_("registreras i Stegvis under Styrning, {programme}")


def programme_notice_key(stage: Stage, obligation_id: int, due_on: date) -> str:
    """The outbox key of a programme obligation's notice (apart from cases' keys)."""
    return f"{stage}:programme:{obligation_id}:{due_on.isoformat()}"


def find_obligation(session: Session, programme_id: str, key: str) -> ProgrammeObligationRow | None:
    """The programme's obligation with ``key``, if one was ever opened."""
    return session.exec(select_rows(ProgrammeObligationRow).where(
        ProgrammeObligationRow.programme_id == programme_id,
        ProgrammeObligationRow.key == key)).first()


def open_obligation(ctx: Context, session: Session, version: DefinitionVersionRow,
                    obligation: Obligation, subject: str, actor: str) -> ProgrammeObligationRow:
    """Store ``obligation`` as open (again, if it was cancelled); returns its row.

    An obligation already open keeps its due date: the role was told it, and a
    corrected figure does not move the deadline.
    """
    row = find_obligation(session, version.programme_id, obligation.key)
    if row is not None and row.status in ("open", "done"):
        return row
    before = None if row is None else snapshot(row)
    if row is None:
        row = ProgrammeObligationRow(
            programme_id=version.programme_id, definition_version_id=version.id or 0,
            key=obligation.key, kind=obligation.kind, name=obligation.name, subject=subject,
            responsible=obligation.responsible or "", due_on=obligation.due_on,
            rule=obligation.rule, source=obligation.source, opened_on=ctx.today(),
            changed_at=change_stamp(session, ctx.now()))
        session.add(row)
    row.name, row.due_on, row.status = obligation.name[:256], obligation.due_on, "open"
    row.remind_on, row.escalate_on = obligation.remind_on, obligation.escalate_on
    row.escalate_to, row.definition_version_id = obligation.escalate_to, version.id or 0
    row.opened_on, row.changed_at, row.note = ctx.today(), change_stamp(session, ctx.now()), ""
    row.completed_on = row.completed_by = None
    session.flush()
    audit(ctx, session, actor, "programme_obligation_opened", None, before, snapshot(row))
    return row


def close_obligation(ctx: Context, session: Session, row: ProgrammeObligationRow,
                     status: str, actor: str, on: date, note: str = "") -> None:
    """Mark an open obligation ``done`` (or ``cancelled``) on ``on``, with the audit entry."""
    before = snapshot(row)
    row.status, row.note = status, note[:512]
    row.changed_at = change_stamp(session, ctx.now())
    if status == "done":
        row.completed_on, row.completed_by = on, actor
    session.flush()
    audit(ctx, session, actor, f"programme_obligation_{status}", None, before, snapshot(row))


def programme_obligations(session: Session, programme_id: str) -> list[ProgrammeObligationRow]:
    """Every obligation of the programme, open first, then by due date."""
    rows = session.exec(select_rows(ProgrammeObligationRow).where(
        ProgrammeObligationRow.programme_id == programme_id)
        .order_by(col(ProgrammeObligationRow.due_on), col(ProgrammeObligationRow.id))).all()
    return sorted(rows, key=lambda r: r.status != "open")


def sweep_programme_obligations(connection: Any, day: date, now: datetime) -> int:
    """Write the notices open programme obligations call for on ``day``; how many were new.

    Called by the daily sweep in its transaction.  Programme obligations are few (a
    handful a programme and year), so every open one is looked at each working day;
    the outbox's unique key makes a second look add nothing.
    """
    p = _P.c
    rows = connection.execute(select(
        p.id, p.programme_id, p.responsible, p.remind_on, p.due_on, p.escalate_on,
        p.escalate_to).where(p.status == "open", or_(
            p.remind_on <= day, p.due_on <= day, p.escalate_on <= day))).all()
    notices = []
    for row in rows:
        for stage in stages_on(day, row.remind_on, row.due_on, row.escalate_on):
            escalation = stage == "escalation"
            if escalation and not row.escalate_to:
                continue
            notices.append(dict(
                key=programme_notice_key(stage, row.id, row.due_on), stage=stage,
                obligation_id=None, case_id=None, programme_obligation_id=row.id,
                programme_id=row.programme_id, recipient_kind="role",
                recipient=row.escalate_to if escalation else row.responsible,
                due_on=row.due_on, day=day, status="pending", created_at=now))
    if not notices:
        return 0
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_N).on_conflict_do_nothing(index_elements=["key"]) \
        .returning(_N.c.id)
    return sum(len(connection.execute(statement, [notice]).all()) for notice in notices)


def digest_lines(session: Session, digest: DigestRow, language: str = "sv"
                 ) -> tuple[list[tuple[str, str]], str]:
    """The digest's notices of programme obligations as (stage, line), and the role's name.

    For :func:`engine.service.reminders.digest_mail.compose`: one line each, in
    ``language``, saying what is due and where to record it done; the role's name is ""
    when there are none.
    """
    rows = session.exec(select_rows(NoticeRow, ProgrammeObligationRow, DefinitionVersionRow)
                        .join(ProgrammeObligationRow, col(ProgrammeObligationRow.id)
                              == NoticeRow.programme_obligation_id)
                        .join(DefinitionVersionRow, col(DefinitionVersionRow.id)
                              == ProgrammeObligationRow.definition_version_id)
                        .where(NoticeRow.digest_id == digest.id)
                        .order_by(col(ProgrammeObligationRow.due_on),
                                  col(ProgrammeObligationRow.id))).all()
    lines = []
    role = ""
    for notice, obligation, version in rows:
        spec = _spec(version)
        role = spec.role_name(digest.recipient)
        when = gettext(language, "skulle vara klart") if notice.stage == "overdue" \
            else gettext(language, "senast")
        where = gettext(language, _WHERE_TO_RECORD).format(programme=spec.name)
        lines.append((notice.stage, f"- {spec.name} · {obligation.name} · {when} "
                                    f"{obligation.due_on.isoformat()} ({where})"))
    return lines, role


def _spec(version: DefinitionVersionRow) -> ProgrammeSpec:
    return spec_from_text(version.source_text, f"{version.programme_id} v{version.version}")
