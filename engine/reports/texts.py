"""The words of a report, in Swedish (the default) and English.

Labels are looked up by key with :func:`label`; names that come from a definition
(outcomes, roles, targets, municipalities) are shown as the definition writes them.
Numbers in sentences are whole numbers or percentages written by :func:`percent`
(Babel, as the renderers format the table cells).
"""

from __future__ import annotations

from typing import Literal

from engine.reports.formatting import share as formatted_share

Lang = Literal["sv", "en"]

_TEXTS: dict[str, tuple[str, str]] = {
    # sections
    "section.participants": ("Deltagare", "Participants"),
    "section.capacity": ("Kapacitet och beläggning", "Capacity and occupancy"),
    "section.exits": ("Avslut och utfall", "Exits and outcomes"),
    "section.targets": ("Mål och utfall", "Targets and results"),
    "section.time": ("Tid i insatsen och förlängningar", "Time in the programme and extensions"),
    "section.obligations": ("Uppföljningar och åtaganden", "Follow-ups and obligations"),
    "section.post_exit": ("Uppföljning efter avslut", "Follow-up after exit"),
    "section.refusals": ("Ej antagna", "Enrolments refused"),
    "section.training": ("Utbildad personal", "Staff trained"),
    "section.prognosis": ("Prognos för helåret", "Forecast for the full year"),
    "section.budget": ("Budget och utfall", "Budget and outcome"),
    "section.finsam": ("Underlag för Uppföljning Finsam", "Basis for Uppföljning Finsam"),
    # gender columns
    "gender.kvinna": ("Kvinnor", "Women"),
    "gender.man": ("Män", "Men"),
    "gender.annat_uppgift_saknas": ("Annat/uppgift saknas", "Other/not stated"),
    "gender.totalt": ("Totalt", "Total"),
    "total": ("Totalt", "Total"),
    # participants
    "table.participants_flow": ("Deltagare under perioden", "Participants in the period"),
    "flow.at_start": ("Aktiva vid periodens början", "Active at the start of the period"),
    "flow.enrolled": ("Inskrivna under perioden", "Enrolled during the period"),
    "flow.exited": ("Avslutade under perioden", "Exited during the period"),
    "flow.at_end": ("Aktiva vid periodens slut", "Active at the end of the period"),
    "flow.during": ("Aktiva någon gång under perioden", "Active at some time in the period"),
    "flow.waiting": ("På väntelistan", "On the waiting list"),
    "note.participants_flow": (
        "Ett ärende räknas i perioden om det var aktivt någon dag i den; ett avslut i "
        "perioden för sitt datum. Väntelistan avser dagen siffrorna avser.",
        "A case counts in the period if it was active on any day of it; an exit in the "
        "period of its date. The waiting list is as on the day the figures describe."),
    "table.flows_by_month": ("Inskrivna och avslutade per månad",
                             "Enrolled and exited by month"),
    "month.enrolled": ("Inskrivna", "Enrolled"),
    "month.exited": ("Avslutade", "Exited"),
    "note.flows_by_month": ("Månader till och med dagen siffrorna avser.",
                            "Months up to the day the figures describe."),
    "table.participants_age": ("Deltagare efter ålder vid inskrivning",
                               "Participants by age at enrolment"),
    "note.participants_age": ("Aktiva någon gång under perioden; ålder efter födelseår.",
                              "Active at some time in the period; age by year of birth."),
    "table.participants_municipality": ("Deltagare efter kommun", "Participants by municipality"),
    "note.participants_municipality": ("Aktiva någon gång under perioden.",
                                       "Active at some time in the period."),
    "age.unknown": ("Okänd", "Unknown"),
    # capacity
    "table.capacity": ("Kapacitet och beläggning", "Capacity and occupancy"),
    "table.capacity_share": ("Kapacitetsutnyttjande", "Use of capacity"),
    "capacity.places": ("Platser enligt definitionen", "Places in the definition"),
    "capacity.used": ("Använt", "Used"),
    "capacity.peak": ("Högst en dag", "Highest on one day"),
    "capacity.average": ("Genomsnitt per dag", "Average per day"),
    "capacity.used_share": ("Andel använd", "Share used"),
    "capacity.average_share": ("Genomsnitt av platserna", "Average of the places"),
    "capacity.concurrent": ("Samtidiga platser (aktiva vid periodens slut)",
                            "Concurrent places (active at the end of the period)"),
    "capacity.quota": ("{name}: platser (aktiva vid periodens slut)",
                       "{name}: places (active at the end of the period)"),
    "capacity.other_municipalities": ("Övriga kommuner (aktiva vid periodens slut)",
                                      "Other municipalities (active at the end of the period)"),
    "capacity.annual_places": ("Årsplatser (genomsnittlig beläggning)",
                               "Annual places (average occupancy)"),
    "capacity.total_participants": ("Deltagare totalt sedan start",
                                    "Participants in all since the start"),
    "note.capacity": (
        "Genomsnitt per dag och högst en dag räknas över periodens dagar.",
        "The average and the highest number are taken over the days of the period."),
    "note.annual_places": (
        "Årsplatser: deltagardagar i perioden delat med periodens dagar.",
        "Annual places: participant-days in the period divided by its days."),
    # exits
    "table.exits_outcome": ("Avslut efter utfall", "Exits by outcome"),
    "table.exits_outcome_share": ("Avslut efter utfall, andel av alla avslut",
                                  "Exits by outcome, share of all exits"),
    "table.exits_category": ("Avslut efter kategori", "Exits by category"),
    "table.exits_category_share": ("Avslut efter kategori, andel av alla avslut",
                                   "Exits by category, share of all exits"),
    "outcome.unknown": ("Utfall som inte längre finns i definitionen",
                        "Outcome no longer in the definition"),
    "category.work": ("Arbete", "Work"),
    "category.studies": ("Studier", "Studies"),
    "category.occupation": ("Sysselsättning", "Occupation"),
    "category.continued_rehabilitation": ("Fortsatt rehabilitering", "Continued rehabilitation"),
    "category.other": ("Annat", "Other"),
    "category.drop_out": ("Avbrott", "Drop-out"),
    # targets
    "table.targets": ("Mål och utfall", "Targets and results"),
    "target.at_least": ("minst {value}", "at least {value}"),
    "target.at_most": ("högst {value}", "at most {value}"),
    "target.about": ("cirka {value}", "about {value}"),
    "target.persons": ("{count} personer", "{count} persons"),
    "target.qualitative": ("kvalitativt mål", "qualitative target"),
    "target.duration": ("{comparison} {duration} (mäts av {by})",
                        "{comparison} {duration} (measured by {by})"),
    # The outcomes are names, quoted: "Avslut med I arbete efter avslut" read as a
    # sentence with a capital in the middle (issue 22, finding 11).
    "measure.outcome_share": ("Avslut med utfallet {outcomes}, av {denominator}",
                              "Exits with the outcome {outcomes}, of {denominator}"),
    "measure.or": ("eller", "or"),
    "measure.step_movement": ("Avslut där en uppföljning visat stegförflyttning, av {denominator}",
                              "Exits where a follow-up recorded a step movement, of "
                              "{denominator}"),
    "measure.survey_improvement": (
        "Avslut där {survey} gav högre summa än enkäten vid start, av dem bland "
        "{denominator} som besvarat båda enkäterna",
        "Exits where {survey} scored higher than the start survey, of those among "
        "{denominator} who answered both surveys"),
    "measure.participants": ("Deltagare inskrivna sedan start",
                             "Participants enrolled since the start"),
    "measure.staff_trained": ("Utbildad personal sedan start enligt registrerade utbildningar",
                              "Staff trained since the start, as registered"),
    "measure.payback_time": ("Mäts utanför Stegvis", "Measured outside Stegvis"),
    "measure.qualitative": ("Beskrivs i text", "Described in words"),
    "denominator.all_exits": ("alla avslut", "all exits"),
    "denominator.except": ("{denominator} utom {left_out}", "{denominator} except {left_out}"),
    "denominator.completers": ("dem som fullföljt", "those who completed"),
    "denominator.all_participants": ("alla deltagare under perioden",
                                     "all participants in the period"),
    # time and extensions
    "table.time_in_programme": ("Tid i insatsen för avslutade (dagar)",
                                "Time in the programme of those who exited (days)"),
    "time.q1": ("Första kvartilen", "First quartile"),
    "time.median": ("Median", "Median"),
    "time.q3": ("Tredje kvartilen", "Third quartile"),
    "table.extensions": ("Beviljade förlängningar efter beslutsfattare",
                         "Extensions granted, by who decided"),
    # obligations
    "table.obligations": ("Åtaganden med förfallodag i perioden", "Obligations due in the period"),
    "note.obligations": (
        "Räknar åtaganden, inte personer. I tid: utfört senast förfallodagen (eller "
        "fönstrets slut). Missat: stängt vid avslut utan att ha utförts. Försenat, ej utfört: "
        "öppet efter förfallodagen. Uppföljningar efter avslut redovisas i ett eget avsnitt.",
        "Counts obligations, not persons. On time: done by the due date (or the end of its "
        "window). Missed: closed at the exit without being done. Overdue: open after the "
        "due date. Follow-ups after exit are shown in their own section."),
    "obligation.due": ("Förfallna", "Due"),
    "obligation.on_time": ("I tid", "On time"),
    "obligation.late": ("Försenat utfört", "Done late"),
    "obligation.missed": ("Missat", "Missed"),
    "obligation.overdue": ("Försenat, ej utfört", "Overdue, not done"),
    "obligation.due_today": ("Förfaller i dag", "Due today"),
    "kind.follow_up": ("Uppföljningsmöten", "Follow-up meetings"),
    "kind.task": ("Uppgifter och registreringar", "Tasks and registrations"),
    "kind.survey": ("Enkäter", "Surveys"),
    "kind.critical_point": ("Kritiska punkter", "Critical points"),
    "kind.handover": ("Överlämningar", "Handovers"),
    "kind.exit_task": ("Uppgifter vid avslut", "Tasks at exit"),
    # post-exit
    "table.post_exit": ("{name}: resultat", "{name}: findings"),
    "finding.not_reachable": ("Gick inte att nå", "Not reachable"),
    "finding.none": ("Inget resultat registrerat", "No finding recorded"),
    "note.post_exit": ("Uppföljningar med förfallodag i perioden.",
                       "Follow-ups due in the period."),
    # refusals
    "table.refusals": ("Ej antagna efter kriterium som inte uppfylldes",
                       "Enrolments refused, by the criterion not met"),
    "refusals.total": ("Ej antagna totalt", "Refused in all"),
    "note.refusals": ("En person kan ha fallit på flera kriterier; raderna summerar inte "
                      "till totalen.",
                      "A person may have failed several criteria; the rows do not add up "
                      "to the total."),
    "criterion.age": ("Ålder", "Age"),
    "criterion.residence": ("Folkbokföring", "Residence"),
    "criterion.min_parties": ("Aktuell hos minst två parter", "Known to enough parties"),
    "criterion.income_support": ("Försörjning från anvisande part",
                                 "Income support from a referring party"),
    # training
    "table.training": ("Utbildad personal", "Staff trained"),
    "training.course": ("{course} – {role}", "{course} – {role}"),
    "training.count": ("Antal", "Number"),
    # prognosis (the evaluation before the decision meeting)
    "table.prognosis": ("Prognos för helåret {year}", "Forecast for the full year {year}"),
    "prognosis.so_far": ("Hittills", "So far"),
    "prognosis.full_year": ("Prognos helår", "Full-year forecast"),
    "prognosis.target": ("Mål", "Target"),
    "prognosis.enrolled": ("Inskrivna", "Enrolled"),
    "prognosis.exited": ("Avslutade", "Exited"),
    "prognosis.completers": ("Fullföljt (avslut med fullföljt utfall)",
                             "Completed (exits with a completing outcome)"),
    "prognosis.during": ("Aktiva någon gång under året", "Active at some time in the year"),
    "prognosis.count_target": ("Mål: {name}", "Target: {name}"),
    "note.prognosis": (
        "Linjär framskrivning: antal hittills × årets dagar ÷ dagar hittills ({days} av "
        "{total}), avrundat; aktiva någon gång = aktiva vid årets början + framskrivna "
        "inskrivna. En andel är kvoten av två antal som skrivs fram lika, så andelsmålen "
        "bedöms på utfallet hittills (se Mål och utfall).",
        "Linear projection: count so far × days in the year ÷ days so far ({days} of "
        "{total}), rounded; active at some time = active at the start of the year + the "
        "projected enrolments. A share is the ratio of two counts projected alike, so "
        "share targets are judged on the outcome so far (see Targets and results)."),
    # budget (Västerås målområde 3) and the national follow-up
    "table.budget": ("Budget och utfall ({currency})", "Budget and outcome ({currency})"),
    "budget.budget": ("Budget", "Budget"),
    "budget.outcome": ("Utfall", "Outcome"),
    "budget.deviation": ("Avvikelse", "Deviation"),
    "budget.deviation_share": ("Avvikelse av budget", "Deviation of budget"),
    "note.budget": ("Belopp i hela kronor; avvikelse = utfall − budget. En period utan "
                    "registrerat utfall har ingen avvikelse.",
                    "Amounts in whole kronor; deviation = outcome − budget. A period with "
                    "no outcome recorded has no deviation."),
    "table.finsam_participants": ("Uppföljning Finsam: deltagare per insats {year}",
                                  "Uppföljning Finsam: participants per measure {year}"),
    "note.finsam_participants": (
        "Deltagare som var aktiva någon gång under året, per insats (programmet, och dess "
        "inriktningar när det har sådana), efter kön: det som förs in i Uppföljning Finsam.",
        "Participants active at some time in the year, per measure (the programme, and "
        "its tracks when it has any), by gender: what goes into Uppföljning Finsam."),
    "finsam.no_track": ("Utan inriktning", "No track"),
    "table.finsam_budget": ("Uppföljning Finsam: budget och utfall {year} ({currency})",
                            "Uppföljning Finsam: budget and outcome {year} ({currency})"),
    "finsam.year": ("Helår {year}", "Full year {year}"),
    # periods
    "period.year": ("{year}", "{year}"),
    "period.H1": ("Första halvåret {year}", "First half of {year}"),
    "period.H2": ("Andra halvåret {year}", "Second half of {year}"),
    "period.Q1": ("Första kvartalet {year}", "First quarter of {year}"),
    "period.Q2": ("Andra kvartalet {year}", "Second quarter of {year}"),
    "period.Q3": ("Tredje kvartalet {year}", "Third quarter of {year}"),
    "period.Q4": ("Fjärde kvartalet {year}", "Fourth quarter of {year}"),
    "period.final": ("Hela insatsen", "The whole programme"),
    "period.span": ("{start} – {end}", "{start} – {end}"),
    # report notes
    "note.as_of": ("Perioden pågår: siffrorna avser läget {day}.",
                   "The period is not over: the figures are as on {day}."),
    "note.suppression": (
        "Celler med 1–{below} personer visas inte, och inte heller så många andra celler "
        "att de kan räknas fram ur summorna. En andel visas inte när dess nämnare är dold.",
        "Cells of 1–{below} persons are not shown, nor enough other cells that they cannot "
        "be worked out from the totals. A share is not shown when its denominator is hidden."),
    "note.versions": ("Ärendena följer definitionens versioner {versions}; ett ärende som "
                      "flyttats till en ny version räknas en gång.",
                      "The cases follow versions {versions} of the definition; a case moved "
                      "to a new version is counted once."),
}


def label(lang: Lang, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in."""
    sv, en = _TEXTS[key]
    return (sv if lang == "sv" else en).format(**values)


def has_label(key: str) -> bool:
    """Whether ``key`` has a text."""
    return key in _TEXTS


def percent(lang: Lang, share: float) -> str:
    """A target share as people write it: "25 %" (sv) or "25%" (en); one decimal if needed."""
    whole = round(share * 100, 1) == round(share * 100)
    return formatted_share(share, lang, decimals=0 if whole else 1)
