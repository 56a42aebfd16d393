"""What an operator reads: the feed address calendar-url gives, and the servers' log lines
(each event once, no control characters, no identity number, JSON on request).

The feed server runs as ``stegvis feed-serve`` in a child process; the child imports
the flows (and so Prefect) first, as serve's process has them, because Prefect's
logging set-up (a console handler on the root logger) is what made every feed line
appear twice under serve.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_cases import ROOT, make_stegvis, ok
from test_feed_http import fetch

from engine.cli.logs import safe_text

IDENTITY_NUMBER = "19850101-2382"  # a valid test number


def _feed_serve(tmp_path: Path, *, prefect_first: bool = False,
                **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STEGVIS_FEED", "STEGVIS_LOG", "PREFECT_"))}
    env.update(STEGVIS_HOME=str(tmp_path), PREFECT_HOME=str(tmp_path / "prefect"), **extra)
    code = ("import workflows.deployments; " if prefect_first else "") + \
        "from engine.cli import main; raise SystemExit(main())"
    return subprocess.Popen([sys.executable, "-c", code, "feed-serve", "--address",
                             "127.0.0.1:0", "--database",
                             f"sqlite:///{tmp_path / 'stegvis.db'}"],
                            cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _base(server: subprocess.Popen[str]) -> str:
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.match(r"stegvis feed-serve: calendar feeds at (http://127\.0\.0\.1:\d+)/", line)
    assert found, line + (server.stderr.read() if server.stderr else "")
    return found.group(1)


def _stop(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGTERM)
    try:
        _, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    return err


def _raw_request(base: str, request_line: bytes) -> None:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request_line + b"\r\nHost: x\r\n\r\n")
        connection.recv(4096)


def test_calendar_url_gives_the_address_the_feed_server_really_listens_on(
        tmp_path: Path) -> None:
    """feed-serve (or serve) given an address the asking shell does not know (here port
    0: any free one): calendar-url prints where the feeds really are."""
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    ok(stegvis("contact", "set", "coordinator", "anna", "anna@hagfors.example"))
    server = _feed_serve(tmp_path)
    try:
        base = _base(server)
        url = ok(stegvis("calendar-url", "anna")).strip()
        assert url.startswith(f"{base}/calendar/")
        assert fetch(url).status == 200
    finally:
        _stop(server)
    # The service's own setting still wins, as serve and feed-serve read it too.
    assert ok(stegvis("calendar-url", "anna", env={"STEGVIS_FEED_ADDRESS": "10.0.0.5:80"})
              ).startswith("http://10.0.0.5:80/calendar/")


def test_a_feed_request_is_logged_once_escaped_and_without_an_identity_number(
        tmp_path: Path) -> None:
    server = _feed_serve(tmp_path, prefect_first=True)
    try:
        base = _base(server)
        _raw_request(base, f"GET /x/{IDENTITY_NUMBER}/\x1b[2J HTTP/1.1".encode())
    finally:
        err = _stop(server)
    request_lines = [line for line in err.splitlines() if "/x/" in line]
    assert len(request_lines) == 1, err
    (line,) = request_lines
    assert re.fullmatch(r"\S+ \S+ INFO stegvis\.feed: 127\.0\.0\.1 \"GET /x/\[personnummer\]"
                        r"/\\x1b\[2J HTTP/1\.1\" 404 -", line), line
    assert "2382" not in err and "\x1b" not in err


def test_json_log_lines_for_a_log_collector(tmp_path: Path) -> None:
    server = _feed_serve(tmp_path, prefect_first=True, STEGVIS_LOG_FORMAT="json")
    try:
        base = _base(server)
        _raw_request(base, f"GET /x/{IDENTITY_NUMBER.replace('-', '')}\x07 HTTP/1.1".encode())
        assert fetch(f"{base}/calendar/nope.ics").status == 404
    finally:
        err = _stop(server)
    records = [json.loads(line) for line in err.splitlines()]
    assert [r["message"] for r in records] == [
        '127.0.0.1 "GET /x/[personnummer]\\x07 HTTP/1.1" 404 -',
        '127.0.0.1 "GET /calendar/… HTTP/1.1" 404 -']
    assert {(r["level"], r["logger"]) for r in records} == {("INFO", "stegvis.feed")}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", r["time"])
               for r in records)


def test_an_unknown_log_format_is_refused_in_one_line(tmp_path: Path) -> None:
    server = _feed_serve(tmp_path, STEGVIS_LOG_FORMAT="xml")
    out, err = server.communicate(timeout=60)
    assert server.returncode == 1
    assert err == "stegvis: STEGVIS_LOG_FORMAT='xml': use text or json\n" and out == ""


@pytest.mark.parametrize(("text", "logged"), [
    ("GET /?q=198501012382", "GET /?q=[personnummer]"),
    ("19850101+2382 och 850101-2382", "[personnummer] och [personnummer]"),
    ("order 1234567890", "order 1234567890"),  # not a valid number: left alone
    ("a\nb\tc\r\u202e", "a\\nb\\tc\\r\\u202e"),
])
def test_what_a_log_line_may_hold(text: str, logged: str) -> None:
    assert safe_text(text) == logged


_PREFECT_LINE = (
    "import logging; from prefect import flow; {take_over}"
    "logging.getLogger('prefect.flow_runs').warning('enrolled %s', {number!r}, "
    "extra={{'flow_run_name': 'crafty-otter'}})")


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_prefect_flow_run_lines_are_stegvis_lines_without_identity_numbers(
        tmp_path: Path, log_format: str) -> None:
    """What a flow-run process of serve writes (workflows/flows.py takes Prefect's
    handlers over): masked, in STEGVIS_LOG_FORMAT; Prefect's own line shows the number."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STEGVIS_", "PREFECT_"))}
    env.update(PREFECT_HOME=str(tmp_path), STEGVIS_LOG_FORMAT=log_format,
               PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW="ignore")
    from engine.service.shared.log_lines import prefect_logging_environment

    lines = {}
    for taken in (True, False):
        code = _PREFECT_LINE.format(
            take_over="from engine.service.shared.log_lines import take_over_prefect_lines; "
                      "take_over_prefect_lines(); " if taken else "", number=IDENTITY_NUMBER)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("STEGVIS_LOG_FORMAT", log_format)
            settings = prefect_logging_environment() if taken else {}
        done = subprocess.run([sys.executable, "-c", code], env={**env, **settings}, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines[taken] = done.stderr.strip().splitlines()
    assert any(IDENTITY_NUMBER in line for line in lines[False])  # Prefect's own format
    (line,) = lines[True]
    assert IDENTITY_NUMBER not in line and "[personnummer]" in line
    if log_format == "json":
        entry = json.loads(line)
        assert entry["logger"] == "prefect.flow_runs" and entry["level"] == "WARNING"
        assert entry["message"] == "enrolled [personnummer]"
        assert entry["flow_run"] == "crafty-otter"
    else:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d [\d:,]+ WARNING prefect\.flow_runs: flow run "
                            r"crafty-otter: enrolled \[personnummer\]", line), line
