"""The tables of people who sign in: accounts, the access log and citizens' sign-in links.

An account's ``name`` is what the rest of the system calls that person: a coordinator
account ``anna`` owns the cases whose ``coordinator`` is ``anna``.  Passwords are kept
only as argon2id hashes; a sign-in link only as the SHA-256 of its token, so neither a
database dump nor a backup gives anyone a way in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

#: The kinds of user (``users.role``).
ROLES = ("coordinator", "programme-admin", "reader", "system-admin", "citizen")


class UserRow(SQLModel, table=True):
    """A person who signs in to the web application."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    role: str = Field(max_length=32)
    #: The programme a programme administrator or reader is limited to ('' = all).
    programme_id: str = Field(default="", max_length=64)
    #: The participant a citizen account belongs to ('' for every other role).
    participant_key: str = Field(default="", max_length=64)
    display_name: str = Field(default="", max_length=128)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    #: argon2id hash; None for an account that signs in only through the trusted proxy.
    password_hash: str | None = Field(default=None, max_length=255)
    disabled: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None
    #: Raised when the person signs out or is disabled: every session made before ends.
    session_epoch: int = 1
    #: The password was made by an administrator and shown once (migration 0021): the
    #: person chooses their own at the next sign-in.
    password_one_time: bool = False
    created_at: datetime
    last_sign_in_at: datetime | None = None


class AccessLogRow(SQLModel, table=True):
    """Append-only: who saw which case, when, and on what page.

    Database triggers (migration 0009) refuse any UPDATE or DELETE of its rows.
    """

    __tablename__ = "access_log"
    #: Each way the access log page reads it, newest first (migration 0021).
    __table_args__ = (Index("ix_access_log_user_at", "user_name", "at"),
                      Index("ix_access_log_at_id", "at", "id"),
                      Index("ix_access_log_what_at", "what", "at"))

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    user_name: str = Field(max_length=64)
    role: str = Field(max_length=32)
    case_id: int | None = Field(default=None, index=True)
    what: str = Field(max_length=64)
    detail: str = Field(default="", max_length=256)


class SignInLinkRow(SQLModel, table=True):
    """A personal sign-in link a coordinator gave a participant for one case."""

    __tablename__ = "sign_in_links"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    case_id: int = Field(foreign_key="cases.id", index=True)
    created_by: str = Field(max_length=64)
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=64)
    last_used_at: datetime | None = None
    #: SHA-256 of the short code the participant can type at /in instead of the link
    #: (migration 0019); None for links made before codes existed.
    code_hash: str | None = Field(default=None, unique=True, index=True, max_length=64)


class InstallationSecretRow(SQLModel, table=True):
    """A secret the installation makes once and every worker uses (revision 0017).

    ``web``: the key that signs the web application's session and CSRF cookies when
    ``STEGVIS_WEB_SECRET`` is not set.  In the database, not in one machine's data
    folder, so a session made by one web worker is good on every other.
    """

    __tablename__ = "installation_secrets"

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=200)
    created_at: datetime
