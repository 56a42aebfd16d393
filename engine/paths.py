"""Where Stegvis finds its shipped definitions and schema.

``STEGVIS_DEFINITIONS`` overrides the folder of programme definitions; otherwise the
``process_defs`` folder of the checkout Stegvis runs from is used.
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def definitions_dir() -> Path:
    """Folder holding the programme definitions (``*.yaml``)."""
    override = os.environ.get("STEGVIS_DEFINITIONS")
    return Path(override) if override else _CHECKOUT / "process_defs"


def schema_path() -> Path:
    """The published JSON Schema of a programme definition."""
    return _CHECKOUT / "process_defs" / "schema" / "programme.schema.json"
