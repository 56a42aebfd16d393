"""Building the web application on a test database, and a client that signs in.

Accounts use a cheap argon2id profile (t=1, 8 MiB, p=1: ~14 ms) so that a test signs in
fast; the application verifies with the parameters stored in each hash, as in
production.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.http.web import WebSettings, create_app
from engine.service.people.accounts import add_user
from engine.service.programme.archive import store_files, version_folder, write_files
from engine.service.shared.context import Context
from engine.store.programme_tables import ArchivedReportRow

CHEAP = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
SECRET = "a-test-secret-that-is-long-enough-for-signing-cookies"
PASSWORD = "ett långt lösenord"
ENROLLED_ON = date(2024, 1, 10)
#: The PDF file :func:`archived` puts in the archive.
PDF = b"%PDF-1.7 en rapport"
_TOKEN = re.compile(r'name="csrf-token" value="([^"]+)"')


def web_app(ctx: Context, **settings: Any) -> FastAPI:
    """The application on ``ctx``'s database and clock."""
    return create_app(ctx, WebSettings(secret_key=SECRET, hasher=CHEAP, **settings))


def account(ctx: Context, name: str, role: str = "coordinator", **fields: Any) -> None:
    """An account with :data:`PASSWORD` (unless ``password`` is given)."""
    fields.setdefault("password", PASSWORD)
    add_user(ctx, name, role, "admin", hasher=CHEAP, **fields)


def token_in(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class Browser:
    """A TestClient that keeps the last page's CSRF token, like a person's browser."""

    def __init__(self, app: FastAPI, **client: Any) -> None:
        self.client = TestClient(app, follow_redirects=False, **client)
        self.token = ""

    def get(self, url: str, **kwargs: Any) -> Any:
        """GET ``url`` (following redirects unless told not to)."""
        kwargs.setdefault("follow_redirects", True)
        answer = self.client.get(url, **kwargs)
        if 'name="csrf-token"' in answer.text:
            self.token = token_in(answer.text)
        return answer

    def post(self, url: str, data: dict[str, Any] | None = None, *, token: bool = True,
             **kwargs: Any) -> Any:
        """POST a form as the page's form would (with its CSRF token unless ``token``
        is False)."""
        fields = dict(data or {})
        if token:
            fields.setdefault("csrf-token", self.token or token_in(self.get("/login").text))
        answer = self.client.post(url, data=fields, **kwargs)
        if 'name="csrf-token"' in answer.text:
            self.token = token_in(answer.text)
        return answer

    def sign_in(self, name: str, password: str = PASSWORD) -> Any:
        """Sign in through the form; returns the answer (303 on success)."""
        self.get("/login")
        return self.post("/login", {"name": name, "password": password})


def archived(ctx: Context, programme: str, name: str, version: int = 1,
             kind: str = "report") -> int:
    """A version of ``name`` in the archive, with a PDF, an XLSX, a CSV and a JSON file."""
    subject = f"report:{name.lower().replace(' ', '')}"
    stem = f"{programme}-{name.lower().replace(' ', '-')}"
    folder = version_folder(programme, subject, kind, version)
    content = {f"{stem}.pdf": PDF, f"{stem}.xlsx": b"PK xlsx",
               f"{stem}-finsam_participants.csv": b"a;b\n1;2\n", f"{stem}.json": b'{"ok": true}'}
    files = write_files(folder, content)  # an export beside the database, as serve makes
    with ctx.transaction() as session:
        row = ArchivedReportRow(
            programme_id=programme, subject=subject, kind=kind, version=version,
            name=name, period_key="2022", period_from=date(2022, 1, 1),
            period_to=date(2022, 12, 31), as_of=date(2022, 12, 30), lang="sv",
            content_hash="ab12cd34ef56" + "0" * 52, folder=folder, files=files,
            produced_at=datetime(2022, 12, 30, 6, version, tzinfo=UTC),
            produced_by="stegvis")
        session.add(row)
        session.flush()
        assert row.id is not None
        store_files(session, row.id, content)
        return row.id
