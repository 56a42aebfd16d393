"""Report runs killed with SIGKILL while rendering and while sending; two workers at once.

Real processes (``stegvis event run``, ``stegvis deliver``), a real database (SQLite
file and PostgreSQL), a real SMTP server (aiosmtpd) whose messages are read back, as
tests/test_crash_recovery.py does for the digests.  What must hold after any number of
kills and a final run to the end:

- exactly one archived version of the report, its files on disk with the stored
  hashes, one e-mail queued per recipient;
- every e-mail reached the mail server, none was lost; one arrives twice only when
  its sender died after the server accepted it and before the commit, and then with
  the same Message-ID, marked on the digest (the outbox's one unavoidable case);
- every PDF that arrived is the archived one, of the right period.

The kill times are random; the seed is printed (``STEGVIS_KILL_SEED`` replays it).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import subprocess
import time as timer
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import copy_postgres_database, drop_postgres_database
from sqlalchemy import Engine, text
from test_crash_recovery import (  # noqa: F401 - slow_smtp is a fixture
    STEGVIS,
    SlowInbox,
    _env,
    _kill_repeatedly,
    _run,
    _seed,
    _url,
    slow_smtp,
)

from engine.clock import fixed_clock
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context

DUE = date(2022, 12, 30)        # REBUS Årsrapport 6 (2022)
EVENT = ["event", "run", "rebus", "report:arsrapport:6", "--day", DUE.isoformat(),
         "--today", DUE.isoformat(), "--as", "kalender"]
RECIPIENTS = ("styrelse", "styrgrupp")
CRITERIA = ("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering")


def _populate(engine: Engine) -> None:
    ctx = Context(engine, fixed_clock(datetime.combine(DUE, time(6), tzinfo=UTC)))
    done = enrol_many(ctx, (EnrolmentRequest(
        programme="rebus", participant_key=f"R{i:03d}", gender=("kvinna", "man")[i % 2],
        birth_year=1970 + i % 30, municipality=("Hagfors", "Forshaga", "Munkfors")[i % 3],
        active_parties=("af", "hagfors"), income_support_from_referring_party=True,
        attested=CRITERIA,
        coordinator=f"samordnare{i % 3}", on=date(2022, 1, 10) + timedelta(days=7 * i))
        for i in range(38)), actor="test")
    assert done.enrolled == 38, done.refused[:3]
    for role in RECIPIENTS:
        set_contact(ctx, "role", role, f"{role}@rebus.example", actor="admin",
                    programme="rebus", display_name=f"Förbundets {role}")


def _env_for(port: int, archive: Path, lease: str = "0") -> dict[str, str]:
    return {**_env(port), "STEGVIS_ARCHIVE": str(archive), "STEGVIS_REPORT_LEASE_SECONDS": lease}


def _uninterrupted(engine: Engine, tmp_path: Path, port: int) -> float:
    """Seconds an uninterrupted run of the event takes, on a copy of the database."""
    if engine.dialect.name == "sqlite":
        assert engine.url.database
        copy = tmp_path / "reference.db"
        # SQLite's backup, not a file copy (see tests/test_crash_recovery.py).
        with sqlite3.connect(engine.url.database) as source, \
                sqlite3.connect(copy) as target:
            source.backup(target)
        source.close()
        target.close()
        url = f"sqlite:///{copy}"
    else:
        url = copy_postgres_database(engine, "stegvis_reference")
    try:
        started = timer.perf_counter()
        _run([*EVENT, "--database", url], _env_for(port, tmp_path / "reference-archive"))
        return timer.perf_counter() - started
    finally:
        if engine.dialect.name == "postgresql":
            drop_postgres_database(url)


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql)).all()]


@pytest.mark.slow
def test_killed_report_runs_and_deliveries_lose_nothing_and_send_nothing_twice(
        backend: Engine, tmp_path: Path,
        slow_smtp: tuple[SlowInbox, int]) -> None:  # noqa: F811 - the imported fixture
    inbox, port = slow_smtp
    rng = random.Random(_seed())
    _populate(backend)
    url, archive = _url(backend), tmp_path / "arkiv"
    env = _env_for(port, archive)
    took = _uninterrupted(backend, tmp_path, port)
    started = timer.perf_counter()
    _run(["archive", "list", "rebus", "--database", url], env)   # start-up, imports, query
    start_up = timer.perf_counter() - started
    # The second half of a run is rendering and writing the files: kill in there.
    kills = _kill_repeatedly([*EVENT, "--database", url], env, rng, 6,
                             (max(start_up, 0.5 * took), 0.9 * took))
    assert kills >= 1
    claims = _rows(backend, "SELECT attempts FROM report_runs")
    print(f"{kills} report run(s) killed; claims taken: {claims[0][0] if claims else 0} "
          "(each one after the first was a run killed after claiming, while rendering or "
          f"writing); produced before the last run: "
          f"{_rows(backend, 'SELECT count(*) FROM report_archive')[0][0]}")
    last = _run([*EVENT, "--database", url], env)
    again = _run([*EVENT, "--database", url], env)
    assert "already produced: nothing added" in again.stdout or \
        "already produced" in last.stdout
    (row,) = _rows(backend, "SELECT id, version, folder, files FROM report_archive")
    assert row[1] == 1
    assert _rows(backend, "SELECT status FROM report_runs") == [("done",)]
    assert _rows(backend, "SELECT count(*) FROM calendar_runs") == [(1,)]
    digests = _rows(backend, "SELECT recipient FROM digests ORDER BY recipient")
    assert digests == [(r,) for r in RECIPIENTS]          # one e-mail each, queued once
    files = row[3] if isinstance(row[3], list) else json.loads(str(row[3]))
    folder = archive / str(row[2])
    for entry in files:
        assert hashlib.sha256((folder / entry["name"]).read_bytes()).hexdigest() == \
            entry["sha256"]
    versions = [p for p in folder.parent.iterdir() if not p.name.startswith(".")]
    assert versions == [folder]   # what a killed run left behind was replaced

    deliver = ["deliver", "--database", url]
    deliver_kills = _kill_repeatedly(deliver, env, rng, 4, (start_up, start_up + 1.5))
    _run(deliver, env)
    sent = _rows(backend, "SELECT status, message_id, last_error FROM digests")
    assert {s for s, _, _ in sent} == {"sent"}
    received = Counter(str(m["Message-ID"]) for m in inbox.messages)
    assert set(received) == {m for _, m, _ in sent}       # none lost, none unknown
    twice = {m for m, n in received.items() if n > 1}
    marked = {m for _, m, e in sent if str(e).startswith("an earlier attempt was cut off")}
    assert all(received[m] == 2 for m in twice) and twice <= marked
    assert len(marked) <= deliver_kills
    pdf_hash = next(f["sha256"] for f in files if f["name"] == "rebus-arsrapport-6.pdf")
    for message in inbox.messages:
        (part,) = list(message.iter_attachments())
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes) and hashlib.sha256(data).hexdigest() == pdf_hash


@pytest.mark.slow
def test_two_workers_running_the_same_report_at_once_produce_it_once(
        backend: Engine, tmp_path: Path) -> None:
    _populate(backend)
    url, archive = _url(backend), tmp_path / "arkiv"
    env = _env_for(1, archive, lease="900")   # the default: a live worker keeps its claim
    runs = [subprocess.Popen([STEGVIS, *EVENT, "--database", url], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = " ".join(out for out, _ in outputs)
    assert said.count("version 1 archived") == 1, said
    assert "being produced by another run" in said or "already produced" in said
    assert _rows(backend, "SELECT count(*) FROM report_archive") == [(1,)]
    assert _rows(backend, "SELECT count(*) FROM digests") == [(len(RECIPIENTS),)]

