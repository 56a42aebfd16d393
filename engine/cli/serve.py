"""``stegvis serve``: run the sweep, delivery and programme calendars on schedule.

By default it starts a private Prefect server (``prefect server start``: its SQLite
and home in ``<data folder>/prefect``, on 127.0.0.1 and port 4200 unless
``STEGVIS_PREFECT_PORT`` or ``--prefect-port`` says otherwise, analytics off), waits
for its health check, marks the runs a killed serve left Running as Crashed
(:mod:`workflows.recovery`), registers every deployment, prints one line saying it is
ready and where Prefect's UI is, serves, and on Ctrl-C or SIGTERM stops serving and
then the server.  A fixed port keeps the UI's address the same from start to start.
Prefect's own temporary server cannot be used: it has no scheduler.  With
``PREFECT_API_URL`` set, it serves against that server instead.
With ``--feed-address`` it also serves the calendar feeds (:mod:`engine.cli.feed`) in a
background thread, started first and stopped last; with ``--web-address`` the web
application likewise (:mod:`engine.cli.web`).

Prefect is imported only here, when serve runs, and only after ``PREFECT_API_URL``
is set (Prefect reads its settings when imported).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from engine.cli.feed import feeds_served
from engine.cli.logs import configure_logging, logging_configured
from engine.cli.options import number_type, seconds
from engine.cli.web import web_served
from engine.clock import system_clock, today_in_stockholm
from engine.errors import InputError, StegvisError, first_line
from engine.file_lock import file_lock
from engine.inputs.numbers import shown, whole_number
from engine.processes import SERVE_PID_VARIABLE, die_with_parent
from engine.service.shared.log_lines import (
    log_format,
    prefect_logging_environment,
    take_over_prefect_lines,
)

if TYPE_CHECKING:
    from engine.service.shared.context import Context

#: Seconds to wait for a new Prefect server (a first start builds its database: ~30 s).
STARTUP_TIMEOUT = 120.0
#: Days of programme calendar planned from today (serve again within this to go on).
DEFAULT_DAYS = 400
#: At most ten years: a plan is registered in Prefect, schedule by schedule.
MAX_DAYS = 3660
#: The private Prefect server's port (Prefect's own default): its UI can be bookmarked.
DEFAULT_PREFECT_PORT = 4200
PORT_VARIABLE = "STEGVIS_PREFECT_PORT"


class ServeError(StegvisError):
    """The Prefect server could not be started or used; the message says why."""


def add_serve_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis serve``."""
    p = sub.add_parser(
        "serve", help="run the morning sweep, delivery and programme calendars on schedule",
        description="Serve Stegvis's Prefect deployments: the sweep (weekdays 06:30), "
                    "delivery (07:00, then retries every 15 minutes) and each programme's "
                    "calendar (07:30 on the day), "
                    "Europe/Stockholm. Starts a private Prefect server in the data folder "
                    "unless PREFECT_API_URL is set.")
    p.add_argument("--days", type=number_type(1, MAX_DAYS), default=DEFAULT_DAYS, metavar="N",
                   help=f"plan the programme calendars N days ahead (default {DEFAULT_DAYS})")
    p.add_argument("--startup-timeout", type=seconds, default=STARTUP_TIMEOUT, metavar="SECONDS",
                   help=f"wait this long for the Prefect server (default {STARTUP_TIMEOUT:.0f})")
    p.add_argument("--prefect-port", default=os.environ.get(PORT_VARIABLE), metavar="PORT",
                   help="the private Prefect server's port on 127.0.0.1, where its UI is "
                        f"(default: ${PORT_VARIABLE}, else {DEFAULT_PREFECT_PORT}; not used "
                        "with PREFECT_API_URL)")
    p.add_argument("--check", action="store_true",
                   help="start the server, register the deployments, read them back from its "
                        "API, print them and stop (serves nothing)")
    p.add_argument("--feed-address", default=os.environ.get("STEGVIS_FEED_ADDRESS"),
                   metavar="HOST:PORT",
                   help="also serve the coordinators' calendar feeds over HTTP here, e.g. "
                        "127.0.0.1:8765 (default: $STEGVIS_FEED_ADDRESS, else no feeds; see "
                        "stegvis feed-serve)")
    p.add_argument("--web-address", default=os.environ.get("STEGVIS_WEB_ADDRESS"),
                   metavar="HOST:PORT",
                   help="also serve the web application here, e.g. 127.0.0.1:8000 (default: "
                        "$STEGVIS_WEB_ADDRESS, else none; see stegvis web)")


def _say(text: str, *, warning: bool = False) -> None:
    """One of serve's own lines: ``stegvis serve: …`` (standard output, or standard error
    for a warning), or under ``STEGVIS_LOG_FORMAT=json`` a JSON line like every other
    line serve writes (logger ``stegvis.serve``), so that a collector reads them all."""
    if log_format() == "json":
        logging.getLogger("stegvis.serve").log(logging.WARNING if warning else logging.INFO,
                                               "%s", text)
    else:
        print(f"stegvis serve: {text}", file=sys.stderr if warning else sys.stdout,
              flush=True)


def run_serve(args: argparse.Namespace) -> int:
    """Plan, start or reach the Prefect server, serve (or check); 0 when ended cleanly."""
    from engine.service.shared.context import Context
    from engine.store.database import open_database
    from workflows.heartbeat import Heartbeat, heartbeat_seconds, stale_after  # no Prefect

    planned = _plan(args.days)
    port = prefect_port(args.prefect_port)
    interval = heartbeat_seconds()
    with logging_configured(), _stop_on_sigterm() as stop, feeds_served(args.feed_address), \
            web_served(args.web_address), \
            _prefect_server(args.startup_timeout, port) as (api_url, private):
        # Prefect's lines in STEGVIS_LOG_FORMAT, here and in every flow-run process.
        os.environ.update(prefect_logging_environment())
        try:
            from workflows import deployments  # noqa: F401  (imports Prefect: PREFECT_API_URL read)
        except ImportError as exc:
            raise ServeError(f"cannot import Prefect ({exc}); install Stegvis with its "
                             "dependencies (pip install -e .)") from exc
        configure_logging()  # again: importing Prefect configured logging its own way
        take_over_prefect_lines()  # the runner's lines: masked, in STEGVIS_LOG_FORMAT
        # Inherited by the flow-run processes: they die with this serve (engine.processes).
        os.environ[SERVE_PID_VARIABLE] = str(os.getpid())
        ctx = Context(open_database(), system_clock)
        runner: list[Any] = []  # the runner, once made: the heartbeat lists its runs
        try:
            with Heartbeat(ctx, interval, lambda: runner[0].held_flow_run_ids()
                           if runner else ()):
                return _serve(args, planned, api_url, private, ctx, stale_after(interval),
                              runner, stop)
        finally:
            ctx.engine.dispose()
    return 0


def _serve(args: argparse.Namespace, planned: list[Any], api_url: str, private: bool,
           ctx: Context, stale: timedelta, runner: list[Any], stop: threading.Event) -> int:
    """Serve (or check) with the heartbeat running: recovery, registration, serving."""
    from workflows import deployments
    from workflows.recovery import crash_abandoned_runs

    try:
        for line in deployments.remove_unplanned(planned):
            _say(line)
        # Runs a dead serve left Pending or Running: one log line each.
        crash_abandoned_runs(ctx, stale=stale, exclusive=private)
    except Exception as exc:
        raise ServeError(f"reading the deployments at {api_url} failed: "
                         f"{first_line(exc)}") from exc
    schedules = sum(len(p.schedules) for p in planned)
    ui = api_url.rstrip("/").removesuffix("/api") + "/"
    if args.check:
        try:
            lines = deployments.register_and_verify(planned)
        except Exception as exc:
            raise ServeError(f"registering the deployments at {api_url} failed: "
                             f"{first_line(exc)}") from exc
        print("\n".join(lines))
        print(f"stegvis serve --check: every deployment registered and read back "
              f"(Prefect API at {api_url})")
        return 0
    try:
        runner.append(deployments.registered_runner(planned, stop))
    except Exception as exc:
        raise ServeError(f"registering the deployments at {api_url} failed: "
                         f"{first_line(exc)}") from exc
    _say(f"ready: {len(planned)} deployment(s) with {schedules} schedule(s) registered; "
         f"Prefect UI at {ui} (API {api_url})")
    # From here SIGTERM only asks to stop (the runner's handler likewise): an exception
    # raised from a handler, between any two bytecodes, could be dropped on the way.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    try:
        deployments.serve_forever(runner[0])
    except (KeyboardInterrupt, SystemExit):
        pass  # Ctrl-C
    except Exception as exc:
        raise ServeError(f"serving against {api_url} failed: {first_line(exc)}") from exc
    _say("stopped")
    return 0


def prefect_port(given: str | None) -> int:
    """The private server's port: ``given`` (option or $STEGVIS_PREFECT_PORT), else 4200."""
    if given is None or not given.strip():
        return DEFAULT_PREFECT_PORT
    try:
        return whole_number(given, low=1, high=65535)
    except InputError:
        raise ServeError(f"Prefect port {shown(given)} (--prefect-port or {PORT_VARIABLE}) is "
                         f"not a port number from 1 to 65535, e.g. {DEFAULT_PREFECT_PORT}"
                         ) from None


def _plan(days: int) -> list[Any]:
    from engine.definitions.loading import check_file, definition_files
    from engine.service.shared.context import Context
    from engine.service.shared.published import published_programmes
    from engine.store.database import open_database
    from workflows.schedules import plan

    if not 1 <= days <= MAX_DAYS:
        raise ServeError(f"--days {days}: plan from 1 to {MAX_DAYS} days ahead")
    broken = []
    for path in definition_files():
        spec, problems = check_file(path)
        if spec is None:
            broken.append(f"{path}: {len([p for p in problems if p.severity == 'error'])} "
                          "error(s)")
    if broken:
        raise ServeError("definitions with errors, nothing served (see stegvis validate): "
                         + "; ".join(broken))
    # The versions published in the database, the same for every worker (a folder file
    # is imported on its programme's first use).
    ctx = Context(open_database(), system_clock)
    try:
        specs = [p.spec for p in published_programmes(ctx)]
    finally:
        ctx.engine.dispose()
    today = today_in_stockholm(system_clock)
    return plan(specs, today, today + timedelta(days=days))


@contextmanager
def _stop_on_sigterm() -> Iterator[threading.Event]:
    """Turn SIGTERM into KeyboardInterrupt until serving starts, so cleanup always runs;
    the event it gives is set as well, so that a KeyboardInterrupt dropped on its way
    (raised in a weakref callback or a ``__del__``, which print it and go on) still
    stops serve (:func:`workflows.deployments.serve_forever` looks at it)."""
    stop = threading.Event()

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        stop.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield stop
    except KeyboardInterrupt:
        _say("interrupted", warning=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_port_free(port: int) -> None:
    """ServeError, in one line, when something already listens on 127.0.0.1:``port``."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise ServeError(f"port {port} on 127.0.0.1, for the private Prefect server, is "
                             f"taken ({exc.strerror or exc}); stop what uses it, or choose "
                             f"another with {PORT_VARIABLE} or --prefect-port") from None


@contextmanager
def _prefect_server(timeout: float, port: int) -> Iterator[tuple[str, bool]]:
    """The API URL to use and whether the server is private: PREFECT_API_URL as given,
    else a private server started here on ``port``."""
    given = os.environ.get("PREFECT_API_URL")
    if given:
        _wait_healthy(given, min(timeout, 30.0), None, None)
        yield given, False
        return
    from engine.store.database import data_folder

    home = data_folder() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    with _only_serve(home):
        _stop_left_over(home / "server.pid")
        _check_port_free(port)
        with _private_server(home, port, timeout) as api_url:
            yield api_url, True


@contextmanager
def _private_server(home: Path, port: int, timeout: float) -> Iterator[str]:
    env = {**os.environ, "PREFECT_HOME": str(home),
           "PREFECT_SERVER_DATABASE_CONNECTION_URL":
               f"sqlite+aiosqlite:///{home / 'prefect.db'}",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           # Delivery runs every quarter hour (~11,000 flow runs a year): Prefect's own
           # vacuum deletes runs finished over 90 days ago. Stegvis's database, not
           # Prefect's, is the record (sweeps, digests, calendar_runs).
           "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED":
               os.environ.get("PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED", "events,flow_runs"),
           "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port)}
    log_path = home / "server.log"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
               "--port", str(port), "--analytics-off", "--scheduler"]
    with open(log_path, "ab") as log:
        # Its own session: Ctrl-C reaches only us, and we stop it after serving ends.
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True,
                                  preexec_fn=_die_with_parent)
    pid_file = home / "server.pid"
    pid_file.write_text(f"{server.pid}\n", encoding="ascii")
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(api_url, timeout, server, log_path)
        # Set before Prefect is imported: its settings are read then.
        os.environ["PREFECT_API_URL"] = api_url
        os.environ["PREFECT_HOME"] = str(home)
        os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
        yield api_url
    finally:
        _stop(server)
        pid_file.unlink(missing_ok=True)


@contextmanager
def _only_serve(home: Path) -> Iterator[None]:
    """Hold ``serve.lock`` in the data folder while serving with the private server.

    A second ``stegvis serve`` on the same data folder would start a second server on
    the same Prefect database; it stops with a clear message instead.  The lock is a
    ``flock``: the system releases it when the process ends, however it ends.
    """
    with file_lock(home / "serve.lock", wait=False) as held:
        if not held:
            raise ServeError(f"another stegvis serve is running with the data folder "
                             f"{home.parent}; stop it first, or point both at one Prefect "
                             "server with PREFECT_API_URL")
        yield


def _stop_left_over(pid_file: Path) -> None:
    """Stop a private Prefect server that an earlier serve left running (killed -9)."""
    if not pid_file.exists():
        return
    text = pid_file.read_text(encoding="ascii", errors="replace").strip()
    pid_file.unlink()
    try:
        pid = whole_number(text, what="the pid file", low=1, high=2**22)
    except InputError:
        return  # not written by serve: nothing of ours to stop
    if not _is_prefect_server(pid):
        return
    _say(f"stopping the Prefect server (pid {pid}) that an earlier serve left running",
         warning=True)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while _is_prefect_server(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _is_prefect_server(pid):
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def _is_prefect_server(pid: int) -> bool:
    """Whether ``pid`` is a live ``prefect server start`` (not a reused pid)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return status != "Z" and b"prefect" in command and b"server" in command


def _die_with_parent() -> None:
    """In the server's process, before exec: on Linux, SIGTERM when serve dies.

    So a ``kill -9`` of serve does not leave the server running; elsewhere the pid
    file catches it on the next start.
    """
    die_with_parent(signal.SIGTERM)


def _wait_healthy(api_url: str, timeout: float, server: subprocess.Popen[bytes] | None,
                  log_path: Path | None) -> None:
    """Poll ``<api>/health`` until it answers 200; ServeError on exit or timeout."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise ServeError(f"the Prefect server exited with code {server.returncode} while "
                             f"starting; its log: {log_path}{_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=5) as answer:
                if answer.status == 200:
                    return
                last = f"HTTP {answer.status}"
        except (urllib.error.URLError, OSError) as exc:
            last = str(getattr(exc, "reason", exc))
        time.sleep(0.5)
    where = f"; its log: {log_path}{_tail(log_path)}" if log_path else ""
    raise ServeError(f"the Prefect server at {api_url} did not answer its health check within "
                     f"{timeout:.0f} s (last: {last}){where}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server: SIGTERM to its process group, then SIGKILL after 30 s."""
    if server.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _tail(log_path: Path | None, lines: int = 5) -> str:
    if log_path is None or not log_path.exists():
        return ""
    text = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return "".join(f"\n  {line}" for line in text[-lines:])

