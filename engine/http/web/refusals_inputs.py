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
    "identity_open_case": "Personen har redan ett pågående ärende i {programme}; en person "
                          "har ett pågående ärende i ett program. Fråga en "
                          "systemadministratör om du inte ser ärendet.",
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

#: The English sentences of the same kinds (merged into refusals_en.ENGLISH by one line).
INPUT_REFUSALS_EN: dict[str, str] = {
    "not_a_number": "{What}: write a whole number with the digits 0–9, from {low} to {high}.",
    "number_out_of_range": "{What}: write a whole number from {low} to {high}.",
    "date_out_of_range": "{What}: the date lies outside the dates Stegvis works with "
                         "({first} to {last}).",
    "duration_too_long": "{What}: {length} is longer than {longest}, the longest possible.",
    "formula_prefix": "{What} may not begin with = + - @ or a tab (it would become a formula "
                      "in a spreadsheet).",
    "not_finite": "“{value}” is not a number; write an ordinary number.",
    "password_too_long": "The password may be at most {longest} characters.",
    "publish_no_reason": "Say why this version is published; the reason is kept with it.",
    "publish_stale": "Version {version} has been published since the draft was started. Look "
                     "at the difference again before publishing.",
    "publish_unchanged": "The draft is the running version (only comments or line breaks "
                         "differ); there is nothing to publish.",
    "publish_version": "Give the new version a higher number: the draft says version "
                       "{version}, and version {highest} is published already.",
    "publish_no_such": "There is no publication number {number}.",
    "publish_running": "Publication {number} is the one running already.",
    "draft_too_long": "The draft is too long for a programme definition.",
    "migration_stale": "The cases have changed since the preview (a case was enrolled, moved "
                       "or had something recorded); nothing was moved. Look at the preview "
                       "again.",
}
