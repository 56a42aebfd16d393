"""``stegvis report``, ``report list`` and ``training add`` as a user runs them."""

from __future__ import annotations

import json
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
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    for key, gender in (("HX1", "kvinna"), ("HX2", "man")):
        code, _, err = run(capsys, "enrol", "hofors", key, "--gender", gender,
                           "--birth-year", "1990", "--municipality", "Hofors",
                           "--coordinator", "anna", "--on", "2021-02-01", *ATTEST,
                           "--database", url, "--today", "2021-03-01", "--as", "anna")
        assert code == 0, err
    return url


def test_json_goes_to_standard_output_without_participant_keys(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "hofors", "--period", "2021", "--database", database,
                       "--today", "2022-01-10")
    assert code == 0
    data = json.loads(out)
    assert data["programme"]["id"] == "hofors" and data["period"]["key"] == "2021"
    flow = next(t for t in data["tables"] if t["key"] == "participants_flow")
    enrolled = next(r for r in flow["rows"] if r["key"] == "enrolled")["cells"]
    assert [c["suppressed"] for c in enrolled] == ["primary"] * 2 + [None, "primary"]
    assert "HX1" not in out and "HX2" not in out


def test_files_are_written_and_their_paths_printed(
        database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "report", "hofors", "--period", "kvartalsrapport:1",
                       "--output", str(tmp_path / "out"), "--lang", "en", "--database",
                       database, "--today", "2021-06-01")
    assert code == 0
    path = Path(out.strip())
    assert path == tmp_path / "out" / "hofors-kvartalsrapport-1.json"
    assert json.loads(path.read_text(encoding="utf-8"))["lang"] == "en"


def test_every_format_at_once_writes_every_file(
        database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "report", "hofors", "--period", "2021", "--format",
                         "json,pdf,html,xlsx,csv", "--output", str(tmp_path), "--database",
                         database, "--today", "2022-01-10")
    assert code == 0, err
    written = [Path(line) for line in out.splitlines()]
    names = {p.name for p in written}
    assert {"hofors-2021.json", "hofors-2021.pdf", "hofors-2021.html",
            "hofors-2021.xlsx", "hofors-2021-targets.csv"} <= names
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert written[1].read_bytes().startswith(b"%PDF-")
    tables = json.loads((tmp_path / "hofors-2021.json").read_text(encoding="utf-8"))["tables"]
    assert {f"hofors-2021-{t['key']}.csv" for t in tables} <= names


def test_training_add_counts_against_the_target(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    for count, course in (("2", "SE/IPS 2x2 dagar"), ("10", "SE/IPS endagars")):
        code, out, err = run(capsys, "training", "add", "hofors", "--course", course,
                             "--role", "personal", "--count", count, "--on", "2021-05-12",
                             "--database", database, "--today", "2021-06-01", "--as", "lena")
        assert code == 0, err
    _, out, _ = run(capsys, "report", "hofors", "--period", "2021-H1", "--database", database,
                    "--today", "2021-07-01")
    target = next(t for t in json.loads(out)["targets"] if t["key"] == "utbildade")
    assert (target["numerator"]["value"], target["status"]) == (12, "met")


def test_report_list_shows_the_periods_and_due_dates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "list", "hofors")
    assert code == 0
    assert "kvartalsrapport:3  2021-09-01 – 2021-09-30" in out
    assert "slutrapport:1" in out


@pytest.mark.parametrize(("argv", "message"), [
    (("--period", "2021-Q5"), "no '2021-Q5'"),
    (("--period", "2030"), "has not begun"),
    (("--period", "kvartal:1"), "no report 'kvartal'"),
    (("--from", "2021-03-01"), "both --from and --to"),
    (("--format", "pdf,docx"), "unknown report format 'docx'"),
    (("--format", "pdf"), "pdf cannot go to the terminal; give --output DIR"),
    (("--period", "2021", "--output", "/proc/no/such"), "cannot write into"),
])
def test_bad_input_is_one_line_and_exit_1(database: str, capsys: pytest.CaptureFixture[str],
                                          argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, "report", "hofors", *argv, "--database", database,
                         "--today", "2022-01-10")
    assert code == 1 and out == ""
    assert err.startswith("stegvis: ") and message in err and err.count("\n") == 1


def test_a_programme_without_cases(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "rebus", "--period", "2021", "--database", database,
                       "--today", "2022-01-10")
    assert code == 1 and "has no cases" in err and "Traceback" not in err


PROPOSAL_TEXT = """\
addressee: Styrelsen för Samordningsförbundet Gävleborg
title: Anmälan av årsrapport 2021
signatories:
  - {name: Anna Andersson, title: Förbundschef}
summary: Projektet har kommit i gång.
views: Förvaltningen föreslår att styrelsen lägger anmälan till handlingarna.
"""


def test_the_report_json_the_report_command_writes_is_what_proposal_reads(
        database: str, tmp_path: Path) -> None:
    """The real commands in sequence, as an official runs them: the JSON `stegvis report`
    prints goes, unchanged, into `stegvis proposal` (issue 22, finding 1: the proposal
    refused every report JSON the report command wrote)."""
    import shutil
    import subprocess
    import sys

    stegvis = shutil.which("stegvis", path=str(Path(sys.executable).parent))
    assert stegvis is not None
    printed = subprocess.run([stegvis, "report", "hofors", "--period", "2021", "--database",
                              database, "--today", "2022-01-10"], capture_output=True,
                             check=True)
    report = tmp_path / "arsrapport-2021.json"
    report.write_bytes(printed.stdout)
    text = tmp_path / "forslag.yaml"
    text.write_text(PROPOSAL_TEXT, encoding="utf-8")
    made = subprocess.run([stegvis, "proposal", "hofors", "--report", str(report), "--text",
                           str(text), "--output", str(tmp_path / "ut")], capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.split() == [str(tmp_path / "ut" / "hofors-2021-forslag.pdf"),
                                   str(tmp_path / "ut" / "hofors-2021-forslag.docx")]
    assert (tmp_path / "ut" / "hofors-2021-forslag.pdf").read_bytes().startswith(b"%PDF-")

    # The file `--output` writes is the same JSON, so it is read the same way.
    code = main(["report", "hofors", "--period", "2021", "--database", database, "--today",
                 "2022-01-10", "--output", str(tmp_path / "arkiv")])
    assert code == 0
    written = tmp_path / "arkiv" / "hofors-2021.json"
    assert main(["proposal", "hofors", "--report", str(written), "--text", str(text),
                 "--output", str(tmp_path / "ut2"), "--format", "docx"]) == 0
