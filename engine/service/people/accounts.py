"""Accounts of the web application: adding, listing, disabling, and signing in.

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 profile unless a cheaper
hasher is passed, as the tests do).  A sign-in that fails counts against the account;
after :data:`MAX_FAILED_SIGN_INS` in a row it is locked for :data:`LOCK_MINUTES`, and
the answer to the person never says which part was wrong or that the account is locked
(so names cannot be probed).  Unknown names cost the same time as known ones: the
password is checked against a dummy hash.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engine.errors import InputError, NotFoundError, StegvisError, did_you_mean
from engine.service.shared.context import Context, audit
from engine.service.shared.published import running_spec
from engine.store.account_tables import ROLES, UserRow
from engine.store.tables import ParticipantRow

MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
#: The longest password the sign-in form takes: a longer one could be stored but never
#: typed in to sign in with.
MAX_PASSWORD_LENGTH = 1024
#: The letters and digits of a one-time password: none that reads as another (0/O, 1/I/L).
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: Account names: what cases call a coordinator; no spaces, so they read in logs and URLs.
NAME_SHAPE = re.compile(r"[A-Za-z0-9ÅÄÖåäöÉéÜü._@-]{1,64}")


class SignInRefused(StegvisError):
    """Wrong name or password, a disabled or a locked account (deliberately one error)."""


@dataclass(frozen=True, slots=True)
class Account:
    """What the web application needs to know about a signed-in person."""

    id: int
    name: str
    role: str
    programme_id: str
    participant_key: str
    display_name: str
    email: str
    phone: str
    session_epoch: int
    #: The password was made by an administrator and shown to them once: the person
    #: chooses their own before any page opens.
    password_one_time: bool = False


def _account(row: UserRow) -> Account:
    assert row.id is not None
    return Account(row.id, row.name, row.role, row.programme_id, row.participant_key,
                   row.display_name, row.email, row.phone, row.session_epoch,
                   row.password_one_time)


def one_time_password() -> str:
    """A password for an administrator to hand over once: 16 letters and digits that
    cannot be mistaken for each other (about 79 bits), in groups of four."""
    drawn = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(16))
    return "-".join(drawn[i:i + 4] for i in range(0, 16, 4))


def default_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory: t=3, 64 MiB, p=4)."""
    return PasswordHasher()


@lru_cache(maxsize=8)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost, memory_cost, parallelism).hash("not a password")


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters",
                         kind="password_too_short", shortest=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"the password is {len(password):,} characters long; the sign-in "
                         f"form takes at most {MAX_PASSWORD_LENGTH:,}",
                         kind="password_too_long", longest=MAX_PASSWORD_LENGTH)
    return password


def add_user(ctx: Context, name: str, role: str, actor: str, *, password: str | None = None,
             programme: str = "", participant_key: str = "", display_name: str = "",
             email: str = "", phone: str = "", hasher: PasswordHasher | None = None,
             one_time: bool = False) -> Account:
    """Create an account; InputError names what is wrong and nothing is stored.

    ``one_time``: the password (from :func:`one_time_password`) is shown to the
    administrator once; the person chooses their own at the first sign-in.  The command
    line and the web both add accounts here, so they follow the same rules."""
    if not NAME_SHAPE.fullmatch(name):
        raise InputError(f"account name {name!r} must be 1–64 letters, digits or . _ @ - "
                         "(no spaces); a coordinator's is the name cases carry",
                         kind="account_name_shape", longest=64)
    programme = _checked_role(ctx, role, programme)
    if (role == "citizen") != bool(participant_key):
        raise InputError("a citizen account needs the participant's key (--participant KEY), "
                         "and only a citizen account has one", kind="citizen_key")
    hashed = None
    if password is not None:
        hashed = (hasher or default_hasher()).hash(_checked_password(password))
    try:
        return _insert_user(ctx, actor, UserRow(
            name=name, role=role, programme_id=programme, participant_key=participant_key,
            display_name=display_name.strip(), email=email.strip(), phone=phone.strip(),
            password_hash=hashed, created_at=ctx.now(),
            password_one_time=one_time and hashed is not None))
    except IntegrityError:
        # Two `user add` of one name at once: both found none, the second insert fails
        # on the unique name (PostgreSQL; SQLite's write lock queues them instead).
        raise InputError(f"there is already an account {name!r}", kind="account_exists",
                         name=name) from None


def _checked_role(ctx: Context, role: str, programme: str) -> str:
    """The programme id an account of ``role`` is limited to ('' for all); InputError
    for a role that is none of :data:`ROLES` or may not be limited."""
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}"
                         f"{did_you_mean(role, ROLES)}", kind="unknown_role")
    if not programme:
        return ""
    if role not in ("programme-admin", "reader"):
        raise InputError("only a programme administrator or a reader is limited to one "
                         "programme", kind="programme_role_only")
    return running_spec(ctx, programme).id


def _insert_user(ctx: Context, actor: str, row: UserRow) -> Account:
    with ctx.transaction() as session:
        if session.exec(select(UserRow.id).where(UserRow.name == row.name)).first() \
                is not None:
            raise InputError(f"there is already an account {row.name!r}",
                             kind="account_exists", name=row.name)
        if row.participant_key and session.exec(select(ParticipantRow.id).where(
                ParticipantRow.key == row.participant_key)).first() is None:
            raise NotFoundError(f"no participant with key {row.participant_key!r}",
                                kind="no_participant")
        session.add(row)
        session.flush()
        audit(ctx, session, actor, "user_add", None, None,
              {"name": row.name, "role": row.role, "programme": row.programme_id,
               "participant_key": row.participant_key,
               "password": row.password_hash is not None,
               "one_time": row.password_one_time})
        return _account(row)


def list_users(ctx: Context) -> list[dict[str, Any]]:
    """Every account, by name, without password hashes."""
    with ctx.transaction() as session:
        rows = session.exec(select(UserRow).order_by(col(UserRow.name))).all()
        now = ctx.now()
        return [{"name": r.name, "role": r.role, "programme": r.programme_id,
                 "participant_key": r.participant_key, "display_name": r.display_name,
                 "email": r.email, "disabled": r.disabled,
                 "locked": r.locked_until is not None and r.locked_until > now,
                 "password": r.password_hash is not None, "phone": r.phone,
                 "one_time": r.password_one_time,
                 "last_sign_in_at": r.last_sign_in_at.isoformat() if r.last_sign_in_at
                 else None} for r in rows]


def _user(session: Session, name: str) -> UserRow:
    row = session.exec(select(UserRow).where(UserRow.name == name)).first()
    if row is None:
        names = session.exec(select(UserRow.name)).all()
        raise NotFoundError(f"no account {name!r}{did_you_mean(name, names)}",
                            kind="no_account")
    return row


def set_disabled(ctx: Context, name: str, disabled: bool, actor: str) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    with ctx.transaction() as session:
        row = _user(session, name)
        row.disabled = disabled
        if disabled:
            row.session_epoch += 1
        else:
            row.failed_logins, row.locked_until = 0, None
        audit(ctx, session, actor, "user_disable" if disabled else "user_enable", None, None,
              {"name": name})


def unlock(ctx: Context, name: str, actor: str) -> None:
    """Lift the lock after too many failed sign-ins (a disabled account stays disabled)."""
    with ctx.transaction() as session:
        row = _user(session, name)
        row.failed_logins, row.locked_until = 0, None
        audit(ctx, session, actor, "user_unlock", None, None, {"name": name})


def set_role(ctx: Context, name: str, role: str, actor: str, programme: str = "") -> None:
    """Give an account another role (limited to ``programme`` or not), by the rules of
    :func:`add_user`; its sessions end, so that no page opens with the old role.  A
    citizen's account is tied to one participant and keeps its role, and no one
    changes their own (so that the last system administrator cannot lock everyone out)."""
    programme = _checked_role(ctx, role, programme)
    if role == "citizen":
        raise InputError("a citizen account needs the participant's key, and only a "
                         "citizen account has one", kind="citizen_key")
    if name == actor:
        raise InputError("you cannot change your own account's role", kind="own_account")
    with ctx.transaction() as session:
        row = _user(session, name)
        if row.role == "citizen":
            raise InputError("a citizen account is tied to its participant and keeps its role",
                             kind="citizen_key")
        if (row.role, row.programme_id) == (role, programme):
            return
        before = {"role": row.role, "programme": row.programme_id}
        row.role, row.programme_id = role, programme
        row.session_epoch += 1
        audit(ctx, session, actor, "user_role", None, None,
              {"name": name, "before": before, "role": role, "programme": programme})


def set_password(ctx: Context, name: str, password: str, actor: str,
                 hasher: PasswordHasher | None = None, *, one_time: bool = False) -> None:
    """Give an account a new password; its other sessions end and any lock is lifted.

    ``one_time``: an administrator's reset (:func:`one_time_password`), which the person
    replaces with their own at the next sign-in."""
    hashed = (hasher or default_hasher()).hash(_checked_password(password))
    with ctx.transaction() as session:
        row = _user(session, name)
        row.password_hash, row.failed_logins, row.locked_until = hashed, 0, None
        row.password_one_time = one_time
        row.session_epoch += 1
        audit(ctx, session, actor, "user_password", None, None,
              {"name": name, "one_time": one_time})


def choose_password(ctx: Context, user_id: int, password: str,
                    hasher: PasswordHasher | None = None) -> Account:
    """The signed-in person's own new password (after a one-time one, or any time);
    their other sessions end.  The account as it is now, with its new session epoch."""
    hashed = (hasher or default_hasher()).hash(_checked_password(password))
    with ctx.transaction() as session:
        row = session.get(UserRow, user_id)
        if row is None or row.disabled:
            raise NotFoundError("the account is gone or disabled", kind="no_account")
        row.password_hash, row.password_one_time = hashed, False
        row.session_epoch += 1
        audit(ctx, session, row.name, "user_password", None, None,
              {"name": row.name, "one_time": False})
        return _account(row)


@dataclass(frozen=True, slots=True)
class _Attempt:
    """A sign-in attempt as counted on arrival."""

    user_id: int
    password_hash: str
    #: Whether the password is checked at all: not for a disabled account, nor for one
    #: locked before this attempt or by the attempts counted before it.
    may_try: bool


def sign_in(ctx: Context, name: str, password: str,
            hasher: PasswordHasher | None = None) -> Account:
    """The account, if the name and password are right and it is neither disabled nor
    locked; SignInRefused otherwise (the same message whatever the reason).

    Every attempt is counted as a failure when it arrives, in a transaction of its own,
    before its password is checked; a right password then clears the count.  So the
    lock holds under parallel attempts: of any number sent at once, at most
    :data:`MAX_FAILED_SIGN_INS` are ever checked before the account locks, and one that
    arrives after that many is refused even with the right password.  The slow hash is
    checked outside any transaction, so attempts never hold the database's write lock.
    """
    hasher = hasher or default_hasher()
    refused = SignInRefused("the name or password is wrong, or the account is locked or "
                            "disabled")
    attempt = _count_attempt(ctx, name)
    if attempt is None or not attempt.may_try:
        # The same cost as a real check: the time does not tell what was wrong.
        _verify(hasher, _dummy_hash(hasher.time_cost, hasher.memory_cost,
                                    hasher.parallelism), password)
        raise refused
    if not _verify(hasher, attempt.password_hash, password):
        raise refused
    account = _succeeded(ctx, attempt, password, hasher)
    if account is None:
        raise refused
    return account


def _count_attempt(ctx: Context, name: str) -> _Attempt | None:
    """Count the attempt (and lock at the limit); None for no account with a password."""
    with ctx.transaction() as session:
        statement = select(UserRow).where(UserRow.name == name)
        if session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = session.exec(statement).first()
        if row is None or row.password_hash is None or row.id is None:
            return None
        now = ctx.now()
        if row.locked_until is not None and row.locked_until > now:
            return _Attempt(row.id, row.password_hash, may_try=False)
        if row.locked_until is not None:
            row.locked_until, row.failed_logins = None, 0  # the lock ran out: start over
        if row.disabled:
            return _Attempt(row.id, row.password_hash, may_try=False)
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILED_SIGN_INS:
            row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            audit(ctx, session, "stegvis", "user_locked", None, None,
                  {"name": name, "after": row.failed_logins})
        return _Attempt(row.id, row.password_hash,
                        may_try=row.failed_logins <= MAX_FAILED_SIGN_INS)


def _succeeded(ctx: Context, attempt: _Attempt, password: str,
               hasher: PasswordHasher) -> Account | None:
    """Clear the count of an attempt whose password was right; None if the account was
    disabled or given another password meanwhile."""
    with ctx.transaction() as session:
        statement = select(UserRow).where(UserRow.id == attempt.user_id)
        if session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = session.exec(statement).first()
        if row is None or row.disabled or row.password_hash != attempt.password_hash:
            return None
        row.failed_logins, row.locked_until, row.last_sign_in_at = 0, None, ctx.now()
        if hasher.check_needs_rehash(row.password_hash):
            row.password_hash = hasher.hash(password)
        return _account(row)


def _verify(hasher: PasswordHasher, hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def account_by_id(ctx: Context, user_id: int) -> Account | None:
    """The enabled account with this id, or None (disabled or gone)."""
    with ctx.transaction() as session:
        row = session.get(UserRow, user_id)
        return None if row is None or row.disabled else _account(row)


def account_by_name(ctx: Context, name: str) -> Account | None:
    """The enabled account with this name, or None."""
    with ctx.transaction() as session:
        row = session.exec(select(UserRow).where(UserRow.name == name)).first()
        return None if row is None or row.disabled else _account(row)


def end_sessions(ctx: Context, user_id: int) -> None:
    """Sign the person out everywhere: sessions made before now stop working."""
    with ctx.transaction() as session:
        row = session.get(UserRow, user_id)
        if row is not None:
            row.session_epoch += 1


def locked_until(ctx: Context, name: str) -> datetime | None:
    """When the account's lock runs out, if it is locked now (for administrators)."""
    with ctx.transaction() as session:
        row = session.exec(select(UserRow).where(UserRow.name == name)).first()
        if row is None or row.locked_until is None or row.locked_until <= ctx.now():
            return None
        return row.locked_until
