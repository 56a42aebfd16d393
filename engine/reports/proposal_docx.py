"""The decision proposal as a Word document (python-docx), for officials to finish.

Officials complete a tjänsteutlåtande in Word before it goes to the board, so the
document is built the way Word builds one: the title in *Heading 1* and the sections
in *Heading 2* (Word's navigation pane and table of contents see them), the proposals
as a real numbered list (*List Number*), bullets as *List Bullet*, the page number as
Word fields ("Sida 1 av 3" stays right after editing), and the text marked Swedish or
English so that Word's spelling check uses the right language.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph

from engine.reports.proposal import Block, DecisionProposal, FigureTable

_LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
#: A4 less the margins below: what a table may span.
_TEXT_WIDTH = Mm(210 - 25 - 22)
#: The share of a figure table's width its label column takes.
_LABEL_SHARE = 0.4


def proposal_docx(proposal: DecisionProposal) -> bytes:
    """The proposal as a .docx file's bytes."""
    doc = Document()
    _page_setup(doc, proposal)
    w = proposal.words
    doc.add_paragraph(w["to"]).paragraph_format.space_after = Pt(0)
    doc.add_paragraph(proposal.addressee).paragraph_format.space_after = Pt(18)
    doc.add_heading(proposal.title, level=1)
    doc.add_paragraph(proposal.attachment_count)

    doc.add_heading(w["proposals"], level=2)
    for text in proposal.proposals:
        doc.add_paragraph(text, style="List Number")
    _signatories(doc, proposal)

    doc.add_heading(w["summary"], level=2)
    _blocks(doc, proposal.summary)
    doc.add_heading(w["background"], level=2)
    _blocks(doc, proposal.background)
    for table in proposal.figures:
        _figure(doc, table)
    doc.add_heading(w["analysis"], level=2)
    for part in proposal.analysis:
        doc.add_heading(part.heading, level=3)
        if part.missing:  # a prompt to the official, in italics so it is seen as one
            for block in part.blocks:
                doc.add_paragraph().add_run(block.lines[0]).italic = True
        else:
            _blocks(doc, part.blocks)
    doc.add_heading(w["views"], level=2)
    _blocks(doc, proposal.views)
    doc.add_heading(w["attachments"], level=2)
    for attachment in proposal.attachments:
        doc.add_paragraph(attachment).paragraph_format.space_after = Pt(2)

    doc.core_properties.title = proposal.title
    doc.core_properties.author = proposal.sender
    doc.core_properties.language = _LANGUAGE_TAGS[proposal.lang]
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc: DocumentObject, proposal: DecisionProposal) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    # The default language of every run, for Word's spelling and hyphenation.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rpr is not None:
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:val"), _LANGUAGE_TAGS[proposal.lang])
    w = proposal.words
    # The letterhead as a borderless two-column table: tab stops in headers are laid
    # out differently by Word and LibreOffice, a table the same by both.
    header = section.header
    header.paragraphs[0].paragraph_format.space_after = Pt(0)
    letterhead = header.add_table(rows=1, cols=2, width=_TEXT_WIDTH)
    sender, meta = letterhead.rows[0].cells
    sender.width, meta.width = Mm(95), Emu(_TEXT_WIDTH - Mm(95))
    _cell(sender.paragraphs[0], proposal.sender, bold=True)
    _cell(meta.paragraphs[0], w["kind"].upper(), bold=True, right=True)
    for line in ([f"{w['date']} {proposal.dated}"] if proposal.dated else []) + (
            [f"{w['diary']} {proposal.diary_number}"] if proposal.diary_number else []):
        _cell(meta.add_paragraph(), line, right=True)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{w['page']} ")
    _field(footer, "PAGE", "1")
    footer.add_run(f" {w['of']} ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word updates as the document changes."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _signatories(doc: DocumentObject, proposal: DecisionProposal) -> None:
    """Name above title, side by side, as the signatures of a committee document."""
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    people = proposal.signatories
    table = doc.add_table(rows=1, cols=len(people))
    for column, person in enumerate(people):
        cell = table.cell(0, column)
        name = cell.paragraphs[0]
        name.add_run(person.name)
        name.paragraph_format.space_after = Pt(0)
        title = cell.add_paragraph()
        title.add_run(person.title).italic = True
    doc.add_paragraph()


def _blocks(doc: DocumentObject, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if block.kind == "bullets":
            for line in block.lines:
                doc.add_paragraph(line, style="List Bullet")
        else:
            doc.add_paragraph(block.lines[0])


def _figure(doc: DocumentObject, figure: FigureTable) -> None:
    title = doc.add_paragraph()
    title.add_run(figure.title).bold = True
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_after = Pt(2)
    table = doc.add_table(rows=1 + len(figure.rows), cols=len(figure.header),
                          style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    first = int(_TEXT_WIDTH * _LABEL_SHARE)
    rest = int((_TEXT_WIDTH - first) / max(1, len(figure.header) - 1))
    # Word reads the cells' widths, LibreOffice the columns' grid: set both.
    for column, grid in enumerate(table.columns):
        grid.width = Emu(first if column == 0 else rest)
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            cell.width = Emu(first if column == 0 else rest)
    for column, text in enumerate(figure.header):
        _cell(table.cell(0, column).paragraphs[0], text, bold=True,
              right=figure.numeric and column > 0)
    for number, (label, cells, total) in enumerate(figure.rows, start=1):
        _cell(table.cell(number, 0).paragraphs[0], label, bold=total)
        for column, text in enumerate(cells, start=1):
            _cell(table.cell(number, column).paragraphs[0], text, bold=total,
                  right=figure.numeric)
    if figure.note:
        note = doc.add_paragraph()
        note.add_run(figure.note).font.size = Pt(8)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell(paragraph: Paragraph, text: str, *, bold: bool = False, right: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(9)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = True
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
