"""Every worker is equal: a report produced by one is mailed and exported by another.

Two workers share one database and nothing else: each has its own data folder and no
archive folder.  One produces REBUS's annual report (``stegvis event run``, what the
calendar flow runs); the other delivers it (``stegvis deliver``, what the delivery
flow runs) through a real SMTP server, with the installation's domain in the e-mails'
Message-IDs, and exports the archive into a folder.  On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Inbox, create_postgres_database, drop_postgres_database
from test_cli_cases import REBUS, as_json, make_stegvis, ok

from engine.channels.mail import SmtpTransport

DAY = "2022-12-30"  # REBUS's sixth annual report is due that Friday


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The one database both workers use."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    url = create_postgres_database("stegvis_workers")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


def test_a_report_made_on_one_worker_is_mailed_and_exported_by_another(
        database: str, tmp_path: Path, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    first, second = tmp_path / "worker-1", tmp_path / "worker-2"
    on_first, on_second = make_stegvis(database, first), make_stegvis(database, second)
    ok(on_first("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", today="2022-03-01"))
    for role in ("styrelse", "styrgrupp"):
        ok(on_first("contact", "set", "role", role, f"{role}@rebus.example", "--programme",
                    "rebus", today="2022-03-01"))

    domain = {"STEGVIS_DOMAIN": "stegvis.klarsam.example"}  # a setting every worker shares
    made = ok(on_first("event", "run", "rebus", "report:arsrapport:6", "--day", DAY, today=DAY,
                       env=domain))
    assert "version 1" in made and "styrelse" in made
    assert not [p for p in first.rglob("*") if p.suffix in (".pdf", ".xlsx")], \
        "the report lies on the first worker's disk"

    mail = {"STEGVIS_SMTP_HOST": transport.host, "STEGVIS_SMTP_PORT": str(transport.port),
            "STEGVIS_SMTP_SECURITY": "none", "STEGVIS_MAIL_FROM": "stegvis@rebus.example",
            **domain}
    assert "2 digest(s) sent" in ok(on_second("deliver", today=DAY, env=mail))
    (version,) = as_json(on_second("archive", "list", "rebus", "--json", today=DAY))
    hashes = {}
    for message in inbox.messages:
        assert str(message["Message-ID"]).endswith("@stegvis.klarsam.example>")
        for part in message.iter_attachments():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            hashes[part.get_filename()] = hashlib.sha256(payload).hexdigest()
    assert list(hashes) == ["rebus-arsrapport-6.pdf"]

    export = tmp_path / "export"
    exported = ok(on_second("archive", "export", "rebus", str(export), today=DAY))
    assert "1 version(s) of rebus written" in exported
    folder = export / version["folder"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(version["files"])
    pdf = (folder / "rebus-arsrapport-6.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == hashes["rebus-arsrapport-6.pdf"]
    assert "0 version(s)" in ok(on_second("archive", "export", "rebus", str(export), today=DAY))
