"""The source documents definitions cite, by the titles people know them by.

A definition's rules cite their seed document by file name (``source:
001_ca7d5b990462bc8a.txt``) so that a developer can open it; a person reading a dry run
or a definition page is shown the document's title instead (the seeds are described in
the project's domain brief, table "Conventions and sources").
"""

from __future__ import annotations

import re

#: Seed file → the document's title, as the seed itself names it.
TITLES: dict[str, str] = {
    "000_e0d2e8c914da20b3.txt": "Anmälan av slutrapport: Kompetensutveckling för START "
                                "(tjänsteutlåtande till Socialtjänstnämnden)",
    "001_ca7d5b990462bc8a.txt": "Projekt REBUS, projektbeskrivning "
                                "(Klarälvdalens samordningsförbund)",
    "002_d08485f762baf310.txt": "Rehabiliterande arbetssätt, Örebro kommun",
    "003_6f62c1c9db5f3011.txt": "Verksamhetsplan 2019, Samordningsteam Västerås",
    "004_10b1e7369ac46e00.txt": "Ett hållbart arbetsliv – Hofors, projektbeskrivning",
}
_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def source_title(source: str) -> str:
    """``source`` with every seed file name replaced by its document's title; a source
    that names no known document is returned as written (a definition's own words)."""
    return _FILE.sub(lambda m: TITLES.get(m.group(0), "källdokumentet"), source).strip()
