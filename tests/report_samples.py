"""A realistic Report built by hand, for the document renderers' tests.

It looks like a REBUS annual report (seed 001): several sections, every table split by
gender (kvinna, man, annat/uppgift saknas, totalt), small counts already suppressed the
way the figures do it (primary "<5", secondary "–", shares whose denominator is hidden),
a number in the thousands, and one target of each status.  Labels are in the report's
language, as the figures write them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from engine.reports.model import (
    GENDER_COLUMNS,
    Cell,
    Column,
    Period,
    Report,
    Row,
    Section,
    Table,
    TargetResult,
    Unit,
)

Lang = Literal["sv", "en"]

P = Cell(None, "primary")        # 1..4 persons
S = Cell(None, "secondary")      # hidden so a primary cell cannot be worked out
D = Cell(None, "denominator")    # a share whose denominator is hidden
N = Cell(None, "none")           # nothing to show


def c(value: float) -> Cell:
    """A published cell."""
    return Cell(value)


def _words(lang: Lang, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


def _genders(lang: Lang) -> tuple[Column, ...]:
    sv = ("Kvinnor", "Män", "Annat/uppgift saknas", "Totalt")
    en = ("Women", "Men", "Other/not stated", "Total")
    return tuple(Column(k, label) for k, label in
                 zip(GENDER_COLUMNS, sv if lang == "sv" else en, strict=True))


def _table(key: str, title: str, section: str, unit: Unit, columns: tuple[Column, ...],
           rows: list[tuple[str, str, tuple[Cell, ...], bool]], note: str = "") -> Table:
    return Table(key=key, title=title, section=section, unit=unit, columns=columns,
                 rows=tuple(Row(k, label, cells, total) for k, label, cells, total in rows),
                 note=note)


MONTHS = {"sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
                 "nov", "dec"],
          "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                 "Nov", "Dec"]}
#: Enrolled and exited per month; None is a month with 1..4 persons (shown "<5").
ENROLLED = [9, 7, None, 6, 8, None, None, 5, 11, 7, 6, None]
EXITED = [None, 5, 6, None, 7, 5, None, None, 8, 6, None, 9]


def sample_report(lang: Lang = "sv", *, with_flows: bool = True) -> Report:
    """The REBUS-like annual report 2026 in ``lang`` (see the module docstring)."""

    def w(sv: str, en: str) -> str:
        return _words(lang, sv, en)

    genders = _genders(lang)
    sections = (
        Section("participants", w("Deltagare", "Participants")),
        Section("exits", w("Avslut och utfall", "Exits and outcomes")),
        Section("time", w("Tid i insatsen", "Time in the programme")),
        Section("obligations", w("Uppföljningar och åtaganden", "Follow-ups and obligations")),
        Section("targets", w("Mål och utfall", "Targets and outcomes")),
    )
    tables = [
        _table("participants_flow", w("Deltagare under perioden", "Participants in the period"),
               "participants", "persons", genders, [
                   ("active_start", w("Aktiva vid periodens början", "Active at the start"),
                    (c(14), S, P, S), False),
                   ("enrolled", w("Inskrivna under perioden", "Enrolled in the period"),
                    (c(41), c(38), P, S), False),
                   ("exited", w("Avslutade under perioden", "Exited in the period"),
                    (c(36), c(29), c(5), c(70)), False),
                   ("active_end", w("Aktiva vid periodens slut", "Active at the end"),
                    (c(19), c(18), P, S), False),
                   ("waiting", w("Väntelista vid periodens slut", "Waiting list at the end"),
                    (c(6), P, c(0), S), False),
               ], note=w("Ett ärende räknas som aktivt om det var öppet någon dag under "
                         "perioden.", "A case counts as active if it was open on any day "
                         "of the period.")),
    ]
    if with_flows:
        tables.append(_table(
            "flows_by_month", w("Inskrivna och avslutade per månad",
                                "Enrolled and exited by month"),
            "participants", "persons",
            (Column("enrolled", w("Inskrivna", "Enrolled")),
             Column("exited", w("Avslutade", "Exited"))),
            [(f"2026-{m + 1:02d}", MONTHS[lang][m],
              (P if e is None else c(e), P if x is None else c(x)), False)
             for m, (e, x) in enumerate(zip(ENROLLED, EXITED, strict=True))]))
    tables += [
        _table("capacity", w("Platser och beläggning", "Places and use"), "participants",
               "share", (Column("use", w("Beläggning", "Use")),), [
                   ("enkoping", "Enköping (17 platser)", (c(0.941),), False),
                   ("habo", "Håbo (17 platser)", (c(0.8235),), False),
                   ("knivsta", "Knivsta (6 platser)", (c(1.0),), False),
                   ("all", w("Alla (40 platser)", "All (40 places)"), (c(0.9),), True),
               ]),
        _table("exits_outcome", w("Avslut efter utfall", "Exits by outcome"), "exits",
               "persons", genders, [
                   ("arbete", w("Arbete", "Work"), (c(11), c(9), P, S), False),
                   ("studier", w("Studier", "Studies"), (c(8), c(6), P, S), False),
                   ("annan_insats", w("Vidare till annan insats", "Other support"),
                    (c(9), c(7), c(0), c(16)), False),
                   ("avbrott", w("Avbrott", "Dropped out"), (c(8), c(7), P, S), False),
                   ("all", w("Alla avslut", "All exits"), (c(36), c(29), c(5), c(70)), True),
               ]),
        _table("exit_shares", w("Andel av avsluten", "Share of exits"), "exits", "share",
               genders, [
                   ("arbete", w("Arbete", "Work"), (c(0.3056), c(0.3103), D, D), False),
                   ("studier", w("Studier", "Studies"), (c(0.2222), c(0.2069), D, D), False),
                   ("arbete_eller_studier", w("Arbete eller studier", "Work or studies"),
                    (c(0.5278), c(0.5172), D, D), False),
               ]),
        _table("time_in_programme", w("Tid i insatsen vid avslut (dagar)",
                                      "Time in the programme at exit (days)"), "time",
               "days", genders, [
                   ("q1", w("Första kvartil", "First quartile"),
                    (c(121), c(98.5), D, c(112)), False),
                   ("median", w("Median", "Median"), (c(203), c(187), D, c(196)), False),
                   ("q3", w("Tredje kvartil", "Third quartile"),
                    (c(301.5), c(288), D, c(297)), False),
               ]),
        _table("obligations_kept", w("Åtaganden med förfallodag under perioden",
                                     "Obligations due in the period"), "obligations",
               "count", (Column("on_time", w("I tid", "On time")),
                         Column("late", w("Sent", "Late")),
                         Column("missed", w("Missade", "Missed")),
                         Column("totalt", w("Totalt", "Total"))), [
                   ("follow_up", w("Uppföljningar", "Follow-ups"),
                    (c(1234), c(85), c(17), c(1336)), False),
                   ("survey", w("Enkäter", "Surveys"), (c(140), c(12), c(9), c(161)), False),
                   ("registration", w("Registreringar", "Registrations"),
                    (c(152), c(3), c(0), c(155)), False),
                   ("all", w("Alla", "All"), (c(1526), c(100), c(26), c(1652)), True),
               ]),
    ]
    targets = (
        TargetResult("stegforflyttning",
                     w("80 % har gjort en stegförflyttning mätt mot uppsatta delmål vid avslut",
                       "80 % have moved a step towards their goals at exit"),
                     w("Avslutade med stegförflyttning av alla avslutade",
                       "Exits with a step moved, of all exits"),
                     c(56), c(70), c(0.8), 0.8, w("minst 80 %", "at least 80 %"), "met"),
        TargetResult("arbete_eller_studier",
                     w("30 % har nått målet arbete eller studier vid avslut",
                       "30 % reached work or studies at exit"),
                     w("Avslutade till arbete eller studier av alla avslutade",
                       "Exits to work or studies, of all exits"),
                     c(18), c(70), c(0.2571), 0.3, w("minst 30 %", "at least 30 %"), "not_met"),
        TargetResult("okat_valbefinnande",
                     w("Deltagarna upplever ett ökat välbefinnande",
                       "Participants feel better"),
                     w("Förbättrat enkätsvar av besvarade enkäter",
                       "Improved survey answer, of answered surveys"),
                     P, P, D, 0.5, w("minst 50 %", "at least 50 %"), "not_enough_data"),
        TargetResult("personal_utbildad", w("12 personal utbildade", "12 staff trained"),
                     w("Utbildad personal", "Staff trained"), c(12), N, N, 12.0,
                     w("12 personer", "12 people"), "met"),
        TargetResult("samverkan", w("Sammanhållen process med hög grad av teamsamverkan",
                                    "A joined-up process with close teamwork"),
                     w("Kvalitativt mål", "Qualitative target"), N, N, N, None,
                     w("kvalitativt mål", "qualitative target"), "qualitative"),
    )
    return Report(
        programme_id="rebus",
        programme_name="REBUS – Rehabilitering i samverkan",
        owner="Samordningsförbundet Enköping, Håbo och Knivsta",
        definition_versions=(1, 2),
        period=Period("2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
        produced_at=datetime(2026, 12, 1, 13, 5, tzinfo=UTC),
        as_of=date(2026, 12, 1),
        lang=lang,
        sections=sections,
        tables=tuple(tables),
        targets=targets,
        suppression_threshold=5,
        notes=(w("Ett avslut räknas i den period då det skedde. Ett ärende som bytt "
                 "definitionsversion räknas en gång.",
                 "An exit counts in the period of its date. A case that changed "
                 "definition version counts once."),),
    )
