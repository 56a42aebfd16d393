"""The JSON endpoints (described at /api/openapi.json): health, and the coordinator's
inbox for programs that want it as data.  The pages themselves are HTML."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from engine.http.web.auth import Person, signed_in
from engine.http.web.state import web
from engine.service.cases.caseload import inbox
from engine.service.people.access_log import record_access

router = APIRouter(prefix="/api", tags=["api"])


class Health(BaseModel):
    """The server answers and reaches its database."""

    status: str
    today: date


class InboxEntry(BaseModel):
    """One open obligation of the signed-in coordinator's caseload."""

    case_id: int
    participant_key: str
    programme_id: str
    name: str
    kind: str
    due_on: date
    stage: str


@router.get("/health")
def health(request: Request) -> Health:
    """200 while the server can read its database."""
    ctx = web(request).ctx
    from sqlalchemy import text
    with ctx.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return Health(status="ok", today=ctx.today())


@router.get("/inbox")
def inbox_json(request: Request, person: Annotated[Person, Depends(signed_in("coordinator"))],
               days: Annotated[int, Query(ge=1, le=90)] = 14) -> list[InboxEntry]:
    """The signed-in coordinator's inbox: overdue, due today, due within ``days``."""
    ctx = web(request).ctx
    items = inbox(ctx, person.name, ctx.today(), soon_days=days)
    record_access(ctx, person.name, person.role, "inkorg (json)", [i.case_id for i in items])
    return [InboxEntry(case_id=i.case_id, participant_key=i.participant_key,
                       programme_id=i.programme_id, name=i.name, kind=i.kind, due_on=i.due_on,
                       stage=i.stage) for i in items]
