"""Who is asking: a signed session, a header from the trusted proxy, or a sign-in link.

Three ways in, checked on every request:

* **Local accounts**: name and password (argon2id); the session is a signed cookie
  (HttpOnly, SameSite=Lax, Secure when configured) holding the account id, the
  account's session epoch and when it signed in and was last seen.  It ends after
  ``idle_minutes`` without a request, ``session_hours`` after signing in, when the
  person signs out (everywhere: the epoch is raised) or the account is disabled.
* **The municipality's identity provider**, through a reverse proxy that signs people
  in (SAML or OIDC) and names them in ``trusted_header``; believed only from the
  addresses in ``trusted_proxies`` (docs/web.md has an oauth2-proxy example).  The
  name must be an enabled Stegvis account: the proxy says who, Stegvis says what they
  may do.  E-legitimation (BankID, Freja) for citizens plugs in here too, through an
  identity provider that maps the person to their account (see docs/web.md).
* **A personal sign-in link** for one case, made and revoked by the coordinator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from engine.http.web.state import LANGUAGE_COOKIE, flash, render, text, web
from engine.service.people import accounts, sign_in_links
from engine.service.people.access_log import PARTICIPANT_LINK
from engine.service.people.accounts import Account, SignInRefused

Via = Literal["password", "proxy", "link"]
HOME = {"coordinator": "/inbox", "citizen": "/my-plan", "programme-admin": "/admin/definitions",
        "reader": "/board", "system-admin": "/system/access-log"}


@dataclass(frozen=True, slots=True)
class Person:
    """The signed-in person, as every page sees them."""

    name: str
    role: str
    via: Via
    display_name: str = ""
    programme_id: str = ""
    participant_key: str = ""
    account_id: int | None = None
    #: The one case a sign-in link opens.
    link_case_id: int | None = None
    #: Signed in with a one-time password an administrator gave: no page opens until
    #: the person has chosen their own (/password).
    must_choose_password: bool = False

    @property
    def label(self) -> str:
        """How the page names them."""
        return self.display_name or self.name

    @property
    def home(self) -> str:
        """The page they start on."""
        return HOME[self.role]


_UNKNOWN = object()


class NotSignedIn(Exception):
    """The page needs a signed-in person (answered with the sign-in page)."""


class WrongRole(Exception):
    """The page is not for this person's role (403; cases answer 404 instead)."""


class ChoosePassword(Exception):
    """The person signed in with a one-time password and must choose their own first."""


class UnknownProxyAccount(Exception):
    """The proxy named someone who has no enabled Stegvis account."""


def _person(account: Account, via: Via) -> Person:
    return Person(account.name, account.role, via, account.display_name,
                  account.programme_id, account.participant_key, account.id,
                  must_choose_password=via == "password" and account.password_one_time)


def current_person(request: Request) -> Person | None:
    """The person behind the request, or None; the session is ended when it ran out."""
    known = getattr(request.state, "person", _UNKNOWN)
    if known is not _UNKNOWN:
        return known if isinstance(known, Person) else None
    request.state.person = person = _resolve(request)
    return person


def _resolve(request: Request) -> Person | None:
    shared = web(request)
    settings, ctx = shared.settings, shared.ctx
    if settings.trusted_header:
        named = request.headers.get(settings.trusted_header, "").strip()
        peer = request.client.host if request.client else ""
        if named and peer in settings.trusted_proxies:
            account = accounts.account_by_name(ctx, named)
            if account is None:
                raise UnknownProxyAccount(named)
            return _person(account, "proxy")
    session = request.session
    if not session:
        return None
    now = ctx.now().timestamp()
    started, seen = float(session.get("at", 0)), float(session.get("seen", 0))
    if now - seen > settings.idle_minutes * 60 or now - started > settings.session_hours * 3600:
        session.clear()
        flash(request, "Du har loggats ut eftersom det gått en stund sedan du senast gjorde "
                       "något. Logga in igen.", "warning")
        return None
    person: Person | None = None
    if "uid" in session:
        account = accounts.account_by_id(ctx, int(session["uid"]))
        if account is not None and account.session_epoch == session.get("epoch"):
            person = _person(account, "password")
    elif "link" in session:
        link = sign_in_links.working_link(ctx, int(session["link"]))
        if link is not None:
            person = Person(f"{PARTICIPANT_LINK}{link.id}", "citizen", "link",
                            link_case_id=link.case_id)
    if person is None:
        session.clear()
        return None
    session["seen"] = now
    return person


def signed_in(*roles: str) -> Callable[[Request], Person]:
    """A dependency: the signed-in person, who must have one of ``roles`` (any if none)."""
    def dependency(request: Request) -> Person:
        person = current_person(request)
        if person is None:
            raise NotSignedIn
        if person.must_choose_password:
            raise ChoosePassword
        if roles and person.role not in roles:
            raise WrongRole
        return person
    return dependency


def coordinator_or_not_found(request: Request) -> Person:
    """A dependency for case pages: only a coordinator; anyone else gets 404, not 403,
    so that readers and others cannot even learn which case numbers exist."""
    person = current_person(request)
    if person is None:
        raise NotSignedIn
    if person.must_choose_password:
        raise ChoosePassword
    if person.role != "coordinator":
        raise HTTPException(404)
    return person


def _start_session(request: Request, **values: object) -> None:
    now = web(request).ctx.now().timestamp()
    request.session.clear()  # nothing from before signing in carries over
    request.session.update({**values, "at": now, "seen": now})


def start_password_session(request: Request, account: Account) -> None:
    """Sign the browser in as ``account`` (after its password was checked or chosen)."""
    _start_session(request, uid=account.id, epoch=account.session_epoch)


def start_link_session(request: Request, link_id: int) -> None:
    """Sign the browser in with a sign-in link (by its address or its short code)."""
    _start_session(request, link=link_id)


def _local_target(target: str | None, fallback: str) -> str:
    """Only paths on this site (never ``//host`` or a scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return fallback


router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    """The signed-in person's first page, else the sign-in page."""
    person = current_person(request)
    return RedirectResponse(person.home if person else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    """The sign-in form."""
    person = current_person(request)
    if person is not None:
        return RedirectResponse(_local_target(next, person.home), status_code=303)
    return render(request, "login.html", {"next": next, "name": "", "error": None})


@router.post("/login")
def login(request: Request, name: Annotated[str, Form(max_length=64)] = "",
          password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)] = "",
          next: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Check the name and password; the same answer whatever was wrong."""
    shared = web(request)
    try:
        account = accounts.sign_in(shared.ctx, name.strip(), password, shared.settings.hasher)
    except SignInRefused:
        return render(request, "login.html", {
            "next": next, "name": name,
            "error": text(request, "Inloggningen misslyckades. Kontrollera namn och lösenord. "
                                   "Efter {n} misslyckade försök i rad låses kontot i {m} "
                                   "minuter.", n=accounts.MAX_FAILED_SIGN_INS,
                          m=accounts.LOCK_MINUTES)}, status=401)
    _start_session(request, uid=account.id, epoch=account.session_epoch)
    return RedirectResponse(_local_target(next, HOME[account.role]), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """Sign out everywhere (sessions on other devices end too)."""
    shared = web(request)
    person = current_person(request)
    if person is not None and person.account_id is not None and person.via == "password":
        accounts.end_sessions(shared.ctx, person.account_id)
    request.session.clear()
    if person is not None and person.via == "proxy" and shared.settings.logout_url:
        return RedirectResponse(shared.settings.logout_url, status_code=303)
    flash(request, "Du är utloggad.")
    return RedirectResponse("/login", status_code=303)


@router.get("/in/{token}")
def link_page(request: Request, token: str) -> Response:
    """A sign-in link's page: one button, so that a mail scanner opening it signs no one in.
    The page's own requests (its style sheet) carry no Referer with the token in it."""
    return render(request, "link.html", {"token": token},
                  headers={"Referrer-Policy": "no-referrer"})


@router.post("/in/{token}")
def link_sign_in(request: Request, token: str) -> Response:
    """Open the plan the link is for, if it still works."""
    link = sign_in_links.use_token(web(request).ctx, token)
    if link is None:
        return render(request, "link_gone.html", status=404)
    _start_session(request, link=link.id)
    return RedirectResponse("/my-plan", status_code=303)


@router.get("/language/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    """Switch the pages to Swedish or English (a cookie for a year)."""
    from engine.http.web.i18n import checked_language
    response = RedirectResponse(_local_target(next, "/"), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, checked_language(code), max_age=365 * 24 * 3600,
                        httponly=True, samesite="lax", secure=web(request).settings.secure_cookies)
    return response

