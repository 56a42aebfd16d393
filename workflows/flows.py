"""The Prefect flows of ``stegvis serve``: the morning sweep, delivery, the calendar.

Each flow runs the same engine steps as the commands (``stegvis sweep``, ``stegvis
deliver``) in a constant number of tasks, whatever the caseload: Prefect's overhead
per morning is a few flow and task runs, never one per participant.  The flows open
the Stegvis database from its settings (``STEGVIS_DATABASE_URL``, else the data
folder) and use the real clock unless given a day; our database, not Prefect's, is
the system of record.  The flows are sync: a sync flow run costs about a second more
than an async one (its heartbeat thread is joined at the end), which is nothing for
a run a morning and keeps crashed runs detectable.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.states import Failed

from engine.channels.mail import MailError, SmtpTransport
from engine.clock import STOCKHOLM, fixed_clock, system_clock, today_in_stockholm
from engine.errors import InputError, StegvisError, first_line
from engine.processes import die_with_serve
from engine.service.cases.horizon import extend_horizons
from engine.service.programme.calendar_runs import (
    CalendarRun,
    resume_unfinished,
    run_calendar_event,
)
from engine.service.programme.report_runs import RunResult, artifact_markdown
from engine.service.reminders.delivery import Delivered, DigestsBuilt, build_digests, deliver
from engine.service.reminders.sweep import SweepResult, check_sweep_day, sweep
from engine.service.shared.context import Context
from engine.service.shared.log_lines import take_over_prefect_lines
from engine.service.shared.published import running_spec
from engine.store.database import open_database
from workflows.schedules import EVENT_TIME, SWEEP_AT

# A flow-run process of stegvis serve imports this module first thing (Prefect's runner
# loads the flow): from here on it dies with serve, even with kill -9 (no delivery goes
# on sending without its serve; the next serve to start ends its run), and its Prefect
# lines are Stegvis's (identity numbers masked, STEGVIS_LOG_FORMAT).
if die_with_serve():
    take_over_prefect_lines()


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date; write it YYYY-MM-DD") from None


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(f"deliver_flow at: {text!r} is not an instant; write it "
                         "YYYY-MM-DDTHH:MM with its offset, e.g. 2027-03-29T07:00+02:00")
    return moment.astimezone(UTC)


def _context(day: str | None, what: str) -> tuple[Context, date]:
    """The database from settings and the real clock, or a clock fixed on ``day``.

    A given day is swept as at its scheduled time (06:30), so a replayed morning
    makes its digests ready for that morning's 07:00 delivery.
    """
    if day is None:
        return Context(open_database(), system_clock), today_in_stockholm(system_clock)
    # Checked against the real clock: the context's clock is fixed on the day itself.
    on = check_sweep_day(_day(day, what), today_in_stockholm(system_clock))
    engine = open_database()
    at = datetime.combine(on, SWEEP_AT, tzinfo=STOCKHOLM).astimezone(UTC)
    return Context(engine, fixed_clock(at)), on


def _refused(exc: StegvisError) -> State[Any]:
    """A refusal (a day still to come, an unknown programme, no mail server): one log
    line and a Failed run saying why, not the tracebacks of an exception raised out of
    the flow (the engine's log of it and the flow-run process's own)."""
    line = first_line(exc)
    get_run_logger().error("%s", line)
    return Failed(message=line)


# The tasks take the Context (an engine and a clock), which is not hashable: no caching.
@task(name="extend-horizons", retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def extend_horizons_task(ctx: Context, day: date) -> int:
    """Move the stored horizon of open-ended cases on (idempotent)."""
    return extend_horizons(ctx, day)


@task(name="sweep", retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def sweep_task(ctx: Context, day: date) -> SweepResult:
    """Write the day's notices into the outbox (idempotent: its keys are unique)."""
    return sweep(ctx, day)


@task(name="build-digests", retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def build_digests_task(ctx: Context, day: date) -> DigestsBuilt:
    """Group each recipient's pending notices into one digest."""
    return build_digests(ctx, day)


def smtp_password_from_block() -> str | None:
    """The SMTP password kept in a Prefect Secret block, if STEGVIS_SMTP_PASSWORD_BLOCK names one.

    So the password lives in Prefect's (encrypted) block store, set once with
    ``Secret(value=...).save(name)`` or in Prefect's UI, rather than in the service's
    environment.  None when the setting is absent (STEGVIS_SMTP_PASSWORD applies).
    """
    name = os.environ.get("STEGVIS_SMTP_PASSWORD_BLOCK")
    if not name:
        return None
    from prefect.blocks.system import Secret

    try:
        block = Secret.load(name)  # sync here: called from a sync task
        assert isinstance(block, Secret)
    except ValueError as exc:
        raise MailError(f"STEGVIS_SMTP_PASSWORD_BLOCK={name!r}: no such Prefect Secret block "
                        f"({first_line(exc)}); create it with Secret(value=...).save"
                        f"({name!r}) or in Prefect's UI") from None
    return str(block.get())


# No Prefect retries: deliver() records each failure on its digest and backs off itself.
@task(name="deliver", cache_policy=NO_CACHE)
def deliver_task(ctx: Context) -> Delivered:
    """Send the digests that are due over SMTP (STEGVIS_SMTP_* settings, or a block)."""
    return deliver(ctx, SmtpTransport.from_environment(password=smtp_password_from_block()))



@flow(name="stegvis-sweep", log_prints=False)
def sweep_flow(day: str | None = None) -> dict[str, Any] | State[Any]:
    """The morning sweep for every programme: horizons, notices, digests (three tasks).

    ``day`` (YYYY-MM-DD) sweeps that day with a clock fixed at 06:30 on it; by default
    today by the real clock.  Running it again the same day adds nothing.
    """
    try:
        return _sweep(day)
    except StegvisError as exc:
        return _refused(exc)


def _sweep(day: str | None) -> dict[str, Any]:
    logger = get_run_logger()
    ctx, on = _context(day, "sweep_flow day")
    try:
        extended = extend_horizons_task(ctx, on)
        swept = sweep_task(ctx, on)
        if not swept.working_day:
            logger.info("%s is not a working day: nothing swept (the next working day "
                        "catches up)", on)
            return {"day": on.isoformat(), "working_day": False, "extended": extended}
        built = build_digests_task(ctx, on)
    finally:
        ctx.engine.dispose()
    logger.info("%s: %d case horizon(s) moved on, %d obligation(s) looked at, %d new "
                "notice(s), %d digest(s) ready to send", on, extended, swept.candidates,
                swept.created, built.created)
    for line in built.unaddressed:
        logger.warning("%s", line)
    return {"day": on.isoformat(), "working_day": True, "extended": extended,
            "candidates": swept.candidates, "notices": swept.created,
            "digests": built.created, "unaddressed": list(built.unaddressed)}


@task(name="resume-report-runs", cache_policy=NO_CACHE)
def resume_report_runs_task(ctx: Context) -> list[CalendarRun]:
    """Finish report runs whose worker died (their claim ran out); usually none."""
    return resume_unfinished(ctx, ctx.today())


@flow(name="stegvis-deliver")
def deliver_flow(at: str | None = None) -> dict[str, Any] | State[Any]:
    """Send every digest and report that is due; failures are retried with back-off.

    First the report runs a dead worker left unfinished are produced (their e-mails
    join the outbox), then the outbox is sent.  ``at`` (an ISO 8601 instant with its
    offset) acts as if it were then, to replay a morning; by default the real clock.
    """
    try:
        return _deliver(at)
    except StegvisError as exc:
        return _refused(exc)


def _deliver(at: str | None) -> dict[str, Any]:
    logger = get_run_logger()
    if at is None:
        ctx = Context(open_database(), system_clock)
    else:
        ctx = Context(open_database(), fixed_clock(_instant(at)))
    try:
        for resumed in resume_report_runs_task(ctx):
            if resumed.produced is not None:
                _publish(resumed.produced)
                logger.warning("%s: %s left unfinished by a stopped run, produced now",
                               resumed.produced.programme, resumed.event.key)
        done = deliver_task(ctx)
    finally:
        ctx.engine.dispose()
    logger.info("%d digest(s) sent, %d to retry, %d given up", done.sent, done.failed,
                done.gave_up)
    if done.resent:
        logger.warning("%d digest(s) sent again after an attempt that was cut off (same "
                       "Message-ID)", done.resent)
    for error in done.errors:
        logger.warning("%s", error)
    return asdict(done)


def _scheduled_day() -> date:
    """The day this flow run was scheduled for, in Sweden (today for a manual run)."""
    from prefect.runtime import flow_run

    scheduled = flow_run.scheduled_start_time
    return datetime.fromtimestamp(scheduled.timestamp(), UTC).astimezone(STOCKHOLM).date()


def _artifact_key(result: RunResult) -> str:
    """Prefect's artifact keys: lower-case letters, digits and dashes."""
    import re
    key = f"{result.programme}-{result.event_key}-{result.purpose}"
    return re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-")[:100]


def _publish(result: RunResult) -> None:
    """The run's key figures and archive folder as a Prefect artifact (produced runs)."""
    if result.outcome != "produced":
        return
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(markdown=artifact_markdown(result), key=_artifact_key(result),
                             description=f"{result.name}: version {result.version}")


@flow(name="stegvis-programme-event")
def programme_event_flow(programme: str, event_key: str, day: str | None = None,
                         draft: bool = False, again: bool = False
                         ) -> dict[str, Any] | State[Any]:
    """Run a programme-calendar event once: a report's draft or the report itself
    (produced, archived, sent), an evaluation's start or deadline, a meeting.

    ``event_key`` is a key of :func:`engine.rules.programme_calendar.programme_calendar`, or
    ``meeting:<id>`` for a meeting served from its rule: the run's day (``day``, else
    the day the run was scheduled for) completes it.  A given ``day`` replays that day
    (the clock at 07:30 on it); a day still to come is refused, and so is a run before
    the event's own day unless ``draft`` (an extra draft of the report for its author).
    ``again`` issues a report once more after corrections.
    """
    try:
        return _programme_event(programme, event_key, day, draft, again)
    except StegvisError as exc:
        return _refused(exc)


def _programme_event(programme: str, event_key: str, day: str | None, draft: bool,
                     again: bool) -> dict[str, Any]:
    logger = get_run_logger()
    on = _day(day, "programme_event_flow day") if day else _scheduled_day()
    if day is None:
        ctx = Context(open_database(), system_clock)
    else:
        at = datetime.combine(on, EVENT_TIME, tzinfo=STOCKHOLM).astimezone(UTC)
        ctx = Context(open_database(), fixed_clock(at))
    try:
        # The version published now, whoever published it since this worker started.
        spec = running_spec(ctx, programme)
        run = run_calendar_event(ctx, spec, event_key, on, today_in_stockholm(system_clock),
                                 draft=draft, again=again)
    finally:
        ctx.engine.dispose()
    event, produced = run.event, run.produced
    out: dict[str, Any] = {"programme": spec.id, "event_key": event.key, "kind": event.kind,
                           "due_on": event.due_on.isoformat(),
                           "new": bool(run.recorded and run.recorded.new),
                           "flag": run.recorded.flag if run.recorded else ""}
    if produced is not None:
        _publish(produced)
        out.update(outcome=produced.outcome, version=produced.version,
                   folder=produced.folder, mailed=list(produced.mailed),
                   missing=produced.gaps, flags=list(produced.flags))
        if produced.outcome == "produced":
            logger.info("%s: %s version %s archived in %s, to %s", spec.id, produced.name,
                        produced.version, produced.folder, ", ".join(produced.mailed) or
                        "nobody")
        else:
            logger.info("%s: %s: %s", spec.id, event.key, produced.outcome.replace("_", " "))
        for line in (*produced.unaddressed, *produced.flags):
            logger.warning("%s: %s", spec.id, line)
    elif run.recorded is not None:
        logger.info("%s: %s %s (due %s) %s", spec.id, event.kind, event.key, event.due_on,
                    "recorded" if run.recorded.new else "already ran; nothing recorded")
    if run.recorded is not None and run.recorded.flag:
        logger.warning("%s: %s", spec.id, run.recorded.flag)
    return out
