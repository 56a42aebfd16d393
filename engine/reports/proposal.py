"""The decision proposal (tjänsteutlåtande) as a value, ready for PDF and Word.

Its structure is the START committee document's (seed 000_e0d2e8c914da20b3.txt, brief
§2.7 and §9 J.58), in this order: addressee ("Till …"), title ("Anmälan av …") with the
number of attachments, **Förslag till beslut** (numbered), the signatories by name and
title, **Sammanfattning**, **Bakgrund och sammanfattning av rapporten**,
**Förvaltningens synpunkter** and the numbered **Bilagor**.

The official writes the summary, views and proposals (:mod:`engine.reports.proposal_text`);
the figures and the first attachment come from a produced report.  Only published cells
are used: a suppressed cell shows its marker ("<5", "–", as in the report), never a
number, so the proposal can be no less private than the report it summarises.  Pure: no
I/O, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from engine.clock import STOCKHOLM
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, Problem, did_you_mean
from engine.language import pgettext
from engine.reports import formatting
from engine.reports.model import Report, Table, TargetResult
from engine.reports.proposal_text import ANALYSIS_PARTS, ProposalText, ProposalTextError
from engine.reports.wording import WORDING

Lang = Literal["sv", "en"]

#: The report tables shown as key figures when the text file names none (docs/reports.md
#: keys); without them, the report's first tables of persons.
DEFAULT_KEY_FIGURES = ("participants_flow", "exits_outcome", "targets_gender_share")

#: Words of the document, in Swedish (the seed's own headings); their English is in the
#: gettext catalogue (context ``proposal.<key>``, docs/translating.md).
_SWEDISH_WORDS: dict[str, str] = {
    "to": "Till",
    "proposals": "Förslag till beslut",
    "summary": "Sammanfattning",
    "background": "Bakgrund och sammanfattning av rapporten",
    "views": "Förvaltningens synpunkter",
    "attachments": "Bilagor",
    "attachment": "Bilaga",
    "report": "Rapport",
    "notify": "Anmälan av rapport",
    "one_attachment": "bilaga",
    "many_attachments": "bilagor",
    "decides": "{who} beslutar att lägga anmälan till handlingarna.",
    "kind": "Tjänsteutlåtande",
    "date": "Datum",
    "diary": "Dnr",
    "page": "Sida",
    "of": "av",
    "open": "”",
    "close": "”",
    "targets": "Mål och utfall",
    "target": "Mål",
    "outcome": "Utfall",
    "qualitative_outcome": "Bedöms i texten",
    "previous_outcome": "föregående period {share}",
    "target_value": "Målvärde",
    "assessment": "Bedömning",
    "analysis": "Analys",
    "analysis.results": "Resultat och måluppfyllelse",
    "analysis.gender": "Analys ur ett jämställdhetsperspektiv",
    "analysis.deviations": "Avvikelser och åtgärder",
    "analysis.missing": "Analys (fylls i av tjänsteperson):",
    "analysis.ask.results": ("Vad visar siffrorna, och vad förklarar att målen uppnåddes "
                             "eller inte?"),
    "analysis.ask.gender": ("Hur skiljer sig planering, insatser och utfall mellan kvinnor "
                            "och män, vad beror skillnaderna på och vad görs åt dem?"),
    "analysis.ask.deviations": ("Vilka avvikelser från mål och budget finns, vad beror de "
                                "på och behövs en handlingsplan?"),
}

#: Words of the document, by language.
WORDS: dict[str, dict[str, str]] = {
    language: {key: pgettext(language, f"proposal.{key}", swedish)
               for key, swedish in _SWEDISH_WORDS.items()}
    for language in ("sv", "en")}


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or a bulleted list, of text."""

    kind: Literal["paragraph", "bullets"]
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class AnalysisPart:
    """One part of the written analysis: the official's text, or, while it is not
    written, a prompt saying what to write (``missing``), never an empty heading."""

    heading: str
    blocks: tuple[Block, ...]
    missing: bool


@dataclass(frozen=True, slots=True)
class FigureTable:
    """A small table of published figures: every cell already text."""

    title: str
    header: tuple[str, ...]           # the first entry heads the label column
    rows: tuple[tuple[str, tuple[str, ...], bool], ...]   # label, cells, is_total
    note: str = ""
    numeric: bool = True              # cells are numbers (right-aligned), not words


@dataclass(frozen=True, slots=True)
class DecisionProposal:
    """Everything the PDF and the Word document show, in document order."""

    lang: Lang
    words: dict[str, str]
    sender: str                       # the programme's owner, top left
    dated: str                        # "15 januari 2025", or ""
    diary_number: str
    addressee: str                    # "Socialtjänstnämnden" (after "Till")
    title: str                        # "Anmälan av …"
    attachment_count: str             # "(7 bilagor)"
    proposals: tuple[str, ...]
    signatories: tuple[Signatory, ...]
    summary: tuple[Block, ...]
    background: tuple[Block, ...]
    figures: tuple[FigureTable, ...]
    analysis: tuple[AnalysisPart, ...]
    views: tuple[Block, ...]
    attachments: tuple[str, ...]      # "Bilaga 1: Rapport ”…”"

    @property
    def headings(self) -> tuple[str, ...]:
        """The title and the six section headings, in document order."""
        w = self.words
        return (self.title, w["proposals"], w["summary"], w["background"], w["analysis"],
                w["views"], w["attachments"])


def build_proposal(report: Report, text: ProposalText, spec: ProgrammeSpec | None = None,
                   lang: str | None = None, today: date | None = None) -> DecisionProposal:
    """The proposal for ``report`` with the official's ``text``.

    ``spec`` (the report's programme) resolves roles named as addressee or signatory
    titles.  Language: ``lang``, else the text file's, else the report's.  The
    document is dated with the file's ``date``, else ``today``, else left undated.
    """
    if spec is not None and spec.id != report.programme_id:
        raise InputError(f"the report is of programme {report.programme_id!r} "
                         f"({report.programme_name}), not {spec.id!r}")
    chosen = lang or text.language or report.lang
    if chosen not in WORDS:
        raise InputError(f"language {chosen!r} is not sv or en")
    w = WORDS[chosen]
    problems: list[Problem] = []
    roles = {r.id: r.name for r in spec.roles} if spec else {}
    addressee = roles.get(text.addressee, text.addressee)
    signatories = []
    for s in text.signatories:
        title = s.title
        if s.role:
            if spec is not None and s.role not in roles:
                problems.append(text.problem((*s.path, "role"), (
                    f"{spec.name} has no role {s.role!r}"
                    f"{did_you_mean(s.role, roles) or '; its roles: ' + ', '.join(roles)}")))
            title = title or roles.get(s.role, s.role)
        signatories.append(Signatory(s.name, title))
    if not signatories and spec is not None:
        # Who signs the board's papers, as the definition names them (issue 22, finding
        # 10): the text file need not repeat them for every report.
        signatories = [Signatory(s.name, s.title or roles.get(s.role, s.role))
                       for s in spec.signatories]
    if not signatories:
        problems.append(text.problem((), (
            "the key 'signatories' is missing and the definition names none "
            "(organisation.signatories); list who signs it, e.g. "
            "'- {name: Anna Berg, title: Förbundschef}' (see docs/decision-proposal.md)")))
    tables = _key_figure_tables(report, text, problems)
    if problems:
        raise ProposalTextError(problems)
    dated_on = text.dated_on or today
    # The body the board knows the paper from, and its diary number, as the definition
    # names them (issue 22, finding 10: REBUS's papers came from "Forshaga kommun").
    organisation = dict(spec.organisation) if spec is not None else {}
    sender = organisation.get("sender") or report.owner
    diary_number = text.diary_number
    if not diary_number and organisation.get("diary_number") and dated_on:
        diary_number = organisation["diary_number"].replace("{year}", str(dated_on.year))
    report_title = text.report_title or f"{report.programme_name}, {report.period.label}"
    quoted = f"{w['open']}{report_title}{w['close']}"
    attachments = (f"{w['report']} {quoted}", *text.attachments)
    count = len(attachments)
    return DecisionProposal(
        lang=chosen,  # type: ignore[arg-type]  # checked against WORDS
        words=w, sender=sender,
        dated=formatting.day(dated_on, chosen) if dated_on else "",
        diary_number=diary_number, addressee=addressee,
        title=text.title or f"{w['notify']} {quoted}",
        attachment_count=f"({count} {w['one_attachment' if count == 1 else 'many_attachments']})",
        proposals=text.proposals or (w["decides"].format(who=addressee),),
        signatories=tuple(signatories),
        summary=blocks(text.summary),
        background=(*blocks(text.background), *_report_paragraphs(report, report_title,
                                                                  chosen)),
        figures=(*(_figure_table(t, report.suppression_threshold, chosen) for t in tables),
                 *_targets_table(report, chosen)),
        analysis=_analysis(text, w),
        views=blocks(text.views),
        attachments=tuple(f"{w['attachment']} {i}: {a}"
                          for i, a in enumerate(attachments, start=1)),
    )


def _analysis(text: ProposalText, w: dict[str, str]) -> tuple[AnalysisPart, ...]:
    """Each part of the analysis: the official's text, or a prompt where none is written."""
    written = dict(text.analysis)
    return tuple(
        AnalysisPart(w[f"analysis.{part}"], blocks(written[part]), False) if part in written
        else AnalysisPart(w[f"analysis.{part}"], (Block("paragraph", (
            f"{w['analysis.missing']} {w[f'analysis.ask.{part}']}",)),), True)
        for part in ANALYSIS_PARTS)


def blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs split at blank lines; lines starting with '- ' make a bulleted list.

    Lines of one paragraph are joined with spaces, as YAML's ``|`` keeps them broken
    where the official's editor wrapped them.
    """
    out: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if line.startswith(("- ", "* ", "• ")):
                if paragraph:
                    out.append(Block("paragraph", (" ".join(paragraph),)))
                    paragraph = []
                bullets.append(line[2:].strip())
            elif bullets and not paragraph:
                bullets[-1] += " " + line  # a bullet's text wrapped onto the next line
            else:
                paragraph.append(line)
        if bullets:
            out.append(Block("bullets", tuple(bullets)))
        if paragraph:
            out.append(Block("paragraph", (" ".join(paragraph),)))
    return tuple(out)


def _key_figure_tables(report: Report, text: ProposalText,
                       problems: list[Problem]) -> list[Table]:
    if text.key_figures:
        known = {t.key: t for t in report.tables}
        chosen = []
        for i, key in enumerate(text.key_figures):
            if key in known:
                chosen.append(known[key])
            else:
                hint = did_you_mean(key, known) or f"; its tables: {', '.join(known)}"
                problems.append(text.problem(("key_figures", i),
                                             f"the report has no table {key!r}{hint}"))
        return chosen
    named = [t for key in DEFAULT_KEY_FIGURES if (t := report.table(key)) is not None]
    return named or [t for t in report.tables if t.unit == "persons"][:2]


def _figure_table(table: Table, threshold: int, lang: str) -> FigureTable:
    return FigureTable(
        title=table.title, header=("", *(c.label for c in table.columns)),
        rows=tuple((row.label, tuple(formatting.cell_text(c, table.unit, lang, threshold,
                                                          signed=formatting.is_change(k.key))
                                     for c, k in zip(row.cells, table.columns, strict=True)),
                    row.is_total)
                   for row in table.rows),
        note=table.note)


def _targets_table(report: Report, lang: str) -> tuple[FigureTable, ...]:
    if not report.targets:
        return ()
    w = WORDS[lang]
    rows = tuple((t.label, (_outcome(t, report.suppression_threshold, lang),
                            t.target_text, WORDING[lang].statuses[t.status]), False)
                 for t in report.targets)
    return (FigureTable(w["targets"], (w["target"], w["outcome"], w["target_value"],
                                       w["assessment"]), rows, numeric=False),)


def _outcome(target: TargetResult, threshold: int, lang: str) -> str:
    if target.status == "qualitative":
        # Not a hidden figure: there is no figure (issue 22, finding 4).
        return WORDS[lang]["qualitative_outcome"]
    share = formatting.cell_text(target.share, "share", lang, threshold)
    # Whether the target moved: the previous period's outcome, when it is shown (issue 22).
    before = target.previous.share if target.previous is not None else None
    moved = "" if before is None or before.value is None else "; " + WORDS[lang][
        "previous_outcome"].format(share=formatting.cell_text(before, "share", lang,
                                                               threshold))
    if target.numerator.suppressed or target.denominator.suppressed:
        return share + (f" ({moved[2:]})" if moved else "")
    numerator = formatting.cell_text(target.numerator, "persons", lang, threshold)
    denominator = formatting.cell_text(target.denominator, "persons", lang, threshold)
    return f"{share} ({numerator}/{denominator}{moved})"


def _report_paragraphs(report: Report, title: str, lang: str) -> tuple[Block, ...]:
    """What the report is, when it was produced, and how its small counts are hidden."""
    w = WORDS[lang]

    def day(d: date) -> str:
        return formatting.day(d, lang)

    quoted = f"{w['open']}{title}{w['close']}"
    produced_on = report.produced_at.astimezone(STOCKHOLM).date()
    counted = [t for t in report.targets if t.status != "qualitative"]
    met = sum(t.status == "met" for t in counted)
    unknown = sum(t.status == "not_enough_data" for t in counted)
    if lang == "sv":
        lines = [f"Rapporten {quoted} ({w['attachment'].lower()} 1) avser {report.programme_name} "
                 f"under perioden {day(report.period.starts_on)} – "
                 f"{day(report.period.ends_on)} och visar läget den {day(report.as_of)}. "
                 f"Den sammanställdes den {day(produced_on)}."]
        if counted:
            lines.append(f"Av {len(counted)} mätbara mål uppnåddes {met}"
                         + (f"; {unknown} kunde inte bedömas på grund av för lite underlag."
                            if unknown else "."))
        lines.append(f"Antal under {report.suppression_threshold} personer visas som "
                     f"”<{report.suppression_threshold}” och värden som annars skulle gå att "
                     f"räkna fram, och andelar av små antal, som ”{formatting.HIDDEN_MARK}”, "
                     "så att ingen enskild person kan identifieras.")
    else:
        lines = [f"The report {quoted} ({w['attachment'].lower()} 1) covers "
                 f"{report.programme_name} from {day(report.period.starts_on)} to "
                 f"{day(report.period.ends_on)} as of {day(report.as_of)}. It was compiled "
                 f"on {day(produced_on)}."]
        if counted:
            lines.append(f"Of {len(counted)} measurable targets, {met} were met"
                         + (f"; {unknown} could not be assessed for lack of data."
                            if unknown else "."))
        lines.append(f"Counts below {report.suppression_threshold} persons are shown as "
                     f"“<{report.suppression_threshold}” and values that could otherwise be "
                     f"worked out, and shares of small counts, as “{formatting.HIDDEN_MARK}”, so "
                     "that no individual can be identified.")
    return tuple(Block("paragraph", (line,)) for line in lines)
