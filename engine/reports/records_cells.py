"""The words and the cells of the section "Registrerade uppgifter" (figures_records).

A small programme's recorded data split by gender and by every answer was a grid of
dashes (the demo's REBUS 2025: 78 of 84 cells hidden; issue 22, finding 6).
Statistics offices publish what can be published instead: a table whose women's or
men's cells would be small is shown without the split (Totalt only, a note says so
once), and small categories are folded into one "Övriga" row
(:mod:`figures_records_categories`).  The decision is taken from the counts before the
suppression runs, so that a table shown without the split never makes variables of
its women and men: the suppression then has nothing to protect there and the totals
stay visible.  Every published number is still a variable of the grid, suppressed
with every other table by the one policy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from engine.language import pgettext
from engine.reports.build import Build, gender_column
from engine.reports.grid import SMALL_CATEGORY, Var
from engine.reports.model import GENDER_COLUMNS, Column
from engine.reports.wording import participants_called

SECTION = "records"

#: The section's words in Swedish; their English is in the gettext catalogue (context
#: ``report.<key>``, docs/translating.md).
TEXTS: dict[str, str] = {
    "records.response_title": "Svarsfrekvens för enkäter och bedömningar",
    "records.response_note": (
        "Andel som besvarat av dem som skulle: en enkät eller bedömning vid start av dem "
        "som skrevs in under perioden, en vid avslut av dem som avslutades under perioden. "
        "Den som skrevs in eller avslutades nyss kan ha tid kvar att svara."),
    "records.survey_title": "{task}: svar",
    "records.assessment_title": "{task}: aktivitetsförmåga",
    "records.expected_start": "Skrevs in under perioden (ska svara)",
    "records.expected_exit": "Avslutades under perioden (ska svara)",
    "records.answered": "Besvarade",
    "records.not_answered": "Besvarade inte",
    "records.assessed": "Bedömda",
    "records.not_assessed": "Inte bedömda",
    "records.scored": "Besvarade frågorna med skala",
    "records.means_title": "Medelvärde vid start och avslut",
    "records.mean_survey": "{task}, skala {low}–{high}",
    "records.means_note": (
        "Medelvärdet av svaren hos dem som besvarat: för en enkät summan av svaren på "
        "dess frågor med skala, för en bedömning aktivitetsförmågan (vid start den första "
        "bedömningen, vid avslut den senaste). Högre är bättre. Antalet svarande står i "
        "tabellen för varje enkät och bedömning; ett medelvärde av färre än {threshold} "
        "svarande visas inte. Summan av svaren sparas när ett ärende gallras, så "
        "medelvärdet står sig."),
    "records.no_split": (
        "En tabell i avsnittet som bara har kolumnen Totalt är inte uppdelad på kön: "
        "uppdelad skulle kvinnors eller mäns antal bli för litet att visa."),
    "records.too_few_answers": "För få svarande för att redovisas.",
    "records.too_few_persons": "För få deltagare för att redovisas uppdelat.",
    "records.others": "Övriga",
    "records.others_note": "Övriga: {names} (var för sig för få för att visas).",
    "records.sub_outcomes_title": "Avslut efter underutfall",
    "records.sub_outcome_missing": "underutfall ej angivet",
    "records.sub_outcomes_note": "Avslutade under perioden, efter utfallets underutfall.",
    "records.tracks_title": "Deltagare efter inriktning",
    "records.type_case_title": "Deltagare efter typfall",
    "records.placement_form_title": "Deltagare efter placeringsform",
    "records.attribute_note": "Aktiva någon gång under perioden.",
    "records.none": "Uppgift saknas",
}


def t(b: Build, key: str, **values: object) -> str:
    """A text of the section in the report's language and the programme's word for its
    participants ("klienter" in START)."""
    return participants_called(pgettext(b.lang, f"report.{key}", TEXTS[key]).format(**values),
                               b.spec.participants_called, b.lang)


def by_gender(groups: Mapping[str, int]) -> dict[str, int]:
    """Counts by stored gender, by report column (annat and uppgift saknas together)."""
    out: dict[str, int] = defaultdict(int)
    for stored, n in groups.items():
        out[gender_column(stored)] += n
    return out


def splits(b: Build, rows: Sequence[Mapping[str, int]]) -> bool:
    """Whether ``rows`` (counts by gender column) can be shown split by gender with no
    cell hidden for being small: every women's and men's count 0 or at least the
    threshold, and the third column's too unless it is folded into Totalt (then it is
    not a column and is not protected, :meth:`Grid.folded`).

    Whether the third column is folded is known for certain only when the suppression
    runs; the cells made so far (participants, exits, flows) decide it in practice.  A
    wrong guess costs only cells hidden, never a small count shown.
    """
    folded = b.grid.folded(b.threshold)
    checked = [g for g in GENDER_COLUMNS[:-1] if not (folded and g == SMALL_CATEGORY)]
    return all(row.get(g, 0) == 0 or row.get(g, 0) >= b.threshold
               for row in rows for g in checked)


def columns(b: Build, split: bool) -> tuple[Column, ...]:
    """The gender columns, or Totalt alone."""
    return b.gender_columns() if split else (Column("totalt", b.t("gender.totalt")),)


def cells(b: Build, key: object, counts: Mapping[str, int], split: bool) -> tuple[Var, ...]:
    """A row's variables: one per gender column and the total, or the total alone (no
    variables are made for women and men that are not published)."""
    if split:
        return b.grid.gender_row(key, counts)
    return (b.grid.count((key, "totalt"), sum(counts.values()), total=True),)


def shared(row: Sequence[Var], split: bool) -> tuple[Var, ...]:
    """A gender row made by another table (participants, exits), or its total alone."""
    return tuple(row) if split else (row[-1],)
