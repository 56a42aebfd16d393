"""English for every page text (the Swedish text is the key); see engine.http.web.i18n.

A test (tests/test_web_language.py) checks that every text the pages can show is here
and that nothing here is unused.
"""

from __future__ import annotations

from engine.http.web.i18n_en_coordinator import ENGLISH_COORDINATOR
from engine.http.web.i18n_en_inputs import ENGLISH_INPUTS

ENGLISH: dict[str, str] = {
    'det är redan registrerat ({day}, {who}).':
        'it is already recorded ({day}, {who}).',
    'Att göra för programmet':
        'To do for the programme',
    'En programförvaltare registrerar det här när det är gjort.':
        'A programme administrator records these when they are done.',
    'senast {day}':
        'by {day}',
    'försenat':
        'overdue',
    'Orsaker till avvikelsen':
        'Causes of the deviation',
    'Behövs en handlingsplan?':
        'Is an action plan needed?',
    'Registrera analysen':
        'Record the analysis',
    'Handlingsplanen, eller var den finns':
        'The action plan, or where it is kept',
    'Registrera handlingsplanen':
        'Record the action plan',
    'Inget är öppet just nu.':
        'Nothing is open at the moment.',
    'Det gick inte att registrera ”{name}”: {problem}':
        'Could not record “{name}”: {problem}',
    'Registrerat: {name}.':
        'Recorded: {name}.',
    'Skriv vilka orsaker analysen fann.':
        'Write the causes the analysis found.',
    'Svara om en handlingsplan behövs.':
        'Say whether an action plan is needed.',
    'Skriv handlingsplanen, eller var den finns.':
        'Write the action plan, or where it is kept.',
    'Aktivera':
        'Enable',
    'Aktivt':
        'Active',
    'Aktuell':
        'Current',
    'Aktuell hos minst {n} av parterna':
        'Known to at least {n} of the parties',
    'Alla':
        'All',
    'Alla villkor är uppfyllda.':
        'Every criterion is met.',
    'Allt en deltagare som skrivs in ett visst datum får: uppgifter, möten, påminnelser och programmets kalender.':
        'Everything a participant enrolled on a given date gets: tasks, meetings, reminders and the programme calendar.',
    'Ange förlängningen i hela månader (1–60).':
        'Give the extension in whole months (1–60).',
    'Annan kommun':
        'Another municipality',
    'Annat':
        'Other',
    'Ansvarig':
        'Responsible',
    'Ansök om förlängning':
        'Request an extension',
    'Anta från väntelistan':
        'Admit from the waiting list',
    'Antagande:':
        'Assumption:',
    'Antal':
        'Number',
    'Antal parter':
        'Number of parties',
    'Anteckning (bara för personalen)':
        'Note (for staff only)',
    'Anvisande part':
        'Referring party',
    'Anvisande part (valfritt)':
        'Referring party (optional)',
    'Användarnamn':
        'User name',
    'Att göra':
        'To do',
    'Att notera: {warning}':
        'Note: {warning}',
    'Avsluta':
        'Exit',
    'Avsluta insatsen':
        'End the programme for this participant',
    'Avslutade i år':
        'Exited this year',
    'Avslutade i år efter resultat':
        'Exited this year by outcome',
    'Avslutade i år, efter resultat':
        'Exited this year, by outcome',
    'Avslutat':
        'Exited',
    'Avslutet är ångrat; ärendet pågår igen.':
        'The exit is undone; the case is active again.',
    'Avslutsdatum':
        'Exit date',
    'Avstängt':
        'Disabled',
    'Be en systemadministratör att lägga upp det.':
        'Ask a system administrator to create it.',
    'Bortfallen':
        'Dropped',
    'Byt fas':
        'Change phase',
    'Datum':
        'Date',
    'Definitionen (YAML)':
        'The definition (YAML)',
    'Definitioner':
        'Definitions',
    'Dela inte länken med någon annan. Om du har tappat bort den eller tror att någon annan har den, be din samordnare om en ny.':
        'Do not share the link with anyone. If you have lost it or think someone else has it, ask your coordinator for a new one.',
    'Delmål till':
        'Sub-goal of',
    'Deltagare':
        'Participant',
    'Deltagare: använd länken du har fått av din samordnare.':
        'Participants: use the link your coordinator gave you.',
    'Deltagaren är antagen från väntelistan.':
        'The participant has been admitted from the waiting list.',
    'Deltagarens inloggningslänk':
        "The participant's sign-in link",
    'Deltagarens nyckel (pseudonym)':
        "The participant's key (pseudonym)",
    'Deltar:':
        'Attending:',
    'Delvis':
        'Partly',
    'Den här länken öppnar din plan: dina mål, vad ni har gjort och när ni ses nästa gång.':
        'This link opens your plan: your goals, what you have done and when you meet next.',
    'Det du skickade sparades inte.':
        'What you sent was not saved.',
    'Det du skrev är inte sparat men finns kvar i formuläret nedan. Sidan visar nu ärendet som det är; kontrollera och skicka igen.':
        'What you typed is not saved but is still in the form below. The page now shows the case as it is; check it and send again.',
    'Det gick inte att markera som klar: {problem}':
        'It could not be marked done: {problem}',
    'Det gick inte: {problem}':
        'That did not work: {problem}',
    'Det går inte att göra så här.':
        'That cannot be done this way.',
    'Det här har ni gjort':
        'What you have done',
    'Det som är försenat, ska vara klart i dag eller snart, i alla dina ärenden.':
        'What is overdue, due today or due soon, across all your cases.',
    'Det sparades inte.':
        'It was not saved.',
    'Detalj':
        'Detail',
    'Din plan':
        'Your plan',
    'Dina mål':
        'Your goals',
    'Ditt konto finns inte i Stegvis.':
        'Your account does not exist in Stegvis.',
    'Du behöver logga in.':
        'You need to sign in.',
    'Du har ingen pågående insats.':
        'You have no programme running.',
    'Du har loggats ut eftersom det gått en stund sedan du senast gjorde något. Logga in igen.':
        'You have been signed out because a while has passed since you last did something. Sign in again.',
    'Du är utloggad.':
        'You are signed out.',
    'E-post:':
        'E-mail:',
    'En förhandsvisning: inget ändras här. Flytten görs med kommandot nedan.':
        'A preview: nothing changes here. The move is made with the command below.',
    'Enkät':
        'Survey',
    'Eskalering':
        'Escalation',
    'Fas':
        'Phase',
    'Faser':
        'Phases',
    'Faserna, övergångarna och villkoren för dem. Utan JavaScript visas diagrammets källtext (Mermaid).':
        "The phases, the transitions and their conditions. Without JavaScript the diagram's source text (Mermaid) is shown.",
    'Filen är för stor (högst 1 MB).':
        'The file is too large (at most 1 MB).',
    'Flytta ärenden till en ny version':
        'Move cases to a new version',
    'Flytta ärenden till version {n}':
        'Move cases to version {n}',
    'Flyttas':
        'Moves',
    'Folkbokförd i kommun':
        'Registered in municipality',
    'Folkbokförd i {places}':
        'Registered in {places}',
    'Formuläret har gått ut.':
        'The form has expired.',
    'Formuläret kunde inte läsas.':
        'The form could not be read.',
    'Fråga på ert nästa möte hur du når din samordnare.':
        'Ask at your next meeting how to reach your coordinator.',
    'Fullföljt kan registreras först i fasen {phases}; härifrån går bara avbrott.':
        'Completion can be recorded only in the phase {phases}; from here only a drop-out.',
    'Från version':
        'From version',
    'Från {a} till och med {b}. Bara antal: inga enskilda ärenden visas här.':
        'From {a} to {b} inclusive. Numbers only: no individual case is shown here.',
    'Födelsedatum':
        'Date of birth',
    'Födelsedatum (om åldersgränsen kräver det)':
        'Date of birth (if the age limit needs it)',
    'Födelseår':
        'Year of birth',
    'Följ upp hur det har gått efter avslutet':
        'Follow up how things went after the exit',
    'Förfaller':
        'Due',
    'Förlängning':
        'Extension',
    'Försenad':
        'Overdue',
    'Försenade':
        'Overdue',
    'Försenade punkter i dag':
        'Overdue items today',
    'Försenat':
        'Overdue',
    'Försvinner':
        'Disappear',
    'Försörjningen kommer från någon av de anvisande parterna':
        'Income support comes from one of the referring parties',
    'Gick inte att nå':
        'Could not be reached',
    'Giltig: {programme}, version {n}.':
        'Valid: {programme}, version {n}.',
    'Godkänt av {role}':
        'Approved by {role}',
    'Gäller':
        'Scope',
    'Gäller något av detta? (utesluter deltagande)':
        'Does any of this apply? (rules out taking part)',
    'Gå igenom den kritiska punkten':
        'Go through the critical point',
    'Gå tillbaka och använd knapparna på sidan.':
        'Go back and use the buttons on the page.',
    'Gå tillbaka till din startsida.':
        'Go back to your start page.',
    'Går bra mellan {a} och {b}':
        'Fine between {a} and {b}',
    'Gör det som hör till avslutet':
        'Do what belongs to the exit',
    'Gör uppgiften och markera den som klar':
        'Do the task and mark it done',
    'Gör överlämningen':
        'Do the handover',
    'Har deltagaren tagit ett steg mot målen?':
        'Has the participant moved a step towards the goals?',
    'Hoppa till innehållet':
        'Skip to content',
    'Hos hur många av parterna är personen aktuell?':
        'How many of the parties is the person known to?',
    'Hur många månader till?':
        'How many more months?',
    'Hur slutade det?':
        'How did it end?',
    'Huvudmeny':
        'Main menu',
    'Härifrån går det inte att byta fas.':
        'There is no phase to move to from here.',
    'Håll mötet och markera det som hållet':
        'Hold the meeting and mark it held',
    'Håll uppföljningsmötet och registrera det':
        'Hold the follow-up meeting and record it',
    'Hållna uppföljningar':
        'Follow-ups held',
    'I dag':
        'Today',
    'Inga mål är skrivna ännu.':
        'No goals have been written yet.',
    'Inga rapporter i definitionen.':
        'No reports in the definition.',
    'Inga ärenden.':
        'No cases.',
    'Ingen har avslutats i år.':
        'Nobody has exited this year.',
    'Inget':
        'None',
    'Inget att göra just nu. Bra jobbat!':
        'Nothing to do right now. Well done!',
    'Inget av det du skrev har sparats. Försök igen om en stund; om felet kvarstår, kontakta systemadministratören.':
        'Nothing you typed has been saved. Try again in a while; if the error remains, contact the system administrator.',
    'Inget i kalendern det kommande året.':
        'Nothing in the calendar in the coming year.',
    'Inget i tidslinjen ännu.':
        'Nothing in the timeline yet.',
    'Inget loggat som matchar.':
        'Nothing logged matches.',
    'Inget program tar emot deltagare i dag.':
        'No programme takes participants today.',
    'Inget ännu':
        'None yet',
    'Inget ännu.':
        'Nothing yet.',
    'Inget är sparat.':
        'Nothing has been saved.',
    'Inget – ett eget mål':
        'None – a goal of its own',
    'Inloggningen misslyckades. Kontrollera namn och lösenord. Efter {n} misslyckade försök i rad låses kontot i {m} minuter.':
        'Signing in failed. Check the name and password. After {n} failed attempts in a row the account is locked for {m} minutes.',
    'Insatsen':
        'The programme',
    'Inskriven':
        'Enrolled',
    'Inskrivna i år':
        'Enrolled this year',
    'Inskrivningsdatum':
        'Enrolment date',
    'Inte personnumret: en nyckel som inte säger vem personen är.':
        'Not the identity number: a key that does not say who the person is.',
    'Inte: {what}':
        'Not: {what}',
    'Ja':
        'Yes',
    'Kalender det kommande året':
        'Calendar for the coming year',
    'Kan inte flyttas:':
        'Cannot move:',
    'Klar':
        'Done',
    'Klistra in eller ladda upp en definition (YAML). Stegvis visar varje problem med rad och kolumn, som kommandot stegvis validate. Inget sparas.':
        'Paste or upload a definition (YAML). Stegvis shows every problem with line and column, like the command stegvis validate. Nothing is saved.',
    'Kommande':
        'Coming',
    'Konton':
        'Accounts',
    'Kontot {name} är ändrat.':
        'The account {name} has been changed.',
    'Kontrollera':
        'Check',
    'Kontrollera adressen.':
        'Check the address.',
    'Kontrollera en definition':
        'Check a definition',
    'Kritisk punkt':
        'Critical point',
    'Kvinna':
        'Woman',
    'Kön':
        'Gender',
    'Ladda om sidan och skicka igen. (Skyddet mot förfalskade formulär godtog inte det här.)':
        'Reload the page and send again. (The protection against forged forms did not accept this one.)',
    'Logga in':
        'Sign in',
    'Logga ut':
        'Sign out',
    'Läge':
        'Status',
    'Läge nu':
        'Status now',
    'Lägg till':
        'Add',
    'Längre: beslutas av {role}.':
        'Longer: decided by {role}.',
    'Länk':
        'Link',
    'Länken fungerar inte':
        'The link does not work',
    'Länken fungerar inte längre.':
        'The link no longer works.',
    'Länken kan ha gått ut eller tagits bort. Be din samordnare om en ny länk.':
        'The link may have expired or been removed. Ask your coordinator for a new link.',
    'Lås upp':
        'Unlock',
    'Låst':
        'Locked',
    'Låt deltagaren besvara enkäten':
        'Have the participant answer the survey',
    'Lösenord':
        'Password',
    'Man':
        'Man',
    'Markera som klar':
        'Mark done',
    'Maxtiden nås: avsluta eller ansök om förlängning':
        'The time limit is reached: exit or request an extension',
    'Med länken ser deltagaren sin egen plan: mål, vad ni har gjort och nästa möten. Inget annat.':
        'With the link the participant sees their own plan: goals, what you have done and the next meetings. Nothing else.',
    'Med {n} varningar.':
        'With {n} warnings.',
    'Min plan':
        'My plan',
    'Mina ärenden':
        'My cases',
    'Missad':
        'Missed',
    'Mål och delmål':
        'Goals and sub-goals',
    'Möte':
        'Meeting',
    'Mötet hölls':
        'The meeting was held on',
    'Namn':
        'Name',
    'Nej':
        'No',
    'Ni har inte skrivit ner några mål ännu. Det gör ni tillsammans på ett möte.':
        'You have not written down any goals yet. You do that together at a meeting.',
    'Nyckeltal {year}':
        'Key figures {year}',
    'Nytt mål eller delmål':
        'New goal or sub-goal',
    'När':
        'When',
    'Nästa möte (överenskommet datum, valfritt)':
        'Next meeting (agreed date, optional)',
    'Nästa möte överenskommet:':
        'Next meeting agreed:',
    'Nästa: {name}, senast {when}.':
        'Next: {name}, by {when}.',
    'Någon annan har ändrat ärendet sedan du öppnade det.':
        'Someone else has changed the case since you opened it.',
    'Något fält saknas eller är för långt. Gå tillbaka och försök igen.':
        'A field is missing or too long. Go back and try again.',
    'Något gick fel i Stegvis.':
        'Something went wrong in Stegvis.',
    'Något gick fel.':
        'Something went wrong.',
    'Om avslutet registrerades av misstag. Både avslutet och ångrandet finns kvar i loggen.':
        'If the exit was recorded by mistake. Both the exit and the undo stay in the log.',
    'Person':
        'Person',
    'Personen':
        'The person',
    'Personen uppfyller inte {n} av villkoren. Inget är sparat.':
        'The person does not meet {n} of the criteria. Nothing has been saved.',
    'Planera avslutet eller ansök om förlängning':
        'Plan the exit or request an extension',
    'Planerat slut':
        'Planned end',
    'Processen':
        'The process',
    'Program':
        'Programme',
    'Programdefinitioner':
        'Programme definitions',
    'Programförvaltare':
        'Programme administrator',
    'Programmet är fullt: deltagaren står på väntelistan.':
        'The programme is full: the participant is on the waiting list.',
    'Projektfas':
        'Project phase',
    'Provkör':
        'Dry run',
    'Provkörning':
        'Dry run',
    'Provkörning för en deltagare inskriven {on}: {n} rader':
        'Dry run for a participant enrolled on {on}: {n} rows',
    'Pröva villkoren':
        'Check the criteria',
    'På väntelistan':
        'On the waiting list',
    'Pågår':
        'Active',
    'Pågår nu':
        'Active now',
    'Påminnelse':
        'Reminder',
    'Rad {line}':
        'Line {line}',
    'Rapport':
        'Report',
    'Rapportarkiv':
        'Report archive',
    'Regeln som stoppade det:':
        'The rule that stopped it:',
    'Registrera ett uppföljningsmöte':
        'Record a follow-up meeting',
    'Registrera mötet':
        'Record the meeting',
    'Resultat':
        'Outcome',
    'Resultat för {name}':
        'Result for {name}',
    'Roll':
        'Role',
    'Samordnare':
        'Coordinator',
    'Se varför':
        'See why',
    'Se ärendet':
        'See the case',
    'Senast inloggad':
        'Last signed in',
    'Senast {n} efter mötet.':
        'At most {n} after the meeting.',
    'Sida':
        'Page',
    'Sidan finns inte.':
        'The page does not exist.',
    'Sidan är inte till för din roll.':
        'The page is not for your role.',
    'Skapa en ny länk':
        'Make a new link',
    'Skapad {on} av {who}':
        'Made {on} by {who}',
    'Skriv in':
        'Enrol',
    'Skriv in en deltagare':
        'Enrol a participant',
    'Skriv in i {programme}':
        'Enrol in {programme}',
    'Skriv startdatumet ÅÅÅÅ-MM-DD.':
        'Write the start date YYYY-MM-DD.',
    'Slag':
        'Kind',
    'Spara':
        'Save',
    'Spara mötet':
        'Save the meeting',
    'Spår':
        'Track',
    'Stegförflyttning:':
        'Step movement:',
    'Stegvis – stöd för samordnad rehabilitering':
        'Stegvis – support for coordinated rehabilitation',
    'Styrgrupp/styrelse':
        'Steering group/board',
    'Styrning':
        'Steering',
    'Styrning och uppföljning':
        'Steering and follow-up',
    'Stäng av':
        'Disable',
    'Stängt: kräver att detta är klart först:':
        'Closed: first this must be done:',
    'Systemadministratör':
        'System administrator',
    'Ta bort länken':
        'Remove the link',
    'Tidsgräns':
        'Time limit',
    'Tidslinje':
        'Timeline',
    'Till startsidan':
        'To the start page',
    'Till {phase}':
        'To {phase}',
    'Tillkommer':
        'Appear',
    'Tryck på Skriv in för att spara.':
        'Press Enrol to save.',
    'Typfall':
        'Type case',
    'Upp till {n}: beslutas av {role}.':
        'Up to {n}: decided by {role}.',
    'Uppföljning':
        'Follow-up',
    'Uppföljning efter avslut':
        'Follow-up after exit',
    'Uppföljningsmöten i år':
        'Follow-up meetings this year',
    'Uppgift':
        'Task',
    'Uppgift saknas':
        'Not known',
    'Utvärdering':
        'Evaluation',
    'Vad':
        'What',
    'Varför behövs det?':
        'Why is it needed?',
    'Varför?':
        'Why?',
    'Vem':
        'Who',
    'Vem som har sett vilket ärende, när och på vilken sida. Loggen kan inte ändras eller raderas.':
        'Who has seen which case, when and on which page. The log cannot be changed or deleted.',
    'Version':
        'Version',
    'Vid avslut':
        'At exit',
    'Vilka var med?':
        'Who attended?',
    'Villkor för att delta':
        'Criteria for taking part',
    'Villkor som du intygar':
        'Criteria you attest',
    'Visa':
        'Show',
    'Visa {n} punkter längre fram':
        'Show {n} items further ahead',
    'Välj':
        'Choose',
    'Välj hur insatsen avslutas.':
        'Choose how the programme ended.',
    'Välj om deltagaren har gjort en stegförflyttning.':
        'Choose whether the participant moved a step.',
    'Välj program. Formuläret visar programmets villkor för att få delta.':
        "Choose a programme. The form shows the programme's criteria for taking part.",
    'Välkommen':
        'Welcome',
    'Väntelistan':
        'The waiting list',
    'aktuell hos {n}':
        'known to {n}',
    'ange hos hur många parter personen är aktuell':
        'give how many parties the person is known to',
    'avslagen':
        'rejected',
    'beslutas av {role}':
        'decided by {role}',
    'beviljad':
        'approved',
    'borttagen {on}':
        'removed {on}',
    'folkbokförd i {place}':
        'registered in {place}',
    'från':
        'from',
    'fungerar till {on}':
        'works until {on}',
    'född':
        'born',
    'född {year}: {young} eller {old} år den {on}; ange födelsedatum om det avgör':
        'born {year}: {young} or {old} years old on {on}; give the date of birth if it decides',
    'för {n} dagar sedan':
        '{n} days ago',
    'förlängt':
        'extended',
    'försörjningen kommer inte från en anvisande part':
        'the income support does not come from a referring party',
    'gick ut {on}':
        'expired {on}',
    'i dag':
        'today',
    'i går':
        'yesterday',
    'i morgon':
        'tomorrow',
    'inte intygat':
        'not attested',
    'klar':
        'done',
    'kommer':
        'coming',
    'nu':
        'now',
    'om {n} dagar':
        'in {n} days',
    'senast':
        'by',
    'ska vara med':
        'should attend',
    'skulle ha varit klart':
        'was due',
    'styrning och uppföljning':
        'steering and follow-up',
    'uppfylls inte':
        'not met',
    'uppfyllt':
        'met',
    'version {n}':
        'version {n}',
    'väntar på beslut':
        'awaiting a decision',
    '{age} år den {on}':
        '{age} years old on {on}',
    '{key} är inskriven i {programme}.':
        '{key} is enrolled in {programme}.',
    '{length}, ansökt {on}: {status}':
        '{length}, requested {on}: {status}',
    '{n} fel':
        '{n} errors',
    '{n} fel hittades. Rätta alla och kontrollera igen.':
        '{n} errors found. Correct them all and check again.',
    '{n} punkter föll bort när ärendet ändrades (t.ex. vid fasbyte eller avslut).':
        '{n} items fell away when the case changed (e.g. at a phase change or the exit).',
    '{what}: skriv datumet ÅÅÅÅ-MM-DD':
        '{what}: write the date YYYY-MM-DD',
    '{what}: skriv ett heltal':
        '{what}: write a whole number',
    'Ärende':
        'Case',
    'Ålder {low}–{high} år':
        'Age {low}–{high}',
    'Ångra avslutet':
        'Undo the exit',
    'Åtkomstlogg':
        'Access log',
    'Öppna':
        'Open',
    'Öppna min plan':
        'Open my plan',
    'Öppna ärendet':
        'Open the case',
    'Överlämning':
        'Handover',
    '… eller ladda upp en fil':
        '… or upload a file',
    'Aktivitetsförmåga':
        'Activity capacity',
    'Ange datumet då deltagaren samtyckte; utan samtycke sparas inget personnummer.':
        'Give the date the participant consented; without consent no identity number is stored.',
    'Anteckning om beslutet (valfritt)':
        'Note on the decision (optional)',
    'Avslås':
        'Rejected',
    'Bedömd':
        'Assessed on',
    'Bedömning av aktivitetsförmåga':
        'Activity-capacity assessment',
    'Behovsnivå (valfritt)':
        'Need level (optional)',
    'Beslut om {length} ({role} beslutar)':
        'Decision on {length} ({role} decides)',
    'Beslutsdatum':
        'Decision date',
    'Besvarad':
        'Answered on',
    'Beviljas':
        'Approved',
    'Det du skickade':
        'What you sent',
    'Ingen ny nivå':
        'No new level',
    'Nu: {name}':
        'Now: {name}',
    'Personnummer':
        'Identity number',
    'Personnummer eller samordningsnummer':
        'Personal identity number or coordination number',
    'Personnumret är sparat med samtycket.':
        'The identity number has been saved with the consent.',
    'Placeringsform':
        'Placement form',
    'Registrera beslutet':
        'Record the decision',
    'Registrera uppgifter':
        'Record details',
    'Skriv personnumret eller samordningsnumret.':
        'Write the personal identity number or coordination number.',
    'Skäl:':
        'Reason:',
    'Spara bedömningen':
        'Save the assessment',
    'Spara personnumret':
        'Save the identity number',
    'Spara placeringsformen':
        'Save the placement form',
    'Spara svaren':
        'Save the answers',
    'Spara typfallet':
        'Save the type case',
    'Sparas bara om deltagaren samtycker. Numret visas aldrig igen, inte heller om det inte godtas.':
        'Stored only if the participant consents. The number is never shown again, not even if it is refused.',
    'Sparat med deltagarens samtycke från {on}. Det visas aldrig här.':
        'Stored with the participant’s consent of {on}. It is never shown here.',
    'Vald placeringsform':
        'Placement form chosen',
    'Välj aktivitetsförmågan på programmets skala.':
        'Choose the activity capacity on the programme’s scale.',
    'Välj en placeringsform.':
        'Choose a placement form.',
    'Välj ett typfall.':
        'Choose a type case.',
    'Välj om förlängningen beviljas eller avslås.':
        'Choose whether the extension is approved or rejected.',
    'Välj vilken enkät svaren hör till.':
        'Choose which survey the answers belong to.',
    'går inte: ärendet pågår inte':
        'not possible: the case is not active',
    '{on}, registrerat av {who}':
        '{on}, recorded by {who}',
    'Ärendets typfall':
        'The case’s type case',
    'Ny ansökan':
        'New request',
    'Alla rapporter i arkivet, att öppna och ladda ner':
        'Every report in the archive, to open and download',
    'Den finns inte längre i arkivet, eller stämmer inte med kontrollsumman från när den framställdes. Kontakta systemadministratören.':
        'It is no longer in the archive, or does not match the checksum from when it was produced. Contact the system administrator.',
    'Filen kan inte öppnas.':
        'The file cannot be opened.',
    'Framställd':
        'Produced',
    'Framställda rapporter, den senaste först':
        'Produced reports, the newest first',
    'Inga rapporter är framställda ännu. Programmet ska lämna dessa rapporter:':
        'No report has been produced yet. The programme is to deliver these reports:',
    'Period':
        'Period',
    'Senast framställda:':
        'Produced most recently:',
    'Utkast':
        'Draft',
    'Rapportutkast':
        'Report draft',
    **ENGLISH_INPUTS,
}

from engine.http.web.i18n_en_import import IMPORT_ENGLISH  # noqa: E402

ENGLISH.update(IMPORT_ENGLISH)

# The administrator's pages of issue 24 keep their English in a module of their own.
from engine.http.web.i18n_en_admin import ADMIN_ENGLISH  # noqa: E402

ENGLISH.update(ADMIN_ENGLISH)
ENGLISH.update(ENGLISH_COORDINATOR)

# The system administrator's accounts and access log (issue 24, item 8).
from engine.http.web.i18n_en_system import SYSTEM_ENGLISH  # noqa: E402

ENGLISH.update(SYSTEM_ENGLISH)
