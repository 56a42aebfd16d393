"""Every web worker signs alike: a session made on one is good on another.

Two ``stegvis web`` servers as the command builds them (engine/cli/web.py), each with
its own data folder and one database: a coordinator signs in on the first, and the
second knows her.  An installation upgraded from a version that kept the key in its
data folder (``web-secret``) keeps it, so nobody is signed out by the upgrade.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from web_helpers import Browser, account

from engine.cli.web import _server
from engine.service.people.installation_secrets import web_secret
from engine.service.shared.context import Context


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path, str], Browser]]:
    """Web servers as ``stegvis web`` builds them, each with its own data folder."""
    engines: list[Engine] = []

    def worker(folder: Path, url: str) -> Browser:
        folder.mkdir()
        monkeypatch.setenv("STEGVIS_HOME", str(folder))
        monkeypatch.delenv("STEGVIS_WEB_SECRET", raising=False)
        server, ctx = _server("127.0.0.1:0", url)
        engines.append(ctx.engine)
        return Browser(server.config.app)
    yield worker
    for engine in engines:
        engine.dispose()


def test_a_session_made_on_one_web_worker_holds_on_another(
        ctx: Context, tmp_path: Path, workers: Callable[[Path, str], Browser]) -> None:
    url = ctx.engine.url.render_as_string(hide_password=False)
    account(ctx, "anna")
    first, second = workers(tmp_path / "worker-1", url), workers(tmp_path / "worker-2", url)
    assert first.sign_in("anna").status_code == 303
    second.client.cookies.update(first.client.cookies)
    inbox = second.get("/")
    assert inbox.status_code == 200 and "/login" not in str(inbox.url)
    assert not list(tmp_path.rglob("web-secret")), "a key was kept on one machine's disk"


def test_the_key_of_an_earlier_versions_data_folder_is_kept(
        ctx: Context, tmp_path: Path) -> None:
    legacy = tmp_path / "web-secret"
    legacy.write_text("k" * 64 + "\n", encoding="ascii")
    assert web_secret(ctx, legacy) == "k" * 64
    assert web_secret(ctx, tmp_path / "another-worker" / "web-secret") == "k" * 64
