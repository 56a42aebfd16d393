"""`stegvis simulate` walks a path: phases entered, the referral, follow-ups held.

Run through the command's own main(), as an administrator would type it; every mistake
is one line on stderr and exit code 1, and a span that would take minutes is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_cases import run_stegvis

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "docs" / "examples" / "ungdom.yaml")


def simulate(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = run_stegvis(["simulate", *args], tmp_path)
    return result.returncode, result.stdout, result.stderr


def keys(out: str) -> dict[str, dict]:
    return {o["key"]: o for o in json.loads(out)}


def test_a_whole_life(tmp_path: Path) -> None:
    code, out, err = simulate(tmp_path, EXAMPLE, "--start", "2024-03-04",
                              "--referral", "2024-02-26", "--move", "insats@2024-04-08",
                              "--move", "praktik@2024-09-02", "--move", "avslut@2025-02-03",
                              "--follow-up", "uppfoljning@2024-03-20",
                              "--follow-up", "praktikuppfoljning@2024-09-27", "--json")
    assert code == 0, err
    found = keys(out)
    assert found["task:forsta_motet"]["due"] == "2024-03-11"        # from the referral
    assert found["task:praktikavtal:2024-09-02"]["due"] == "2024-09-09"
    assert found["follow_up:uppfoljning:1"]["note"] == "held"
    assert found["follow_up:uppfoljning:1"]["due"] == "2024-03-20"
    assert found["follow_up:praktikuppfoljning:1"]["note"] == "held"
    assert found["follow_up:praktikuppfoljning:2"]["due"] == "2024-10-28"
    assert "phase_limit:kartlaggning:2024-03-04" not in found     # left in time
    assert found["duration:limit"]["extension_tiers"][1] == {
        "up_to": "6 months", "approved_by": "styrgrupp", "last_day": "2025-09-03"}
    assert found["exit:slutsamtal"]["due"] == "2025-03-03"


def test_the_text_names_the_path_and_what_it_assumes(tmp_path: Path) -> None:
    code, out, err = simulate(tmp_path, EXAMPLE, "--start", "2024-03-04",
                              "--move", "insats@2024-04-08", "--until", "2024-05-31")
    assert code == 0, err
    assert "  fas Insatser från 2024-04-08" in out
    assert "(antagande: guards assumed met: kartlaggning_klar before kartlaggning → insats)" \
        in out
    assert "(antagande: no --referral: deadlines from the referral count from the enrolment)" \
        in out
    assert "(antagande: exit outcome assumed: flyttat (the path ends in 'insats', from which " \
           "nobody completes))" in out
    code, out, err = simulate(tmp_path, EXAMPLE, "--start", "2024-03-04", "--until",
                              "2024-05-31")
    assert "(antagande: no --move: the participant stays in the initial phase 'kartlaggning' " \
           "throughout)" in out
    assert "phase_limit " in out  # the mapping's limit shows when nobody moves on


def test_extension_tiers_in_the_text(tmp_path: Path) -> None:
    code, out, err = simulate(tmp_path, "vasteras", "--start", "2019-01-31")
    assert code == 0, err
    assert "förlängning upp till 3 månader (t.o.m. 2020-04-30): godkänns av Verksamhetsledare" \
        in out
    assert "förlängning längre: godkänns av Styrgrupp" in out


def test_target_denominators_in_the_text(tmp_path: Path) -> None:
    code, out, err = simulate(tmp_path, EXAMPLE, "--start", "2024-03-04", "--move",
                              "insats@2024-04-08", "--exit", "2024-06-28", "--outcome", "flyttat")
    assert code == 0, err
    assert "40 % till arbete eller studier (av alla avslut utom de som flyttat): räknas inte " \
           "(utanför nämnaren)" in out


def refusal(tmp_path: Path, *args: str) -> str:
    code, out, err = simulate(tmp_path, *args)
    assert code == 1, out + err
    (line,) = err.strip().splitlines()
    return line


def test_mistakes_in_a_path(tmp_path: Path) -> None:
    start = [EXAMPLE, "--start", "2024-03-04"]
    assert refusal(tmp_path, *start, "--move", "insatser@2024-04-08") == (
        "stegvis: ungdom: --move insatser@2024-04-08: no phase 'insatser'; did you mean "
        "'insats'?")
    assert refusal(tmp_path, *start, "--move", "praktik@2024-04-08") == (
        "stegvis: ungdom: --move praktik@2024-04-08: no transition from 'kartlaggning' to "
        "'praktik' (allowed from 'kartlaggning': insats)")
    assert refusal(tmp_path, *start, "--move", "insats@2024-04-08",
                   "--move", "praktik@2024-04-01") == (
        "stegvis: --move praktik@2024-04-01 is before entering 'insats' on 2024-04-08; give "
        "the moves in order")
    assert refusal(tmp_path, *start, "--move", "insats@2024-04-08", "--outcome", "arbete") == (
        "stegvis: ungdom: a participant completes from Avslut, not from Insatser; add --move "
        "to such a phase before the exit, or give a drop-out --outcome")
    # The case engine refuses a completion from the first phase; so does the dry run, which
    # once accepted it (issue 25, rule 4).
    assert refusal(tmp_path, *start, "--exit", "2024-06-28", "--outcome", "arbete") == (
        "stegvis: ungdom: a participant completes from Avslut, not from Kartläggning; add "
        "--move to such a phase before the exit, or give a drop-out --outcome")
    assert refusal(tmp_path, *start, "--referral", "2024-03-05") == (
        "stegvis: --referral 2024-03-05 is after the enrolment on 2024-03-04; a participant is "
        "referred first")
    assert refusal(tmp_path, *start, "--follow-up", "2024-03-20") == (
        "stegvis: --follow-up 2024-03-20: ungdom has several follow-up series; write "
        "SERIES@DATE with one of uppfoljning, praktikuppfoljning")
    assert refusal(tmp_path, *start, "--follow-up", "uppfolning@2024-03-20") == (
        "stegvis: --follow-up uppfolning@2024-03-20: no follow-up series 'uppfolning'; did you "
        "mean 'uppfoljning'?")


def test_a_span_is_bounded(tmp_path: Path) -> None:
    assert refusal(tmp_path, "rebus", "--start", "2019-01-31", "--until", "2119-01-01") == (
        "stegvis: --until 2119-01-01 is 99 years after the start; a dry run covers at most 25 "
        "years (--until 2044-01-31 at the latest)")
    code, _, err = simulate(tmp_path, "rebus", "--start", "2019-01-31", "--until", "2044-01-31",
                            "--json")
    assert code == 0, err


def test_a_move_written_without_a_date_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = simulate(tmp_path, EXAMPLE, "--start", "2024-03-04", "--move", "insats")
    assert code == 2
    assert "'insats': write the move as PHASE@DATE, e.g. aktivitet@2024-03-01" in err


def test_an_extension_names_its_decider_and_moves_the_assumed_exit(tmp_path: Path) -> None:
    vasteras = str(ROOT / "process_defs" / "vasteras.yaml")
    code, out, err = simulate(tmp_path, vasteras, "--start", "2024-01-31", "--extension",
                              "6 months", "--move", "aktiviteter@2024-03-01", "--outcome",
                              "fortsatt_rehabilitering", "--sub-outcome", "aterremitterad")
    assert code == 0, err
    assert "  förlängning 6 månader, beslutas av Styrgrupp, t.o.m. 2025-07-30" in out
    assert "  avslut: Fortsatt arbetslivsinriktad rehabilitering efter avslut (Återgår till " \
           "remitterande myndighet)" in out
    assert "exit assumed on the last day within the maximum duration (1 year and the " \
           "extension): 2025-07-30" in out
    code, _, err = simulate(tmp_path, vasteras, "--start", "2024-01-31", "--outcome",
                            "avbrott", "--sub-outcome", "aterremitterad")
    assert code == 1 and "exit outcome 'avbrott' has no sub-outcomes" in err
    code, _, err = simulate(tmp_path, vasteras, "--start", "2024-01-31", "--extension",
                            "sex månader")
    assert code != 0 and "--extension" in err


def test_a_sub_outcome_in_the_dry_run(tmp_path: Path) -> None:
    """`--outcome avbrott/flyttat`: a denominator that leaves out those who moved can be
    tried in the dry run (issue 25, rule 5)."""
    text = Path(EXAMPLE).read_text(encoding="utf-8").replace(
        "    - {id: flyttat, name: Flyttat från kommunen, category: other, completed: false}\n"
        "    - {id: avbrott, name: Avbrutit, category: drop_out, completed: false}\n",
        "    - {id: avbrott, name: Avbrutit, category: drop_out, completed: false,\n"
        "       sub_outcomes: [{id: flyttat, name: Flyttat från kommunen}]}\n", 1)
    (tmp_path / "ungdom.yaml").write_text(text, encoding="utf-8")
    path = [str(tmp_path / "ungdom.yaml"), "--start", "2024-03-04", "--move",
            "insats@2024-04-08", "--exit", "2024-06-28"]
    code, out, err = simulate(tmp_path, *path, "--outcome", "avbrott/flyttat")
    assert code == 0, err
    assert "mål vid avslut som Avbrutit (Flyttat från kommunen):" in out
    assert "40 % till arbete eller studier (av alla avslut utom de som flyttat): räknas inte " \
           "(utanför nämnaren)" in out
    code, out, err = simulate(tmp_path, *path, "--outcome", "avbrott")
    assert "räknas bara i nämnaren" in out
    assert refusal(tmp_path, *path, "--outcome", "avbrott/flytat") == (
        "stegvis: ungdom: outcome 'avbrott' has no sub-outcome 'flytat'; did you mean "
        "'flyttat'?")
