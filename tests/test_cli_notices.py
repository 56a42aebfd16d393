"""stegvis contact, sweep, deliver and outbox, through a real SMTP server."""

from __future__ import annotations

from pathlib import Path

from conftest import Inbox
from test_cli_cases import REBUS, as_json, make_stegvis, ok, refused

from engine.channels.mail import SmtpTransport


def test_a_morning_from_the_command_line(tmp_path: Path,
                                         smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", today="2024-02-01"))
    assert "not a working day" in ok(stegvis("sweep", "--date", "2024-02-10",
                                             today="2024-02-10"))
    swept = ok(stegvis("sweep", today="2024-02-08"))
    assert "2 new notice(s), 0 digest(s)" in swept
    assert "warning: coordinator anna: 2 notice(s) wait for an e-mail address" in swept
    assert "not an e-mail address" in refused(stegvis("contact", "set", "coordinator", "anna",
                                                      "anna-at-hagfors", today="2024-02-08"))
    ok(stegvis("contact", "set", "coordinator", "anna", "anna@hagfors.example",
               "--display-name", "Anna Åkesson", today="2024-02-08"))
    assert as_json(stegvis("contacts", "--json", today="2024-02-08"))[0]["email"] == \
        "anna@hagfors.example"
    assert "0 new notice(s), 1 digest(s)" in ok(stegvis("sweep", today="2024-02-08"))
    smtp_env = {"STEGVIS_SMTP_HOST": transport.host, "STEGVIS_SMTP_PORT": str(transport.port),
                "STEGVIS_SMTP_SECURITY": "none", "STEGVIS_MAIL_FROM": "stegvis@x.example"}
    assert "no mail server" in refused(stegvis("deliver", today="2024-02-08"))
    assert "1 digest(s) sent" in ok(stegvis("deliver", today="2024-02-08", env=smtp_env))
    assert inbox.messages[0]["To"] == "Anna Åkesson <anna@hagfors.example>"
    assert "every digest has been sent" in ok(stegvis("outbox", today="2024-02-08"))
    assert "0 digest(s) sent" in ok(stegvis("deliver", today="2024-02-08", env=smtp_env))
