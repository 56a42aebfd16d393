"""Personal sign-in links: how a participant opens their own plan without an account.

A coordinator makes a link for one case and gives it to the participant (by text
message, by mail, on paper).  The link carries a random token (256 bits); only its
SHA-256 is stored, so the database cannot give the link away.  With it comes a short
code (12 letters and digits that cannot be mistaken for each other, about 59 bits) for
paper and text messages, typed at ``/in``; it is kept the same way.  A link works until it
expires (``DEFAULT_DAYS`` unless told otherwise) or the coordinator revokes it; every
page it opens checks that it still works.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from engine.errors import InputError, NotFoundError
from engine.service.shared.context import Context, audit, load_case
from engine.store.account_tables import SignInLinkRow

DEFAULT_DAYS = 90
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{40,64}")
#: The code's letters and digits: none that reads as another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


@dataclass(frozen=True, slots=True)
class SignInLink:
    """A link as the coordinator sees it (never the token after it was made)."""

    id: int
    case_id: int
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def works_at(self, now: datetime) -> bool:
        """Whether the link opens the plan at ``now``."""
        return self.revoked_at is None and now < self.expires_at


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _link(row: SignInLinkRow) -> SignInLink:
    assert row.id is not None
    return SignInLink(row.id, row.case_id, row.created_by, row.created_at, row.expires_at,
                      row.revoked_at, row.last_used_at)


def code_text(code: str) -> str:
    """A code as it is printed and read aloud: ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normal_code(typed: str) -> str:
    """A typed code without its spaces and dashes, in capitals ('' if it cannot be one)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -	")
    return code if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) else ""


def create_link(ctx: Context, case_id: int, actor: str,
                days: int = DEFAULT_DAYS) -> tuple[str, str, SignInLink]:
    """A new link for the case: (token, short code, link).  Both are shown once and never
    stored."""
    if not 1 <= days <= 366:
        raise InputError(f"a sign-in link works 1–366 days, not {days}",
                         kind="link_lifetime", days=days, longest=366)
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with ctx.transaction() as session:
        load_case(session, case_id, for_update=False)
        row = SignInLinkRow(token_hash=_hash(token), case_id=case_id, created_by=actor,
                            created_at=ctx.now(), expires_at=ctx.now() + timedelta(days=days),
                            code_hash=_hash(code))
        session.add(row)
        session.flush()
        audit(ctx, session, actor, "sign_in_link", case_id, None,
              {"link": row.id, "expires_at": row.expires_at.isoformat()})
        return token, code_text(code), _link(row)


def links_of_case(ctx: Context, case_id: int) -> list[SignInLink]:
    """Every link made for the case, newest first."""
    with ctx.transaction() as session:
        return [_link(r) for r in session.exec(
            select(SignInLinkRow).where(SignInLinkRow.case_id == case_id)
            .order_by(col(SignInLinkRow.id).desc())).all()]


def revoke_link(ctx: Context, case_id: int, link_id: int, actor: str) -> None:
    """Stop the link working, at once (the participant's open pages stop too)."""
    with ctx.transaction() as session:
        row = session.get(SignInLinkRow, link_id)
        if row is None or row.case_id != case_id:
            raise NotFoundError(f"case {case_id} has no sign-in link {link_id}",
                                kind="no_link")
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = ctx.now(), actor
            audit(ctx, session, actor, "sign_in_link_revoked", case_id, None,
                  {"link": link_id})


def use_token(ctx: Context, token: str) -> SignInLink | None:
    """The link the token opens, marked used now; None if it never existed or no longer
    works (the answer does not say which)."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    with ctx.transaction() as session:
        row = session.exec(select(SignInLinkRow).where(
            SignInLinkRow.token_hash == _hash(token))).first()
        if row is None or not _link(row).works_at(ctx.now()):
            return None
        row.last_used_at = ctx.now()
        return _link(row)


def use_code(ctx: Context, typed: str) -> SignInLink | None:
    """The link whose short code was typed, marked used now; None if there is none that
    works (the answer does not say which)."""
    code = normal_code(typed)
    if not code:
        return None
    with ctx.transaction() as session:
        row = session.exec(select(SignInLinkRow).where(
            SignInLinkRow.code_hash == _hash(code))).first()
        if row is None or not _link(row).works_at(ctx.now()):
            return None
        row.last_used_at = ctx.now()
        return _link(row)


def working_link(ctx: Context, link_id: int) -> SignInLink | None:
    """The link, if it still works now (checked on every page it opens)."""
    with ctx.transaction() as session:
        row = session.get(SignInLinkRow, link_id)
        if row is None or not _link(row).works_at(ctx.now()):
            return None
        return _link(row)
