"""The web application at scale: a coordinator's inbox, and many signed-in coordinators.

Run: .venv/bin/python bench/bench_web.py [--participants 100000] [--database URL]
                                          [--users 50] [--requests 20] [--think 1.0]

Enrols N Samordningsteam Västerås participants, 400 to each coordinator
(``coordinator000`` …), with enrolment dates spread over the past year, and marks done
everything due more than a week ago (the open backlog of a working programme).  Then:

1. **server side**: one coordinator with 400 cases, in process (the whole request:
   session, query, access-log rows, rendering), median of 21 of each page: ``GET
   /inbox``, the caseload's first page sorted by the next due date, a search by key, and
   a programme filter's last page;
2. **load**: ``stegvis web`` as its own process on 127.0.0.1; ``--users`` coordinators
   sign in, then each opens the inbox and the caseload in turn ``--requests`` times with
   ``--think`` seconds (uniformly 0–2× that) between page views, all at once; latency
   percentiles and errors as the clients measured them.

Targets (issue 23): median under 50 ms for one coordinator's 400 cases at 100,000
participants; 50 concurrent signed-in users with p95 under 300 ms and no errors.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import text, update  # noqa: E402
from sqlmodel import col  # noqa: E402
from timing import median_ms  # noqa: E402

from engine.clock import STOCKHOLM, fixed_clock, system_clock, today_in_stockholm  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.cases.enrolment import EnrolmentRequest  # noqa: E402
from engine.service.people.accounts import add_user  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from engine.store.tables import ObligationRow  # noqa: E402

#: Today, as the server (`stegvis web`, on the real clock) sees it too.
TODAY = today_in_stockholm(system_clock)
CASES_EACH = 400
PASSWORD = "bench-lösenord-1"
CRITERIA = ("offentlig_forsorjning", "arbetslivsinriktade_insatser", "ej_ordinarie_insatser",
            "egen_vilja")
SECRET = "bench-secret-long-enough-to-sign-cookies-with"
_TOKEN = re.compile(r'name="csrf-token" value="([^"]+)"')


def requests(n: int):  # type: ignore[no-untyped-def]
    for i in range(n):
        yield EnrolmentRequest(
            programme="vasteras", participant_key=f"P{i:07d}",
            gender=("kvinna", "man")[i % 2], birth_year=1965 + i % 40,
            municipality="Västerås", coordinator=f"coordinator{i % (n // CASES_EACH):03d}",
            on=TODAY - timedelta(days=i % 365), active_parties=("af", "vasteras_stad"),
            attested=CRITERIA)


def populate(ctx: Context, n: int, users: int) -> None:
    start = time.perf_counter()
    result = enrol_many(ctx, requests(n), actor="bench")
    assert result.enrolled == n, result.refused[:3]
    engine = ctx.engine
    with engine.begin() as conn:
        conn.execute(update(ObligationRow).where(
            col(ObligationRow.due_on) < TODAY - timedelta(days=7)).values(status="done"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    # Sign-in cost is not what is measured: a cheap argon2id profile for the accounts.
    cheap = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    for i in range(users):
        add_user(ctx, f"coordinator{i:03d}", "coordinator", "bench", password=PASSWORD,
                 hasher=cheap)
    print(f"  {n:,} participants, {n // CASES_EACH} coordinators with {CASES_EACH} cases "
          f"each, ready in {time.perf_counter() - start:.0f} s")


def server_side(ctx: Context) -> None:
    from fastapi.testclient import TestClient

    from engine.http.web import WebSettings, create_app
    client = TestClient(create_app(ctx, WebSettings(secret_key=SECRET)))
    page = client.get("/login")
    token = _TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "coordinator000", "password": PASSWORD,
                                "csrf-token": token})
    inbox = client.get("/inbox")
    assert inbox.status_code == 200, inbox.status_code
    shown = inbox.text.count('class="card"')
    for url, what in (("/inbox", f"{shown} items shown"),
                      ("/cases", "first page of 50, by next due date"),
                      ("/cases?q=P00001", "search by key"),
                      ("/cases?programme=vasteras&sort=key&page=8", "last page, by key")):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        took = median_ms(lambda url=url: client.get(url), repeat=21)  # type: ignore[misc]
        cpu = _median_cpu_ms(lambda url=url: client.get(url), repeat=21)  # type: ignore[misc]
        print(f"  server side: GET {url} ({CASES_EACH} cases, {what}) median {took:.1f} ms "
              f"(CPU {cpu:.1f} ms)")


def _median_cpu_ms(action: Any, repeat: int) -> float:
    """Median CPU time of ``action`` in this process (every thread: TestClient serves the
    request in another one), in ms: what the page costs whatever else the machine runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


class User(threading.Thread):
    """One coordinator in a browser: signs in, then opens the inbox again and again."""

    def __init__(self, base: str, name: str, count: int, think: float,
                 start_at: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.name, self.count, self.think = base, name, count, think
        self.start_at = start_at
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
            CookieJar()))

    def sign_in(self) -> None:
        with self.opener.open(f"{self.base}/login") as answer:
            token = _TOKEN.search(answer.read().decode()).group(1)  # type: ignore[union-attr]
        form = urllib.parse.urlencode({"name": self.name, "password": PASSWORD,
                                       "csrf-token": token}).encode()
        with self.opener.open(f"{self.base}/login", data=form) as answer:
            assert answer.url.endswith("/inbox"), answer.url

    def run(self) -> None:
        self.start_at.wait()
        generator = random.Random(self.name)
        for n in range(self.count):
            time.sleep(generator.uniform(0, 2 * self.think))
            began = time.perf_counter()
            page = "/inbox" if n % 2 == 0 else "/cases"
            try:
                with self.opener.open(f"{self.base}{page}", timeout=30) as answer:
                    answer.read()
                    if answer.status != 200:
                        self.errors.append(str(answer.status))
            except (urllib.error.URLError, OSError) as exc:
                self.errors.append(str(exc))
            self.latencies.append((time.perf_counter() - began) * 1000)


def load(url: str, users: int, count: int, think: float) -> None:
    from socket import socket

    with socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "STEGVIS_WEB_SECRET": SECRET, "STEGVIS_HOME": tempfile.mkdtemp()}
    server = subprocess.Popen(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())", "web",
         "--address", f"127.0.0.1:{port}", "--database", url], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        go = threading.Event()
        people = [User(base, f"coordinator{i:03d}", count, think, go) for i in range(users)]
        for person in people:
            person.sign_in()
        for person in people:
            person.start()
        began = time.perf_counter()
        go.set()
        for person in people:
            person.join()
        seconds = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    times = sorted(t for p in people for t in p.latencies)
    errors = [e for p in people for e in p.errors]
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  load: {users} signed-in users × {count} views of the inbox and the caseload, "
          f"think time 0–{2 * think:g} s: "
          f"{len(times):,} requests in {seconds:.1f} s ({len(times) / seconds:.0f}/s), "
          f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms, "
          f"{len(errors)} errors")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--database", help="a URL of an empty database; default a fresh "
                                           "SQLite file")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between one user's page views")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stegvis-bench-web-"))
    url = args.database or f"sqlite:///{folder / 'bench.db'}"
    engine = open_database(url)
    nine = datetime.combine(TODAY, time_of_day(9), tzinfo=STOCKHOLM).astimezone(UTC)
    ctx = Context(engine, fixed_clock(nine))
    print(f"{engine.dialect.name}:")
    populate(ctx, args.participants, args.users)
    server_side(ctx)
    engine.dispose()
    load(url, args.users, args.requests, args.think)


if __name__ == "__main__":
    main()
