"""The words of a report, in Swedish (the default) and English.

Each text is written here in Swedish; its English is in the gettext catalogue
(:mod:`engine.language`, context ``report.<key>``; docs/translating.md).  Labels are
looked up by key with :func:`label`; names that come from a definition
(outcomes, roles, targets, municipalities) are shown as the definition writes them.
Numbers in sentences are whole numbers or percentages written by :func:`percent`
(Babel, as the renderers format the table cells).
"""

from __future__ import annotations

from string import Formatter
from typing import Literal

from engine.language import pgettext
from engine.reports.formatting import share as formatted_share
from engine.reports.texts_board import BOARD_TEXTS

Lang = Literal["sv", "en"]

_TEXTS: dict[str, str] = {
    # sections
    "section.participants": "Deltagare",
    "section.capacity": "Kapacitet och beläggning",
    "section.exits": "Avslut och utfall",
    "section.targets": "Mål och utfall",
    "section.time": "Tid i insatsen och förlängningar",
    "section.obligations": "Uppföljningar och åtaganden",
    "section.post_exit": "Uppföljning efter avslut",
    "section.records": "Registrerade uppgifter",
    "section.refusals": "Ej antagna",
    "section.training": "Utbildad personal",
    "section.prognosis": "Prognos för helåret",
    "section.budget": "Budget och utfall",
    "section.finsam": "Underlag för Uppföljning Finsam",
    # gender columns
    "gender.kvinna": "Kvinnor",
    "gender.man": "Män",
    "gender.annat_uppgift_saknas": "Annat/uppgift saknas",
    "gender.totalt": "Totalt",
    "total": "Totalt",
    # participants
    "table.participants_flow": "Deltagare under perioden",
    "flow.at_start": "Aktiva vid periodens början",
    "flow.enrolled": "Inskrivna under perioden",
    "flow.exited": "Avslutade under perioden",
    "flow.at_end": "Aktiva vid periodens slut",
    "flow.during": "Aktiva någon gång under perioden",
    "flow.waiting": "På väntelistan",
    "note.participants_flow": (
        "Ett ärende räknas i perioden om det var aktivt någon dag i den; ett avslut i "
        "perioden för sitt datum. Väntelistan avser dagen siffrorna avser."),
    "table.flows_by_month": "Inskrivna och avslutade per månad",
    "table.flows_by_month_enrolled": "Inskrivna per månad, kvinnor och män",
    "table.flows_by_month_exited": "Avslutade per månad, kvinnor och män",
    "month.enrolled": "Inskrivna",
    "month.exited": "Avslutade",
    "note.flows_by_month": "Månader till och med dagen siffrorna avser.",
    "table.participants_age": "Deltagare efter ålder vid inskrivning",
    "note.participants_age": "Aktiva någon gång under perioden; ålder efter födelseår.",
    "table.participants_municipality": "Deltagare efter kommun",
    "note.participants_municipality": "Aktiva någon gång under perioden.",
    "age.unknown": "Okänd",
    # capacity
    "table.capacity": "Kapacitet och beläggning",
    "table.capacity_share": "Kapacitetsutnyttjande",
    "capacity.places": "Platser enligt definitionen",
    "capacity.used": "Använt",
    "capacity.peak": "Högst en dag",
    "capacity.average": "Genomsnitt per dag",
    "capacity.used_share": "Andel använd",
    "capacity.average_share": "Genomsnitt av platserna",
    "capacity.concurrent": "Samtidiga platser (aktiva vid periodens slut)",
    "capacity.quota": "{name}: platser (aktiva vid periodens slut)",
    "capacity.other_municipalities": "Övriga kommuner (aktiva vid periodens slut)",
    "capacity.annual_places": "Årsplatser (genomsnittlig beläggning)",
    "capacity.total_participants": "Deltagare totalt sedan start",
    "note.capacity": "Genomsnitt per dag och högst en dag räknas över periodens dagar.",
    "note.annual_places": "Årsplatser: deltagardagar i perioden delat med periodens dagar.",
    # exits
    "table.exits_outcome": "Avslut efter utfall",
    "table.exits_outcome_share": "Avslut efter utfall, andel av alla avslut",
    "table.exits_category": "Avslut efter kategori",
    "table.exits_category_share": "Avslut efter kategori, andel av alla avslut",
    "outcome.unknown": "Utfall som inte längre finns i definitionen",
    "category.work": "Arbete",
    "category.studies": "Studier",
    "category.occupation": "Sysselsättning",
    "category.continued_rehabilitation": "Fortsatt rehabilitering",
    "category.other": "Annat",
    "category.drop_out": "Avbrott",
    # targets
    "table.targets": "Mål och utfall",
    "target.at_least": "minst {value}",
    "target.at_most": "högst {value}",
    "target.about": "cirka {value}",
    "target.persons": "{count} personer",
    "target.qualitative": "kvalitativt mål",
    "target.duration": "{comparison} {duration} (mäts av {by})",
    # The outcomes are names, quoted: "Avslut med I arbete efter avslut" read as a
    # sentence with a capital in the middle (issue 22, finding 11).
    "measure.outcome_share": "Avslut med utfallet {outcomes}, av {denominator}",
    "measure.or": "eller",
    "measure.step_movement": "Avslut där en uppföljning visat stegförflyttning, av {denominator}",
    "measure.survey_improvement": (
        "Avslut där {survey} gav högre summa än enkäten vid start, av dem bland "
        "{denominator} som besvarat båda enkäterna"),
    "measure.participants": "Deltagare inskrivna sedan start",
    "measure.staff_trained": "Utbildad personal sedan start enligt registrerade utbildningar",
    "measure.payback_time": "Mäts utanför Stegvis",
    "measure.qualitative": "Beskrivs i text",
    "denominator.all_exits": "alla avslut",
    "denominator.except": "{denominator} utom {left_out}",
    "denominator.completers": "dem som fullföljt",
    "denominator.all_participants": "alla deltagare som avslutat insatsen",
    # time and extensions
    "table.time_in_programme": "Tid i insatsen för avslutade (dagar)",
    "time.q1": "Första kvartilen",
    "time.median": "Median",
    "time.q3": "Tredje kvartilen",
    "table.extensions": "Beviljade förlängningar efter beslutsfattare",
    # obligations
    "table.obligations": "Åtaganden med förfallodag i perioden",
    "note.obligations": (
        "Räknar åtaganden, inte personer. I tid: utfört senast förfallodagen (eller "
        "fönstrets slut). Missat: stängt vid avslut utan att ha utförts. Försenat, ej utfört: "
        "öppet efter förfallodagen. Uppföljningar efter avslut redovisas i ett eget avsnitt."),
    "obligation.due": "Förfallna",
    "obligation.on_time": "I tid",
    "obligation.late": "Försenat utfört",
    "obligation.missed": "Missat",
    "obligation.overdue": "Försenat, ej utfört",
    "obligation.due_today": "Förfaller i dag",
    "kind.follow_up": "Uppföljningsmöten",
    "kind.task": "Uppgifter och registreringar",
    "kind.survey": "Enkäter",
    "kind.critical_point": "Kritiska punkter",
    "kind.handover": "Överlämningar",
    "kind.exit_task": "Uppgifter vid avslut",
    # post-exit
    "table.post_exit": "{name}: resultat",
    "finding.not_reachable": "Gick inte att nå",
    "finding.none": "Inget resultat registrerat",
    "note.post_exit": "Uppföljningar med förfallodag i perioden.",
    # refusals
    "table.refusals": "Ej antagna efter kriterium som inte uppfylldes",
    "refusals.total": "Ej antagna totalt",
    "note.refusals": (
                      "En person kan ha fallit på flera kriterier; raderna summerar inte "
                      "till totalen."),
    "criterion.age": "Ålder",
    "criterion.residence": "Folkbokföring",
    "criterion.min_parties": "Aktuell hos minst två parter",
    "criterion.income_support": "Försörjning från anvisande part",
    # training
    "table.training": "Utbildad personal",
    "training.course": "{course} – {role}",
    "training.count": "Antal",
    # prognosis (the evaluation before the decision meeting)
    "table.prognosis": "Prognos för helåret {year}",
    "prognosis.so_far": "Hittills",
    "prognosis.full_year": "Prognos helår",
    "prognosis.target": "Mål",
    "prognosis.enrolled": "Inskrivna",
    "prognosis.exited": "Avslutade",
    "prognosis.completers": "Fullföljt (avslut med fullföljt utfall)",
    "prognosis.during": "Aktiva någon gång under året",
    "prognosis.count_target": "Mål: {name}",
    "table.prognosis_gender": "Prognos för helåret {year} för kvinnor och män",
    "note.prognosis_gender": (
        "Varje köns antal hittills (i tabellen över deltagarflödet) räknat upp på samma sätt "
        "som i prognosen ovan; summan av kolumnerna kan avvika från Totalt med avrundningen."),
    "note.prognosis": (
        "Linjär framskrivning: antal hittills × årets dagar ÷ dagar hittills ({days} av "
        "{total}), avrundat; aktiva någon gång = aktiva vid årets början + framskrivna "
        "inskrivna. En andel är kvoten av två antal som skrivs fram lika, så andelsmålen "
        "bedöms på utfallet hittills (se Mål och utfall)."),
    # budget (Västerås målområde 3) and the national follow-up
    "table.budget": "Budget och utfall ({currency})",
    "budget.budget": "Budget",
    "budget.outcome": "Utfall",
    "budget.deviation": "Avvikelse",
    "budget.deviation_share": "Avvikelse av budget",
    "note.budget": (
                    "Belopp i hela kronor; avvikelse = utfall − budget. En period utan "
                    "registrerat utfall har ingen avvikelse; summans avvikelse räknas över "
                    "perioderna med både budget och utfall."),
    "table.finsam_participants": "Uppföljning Finsam: deltagare per insats {year}",
    "note.finsam_participants": (
        "Deltagare som var aktiva någon gång under året, per insats (programmet, och dess "
        "inriktningar när det har sådana), efter kön: det som förs in i Uppföljning Finsam."),
    "finsam.no_track": "Utan inriktning",
    "table.finsam_budget": "Uppföljning Finsam: budget och utfall {year} ({currency})",
    "finsam.year": "Helår {year}",
    # periods
    "period.year": "{year}",
    "period.H1": "Första halvåret {year}",
    "period.H2": "Andra halvåret {year}",
    "period.Q1": "Första kvartalet {year}",
    "period.Q2": "Andra kvartalet {year}",
    "period.Q3": "Tredje kvartalet {year}",
    "period.Q4": "Fjärde kvartalet {year}",
    "period.final": "Hela insatsen",
    "period.span": "{start} – {end}",
    # report notes
    "note.as_of": "Perioden pågår: siffrorna avser läget {day}.",
    "table.targets_gender": "Mål och utfall för kvinnor och män, antal",
    "table.targets_gender_share": "Mål och utfall för kvinnor och män, andel",
    "targets_gender.numerator": "{name}: utfall",
    "targets_gender.denominator": "{name}: underlag",
    "note.targets_gender": (
        "Varje mål följt för kvinnor, män och totalt (förordning 2001:100 14 §), med samma "
        "underlag som i tabellen över mål och utfall; målvärdet gäller totalen."),
    "note.training_gender": (
        "Utbildningsregistret har inga uppgifter om kön, så tabellen är inte uppdelad på "
        "kvinnor och män."),
    "note.small_category_folded": (
        "Färre än {threshold} personer i rapporten har kön annat eller uppgift saknas; de "
        "redovisas inte i en egen kolumn i tabellerna men ingår i Totalt."),
    "note.versions": (
                      "Ärendena följer definitionens versioner {versions}; ett ärende som "
                      "flyttats till en ny version räknas en gång."),
}

_TEXTS.update(BOARD_TEXTS)  # the board's tables (issue 22), kept in their own module


def label(lang: Lang, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in."""
    return pgettext(lang, f"report.{key}", _TEXTS[key]).format(**values)


def has_label(key: str) -> bool:
    """Whether ``key`` has a text."""
    return key in _TEXTS


def label_fields(key: str) -> set[str]:
    """The names of the values the text ``key`` is filled in with (``{year}`` …)."""
    return {name for _, name, _, _ in Formatter().parse(_TEXTS[key]) if name}


def percent(lang: Lang, share: float) -> str:
    """A target share as people write it: "25 %" (sv) or "25%" (en); one decimal if needed."""
    whole = round(share * 100, 1) == round(share * 100)
    return formatted_share(share, lang, decimals=0 if whole else 1)
