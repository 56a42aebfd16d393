"""Shared fixtures: a movable clock and databases on SQLite and PostgreSQL.

Store tests take the ``ctx`` fixture and run once per backend.  PostgreSQL is the
server at 127.0.0.1:5432 (user postgres, trust auth); a missing server skips those runs
on a developer's machine but fails them in CI (``CI=true``).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from engine.channels.mail import SmtpTransport
from engine.clock import STOCKHOLM
from engine.service.shared.context import Context
from engine.store.database import open_database

PG_ADMIN = os.environ.get("STEGVIS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


#: The longest tests, started first so that the suite's parallel workers
#: (``pytest -n auto``) do not end waiting for one of them; then every other test that
#: starts a Prefect server (marked slow).
_LONGEST_FIRST = ("test_simulated_year.py", "test_serve.py", "test_report_run_crashes.py",
                  "test_serve_operations.py", "test_crash_recovery.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def order(item: pytest.Item) -> int:
        if item.path.name in _LONGEST_FIRST:
            return _LONGEST_FIRST.index(item.path.name)
        return len(_LONGEST_FIRST) + (0 if item.get_closest_marker("slow") else 1)

    items.sort(key=order)  # stable: within a rank, the files keep their order


@pytest.fixture(autouse=True, scope="session")
def _shipped_definitions_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite reads the shipped programmes and a data folder of its own: a developer's
    definitions folder (STEGVIS_DEFINITIONS, or settings.toml after ``stegvis init``)
    must not leak in."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("STEGVIS_DEFINITIONS", raising=False)
        patch.setenv("STEGVIS_HOME", str(tmp_path_factory.mktemp("stegvis-home")))
        yield


@dataclass
class MovableClock:
    """A clock the test sets; the engine reads it like any other clock."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at

    def set_day(self, day: date, hour: int = 9) -> None:
        """Move to ``hour`` o'clock Swedish time on ``day``."""
        self.at = datetime.combine(day, time(hour), tzinfo=STOCKHOLM).astimezone(UTC)


@pytest.fixture
def clock() -> MovableClock:
    moved = MovableClock(datetime(2024, 1, 1, tzinfo=UTC))
    moved.set_day(date(2024, 1, 31))
    return moved


#: The admin URL as psycopg itself takes it (no SQLAlchemy driver prefix).
_PG_ADMIN_LIBPQ = PG_ADMIN.replace("postgresql+psycopg://", "postgresql://")


def _pg_url(name: str) -> str:
    """The SQLAlchemy URL of database ``name`` on the test server."""
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def create_postgres_database(prefix: str) -> str | None:
    """A new, empty database on the test server; None (or a failure in CI) without one."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(_PG_ADMIN_LIBPQ, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is required in CI: {exc}")
        return None
    return _pg_url(name)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by :func:`create_postgres_database`, connections and all."""
    import psycopg

    with psycopg.connect(_PG_ADMIN_LIBPQ, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def copy_postgres_database(source: Engine, prefix: str) -> str:
    """A copy of ``source``'s database (CREATE DATABASE … TEMPLATE); its URL."""
    import psycopg

    source.dispose()  # a template may have no open connections
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_PG_ADMIN_LIBPQ, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source.url.database}"')
    return _pg_url(name)


def _postgres_engine_for_session() -> Iterator[str | None]:
    url = create_postgres_database("stegvis_test")
    yield url
    if url is not None:
        drop_postgres_database(url)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    yield from _postgres_engine_for_session()


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str | None) -> Iterator[Engine | None]:
    if postgres_url is None:
        yield None
        return
    engine = open_database(postgres_url)
    yield engine
    engine.dispose()


def _truncate(database: Engine) -> None:
    from sqlmodel import SQLModel

    from engine.store import tables  # noqa: F401 - registers every table
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with database.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path,
            postgres_engine: Engine | None) -> Iterator[Engine]:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
        yield engine
        engine.dispose()
        return
    if postgres_engine is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    _truncate(postgres_engine)
    yield postgres_engine


@pytest.fixture
def ctx(backend: Engine, clock: MovableClock) -> Context:
    return Context(backend, clock)


@dataclass
class Inbox:
    """An aiosmtpd handler keeping what it accepts; ``refuse`` makes it answer 451."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 try again later"
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpTransport]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a transport that uses it."""
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, SmtpTransport("127.0.0.1", port, security="none",
                               sender="Stegvis <stegvis@forbundet.example>")
    controller.stop()


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """Prefect's test server (its own temporary SQLite), flow heartbeats off.

    One for the whole session: it takes ~26 s to start.
    """
    from prefect.settings import temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    # A first start builds Prefect's database (~26 s here): the default 30 s is too tight.
    # Analytics off, as in production (the test server would otherwise call home).
    with temporary_settings(updates={"server.analytics_enabled": False}), \
            prefect_test_harness(server_startup_timeout=120), \
            temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


@pytest.fixture
def stegvis_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               clock: MovableClock) -> Iterator[Context]:
    """A SQLite Stegvis database that the flows find through STEGVIS_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    monkeypatch.setenv("STEGVIS_DATABASE_URL", url)
    engine = open_database(url)
    yield Context(engine, clock)
    engine.dispose()


#: Debian's chromium (tools/install-system-packages): Playwright's own download is not
#: reachable from here, and Playwright 1.65 drives chromium 156 fine.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments: Debian's chromium, skipped locally without it
    but required in CI (``CI=true``)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required in CI: run tools/install-system-packages")
        pytest.skip(f"no {CHROMIUM} (install Debian's chromium: tools/install-system-packages)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """No base URL (tests give whole URLs).  Defined here because pytest-playwright's own
    fallback is a plugin-instance fixture, which pytest 9 deprecates with a warning."""
    return None
