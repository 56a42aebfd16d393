"""Security headers on every answer, and CSRF protection of every form and htmx request.

CSRF uses fastapi-csrf-protect's *flexible* mode: a signed cookie holds the token, and
each unsafe request must carry the same token in the form field ``csrf-token`` (plain
forms, no JavaScript needed) or the ``X-CSRF-Token`` header (htmx sends it from the
``hx-headers`` attribute of ``<body>``).  One token serves all open tabs: it is kept as
long as its cookie is fresh, so a form opened in one tab still posts after another tab
loaded a page.  Each application gets its own subclass of the library's class, because
the library keeps its configuration on the class.
"""

from __future__ import annotations

from fastapi_csrf_protect.flexible import CsrfProtect
from itsdangerous import BadData, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "stegvis_csrf"
CSRF_FIELD = "csrf-token"
#: A token cookie lives a day; one older than half that is replaced when a page is shown,
#: so a form on screen always has at least 12 hours to be sent.
CSRF_MAX_AGE = 24 * 3600
_CSRF_RENEW_AFTER = 12 * 3600
#: The salt fastapi-csrf-protect signs its cookie with (its flexible/core.py).
_CSRF_SALT = "fastapi-csrf-token"

#: No inline script anywhere: htmx and Mermaid come from /static, their configuration
#: from attributes.  The diagram page alone relaxes ``style-src`` (Mermaid's SVG carries
#: its own <style>), see :data:`DIAGRAM_CSP`.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
DIAGRAM_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: CSP (unless the route set its own), framing, sniffing, caching.

    Pages show personal data, so nothing but the static files may be cached.
    """

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
                if self.secure:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_class(secret: str, secure: bool) -> type[CsrfProtect]:
    """A CsrfProtect subclass configured for one application."""
    protect: type[CsrfProtect] = type("StegvisCsrf", (CsrfProtect,), {})
    protect.load_config(lambda: [
        ("secret_key", secret), ("cookie_key", CSRF_COOKIE), ("cookie_samesite", "lax"),
        ("cookie_secure", secure), ("httponly", True), ("max_age", CSRF_MAX_AGE),
        ("token_key", CSRF_FIELD)])
    return protect


class Csrf:
    """The application's CSRF tokens: one for the page, and the check of a request."""

    def __init__(self, secret: str, secure: bool) -> None:
        self._protect = csrf_class(secret, secure)()
        self._serializer = URLSafeTimedSerializer(secret, salt=_CSRF_SALT)

    def token(self, request: Request) -> str:
        """The token to put in this page's forms (the cookie's, while it is fresh)."""
        known: str | None = getattr(request.state, "csrf_token", None)
        if known:
            return known
        signed = request.cookies.get(CSRF_COOKIE)
        token: str | None = None
        if signed:
            try:
                token = str(self._serializer.loads(signed, max_age=_CSRF_RENEW_AFTER))
            except BadData:
                token = None
        if token is None:
            token, signed = self._protect.generate_csrf_tokens()
            request.state.csrf_cookie = signed
        request.state.csrf_token = token
        return token

    def set_cookie(self, request: Request, response: Response) -> None:
        """Send the token's cookie if this request made a new one."""
        signed: str | None = getattr(request.state, "csrf_cookie", None)
        if signed:
            self._protect.set_csrf_cookie(signed, response)

    async def check(self, request: Request) -> None:
        """Refuse (CsrfProtectError) an unsafe request without the right token."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        from fastapi_csrf_protect.exceptions import MissingTokenError

        kind = request.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            await request.form()  # parsed once; the route's Form() fields reuse it
        elif not request.headers.get("x-csrf-token"):
            raise MissingTokenError("no CSRF token in the request")
        await self._protect.validate_csrf(request)

