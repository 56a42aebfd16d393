"""The system administrator's pages: the accounts and the access log.

Accounts are added, given another role, disabled, enabled, unlocked and given a new
password here with the functions ``stegvis user …`` calls
(:mod:`engine.service.people.accounts`), so both follow the same rules and refuse the
same things.  A password the administrator sets is a one-time password: shown once on
the page that answers the form (never in a redirect, a cookie or the log), and the
person chooses their own at the first sign-in.

The access log names people by their display name (a participant's personal link as
"deltagarlänk", never ``link:1``), fifty entries a page, narrowed by person, page,
case and a date range; migration 0021's indexes keep each of those fast on a large log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import InputError, NotFoundError, StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import flash, language, render, text, web
from engine.http.web.words import ACCESS_PAGES, ACCESS_ROLE, ACCOUNT_CHANGES, ROLE
from engine.inputs.numbers import is_whole_number
from engine.service.people import accounts
from engine.service.people.access_log import PARTICIPANT_LINK, AccessFilter, access_entries
from engine.service.shared.published import published_programmes

router = APIRouter(include_in_schema=False)
SystemAdmin = Annotated[Person, Depends(signed_in("system-admin"))]
#: Entries on one page of the access log.
PAGE = 50
#: The roles an administrator gives in the web (a citizen's account belongs to a
#: participant and is made with their key: ``stegvis user add --participant``).
WEB_ROLES = tuple(role for role in ROLE if role != "citizen")
Short = Annotated[str, Query(max_length=64)]
Word = Annotated[str, Form(max_length=64)]
Field = Annotated[str, Form(max_length=254)]


def _programmes(request: Request) -> dict[str, str]:
    return {p.spec.id: p.spec.name for p in published_programmes(web(request).ctx)}


def _day(request: Request, given: str, what: str) -> date | None:
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise InputError(f"{what}: {given!r} is not a date (YYYY-MM-DD)", kind="not_a_date",
                         what=text(request, what), value=given) from None


@router.get("/system/access-log")
def access_log(request: Request, person: SystemAdmin, case: Annotated[str, Query(
                   max_length=12)] = "", user: Short = "", what: Short = "",
               since: Annotated[str, Query(max_length=10)] = "",
               until: Annotated[str, Query(max_length=10)] = "",
               older: Annotated[str, Query(max_length=20)] = "") -> Response:
    """Who saw which case, when, newest first, a page at a time; narrowed by person,
    page, case and dates."""
    ctx = web(request).ctx
    # A filter that is no case id (``²``, 20 digits) matches no case rather than all.
    case_id = None if not case.strip() else \
        int(case) if is_whole_number(case, low=1) else 0
    problem, entries = None, []
    try:
        which = AccessFilter(
            case_id, user.strip() or None, PAGE + 1, what or None,
            _day(request, since.strip(), "Från"), _day(request, until.strip(), "Till"),
            int(older) if is_whole_number(older, low=1) else None)
        entries = access_entries(ctx, which)
    except StegvisError as exc:
        problem = refusal_text(language(request), exc)
    people = [(u["name"], u["display_name"] or u["name"]) for u in accounts.list_users(ctx)
              if u["role"] != "citizen"]
    filters = {"case": case, "user": user, "what": what, "since": since, "until": until}
    programmes = _programmes(request)
    entries = [{**e, "detail": _detail(e["detail"], programmes)} for e in entries]
    return render(request, "system_access_log.html", {
        "entries": entries[:PAGE], "more": len(entries) > PAGE, "older": older,
        "filters": filters, "kept": urlencode({k: v for k, v in filters.items() if v}),
        "problem": problem, "people": people,
        "participant_link": PARTICIPANT_LINK, "pages": ACCESS_PAGES, "roles": ACCESS_ROLE},
        status=422 if problem else 200)


def _detail(detail: str, programmes: dict[str, str]) -> str:
    """An entry's detail with a programme named by its name (the case page writes the
    programme's id, the report archive ``id: file (version n)``)."""
    programme, colon, rest = detail.partition(": ")
    if detail in programmes:
        return programmes[detail]
    return f"{programmes[programme]}: {rest}" if colon and programme in programmes else detail


def _users_page(request: Request, status: int = 200, **values: Any) -> Response:
    given = {"name": "", "display_name": "", "role": "coordinator", "programme": "",
             "email": "", "phone": ""}
    return render(request, "system_users.html", {
        "users": accounts.list_users(web(request).ctx), "changes": ACCOUNT_CHANGES,
        "roles": ROLE, "web_roles": WEB_ROLES, "programmes": _programmes(request),
        "given": given | values.pop("given", {}), "problem": None, **values}, status=status)


@router.get("/system/users")
def users(request: Request, person: SystemAdmin) -> Response:
    """Every account, with its role and whether it is disabled or locked; the form that
    adds one."""
    return _users_page(request)


@router.post("/system/users")
def add_user(request: Request, person: SystemAdmin, name: Annotated[str, Form(
                 max_length=64)] = "", role: Word = "", programme: Word = "",
             display_name: Annotated[str, Form(max_length=128)] = "", email: Field = "",
             phone: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Add an account with a one-time password, shown on the page that answers (once);
    a refusal keeps what was typed."""
    shared = web(request)
    password = accounts.one_time_password()
    try:
        if role == "citizen":
            raise refusal(request, "Ett deltagarkonto hör till en deltagare och läggs upp "
                                   "från deltagarens ärende, inte här.")
        account = accounts.add_user(shared.ctx, name.strip(), role, person.name,
                                    password=password, programme=programme,
                                    display_name=display_name, email=email, phone=phone,
                                    hasher=shared.settings.hasher, one_time=True)
    except StegvisError as exc:
        return _users_page(request, 422, problem=refusal_text(language(request), exc),
                           given={"name": name, "display_name": display_name, "role": role,
                                  "programme": programme, "email": email, "phone": phone})
    return _password_shown(request, account.name, account.display_name, password, added=True)


def _password_shown(request: Request, name: str, display_name: str, password: str,
                    added: bool) -> Response:
    """The one page that shows a one-time password: never cached, never stored."""
    return render(request, "system_password.html", {
        "name": name, "display_name": display_name, "password": password, "added": added},
        headers={"Cache-Control": "no-store"})


@router.get("/system/users/{name}")
def user_page(request: Request, name: str, person: SystemAdmin) -> Response:
    """One account: its role, its state, and what can be done to it."""
    found = [u for u in accounts.list_users(web(request).ctx) if u["name"] == name]
    if not found:
        raise NotFoundError(f"no account {name!r}", kind="no_account")
    return render(request, "system_user.html", {
        "u": found[0], "roles": ROLE, "web_roles": WEB_ROLES, "changes": ACCOUNT_CHANGES,
        "programmes": _programmes(request)})


@router.post("/system/users/{name}/role")
def change_role(request: Request, name: str, person: SystemAdmin, role: Word = "",
                programme: Word = "") -> Response:
    """Give the account another role (its sessions end)."""
    try:
        accounts.set_role(web(request).ctx, name, role, person.name, programme)
        flash(request, "{name} har nu rollen {role}.", name=name,
              role=text(request, ROLE.get(role, role)))
    except StegvisError as exc:
        flash(request, "Det gick inte: {problem}", "error",
              problem=refusal_text(language(request), exc))
    return RedirectResponse(f"/system/users/{name}", status_code=303)


@router.post("/system/users/{name}/password")
def reset_password(request: Request, name: str, person: SystemAdmin) -> Response:
    """A new one-time password for the account, shown once; its sessions end."""
    shared = web(request)
    password = accounts.one_time_password()
    try:
        if name == person.name:
            raise refusal(request, "Ditt eget lösenord byter du på sidan Byt lösenord.")
        accounts.set_password(shared.ctx, name, password, person.name,
                              shared.settings.hasher, one_time=True)
    except StegvisError as exc:
        flash(request, "Det gick inte: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/system/users/{name}", status_code=303)
    account = accounts.account_by_name(shared.ctx, name)
    return _password_shown(request, name, account.display_name if account else "", password,
                           added=False)


@router.post("/system/users/{name}/{change}")
def change_user(request: Request, name: str, change: str, person: SystemAdmin) -> Response:
    """Disable, enable or unlock an account."""
    ctx = web(request).ctx
    try:
        if change == "unlock":
            accounts.unlock(ctx, name, person.name)
        elif change in ("disable", "enable"):
            if name == person.name and change == "disable":
                raise refusal(request, "Du kan inte stänga av ditt eget konto.")
            accounts.set_disabled(ctx, name, change == "disable", person.name)
        else:
            raise refusal(request, "Det finns ingen sådan ändring.")
        flash(request, "Kontot {name} är ändrat.", name=name)
    except StegvisError as exc:
        flash(request, "Det gick inte: {problem}", "error",
              problem=refusal_text(language(request), exc))
    return RedirectResponse(f"/system/users/{name}", status_code=303)
