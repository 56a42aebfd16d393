"""The stegvis command as a user runs it: exit codes, output, speed of start-up."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stegvis(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    code = "from engine.cli import main; raise SystemExit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=120)


def test_validate_shipped_definitions_exits_zero() -> None:
    result = stegvis("validate")
    assert result.returncode == 0, result.stderr
    assert "0 with errors" in result.stdout


def test_validate_reports_file_line_column_and_exits_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "process_defs" / "rebus.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("  follow_ups:", "  folow_ups:"), encoding="utf-8")
    result = stegvis("validate", str(bad))
    assert result.returncode == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == "  follow_ups:")
    assert f"{bad}:{line}:3: unknown key 'folow_ups'; did you mean 'follow_ups'?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_takes_a_programme_id_as_show_and_simulate_do(tmp_path: Path) -> None:
    """The README says validate, show and simulate take a programme's id; validate read
    "rebus" as a file name ("rebus:1:1: cannot read the file")."""
    result = stegvis("validate", "rebus", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rebus.yaml: ok (rebus, version" in result.stdout
    assert "1 file(s) checked, 0 with errors" in result.stdout
    unknown = stegvis("validate", "rebsu", cwd=tmp_path)
    assert unknown.returncode == 1
    assert "unknown programme 'rebsu'; did you mean 'rebus'?" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_simulate_json_is_a_list_with_kind_due_and_rule() -> None:
    result = stegvis("simulate", "vasteras", "--start", "2019-01-31", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and all({"kind", "due", "rule", "source", "key"} <= set(i) for i in items)
    limit = next(i for i in items if i["kind"] == "duration_limit")
    assert limit["due"] == "2020-01-30"
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)


def test_simulate_text_and_bad_input() -> None:
    ok = stegvis("simulate", "rebus", "--start", "20240131", "--until", "2024-06-30")
    assert ok.returncode == 0 and "2024-03-28  follow_up" in ok.stdout
    bad_date = stegvis("simulate", "rebus", "--start", "2024-13-01")
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr
    unknown = stegvis("simulate", "rebsu", "--start", "2024-01-01")
    assert unknown.returncode == 1 and "did you mean 'rebus'" in unknown.stderr
    for result in (bad_date, unknown):
        assert "Traceback" not in result.stderr


def test_show_prints_summary_and_writes_a_mermaid_file(tmp_path: Path) -> None:
    result = stegvis("show", "rebus", "--write", str(tmp_path / "rebus.md"))
    assert result.returncode == 0, result.stderr
    assert "stateDiagram-v2" in result.stdout and "Platser: 40 samtidigt" in result.stdout
    written = (tmp_path / "rebus.md").read_text(encoding="utf-8")
    assert "```mermaid\nstateDiagram-v2" in written
    assert "kartlaggning --> aktivitet: kräver Överenskommelse/handlingsplan" in written
    assert "avslut --> [*]" in written


def test_demo_validates_and_dry_runs_every_programme() -> None:
    result = stegvis("demo", "--date", "2026-11-23")
    assert result.returncode == 0, result.stderr
    for name in ("rebus.yaml: giltig", "vasteras.yaml: giltig", "hofors.yaml: giltig"):
        assert name in result.stdout
    # The case engine part: a refusal with its reasons and the coordinator's task list.
    assert "demo-R3: inte inskriven, villkoren uppfylls inte:" in result.stdout
    assert ("– Aktuell hos minst 2 av Hagfors kommun, Forshaga kommun, Munkfors kommun, "
            "Arbetsförmedlingen (aktuell bara hos Arbetsförmedlingen)") in result.stdout
    assert "demo-R1: inskriven i Projekt REBUS 14 september 2026 som ärende 1" in result.stdout
    assert "2026-11-17  försenad  demo-R2  Enkät            Enkät om välbefinnande vid start" \
        in result.stdout
    # The morning reminder: anna's Swedish digest, and escalations waiting for an address.
    assert "Subject: Stegvis: 3 att göra – 2026-11-23" in result.stdout
    assert "| Det här är din sammanställning från Stegvis för måndag 23 november 2026." \
        in result.stdout
    assert "| - demo-R2 (ärende 2) · Projekt REBUS · Registrering i SUS · skulle vara klart " \
           "2026-11-17" in result.stdout
    assert "väntar på en e-postadress: 1 påminnelse(r) till Verksamhetsledare i " \
           "Samordningsteam Västerås" in result.stdout
    # The board's annual report of a synthetic year: written, found, figures in Swedish.
    assert "5. Styrelsens årsrapport: ett påhittat år i REBUS" in result.stdout
    assert "Projekt REBUS, årsrapport 2025" in result.stdout
    # A third gender column below the threshold everywhere is folded into the total
    # (issue 22, finding 2): then the line names women and men only.
    assert re.search(r"Aktiva någon gång under perioden: \d+ \(kvinnor [\d<–]+, män "
                     r"[\d<–]+(, annat/uppgift saknas [\d<–]+)?\)", result.stdout)
    # Swedish shares carry a no-break space before the per cent sign ("50,0 %").
    assert re.search(r"Mål – 30 % har nått målet arbete eller studier vid avslut: "
                     r"\d+,\d\s% \(minst 30\s%\), (ej )?uppfyllt", result.stdout)
    paths = {m[0]: Path(m[1]) for m in re.findall(r"^   (PDF|XLSX) +(\S+)$", result.stdout,
                                                  re.MULTILINE)}
    assert paths["PDF"].name == "rebus-2025.pdf" and paths["XLSX"].name == "rebus-2025.xlsx"
    text = subprocess.run(["pdftotext", str(paths["PDF"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Projekt REBUS" in text and "Mål och utfall" in text
    assert paths["XLSX"].read_bytes().startswith(b"PK")    # a zip: the workbook
    assert "SYN-" not in result.stdout + text             # no participant key anywhere


#: Codes the demo once printed where a person reads (issue 23).
RAW_IDS = ("task:", "critical_point", "report_draft", "follow_up", "duration_limit",
           "refused", "enrolled in", "obligations stored")


def test_the_demo_speaks_swedish_prints_commands_that_run_and_an_account_per_role(
        tmp_path: Path) -> None:
    """Issue 23: the demo printed ``stegvis …`` where the README installs into .venv (not
    found), made only a coordinator's account, spoke English with raw ids and cut titles
    mid-word.  Here every printed command is run as printed (from where the demo ran),
    and every printed account signs in."""
    from fastapi.testclient import TestClient
    from web_helpers import token_in

    from engine.clock import system_clock
    from engine.http.web import WebSettings, create_app
    from engine.service.shared.context import Context
    from engine.store.database import open_database

    result = stegvis("demo", "--date", "2026-11-23", cwd=ROOT)
    out = result.stdout
    for code in RAW_IDS:
        assert code not in out, code
    cut = [line for line in out.splitlines() if line.rstrip().endswith("…")]
    assert cut and all(not line[-2].isspace() for line in cut)  # a word, then the ellipsis
    for command in re.findall(r"^\s+(?:Se närmare:)?\s*(\S*stegvis (?:case show|tasks|"
                              r"simulate) .+)$", out, re.MULTILINE):
        ran = subprocess.run(command.split(), capture_output=True, text=True, cwd=ROOT,
                             check=False, timeout=120)
        assert ran.returncode == 0, (command, ran.stderr)
    web = re.search(r"^   (\S+) web --database (\S+)$", out, re.MULTILINE)
    assert web is not None and Path(ROOT / web.group(1)).exists()
    accounts = re.findall(r"användarnamn (\S+), lösenord (\S+)$", out, re.MULTILINE)
    assert [name for name, _ in accounts] == ["anna", "forvaltare", "styrgrupp", "admin"]
    code = re.search(r"skriv koden ([A-Z0-9-]+)$", out, re.MULTILINE)
    assert code is not None
    app = create_app(Context(open_database(web.group(2)), system_clock),
                     WebSettings(secret_key="a-test-secret-that-is-long-enough-for-cookies"))
    homes = {"anna": "/inbox", "forvaltare": "/admin/definitions", "styrgrupp": "/board",
             "admin": "/system/access-log"}
    for name, password in accounts:
        client = TestClient(app)
        token = token_in(client.get("/login").text)
        answer = client.post("/login", data={"name": name, "password": password,
                                             "csrf-token": token})
        assert answer.status_code == 200 and answer.url.path == homes[name], name
    participant = TestClient(app)
    token = token_in(participant.get("/in").text)
    plan = participant.post("/in", data={"code": code.group(1), "csrf-token": token})
    assert plan.url.path == "/my-plan" and "Min plan" in plan.text


def test_commands_that_run_no_flow_never_import_prefect() -> None:
    code = ("import sys; from engine.cli import main; "
            "main(['validate', '--quiet']); main(['simulate', 'rebus', '--start', '2024-01-31',"
            " '--json']); assert 'prefect' not in sys.modules, 'prefect imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_engine_package_states_its_public_surface() -> None:
    import engine
    for name in engine.__all__:
        assert getattr(engine, name) is not None, name
