"""English for the moving-in page (engine/http/web/moving_in.py), merged into ENGLISH."""

from __future__ import annotations

IMPORT_ENGLISH: dict[str, str] = {
    'Flytta in deltagare':
        'Move participants in',
    'Ladda upp förbundets deltagarlista (CSV eller Excel, en rad per deltagare). Stegvis kontrollerar varje rad mot programmets definition och visar varje problem med rad och kolumn. Sedan sparas alla rader, eller ingen.':
        "Upload the association's list of participants (CSV or Excel, one row per participant). Stegvis checks every row against the programme's definition and shows every problem with its row and column. Then all rows are stored, or none.",
    '{n} problem hittades. Inget sparades. Rätta filen och ladda upp den igen.':
        '{n} problems found. Nothing was stored. Correct the file and upload it again.',
    '{n} deltagare sparades.':
        '{n} participants stored.',
    'Alla {n} rader går att spara. Inget är sparat än.':
        'All {n} rows can be stored. Nothing is stored yet.',
    '{n} uppgifter registrerade som gjorda, {m} fasbyten':
        '{n} tasks recorded as done, {m} phase moves',
    'Deltagarlistan (CSV eller XLSX)':
        'The list of participants (CSV or XLSX)',
    'Kontrollera och spara':
        'Check and store',
    'Kolumnerna':
        'The columns',
    'Första raden namnger kolumnerna: Program, Deltagare, Kön, Födelseår, Kommun, Samordnare och Inskriven behövs; Anvisad, Anvisande part, Aktiva parter, Försörjning från anvisande part, Intygade kriterier, Spår, Typfall, Fas, Fas från och Klart kan finnas med. Datum skrivs ÅÅÅÅ-MM-DD.':
        'The first row names the columns: Program, Deltagare, Kön, Födelseår, Kommun, Samordnare and Inskriven are needed; Anvisad, Anvisande part, Aktiva parter, Försörjning från anvisande part, Intygade kriterier, Spår, Typfall, Fas, Fas från and Klart may be there. Dates are written YYYY-MM-DD.',
    '{programme}: {n} inskrivna, {w} på väntelista':
        '{programme}: {n} enrolled, {w} on the waiting list',
}
