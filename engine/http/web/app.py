"""The application factory: routes by user kind, sessions, CSRF, headers, error pages."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi_csrf_protect.exceptions import CsrfProtectError
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.errors import NotFoundError, first_line
from engine.http.web.auth import (
    ChoosePassword,
    NotSignedIn,
    UnknownProxyAccount,
    WrongRole,
    current_person,
)
from engine.http.web.security import Csrf, SecurityHeaders
from engine.http.web.settings import WebSettings
from engine.http.web.state import WebState, render, text, web
from engine.service.shared.context import Context

SESSION_COOKIE = "stegvis_session"
_log = logging.getLogger("stegvis.web")


def create_app(ctx: Context, settings: WebSettings) -> FastAPI:
    """The web application on ``ctx``'s database and clock."""
    from engine.http.web import (
        admin,
        admin_dry_run,
        admin_editor,
        admin_migration,
        admin_versions,
        api,
        auth,
        board,
        board_archive,
        board_budget,
        board_produce,
        board_tasks,
        case_actions,
        case_records,
        case_routes,
        case_undo,
        citizen,
        coordinator,
        enrol,
        moving_in,
        own_password,
        participant_contact,
        sign_in_code,
        system,
    )

    state = WebState(ctx, settings, Csrf(settings.secret_key, settings.secure_cookies))

    async def csrf_guard(request: Request) -> None:
        await web(request).csrf.check(request)

    app = FastAPI(title="Stegvis", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", dependencies=[Depends(csrf_guard)])
    app.state.web = state
    for module in (auth, own_password, sign_in_code, coordinator, case_routes, case_actions,
                   case_records, case_undo, participant_contact, enrol, citizen, admin,
                   admin_editor, admin_versions, admin_migration, admin_dry_run, moving_in, board,
                   board_archive, board_tasks, board_produce, board_budget, system, api):
        app.include_router(module.router)
    app.mount("/static", state.assets, name="static")
    # Innermost (inside the session, which its error page reads): see _OneLineErrors.
    app.add_middleware(_OneLineErrors)
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key,
                       session_cookie=SESSION_COOKIE, max_age=settings.session_hours * 3600,
                       same_site="lax", https_only=settings.secure_cookies)
    app.add_middleware(SecurityHeaders, secure=settings.secure_cookies)
    _error_pages(app)
    return app


def _error(request: Request, status: int, title: str, message: str) -> Response:
    try:
        current_person(request)
    except UnknownProxyAccount:
        request.state.person = None
    if request.url.path.startswith("/api/"):
        from fastapi.responses import JSONResponse
        return JSONResponse({"error": text(request, title)}, status_code=status)
    return render(request, "error.html", {"title": text(request, title),
                                          "message": text(request, message)}, status=status)


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = (f"/login?next={quote(target)}" if request.method == "GET" and target != "/"
               else "/login")
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": url})
        if request.url.path.startswith("/api/"):
            return _error(request, 401, "Du behöver logga in.", "")
        return RedirectResponse(url, status_code=303)

    @app.exception_handler(ChoosePassword)
    async def choose_password(request: Request, _exc: ChoosePassword) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/password"})
        if request.url.path.startswith("/api/"):
            return _error(request, 403, "Välj ett eget lösenord först.", "")
        return RedirectResponse("/password", status_code=303)

    @app.exception_handler(WrongRole)
    async def wrong_role(request: Request, _exc: WrongRole) -> Response:
        return _error(request, 403, "Sidan är inte till för din roll.",
                      "Gå tillbaka till din startsida.")

    @app.exception_handler(UnknownProxyAccount)
    async def unknown_account(request: Request, exc: UnknownProxyAccount) -> Response:
        _log.warning("the proxy signed in %r, who has no enabled account", str(exc))
        request.state.person = None
        return _error(request, 403, "Ditt konto finns inte i Stegvis.",
                      "Be en systemadministratör att lägga upp det.")

    @app.exception_handler(CsrfProtectError)
    async def csrf_refused(request: Request, _exc: CsrfProtectError) -> Response:
        return _error(request, 403, "Formuläret har gått ut.",
                      "Ladda om sidan och skicka igen. (Skyddet mot förfalskade formulär "
                      "godtog inte det här.)")

    @app.exception_handler(ValidationError)
    async def unreadable(request: Request, _exc: ValidationError) -> Response:
        # fastapi-csrf-protect's body parser fails this way on a body without a token.
        return await csrf_refused(request, CsrfProtectError(403, "unreadable"))

    @app.exception_handler(RequestValidationError)
    async def invalid_form(request: Request, _exc: RequestValidationError) -> Response:
        return _error(request, 422, "Formuläret kunde inte läsas.",
                      "Något fält saknas eller är för långt. Gå tillbaka och försök igen.")

    @app.exception_handler(NotFoundError)
    async def engine_not_found(request: Request, _exc: NotFoundError) -> Response:
        return _error(request, 404, "Sidan finns inte.", "Kontrollera adressen.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, "Sidan finns inte.", "Kontrollera adressen.")
        if exc.status_code == 405:
            return _error(request, 405, "Det går inte att göra så här.",
                          "Gå tillbaka och använd knapparna på sidan.")
        return _error(request, exc.status_code, "Något gick fel.", "")



class _OneLineErrors:
    """A request that fails unexpectedly: one line in the log, the error page to the
    person, and nothing else.

    Not an exception handler for ``Exception``: Starlette calls that one from its
    outermost middleware and then raises the exception again, so the server wrote a full
    traceback beside the line (the traceback only with logging at DEBUG).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            request = Request(scope, receive)
            _log.error("%s %s failed: %s: %s", request.method, request.url.path,
                       type(exc).__name__, first_line(exc)[:300],
                       exc_info=_log.isEnabledFor(logging.DEBUG))
            if started:
                return  # the page was on its way: nothing more can be said
            try:
                response = _error(request, 500, "Något gick fel i Stegvis.",
                                  "Inget av det du skrev har sparats. Försök igen om en "
                                  "stund; om felet kvarstår, kontakta systemadministratören.")
            except Exception:  # the page itself needs what failed (the database)
                response = Response("Något gick fel i Stegvis.\n", status_code=500,
                                    media_type="text/plain; charset=utf-8")
            await response(scope, receive, send)
