"""``stegvis purge`` and ``stegvis export-participant`` as an administrator runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from engine.cli.program import main

ATTEST = ["--attest", "behov_samordnad_rehabilitering", "psykisk_ohalsa", "vill_arbeta",
          "remitterad_via_trisam"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Hofors (5 years' retention): HX1 exited 2021-06-01, HX2 still active."""
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    common = ["--database", url, "--today", "2021-06-01", "--as", "anna"]
    for key in ("HX1", "HX2"):
        code, _, err = run(capsys, "enrol", "hofors", key, "--gender", "kvinna",
                           "--birth-year", "1990", "--municipality", "Hofors",
                           "--coordinator", "anna", "--on", "2021-02-01", *ATTEST, *common)
        assert code == 0, err
    code, _, err = run(capsys, "goal", "1", "Körkort före jul", *common)
    assert code == 0, err
    code, _, err = run(capsys, "follow-up", "1", "--held-on", "2021-03-01", "--attendee",
                       "deltagare", "finsam_coach", "--step-movement", "partly", *common)
    assert code == 0, err
    code, _, err = run(capsys, "exit", "1", "avbrott", *common)
    assert code == 0, err
    return url


def test_both_commands_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "purge" in out and "export-participant" in out


def test_a_dry_run_lists_the_cases_and_changes_nothing(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--dry-run", "--database", database,
                       "--today", "2026-06-02", "--as", "gdpr")
    assert code == 0
    assert "hofors: 1 case(s) exited more than 5 years before 2026-06-02 would be erased: " \
           "cases 1" in out
    assert "nothing was changed" in out
    code, out, _ = run(capsys, "export-participant", "HX1", "--database", database,
                       "--today", "2026-06-02", "--as", "gdpr")
    assert code == 0 and json.loads(out)["cases"][0]["goals"][0]["text"] == "Körkort före jul"


def test_purge_on_the_day_the_period_ends_keeps_and_the_day_after_erases(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--database", database, "--today", "2026-06-01",
                       "--as", "gdpr", "--json")
    assert code == 0 and json.loads(out)["cases"] == 0
    code, out, _ = run(capsys, "purge", "--database", database, "--today", "2026-06-02",
                       "--as", "gdpr")
    assert code == 0 and "1 case(s) erased, 1 participant(s) made anonymous" in out
    code, out, err = run(capsys, "export-participant", "HX1", "--database", database,
                         "--as", "gdpr")
    assert (code, out) == (1, "")
    assert err == "stegvis: no participant with key 'HX1'\n"
    code, out, _ = run(capsys, "purge", "--database", database, "--today", "2026-06-03",
                       "--as", "gdpr", "--json")
    assert json.loads(out)["cases"] == 0


def test_an_unknown_key_is_one_line_and_exit_1(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export-participant", "HX9", "--database", database,
                         "--as", "gdpr")
    assert (code, out) == (1, "")
    assert err == "stegvis: no participant with key 'HX9'\n"
    code, out, err = run(capsys, "export-participant", "HX1", "--format", "pdf",
                         "--database", database, "--as", "gdpr")
    assert (code, out) == (1, "")
    assert err == "stegvis: a PDF needs a file to go to: add --output FILE\n"


def test_the_pdf_is_swedish_and_readable(database: str, capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    target = tmp_path / "utdrag.pdf"
    code, out, err = run(capsys, "export-participant", "HX1", "--format", "pdf", "--output",
                         str(target), "--database", database, "--as", "gdpr",
                         "--today", "2021-06-02")
    assert code == 0, err
    assert out == f"written to {target}\n"
    assert target.read_bytes().startswith(b"%PDF")
    words = subprocess.run(["pdftotext", "-layout", str(target), "-"], check=True,
                           capture_output=True, text=True).stdout
    for expected in ("Registerutdrag", "HX1", "Körkort före jul", "Ändringar i ärendet",
                     "Vem har läst ärendet", "inskrivning", "1 juni 2021", "Sida 1 av",
                     "Avbrutit insatsen"):
        assert expected in words, expected
    for raw in ("task:", "enrol", "avbrott", " cli ", "held"):
        assert raw not in words, raw


def test_the_pdf_in_english_on_request(database: str, capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    """--lang en, as the participant reads: the extract's words from the catalogue in
    English, dates by Babel in English; the programme's own words stay as written."""
    target = tmp_path / "extract.pdf"
    code, _, err = run(capsys, "export-participant", "HX1", "--format", "pdf", "--output",
                       str(target), "--lang", "en", "--database", database, "--as", "gdpr",
                       "--today", "2021-06-02")
    assert code == 0, err
    words = subprocess.run(["pdftotext", "-layout", str(target), "-"], check=True,
                           capture_output=True, text=True).stdout
    for expected in ("Register extract", "Everything stored about you", "HX1",
                     "Körkort före jul", "Changes to the case", "Who has read the case",
                     "enrolment", "1 June 2021", "Page 1 of", "Avbrutit insatsen",
                     "Tasks and dates", "No records."):
        assert expected in words, expected
    for swedish in ("Registerutdrag", "Ändringar", "inskrivning", "juni", "Sida ",
                    "Uppgift", "kommandorad", "Inga uppgifter"):
        assert swedish not in words, swedish


def test_json_to_a_file(database: str, capsys: pytest.CaptureFixture[str],
                        tmp_path: Path) -> None:
    target = tmp_path / "utdrag.json"
    code, out, _ = run(capsys, "export-participant", "HX2", "--output", str(target),
                       "--database", database, "--as", "gdpr")
    assert code == 0 and out == f"written to {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["participant"]["key"] == "HX2" and len(data["cases"]) == 1


def test_an_erased_case_cannot_be_reopened(database: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "purge", "--database", database, "--today", "2026-06-02",
                     "--as", "gdpr")
    assert code == 0
    code, out, err = run(capsys, "undo-exit", "1", "--reason", "fel avslut", "--database",
                         database, "--today", "2026-06-02", "--as", "anna")
    assert (code, out) == (1, "")
    assert err == ("stegvis: case 1 was erased by purge (past its retention period); it "
                   "cannot be reopened, enrol the person anew\n")
