"""How the web application is configured: from arguments, else the environment.

==============================  ===========================================================
``STEGVIS_WEB_SECRET``          key that signs session and CSRF cookies; else a random one
                                the installation makes once and keeps in its database
                                (engine/service/people/installation_secrets.py), so
                                sessions survive restarts and hold on every web worker
``STEGVIS_WEB_SECURE_COOKIES``  ``true`` behind TLS: cookies only over https
``STEGVIS_WEB_TRUSTED_HEADER``  header in which the reverse proxy names the signed-in
                                person (e.g. ``X-Remote-User``); off unless set
``STEGVIS_WEB_TRUSTED_PROXIES`` addresses the header is believed from (comma-separated);
                                from anyone else it is ignored
``STEGVIS_WEB_BASE_URL``        the address people use (for sign-in links), e.g.
                                ``https://stegvis.forbundet.example``
``STEGVIS_WEB_LOGOUT_URL``      where "sign out" goes when the proxy signed the person in
``STEGVIS_WEB_IDLE_MINUTES``    a session ends after this long without a request (60)
``STEGVIS_WEB_SESSION_HOURS``   and this long after signing in, whatever happens (10)
==============================  ===========================================================
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from argon2 import PasswordHasher

from engine.errors import InputError
from engine.inputs.numbers import number_setting
from engine.service.people.accounts import default_hasher

#: Where the web application listens unless told otherwise (loopback: a proxy fronts it).
DEFAULT_WEB_ADDRESS = "127.0.0.1:8000"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: int, high: int) -> int:
    return number_setting(name, default, low=1, high=high)


def stored_secret(folder: Path) -> str:
    """The web secret kept in ``folder/web-secret``, made (mode 0600) if missing."""
    path = folder / "web-secret"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
    return path.read_text(encoding="ascii").strip()


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Everything the web application needs besides the database and the clock."""

    secret_key: str
    secure_cookies: bool = False
    trusted_header: str | None = None
    trusted_proxies: frozenset[str] = frozenset()
    base_url: str | None = None
    logout_url: str | None = None
    idle_minutes: int = 60
    session_hours: int = 10
    hasher: PasswordHasher = field(default_factory=default_hasher)

    def __post_init__(self) -> None:
        if len(self.secret_key) < 32:
            raise InputError("the web secret must be at least 32 characters")
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                    or parts.fragment or any(c.isspace() for c in self.base_url):
                raise InputError(f"STEGVIS_WEB_BASE_URL={self.base_url[:100]!r} is not the "
                                 "address people use, e.g. https://stegvis.forbundet.example")
        if self.trusted_header and not self.trusted_proxies:
            raise InputError("a trusted header needs the proxies it is trusted from "
                             "(STEGVIS_WEB_TRUSTED_PROXIES)")

    def link_base(self) -> str:
        """Where sign-in links point: the configured address, never a request's Host
        header (which anyone can forge: a link to another site would carry the token
        there).  Without one (an application made for a test), the default address."""
        return self.base_url or f"http://{DEFAULT_WEB_ADDRESS}"

    @classmethod
    def from_environment(cls, data_folder: Path, **overrides: object) -> WebSettings:
        """Settings from ``STEGVIS_WEB_*`` (module docstring), then ``overrides``.

        Without ``STEGVIS_WEB_SECRET`` or a ``secret_key`` override, the key is kept in
        ``data_folder/web-secret``: for a single process (tests); ``stegvis web`` and
        ``serve`` pass the installation's key from the database.
        """
        proxies = os.environ.get("STEGVIS_WEB_TRUSTED_PROXIES", "")
        secret = os.environ.get("STEGVIS_WEB_SECRET") or overrides.pop("secret_key", None)
        values: dict[str, object] = dict(
            secret_key=secret or stored_secret(data_folder),
            secure_cookies=_flag("STEGVIS_WEB_SECURE_COOKIES"),
            trusted_header=os.environ.get("STEGVIS_WEB_TRUSTED_HEADER") or None,
            trusted_proxies=frozenset(p.strip() for p in proxies.split(",") if p.strip()),
            base_url=(os.environ.get("STEGVIS_WEB_BASE_URL") or "").rstrip("/") or None,
            logout_url=os.environ.get("STEGVIS_WEB_LOGOUT_URL") or None,
            idle_minutes=_number("STEGVIS_WEB_IDLE_MINUTES", 60, high=7 * 24 * 60),
            session_hours=_number("STEGVIS_WEB_SESSION_HOURS", 10, high=31 * 24))
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
