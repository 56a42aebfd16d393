"""A population small enough to count by hand: 20 REBUS and 19 Västerås participants
over 2024–2025, every gender, every outcome, a follow-up with and without a step
movement, surveys that improve and do not, post-exit follow-ups found, not reachable
and missing, two extensions decided by different roles, three refused enrolments and a
change of REBUS's definition version part-way.

The clock stands at 2026-01-15 throughout; everything is back-dated with ``on=``.
tests/test_report_figures.py states every expected number with its reason.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from case_helpers import ELIGIBLE
from conftest import MovableClock

from engine.errors import NotEligibleError
from engine.paths import definitions_dir
from engine.service.cases import operations, records
from engine.service.cases.enrolment import EnrolmentRequest, enrol
from engine.service.programme.publishing import import_files
from engine.service.shared.context import Context

TODAY = date(2026, 1, 15)
D = date.fromisoformat


def _enrol(ctx: Context, programme: str, key: str, gender: str, born: int, on: str,
           **overrides: Any) -> int:
    fields: dict[str, Any] = dict(coordinator="anna", municipality="Hofors")
    fields.update(ELIGIBLE[programme])
    fields.update(overrides)
    return enrol(ctx, EnrolmentRequest(programme=programme, participant_key=key, gender=gender,
                                       birth_year=born, on=D(on), **fields), actor="anna").case_id


def _rebus_completer(ctx: Context, case: int, planned: str, to_avslut: str, exit_on: str,
                     outcome: str) -> None:
    operations.complete(ctx, case, "task:handlingsplan", "anna", on=D(planned))
    operations.move_phase(ctx, case, "aktivitet", "anna", on=D(planned))
    operations.move_phase(ctx, case, "avslut", "anna", on=D(to_avslut))
    operations.exit_case(ctx, case, outcome, "anna", on=D(exit_on))


def write_rebus_v2(folder: Path) -> None:
    """REBUS version 2: the same rules, a new description (a new content hash)."""
    text = (folder / "rebus.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 1", "version: 2", 1).replace(
        "description: >-", "description: >-\n  Version 2.", 1)
    (folder / "rebus.yaml").write_text(text, encoding="utf-8")


def build(ctx: Context, clock: MovableClock, folder: Path) -> Context:
    """Store the population; returns a context reading definitions from ``folder``."""
    for name in ("rebus.yaml", "vasteras.yaml"):
        shutil.copy(definitions_dir() / name, folder / name)
    clock.set_day(TODAY)
    ctx = Context(ctx.engine, clock, folder)
    # REBUS under version 1.
    r01 = _enrol(ctx, "rebus", "R01", "kvinna", 1985, "2024-01-15", municipality="Hagfors")
    records.record_survey(ctx, r01, "startenkat", {"valbefinnande": 2}, "anna", on=D("2024-01-15"))
    operations.record_follow_up(ctx, r01, D("2024-03-15"), ["deltagare", "projektmedarbetare"],
                                "yes", "anna")
    _rebus_completer(ctx, r01, "2024-02-01", "2024-06-03", "2024-06-14", "arbete")
    records.record_survey(ctx, r01, "slutenkat", {"valbefinnande": 4}, "anna", on=D("2024-06-14"))
    r02 = _enrol(ctx, "rebus", "R02", "kvinna", 1990, "2024-02-01", municipality="Forshaga")
    records.record_survey(ctx, r02, "startenkat", {"valbefinnande": 3}, "anna", on=D("2024-02-01"))
    operations.record_follow_up(ctx, r02, D("2024-04-01"), ["deltagare", "projektmedarbetare"],
                                "partly", "anna")
    _rebus_completer(ctx, r02, "2024-02-20", "2024-09-02", "2024-09-02", "studier")
    records.record_survey(ctx, r02, "slutenkat", {"valbefinnande": 3}, "anna", on=D("2024-09-02"))
    r03 = _enrol(ctx, "rebus", "R03", "man", 1980, "2024-03-01", municipality="Forshaga")
    operations.exit_case(ctx, r03, "avbrott", "anna", on=D("2024-05-02"))
    _enrol(ctx, "rebus", "R04", "man", 1975, "2024-03-15", municipality="Munkfors")
    _enrol(ctx, "rebus", "R05", "annat", 1995, "2024-04-01", municipality="Munkfors")
    r06 = _enrol(ctx, "rebus", "R06", "uppgift_saknas", 2000, "2024-05-02",
                 municipality="Hagfors")
    operations.record_follow_up(ctx, r06, D("2024-07-01"), ["deltagare", "projektmedarbetare"],
                                "yes", "anna")
    _rebus_completer(ctx, r06, "2024-05-20", "2025-03-03", "2025-03-03",
                     "narmat_egen_forsorjning")
    r07 = _enrol(ctx, "rebus", "R07", "man", 1988, "2023-11-01", municipality="Hagfors")
    operations.exit_case(ctx, r07, "avbrott", "anna", on=D("2024-03-01"))
    for key, born, on, municipality in (("X1", 1950, "2024-04-10", "Hagfors"),
                                        ("X2", 1985, "2024-05-10", "Karlstad"),
                                        ("X3", 1950, "2025-01-10", "Hagfors")):
        try:
            _enrol(ctx, "rebus", key, "man" if key == "X1" else "kvinna", born, on,
                   municipality=municipality)
        except NotEligibleError:
            pass
        else:
            raise AssertionError(f"{key} should have been refused")
    # REBUS version 2 from here: twelve participants who stay, and one in 2025.
    write_rebus_v2(folder)
    import_files(ctx, [folder / "rebus.yaml"], "anna", "ny beskrivning")  # runs once published
    for i in range(12):
        _enrol(ctx, "rebus", f"RF{i:02d}", ("kvinna", "man")[i % 2], 1990, "2024-06-03",
               municipality="Hagfors")
    _enrol(ctx, "rebus", "R08", "kvinna", 1962, "2025-02-03", municipality="Hagfors")
    # Samordningsteam Västerås.
    v01 = _enrol(ctx, "vasteras", "V01", "kvinna", 1985, "2024-01-10")
    _vasteras_exit(ctx, v01, "2024-02-01", "2024-07-01", "arbete")
    records.record_post_exit_result(ctx, v01, "efter_6_manader", "arbete", "payoff",
                                    on=D("2025-01-03"))
    v02 = _enrol(ctx, "vasteras", "V02", "man", 1982, "2024-02-01")
    _vasteras_exit(ctx, v02, "2024-02-15", "2024-08-01", "studier")
    records.record_post_exit_result(ctx, v02, "efter_6_manader", "not_reachable", "payoff",
                                    on=D("2025-02-05"))
    v03 = _enrol(ctx, "vasteras", "V03", "annat", 1999, "2024-03-01")
    _vasteras_exit(ctx, v03, "2024-03-20", "2024-09-02", "fortsatt_rehabilitering")
    v04 = _enrol(ctx, "vasteras", "V04", "kvinna", 1970, "2024-03-01")
    first = operations.request_extension(ctx, v04, "3 months", "needs time", "anna",
                                         on=D("2025-01-15"))
    operations.decide_extension(ctx, first, True, "lena", "verksamhetsledare", on=D("2025-01-20"))
    second = operations.request_extension(ctx, v04, "6 months", "still", "anna",
                                          on=D("2025-04-01"))
    operations.decide_extension(ctx, second, True, "styrgruppen", "styrgrupp",
                                on=D("2025-04-10"))
    _vasteras_exit(ctx, v04, "2024-03-20", "2025-06-30", "fortsatt_rehabilitering")
    v05 = _enrol(ctx, "vasteras", "V05", "man", 1960, "2024-04-01")
    operations.exit_case(ctx, v05, "avbrott", "anna", on=D("2024-05-15"))
    for i in range(14):
        _enrol(ctx, "vasteras", f"VF{i:02d}", ("kvinna", "man")[i % 2], 1980, "2024-09-02")
    return ctx


def _vasteras_exit(ctx: Context, case: int, planned: str, exit_on: str, outcome: str) -> None:
    operations.complete(ctx, case, "task:gemensam_planering", "anna", on=D(planned))
    operations.move_phase(ctx, case, "aktiviteter", "anna", on=D(planned))
    operations.exit_case(ctx, case, outcome, "anna", on=D(exit_on))


#: Every participant key of the population (for the test that none leaks).
KEYS = ("R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "X1", "X2", "X3",
        *(f"RF{i:02d}" for i in range(12)), "V01", "V02", "V03", "V04", "V05",
        *(f"VF{i:02d}" for i in range(14)))
