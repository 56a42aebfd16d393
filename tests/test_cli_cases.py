"""The case commands as a coordinator runs them: the command's own main(), a fixed date, a real
database (SQLite in a temporary folder, and PostgreSQL when the server is there).

Every refusal is exit code 1 with a plain message, every misuse exit code 2, and no
output ever contains a traceback or an identity number.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from case_helpers import with_type_cases
from conftest import create_postgres_database, drop_postgres_database

ROOT = Path(__file__).resolve().parent.parent
IDENTITY_NUMBER = "19850101-2382"  # a valid test number
REBUS = ["--gender", "kvinna", "--birth-year", "1985", "--municipality", "Hagfors",
         "--active-at", "af", "hagfors", "--income-support-from-referring-party",
         "--attest", "utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"]
VASTERAS = ["--gender", "man", "--birth-year", "1985", "--municipality", "Västerås",
            "--active-at", "af", "fk", "--attest", "offentlig_forsorjning",
            "arbetslivsinriktade_insatser", "ej_ordinarie_insatser", "egen_vilja"]

Result = subprocess.CompletedProcess[str]
Stegvis = Callable[..., Result]


def run_stegvis(args: list[str], home: Path, stdin: str | None = None,
                env: dict[str, str] | None = None, *, subprocess_run: bool = False) -> Result:
    """Run ``stegvis ARGS`` and return its exit code and output.

    By default in this process, through the same ``main()`` the command runs (a new
    Python per command costs about a second of imports); ``subprocess_run`` runs the
    real thing in a child process.
    """
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("STEGVIS_DATABASE_URL", "STEGVIS_USER")}
    environment.update(STEGVIS_HOME=str(home), **(env or {}))
    if subprocess_run:
        code = "from engine.cli import main; raise SystemExit(main())"
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                                text=True, cwd=ROOT, check=False, timeout=120, input=stdin,
                                env=environment)
    else:
        result = _in_process(args, environment, stdin)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "2382" not in result.stdout + result.stderr
    return result


def _in_process(args: list[str], environment: dict[str, str], stdin: str | None) -> Result:
    from engine.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_stdin = dict(os.environ), sys.stdin
    os.environ.clear()
    os.environ.update(environment)
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def make_stegvis(url: str, home: Path) -> Stegvis:
    """`stegvis` on this database, as anna on the given day unless told otherwise."""
    def stegvis(*args: str, today: str = "2024-01-31", actor: str | None = "anna",
                stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        common = ["--database", url, "--today", today] + (["--as", actor] if actor else [])
        return run_stegvis([*args, *common], home, stdin, env)
    return stegvis


def ok(result: Result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: Result, code: int = 1) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    return result.stderr


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'stegvis.db'}"


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    url = create_postgres_database("stegvis_cli")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    try:
        yield url
    finally:
        drop_postgres_database(url)


@pytest.fixture(params=["sqlite_url", "fresh_postgres_url"], ids=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(request.param)
    return url


def test_a_coordinators_day(database: str, tmp_path: Path) -> None:
    stegvis = make_stegvis(database, tmp_path)

    # Enrolment: an eligible person, and one refused with every reason.
    out = ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna"))
    # The programme's name, not what was typed (a file name once, issue 25).
    assert out.startswith("case 1: P-1 enrolled in Projekt REBUS on 2024-01-31, active,")
    assert "(case version 1)" in out
    reasons = refused(stegvis("enrol", "rebus", "P-2", "--gender", "man", "--birth-year",
                              "2008", "--municipality", "Karlstad", "--coordinator", "anna",
                              "--active-at", "af"))
    assert reasons.startswith("stegvis: not eligible for Projekt REBUS:")
    for criterion in ("age", "residence", "min_parties", "utanfor_arbetsmarknaden",
                      "behov_samordnad_rehabilitering"):
        assert f"  - {criterion}: " in reasons
    enrolled = as_json(stegvis("enrol", "vasteras", "V-1", *VASTERAS, "--coordinator", "bo",
                               "--identity-number", "-", "--consent-on", "2024-01-31",
                               "--json", stdin=IDENTITY_NUMBER + "\n"))
    assert enrolled == {"case_id": 2, "status": "active", "row_version": 1,
                        "obligations": enrolled["obligations"], "warnings": [],
                        "programme_name": "Samordningsteam Västerås"}

    # The task list: overdue ones, one coordinator's month, one programme.
    overdue = ok(stegvis("tasks", "--overdue", today="2024-02-26"))
    assert "task:startenkat" in overdue and "OVERDUE" in overdue
    assert "follow_up:1" not in overdue
    march = as_json(stegvis("tasks", "--coordinator", "anna", "--from", "2024-03-01",
                            "--to", "2024-03-31", "--json", today="2024-02-26"))
    assert [(t["case_id"], t["key"], t["due_on"]) for t in march] == [
        (1, "task:handlingsplan", "2024-03-01"), (1, "follow_up:1", "2024-03-28")]
    assert {t["case_id"] for t in as_json(stegvis("tasks", "--programme", "vasteras",
                                                  "--json"))} == {2}
    table = ok(stegvis("tasks", "--coordinator", "anna", "--limit", "2"))
    assert table.splitlines()[0].split() == ["due", "case", "obligation", "kind", "what",
                                             "coordinator"]
    assert "2 open obligation(s)" in table and "raise --limit" in table

    # Completing, with and without a stale version.
    assert ok(stegvis("complete", "1", "task:handlingsplan", today="2024-02-20")) == \
        "case 1: task:handlingsplan done on 2024-02-20 (case version 2)\n"
    stale = refused(stegvis("complete", "1", "task:startenkat", "--expect-version", "1",
                            today="2024-02-20"))
    assert "changed by someone else" in stale
    assert "moved to phase aktivitet" in ok(stegvis("move", "1", "aktivitet",
                                                    today="2024-02-20"))

    listed = as_json(stegvis("cases", "--coordinator", "anna", "--json", today="2024-02-20"))
    caseload = ok(stegvis("cases", "--coordinator", "anna", today="2024-02-20"))
    assert [row["participant"] for row in listed] == [line.split()[2] for line in
                                                      caseload.splitlines()[1:-1]]
    assert caseload.splitlines()[-1].startswith(f"{len(listed)} case(s)")

    # A follow-up without the referring party, agreeing a tighter interval.
    out = ok(stegvis("follow-up", "1", "--held-on", "2024-03-20", "--attendee", "deltagare",
                     "projektmedarbetare", "--step-movement", "partly", "--agreed-interval",
                     "1 month", today="2024-03-20"))
    assert "follow-up held 2024-03-20 recorded" in out and "(case version 4)" in out
    assert "warning: Anvisande part (handläggare) did not attend" in out
    view = as_json(stegvis("case", "show", "1", "--json", today="2024-03-20"))
    due = {o["key"]: o["due_on"] for o in view["obligations"] if o["status"] == "open"}
    assert due["follow_up:2"] == "2024-04-19"
    out = ok(stegvis("follow-up", "1", "--held-on", "2024-04-10", "--attendee", "deltagare",
                     "projektmedarbetare", "anvisande_part", "--step-movement", "yes",
                     "--next-on", "2024-05-02", today="2024-04-10"))
    assert "next on 2024-05-02" in out
    view = as_json(stegvis("case", "show", "1", "--json", today="2024-04-10"))
    due = {o["key"]: o["due_on"] for o in view["obligations"] if o["status"] == "open"}
    assert (due["follow_up:3"], due["follow_up:4"]) == ("2024-05-02", "2024-05-31")

    # An extension, refused in the wrong role and approved in the right one.
    out = ok(stegvis("extension", "request", "2", "6 months", "--reason", "arbetsträning",
                     today="2024-12-02"))
    assert "extension request 1 of 6 months" in out and "decided by styrgrupp" in out
    wrong = refused(stegvis("extension", "decide", "1", "approve", "--role",
                            "verksamhetsledare", actor="lena", today="2024-12-02"))
    assert "decided by Styrgrupp, not by Verksamhetsledare" in wrong
    out = ok(stegvis("extension", "decide", "1", "approve", "--role", "styrgrupp",
                     actor="styrgruppen", today="2024-12-02"))
    assert out.startswith("extension request 1: approved on 2024-12-02 by styrgruppen")
    view = as_json(stegvis("case", "show", "2", "--json", today="2024-12-02"))
    assert {o["key"]: o["due_on"] for o in view["obligations"]}["duration:limit"] == \
        "2025-07-30"
    assert view["participant"]["identity_number_on_file"] is True

    # Exit: refused from the wrong phase, then done, then undone.
    wrong = refused(stegvis("exit", "1", "arbete", today="2024-06-03"))
    assert "move the phase first" in wrong
    ok(stegvis("move", "1", "avslut", today="2024-06-03"))
    assert "exited on 2024-06-03 with outcome arbete" in ok(stegvis("exit", "1", "arbete",
                                                                   today="2024-06-03"))
    exit_tasks = as_json(stegvis("tasks", "--json", today="2024-06-03"))
    assert {"exit:slutenkat", "exit:stegforflyttning_vid_avslut"} <= {
        t["key"] for t in exit_tasks if t["case_id"] == 1}
    assert "exit undone" in ok(stegvis("undo-exit", "1", "--reason", "fel ärende",
                                       today="2024-06-03"))
    text = ok(stegvis("case", "show", "1", today="2024-06-03"))
    assert "status        active, phase avslut" in text
    view = as_json(stegvis("case", "show", "1", "--json", today="2024-06-03"))
    assert view["case"]["status"] == "active" and view["case"]["row_version"] == 8
    assert [a["action"] for a in view["audit"]] == [
        "enrol", "complete", "move_phase", "follow_up", "follow_up", "move_phase", "exit",
        "undo_exit"]


def test_records_reimbursement_and_the_default_actor(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "definitioner"
    folder.mkdir()
    written = make_stegvis(sqlite_url, tmp_path)

    with_type_cases(folder)

    def stegvis(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Result:
        # Örebro with its type cases written (the shipped one has none: seed 002 names none)
        return written(*args, env={"STEGVIS_DEFINITIONS": str(folder), **(env or {})},
                       **kwargs)
    ok(stegvis("enrol", "orebro", "O-1", "--gender", "annat", "--birth-year", "1970",
               "--municipality", "Örebro", "--coordinator", "anna"))
    ok(stegvis("assess", "1", "2", "--need-level", "niva_2"))
    ok(stegvis("assess", "1", "4", "--need-level", "niva_2", today="2024-08-01"))
    early = ok(stegvis("reimbursement", "1", "--on", "2024-03-01", today="2024-08-01"))
    assert "base 10000, no effect premium yet" in early
    assert as_json(stegvis("reimbursement", "1", "--json", today="2024-08-01"))["total"] == 14000
    assert "premium 4000 (2 level(s) gained) = 14000 SEK per month" in ok(
        stegvis("reimbursement", "1", today="2024-08-01"))
    assert "type case typfall_a" in ok(stegvis("type-case", "1", "typfall_a"))
    assert "did you mean 'typfall_b'" in refused(stegvis("type-case", "1", "typfall_c"))
    assert "goal 1 added" in ok(stegvis("goal", "1", "Egen försörjning"))
    assert "sub-goal of goal 1 2 added" in ok(stegvis("goal", "1", "Arbetsträning",
                                                      "--parent", "1"))

    ok(stegvis("enrol", "start", "S-1", "--gender", "man", "--birth-year", "1970",
               "--municipality", "Stockholm", "--coordinator", "anna", "--attest", "malgrupp",
               "bestalld_av_kund"))
    assert "placement form extern_placering" in ok(stegvis("placement", "2", "extern_placering"))
    assert "not on the waiting list" in refused(stegvis("admit", "2"))

    ok(stegvis("enrol", "rebus", "R-1", *REBUS, "--coordinator", "anna"))
    out = ok(stegvis("survey", "3", "startenkat", "--answer", "valbefinnande=3", "livskvalitet=4",
                     actor=None, env={"STEGVIS_USER": "lena"}, today="2024-02-05"))
    assert "startenkat: 2 answer(s) recorded on 2024-02-05" in out
    view = as_json(stegvis("case", "show", "3", "--json"))
    assert view["audit"][-1]["actor"] == "lena"
    assert {o["key"]: o["status"] for o in view["obligations"]}["task:startenkat"] == "done"

    ok(stegvis("enrol", "vasteras", "V-1", *VASTERAS, "--coordinator", "anna"))
    ok(stegvis("complete", "4", "task:gemensam_planering", today="2024-02-20"))
    ok(stegvis("move", "4", "aktiviteter", today="2024-02-20"))
    ok(stegvis("exit", "4", "arbete", today="2024-03-01"))
    out = ok(stegvis("post-exit", "4", "efter_6_manader", "arbete", today="2024-09-02"))
    assert out.startswith("case 4: efter_6_manader: arbete, found on 2024-09-02")


def test_bad_input_is_refused_plainly(sqlite_url: str, tmp_path: Path) -> None:
    stegvis = make_stegvis(sqlite_url, tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna"))
    assert "'2024-02-30' is not a date" in refused(stegvis("tasks", today="2024-02-30"), 2)
    assert "is not a date" in refused(stegvis("complete", "1", "task:startenkat", "--on",
                                              "31/1/2024"), 2)
    assert refused(stegvis("complete", "99", "task:startenkat")) == \
        "stegvis: no case with id 99\n"
    assert "'abc' is not an id" in refused(stegvis("case", "show", "abc"), 2)
    assert "did you mean 'task:startenkat'" in refused(stegvis("complete", "1",
                                                               "task:startenkt"))
    assert "in the future" in refused(stegvis("complete", "1", "task:startenkat", "--on",
                                              "2024-02-01"))
    assert "did you mean 'rebus'" in refused(stegvis("enrol", "rebsu", "P-2", *REBUS,
                                                      "--coordinator", "anna"))
    assert "--coordinator" in refused(stegvis("enrol", "rebus", "P-2", *REBUS), 2)
    assert "invalid choice: 'maybe'" in refused(stegvis(
        "follow-up", "1", "--attendee", "deltagare", "--step-movement", "maybe"), 2)
    assert "not an answer" in refused(stegvis("survey", "1", "startenkat", "--answer",
                                              "valbefinnande"), 2)
    assert "ends (2024-03-01) before it starts" in refused(stegvis(
        "tasks", "--from", "2024-03-02", "--to", "2024-03-01"))
    assert "no extension request with id 7" in refused(stegvis(
        "extension", "decide", "7", "approve", "--role", "styrgrupp"))
    assert "cannot use database URL" in refused(run_stegvis(
        ["tasks", "--database", "nonsense://nowhere"], tmp_path))
    # The identity number is never repeated, even when mistyped or given as the key.
    assert "unrecognized arguments: --identity-numbr ****" in refused(stegvis(
        "enrol", "rebus", "P-3", *REBUS, "--coordinator", "anna", "--identity-numbr",
        IDENTITY_NUMBER), 2)
    assert "looks like an identity number" in refused(stegvis(
        "enrol", "rebus", IDENTITY_NUMBER, *REBUS, "--coordinator", "anna"))
    assert "not valid" in refused(stegvis("enrol", "rebus", "P-4", *REBUS, "--coordinator",
                                          "anna", "--identity-number", "19850101-2384",
                                          "--consent-on", "2024-01-31"))


def test_case_commands_never_import_prefect(sqlite_url: str, tmp_path: Path) -> None:
    code = ("import sys; from engine.cli import main; "
            f"db = ['--database', {sqlite_url!r}, '--today', '2024-01-31', '--as', 'anna']; "
            f"assert main(['enrol', 'rebus', 'P-1', *{REBUS!r}, '--coordinator', 'anna', *db])"
            " == 0; assert main(['tasks', '--json', *db]) == 0; "
            "assert main(['case', 'show', '1', *db]) == 0; "
            "assert 'prefect' not in sys.modules, 'prefect imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120,
                            env={**os.environ, "STEGVIS_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_the_installed_entry_point_runs_case_commands(sqlite_url: str, tmp_path: Path) -> None:
    common = ["--database", sqlite_url, "--today", "2024-01-31", "--as", "anna"]
    enrolled = run_stegvis(["enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", *common],
                           tmp_path, subprocess_run=True)
    assert "case 1" in ok(enrolled)
    masked = run_stegvis(["enrol", "rebus", "P-2", *REBUS, "--coordinator", "anna",
                          "--identity-numbr", IDENTITY_NUMBER, *common], tmp_path,
                         subprocess_run=True)
    assert "--identity-numbr ****" in refused(masked, 2)


def test_migrating_cases_to_a_new_definition_from_the_command_line(
        sqlite_url: str, tmp_path: Path) -> None:
    import shutil
    definitions = tmp_path / "defs"
    shutil.copytree(ROOT / "process_defs", definitions)
    stegvis = make_stegvis(sqlite_url, tmp_path)
    env = {"STEGVIS_DEFINITIONS": str(definitions)}
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", env=env))
    rebus = definitions / "rebus.yaml"
    text = rebus.read_text(encoding="utf-8").replace("version: 1\n", "version: 2\n", 1)
    rebus.write_text(text.replace("interval: 2 months ", "interval: 6 weeks ", 1),
                     encoding="utf-8")
    # The folder is an import: the changed file runs once it is published.
    assert "not on version 2" not in ok(stegvis("migrate", "rebus", env=env))
    published = ok(stegvis("definitions", "import", "--reason", "tätare uppföljning", env=env))
    assert "rebus: published as number 2 (version 2)" in published
    assert "hofors: published as number 1 (first publication)" in published
    history = ok(stegvis("definitions", "history", "rebus", env=env))
    assert "rebus #2" in history and "anna: tätare uppföljning" in history
    plan = ok(stegvis("migrate", "rebus", env=env))
    assert "1 case(s) not on version 2" in plan and "nothing has been changed" in plan
    assert "move      follow_up:1: 2024-03-28 → 2024-03-13" in plan
    content_hash = plan.rsplit("--apply ", 1)[1].strip()
    data = as_json(stegvis("migrate", "rebus", "--json", env=env))
    assert data["content_hash"] == content_hash and data["cases"][0]["case_id"] == 1
    assert "changed since the dry run" in refused(stegvis("migrate", "rebus", "--apply",
                                                          "0" * 64, env=env))
    assert "1 case(s) of rebus moved" in ok(stegvis("migrate", "rebus", "--apply",
                                                    content_hash, env=env))
    shown = as_json(stegvis("case", "show", "1", "--json", env=env))
    assert shown["programme"]["version"] == 2
