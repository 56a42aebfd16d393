"""``stegvis serve`` as an operator runs it: a fixed Prefect port, one line when ready,
and no flow run left "Running" for ever after serve was killed during a delivery.

The kill test starts the private Prefect server twice (~30 s each here): slow.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import threading
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


class _Lines:
    """A process's output, read by a thread of its own: a pipe nobody reads fills up and
    stops the writer (serve, and its flow runs that write to the same pipe)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._process = process
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        out: IO[str] | None = self._process.stdout
        assert out is not None
        with out:  # closed at the end: the last writer has gone
            for line in out:
                self.lines.append(line.rstrip("\n"))

    def close(self) -> None:
        """Wait for the end of the output (the process and its children have ended)."""
        self._thread.join(timeout=30)

    def until_ready(self) -> list[str]:
        """The lines up to and with serve's ready line."""
        deadline = time.monotonic() + 170
        while True:
            for index, line in enumerate(self.lines):
                if (_own(line) or "").startswith("stegvis serve: ready:"):
                    return self.lines[:index + 1]
            assert self._process.poll() is None, f"serve ended: {self.lines}"
            assert time.monotonic() < deadline, self.lines
            time.sleep(0.2)


def _own(line: str) -> str | None:
    """serve's own line as its text says it (``stegvis serve: …``), whether written as
    text or, under STEGVIS_LOG_FORMAT=json, as a JSON line of the logger stegvis.serve."""
    if line.startswith("stegvis serve: "):
        return line
    with contextlib.suppress(ValueError):
        record = json.loads(line)
        if isinstance(record, dict) and record.get("logger") == "stegvis.serve":
            return f"stegvis serve: {record['message']}"
    return None


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[str], _Lines]:
    # Its own process group, as systemd gives it; the kill below hits serve alone.
    serve = subprocess.Popen([*STEGVIS, "serve", "--days", "30"], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
    return serve, _Lines(serve)


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``, with its command line."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(
                b"\0", b" ").decode(errors="replace")[:120]
        except OSError:
            continue
        todo.extend(children.get(child, []))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.slow
def test_a_delivery_cut_off_by_a_killed_serve_is_marked_crashed_on_the_next_start(
        tmp_path: Path) -> None:
    """kill -9 of serve alone, mid-delivery: its flow-run process and its Prefect server
    die with it, and the next serve marks the run Crashed (one JSON log line; Prefect's
    lines are JSON lines too).

    The delivery must really be under way when serve is killed: digests are due, and
    the mail server accepts the connection and never greets, so the run waits in
    smtplib.  (With nothing to send a delivery run ends within a second, and a test that
    waits to see it Running only sometimes catches it.)
    """
    from sqlalchemy import text
    from test_crash_recovery import DAY, _populate

    from engine.store.database import open_database

    database = f"sqlite:///{tmp_path / 'stegvis.db'}"
    engine = open_database(database)
    _populate(engine, participants=12)
    engine.dispose()
    port = free_port()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    env = _env(tmp_path, STEGVIS_PREFECT_PORT=str(port), PREFECT_RUNNER_POLL_FREQUENCY="2",
               STEGVIS_SMTP_HOST="127.0.0.1", STEGVIS_SMTP_PORT=str(silent.getsockname()[1]),
               STEGVIS_SMTP_SECURITY="none", STEGVIS_HEARTBEAT_SECONDS="1",
               STEGVIS_DATABASE_URL=database, STEGVIS_LOG_FORMAT="json")
    swept = subprocess.run([*STEGVIS, "sweep", "--date", DAY.isoformat()], env=env,
                           capture_output=True, text=True, timeout=300)
    assert swept.returncode == 0, swept.stderr
    ready = (rf"stegvis serve: ready: \d+ deployment\(s\) with \d+ schedule\(s\) registered; "
             rf"Prefect UI at http://127\.0\.0\.1:{port}/ \(API http://127\.0\.0\.1:{port}/api\)")
    serve, output = _start(env)
    outputs = [output]
    again: subprocess.Popen[str] | None = None
    left: dict[int, str] = {}
    connection: socket.socket | None = None
    try:
        lines = output.until_ready()
        assert re.fullmatch(ready, _own(lines[-1]) or ""), lines
        assert sum("ready" in line for line in lines) == 1
        # Under STEGVIS_LOG_FORMAT=json serve's own lines are JSON lines too (issue 21).
        assert not [line for line in lines if line.startswith("stegvis serve:")], lines
        (deployment,) = _api(port, "deployments/filter",
                             {"deployments": {"name": {"any_": ["deliver"]}}})
        run_id = _api(port, f"deployments/{deployment['id']}/create_flow_run", {})["id"]
        # Wait for the delivery to reach the mail server: an event, not a guess of time.
        silent.settimeout(1)
        deadline = time.monotonic() + 150
        while True:
            try:
                connection, _ = silent.accept()
                break
            except TimeoutError:
                state = _api(port, f"flow_runs/{run_id}", None)["state"]
                assert state["type"] in ("SCHEDULED", "PENDING", "RUNNING"), (
                    f"the delivery run ended {state['type']} before it reached the mail "
                    f"server: {state.get('message')}\n" + "\n".join(output.lines[-30:]))
                assert time.monotonic() < deadline, (
                    f"the delivery run never reached the mail server ({state['type']})\n"
                    + "\n".join(output.lines[-30:]))
        assert _api(port, f"flow_runs/{run_id}", None)["state"]["type"] == "RUNNING"
        # serve's heartbeat lists the run it is running
        deadline = time.monotonic() + 30
        while True:
            engine = open_database(database)
            with engine.connect() as db:
                held = db.execute(text("SELECT flow_runs FROM serve_workers")).scalars().all()
            engine.dispose()
            if any(run_id in str(runs) for runs in held):
                break
            assert time.monotonic() < deadline, f"no heartbeat lists the run: {held}"
            time.sleep(0.5)
        below = _descendants(serve.pid)
        # the flow run's process (`python -m prefect.engine`, or a multiprocessing child)
        runs = [pid for pid, command in below.items()
                if "prefect.engine" in command or "multiprocessing" in command]
        assert runs, below
        assert any("prefect server" in command for command in below.values()), below
        serve.send_signal(signal.SIGKILL)  # serve alone: no clean-up of its own runs
        serve.wait(timeout=10)
        # The delivery dies at once (left alone, it would wait 30 s for the mail server and
        # go on sending); the Prefect server stops within its own shutdown time.
        deadline = time.monotonic() + 10
        while left := {pid: below[pid] for pid in runs if _alive(pid)}:
            assert time.monotonic() < deadline, f"the flow run outlived a killed serve: {left}"
            time.sleep(0.2)
        deadline = time.monotonic() + 40
        while left := {pid: c for pid, c in below.items() if _alive(pid)}:
            assert time.monotonic() < deadline, f"outlived a killed serve: {left}"
            time.sleep(0.5)

        # Prefect's lines, the runner's in serve and the flow run's in its process, were
        # Stegvis's JSON lines too: none in Prefect's own format ("07:00:03.118 | INFO |").
        logged = [json.loads(line) for line in output.lines if line.startswith("{")]
        assert any(entry["logger"] == "prefect.flow_runs" and entry.get("flow_run")
                   for entry in logged), output.lines
        assert not [line for line in output.lines if re.match(r"[\d:.]+ \| ", line)]

        again, output = _start(env)
        outputs.append(output)
        lines = output.until_ready()
        assert re.fullmatch(ready, _own(lines[-1]) or ""), lines  # the same address
        logged = [json.loads(line) for line in lines if line.startswith("{")]
        crashed = [entry for entry in logged if run_id in entry["message"]]
        assert len(crashed) == 1, (f"run {run_id}: "
                                   f"{_api(port, f'flow_runs/{run_id}', None)['state']}\n"
                                   + "\n".join([*outputs[0].lines[-40:], "--- again:", *lines]))
        assert crashed[0]["level"] == "WARNING" and crashed[0]["logger"] == "stegvis.serve"
        assert re.fullmatch(rf"flow run \S+ \({run_id}\) was left Running by a serve that "
                            rf"stopped \(on \S+, pid {serve.pid}, last heartbeat "
                            r"[-0-9]+ [:0-9]+ UTC\); marked Crashed", crashed[0]["message"])
        state = _api(port, f"flow_runs/{run_id}", None)["state"]
        assert state["type"] == "CRASHED"
        assert "stopped without ending it" in state["message"]
        engine = open_database(database)
        with engine.connect() as db:  # the dead worker's row went with its run
            assert db.execute(text("SELECT count(*) FROM serve_workers")).scalar_one() == 1
        engine.dispose()
        again.send_signal(signal.SIGTERM)
        try:
            ended: int | str = again.wait(timeout=90)
        except subprocess.TimeoutExpired:
            ended = "still running 90 s after SIGTERM"
        else:
            output.close()
        assert ended == 0, f"{ended}\n" + "\n".join(output.lines[-40:])
    finally:
        silent.close()
        if connection is not None:
            connection.close()
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for process in (serve, again):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for each in outputs:
            each.close()
