"""Enrolling a participant: a form built from the programme's eligibility rules.

"Check" shows every criterion, met or not, with its reason, and stores nothing;
"Enrol" stores the case only when every criterion is met (the service decides, and
refuses with every failed criterion).  Capacity, quotas and the waiting list apply as
the definition says.  The identity number is not taken here (only through the command
line, with consent): a coordinator can enrol with the pseudonymous key alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from engine.dates.bounds import parse_day
from engine.definitions.income import income_name
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, NotEligibleError, Notice, RefusedError
from engine.http.web.auth import Person, signed_in
from engine.http.web.case_actions import without_identity_numbers
from engine.http.web.definitions import valid_specs
from engine.http.web.i18n import day_text
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import flash, language, render, text, web
from engine.http.web.words import GENDER
from engine.inputs.numbers import is_whole_number
from engine.rules.eligibility import (
    age_on,
    counted_party_names,
    eligibility_failures,
    party_names,
)
from engine.service.cases.enrolment import EnrolmentRequest, checked_person, enrol, person_facts

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[Person, Depends(signed_in("coordinator"))]
Short = Annotated[str, Form(max_length=200)]
Many = Annotated[list[str], Form(max_length=100)]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One eligibility criterion as the form shows it."""

    id: str
    label: str
    met: bool | None  # None: not checked yet
    reason: str = ""


def _open_specs(request: Request) -> dict[str, ProgrammeSpec]:
    ctx = web(request).ctx
    return {k: s for k, s in valid_specs(ctx).items()
            if s.accepts_enrolment_on(ctx.today())}


@router.get("/enrol")
def choose_programme(request: Request, person: Coordinator) -> Response:
    """Which programme to enrol in (those that take participants today)."""
    return render(request, "enrol_choose.html", {"specs": list(_open_specs(request).values())})


def _spec(request: Request, programme: str) -> ProgrammeSpec:
    spec = _open_specs(request).get(programme)
    if spec is None:
        raise HTTPException(404)
    return spec


def _labels(request: Request, spec: ProgrammeSpec) -> list[tuple[str, str]]:
    """(criterion id, plain label) of every criterion the programme has."""
    rules = spec.eligibility
    out = []
    if rules.age_min is not None and rules.age_max is not None:
        out.append(("age", text(request, "Ålder {low}–{high} år", low=rules.age_min,
                                high=rules.age_max)))
    if rules.residence:
        out.append(("residence", text(request, "Folkbokförd i {places}",
                                      places=", ".join(rules.residence))))
    if rules.min_parties is not None and rules.counted_parties:
        out.append(("min_parties", text(request, "Aktuell hos minst {n} av {parties}",
                                        n=rules.min_parties,
                                        parties=", ".join(counted_party_names(spec)))))
    elif rules.min_parties is not None:
        out.append(("min_parties", text(request, "Aktuell hos minst {n} av parterna",
                                        n=rules.min_parties)))
    if rules.consent_required:
        out.append(("consent", text(request, "Deltagaren har samtyckt till att delta")))
    if rules.income_support_from_referring_party:
        out.append(("income_support",
                    text(request, "Försörjningen kommer från någon av de anvisande parterna")))
    out.extend((c.id, c.text.rstrip(".")) for c in rules.criteria)
    out.extend((x.id, text(request, "Inte: {what}", what=x.text.rstrip("."))) for x in
               rules.exclusions)
    return out


def _why(request: Request, spec: ProgrammeSpec, criterion: str, facts: dict[str, Any],
         on: date) -> str:
    """Why a built-in criterion failed, in the reader's language."""
    when = day_text(on, language(request))
    if criterion == "age":
        born = facts.get("birth_on")
        if isinstance(born, date):
            return text(request, "{age} år den {on}", age=age_on(on, born), on=when)
        older = on.year - int(facts["birth_year"])
        return text(request, "född {year}: {young} eller {old} år den {on}; ange "
                             "födelsedatum om det avgör", year=facts["birth_year"],
                    young=older - 1, old=older, on=when)
    if criterion == "residence":
        if facts["municipality"] == "annan":
            return text(request, "folkbokförd i en annan kommun")
        return text(request, "folkbokförd i {place}", place=facts["municipality"])
    if criterion == "min_parties":
        return _parties_why(request, spec, facts)
    if criterion == "consent":
        given = facts.get("consent_on")
        if not isinstance(given, date):
            return text(request, "ange vilken dag deltagaren samtyckte; programmet kräver "
                                 "samtycke")
        return text(request, "samtycket är från {consent}, efter inskrivningen {on}; "
                             "deltagaren samtycker först och skrivs sedan in",
                    consent=day_text(given, language(request)), on=when)
    if criterion == "income_support":
        return text(request, "försörjningen kommer inte från en anvisande part")
    for c in spec.eligibility.criteria:
        if c.id == criterion:
            return text(request, "inte intygat") + (f" – {c.reason}" if c.reason else "")
    for x in spec.eligibility.exclusions:
        if x.id == criterion:
            return x.reason
    return ""


def _parties_why(request: Request, spec: ProgrammeSpec, facts: dict[str, Any]) -> str:
    """Why "known to at least N parties" failed, naming the parties (issue 25)."""
    named = facts.get("active_parties")
    if named is None:
        if spec.eligibility.counted_parties:
            return text(request, "markera hos vilka av parterna personen är aktuell")
        if facts.get("parties_active") is None:
            return text(request, "ange hos hur många parter personen är aktuell")
        return text(request, "aktuell hos {n}", n=facts["parties_active"])
    counted = spec.eligibility.counted_parties
    at = party_names(spec, [p for p in named if not counted or p in counted])
    if not at:
        return text(request, "aktuell hos ingen av dem")
    return text(request, "aktuell bara hos {parties}", parties=", ".join(at))


def _criteria(request: Request, spec: ProgrammeSpec, failures: dict[str, str] | None,
              facts: dict[str, Any], on: date) -> list[Criterion]:
    return [Criterion(ident, label, None if failures is None else ident not in failures,
                      _why(request, spec, ident, facts, on)
                      if failures is not None and ident in failures else "")
            for ident, label in _labels(request, spec)]


def _form_page(request: Request, spec: ProgrammeSpec, typed: dict[str, Any],
               criteria: list[Criterion], error: str | None = None,
               checked: bool = False, status: int = 200) -> Response:
    typed = without_identity_numbers(typed)
    return render(request, "enrol.html", {
        "spec": spec, "typed": typed, "criteria": criteria, "error": error,
        "checked": checked, "genders": GENDER,
        "incomes": [(k, income_name(k, language(request)))
                    for k in spec.income_support.offered("start")],
        "parties": [p.name for p in spec.parties],
        "counted": [(p.id, p.name) for p in spec.parties
                    if p.id in spec.eligibility.counted_parties]}, status=status)


@router.get("/enrol/{programme}")
def enrol_form(request: Request, programme: str, person: Coordinator) -> Response:
    """The enrolment form of one programme, every criterion listed."""
    spec = _spec(request, programme)
    today = web(request).ctx.today()
    return _form_page(request, spec, {"on": today.isoformat()},
                      _criteria(request, spec, None, {}, today))


@router.post("/enrol/{programme}")
def enrol_submit(request: Request, programme: str, person: Coordinator,
                 step: Short = "check", participant_key: Short = "", gender: Short = "",
                 birth_year: Short = "", birth_on: Short = "", municipality: Short = "",
                 on: Short = "", referring_party: Short = "", parties_active: Short = "",
                 active_parties: Many = [], consent_on: Short = "",  # noqa: B006
                 income_support: Short = "", attested: Many = [],  # noqa: B006
                 exclusions: Many = [], track: Short = "",  # noqa: B006
                 type_case: Short = "", income_at_start: Short = "") -> Response:
    """Check eligibility (nothing stored), or enrol when every criterion is met."""
    spec = _spec(request, programme)
    ctx = web(request).ctx
    typed: dict[str, Any] = {
        "participant_key": participant_key, "gender": gender, "birth_year": birth_year,
        "birth_on": birth_on, "municipality": municipality, "on": on,
        "referring_party": referring_party, "parties_active": parties_active,
        "active_parties": active_parties, "consent_on": consent_on,
        "income_support": income_support, "attested": attested, "exclusions": exclusions,
        "track": track, "type_case": type_case, "income_at_start": income_at_start}
    no_criteria = _criteria(request, spec, None, {}, ctx.today())
    try:
        request_ = EnrolmentRequest(
            programme=spec.id, participant_key=participant_key.strip(), gender=gender,
            birth_year=_whole(request, birth_year, text(request, "Födelseår")),
            municipality=municipality.strip(), coordinator=person.name,
            on=_date(request, on, text(request, "Inskrivningsdatum")),
            birth_on=_date(request, birth_on, text(request, "Födelsedatum")),
            referring_party=referring_party.strip() or None,
            parties_active=(_whole(request, parties_active, text(request, "Antal parter"))
                            if parties_active.strip() else None),
            active_parties=(tuple(active_parties) if active_parties
                            or spec.eligibility.counted_parties else None),
            consent_on=_date(request, consent_on, text(request, "Samtycke till att delta")),
            income_support_from_referring_party=(income_support == "yes"
                                                 if spec.eligibility
                                                 .income_support_from_referring_party
                                                 else None),
            attested=tuple(attested), exclusions=tuple(exclusions), track=track or None,
            type_case=type_case or None, income_at_start=income_at_start or None)
        day = request_.on or ctx.today()
        born, _ = checked_person(request_, day, ctx.today(), spec)
    except InputError as bad:
        return _form_page(request, spec, typed, no_criteria,
                          error=refusal_text(language(request), bad), status=422)
    facts = {"birth_on": born, "birth_year": request_.birth_year,
             "municipality": request_.municipality, "parties_active": request_.parties_active,
             "active_parties": request_.active_parties, "consent_on": request_.consent_on}
    failures = dict(eligibility_failures(spec, person_facts(request_, born, spec), day))
    criteria = _criteria(request, spec, failures, facts, day)
    if step != "enrol" or failures:
        return _form_page(request, spec, typed, criteria, checked=True,
                          status=422 if step == "enrol" else 200)
    try:
        result = enrol(ctx, request_, person.name)
    except NotEligibleError as refused:
        criteria = _criteria(request, spec, dict(refused.failures), facts, day)
        return _form_page(request, spec, typed, criteria, checked=True, status=422)
    except (InputError, RefusedError) as refused:
        return _form_page(request, spec, typed, criteria,
                          error=refusal_text(language(request), refused), checked=True,
                          status=409 if isinstance(refused, RefusedError) else 422)
    if result.status == "waiting":
        flash(request, "Programmet är fullt: deltagaren står på väntelistan.", "warning")
    for warning in result.warnings:
        if isinstance(warning, Notice) and warning.kind == "waiting_list":
            continue  # said by the message above
        flash(request, "Att notera: {warning}", "warning",
              warning=refusal_text(language(request), warning)
              if isinstance(warning, Notice) else warning)
    flash(request, "{key} är inskriven i {programme}.", key=request_.participant_key,
          programme=spec.name)
    return RedirectResponse(f"/cases/{result.case_id}", status_code=303)


def _whole(request: Request, value: str, what: str) -> int:
    if not is_whole_number(value):
        raise refusal(request, "{what}: skriv ett heltal", what=what)
    return int(value)


def _date(request: Request, value: str, what: str) -> date | None:
    if not value.strip():
        return None
    try:
        return parse_day(value, what=what)
    except InputError as exc:
        if exc.kind == "date_out_of_range":
            raise refusal(request, "{what}: datumet ligger utanför de datum Stegvis arbetar "
                                   "med (1900–2199)", what=what) from None
        raise refusal(request, "{what}: skriv datumet ÅÅÅÅ-MM-DD", what=what) from None
