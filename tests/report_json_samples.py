"""A report built by hand (as the figures would build it), and its JSON as the engine
writes it (``engine.reports.render_json``, the one documented shape)."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
)
from engine.reports.render_json import render_json

_GENDER_LABELS = ("Kvinnor", "Män", "Annat/uppgift saknas", "Totalt")


def _columns() -> tuple[Column, ...]:
    return tuple(Column(k, label) for k, label in zip(GENDER_COLUMNS, _GENDER_LABELS,
                                                      strict=True))


def _cells(*values: int | None, hidden: str = "primary") -> tuple[Cell, ...]:
    return tuple(Cell(v) if v is not None else Cell(None, hidden)  # type: ignore[arg-type]
                 for v in values)


def vasteras_report(lang: str = "sv") -> Report:
    """Västerås's annual report 2024: 130 participants, 58 exits, two cells suppressed."""
    return Report(
        programme_id="vasteras", programme_name="Samordningsteam Västerås",
        owner="Samordningsförbundet Västerås", definition_versions=(1,),
        period=Period("2024", "2024", date(2024, 1, 1), date(2024, 12, 31)),
        produced_at=datetime(2025, 1, 15, 8, 30, tzinfo=UTC), as_of=date(2024, 12, 31),
        lang=lang,  # type: ignore[arg-type]
        sections=(Section("participants", "Deltagare"), Section("exits", "Avslut"),
                  Section("targets", "Mål")),
        tables=(
            Table("participants_flow", "Deltagare under perioden", _columns(), (
                Row("active_at_start", "Aktiva vid periodens början", _cells(40, 33, None, 75)),
                Row("enrolled", "Inskrivna under perioden", _cells(30, 25, None, 55)),
                Row("exited", "Avslutade under perioden", _cells(31, 27, 0, 58)),
                Row("active_at_end", "Aktiva vid periodens slut", _cells(39, 31, None, 72)),
            ), "persons", "participants"),
            Table("exits_outcome", "Avslut efter utfall", _columns(), (
                Row("arbete", "I arbete efter avslut", _cells(8, 6, 0, 14)),
                Row("studier", "I studier efter avslut", _cells(None, 7, 0, None),
                    ),
                Row("fortsatt_rehabilitering", "Fortsatt arbetslivsinriktad rehabilitering",
                    _cells(15, 11, 0, 26)),
                Row("avbrott", "Avbrutit insatsen", _cells(None, None, 0, 9,
                                                           hidden="secondary")),
                Row("total", "Totalt", _cells(31, 27, 0, 58), is_total=True),
            ), "persons", "exits", note="Mål gäller dem som fullföljer insatsen."),
            Table("time_in_programme", "Tid i insatsen", (Column("median", "Median"),),
                  (Row("days", "Dagar", (Cell(212),)),), "days", "participants"),
        ),
        targets=(
            TargetResult("andel_arbete", "25 % i arbete efter avslut", "andel av fullföljda",
                         Cell(14), Cell(49), Cell(14 / 49), 0.25, "minst 25 %", "met"),
            TargetResult("andel_studier", "20 % i studier efter avslut", "andel av fullföljda",
                         Cell(None, "primary"), Cell(49), Cell(None, "primary"), 0.20,
                         "minst 20 %", "not_enough_data"),
            TargetResult("andel_fortsatt_rehabilitering", "55 % fortsatt rehabilitering",
                         "andel av fullföljda", Cell(26), Cell(49), Cell(26 / 49), 0.55,
                         "omkring 55 %", "met"),
            TargetResult("battre_halsa", "Upplever en bättre hälsa", "kvalitativt",
                         Cell(None, "none"), Cell(None, "none"), Cell(None, "none"), None,
                         "kvalitativt mål", "qualitative"),
        ),
        suppression_threshold=5,
        notes=("Siffrorna avser läget 2024-12-31.",),
    )


def report_json(report: Report) -> bytes:
    """The report JSON as ``stegvis report --format json`` writes it: the same function."""
    return render_json(report)
