"""Moving in: a förbund's participants from a spreadsheet, checked, then all or nothing.

The example files of docs/moving-in.md as a förbund has them: a CSV that Excel saved
in Sweden (a byte-order mark, semicolons, Swedish headings) and a workbook with date
and number cells.  ``stegvis import`` stores them through the same enrolment as one at
a time, on SQLite and PostgreSQL; a file with problems names each by row and column and
stores nothing, not even its good rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import create_postgres_database, drop_postgres_database
from test_cli_cases import as_json, make_stegvis, ok, refused

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
TODAY = "2024-04-02"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'stegvis.db'}"
        return
    url = create_postgres_database("stegvis_import")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


@pytest.mark.parametrize("example", ["inflyttning.csv", "inflyttning.xlsx"])
def test_the_example_file_moves_in_with_phases_and_work_done(
        database: str, tmp_path: Path, example: str) -> None:
    stegvis = make_stegvis(database, tmp_path)
    path = str(EXAMPLES / example)
    checked = ok(stegvis("import", path, "--check", today=TODAY, actor="admin"))
    assert "5 participant(s) checked, nothing stored" in checked
    assert as_json(stegvis("cases", "--json", today=TODAY)) == []

    done = ok(stegvis("import", path, today=TODAY, actor="admin"))
    assert "5 participant(s) imported: rebus 3 enrolled, vasteras 2 enrolled" in done
    assert "4 obligation(s) recorded done, 1 phase move(s)" in done
    cases = {c["participant"]: c for c in as_json(stegvis("cases", "--json", today=TODAY))}
    assert {k: (c["programme_id"], c["phase"], c["enrolled_on"]) for k, c in cases.items()} == {
        "R-1001": ("rebus", "aktivitet", "2024-01-15"),
        "R-1002": ("rebus", "kartlaggning", "2024-02-05"),
        "R-1003": ("rebus", "kartlaggning", "2024-03-11"),
        "V-2001": ("vasteras", "bedomning", "2024-01-22"),
        "V-2002": ("vasteras", "bedomning", "2024-02-12")}
    open_keys = {t["key"] for t in as_json(stegvis("tasks", "--json", today=TODAY))
                 if t["case_id"] == cases["R-1001"]["id"]}
    assert not open_keys & {"task:startenkat", "task:sus_registrering", "task:handlingsplan"}

    again = refused(stegvis("import", path, today=TODAY, actor="admin"))
    assert "inget importerades: 5 problem" in again
    assert "Rad 2, Deltagare: 'R-1001' är redan registrerad i Stegvis" in again
    assert len(as_json(stegvis("cases", "--json", today=TODAY))) == 5


def test_every_problem_is_named_by_row_and_column_and_nothing_is_stored(
        database: str, tmp_path: Path) -> None:
    lines = (EXAMPLES / "inflyttning.csv").read_text(encoding="utf-8-sig").splitlines()
    broken = [lines[0],
              lines[1],                                               # good
              lines[2].replace(";Man;1979;", ";Mann;19790;"),         # two columns wrong
              lines[3].replace("2024-03-11", "11/3 2024"),
              lines[4].replace("vasteras;", "västerås;", 1),
              lines[5].replace(";mac;", ";golf;").replace("egen_vilja", "egen_vila"),
              lines[1].replace("R-1001", "R-1009").replace(";Ja;", ";Nej;")]  # not eligible
    path = tmp_path / "deltagare.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(broken).encode("utf-8"))
    stegvis = make_stegvis(database, tmp_path)

    said = refused(stegvis("import", str(path), today=TODAY, actor="admin"))
    for expected in ("Rad 3, Kön: 'Mann' är inte ett kön",
                     "Rad 3, Födelseår: '19790' är inte ett heltal",
                     "Rad 4, Inskriven: '11/3 2024' är inget datum; skriv ÅÅÅÅ-MM-DD",
                     "Rad 5, Program: okänt program 'västerås'",
                     "Rad 6, Spår: okänt spår 'golf'",
                     "Rad 6, Intygade kriterier: okänt kriterium 'egen_vila'"):
        assert expected in said, said
    assert "Rad 2" not in said
    assert as_json(stegvis("cases", "--json", today=TODAY)) == []

    # The rows right but the rules refusing one: still nothing stored.
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([*lines[:3], broken[-1]]).encode())
    english = refused(stegvis("import", str(path), "--lang", "en", today=TODAY,
                              actor="admin"))
    assert "nothing was imported: 1 problem(s)" in english
    assert "Row 4: refused: not eligible: income_support" in english
    assert as_json(stegvis("cases", "--json", today=TODAY)) == []


def test_a_windows_csv_with_commas_and_an_unknown_column_is_read_or_refused_in_one_line(
        tmp_path: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    text = ("program,nyckel,kön,födelseår,kommun,samordnare,inskrivningsdatum,aktuell hos,"
            "försörjning från anvisande part,kriterier\r\n"
            "rebus,R-7,kvinna,1990,Hagfors,anna,2024-03-01,"
            "\"Arbetsförmedlingen;Hagfors kommun\",ja,"
            "\"utanfor_arbetsmarknaden;behov_samordnad_rehabilitering\"\r\n")
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    assert "1 participant(s) imported" in ok(stegvis("import", str(path), today=TODAY,
                                                     actor="admin"))
    path.write_bytes(text.replace("kommun", "kommunkod").encode("cp1252"))
    said = refused(stegvis("import", str(path), today=TODAY, actor="admin"))
    assert "okända kolumner 'kommunkod'" in said and "kommun saknas" not in said
    # A folder is refused by the door for users' files (engine.inputs.files), in one line.
    assert "cannot read the spreadsheet" in refused(stegvis("import", str(tmp_path),
                                                            today=TODAY, actor="admin"))
