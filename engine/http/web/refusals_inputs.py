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
    # Publishing a definition and moving cases to it (the administrator's pages).
    "publish_no_reason": "Skriv varför versionen publiceras; skälet sparas med den.",
    "publish_stale": "Version {version} har publicerats sedan utkastet påbörjades. Titta på "
                     "skillnaden igen innan du publicerar.",
    "publish_unchanged": "Utkastet är samma som den version som gäller (bara kommentarer "
                         "eller radbrytningar skiljer); det finns inget att publicera.",
    "publish_version": "Ge den nya versionen ett högre nummer: utkastet säger version "
                       "{version}, och version {highest} är redan publicerad.",
    "publish_no_such": "Det finns ingen publicering nummer {number}.",
    "publish_running": "Publicering {number} är den som gäller redan.",
    "draft_too_long": "Utkastet är för långt för en programdefinition.",
    "migration_stale": "Ärendena har ändrats sedan förhandsvisningen (ett ärende har skrivits "
                       "in, flyttats eller fått en registrering); inget flyttades. Titta på "
                       "förhandsvisningen igen.",
}
