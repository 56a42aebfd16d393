"""JSON that is JSON: every document Stegvis prints or writes goes through
:func:`json_text`.

Python's ``json`` writes ``NaN`` and ``Infinity`` for floats that are no numbers, which
no JSON reader takes (and PostgreSQL refuses).  Such a number is refused where it is
typed (a survey answer: engine.service.shared.text_checks); one stored before that rule
prints as ``null`` here, and ``allow_nan=False`` makes any other a clear error in
development rather than invalid output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every float that is no finite number replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def json_text(data: Any, *, indent: int | None = 2,
              default: Callable[[Any], Any] | None = None, sort_keys: bool = False,
              separators: tuple[str, str] | None = None) -> str:
    """``data`` as JSON text (UTF-8 characters as they are), finite numbers only."""
    return json.dumps(finite(data), ensure_ascii=False, indent=indent, default=default,
                      sort_keys=sort_keys, separators=separators, allow_nan=False)
