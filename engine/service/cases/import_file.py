"""A spreadsheet of participants, as a förbund has it, read into rows of named cells.

One row per participant, the first row naming the columns (docs/moving-in.md).  The
column names are matched without regard to case, spaces, underscores or Swedish
letters, in Swedish or English (``Födelseår``, ``fodelsear``, ``birth year``…); an
unknown column is a problem, not ignored, so that nothing a file says is silently lost.

CSV as Excel writes it in Sweden: UTF-8 with or without a byte-order mark, or
Windows-1252; separated by semicolons, commas or tabs (the first line decides).  XLSX:
the first sheet; dates and numbers come as Excel stored them.  Nothing here touches
the database: :mod:`engine.service.cases.moving_in` checks and stores the rows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine.errors import InputError
from engine.inputs.files import user_text

#: The largest file read (about 40,000 participants in CSV).
MAX_BYTES = 20_000_000
#: Each field and the names it is known by (normalised: see :func:`_normal`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("program", "programme", "programmet", "insats"),
    "key": ("nyckel", "deltagare", "deltagarnyckel", "deltagar-id", "key", "participant",
            "participant key"),
    "gender": ("kon", "gender"),
    "birth_year": ("fodelsear", "birth year"),
    "municipality": ("kommun", "folkbokforingskommun", "municipality"),
    "coordinator": ("samordnare", "handlaggare", "coordinator"),
    "enrolled_on": ("inskriven", "inskrivningsdatum", "inskrivningsdag", "inskriven den",
                    "enrolled", "enrolled on", "enrolment date"),
    "referred_on": ("anvisad", "anvisningsdatum", "remitterad", "remissdatum", "referred",
                    "referred on", "referral date"),
    "referring_party": ("anvisande part", "remitterande part", "referring party"),
    "parties_active": ("aktiva parter", "antal aktiva parter", "parties active"),
    "active_parties": ("aktuell hos", "aktiv hos", "aktuell hos parterna", "active at",
                       "active parties"),
    "consent_on": ("samtycke", "samtyckesdatum", "samtycke den", "samtycke given",
                   "consent", "consent on", "consent date"),
    "income_support": ("forsorjning fran anvisande part", "forsorjning fran anvisaren",
                       "income support from referring party"),
    "income_at_start": ("forsorjning vid inskrivning", "huvudsaklig forsorjning",
                        "forsorjning", "income at start", "income at enrolment",
                        "income support at enrolment"),
    "attested": ("kriterier", "intygade kriterier", "uppfyllda kriterier", "criteria",
                 "attested"),
    "exclusions": ("uteslutningar", "exclusions"),
    "track": ("spar", "track"),
    "type_case": ("typfall", "type case"),
    "phase": ("fas", "phase"),
    "phase_on": ("fas fran", "i fasen sedan", "fas sedan", "phase from", "phase since"),
    "done": ("klart", "genomfort", "redan gjort", "done", "already done"),
}
REQUIRED = ("programme", "key", "gender", "birth_year", "municipality", "coordinator",
            "enrolled_on")


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a file, or with one row's column, in Swedish and English."""

    row: int  #: the line in the file (the headings are line 1); 0 for the whole file
    column: str  #: the column as the file names it; "" for the whole row or file
    sv: str
    en: str

    def text(self, lang: str = "sv") -> str:
        """``Rad 4, Kön: …`` in the language asked for."""
        where = ([f"{'Rad' if lang == 'sv' else 'Row'} {self.row}"] if self.row else []) + \
            ([self.column] if self.column else [])
        said = self.sv if lang == "sv" else self.en
        return f"{', '.join(where)}: {said}" if where else said


class ImportRefused(InputError):
    """The file or its rows have problems; nothing was stored.  Every problem is named."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].text("en")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"nothing was imported: {first}{more}")


def _refuse(sv: str, en: str) -> ImportRefused:
    return ImportRefused([Problem(0, "", sv, en)])


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One participant's row: its line in the file and its cells by field."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ImportTable:
    """The rows of a file, and each field's column name as the file writes it."""

    rows: tuple[ImportRow, ...]
    headings: dict[str, str] = field(default_factory=dict)


def _normal(name: str) -> str:
    """``Födelse-år `` → ``fodelse ar``: case, accents and separators left out."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-.]+", " ", plain).strip().lower()


_BY_NAME = {_normal(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def read_import(data: bytes, file_name: str) -> ImportTable:
    """The rows of a CSV or XLSX file (by its content, whatever its name says).

    InputError, in one line, for a file that is neither, is empty, names a column
    twice or not at all, or lacks a required column.
    """
    if len(data) > MAX_BYTES:
        raise _refuse(f"{file_name}: filen är större än {MAX_BYTES // 1_000_000} MB; dela upp "
                      "den", f"{file_name}: {len(data):,} bytes is more than the "
                      f"{MAX_BYTES:,} an import reads; split the file")
    grid = _xlsx(data, file_name) if data[:4] == b"PK\x03\x04" else _csv(data, file_name)
    grid = [row for row in grid if any(_present(cell) for cell in row)]
    if not grid:
        raise _refuse(f"{file_name}: filen har inga rader; första raden namnger kolumnerna, "
                      "varje rad därefter är en deltagare",
                      f"{file_name}: the file holds no rows; the first row names the "
                      "columns, each further row is one participant")
    headings: dict[str, str] = {}
    fields: list[str | None] = []
    unknown = []
    for cell in grid[0]:
        heading = str(cell).strip() if _present(cell) else ""
        name = _BY_NAME.get(_normal(heading)) if heading else None
        if heading and name is None:
            unknown.append(heading)
        if name is not None and name in headings:
            raise _refuse(f"{file_name}: kolumnerna {headings[name]!r} och {heading!r} "
                          "betyder samma sak; behåll en",
                          f"{file_name}: the columns {headings[name]!r} and {heading!r} "
                          "say the same thing; keep one")
        if name is not None:
            headings[name] = heading
        fields.append(name)
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise _refuse(f"{file_name}: okända kolumner {names}; kolumnerna beskrivs i "
                      "docs/moving-in.md", f"{file_name}: unknown column(s) {names}; the "
                      "columns are described in docs/moving-in.md")
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in headings]
    if missing:
        names = ", ".join(missing)
        raise _refuse(f"{file_name}: kolumnerna {names} saknas",
                      f"{file_name}: the column(s) {names} are missing")
    rows = tuple(
        ImportRow(number, {name: cell for name, cell in zip(fields, values, strict=False)
                           if name is not None and _present(cell)})
        for number, values in enumerate(grid[1:], start=2)
        if any(_present(cell) for cell in values))
    return ImportTable(rows, headings)


def _present(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _csv(data: bytes, file_name: str) -> list[list[Any]]:
    if b"\x00" in data[:4096]:
        raise _refuse(f"{file_name}: inte en CSV- eller XLSX-fil; spara kalkylbladet som CSV "
                      "eller som Excel-arbetsbok (.xlsx)", f"{file_name}: not a CSV or XLSX "
                      "file (it holds binary data); save the spreadsheet as CSV or as an "
                      "Excel workbook (.xlsx)")
    try:  # the door for users' files; Excel's "CSV" in Sweden is Windows-1252
        text = user_text(data, name=file_name, fallback="cp1252")
    except InputError as exc:
        raise _refuse(f"{file_name}: filen går inte att läsa som text; spara kalkylbladet "
                      "som CSV UTF-8 eller som Excel-arbetsbok (.xlsx)", str(exc)) from None
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:  # a field over the csv module's limit (128 KiB), a stray NUL
        raise _refuse(f"{file_name}: CSV-filen går inte att läsa ({exc})",
                      f"{file_name}: the CSV file cannot be read ({exc})") from None


def _xlsx(data: bytes, file_name: str) -> list[list[Any]]:
    from openpyxl import load_workbook  # imported here: slow, and only an XLSX needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse(f"{file_name}: Excel-arbetsboken går inte att läsa ({exc})",
                      f"{file_name}: not a readable Excel workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """A cell as the checks read it: a date for a date, a whole number for 1985.0."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def as_text(value: Any) -> str:
    """A cell as text (a date in ISO form)."""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
