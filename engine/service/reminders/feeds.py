"""Calendar-feed tokens: the secret that makes a coordinator's feed URL subscribable.

Calendar programs (Outlook, Google Calendar, Apple Calendar, Thunderbird) subscribe to
a plain URL and cannot log in, so the URL itself is the credential, as with every
subscribable calendar.  Each coordinator contact gets one random token
(:func:`secrets.token_urlsafe`, 192 bits) when the URL is first asked for; rotating it
makes a new one and the old URL stops working at once (for when a link leaks).  The
feed holds pseudonymous participant keys only, never names or identity numbers, but
the token still must not be guessable or enumerable.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import update
from sqlmodel import Session, col, select

from engine.errors import ConflictError, NotFoundError
from engine.service.shared.context import Context, audit
from engine.store.delivery_tables import ContactRow

#: Bytes of randomness in a token (32 URL-safe characters).
TOKEN_BYTES = 24
#: What a token can look like; anything else is refused before the database is asked.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def feed_token(ctx: Context, coordinator: str, actor: str, *, rotate: bool = False) -> str:
    """The coordinator's feed token: made on first use, replaced when ``rotate``.

    Making and rotating are written to the audit log, without the token.  Two first
    requests at once agree on one token: only a row without a token is given one.
    """
    with ctx.transaction() as session:
        contact = _coordinator_contact(session, coordinator)
        if contact.feed_token is not None and not rotate:
            return contact.feed_token
        event = "made" if contact.feed_token is None else "rotated"
        new = secrets.token_urlsafe(TOKEN_BYTES)
        statement = update(ContactRow).where(col(ContactRow.id) == contact.id)
        if not rotate:
            statement = statement.where(col(ContactRow.feed_token).is_(None))
        changed = session.execute(statement.values(feed_token=new)
                                  .execution_options(synchronize_session=False))
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            session.refresh(contact)  # someone else made it first: theirs stands
            if contact.feed_token is None:
                raise ConflictError(f"coordinator {coordinator!r}: the contact changed "
                                    "meanwhile; try again")
            return contact.feed_token
        audit(ctx, session, actor, "calendar_feed_token", None, None,
              {"coordinator": coordinator, "token": event})
        return new


def coordinator_of_token(ctx: Context, token: str) -> str | None:
    """The coordinator whose feed ``token`` opens; None for any other text."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    with ctx.transaction(read_only=True) as session:
        name = session.exec(select(ContactRow.name).where(
            ContactRow.kind == "coordinator", ContactRow.feed_token == token)).first()
    return name


def _coordinator_contact(session: Session, coordinator: str) -> ContactRow:
    contact = session.exec(select(ContactRow).where(
        ContactRow.kind == "coordinator", ContactRow.programme_id == "",
        ContactRow.name == coordinator)).first()
    if contact is None:
        raise NotFoundError(f"coordinator {coordinator!r} has no contact recorded; run "
                            f"`stegvis contact set coordinator {coordinator} EMAIL` first")
    return contact
