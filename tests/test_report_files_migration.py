"""Revision 0016 moves the archive's files into the database, each checked by its hash.

A database at 0015 lists a version with three files in the archive folder: one as
produced, one altered since, one gone.  After the upgrade the first is in the database
and is read from there with the folder gone; the altered one is refused, never sent;
the one that was gone is read from the folder once it is back.  On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import create_postgres_database, drop_postgres_database
from sqlalchemy import text
from sqlmodel import Session

from engine.service.programme.archive import ArchiveError, read_file
from engine.store.database import open_database, upgrade
from engine.store.programme_tables import ArchivedReportRow

FILES = {"rapport.pdf": b"%PDF-1.7 rapporten", "rapport.xlsx": b"PK kalkylbladet",
         "rapport.json": b'{"figures": 1}'}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    url = create_postgres_database("stegvis_0016")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


def test_the_archive_folder_moves_into_the_database(
        empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "arkiv"
    monkeypatch.setenv("STEGVIS_ARCHIVE", str(folder))
    version = folder / "rebus" / "report-arsrapport-6" / "report-v1"
    version.mkdir(parents=True)
    for name, data in FILES.items():
        (version / name).write_bytes(data)
    listed = [{"name": n, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)}
              for n, d in FILES.items()]
    (version / "rapport.xlsx").write_bytes(b"PK changed afterwards")
    (version / "rapport.json").rename(tmp_path / "rapport.json")
    old = open_database(empty_url, migrate=False)
    upgrade(old, "0015")
    with old.begin() as connection:
        connection.execute(text(
            "INSERT INTO report_archive (programme_id, subject, kind, version, name, "
            "period_key, period_from, period_to, as_of, lang, content_hash, folder, files, "
            "summary, produced_at, produced_by) VALUES ('rebus', 'report:arsrapport:6', "
            "'report', 1, 'Årsrapport 6', '2022', '2022-01-01', '2022-12-31', '2022-12-30', "
            "'sv', 'abc', 'rebus/report-arsrapport-6/report-v1', :files, '{}', "
            "'2022-12-30 06:30:00+00', 'stegvis')"), {"files": json.dumps(listed)})
    old.dispose()

    new = open_database(empty_url)
    assert "2 archived file(s) were not in" in caplog.text
    shutil.rmtree(folder)
    with Session(new) as session:
        row = session.get(ArchivedReportRow, 1)
        assert row is not None
        assert read_file(session, row, "rapport.pdf") == FILES["rapport.pdf"]
        with pytest.raises(ArchiveError, match=r"rapport.xlsx .*cannot be read"):
            read_file(session, row, "rapport.xlsx")
        version.mkdir(parents=True)
        (version / "rapport.xlsx").write_bytes(b"PK changed afterwards")
        with pytest.raises(ArchiveError, match="was altered"):
            read_file(session, row, "rapport.xlsx")
        (tmp_path / "rapport.json").rename(version / "rapport.json")
        assert read_file(session, row, "rapport.json") == FILES["rapport.json"]
    new.dispose()
