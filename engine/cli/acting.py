"""Who acts, and what a command handler returns: shared by the command modules.

Each handler returns a :data:`Report`: one plain text for people and the same result as
JSON-ready data for ``--json``.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from typing import Any

from engine.errors import InputError
from engine.service.shared.context import Context

#: Text for people, data for ``--json``.
Report = tuple[str, Any]
Handler = Callable[[Context, argparse.Namespace], Report]


def actor(args: argparse.Namespace) -> str:
    """Who acts: --as, else $STEGVIS_USER, else the login name."""
    name = args.actor or os.environ.get("STEGVIS_USER")
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no login name in some containers
            name = ""
    if not name.strip():
        raise InputError("say who you are with --as NAME (or set STEGVIS_USER): every change "
                         "is logged with its author")
    return name.strip()
