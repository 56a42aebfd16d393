"""The case page's record forms: an extension decision, survey answers, an assessment,
the placement form, the type case, and the identity number given with consent.

Each works like the other case actions (:func:`engine.http.web.case_actions.act`):
stored and back to the case page, or the page again with the refusal beside the form
and what was typed kept.  The one exception is the identity number: it is never put
back into a page (only the consent date is kept), so a refused number must be typed
again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from engine.dates.durations import Duration
from engine.http.web.case_actions import Short, Text, act, form_day
from engine.http.web.case_routes import CaseId, OwnCoordinator
from engine.http.web.refusals import refusal
from engine.http.web.undo_offer import Done, done
from engine.inputs.numbers import is_whole_number
from engine.service.cases import operations, records
from engine.service.cases.caseload import case_spec
from engine.service.shared.context import Context
from engine.store.tables import ExtensionRequestRow

router = APIRouter(include_in_schema=False)
#: At most this many answers in one survey form (a survey is a page of questions), each
#: at most this long (the service says so when a text answer is longer than it takes).
MAX_ANSWERS = 100
MAX_ANSWER = 4000


@router.post("/cases/{case_id}/extensions/{request_id}/decide")
def decide_extension(request: Request, case_id: CaseId, request_id: CaseId,
                     person: OwnCoordinator, decision: Short = "", on: Short = "",
                     note: Text = "") -> Response:
    """Record the decision on an extension request, taken by the role the definition
    names for its length (the coordinator records it; the audit log says who)."""
    typed = {"request": str(request_id), "decision": decision, "on": on, "note": note}

    def action(ctx: Context) -> Done:
        with ctx.transaction(read_only=True) as session:
            asked = session.get(ExtensionRequestRow, request_id)
        if asked is None or asked.case_id != case_id:
            raise HTTPException(404)
        if decision not in ("approve", "reject"):
            raise refusal(request, "Välj om förlängningen beviljas eller avslås.")
        operations.decide_extension(ctx, request_id, decision == "approve", person.name,
                                    asked.approver_role, on=form_day(on, "decision date"),
                                    note=note)
        length = Duration.parse(asked.length).swedish()
        if decision == "approve":
            return done("Förlängningen med {length} är beviljad.", length=length)
        return done("Förlängningen med {length} är avslagen.", length=length)
    return act(request, person, case_id, "decide", typed, action, "extension")


@router.post("/cases/{case_id}/survey")
async def survey(request: Request, case_id: CaseId, person: OwnCoordinator,
                 survey: Short = "", on: Short = "") -> Response:
    """Record a survey's answers, one field per question of the definition (``q-<id>``);
    completes its open obligation."""
    form = await request.form()
    given = {name.removeprefix("q-"): str(value)[:MAX_ANSWER]
             for name, value in form.multi_items()
             if name.startswith("q-") and isinstance(value, str)}
    if len(given) > MAX_ANSWERS:
        given = dict(list(given.items())[:MAX_ANSWERS])
    typed = {"survey": survey, "answers": given, "on": on}

    def action(ctx: Context) -> Done:
        if not survey:
            raise refusal(request, "Välj vilken enkät svaren hör till.")
        records.record_survey(ctx, case_id, survey, given, person.name,
                              on=form_day(on, "answer date"))
        return done("Svaren på ”{name}” är sparade.",
                    name=next(t.name for t in case_spec(ctx, case_id).tasks if t.id == survey))
    return await run_in_threadpool(act, request, person, case_id, f"survey-{survey}", typed,
                                   action, "records")


@router.post("/cases/{case_id}/assessment")
def assessment(request: Request, case_id: CaseId, person: OwnCoordinator,
               capacity: Short = "", need_level: Short = "", on: Short = "") -> Response:
    """Record an activity-capacity assessment (and the need level it gives)."""
    typed = {"capacity": capacity, "need_level": need_level, "on": on}

    def action(ctx: Context) -> Done:
        value = capacity.strip()
        if not is_whole_number(value, low=-999_999, high=999_999):
            raise refusal(request, "Välj aktivitetsförmågan på programmets skala.")
        records.record_assessment(ctx, case_id, int(value), person.name,
                                  on=form_day(on, "assessment date"),
                                  need_level=need_level or None)
        return done("Bedömningen är sparad: aktivitetsförmåga {value}.", value=int(value))
    return act(request, person, case_id, "assessment", typed, action, "records")


@router.post("/cases/{case_id}/placement")
def placement(request: Request, case_id: CaseId, person: OwnCoordinator,
              form: Short = "") -> Response:
    """Record the placement form chosen after the assessment."""
    def action(ctx: Context) -> Done:
        if not form:
            raise refusal(request, "Välj en placeringsform.")
        records.set_placement_form(ctx, case_id, form, person.name)
        return done("Placeringsformen är sparad: {name}.",
                    name=dict(case_spec(ctx, case_id).placement_forms)[form])
    return act(request, person, case_id, "placement", {"form": form}, action, "records")


@router.post("/cases/{case_id}/type-case")
def type_case(request: Request, case_id: CaseId, person: OwnCoordinator,
              type_case: Short = "") -> Response:
    """Assign the case a type case (typfall)."""
    def action(ctx: Context) -> Done:
        if not type_case:
            raise refusal(request, "Välj ett typfall.")
        records.set_type_case(ctx, case_id, type_case, person.name)
        return done("Typfallet är sparat: {name}.",
                    name=dict(case_spec(ctx, case_id).type_cases)[type_case])
    return act(request, person, case_id, "type_case", {"type_case": type_case}, action,
               "records")


@router.post("/cases/{case_id}/identity-number")
def identity_number(request: Request, case_id: CaseId, person: OwnCoordinator,
                    number: Annotated[str, Form(max_length=20)] = "",
                    consent_on: Short = "") -> Response:
    """Store the participant's identity number with the date they consented."""
    def action(ctx: Context) -> Done:
        if not number.strip():
            raise refusal(request, "Skriv personnumret eller samordningsnumret.")
        consent = form_day(consent_on, "consent date")
        if consent is None:
            raise refusal(request, "Ange datumet då deltagaren samtyckte; utan "
                                           "samtycke sparas inget personnummer.")
        records.record_identity_number(ctx, case_id, number, consent, person.name)
        return done("Personnumret är sparat med samtycket.")
    # The number itself is never kept in what the page shows again.
    return act(request, person, case_id, "identity", {"consent_on": consent_on}, action,
               "records")
