"""``stegvis serve`` as an operator runs it: a fixed Prefect port, one line when ready,
and no flow run left "Running" for ever after serve was killed during a delivery.

The kill test starts the private Prefect server twice (~30 s each here): slow.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import free_port
from test_serve import STEGVIS, _env


def test_serve_refuses_in_one_line_when_its_prefect_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*STEGVIS, "serve", "--check", "--startup-timeout", "5"],
                              env=_env(tmp_path, STEGVIS_PREFECT_PORT=str(port)),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"stegvis: port {port} on 127.0.0.1, for the private Prefect server, is taken "
        "(Address already in use); stop what uses it, or choose another with "
        "STEGVIS_PREFECT_PORT or --prefect-port"]
    assert not (tmp_path / "home" / "prefect" / "server.pid").exists()


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_prefect_port_that_is_no_port_is_refused(tmp_path: Path, port: str) -> None:
    done = subprocess.run([*STEGVIS, "serve", "--check", "--prefect-port", port],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"stegvis: Prefect port {port!r} (--prefect-port or "
                           "STEGVIS_PREFECT_PORT) is not a port number from 1 to 65535, "
                           "e.g. 4200\n")


def test_serve_documents_its_default_prefect_port() -> None:
    done = subprocess.run([*STEGVIS, "serve", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert "$STEGVIS_PREFECT_PORT, else 4200" in " ".join(done.stdout.split())


def _api(port: int, path: str, body: object) -> Any:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/{path}",
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def _until_ready(serve: subprocess.Popen[str]) -> list[str]:
    """Serve's lines up to and with its ready line."""
    out: IO[str] | None = serve.stdout
    assert out is not None
    lines: list[str] = []
    deadline = time.monotonic() + 170
    while not lines or not lines[-1].startswith("stegvis serve: ready:"):
        line = out.readline()
        assert line or serve.poll() is None, f"serve ended: {lines}"
        assert time.monotonic() < deadline, lines
        if line:
            lines.append(line.rstrip("\n"))
    return lines


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    # Its own process group: killing the group is what a crash of the service (or
    # systemd's KillMode=control-group with SIGKILL) does to serve and its flow runs.
    return subprocess.Popen([*STEGVIS, "serve", "--days", "30"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


@pytest.mark.slow
def test_a_delivery_cut_off_by_a_killed_serve_is_marked_crashed_on_the_next_start(
        tmp_path: Path) -> None:
    port = free_port()
    # A mail server that accepts the connection and never greets: delivery hangs in
    # smtplib (its 30 s time-out), the flow run Running, when serve is killed.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    env = _env(tmp_path, STEGVIS_PREFECT_PORT=str(port), PREFECT_RUNNER_POLL_FREQUENCY="2",
               STEGVIS_SMTP_HOST="127.0.0.1", STEGVIS_SMTP_PORT=str(silent.getsockname()[1]),
               STEGVIS_SMTP_SECURITY="none",
               STEGVIS_DATABASE_URL=f"sqlite:///{tmp_path / 'stegvis.db'}")
    ready = (rf"stegvis serve: ready: \d+ deployment\(s\) with \d+ schedule\(s\) registered; "
             rf"Prefect UI at http://127\.0\.0\.1:{port}/ \(API http://127\.0\.0\.1:{port}/api\)")
    serve = _start(env)
    again: subprocess.Popen[str] | None = None
    try:
        lines = _until_ready(serve)
        assert re.fullmatch(ready, lines[-1]), lines
        assert sum("ready" in line for line in lines) == 1
        (deployment,) = _api(port, "deployments/filter",
                             {"deployments": {"name": {"any_": ["deliver"]}}})
        run_id = _api(port, f"deployments/{deployment['id']}/create_flow_run", {})["id"]
        deadline = time.monotonic() + 60
        while _api(port, f"flow_runs/{run_id}", None)["state"]["type"] != "RUNNING":
            assert time.monotonic() < deadline, "the delivery run never started"
            time.sleep(0.5)
        os.killpg(serve.pid, signal.SIGKILL)
        serve.wait(timeout=10)
        deadline = time.monotonic() + 40
        while True:  # the private server goes with serve (PR_SET_PDEATHSIG)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    break
            assert time.monotonic() < deadline, "the Prefect server outlived a killed serve"
            time.sleep(0.5)

        again = _start(env)
        lines = _until_ready(again)
        assert re.fullmatch(ready, lines[-1]), lines  # the same address: bookmarkable
        assert any(re.fullmatch(rf"stegvis serve: flow run \S+ \({run_id}\) was left "
                                "Running by a serve that stopped; marked Crashed", line)
                   for line in lines), lines
        state = _api(port, f"flow_runs/{run_id}", None)["state"]
        assert state["type"] == "CRASHED"
        assert "stopped without ending it" in state["message"]
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=90) == 0
    finally:
        silent.close()
        for process in (serve, again):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            if process is not None and process.stdout is not None:
                process.stdout.close()
