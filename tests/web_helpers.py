"""Building the web application on a test database, and a client that signs in.

Accounts use a cheap argon2id profile (t=1, 8 MiB, p=1: ~14 ms) so that a test signs in
fast; the application verifies with the parameters stored in each hash, as in
production.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.http.web import WebSettings, create_app
from engine.service.accounts import add_user
from engine.service.context import Context

CHEAP = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
SECRET = "a-test-secret-that-is-long-enough-for-signing-cookies"
PASSWORD = "ett långt lösenord"
ENROLLED_ON = date(2024, 1, 10)
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
