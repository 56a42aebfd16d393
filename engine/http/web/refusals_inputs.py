"""The Swedish sentences of the refusals the input doors give (engine.inputs,
engine.dates.bounds) and of the refusals that must not name a case: merged into the
catalogue of :mod:`engine.http.web.refusals` by one line, kept apart so that it grows
without touching the catalogue the case pages share."""

from __future__ import annotations

INPUT_REFUSALS: dict[str, str] = {
    "not_a_number": "{What}: skriv ett heltal med siffrorna 0–9, från {low} till {high}.",
    "number_out_of_range": "{What}: skriv ett heltal från {low} till {high}.",
    "date_out_of_range": "{What}: datumet ligger utanför de datum Stegvis arbetar med "
                         "({first} till {last}).",
    "duration_too_long": "{What}: {length} är längre än {longest}, det längsta som går.",
    "formula_prefix": "{What} får inte börja med = + - @ eller ett tabbtecken (det skulle "
                      "bli en formel i ett kalkylark).",
    "not_finite": "”{value}” är inget tal; skriv ett vanligt tal.",
    "password_too_long": "Lösenordet får vara högst {longest} tecken.",
}
