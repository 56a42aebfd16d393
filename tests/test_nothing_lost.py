"""Nothing is lost silently: settings that would drop what is written are refused."""

from __future__ import annotations

import pytest

from engine.cli.program import main


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite+pysqlite://",
                                 "sqlite:///file:x?mode=memory&uri=true"])
def test_a_database_in_memory_is_refused(url: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STEGVIS_DATABASE_URL", url)
    assert main(["cases", "--as", "anna"]) == 1
    err = capsys.readouterr().err
    assert "is a database in memory, which keeps nothing" in err
    assert main(["cases", "--as", "anna", "--database", url]) == 1
    assert "--database:" in capsys.readouterr().err


def test_an_empty_database_url_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path))
    monkeypatch.setenv("STEGVIS_DATABASE_URL", "")
    assert main(["cases", "--as", "anna"]) == 1
    assert "STEGVIS_DATABASE_URL is empty" in capsys.readouterr().err
    monkeypatch.delenv("STEGVIS_DATABASE_URL")
    assert main(["cases", "--as", "anna", "--database", " "]) == 1
    assert "--database is empty" in capsys.readouterr().err
