"""The validator's findings in Swedish, for a programme administrator (a process lead).

One sentence per kind of :class:`engine.errors.Problem`, in klarspråk: what is wrong
and what to write instead.  Text between backticks is what the administrator types in
the definition (a key, a value, an id) and is shown in code style; ``{names}`` are the
problem's parameters, worded by :mod:`engine.http.web.validation`.  Every other
language is in the gettext catalogue (:mod:`engine.language`, docs/translating.md),
with these contexts: ``validation.<kind>`` for a kind's sentence, ``validation.rule.<reason>``,
``validation.what.<word>``, ``validation.type.<type>``, ``validation.tail.<key>``,
``validation.got.<what>``, and ``validation.expected`` and ``validation.hint`` for what
the schema expects and the construct hints (their keys are the engine's English).
"""

from __future__ import annotations

#: The Swedish sentence of each kind of problem.
SWEDISH: dict[str, str] = {
    "fixed_due_periodic": "Ett fast datum ({day}) är en enda dag, men rapporten har en period "
                          "varje gång. Ange i stället en tid efter varje period "
                          "(`due: 1 month`) eller gör den till `cadence: final`.",
    "fixed_due_in_period": "Rapporten ska vara klar {day}, men perioden den gäller räcker till "
                           "{end}. En rapport lämnas efter sin period.",
    # Reading the file.
    "file_unreadable": "Filen går inte att läsa.",
    "file_is_folder": "Det här är en mapp, inte en definitionsfil.",
    "file_not_regular": "Det här är ingen vanlig fil. Välj en definitionsfil.",
    "file_too_large": "Filen är {size} byte. En definitionsfil får vara högst {most} byte.",
    "file_grew_too_large": "Filen är större än {most} byte, som är det mesta en "
                           "definitionsfil får vara.",
    "not_utf8_wide": "Filen är sparad som {encoding}. Spara den som UTF-8.",
    "not_utf8": "Filen är inte sparad som UTF-8 (tecknet {byte} går inte att läsa). Spara "
                "den med teckenkodningen UTF-8.",
    "nul_byte": "Filen innehåller ett nolltecken (NUL). Är det verkligen en textfil?",
    "control_character": "Filen innehåller styrtecknet {character}, som YAML inte tillåter. "
                         "Ta bort det.",
    "too_deep": "Listor och mappningar ligger i fler än {levels} nivåer. Skriv definitionen "
                "plattare.",
    "too_many_values": "Filen blir mer än {count} värden när alla alias skrivs ut. Skriv ut "
                       "värdena i stället för att upprepa alias.",
    "too_much_text": "Filen blir mer än {count} tecken text när alla alias skrivs ut. Skriv "
                     "ut värdena i stället för att upprepa alias.",
    "empty_file": "Filen är tom. En definition börjar med nycklar som `id:` och `name:`.",
    "second_document": "Här börjar ett andra YAML-dokument (`---`). Skriv ett program per "
                       "fil.",
    "not_a_mapping": "En definition är en samling nycklar (`id:`, `name:` …), inte en lista "
                     "eller en ensam text.",
    "draft_too_long": "Utkastet är {count} tecken. En definition får vara högst {most} "
                      "tecken.",
    "draft_other_programme": "Utkastet gäller programmet `{programme}`, men dess `id` är "
                             "`{id}`. Ett nytt program läggs in med kommandot stegvis "
                             "definitions import.",
    # YAML syntax.
    "yaml_syntax": "YAML-syntaxen stämmer inte här. Kontrollera indrag, kolon och "
                   "citattecken.",
    "yaml_unreadable": "YAML kan inte läsa filen. Kontrollera att det är en textfil med "
                       "definitionen.",
    "yaml_colon_in_value": "Ett kolon står där ett värde väntades. Om texten själv innehåller "
                           "”: ”, sätt texten inom citattecken.",
    "yaml_tab": "Raden är indragen med tabb. YAML drar in med mellanslag, aldrig tabb.",
    "yaml_missing_colon": "Raden saknar ”nyckel: värde” fast den står bland nycklar. "
                          "Kontrollera indraget eller om ett kolon fattas.",
    "yaml_indentation": "Indraget stämmer inte med raderna ovanför.",
    "yaml_list_indentation": "Punkten i listan är indragen på ett annat sätt än punkterna "
                             "före den.",
    "yaml_undefined_alias": "Ett alias (`*namn`) pekar på ett ankare (`&namn`) som inte "
                            "finns ovanför.",
    "yaml_outside_mapping": "Text står utanför programmets nycklar. Kontrollera indraget.",
    "yaml_control_character": "Ett styrtecken som YAML inte tillåter. Ta bort det.",
    "yaml_tag": "YAML-taggen `{tag}` används inte i definitioner. Skriv värdet utan tagg.",
    "yaml_tag_value": "`{value}` kan inte läsas som `{tag}`. Ta bort taggen eller rätta "
                      "värdet.",
    "alias_recursive": "Ett alias pekar på listan eller mappningen som det självt står i, så "
                       "den tar aldrig slut.",
    "number_not_finite": "`{value}` är inget tal som går att räkna med. Skriv ett vanligt "
                         "tal.",
    "merge_key": "Sammanslagningsnycklar (`<<`) stöds inte. Skriv ut nycklarna.",
    "key_not_text": "En nyckel ska vara vanlig text, inte en lista eller mappning.",
    "key_not_text_read": "Nyckeln `{key}` läses inte som text. Sätt den inom citattecken: "
                         "`\"{key}\":`.",
    "duplicate_key": "Nyckeln `{key}` finns redan på rad {first_line}. YAML skulle i tysthet "
                     "bara behålla den sista.",
    # Against the schema.
    "schema_unknown_key": "Okänd nyckel `{key}`.",
    "schema_missing_key": "Nyckeln `{key}` saknas, men måste finnas här.",
    "schema_needs_key": "`{key}` kräver att `{needed}` står bredvid.",
    "schema_not_one_of": "{given} går inte här. Skriv något av: {choices}.",
    "schema_not_const": "{given} går inte här. Skriv `{const}`.",
    "schema_not_valid_here": "{given} går inte här. Här ska stå {expected}.",
    "schema_yes_no": "Här ska stå `true` eller `false`, inte texten {given}. Skriv "
                     "`{meant}`.",
    "schema_empty_value": "Värdet är tomt. Här ska stå {expected}.",
    "schema_wrong_type": "Här ska stå {expected}, inte {got} {given}.",
    "schema_pattern": "{given} är inte {expected}.",
    "schema_minimum": "{given} är för litet. Det ska vara minst {limit}.",
    "schema_maximum": "{given} är för stort. Det får vara högst {limit}.",
    "schema_exclusive_minimum": "{given} är för litet. Det ska vara mer än {limit}.",
    "schema_exclusive_maximum": "{given} är för stort. Det ska vara mindre än {limit}.",
    "schema_min_items": "Listan behöver fler punkter: minst {count}.",
    "schema_unique_items": "Listan har samma punkt två gånger.",
    "schema_empty_text": "Texten är tom.",
    "schema_empty_mapping": "Mappningen är tom. Här ska stå {expected}.",
    "schema_text_too_long": "Texten är längre än {count} tecken.",
    "schema_conflict": "Nycklarna här går inte ihop. Här ska stå {expected}.",
    "schema_not_allowed": "{given} går inte här.",
    "schema_other": "Värdet följer inte reglerna för definitioner här.",
    # Meaning.
    "duration_too_long": "{length} är längre än {longest}, den längsta tid Stegvis räknar "
                         "med. Skriv en kortare tid.",
    "duplicate_id": "Det finns redan {a_what} med id:t `{id}` (på rad {first_line}). Varje "
                    "id får bara användas en gång.",
    "duplicate_id_again": "Det finns redan {a_what} med id:t `{id}`. Varje id får bara "
                          "användas en gång.",
    "unknown_reference": "Det finns {no_what} med id:t `{value}`.",
    "drop_out_completed": "Utfallet `{outcome}` är ett avhopp (`drop_out`) men har "
                          "`completed: true`. Ett avhopp räknas aldrig som fullföljt.",
    "no_completing_outcome": "Inget utfall har `completed: true`. Minst ett utfall måste "
                             "räknas som att deltagaren fullföljt programmet.",
    "threshold_zero": "En gräns på 0 % gör varje öre till en avvikelse. Skriv hur mycket "
                      "utfallet får skilja från periodens budget, till exempel `10 %`.",
    "financing_negative": "Andelen {share} för `{party}` är negativ. En part finansierar "
                          "0 % eller mer.",
    "financing_sum": "Parternas andelar av finansieringen blir sammanlagt {total}, inte "
                     "100 %. Tillsammans finansierar parterna hela budgeten.",
    "retention_zero": "Med bevarandetiden {length} raderas deltagarens uppgifter samma dag "
                      "som hen avslutas. Skriv hur länge de sparas, till exempel `5 years`.",
    "retention_too_short": "Bevarandetiden {length} är kortare än uppföljningen efter "
                           "avslut `{follow_up}` (rad {line}). Uppgifterna skulle raderas "
                           "innan den hålls. Spara dem minst så länge.",
    "transition_to_itself": "Fasen `{phase}` har en övergång till sig själv.",
    "no_final_phase": "Ingen fas har `completion_allowed: true`, så ingen deltagare skulle "
                      "någonsin kunna fullfölja programmet.",
    "phase_unreachable": "Fasen `{phase}` går inte att nå från startfasen `{initial}`. Lägg "
                         "till en övergång till den.",
    "phase_cannot_finish": "Från fasen `{phase}` leder ingen väg till en fas med "
                           "`completion_allowed: true`. En deltagare där kan bara hoppa av.",
    "only_with": "`{field}` gäller bara med `{condition}`.",
    "either_not_both": "Använd antingen `{first}` eller `{second}`, inte båda.",
    "survey_records": "En enkät blir klar när den besvaras. `records` gäller andra "
                      "uppgifter.",
    "record_needs": "`records: {record}` kräver att `{needs}` finns i definitionen.",
    "question_twice": "Frågan `{id}` finns två gånger i enkäten.",
    "scale_inverted": "Skalans högsta värde {high} måste vara större än dess lägsta {low}.",
    "scale_too_long": "En skala med {steps} steg är för lång för ett formulär. Högst 101 "
                      "steg.",
    "label_outside_scale": "Etiketten för {value} ligger utanför skalan {low}–{high}.",
    "open_tier_not_last": "Bara den sista förlängningsnivån får ha `up_to: null` (hur lång "
                          "som helst).",
    "tiers_not_growing": "Förlängningsnivåerna måste bli längre: {length} är inte längre än "
                         "nivån före ({previous}).",
    "warn_before_too_long": "`warn_before` ({warn}) måste vara kortare än själva gränsen "
                            "({maximum}).",
    "age_inverted": "Högsta ålder {high} är lägre än lägsta ålder {low}.",
    "quotas_exceed_capacity": "Kvoterna blir sammanlagt {total} platser, men "
                              "`capacity.concurrent` är bara {concurrent}.",
    "quota_not_eligible": "Kvot för `{municipality}`, som inte finns i "
                          "`eligibility.residence`.",
    "min_parties_exceeds_named": "Minst {count} parter krävs men bara {named} är uppräknade "
                                 "i `min_parties.parties`; ingen skulle kunna skrivas in.",
    "caseload_exceeds_places": "{caseload} ärenden per koordinator är fler än programmets "
                               "{concurrent} platser.",
    "target_not_survey": "Uppgiften `{task}` är ingen enkät (`kind: survey`).",
    "breakdown_sum": "Uppdelningen blir sammanlagt {total}, inte målets antal {count}.",
    "outside_validity": "{What} {day} ligger utanför programmets giltighetstid ({valid_from}"
                        " – {valid_to}).",
    "ends_before_start": "{What} slutar {end}, före sitt startdatum {start}.",
    "enrolment_before_programme": "Inskrivningen öppnar ({day}) innan programmet börjar "
                                  "({start}).",
    "project_phases_overlap": "Projektfasen `{phase}` överlappar `{other}` ({start} – {end})."
                              " Skriv `parallel_with` om de pågår samtidigt.",
    "per_year_inverted": "`per_year`: högst {high} är lägre än minst {low}.",
    "too_few_meetings": "Schemat ger {count} möten {year}, men `per_year.min` är {low}.",
    "too_many_meetings": "Schemat ger {count} möten {year}, men `per_year.max` är {high}.",
    "rule_unreadable": "Schemaregeln `{rule}` går inte att läsa.",
    "rule_no_dates": "Regeln `{rule}` ger inga datum mellan {start} och {end}.",
    "final_report_open_ended": "En slutrapport kräver att programmet har ett slutdatum "
                               "(`valid.to` är tomt).",
    "report_number_sequence": "Rapport nummer {number} kommer i fel ordning. Här väntades "
                              "nummer {expected}.",
    "report_periods_overlap": "Rapportperioden {start} – {end} överlappar perioden före, "
                              "{previous_start} – {previous_end}.",
    "report_gap": "Glapp mellan rapportperioderna: {start} – {end} täcks inte av någon "
                  "rapport. Stäng glappet eller skriv det under `intended_gaps`.",
    "report_lead_gap": "Den första rapportperioden börjar {first}, men programmet börjar "
                       "{start}. Skriv glappet under `intended_gaps`.",
    "report_tail_gap": "{start} – {end} i slutet av programmet täcks inte av någon rapport, "
                       "och det finns ingen slutrapport. Skriv glappet under "
                       "`intended_gaps`.",
    "intended_gap_not_gap": "Det avsedda glappet {start} – {end} är inget glapp mellan "
                            "rapportperioderna. Ta bort det eller rätta datumen.",
    "draft_too_early": "Ett utkast {lead} före sista dagen ({due} efter perioden) skulle "
                       "komma innan den kortaste perioden ({days} dagar) har börjat. Korta "
                       "tiden.",
    "period_zero": "En period på `{value}` tar aldrig slut, så rapporten skulle aldrig bli "
                   "klar. Skriv till exempel `1 month`.",
    "periods_of_year_not_here": "`periods_of_year` gäller bara en takt som delar året i "
                                "flera perioder (kvartal, halvår eller var 1, 2, 3, 4 eller "
                                "6 månad).",
    "periods_of_year_too_many": "Ett år har bara {most} perioder om {months} månader, inte "
                                "{number}.",
    "due_one_form": "Skriv `due` på ett av sätten: `{{day: 10, months_after: 1}}`, "
                    "`{{dates: [...]}}` eller `{{before: 10 working days, meeting: ID}}`.",
    "not_a_day_of_year": "`{value}` är ingen dag på året. Skriv MM-DD inom citattecken.",
    "due_days_missing": "Sista dag saknas för perioderna som slutar {days}. Lägg till "
                        "`{{period_ends: …, on: …}}` för var och en.",
    "due_day_no_period": "Ingen av rapportens perioder slutar {day}. Perioderna slutar "
                         "{days}.",
    "no_meeting_after_period": "Inget möte `{meeting}` kommer tillräckligt långt efter "
                               "perioden som slutar {end} för att sista dag ska bli {before}"
                               " före mötet, så rapporten skulle sakna sista dag.",
    "no_meeting_after_collection": "{year} finns inget möte `{meeting}` efter att "
                                   "insamlingen börjar ({collect}), så det finns inget datum "
                                   "att räkna från.",
    "evaluation_inverted": "`complete_by` kommer före `collect_from`. En utvärdering måste "
                           "ligga inom ett kalenderår.",
    "decision_before_evaluation": "{year} finns inget möte `{meeting}` efter att "
                                  "utvärderingen är klar ({ready}). Beslutet skulle komma "
                                  "före utvärderingen.",
    "only_body": "Bara ett organ (`kind: body`) har `{field}`. `{role}` är `{role_kind}`.",
    "body_own": "Ett organ kan inte vara sin egen `{field}`. Ange rollen som är det.",
    "interval_zero": "{What} på `{value}` skulle lägga uppföljningarna på samma dag utan "
                     "slut. Skriv tiden mellan mötena, till exempel `1 month` eller "
                     "`2 weeks`.",
    "anchor_enrolment": "Den här serien börjar vid `{starts}`, inte vid inskrivningen. Skriv "
                        "`anchor: start` för att räkna från seriens start.",
    "tightest_longer": "`tightest_interval` ({tightest}) är längre än intervallet "
                       "({interval}). Det är det kortaste intervall som får avtalas.",
    "lead_as_long_as_interval": "Påminnelsen ({lead} i förväg) är lika lång som tiden "
                                "mellan uppföljningarna ({interval}).",
    "tightest_twice": "Bara en uppföljningsserie får tillåta ett tätare avtalat intervall "
                      "(ett ärende har ett avtalat intervall). Serien på rad {line} gör det "
                      "redan.",
    "time_limit_zero": "En tidsgräns på `{value}` tar slut innan fasen börjar. Skriv den "
                       "längsta tiden i fasen, till exempel `6 weeks`.",
    "denominator_counted": "`{value}` räknas i täljaren (`outcomes`), så det kan inte "
                           "lämnas utanför nämnaren.",
    "denominator_needless": "`{value}` räknas inte som fullföljt, så det ingår aldrig bland "
                            "dem som fullföljt. Att lämna det utanför ändrar ingenting.",
    "limit_past_end": "En deltagare som skrivs in {day} når gränsen ({maximum}) {ends}, "
                      "efter att programmet slutar ({valid_to}). Den som skrivs in efter "
                      "{latest} hinner inte hela tiden: stäng inskrivningen då "
                      "(`valid.enrolment_to`) eller planera avslutet till programmets "
                      "slut.",
    "open_extension_past_end": "En förlängning utan gräns kan räcka längre än programmets "
                               "slut ({valid_to}). Stegvis godkänner ingen förlängning som "
                               "räcker efter slutet.",
    "extension_past_end": "En förlängning på upp till {length} för en deltagare som skrivs "
                          "in {day} räcker till {ends}, efter programmets slut ({valid_to}). "
                          "Stegvis godkänner inte en sådan förlängning.",
}

#: Why a schedule's rule (``rrule``) cannot be read (engine.dates.recurrence), in Swedish.
RULE_REASONS: dict[str, str] = {
    "not_only_rule": "Skriv bara regeln (`FREQ=…;…`). Första datumet skrivs under `starts:` "
                     "och enstaka datum under `dates:`.",
    "dtstart": "Skriv första datumet under `starts:`, inte som DTSTART i regeln.",
    "unknown_part": "Regeln har en okänd del, `{part}`.",
    "part_twice": "Delen `{part}` står två gånger.",
    "frequency": "`{part}` går inte. Möten upprepas YEARLY, MONTHLY, WEEKLY eller DAILY.",
    "number": "`{part}`: varje värde ska vara ett heltal från {low} till {high}.",
    "byday": "`{part}`: skriv dagar som MO…SU, gärna numrerade, till exempel `2TU` eller "
             "`-1FR`.",
    "wkst": "`{part}` är ingen veckodag (MO…SU).",
    "until": "Skriv UNTIL som ÅÅÅÅMMDD.",
    "no_frequency": "Regeln behöver FREQ, till exempel `FREQ=MONTHLY`.",
    "invalid": "Skriv den som en upprepningsregel, till exempel "
               "`FREQ=MONTHLY;BYMONTHDAY=10`.",
}

#: What a problem names (``{what}``): the words the engine's English uses, in Swedish.
WHAT: dict[str, str] = {
    "role": "roll", "party": "part", "phase": "fas", "task": "uppgift", "outcome": "utfall",
    "post-exit follow-up": "uppföljning efter avslut", "target": "mål", "track": "spår",
    "placement form": "placeringsform", "type case": "typfall", "criterion": "villkor",
    "reimbursement level": "ersättningsnivå", "sub-outcome": "delutfall",
    "project phase": "projektfas", "meeting": "möte", "programme task": "programuppgift",
    "outcome or sub-outcome": "utfall eller delutfall",
    "the programme": "programmet", "enrolment": "inskrivningen", "the phase": "fasen",
    "the report period": "rapportperioden", "enrolment start": "inskrivningens start",
    "enrolment end": "inskrivningens slut", "phase start": "fasens start",
    "phase end": "fasens slut", "report period start": "rapportperiodens start",
    "report period end": "rapportperiodens slut", "meeting date": "mötesdatumet",
    "an interval": "ett intervall", "an agreed interval": "ett avtalat intervall",
}

#: What the schema says is expected (its ``x-expected``), in Swedish.
EXPECTED: dict[str, str] = {
    "a kind of income support from the fixed list (engine/definitions/income.py)":
        "ett slag av försörjning ur den fasta listan (`forsorjningsstod`, `sjukpenning`, "
        "`egen_forsorjning` …)",
    "a share in percent, e.g. '25 %'": "en andel i procent, till exempel `25 %`",
    "each party's id (from organisation.parties) and its share of the financing, "
    "e.g. 'fk: 50 %'":
        "varje parts id (ur `organisation.parties`) och dess andel av finansieringen, "
        "till exempel `fk: 50 %`",
    "the id of an item defined elsewhere in this file":
        "id:t för något som är definierat på annat ställe i filen",
    "one of quarterly, half_year, annual, final, explicit, or {every: N months}":
        "något av `quarterly`, `half_year`, `annual`, `final`, `explicit` eller "
        "`{every: N months}`",
    "an identifier: lower-case letters a–z, digits and '_', starting with a letter "
    "(write å/ä/ö as a/a/o)":
        "ett id: små bokstäver a–z, siffror och `_`, som börjar med en bokstav (skriv å/ä/ö "
        "som a/a/o)",
    "all_exits, completers or all_participants, or a mapping {of: …, except: [outcome ids]}":
        "`all_exits`, `completers` eller `all_participants`, eller "
        "`{of: …, except: [utfall]}`",
    "a share between 0 and 1, e.g. 0.8 for 80 %": "en andel mellan 0 och 1, till exempel "
                                                  "`0.8` för 80 %",
    "a schedule with 'rrule' (and optionally 'starts') or with 'dates'":
        "ett schema med `rrule` (och gärna `starts`) eller med `dates`",
    "a percentage of the period's budget, e.g. '10 %'": "en andel av periodens budget, till "
                                                        "exempel `10 %`",
    "a number of months such as '1 month' or '2 months'": "ett antal månader, till exempel "
                                                          "`1 month` eller `2 months`",
    "a non-empty text": "en text som inte är tom",
    "a follow-up series (a mapping) or a list of series with ids":
        "en uppföljningsserie (en mappning) eller en lista med serier som har id",
    "a duration such as '30 days', '2 weeks', '2 months', '1 year' or '10 working days'":
        "en tid, till exempel `30 days`, `2 weeks`, `2 months`, `1 year` eller "
        "`10 working days`",
    "a duration such as '3 months', or null for any length":
        "en tid, till exempel `3 months`, eller `null` för hur lång som helst",
    "a duration such as '1 month', a date (2028-02-28), or a mapping {day: 10}, "
    "{dates: […]} or {before: …, meeting: …}":
        "en tid, till exempel `1 month`, ett datum (`2028-02-28`) eller `{day: 10}`, "
        "`{dates: […]}` eller `{before: …, meeting: …}`",
    "a duration such as '1 month', or a date YYYY-MM-DD for a report of one period":
        "en tid, till exempel `1 month`, eller ett datum ÅÅÅÅ-MM-DD för en rapport med en "
        "enda period",
    "a day of the year written MM-DD in quotes, or {before: 5 working days, meeting: ID}":
        "en dag på året skriven MM-DD inom citattecken, eller "
        "`{before: 5 working days, meeting: ID}`",
    "a day of the year written MM-DD in quotes, e.g. \"10-31\"":
        "en dag på året skriven MM-DD inom citattecken, till exempel `\"10-31\"`",
    "a date written YYYY-MM-DD, or null for an open-ended phase":
        "ett datum skrivet ÅÅÅÅ-MM-DD, eller `null` för en fas utan slut",
    "a date written YYYY-MM-DD, or null for a permanent programme":
        "ett datum skrivet ÅÅÅÅ-MM-DD, eller `null` för ett program som inte tar slut",
    "a date written YYYY-MM-DD (years 1900–2199), e.g. 2021-01-01":
        "ett datum skrivet ÅÅÅÅ-MM-DD (åren 1900–2199), till exempel `2021-01-01`",
}

#: The schema's type names, in Swedish.
TYPES: dict[str, str] = {
    "object": "en mappning med nycklar", "array": "en lista", "string": "en text",
    "integer": "ett heltal", "number": "ett tal", "boolean": "`true` eller `false`",
    "null": "`null`",
}

#: What the command line adds after "did you mean", and the rest of a sentence's tail.
TAILS: dict[str, str] = {
    "suggestion": "Menade du {suggestion}?",
    "misspelt": "Är {misspelt} en felstavning av den?",
    "allowed": "Nycklar som går här: {allowed}.",
    "defined": "Det som finns: {defined}.",
    "one_of": "Värdet är ett av: {choices}.",
    "none_defined": "Det finns inga definierade.",
    "causes": "Troligen en följd av {causes}.",
    "cause": "den okända fasen {name} på rad {line}",
    "and": "och",
    "or": "eller",
    "mapping": "en mappning", "list": "en lista",
    "open_ended": "tills vidare",
    "valid_value": "ett giltigt värde",
}

#: What a value was read as (engine.definitions.schema_check), said before the value
#: itself (a mapping and a list are named by the tails' own words).
GOT: dict[str, str] = {
    "text": "texten", "a number": "talet", "true/false": "värdet", "null": "det tomma värdet",
}

#: The construct hints (engine.definitions.construct_hints), in Swedish.
HINTS: dict[str, str] = {
    "a phase's time limit is a mapping: time_limit: {max: 6 weeks} (with warn_before: 1 week "
    "for a warning)":
        "En fas tidsgräns skrivs som en mappning: `time_limit: {max: 6 weeks}` (med "
        "`warn_before: 1 week` för en varning).",
    "consent to take part, with its date recorded on the case, is written eligibility: "
    "{consent: required} (the coordinator gives the date at enrolment: stegvis enrol "
    "--consent-on DATE)":
        "Samtycke till att delta, med datumet sparat på ärendet, skrivs `eligibility: "
        "{consent: required}` (samordnaren anger datumet vid inskrivningen).",
    "that is a calendar date, and due takes a length of time after the period; a report due "
    "on fixed days is written due: {dates: [{period_ends: \"12-31\", on: \"02-28\"}]}":
        "Det är ett datum, och `due` tar en tid efter perioden. En rapport som ska lämnas på "
        "fasta dagar skrivs `due: {dates: [{period_ends: \"12-31\", on: \"02-28\"}]}`.",
    "that is a calendar date, and this key takes a length of time (how long after the event "
    "that starts it); dates are written in valid: {from, to}, a meeting's schedule.starts and "
    "a report's due: {dates: […]}":
        "Det är ett datum, och nyckeln tar en tid (hur länge efter det som startar den). Datum "
        "skrivs i `valid: {from, to}`, i ett mötes `schedule.starts` och i en rapports "
        "`due: {dates: […]}`.",
    "for a report every month write cadence: {every: 1 month} (any number of months)":
        "För en rapport varje månad, skriv `cadence: {every: 1 month}` (valfritt antal "
        "månader).",
    "for a report every second month write cadence: {every: 2 months}":
        "För en rapport varannan månad, skriv `cadence: {every: 2 months}`.",
    "write cadence: annual": "Skriv `cadence: annual`.",
    "write cadence: half_year": "Skriv `cadence: half_year`.",
    "write cadence: quarterly": "Skriv `cadence: quarterly`.",
    "reports follow whole months; write cadence: {every: N months}":
        "Rapporter följer hela månader. Skriv `cadence: {every: N months}`.",
    "a series that begins when a phase is entered: write starts: phase_entry and phase: ID "
    "(anchor stays start or previous)":
        "En serie som börjar när deltagaren går in i en fas: skriv `starts: phase_entry` och "
        "`phase: ID` (`anchor` förblir `start` eller `previous`).",
    "a series counted from the referral: write starts: referral":
        "En serie som räknas från remissen: skriv `starts: referral`.",
    "write when: referral": "Skriv `when: referral`.",
    "a limit on the time in a phase is written on the phase: time_limit: {max: 6 weeks}":
        "En gräns för tiden i en fas skrivs på fasen: `time_limit: {max: 6 weeks}`.",
    "exclusions are written denominator: {of: all_exits, except: [OUTCOME]}":
        "Undantag skrivs `denominator: {of: all_exits, except: [UTFALL]}`.",
    "a phase's time limit is written time_limit: {max: 6 weeks, warn_before: 1 week}":
        "En fas tidsgräns skrivs `time_limit: {max: 6 weeks, warn_before: 1 week}`.",
    "the referral date is a fact of the case (stegvis enrol --referred-on DATE); count from "
    "it with when: referral (tasks) or starts: referral (follow-ups)":
        "Remissdatumet hör till ärendet (det anges vid inskrivningen). Räkna från det med "
        "`when: referral` (uppgifter) eller `starts: referral` (uppföljningar).",
    "extra attendees at every n-th meeting: extra_attendees: [{every: 3, attendees: [ROLE]}]":
        "Fler deltagare vid vart n:te möte: `extra_attendees: [{every: 3, attendees: "
        "[ROLL]}]`.",
    "exclusions from a denominator: denominator: {of: all_exits, except: [OUTCOME]}":
        "Undantag från nämnaren: `denominator: {of: all_exits, except: [UTFALL]}`.",
    "a deadline before a meeting: due: {before: 10 working days, meeting: MEETING_ID}":
        "En sista dag före ett möte: `due: {before: 10 working days, meeting: MÖTE}`.",
    "a series that begins when a phase is entered: starts: phase_entry, phase: ID":
        "En serie som börjar när deltagaren går in i en fas: `starts: phase_entry`, "
        "`phase: ID`.",
    "a deadline before a meeting is written due: {before: 10 working days, meeting: "
    "MEETING_ID}":
        "En sista dag före ett möte skrivs `due: {before: 10 working days, meeting: MÖTE}`.",
    "the last day of the month after the period: due: {day: 31} (a day past a month's end "
    "is its last day)":
        "Sista dagen i månaden efter perioden: `due: {day: 31}` (en dag efter månadens slut "
        "blir dess sista dag).",
    "a fixed day of a following month: due: {day: 10, months_after: 1}":
        "En bestämd dag i en senare månad: `due: {day: 10, months_after: 1}`.",
    "write the interval as a duration, e.g. '1 month' or '2 weeks'":
        "Skriv intervallet som en tid, till exempel `1 month` eller `2 weeks`.",
}
