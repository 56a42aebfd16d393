"""The web application: coordinators, participants, administrators, steering groups.

Public surface::

    create_app(ctx, settings) -> FastAPI     # engine.http.web.app
    WebSettings                              # engine.http.web.settings
"""

from __future__ import annotations

from engine.http.web.app import create_app
from engine.http.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
