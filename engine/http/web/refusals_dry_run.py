"""The sentences of the dry run's assumptions and refusals (engine.rules.simulation), in
Swedish and English, with the definition's names: merged into the catalogues of
:mod:`engine.http.web.refusals` and :mod:`engine.http.web.refusals_en` by one line each."""

from __future__ import annotations

DRY_RUN_REFUSALS: dict[str, str] = {
    "assumed_requirements": "det som krävs före fasbytena antas vara gjort: {required}.",
    "assumed_approvals": "fasbytena antas vara godkända av {approvers}.",
    "assumed_requirements_approvals": "det som krävs före fasbytena antas vara gjort "
                                      "({required}) och godkänt av {approvers}.",
    "assumed_no_moves": "deltagaren stannar i fasen {phase} hela tiden.",
    "assumed_no_referral": "tidsfrister från remissen räknas från inskrivningen.",
    "assumed_exit_at_limit": "avslut den sista dagen inom den längsta tiden, {day}.",
    "assumed_exit_at_end": "avslut när programmet slutar, {day}.",
    "assumed_outcome": "avslutet antas bli {outcome}.",
    "assumed_drop_out": "avslutet antas bli {outcome}: ingen fullföljer från fasen {phase}.",
    "assumed_no_exit": "inget avslut; deltagaren är inskriven hela perioden.",
    "dry_run_no_phase": "Välj en fas i listan.",
    "dry_run_move_order": "Bytet till {phase} {day} är före bytet till {previous} {since}. "
                          "Ange fasbytena i ordning.",
    "dry_run_no_transition": "Från {previous} går det inte att gå till {phase}. Därifrån "
                             "går det till: {allowed}.",
    "dry_run_no_outcome": "Välj ett resultat i listan.",
    "dry_run_sub_alone": "Välj resultatet som delresultatet hör till.",
    "dry_run_no_sub_outcome": "Resultatet {outcome} har inte det delresultatet. Det har: "
                              "{known}.",
    "dry_run_no_sub_outcomes": "Resultatet {outcome} har inga delresultat.",
    "dry_run_exit_before_start": "Avslutet {day} är före inskrivningen {start}.",
    "dry_run_exit_after_end": "Avslutet {day} är efter att programmet slutar {end}.",
    "dry_run_exit_before_move": "Avslutet {day} är före bytet till {phase} {since}.",
    "dry_run_no_extension": "Programmet har ingen längsta tid som kan förlängas.",
    "dry_run_extension_too_long": "En förlängning med {length} är längre än definitionen "
                                  "tillåter ({longest}).",
    "dry_run_completes_from": "Ingen fullföljer från fasen {phase}, bara från: {allowed}. "
                              "Lägg till ett fasbyte dit före avslutet, eller välj ett "
                              "avbrott som resultat.",
}

DRY_RUN_REFUSALS_EN: dict[str, str] = {
    "assumed_requirements": "what the phase moves require is assumed done: {required}.",
    "assumed_approvals": "the phase moves are assumed approved by {approvers}.",
    "assumed_requirements_approvals": "what the phase moves require is assumed done "
                                      "({required}) and approved by {approvers}.",
    "assumed_no_moves": "the participant stays in the phase {phase} throughout.",
    "assumed_no_referral": "deadlines from the referral count from the enrolment.",
    "assumed_exit_at_limit": "exit on the last day within the longest time, {day}.",
    "assumed_exit_at_end": "exit when the programme ends, {day}.",
    "assumed_outcome": "the exit is assumed to be {outcome}.",
    "assumed_drop_out": "the exit is assumed to be {outcome}: nobody completes from the "
                        "phase {phase}.",
    "assumed_no_exit": "no exit; the participant stays enrolled through the period.",
    "dry_run_no_phase": "Choose a phase in the list.",
    "dry_run_move_order": "The move to {phase} on {day} is before the move to {previous} on "
                          "{since}. Give the phase moves in order.",
    "dry_run_no_transition": "From {previous} there is no move to {phase}. From there one "
                             "goes to: {allowed}.",
    "dry_run_no_outcome": "Choose a result in the list.",
    "dry_run_sub_alone": "Choose the result the sub-result belongs to.",
    "dry_run_no_sub_outcome": "The result {outcome} has no such sub-result. It has: {known}.",
    "dry_run_no_sub_outcomes": "The result {outcome} has no sub-results.",
    "dry_run_exit_before_start": "The exit on {day} is before the enrolment on {start}.",
    "dry_run_exit_after_end": "The exit on {day} is after the programme ends on {end}.",
    "dry_run_exit_before_move": "The exit on {day} is before the move to {phase} on {since}.",
    "dry_run_no_extension": "The programme has no longest time that can be extended.",
    "dry_run_extension_too_long": "An extension of {length} is longer than the definition "
                                  "allows ({longest}).",
    "dry_run_completes_from": "Nobody completes from the phase {phase}, only from: "
                              "{allowed}. Add a move there before the exit, or choose a "
                              "drop-out as the result.",
}
