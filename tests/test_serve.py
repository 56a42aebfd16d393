"""``stegvis serve`` as a command: a real private Prefect server, started and stopped.

The check run is slow (a new Prefect database: ~20 s) and runs in CI; deselect it
locally with ``-m 'not slow'``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port

STEGVIS = [sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main())"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "STEGVIS_"))}
    return {**env, "STEGVIS_HOME": str(tmp_path / "home"), **extra}


@pytest.mark.slow
def test_serve_check_starts_its_own_server_registers_every_deployment_and_stops_it(
        tmp_path: Path) -> None:
    done = subprocess.run([*STEGVIS, "serve", "--check"], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "every deployment registered and read back" in done.stdout
    assert re.search(r"^sweep \(stegvis-sweep\): 1 schedule\(s\), active$", done.stdout, re.M)
    assert re.search(r"^calendar-vasteras \(stegvis-programme-event\): \d+ schedule",
                     done.stdout, re.M)
    assert (tmp_path / "home" / "prefect" / "prefect.db").exists()
    found = re.search(r"127\.0\.0\.1:(\d+)/api", done.stdout)
    assert found is not None
    port = int(found.group(1))
    with socket.socket() as probe:  # the server was stopped
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_serve_says_plainly_when_the_given_server_does_not_answer(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/api"
    done = subprocess.run([*STEGVIS, "serve", "--check", "--startup-timeout", "1"],
                          env=_env(tmp_path, PREFECT_API_URL=url), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"stegvis: the Prefect server at {url} did not answer its "
                                  "health check within 1 s")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_serve_uses_a_prefect_server_on_postgresql_given_by_prefect_api_url(
        tmp_path: Path) -> None:
    """The scale-out mode: a Prefect server on PostgreSQL, Stegvis serving against it."""
    import signal
    import time
    import urllib.request

    from conftest import create_postgres_database, drop_postgres_database

    database = create_postgres_database("prefect_serve")
    if database is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    port = free_port()
    server_env = _env(tmp_path, PREFECT_HOME=str(tmp_path / "prefect-home"),
                      PREFECT_SERVER_ANALYTICS_ENABLED="false",
                      PREFECT_SERVER_DATABASE_CONNECTION_URL=database.replace(
                          "postgresql+psycopg://", "postgresql+asyncpg://"))
    prefect = str(Path(sys.executable).parent / "prefect")
    server = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port",
                               str(port)], env=server_env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        api = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Prefect server on PostgreSQL never answered"
            assert server.poll() is None, "the Prefect server on PostgreSQL exited"
            time.sleep(0.5)
        done = subprocess.run([*STEGVIS, "serve", "--check"],
                              env=_env(tmp_path, PREFECT_API_URL=api), capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "every deployment registered and read back" in done.stdout
        for deployment in ("sweep (stegvis-sweep)", "deliver (stegvis-deliver)",
                           "calendar-rebus (stegvis-programme-event)",
                           "calendar-vasteras (stegvis-programme-event)"):
            assert re.search(rf"^{re.escape(deployment)}: \d+ schedule\(s\), active$",
                             done.stdout, re.M), done.stdout
        assert not (tmp_path / "home" / "prefect" / "prefect.db").exists()  # no own server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        drop_postgres_database(database)
