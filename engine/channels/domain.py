"""The installation's domain, in every Message-ID and calendar UID Stegvis makes.

``STEGVIS_DOMAIN`` (e.g. ``stegvis.forbundet.example``) names this installation.  Two
installations must not share one: a calendar program subscribed to both would take
their events for the same ones (``case-1-…@domain`` exists in each), and mail programs
thread by Message-ID.  Unset, it is ``stegvis``, as before the setting existed, so
that calendars already subscribed keep their events; set it for each installation.
"""

from __future__ import annotations

import os
import re

from engine.errors import InputError

DEFAULT_DOMAIN = "stegvis"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")


def installation_domain() -> str:
    """``STEGVIS_DOMAIN``, checked to be a domain name; ``stegvis`` when unset."""
    domain = os.environ.get("STEGVIS_DOMAIN", "").strip() or DEFAULT_DOMAIN
    if not _DOMAIN.fullmatch(domain):
        raise InputError(f"STEGVIS_DOMAIN={domain!r} is not a domain name; write it like "
                         "stegvis.forbundet.example")
    return domain
