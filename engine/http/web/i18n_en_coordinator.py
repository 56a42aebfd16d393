"""English for the coordinator's and the participant's page texts added by issue 23
(merged into :data:`engine.http.web.i18n_en.ENGLISH`)."""

from __future__ import annotations

ENGLISH_COORDINATOR: dict[str, str] = {
    "Det gick inte att spara. Kontrollera uppgifterna och försök igen.":
        "It could not be saved. Check what you entered and try again.",
    "En fråga som deltagaren inte vill svara på lämnas tom.":
        "Leave a question the participant does not want to answer empty.",
    "Enkäter": "Surveys",
    "Instrument: {name}": "Survey instrument: {name}",
    "Registrera": "Record",
    "Registrera det som uppgiften ber om; då blir den klar":
        "Record what the task asks for; then it is done",
    "Skriv hur många dagar länken ska fungera, som ett heltal.":
        "Write how many days the link should work, as a whole number.",
    "Svaren (definitionen anger inga frågor)": "The answers (the definition has no questions)",
    "{name}, besvarad {on}": "{name}, answered {on}",
    "{value} av {max}": "{value} of {max}",
    "Anteckning om beslutet:": "Note on the decision:",
    "Att deltagaren har fullföljt kan registreras i fasen {phases}; härifrån går bara ett "
    "avbrott.": "That the participant completed can be recorded in the phase {phases}; from "
                "here only a drop-out can.",
    "Att deltagaren har fullföljt kan registreras i någon av faserna {phases}; härifrån går "
    "bara ett avbrott.": "That the participant completed can be recorded in one of the phases "
                         "{phases}; from here only a drop-out can.",
    "Behövs inte efter avslutet": "Not needed after the exit",
    "Datum då deltagaren samtyckte": "Date the participant consented",
    "Det skulle hållas senast {due}.": "It was due by {due}.",
    "Ingen angiven": "None given",
    "Klar {on}": "Done {on}",
    "Mötet hölls {on}.": "The meeting was held on {on}.",
    "Skulle ha gjorts {due}, efter avslutet.": "Was due on {due}, after the exit.",
    "folkbokförd i en annan kommun": "registered in another municipality",
    "går inte från den här fasen": "not possible from this phase",
    "och": "and",
}
