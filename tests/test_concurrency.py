"""Two people (or a cron and a person) at once: what one of them alone would get.

Real processes for the sweep, as operators run it (two ``stegvis sweep`` of one day at
the same moment); threads for many commands on one case.  Both backends: SQLite takes
the write lock when a transaction begins, PostgreSQL locks the case row.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import threading
import time as timer
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock
from sqlalchemy import Engine, text
from test_crash_recovery import DAY, STEGVIS, _digest_rows, _notices, _populate, _reference

from engine.channels.mail import SmtpTransport
from engine.clock import STOCKHOLM
from engine.errors import ConflictError, InputError
from engine.service.cases.operations import complete
from engine.service.cases.queries import case_view
from engine.service.cases.records import add_goal
from engine.service.reminders.delivery import deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context
from engine.store import database


def _sweeps_at_once(url: str, runs: int) -> list[subprocess.CompletedProcess[str]]:
    """``runs`` sweeps of DAY started together; each process's result."""
    command = [STEGVIS, "sweep", "--date", DAY.isoformat(), "--database", url]
    started = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=os.environ.copy()) for _ in range(runs)]
    finished = []
    for process in started:
        out, err = process.communicate(timeout=300)
        finished.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return finished


def test_sweeps_of_one_day_at_once_give_what_one_sweep_gives(
        backend: Engine, tmp_path: Path) -> None:
    _populate(backend, participants=600)
    expected, _ = _reference(backend, tmp_path)
    url = backend.url.render_as_string(hide_password=False)
    for _ in range(2):  # two rounds: the race is a matter of milliseconds
        runs = _sweeps_at_once(url, runs=3)
        assert [r.returncode for r in runs] == [0, 0, 0], [r.stderr for r in runs]
    assert _notices(backend) == expected
    digests = _digest_rows(backend)
    per_recipient = Counter((d.recipient_kind, d.recipient) for d in digests)
    assert set(per_recipient.values()) == {1}, per_recipient.most_common(3)
    with backend.connect() as connection:
        empty = connection.execute(text(
            "SELECT count(*) FROM digests d WHERE NOT EXISTS "
            "(SELECT 1 FROM notices n WHERE n.digest_id = d.id)")).scalar_one()
    assert empty == 0


def test_a_digest_with_nothing_in_it_is_never_sent(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    with ctx.engine.begin() as connection:  # as an earlier version could leave one
        connection.execute(text(
            "INSERT INTO digests (recipient_kind, recipient, programme_id, day, seq, email, "
            "message_id, status, attempts, next_attempt_at, last_error, created_at) VALUES "
            "('coordinator', 'anna', '', :day, 2, 'anna@hagfors.example', '<e@stegvis>', "
            "'pending', 0, :at, '', :at)"), {"day": ctx.today(), "at": ctx.now()})
    done = deliver(ctx, transport)
    assert inbox.messages == [] and done.sent == 0
    with ctx.engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM digests")).scalar_one()
    assert status == "empty"  # out of the outbox, never retried


def test_a_sweep_of_a_day_after_today_is_refused(ctx: Context, clock: MovableClock) -> None:
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    with pytest.raises(InputError, match="cannot sweep 2024-02-01: it is after today"):
        sweep(ctx, date(2024, 2, 1))
    with ctx.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM sweeps")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM notices")).scalar_one() == 0


def test_the_sweep_command_refuses_a_day_after_today(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    tomorrow = datetime.now(STOCKHOLM).date() + timedelta(days=2)  # the command's real clock
    done = subprocess.run([STEGVIS, "sweep", "--date", tomorrow.isoformat(), "--database", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"stegvis: cannot sweep {tomorrow}: it is after today" in done.stderr
    assert "Traceback" not in done.stderr


OPERATIONS, THREADS = 100, 8


def test_a_hundred_commands_at_once_on_one_case_all_succeed(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    start = threading.Barrier(THREADS)

    def work(worker: int) -> list[str]:
        start.wait()
        refused = []
        for n in range(worker, OPERATIONS, THREADS):
            try:
                add_goal(ctx, case.case_id, f"delmål {n}", actor=f"samordnare{worker}")
            except ConflictError as exc:
                refused.append(str(exc))
        return refused

    with ThreadPoolExecutor(THREADS) as pool:
        refused = [r for rs in pool.map(work, range(THREADS)) for r in rs]
    assert refused == []
    view = case_view(ctx, case.case_id)
    assert len(view["goals"]) == OPERATIONS
    assert view["case"]["row_version"] == case.row_version + OPERATIONS


def test_a_real_version_conflict_is_still_refused_after_parallel_work(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    clock.set_day(date(2024, 2, 20))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: add_goal(ctx, case.case_id, f"mål {n}", actor="bo"), range(8)))
    with pytest.raises(ConflictError, match="you had 1"):
        complete(ctx, case.case_id, "task:startenkat", actor="anna", expected_version=1)


def test_a_busy_sqlite_database_is_waited_for_not_refused(
        tmp_path: Path, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)  # SQLite's own wait, made short
    engine = database.open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    ctx = Context(engine, clock)
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    holder = sqlite3.connect(tmp_path / "stegvis.db", isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process writing for a while
    release = threading.Timer(1.0, holder.commit)
    release.start()
    started = timer.perf_counter()
    try:
        add_goal(ctx, case.case_id, "ett mål", actor="anna")
    finally:
        release.join()
        holder.close()
        engine.dispose()
    assert timer.perf_counter() - started >= 0.9  # it waited, and then it was done


def test_two_user_adds_of_one_name_at_once_make_one_account_and_one_plain_refusal(
        ctx: Context) -> None:
    """Both find no account of that name; the second insert meets the unique name
    (PostgreSQL) and is refused as a duplicate instead of a database error."""
    from sqlalchemy import event
    from sqlmodel import Session

    from engine.service.people.accounts import add_user
    both_looked = threading.Barrier(2, timeout=2)

    def wait_for_the_other(_session: Session, *_: object) -> None:
        # SQLite's write lock queues them: there the wait times out.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()

    event.listen(Session, "before_flush", wait_for_the_other)
    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(add_user, ctx, "bo", "coordinator", "admin")
                       for _ in range(2)]
            outcomes = []
            for future in futures:
                try:
                    outcomes.append(future.result(60).name)
                except InputError as exc:
                    outcomes.append(str(exc))
    finally:
        event.remove(Session, "before_flush", wait_for_the_other)
    assert sorted(outcomes) == ["bo", "there is already an account 'bo'"]
    with ctx.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
