"""The Prefect flows against a real (test) Prefect server, once each: slow, so few.

One Prefect test server for the whole session (~26 s to start on a fresh database);
the flows run on a SQLite Stegvis database in tmp_path and send through aiosmtpd.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock, free_port
from sqlalchemy import text

from engine.channels.mail import SmtpTransport
from engine.clock import STOCKHOLM
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context

pytest.importorskip("prefect")


def _count(ctx: Context, table: str) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_sweep_and_deliver_flows_send_one_digest_and_a_second_sweep_adds_nothing(
        prefect_server: None, stegvis_db: Context, clock: MovableClock,
        smtp: tuple[Inbox, SmtpTransport], monkeypatch: pytest.MonkeyPatch) -> None:
    from workflows.flows import deliver_flow, sweep_flow

    inbox, transport = smtp
    ctx = stegvis_db
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-2", date(2024, 2, 1), municipality="Forshaga")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson")
    for name, value in (("HOST", transport.host), ("PORT", str(transport.port)),
                        ("SECURITY", "none")):
        monkeypatch.setenv(f"STEGVIS_SMTP_{name}", value)
    monkeypatch.setenv("STEGVIS_MAIL_FROM", "Stegvis <stegvis@forbundet.example>")

    first = sweep_flow(day="2024-02-08")
    assert first["working_day"] and first["notices"] == 4 and first["digests"] == 1
    assert deliver_flow()["sent"] == 1
    (message,) = inbox.messages
    assert message["To"] == "Anna Åkesson <anna@hagfors.example>"
    assert message["Subject"] == "Stegvis: 4 att göra – 2024-02-08"
    assert "Snart (4)" in message.get_content()

    notices, digests = _count(ctx, "notices"), _count(ctx, "digests")
    again = sweep_flow(day="2024-02-08")
    assert (again["notices"], again["digests"]) == (0, 0)
    assert (_count(ctx, "notices"), _count(ctx, "digests")) == (notices, digests)
    assert deliver_flow()["sent"] == 0 and len(inbox.messages) == 1
    assert sweep_flow(day="2024-02-10")["working_day"] is False  # a Saturday


def test_a_calendar_event_is_recorded_once_with_its_report_period(
        prefect_server: None, stegvis_db: Context, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactCollectionFilter

    from workflows.flows import programme_event_flow

    monkeypatch.setenv("STEGVIS_ARCHIVE", str(tmp_path / "arkiv"))
    first = programme_event_flow("vasteras", "report:halvarsrapport:3")
    assert first["new"] and first["kind"] == "report" and first["flag"] == ""
    assert first["outcome"] == "produced" and first["version"] == 1
    again = programme_event_flow("vasteras", "report:halvarsrapport:3")
    assert again["new"] is False and again["outcome"] == "done_before"
    async def read(key: str) -> Any:
        async with get_client() as client:
            return await client.read_latest_artifacts(
                artifact_filter=ArtifactCollectionFilter(key={"any_": [key]}))

    (artifact,) = asyncio.run(read("vasteras-report-halvarsrapport-3-report"))
    assert artifact is not None and "Förenklad halvårsrapport 3" in str(artifact.data)
    assert first["folder"] in str(artifact.data)  # where the files are
    meeting = programme_event_flow("vasteras", "meeting:styrgruppsmote", day="2026-02-11")
    assert meeting["event_key"] == "meeting:styrgruppsmote:2026-02-11" and meeting["new"]
    with stegvis_db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT event_key, period_from, period_to, flagged FROM calendar_runs "
            "ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        ("report:halvarsrapport:3", "2019-01-01", "2019-06-30", 0),
        ("meeting:styrgruppsmote:2026-02-11", None, None, 0)]


def test_a_calendar_event_run_before_its_day_is_refused_and_not_used_up(
        prefect_server: None, stegvis_db: Context, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A manual ``prefect deployment run`` 29 days early (its run's day is today)."""
    from engine.clock import system_clock, today_in_stockholm
    from workflows.flows import programme_event_flow

    monkeypatch.setenv("STEGVIS_ARCHIVE", str(tmp_path / "arkiv"))
    today = today_in_stockholm(system_clock)
    # Refused: the run ends Failed with the reason, in one line (no traceback).
    early = programme_event_flow("rebus", "report:arsrapport:6", return_state=True,
                                 day=date.fromordinal(today.toordinal() + 29).isoformat())
    assert early.is_failed() and "that day has not come" in str(early.message)
    early = programme_event_flow("rebus", "report:arsrapport:6", day="2022-12-01",
                                 return_state=True)
    assert early.is_failed() and re.search(r"is due 2022-12-30; run on 2022-12-01 it would "
                                           r"be used up 29 day\(s\) early", str(early.message))
    drafted = programme_event_flow("rebus", "report:arsrapport:6", day="2022-12-01",
                                   draft=True)
    assert drafted["outcome"] == "produced" and drafted["new"] is False
    assert _count(stegvis_db, "calendar_runs") == 0
    assert programme_event_flow("rebus", "report:arsrapport:6", day="2022-12-30")["new"]


def test_the_smtp_password_can_live_in_a_prefect_secret_block(
        prefect_server: None, stegvis_db: Context, clock: MovableClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An authenticating SMTP server; the password comes from Secret block ``stegvis-smtp``."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    from prefect.blocks.system import Secret

    from workflows.flows import deliver_flow, sweep_flow

    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:
        logins.append((data.login, data.password))
        return AuthResult(success=(data.login, data.password) == (b"stegvis", "hemligt-ö".encode()))

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            authenticator=authenticate, auth_require_tls=False)
    controller.start()
    try:
        clock.set_day(date(2024, 2, 1))
        enrol_person(stegvis_db, "rebus", "P-1", date(2024, 2, 1))
        set_contact(stegvis_db, "coordinator", "anna", "anna@hagfors.example", actor="admin")
        for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("SECURITY", "none"),
                            ("USER", "stegvis"), ("PASSWORD_BLOCK", "stegvis-smtp")):
            monkeypatch.setenv(f"STEGVIS_SMTP_{name}", value)
        monkeypatch.delenv("STEGVIS_SMTP_PASSWORD", raising=False)
        sweep_flow(day="2024-02-08")

        with pytest.raises(Exception, match="no such Prefect Secret block"):
            deliver_flow()
        assert inbox.messages == [] and logins == []

        Secret(value="hemligt-ö").save("stegvis-smtp", overwrite=True)
        assert deliver_flow()["sent"] == 1
        assert logins == [(b"stegvis", "hemligt-ö".encode())]
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


def test_the_sweep_flow_refuses_a_day_after_today_in_one_line(
        prefect_server: None, stegvis_db: Context, caplog: pytest.LogCaptureFixture) -> None:
    from workflows.flows import sweep_flow

    # The flow's clock is fixed on the day it is given; the real clock must decide.
    later = (datetime.now(STOCKHOLM).date() + timedelta(days=2)).isoformat()
    state = sweep_flow(day=later, return_state=True)
    assert state.is_failed()
    assert str(state.message).startswith(f"cannot sweep {later}: it is after today")
    assert _count(stegvis_db, "sweeps") == 0
    said = [r for r in caplog.records if f"cannot sweep {later}" in r.getMessage()]
    assert [r.levelname for r in said] == ["ERROR", "INFO"]  # the reason; the end state
    assert not any(r.exc_info for r in caplog.records), "a traceback was logged"
    bad = sweep_flow(day="31/12", return_state=True)
    assert bad.is_failed() and "is not a date; write it YYYY-MM-DD" in str(bad.message)
