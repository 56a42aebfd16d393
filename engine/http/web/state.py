"""What every route shares: the database context, settings, CSRF, templates; rendering.

Every page goes through :func:`render`, which gives the template the reader's language,
the signed-in person, the CSRF token (and sets its cookie when it is new), and the
messages left by the previous request (``flash``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context as TemplateContext
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from engine.http.web.assets import Assets
from engine.http.web.i18n import (
    checked_language,
    day_text,
    instant_text,
    meeting_text,
    number_text,
    relative_day,
    translate,
    translate_plural,
)
from engine.http.web.security import Csrf
from engine.http.web.settings import WebSettings
from engine.http.web.validation import problem_html
from engine.inputs.identity_text import hide_identity_numbers
from engine.service.shared.context import Context

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LANGUAGE_COOKIE = "stegvis_lang"


@dataclass
class WebState:
    """The application's shared parts, kept on ``app.state.web``."""

    ctx: Context
    settings: WebSettings
    csrf: Csrf
    templates: Jinja2Templates = field(init=False)
    assets: Assets = field(init=False)

    def __post_init__(self) -> None:
        self.assets = Assets(STATIC)
        environment = Environment(loader=FileSystemLoader(TEMPLATES),
                                  autoescape=select_autoescape(("html",)),
                                  undefined=StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
        # Jinja's i18n extension: _("…", name=…), ngettext("…", "…", n) and
        # {% trans %} in the reader's language (the page's ``lang``).
        environment.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=_page_text, ngettext=_page_text_plural, newstyle=False)
        environment.filters["todate"] = _to_date
        environment.filters["role_name"] = lambda role, spec: spec.role_name(role)
        environment.globals["asset"] = self.assets.url
        self.templates = Jinja2Templates(env=environment)


@pass_context
def _page_text(context: TemplateContext, message: str, **values: object) -> str:
    """A template's ``_("…")``: the text in the page's language."""
    return translate(context["lang"], message, **values)


@pass_context
def _page_text_plural(context: TemplateContext, singular: str, plural: str, n: int,
                      **values: object) -> str:
    """A template's ``ngettext("{n} fel", "{n} fel", n)``: the form ``n`` takes."""
    return translate_plural(context["lang"], singular, plural, n, **values)


def _to_date(value: object) -> object:
    """An ISO date text as a date (the queries' plain rows carry dates as text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def web(request: Request) -> WebState:
    """The application's shared parts."""
    state: WebState = request.app.state.web
    return state


def language(request: Request) -> str:
    """The reader's language: the cookie the language switch set, else Swedish."""
    return checked_language(request.cookies.get(LANGUAGE_COOKIE))


def text(request: Request, message: str, **values: object) -> str:
    """A page text in the reader's language."""
    return translate(language(request), message, **values)


def flash(request: Request, message: str, kind: str = "ok", **values: Any) -> None:
    """Leave a message (Swedish text, translated when shown) for the next page.

    A value may quote what was typed (a refusal's text): an identity number in it is
    masked, so that no page shows one back.
    """
    values = {name: hide_identity_numbers(value) if isinstance(value, str) else value
              for name, value in values.items()}
    request.session.setdefault("flash", []).append([kind, message, values])


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The page ``template`` with the shared context (see module docstring)."""
    shared = web(request)
    lang = language(request)
    today = shared.ctx.today()
    flashes = request.session.pop("flash", []) if "session" in request.scope else []
    values: dict[str, Any] = {
        "lang": lang, "today": today,
        "day": lambda d, form="long": day_text(d, lang, form),
        "relative": lambda d: relative_day(d, today, lang),
        "instant": lambda at: instant_text(at, lang),
        "meeting": lambda at: meeting_text(at, lang),
        "number": lambda n: number_text(n, lang),
        "finding": lambda problem: problem_html(lang, problem),
        "csrf_token": shared.csrf.token(request),
        "person": getattr(request.state, "person", None),
        "path": request.url.path, "query": request.url.query,
        "flashes": [(kind, translate(lang, message, **vals)) for kind, message, vals in flashes],
        "logout_url": shared.settings.logout_url,
    }
    values.update(context or {})
    response = shared.templates.TemplateResponse(request, template, values,
                                                 status_code=status, headers=headers)
    shared.csrf.set_cookie(request, response)
    return response
