"""Text going out in a header, a calendar line or a mail line: always one line.

What people type is refused at the edge when it holds control characters
(:mod:`engine.service.shared.text_checks`); this is the last guard for what was stored before
that rule, or comes from elsewhere (a definition, a command's argument).  A line break
in a display name would otherwise make every e-mail to that contact fail, and one in a
calendar's name would stop the whole feed.
"""

from __future__ import annotations

import unicodedata

#: Categories replaced: controls, invisible format characters, line/paragraph separators.
_REPLACED = {"Cc", "Cf", "Zl", "Zp"}


def one_line(text: str) -> str:
    """``text`` with every control or format character replaced by a space."""
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(c) in _REPLACED else c for c in text)
