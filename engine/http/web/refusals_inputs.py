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
    # Accounts, the access log's filter and the dry-run page (issue 24).
    "account_name_shape": "Användarnamnet får ha 1–{longest} bokstäver, siffror och . _ @ - "
                          "men inga mellanslag.",
    "account_exists": "Det finns redan ett konto som heter {name}.",
    "unknown_role": "Välj en av rollerna i listan.",
    "programme_role_only": "Bara en programförvaltare eller en styrgrupp kan begränsas till "
                           "ett program. Välj Alla program för den här rollen.",
    "citizen_key": "Ett deltagarkonto hör till en deltagare; det får ingen annan roll och "
                   "ingen annan får deltagarrollen.",
    "no_participant": "Det finns ingen deltagare med den nyckeln.",
    "no_account": "Kontot finns inte. Ladda om sidan.",
    "own_account": "Du kan inte byta roll på ditt eget konto; be en annan "
                   "systemadministratör.",
    "password_too_short": "Lösenordet måste ha minst {shortest} tecken.",
    "date_range_reversed": "Från-dagen {first} är efter till-dagen {last}.",

    "assumed_requirements": "det som krävs före fasbytena antas vara gjort: {required}.",
    "assumed_approvals": "fasbytena antas vara godkända av {approvers}.",
    "assumed_requirements_approvals": "det som krävs före fasbytena antas vara gjort "
                                      "({required}) och godkänt av {approvers}.",
    "assumed_no_moves": "deltagaren stannar i fasen {phase} hela tiden.",
    "assumed_consent": "deltagaren antas ha samtyckt till att delta senast vid inskrivningen "
                       "{day}; programmet kräver det, och datumet sparas på ärendet.",
    "assumed_parties": "deltagaren antas vara aktuell hos minst {count} av {parties}, som "
                       "anges vid inskrivningen.",
    "assumed_no_referral": "tidsfrister från remissen räknas från inskrivningen.",
    "assumed_exit_at_limit": "avslut den sista dagen inom den längsta tiden, {day}.",
    "assumed_exit_at_end": "avslut när programmet slutar, {day}.",
    "assumed_outcome": "avslutet antas bli {outcome}.",
    "assumed_drop_out": "avslutet antas bli {outcome}: ingen fullföljer från fasen {phase}.",
    "assumed_no_exit": "inget avslut; deltagaren är inskriven hela perioden.",
    "assumed_no_outcome": "inget resultat antas för avslutet: deltagaren lämnar aldrig fasen "
                          "{phase}, och från den fullföljer ingen.",
    "dry_run_move_order": "Bytet till {phase} {day} är före bytet till {previous} {since}. "
                          "Ange fasbytena i ordning.",
    "dry_run_sub_alone": "Välj resultatet som delresultatet hör till.",
    "no_sub_outcome": "Resultatet {outcome} har inte det delresultatet. Det har: "
                      "{known}.",
    "no_sub_outcomes": "Resultatet {outcome} har inga delresultat.",
    "dry_run_exit_before_start": "Avslutet {day} är före inskrivningen {start}.",
    "dry_run_exit_after_end": "Avslutet {day} är efter att programmet slutar {end}.",
    "dry_run_exit_before_move": "Avslutet {day} är före bytet till {phase} {since}.",
    "dry_run_no_extension": "Programmet har ingen längsta tid som kan förlängas.",
    "dry_run_extension_too_long": "En förlängning med {length} är längre än definitionen "
                                  "tillåter ({longest}).",
}
