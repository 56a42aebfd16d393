"""Every change says what it did, and the main ones can be taken back for a while.

(The undo button's route is :mod:`engine.http.web.case_undo`.)

An action on a case page (or "Markera som klar" in the inbox) returns :class:`Done`:
the sentence the next page shows, and what would undo it.  The offer is kept in the
person's own session with the case's version right after the change and a time limit
(``UNDO_MINUTES``); the undo button posts to ``/cases/{id}/undo``, which takes it back
through the same corrections as every other undo (:mod:`engine.service.cases.corrections`;
the audit log keeps both), only while the offer lasts and nothing else changed the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request

from engine.http.web.state import web

router = APIRouter(include_in_schema=False)
#: How long a change can be taken back with one click.
UNDO_MINUTES = 10
#: What the audit log says about an undo made with the button.
REASON = "ångrat med knappen direkt efter ändringen"
_SESSION_KEY = "undo"


@dataclass(frozen=True)
class Done:
    """What an action did: a page text (Swedish, translated when shown) with its values,
    and what undoes it (``complete``, ``follow_up``, ``move``, ``exit``; "" for none)."""

    message: str
    values: dict[str, Any] = field(default_factory=dict)
    undo: str = ""
    key: str = ""
    version: int = 0


def done(message: str, *, undo: str = "", key: str = "", version: int = 0,
         **values: Any) -> Done:
    """A :class:`Done` (``message`` is a Swedish page text, ``values`` fill it)."""
    return Done(message, values, undo, key, version)


def offer(request: Request, case_id: int, change: Done) -> None:
    """Offer to undo ``change`` until ``UNDO_MINUTES`` from now (replaces an earlier one)."""
    if not change.undo:
        request.session.pop(_SESSION_KEY, None)
        return
    until = web(request).ctx.now() + timedelta(minutes=UNDO_MINUTES)
    request.session[_SESSION_KEY] = {
        "case": case_id, "action": change.undo, "key": change.key,
        "version": change.version, "until": until.isoformat(),
        "message": change.message, "values": change.values}


def current_offer(request: Request, case_id: int) -> dict[str, Any] | None:
    """The undo offered for the case, while it lasts (None otherwise)."""
    kept = request.session.get(_SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("case") != case_id:
        return None
    if web(request).ctx.now() >= datetime.fromisoformat(str(kept["until"])):
        request.session.pop(_SESSION_KEY, None)
        return None
    return kept




def forget(request: Request) -> None:
    """Withdraw the offer (it was used, or can no longer be)."""
    request.session.pop(_SESSION_KEY, None)
