"""Secrets the installation makes once and every worker shares, kept in the database.

The web application signs its session and CSRF cookies with a key.  Made on one
machine's disk, each web worker had its own, and a session made on one was refused by
the next; kept in the database, every worker that opens it signs alike.  The first
worker to need the key makes it (or takes over the ``web-secret`` file an earlier
version made, so that sessions survive the upgrade); a second worker doing so at the
same moment gets the first one's key, never a second key.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from engine.service.shared.context import Context
from engine.store.account_tables import InstallationSecretRow

WEB = "web"
#: The shortest key the web application accepts (engine.http.web.settings).
_MIN_LENGTH = 32
_SECRETS: Table = InstallationSecretRow.__table__  # type: ignore[attr-defined]


def web_secret(ctx: Context, legacy_file: Path | None = None) -> str:
    """The web application's signing key, made once for the installation.

    ``legacy_file`` is the ``web-secret`` file of an earlier version: its key becomes
    the installation's when none is stored yet.
    """
    with ctx.transaction(read_only=True) as session:
        stored = session.get(InstallationSecretRow, WEB)
    if stored is not None:
        return stored.value
    value = _legacy(legacy_file) or secrets.token_urlsafe(48)
    with ctx.transaction() as session:
        insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql"
                  else sqlite.insert)
        session.execute(insert(_SECRETS).values(name=WEB, value=value, created_at=ctx.now())
                        .on_conflict_do_nothing(index_elements=["name"]))
        return session.exec(select(InstallationSecretRow.value).where(
            InstallationSecretRow.name == WEB)).one()


def _legacy(path: Path | None) -> str | None:
    """The key in an earlier version's ``web-secret`` file, if there is a usable one."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if len(text) >= _MIN_LENGTH else None
