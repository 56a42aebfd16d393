"""The fixed words of the report documents (headings, footnotes, status names) in
Swedish and English (from the gettext catalogue).  Everything that comes from the
figures (table titles, row and column labels, target texts) is already in the report's
language in the Report value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from engine.language import pgettext
from engine.reports.model import Report, Suppression, Table, TargetStatus, Unit


@dataclass(frozen=True, slots=True)
class Wording:
    """The words one language needs; see :data:`WORDING`."""

    document: str
    programme: str
    owner: str
    period: str
    produced: str
    as_of: str
    versions: str
    contents: str
    page: str                 # "Sida" ... "av" ... — the footer
    page_of: str
    targets_title: str
    target: str
    measure: str
    numerator: str
    denominator: str
    outcome: str
    target_value: str
    status: str
    statuses: dict[TargetStatus, str]
    about_title: str
    source_line: str          # {programme} {produced} {versions}
    suppression_rule: str     # {threshold}
    footnotes: dict[Suppression, str]   # {threshold}
    other_section: str
    charts_absent: str        # chart note when a bar is not drawn
    statistic_hidden: str     # footnote of a median or quartile hidden with its base
    flows_title: str
    enrolled: str
    exited: str
    exits_chart_title: str
    targets_chart_title: str
    target_marker: str
    row_key: str
    row_label: str
    metadata_sheet: str
    key: str
    value: str


#: The words in Swedish; each other language's are in the gettext catalogue (context
#: ``wording.<field>``, ``wording.<field>.<key>`` for a table; docs/translating.md).
_SWEDISH = Wording(
    document="Rapport",
    programme="Insats",
    owner="Huvudman",
    period="Period",
    produced="Framställd",
    as_of="Uppgifterna avser",
    versions="Definitionens version",
    contents="Innehåll",
    page="Sida",
    page_of="av",
    targets_title="Mål och utfall",
    target="Mål",
    measure="Mått",
    numerator="Täljare",
    denominator="Nämnare",
    outcome="Utfall",
    target_value="Målvärde",
    status="Bedömning",
    statuses={"met": "Uppfyllt", "not_met": "Ej uppfyllt",
              "not_enough_data": "För lite underlag", "qualitative": "Kvalitativt mål",
              "in_progress": "Pågår (hittills)"},
    about_title="Om rapporten",
    source_line=("Källa: uppgifter som insatsens personal registrerat i ärendena i "
                 "{programme}, sammanställda {produced} enligt insatsens regelverk "
                 "(version {versions})."),
    suppression_rule=(
        "Ingen uppgift i rapporten pekar ut en enskild person. Antal personer under "
        "{threshold} visas som \u201d<{threshold}\u201d, och så många andra celler döljs "
        "(\u201d–\u201d) att ett dolt antal inte kan räknas fram ur rad- och "
        "kolumnsummor (primär och sekundär röjandekontroll)."),
    footnotes={
        "primary": "<{threshold}: färre än {threshold} personer; antalet visas inte "
                   "för att skydda enskilda.",
        "secondary": "–: dolt så att ett litet antal inte kan räknas fram ur summorna.",
        "denominator": "–: andel som inte visas eftersom antalet den bygger på är "
                       "litet eller dolt.",
        "none": "Tom cell: uppgiften finns inte för raden.",
    },
    other_section="Övriga tabeller",
    charts_absent="Stapel saknas: antalet är dolt för att skydda enskilda "
                  "(<{threshold} eller –).",
    statistic_hidden="–: visas inte eftersom den räknas över färre än {threshold} "
                     "personer.",
    flows_title="Inskrivna och avslutade per månad",
    enrolled="Inskrivna",
    exited="Avslutade",
    exits_chart_title="Avslut efter utfall och kön",
    targets_chart_title="Utfall mot målvärde",
    target_marker="Målvärde",
    row_key="nyckel",
    row_label="rad",
    metadata_sheet="Rapport",
    key="Uppgift",
    value="Värde",
)


def _in(language: str, swedish: Wording) -> Wording:
    """``swedish`` with each word as the catalogue of ``language`` has it."""
    words: dict[str, Any] = {}
    for field in fields(Wording):
        value = getattr(swedish, field.name)
        words[field.name] = (
            {key: pgettext(language, f"wording.{field.name}.{key}", text)
             for key, text in value.items()} if isinstance(value, dict)
            else pgettext(language, f"wording.{field.name}", value))
    return Wording(**words)


#: The fixed words, by language.
WORDING: dict[str, Wording] = {language: _in(language, _SWEDISH) for language in ("sv", "en")}


_PARTICIPANTS = re.compile(r"\b([Dd])eltagare\b")


def participants_called(text: str, called: str, lang: str) -> str:
    """``text`` with the programme's own word for its participants (the definition's
    ``participant.called``: START says "klienter", seed 000) where the report's Swedish
    says "Deltagare"; English and programmes without a word of their own unchanged."""
    if not called or lang != "sv":
        return text
    return _PARTICIPANTS.sub(
        lambda m: called[:1].upper() + called[1:] if m.group(1) == "D" else called.lower(),
        text)


def wording(report: Report) -> Wording:
    """The fixed words in ``report``'s language."""
    return WORDING[report.lang]


def suppressions_in(table: Table) -> list[Suppression]:
    """The kinds of suppression that occur in ``table``, in footnote order."""
    present = {cell.suppressed for row in table.rows for cell in row.cells}
    if table.unit == "share" and present & {"primary", "secondary"}:
        # every hidden share is "–", explained by one footnote (issue 22, finding 4)
        present = (present - {"primary", "secondary"}) | {"denominator"}
    return [kind for kind in ("primary", "secondary", "denominator", "none")
            if kind in present]


def footnotes(report: Report, kinds: list[Suppression], unit: Unit | None = None
              ) -> list[str]:
    """The footnotes explaining ``kinds`` of suppression, in the report's language
    (a hidden median of days or mean of answers is no share: ``unit`` says why it is
    hidden)."""
    words = wording(report)
    return [(words.statistic_hidden if kind == "denominator" and unit in ("days", "mean")
             else words.footnotes[kind]).format(threshold=report.suppression_threshold)
            for kind in kinds]
