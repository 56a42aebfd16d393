"""The Swedish words for the statuses the engine stores, as a sentence or a cell says them.

One table for every place a person reads a status in running text: the web's refusals
("uppgiften är redan klar"), the extension requests on the case page and the
right-of-access PDF.  The stored codes themselves (``cancelled``, ``pending``) are never
shown to a person.
"""

from __future__ import annotations

#: Statuses of cases, obligations, extension requests and post-exit follow-ups.
STATUS_WORDS: dict[str, str] = {
    "waiting": "på väntelistan", "active": "pågående", "exited": "avslutat",
    "open": "öppen", "done": "klar", "missed": "missad", "cancelled": "bortfallen",
    "pending": "väntar på beslut", "approved": "beviljad", "rejected": "avslagen",
    "not_reachable": "gick inte att nå",
}


def status_word(code: str) -> str:
    """The Swedish word for a stored status ``code`` (the code itself if it has none)."""
    return STATUS_WORDS.get(code, code)
