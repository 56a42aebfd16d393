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
