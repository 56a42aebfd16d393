"""Scheduled report runs: each calendar event's documents produced, archived and sent once.

A run of a report event (its draft, the report, an evaluation's start or deadline)
goes through three steps:

1. **Claim** (one transaction): a row in ``report_runs``, unique per programme and
   event, with a lease.  A run that finds the event done adds nothing; one that finds
   it being produced under a live lease leaves it to that worker; one that finds the
   lease run out (its worker died) takes it over.
2. **Produce** (no writes): the report in every format, its summary, what is missing
   (a draft), the forecast and a first decision proposal (an evaluation's deadline);
   then the files go into the archive folder (:mod:`engine.service.programme.archive`).
3. **Commit** (one transaction): a compare-and-set marks the run done only if this
   attempt still holds it; in the same transaction the archived version is stored
   and its e-mails are queued in the digests' outbox, the missing items become notices
   for their coordinators, an evaluation's steps become obligations.

So a rerun, a second worker or a restart adds nothing, and a run killed while
rendering loses nothing: its claim runs out and the next attempt (the next delivery
run resumes unfinished runs, or a rerun of the event) produces it again.  Sending is
the outbox's claim–send–commit (:func:`engine.service.reminders.delivery.deliver`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col
from sqlmodel import select as select_rows

from engine.definitions.spec import EvaluationSpec, ProgrammeSpec
from engine.errors import InputError
from engine.inputs.numbers import number_setting
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme import archive
from engine.service.programme.evaluation import late_steps, meeting_dates, open_steps
from engine.service.programme.report_documents import (
    Documents,
    evaluation_documents,
    report_documents,
)
from engine.service.programme.report_gaps import store_gaps
from engine.service.programme.report_mail import queue_report_mails
from engine.service.shared.context import Context, audit
from engine.service.shared.published import pin_definition
from engine.store.programme_tables import ArchivedReportRow, ReportRunRow

_R: Table = ReportRunRow.__table__  # type: ignore[attr-defined]

#: Seconds a claim on a run being produced holds (``STEGVIS_REPORT_LEASE_SECONDS``).
DEFAULT_LEASE_SECONDS = 900
#: Who the audit log names for what the calendar does by itself.
CALENDAR_ACTOR = "stegvis-kalender"
#: The calendar kinds a run produces documents for, and what it produces.
PURPOSES = {"report_draft": "draft", "report": "report", "evaluation_start": "evaluation_start",
            "evaluation_deadline": "evaluation"}

Outcome = Literal["produced", "done_before", "in_progress", "unchanged"]


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one run did, for the flow's log and its Prefect artifact."""

    programme: str
    event_key: str
    purpose: str
    outcome: Outcome
    name: str = ""
    version: int | None = None
    folder: str = ""
    files: tuple[str, ...] = ()
    content_hash: str = ""
    mailed: tuple[str, ...] = ()
    unaddressed: tuple[str, ...] = ()
    gaps: int = 0
    flags: tuple[str, ...] = ()
    key_figures: tuple[tuple[str, str], ...] = ()
    obligations: int = 0


@dataclass(frozen=True, slots=True)
class _Claim:
    run_id: int
    attempt: int


@dataclass
class _Plan:
    """Who gets what, decided before the commit."""

    subject: str
    kind: str
    mails: list[tuple[list[str], str]] = field(default_factory=list)
    evaluation: EvaluationSpec | None = None
    year: int | None = None


def lease_seconds() -> float:
    """How long a claim on a run being produced holds (``STEGVIS_REPORT_LEASE_SECONDS``).

    Longer than any rendering takes (seconds), so a live worker is never overtaken; a
    claim left by a worker that died runs out, and a later run produces the event.
    """
    # Whole seconds, up to a week: a float would take "nan" or "inf", which never run out.
    return float(number_setting("STEGVIS_REPORT_LEASE_SECONDS", DEFAULT_LEASE_SECONDS, low=0,
                                high=7 * 24 * 3600))


def _period_key(event: Obligation) -> str:
    parts = event.key.split(":")
    return f"{parts[1]}:{parts[2]}"


def _claim(ctx: Context, spec: ProgrammeSpec, event: Obligation, purpose: str,
           run_on: date) -> _Claim | Outcome:
    """Take the event for producing (see module doc), or say why not."""
    now = ctx.now()
    lease = now + timedelta(seconds=lease_seconds())
    assert event.period_from is not None and event.period_to is not None
    row: dict[str, Any] = dict(
        programme_id=spec.id, event_key=event.key, purpose=purpose,
        period_key=_period_key(event), period_from=event.period_from,
        period_to=event.period_to, run_on=run_on, status="producing", attempts=1,
        lease_until=lease, started_at=now, last_error="")
    with ctx.engine.begin() as connection:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        inserted = connection.execute(dialect.insert(_R).on_conflict_do_nothing(
            index_elements=["programme_id", "event_key"]).returning(_R.c.id), [row]).all()
        if inserted:
            return _Claim(int(inserted[0][0]), 1)
        found = connection.execute(select(_R.c.id, _R.c.status, _R.c.attempts, _R.c.lease_until)
                                   .where(_R.c.programme_id == spec.id,
                                          _R.c.event_key == event.key)).one()
        if found.status != "producing":
            return "done_before"
        # Compare-and-set: of two runs taking over a dead claim, one wins.
        won = connection.execute(update(_R).where(
            _R.c.id == found.id, _R.c.status == "producing", _R.c.attempts == found.attempts,
            _R.c.lease_until <= now).values(attempts=found.attempts + 1, lease_until=lease))
        if won.rowcount:
            return _Claim(int(found.id), int(found.attempts) + 1)
    return "in_progress"


def _failed(ctx: Context, claim: _Claim, error: Exception) -> None:
    with ctx.engine.begin() as connection:
        connection.execute(update(_R).where(_R.c.id == claim.run_id,
                                            _R.c.attempts == claim.attempt)
                           .values(last_error=f"{type(error).__name__}: {error}"[:500]))


def _produce(ctx: Context, spec: ProgrammeSpec, event: Obligation,
             purpose: str) -> tuple[Documents, _Plan]:
    parts = event.key.split(":")
    if purpose in ("draft", "report"):
        assert event.number is not None
        docs = report_documents(ctx, spec, event.key, event.number,
                                _report_due(spec, event), draft=purpose == "draft")
        subject = f"report:{parts[1]}:{parts[2]}"
        roles = [event.responsible] if purpose == "draft" and event.responsible \
            else list(event.recipients)
        return docs, _Plan(subject, purpose, [(roles, purpose)])
    evaluation = next(e for e in spec.evaluations if e.id == parts[1])
    year = int(parts[2])
    meeting = next(m for m in spec.meetings if m.id == evaluation.decision_meeting)
    held = [d for d in meeting_dates(spec, meeting.id, year) if d > event.due_on]
    meeting_text = f"{meeting.name} {held[0].isoformat()}" if held else meeting.name
    docs = evaluation_documents(ctx, spec, evaluation, year, event.due_on,
                                proposal=purpose == "evaluation", meeting=meeting_text)
    plan = _Plan(f"evaluation:{evaluation.id}:{year}", purpose, evaluation=evaluation,
                 year=year)
    if purpose == "evaluation_start":
        plan.mails.append(([s.by for s in evaluation.steps], purpose))
    else:
        presenter = evaluation.steps[-1].by if evaluation.steps else meeting.responsible
        plan.mails.append(([presenter], purpose))
    return docs, plan


def _report_due(spec: ProgrammeSpec, event: Obligation) -> date:
    """The due date of the report an event (the report or its draft) is of."""
    if event.kind == "report":
        return event.due_on
    assert event.period_from is not None and event.period_to is not None
    key = "report:" + event.key.split(":", 1)[1]  # report_draft:<id>:<n> -> report:<id>:<n>
    for other in programme_calendar(spec, event.period_from,
                                    event.period_to + timedelta(days=800)):
        if other.key == key:
            return other.due_on
    raise LookupError(f"{spec.id}: no report {key!r} for the draft {event.key!r}")


def run_report_event(ctx: Context, spec: ProgrammeSpec, event: Obligation, run_on: date,
                     actor: str = CALENDAR_ACTOR) -> RunResult:
    """Produce, archive and queue the documents of ``event`` exactly once (module doc)."""
    purpose = PURPOSES[event.kind]
    claim = _claim(ctx, spec, event, purpose, run_on)
    if not isinstance(claim, _Claim):
        return RunResult(spec.id, event.key, purpose, claim)
    try:
        docs, plan = _produce(ctx, spec, event, purpose)
        return _commit(ctx, spec, event, docs, plan, claim, actor)
    except Exception as exc:
        _failed(ctx, claim, exc)
        raise


def draft_now(ctx: Context, spec: ProgrammeSpec, event: Obligation,
              actor: str) -> RunResult:
    """An extra draft of a report, asked for before its day: archived and sent to the
    author with what is missing, the event itself left for its day."""
    if event.kind not in ("report", "report_draft"):
        raise InputError(f"{event.key}: only a report has a draft (this is a {event.kind})")
    docs, plan = _produce(ctx, spec, event, "draft")
    return _commit(ctx, spec, event, docs, plan, None, actor)


def reissue(ctx: Context, spec: ProgrammeSpec, event: Obligation, actor: str) -> RunResult:
    """Produce a report again after corrections; a new version is archived and sent only
    when its figures differ from the latest version's (its content hash)."""
    if event.kind != "report":
        raise InputError(f"{event.key}: only a report is issued again (this is a {event.kind})")
    docs, plan = _produce(ctx, spec, event, "report")
    with ctx.transaction() as session:
        latest = archive.latest_version(session, spec.id, plan.subject, "report")
    if latest is not None and latest.content_hash == docs.content_hash:
        return RunResult(spec.id, event.key, "report", "unchanged", latest.name,
                         latest.version, latest.folder, tuple(f["name"] for f in latest.files),
                         latest.content_hash)
    return _commit(ctx, spec, event, docs, plan, None, actor)


def _commit(ctx: Context, spec: ProgrammeSpec, event: Obligation, docs: Documents,
            plan: _Plan, claim: _Claim | None, actor: str) -> RunResult:
    with ctx.transaction() as session:
        version = archive.next_version(session, spec.id, plan.subject, plan.kind)
    folder = archive.version_folder(spec.id, plan.subject, plan.kind, version)
    files = archive.export_new(folder, docs.files)
    now, day = ctx.now(), ctx.today()
    flags: list[str] = []
    with ctx.transaction() as session:
        if claim is not None:
            won = session.connection().execute(update(_R).where(
                _R.c.id == claim.run_id, _R.c.status == "producing",
                _R.c.attempts == claim.attempt).values(status="done", finished_at=now))
            if not won.rowcount:  # the lease ran out and another attempt took over
                return RunResult(spec.id, event.key, plan.kind, "in_progress")
        summary = dict(docs.summary)
        opened = 0
        if plan.evaluation is not None and plan.year is not None:
            _, pinned = pin_definition(ctx, session, spec.id)
            # At the deadline too: steps never opened (the start did not run, say) open
            # now, and the late among them are flagged with the rest.
            steps = open_steps(ctx, session, spec, pinned, plan.evaluation, plan.year, actor)
            if plan.kind == "evaluation_start":
                opened = len(steps)
            else:
                flags = late_steps(session, spec, plan.evaluation, plan.year, event.due_on)
                if event.note and "inget" in event.note:
                    flags.append(event.note)
        summary["flags"] = flags
        row = ArchivedReportRow(
            programme_id=spec.id, subject=plan.subject, kind=plan.kind, version=version,
            run_id=claim.run_id if claim else None, name=docs.name[:300],
            period_key=docs.report.period.key, period_from=docs.report.period.starts_on,
            period_to=docs.report.period.ends_on, as_of=docs.report.as_of,
            lang=docs.report.lang, content_hash=docs.content_hash, folder=folder, files=files,
            summary=summary, produced_at=now, produced_by=actor)
        session.add(row)
        session.flush()
        assert row.id is not None
        archive.store_files(session, row.id, docs.files)
        role_names = {r.id: r.name for r in spec.roles}
        mailed: list[str] = []
        unaddressed: list[str] = []
        mails = list(plan.mails)
        if flags and plan.evaluation is not None:  # in time for the decision meeting
            meeting = next(m for m in spec.meetings if m.id == plan.evaluation.decision_meeting)
            mails.append(([meeting.body], "flag"))
        for roles, letter in mails:
            queued, missing = queue_report_mails(session, row, roles, day, now, role_names,
                                                 letter)
            mailed += queued
            unaddressed += missing
        if unaddressed:
            row.summary = {**summary, "unaddressed": unaddressed}
        gaps = store_gaps(session, row, list(docs.gaps), _report_due(spec, event), day, now) \
            if plan.kind == "draft" else 0
        audit(ctx, session, actor, "report_archived", None, None,
              {"programme": spec.id, "subject": plan.subject, "kind": plan.kind,
               "version": version, "content_hash": docs.content_hash, "folder": folder,
               "mailed_to": mailed})
    return RunResult(spec.id, event.key, plan.kind, "produced", docs.name, version, folder,
                     tuple(f["name"] for f in files), docs.content_hash, tuple(mailed),
                     tuple(unaddressed), gaps, tuple(flags),
                     tuple((a, b) for a, b in summary.get("key_figures", [])), opened)


def unfinished_runs(ctx: Context) -> list[tuple[str, str, date]]:
    """(programme, event key, day) of runs whose worker died: their lease has run out."""
    with ctx.engine.connect() as connection:
        rows = connection.execute(select(_R.c.programme_id, _R.c.event_key, _R.c.run_on).where(
            _R.c.status == "producing", _R.c.lease_until <= ctx.now())
            .order_by(_R.c.id)).all()
    return [(str(p), str(k), d if isinstance(d, date) else date.fromisoformat(str(d)))
            for p, k, d in rows]


def archived(ctx: Context, programme: str) -> list[archive.ArchivedVersion]:
    """Every archived version of ``programme`` (``stegvis archive list``)."""
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        return archive.list_versions(session, spec.id)


def export_archive(ctx: Context, programme: str, folder: Path) -> list[Path]:
    """Every archived version of ``programme`` written from the database under
    ``folder`` (``stegvis archive export``); the version folders written."""
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        return archive.export_versions(session, spec.id, folder)


def archived_rows(ctx: Context, programme: str) -> list[ArchivedReportRow]:
    """The archive rows of ``programme`` (for tests and the artifact), oldest first."""
    with ctx.transaction() as session:
        return list(session.exec(select_rows(ArchivedReportRow).where(
            ArchivedReportRow.programme_id == programme)
            .order_by(col(ArchivedReportRow.id))).all())


def artifact_markdown(result: RunResult) -> str:
    """The Prefect artifact of a produced run: key figures and where the files are."""
    exported = archive.export_root()
    where = f"`{exported / result.folder}`" if exported else \
        f"i databasen (`stegvis archive export {result.programme} MAPP`: `{result.folder}`)"
    lines = [f"# {result.name}", "", f"**{result.programme}** · {result.purpose} · version "
             f"{result.version} · SHA-256 `{result.content_hash[:16]}…`", "",
             f"Arkiv: {where}", ""]
    if result.key_figures:
        lines += ["| Nyckeltal | Antal |", "|---|---|",
                  *(f"| {label} | {value} |" for label, value in result.key_figures), ""]
    lines += ["| Fil |", "|---|", *(f"| {name} |" for name in result.files), ""]
    if result.mailed:
        lines.append("Skickas till: " + ", ".join(result.mailed))
    for line in (*result.unaddressed, *result.flags):
        lines.append(f"- {line}")
    if result.gaps:
        lines.append(f"Saknas för rapporten: {result.gaps} uppgift(er), till samordnarna.")
    return "\n".join(lines) + "\n"
