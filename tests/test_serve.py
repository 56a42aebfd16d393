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
from typing import Any

import pytest
from conftest import Inbox, free_port

from engine.channels.mail import SmtpTransport

STEGVIS = [sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main())"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment; the private Prefect server on a free port (tests run side by
    side, and 4200 may be a developer's own server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "STEGVIS_"))}
    return {**env, "STEGVIS_HOME": str(tmp_path / "home"),
            "STEGVIS_PREFECT_PORT": str(free_port()), **extra}


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
        tmp_path: Path, smtp: tuple[Inbox, SmtpTransport]) -> None:
    """The scale-out mode: a Prefect server on PostgreSQL, Stegvis serving against it;
    the set-up of docs/operations.md ("Two workers, step by step")."""
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
        # What an earlier serve left: a programme since removed, and someone else's.
        event_flow = _api(api, "flows/", {"name": "stegvis-programme-event"})["id"]
        _api(api, "deployments/", {"name": "calendar-removed", "flow_id": event_flow,
                                   "tags": ["stegvis"]})
        _api(api, "deployments/", {"name": "not-ours", "flow_id": event_flow})
        done = subprocess.run([*STEGVIS, "serve", "--check"],
                              env=_env(tmp_path, PREFECT_API_URL=api), capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "every deployment registered and read back" in done.stdout
        assert "removed deployment calendar-removed (stegvis-programme-event): no longer " \
            "planned" in done.stdout
        names = {d["name"] for d in _api(api, "deployments/filter", {})}
        assert "calendar-removed" not in names and "not-ours" in names
        for deployment in ("sweep (stegvis-sweep)", "deliver (stegvis-deliver)",
                           "calendar-rebus (stegvis-programme-event)",
                           "calendar-vasteras (stegvis-programme-event)"):
            assert re.search(rf"^{re.escape(deployment)}: \d+ schedule\(s\), active$",
                             done.stdout, re.M), done.stdout
        assert not (tmp_path / "home" / "prefect" / "prefect.db").exists()  # no own server
        _two_workers_run_each_flow_run_once(tmp_path, api)
        _a_report_made_on_one_worker_is_mailed_by_the_other(tmp_path, api, smtp[0],
                                                            smtp[1].port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        drop_postgres_database(database)


def _api(api: str, path: str, body: object) -> Any:
    import json
    import urllib.request

    request = urllib.request.Request(f"{api}/{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def _two_workers_run_each_flow_run_once(tmp_path: Path, api: str) -> None:
    """Two ``stegvis serve`` processes against one server: every flow run runs once.

    Both serve every deployment and poll for due runs; Prefect's orchestration lets
    only one of them move a run to Pending, so no run is executed twice.  Each sweep
    run writes one row into Stegvis's ``sweeps`` table, which counts the executions.
    """
    import signal
    import time

    from conftest import create_postgres_database, drop_postgres_database
    from sqlalchemy import text

    from engine.store.database import open_database

    stegvis_db = create_postgres_database("stegvis_workers")
    assert stegvis_db is not None
    runs_wanted = 8
    env = _env(tmp_path, PREFECT_API_URL=api, STEGVIS_DATABASE_URL=stegvis_db,
               PREFECT_RUNNER_POLL_FREQUENCY="2")
    workers = [subprocess.Popen([*STEGVIS, "serve"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    try:
        deployment = _api(api, "deployments/filter", {
            "deployments": {"name": {"any_": ["sweep"]}}, "limit": 1})[0]
        created = [_api(api, f"deployments/{deployment['id']}/create_flow_run",
                        {"parameters": {"day": "2026-11-23"}})["id"]
                   for _ in range(runs_wanted)]
        deadline = time.monotonic() + 600  # runs progress; a loaded machine is slow
        while True:
            runs = _api(api, "flow_runs/filter", {"flow_runs": {"id": {"any_": created}}})
            states = [r["state"]["type"] for r in runs]
            if all(s in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states):
                break
            assert all(w.poll() is None for w in workers), "a serve process exited"
            if time.monotonic() > deadline:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)
                logs = "\n".join(w.communicate(timeout=60)[0][-3000:] for w in workers)
                raise AssertionError(f"flow runs still not done: {states}\n{logs}")
            time.sleep(1)
        if states != ["COMPLETED"] * runs_wanted:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            logs = "\n".join(worker.communicate(timeout=60)[0][-4000:] for worker in workers)
            raise AssertionError(f"{states}\n{logs}")
        engine = open_database(stegvis_db)
        with engine.connect() as connection:
            executions = connection.execute(text("SELECT count(*) FROM sweeps")).scalar_one()
        engine.dispose()
        assert executions == runs_wanted  # each flow run executed once, by one worker
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=60)[0] if worker.returncode is None else ""
                   for worker in workers]
        drop_postgres_database(stegvis_db)
    assert [w.returncode for w in workers] == [0, 0], outputs
    shares = [sum(run_id in output for run_id in created) for output in outputs]
    print(f"{runs_wanted} flow runs, each run once; the two workers' logs name {shares}")
    (stored,) = _api(api, "deployments/filter", {"deployments": {"name": {"any_": ["sweep"]}}})
    assert stored["paused"] is False  # stopping a worker does not pause the schedules


@pytest.mark.slow
def test_a_killed_serve_leaves_no_prefect_server_and_a_second_serve_is_refused(
        tmp_path: Path) -> None:
    import signal
    import time

    env = _env(tmp_path)
    serve = subprocess.Popen([*STEGVIS, "serve", "--days", "30"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert serve.stdout is not None
        line = ""
        deadline = time.monotonic() + 150
        while "stegvis serve: ready:" not in line:
            line = serve.stdout.readline()
            assert line or serve.poll() is None, "serve ended before its server answered"
            assert time.monotonic() < deadline
        found = re.search(r"127\.0\.0\.1:(\d+)/api", line)
        assert found is not None
        port = int(found.group(1))

        import json
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/admin/settings",
                                    timeout=10) as answer:
            vacuum = json.loads(answer.read())["server"]["services"]["db_vacuum"]
        assert set(vacuum["enabled"]) == {"events", "flow_runs"}  # old runs are deleted

        second = subprocess.run([*STEGVIS, "serve", "--check"], env=env, capture_output=True,
                                text=True, timeout=60)
        assert second.returncode == 1
        assert "another stegvis serve is running with the data folder" in second.stderr

        serve.send_signal(signal.SIGKILL)  # no clean-up of its own can run
        serve.wait(timeout=10)
        deadline = time.monotonic() + 40
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    break  # the server went with it
            assert time.monotonic() < deadline, "the Prefect server outlived a killed serve"
            time.sleep(0.5)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=10)
        if serve.stdout is not None:
            serve.stdout.close()
    again = subprocess.run([*STEGVIS, "serve", "--check"], env=env, capture_output=True,
                           text=True, timeout=180)
    assert again.returncode == 0, again.stderr[-3000:]


def test_a_left_over_prefect_server_is_stopped_and_other_processes_are_left_alone(
        tmp_path: Path) -> None:
    """Where the server did not die with serve (not Linux), the pid file catches it."""
    from engine.cli.serve import _stop_left_over

    pid_file = tmp_path / "server.pid"
    # A stand-in whose command line reads like `python -m prefect server start`.
    left_over = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                                  "prefect", "server", "start"], start_new_session=True)
    stranger = subprocess.Popen(["sleep", "120"], start_new_session=True)
    try:
        pid_file.write_text(f"{left_over.pid}\n")
        _stop_left_over(pid_file)
        assert left_over.wait(timeout=40) == -15 and not pid_file.exists()
        pid_file.write_text(f"{stranger.pid}\n")  # a pid reused by something else
        _stop_left_over(pid_file)
        assert stranger.poll() is None and not pid_file.exists()
    finally:
        for process in (left_over, stranger):
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


def _wait_done(api: str, created: list[str], workers: list[subprocess.Popen[str]]) -> list[str]:
    """The runs' final state types, once every one has ended."""
    import time

    deadline = time.monotonic() + 600  # runs progress; a loaded machine is slow
    while True:
        runs = _api(api, "flow_runs/filter", {"flow_runs": {"id": {"any_": created}}})
        states = [r["state"]["type"] for r in runs]
        if len(runs) == len(created) and all(
                s in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states):
            return states
        assert all(w.poll() is None for w in workers), "a serve process exited"
        assert time.monotonic() < deadline, f"flow runs still not done: {states}"
        time.sleep(1)


def _serve_until_ready(env: dict[str, str]) -> subprocess.Popen[str]:
    import time

    worker = subprocess.Popen([*STEGVIS, "serve"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert worker.stdout is not None
    deadline = time.monotonic() + 170
    line = ""
    while not line.startswith("stegvis serve: ready:"):
        line = worker.stdout.readline()
        assert line or worker.poll() is None, "serve ended before it was ready"
        assert time.monotonic() < deadline
    return worker


def _a_report_made_on_one_worker_is_mailed_by_the_other(tmp_path: Path, api: str,
                                                        inbox: Inbox, smtp_port: int) -> None:
    """Worker 1 produces REBUS's annual report (the calendar flow); worker 2, with a
    data folder of its own, mails it (three delivery runs at once): every e-mail once.

    Worker 2 starts only after worker 1 has stopped, so which worker ran what is known;
    the two serving side by side is :func:`_two_workers_run_each_flow_run_once`.
    """
    import signal

    from conftest import create_postgres_database, drop_postgres_database
    from test_cli_cases import REBUS, make_stegvis, ok

    stegvis_db = create_postgres_database("stegvis_two_workers")
    assert stegvis_db is not None
    day = "2022-12-30"  # REBUS's sixth annual report is due that Friday
    setup = make_stegvis(stegvis_db, tmp_path / "admin")
    ok(setup("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", today="2022-03-01"))
    for role in ("styrelse", "styrgrupp"):
        ok(setup("contact", "set", "role", role, f"{role}@rebus.example", "--programme",
                 "rebus", today="2022-03-01"))
    shared = {"PREFECT_API_URL": api, "STEGVIS_DATABASE_URL": stegvis_db,
              "PREFECT_RUNNER_POLL_FREQUENCY": "2", "STEGVIS_DOMAIN": "stegvis.klarsam.example",
              "STEGVIS_SMTP_HOST": "127.0.0.1", "STEGVIS_SMTP_PORT": str(smtp_port),
              "STEGVIS_SMTP_SECURITY": "none", "STEGVIS_MAIL_FROM": "stegvis@rebus.example"}
    workers: list[subprocess.Popen[str]] = []
    try:
        first = _serve_until_ready({**_env(tmp_path, **shared),
                                    "STEGVIS_HOME": str(tmp_path / "worker-1")})
        workers.append(first)
        (event,) = _api(api, "deployments/filter",
                        {"deployments": {"name": {"any_": ["calendar-rebus"]}}})
        made = _api(api, f"deployments/{event['id']}/create_flow_run", {"parameters": {
            "programme": "rebus", "event_key": "report:arsrapport:6", "day": day}})["id"]
        assert _wait_done(api, [made], workers) == ["COMPLETED"]
        first.send_signal(signal.SIGTERM)
        first_output = first.communicate(timeout=90)[0]
        assert first.returncode == 0, first_output[-3000:]

        second = _serve_until_ready({**_env(tmp_path, **shared),
                                     "STEGVIS_HOME": str(tmp_path / "worker-2")})
        workers.append(second)
        (deliver,) = _api(api, "deployments/filter",
                          {"deployments": {"name": {"any_": ["deliver"]}}})
        sent = [_api(api, f"deployments/{deliver['id']}/create_flow_run", {})["id"]
                for _ in range(3)]
        assert _wait_done(api, sent, [second]) == ["COMPLETED"] * 3
        second.send_signal(signal.SIGTERM)
        second_output = second.communicate(timeout=90)[0]
        assert second.returncode == 0, second_output[-3000:]
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                worker.communicate(timeout=30)
        drop_postgres_database(stegvis_db)
    assert made in first_output and made not in second_output
    assert all(run in second_output for run in sent)
    from email.utils import parseaddr

    ids = [str(message["Message-ID"]).strip() for message in inbox.messages]
    assert sorted(parseaddr(str(message["To"]))[1] for message in inbox.messages) == [
        "styrelse@rebus.example", "styrgrupp@rebus.example"], ids
    assert len(set(ids)) == len(ids)  # each e-mail once, though three runs delivered
    assert all(i.endswith("@stegvis.klarsam.example>") for i in ids)
    attached = [part.get_filename() for message in inbox.messages
                for part in message.iter_attachments()]
    assert "rebus-arsrapport-6.pdf" in attached  # read from the database, not worker 1's disk
