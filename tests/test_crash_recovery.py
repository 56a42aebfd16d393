"""Crash and rerun: ``stegvis sweep`` and ``stegvis deliver`` killed with SIGKILL.

Real processes, a real database (SQLite file and PostgreSQL), a real SMTP server
(aiosmtpd on 127.0.0.1) whose messages are read back.  What must hold after any
number of kills and a final run to the end:

- the outbox holds exactly the notices an uninterrupted sweep writes, each in one
  digest, one digest per recipient;
- every digest reached the mail server; none was lost;
- a digest arrives twice only when its sender died after the server accepted it and
  before the commit, and then with the same Message-ID, marked on the digest.

The kill times are random; the seed is printed so that a failure can be replayed
(``STEGVIS_KILL_SEED``).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time as timer
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Inbox, copy_postgres_database, drop_postgres_database, free_port
from digest_reading import digest_lines
from sqlalchemy import Engine, create_engine, text

from engine.clock import fixed_clock
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context

STEGVIS = str(Path(sys.executable).with_name("stegvis"))
#: A Monday in the past: ``deliver`` runs by the real clock and sends what is due by now.
DAY = date(2026, 11, 16)
COORDINATORS = 30
CRITERIA = ("offentlig_forsorjning", "arbetslivsinriktade_insatser", "ej_ordinarie_insatser",
            "egen_vilja")

@dataclass
class SlowInbox(Inbox):
    """An SMTP handler that takes its time before DATA, like a real server on a network.

    ``kill_at_data``: on the n-th message, kill ``victim`` after the message arrived and
    before answering 250 — the one moment the sender cannot know the outcome.
    """

    delay: float = 0.03
    kill_at_data: int = 0
    victim: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.kill_at_data and len(self.messages) == self.kill_at_data and self.victim:
            os.kill(self.victim, signal.SIGKILL)
            await asyncio.sleep(0.2)  # the 250 goes to a dead socket
        return answer


@pytest.fixture
def slow_smtp() -> Iterator[tuple[SlowInbox, int]]:
    from aiosmtpd.controller import Controller

    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _populate(engine: Engine, participants: int = 1200) -> None:
    """Participants of Västerås enrolled over the past year, with 30 coordinators."""
    at = datetime.combine(DAY - timedelta(days=1), time(18), tzinfo=UTC)
    ctx = Context(engine, fixed_clock(at))
    result = enrol_many(ctx, (EnrolmentRequest(
        programme="vasteras", participant_key=f"P{i:05d}", gender=("kvinna", "man")[i % 2],
        birth_year=1970 + i % 30, municipality="Västerås", active_parties=("af", "vasteras_stad"),
        attested=CRITERIA, coordinator=f"samordnare{i % COORDINATORS:02d}",
        on=DAY - timedelta(days=1 + i % 300)) for i in range(participants)), actor="test")
    assert result.enrolled == participants, result.refused[:3]
    for i in range(COORDINATORS):
        set_contact(ctx, "coordinator", f"samordnare{i:02d}", f"s{i:02d}@vasteras.example",
                    actor="admin", display_name=f"Samordnare Åström {i}")
    set_contact(ctx, "role", "verksamhetsledare", "ledare@vasteras.example", actor="admin",
                programme="vasteras")


def _env(port: int, lease: str = "0") -> dict[str, str]:
    return {**os.environ, "STEGVIS_SMTP_HOST": "127.0.0.1", "STEGVIS_SMTP_PORT": str(port),
            "STEGVIS_SMTP_SECURITY": "none", "STEGVIS_MAIL_FROM": "stegvis@vasteras.example",
            "STEGVIS_DELIVERY_LEASE_SECONDS": lease}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([STEGVIS, *args], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def _kill_repeatedly(args: list[str], env: dict[str, str], rng: random.Random,
                     attempts: int, window: tuple[float, float]) -> int:
    """Start the command ``attempts`` times, SIGKILL each at a random moment; kills made.

    ``window``: the seconds after the start within which to kill (the command's work
    starts after ~1.5 s of Python start-up and imports).
    """
    kills = 0
    for _ in range(attempts):
        process = subprocess.Popen([STEGVIS, *args], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        timer.sleep(rng.uniform(*window))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        assert process.stderr is not None
        error = process.stderr.read().decode()
        process.stderr.close()
        assert process.returncode in (0, -signal.SIGKILL), error
    return kills


def _notices(engine: Engine) -> Counter[tuple[int, str, str]]:
    """(case, obligation key, stage) of every notice in the outbox."""
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT n.case_id, o.key, n.stage FROM notices n "
            "JOIN obligations o ON o.id = n.obligation_id")).all()
    return Counter((int(r[0]), str(r[1]), str(r[2])) for r in rows)


def _titles(engine: Engine) -> dict[tuple[int, str], str]:
    """(case, obligation key) → the obligation's title, as a digest shows it."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT case_id, key, name FROM obligations")).all()
    return {(int(r[0]), str(r[1])): str(r[2]) for r in rows}


def _digest_rows(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(
            "SELECT recipient_kind, recipient, day, status, message_id, last_error "
            "FROM digests ORDER BY id")).all())


def _reference(engine: Engine, tmp_path: Path) -> tuple[Counter[tuple[int, str, str]], float]:
    """The notices of an uninterrupted sweep, on a copy; and how long the command took."""
    if engine.dialect.name == "sqlite":
        assert engine.url.database
        # SQLite's backup, not a file copy: it includes the WAL, and closing a plain
        # open() of the file would drop this process's SQLite locks (POSIX fcntl).
        copy = tmp_path / "reference.db"
        with sqlite3.connect(engine.url.database) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        source.close()
        target.close()
        url = f"sqlite:///{copy}"
    else:
        url = copy_postgres_database(engine, "stegvis_reference")
    started = timer.perf_counter()
    _run(["sweep", "--date", DAY.isoformat(), "--database", url], os.environ.copy())
    took = timer.perf_counter() - started
    reference = create_engine(url)
    try:
        return _notices(reference), took
    finally:
        reference.dispose()
        if engine.dialect.name == "postgresql":
            drop_postgres_database(url)


def _swept(backend: Engine, participants: int) -> str:
    """A populated database swept for DAY (digests ready to send); its URL."""
    _populate(backend, participants)
    url = _url(backend)
    _run(["sweep", "--date", DAY.isoformat(), "--database", url], os.environ.copy())
    return url


def _seed() -> int:
    seed = int(os.environ.get("STEGVIS_KILL_SEED", random.randrange(1_000_000)))
    print(f"STEGVIS_KILL_SEED={seed}")
    return seed


@pytest.mark.slow
def test_killed_sweeps_and_deliveries_lose_nothing_and_send_nothing_twice(
        backend: Engine, tmp_path: Path, slow_smtp: tuple[SlowInbox, int]) -> None:
    inbox, port = slow_smtp
    rng = random.Random(_seed())
    _populate(backend)
    expected, sweep_took = _reference(backend, tmp_path)
    assert sum(expected.values()) > 1000 and max(expected.values()) == 1
    url = _url(backend)

    sweep = ["sweep", "--date", DAY.isoformat(), "--database", url]
    sweep_kills = _kill_repeatedly(sweep, os.environ.copy(), rng, 5,
                                   (0.6 * sweep_took, sweep_took))
    _run(sweep, os.environ.copy())
    assert _notices(backend) == expected  # each notice once: none lost, none twice
    digests = _digest_rows(backend)
    recipients = Counter((d.recipient_kind, d.recipient) for d in digests)
    assert len(recipients) == COORDINATORS + 1 and set(recipients.values()) == {1}

    env = _env(port)
    started = timer.perf_counter()
    deliver = ["deliver", "--database", url]
    started_up = timer.perf_counter()
    _run(["outbox", "--database", url], env)  # as long as deliver takes to start sending
    start_up = timer.perf_counter() - started_up
    deliver_kills = _kill_repeatedly(deliver, env, rng, 6,
                                     (start_up, start_up + len(digests) * inbox.delay * 1.5))
    print(f"messages received while killing: {len(inbox.messages)} of {len(digests)}")
    print(f"{sweep_kills} sweep(s) and {deliver_kills} delivery run(s) killed in "
          f"{timer.perf_counter() - started:.1f} s")
    last = _run(deliver, env)

    digests = _digest_rows(backend)
    assert {d.status for d in digests} == {"sent"}, (last.stdout, digests[:3])
    received = Counter(str(m["Message-ID"]) for m in inbox.messages)
    assert set(received) == {d.message_id for d in digests}  # none lost, none unknown
    twice = {m for m, n in received.items() if n > 1}
    print(f"{len(twice)} digest(s) arrived twice (the sender died between the server's "
          "acceptance and the commit)")
    assert all(received[m] == 2 for m in twice) and len(twice) <= deliver_kills
    # Every digest that arrived twice is marked; a marked one may have arrived once (its
    # sender died before the server had it).  At most one cut-off attempt per kill.
    marked = {d.message_id for d in digests
              if d.last_error.startswith("an earlier attempt was cut off")}
    assert twice <= marked and len(marked) <= deliver_kills
    # What coordinators read: every notice in exactly one distinct message (a digest names
    # an obligation by its title, so the expected notices are compared by title too).
    unique = {str(m["Message-ID"]): m for m in inbox.messages}
    delivered = Counter((line.case, line.name, line.stage) for m in unique.values()
                        for line in digest_lines(m))
    titles = _titles(backend)
    wanted: Counter[tuple[int, str, str]] = Counter()
    for (case, key, stage), n in expected.items():
        wanted[case, titles[case, key], stage] += n
    assert delivered == wanted


def test_a_digest_accepted_as_its_sender_dies_comes_again_with_the_same_message_id(
        backend: Engine, slow_smtp: tuple[SlowInbox, int]) -> None:
    inbox, port = slow_smtp
    url = _swept(backend, participants=200)
    env = _env(port)
    process = subprocess.Popen([STEGVIS, "deliver", "--database", url], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    inbox.kill_at_data, inbox.victim = 3, process.pid
    assert process.wait(timeout=120) == -signal.SIGKILL
    assert len(inbox.messages) == 3
    third = str(inbox.messages[2]["Message-ID"])
    with backend.connect() as connection:
        status = connection.execute(text("SELECT status FROM digests WHERE message_id = :m"),
                                    {"m": third}).scalar_one()
    assert status == "sending"  # the server has it; Stegvis cannot know

    done = _run(["deliver", "--database", url], env)
    assert "1 of them sent again: an earlier attempt was cut off" in done.stdout
    received = Counter(str(m["Message-ID"]) for m in inbox.messages)
    assert received[third] == 2
    assert all(n == 1 for m, n in received.items() if m != third)
    first, again = [m for m in inbox.messages if str(m["Message-ID"]) == third]
    assert first.get_content() == again.get_content()
    assert {d.status for d in _digest_rows(backend)} == {"sent"}
    outbox = _run(["outbox", "--database", url], env)
    assert "nothing waiting" in outbox.stdout


def test_two_delivery_runs_at_once_send_each_digest_once(
        backend: Engine, slow_smtp: tuple[SlowInbox, int]) -> None:
    inbox, port = slow_smtp
    url = _swept(backend, participants=300)
    env = _env(port, lease="600")  # the default: a live sender is never overtaken
    runs = [subprocess.Popen([STEGVIS, "deliver", "--database", url, "--json"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    received = Counter(str(m["Message-ID"]) for m in inbox.messages)
    digests = _digest_rows(backend)
    assert set(received) == {d.message_id for d in digests}
    assert set(received.values()) == {1}
    assert {d.status for d in digests} == {"sent"}
