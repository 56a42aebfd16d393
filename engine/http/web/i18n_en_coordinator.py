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
    "Skriv hur många dagar länken ska fungera, som ett heltal (1–366).":
        "Write how many days the link should work, as a whole number (1–366).",
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
    "Ansökan om förlängning med {n} månader är gjord.":
        "The request for an extension of {n} months is made.",
    "Avsluta ärendet för {key}? Det som inte är gjort blir missat; det som inte är aktuellt "
    "än faller bort.": "Close the case of {key}? What is not done becomes missed; what is not "
                       "due yet is no longer needed.",
    "Bara med något försenat": "Only with something overdue",
    "Bedömningen är sparad: aktivitetsförmåga {value}.":
        "The assessment is saved: activity capacity {value}.",
    "Blev det fel? Du kan ångra det till {time}.": "A mistake? You can undo it until {time}.",
    "Byta fas från {current} till {to}? Uppgifter och möten i den nya fasen läggs in.":
        "Move from {current} to {to}? The tasks and meetings of the new phase are added.",
    "Dagar framåt": "Days ahead",
    "Delar av listan": "Parts of the list",
    "Deltagarens nyckel": "The participant's key",
    "Det ångrades inte: {problem}": "It was not undone: {problem}",
    "Föregående": "Previous",
    "Förlängningen med {length} är avslagen.": "The extension of {length} is rejected.",
    "Förlängningen med {length} är beviljad.": "The extension of {length} is approved.",
    "Inga ärenden stämmer med det du valde.": "No case matches what you chose.",
    "Inget att göra som stämmer med det du valde.": "Nothing to do matches what you chose.",
    "Ladda om listan": "Reload the list",
    "Målet ”{goal}” är sparat.": "The goal “{goal}” is saved.",
    "Nästa": "Next",
    "Nästa datum": "Next date",
    "Ordning": "Order",
    "Placeringsformen är sparad: {name}.": "The placement form is saved: {name}.",
    "Resten av veckan": "Rest of the week",
    "Senare": "Later",
    "Senare betyder fram till {n} dagar från i dag.": "Later means up to {n} days from today.",
    "Sidor": "Pages",
    "Svaren på ”{name}” är sparade.": "The answers to “{name}” are saved.",
    "Sök och välj ärenden": "Search and choose cases",
    "Typfallet är sparat: {name}.": "The type case is saved: {name}.",
    "Uppföljningsmötet {on} är registrerat.": "The follow-up meeting on {on} is recorded.",
    "Uppföljningsmötet {on} är registrerat. Alla som definitionen kräver var inte med.":
        "The follow-up meeting on {on} is recorded. Not everyone the definition requires "
        "attended.",
    "Visa alla {n} under {heading}": "Show all {n} under {heading}",
    "Visa alla ärenden": "Show all cases",
    "Visa allt": "Show everything",
    "Välj vad som visas": "Choose what is shown",
    "sida {page} av {pages}": "page {page} of {pages}",
    "{n} ärenden": "{n} cases",
    "Ärendet har bytt fas till {phase}.": "The case has moved to the phase {phase}.",
    "Ärendet är avslutat {on}: {outcome}.": "The case is closed on {on}: {outcome}.",
    "Ångra": "Undo",
    "Ångrat: uppgiften är öppen igen.": "Undone: the task is open again.",
    "Ångrat: {what}": "Undone: {what}",
    "”{name}” är markerad som klar.": "“{name}” is marked done.",
    "”{name}” är registrerad.": "“{name}” is recorded.",
    "Adress och rum, eller till exempel ”Videomöte, länken kommer i sms”.":
        "Address and room, or for example “Video meeting, the link comes by text message”.",
    "Boka": "Book",
    "Boka tid och plats": "Book a time and place",
    "Bokat {when}, {place}": "Booked {when}, {place}",
    "Dag": "Day",
    "Din samordnare bokar en tid med dig.": "Your coordinator books a time with you.",
    "Deltagaren ser tiden och platsen i sin plan.":
        "The participant sees the time and place in their plan.",
    "Den visas bara nu. Ge den till deltagaren på något av sätten nedan.":
        "It is shown only now. Give it to the participant in one of the ways below.",
    "Det här händer härnäst": "What happens next",
    "Din plan i {programme}: gå till {address} och skriv koden {code}. Koden gäller till "
    "{until}.": "Your plan in {programme}: go to {address} and type the code {code}. The "
                "code works until {until}.",
    "Du slutade {on}.": "You left on {on}.",
    "Du står i kö sedan {on}. Din samordnare hör av sig när det finns en plats.":
        "You have been waiting for a place since {on}. Your coordinator will contact you "
        "when there is one.",
    "Du är med i {programme}. Din plan visar dina mål, vad ni har gjort och när ni ses "
    "nästa gång.": "You take part in {programme}. Your plan shows your goals, what you have "
                   "done and when you meet next.",
    "Du är med sedan {on}.": "You have taken part since {on}.",
    "Eller koden, att skriva på {address}:": "Or the code, to type at {address}:",
    "Gå till {address} på din telefon eller dator.": "Go to {address} on your phone or computer.",
    "Har du frågor, eller har du tappat bort koden? Kontakta {name}.":
        "Questions, or lost the code? Contact {name}.",
    "Inget är bokat just nu. Din samordnare hör av sig.":
        "Nothing is booked right now. Your coordinator will contact you.",
    "Insatsen pågår som längst till {on}.": "It lasts until {on} at the longest.",
    "Klockan": "Time",
    "Koden": "The code",
    "Koden fungerar inte. Den kan vara felskriven, ha gått ut eller tagits bort. Försök "
    "igen, eller be din samordnare om en ny.": "The code does not work. It may be mistyped, "
                                               "expired or removed. Try again, or ask your "
                                               "coordinator for a new one.",
    "Koden gäller till {until}. Visa den inte för någon annan.":
        "The code works until {until}. Do not show it to anyone else.",
    "Kontakta din samordnare {name}.": "Contact your coordinator {name}.",
    "Mejla:": "E-mail:",
    "Ny inloggning för deltagaren.": "A new sign-in for the participant.",
    "Om du inte kan komma, eller har frågor": "If you cannot come, or have questions",
    "Plats": "Place",
    "Ring:": "Call:",
    "Se din plan": "See your plan",
    "Senast {day}. Din samordnare bokar en tid med dig.":
        "By {day} at the latest. Your coordinator books a time with you.",
    "Skriv klockslaget som TT:MM, till exempel 09:30.": "Write the time as HH:MM, e.g. 09:30.",
    "Skriv koden du har fått av din samordnare, på papper eller i ett sms.":
        "Type the code your coordinator gave you, on paper or in a text message.",
    "Skriv koden:": "Type the code:",
    "Skriv ut ett brev med koden": "Print a letter with the code",
    "Som sms": "As a text message",
    "Så ser du din plan": "How to see your plan",
    "Tolv tecken, till exempel ABCD-EFGH-JKMN. Små eller stora bokstäver går lika bra.":
        "Twelve characters, for example ABCD-EFGH-JKMN. Small or capital letters both work.",
    "Tryck på Öppna min plan.": "Press Open my plan.",
    "Var": "Where",
    "Vem du träffar": "Who you meet",
    "Välj vilken dag mötet är.": "Choose the day of the meeting.",
    "bokat": "booked",
    "din handläggare": "your case worker",
    "personal från insatsen": "staff of the programme",
    "Öppna i telefonens sms": "Open in the phone's messages",
    "”{name}” är bokat {when}, {place}.": "“{name}” is booked {when}, {place}.",
}
