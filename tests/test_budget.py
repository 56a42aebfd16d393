"""Budget in balance (Västerås målområde 3, seed 003): budget and outcome per period, a
deviation's analysis of causes and, when needed, its action plan — on both backends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Inbox, MovableClock

from engine.channels.mail import SmtpTransport
from engine.cli.program import main
from engine.errors import InputError
from engine.rules.budget import BudgetEntry, budget_period, budget_rows, budget_total, parse_amount
from engine.service.programme.budget import (
    PeriodAmounts,
    budget_view,
    record_action_plan,
    record_amounts,
    record_analysis,
)
from engine.service.programme.budget_import import BudgetImportError, import_budget
from engine.service.reminders.delivery import build_digests, deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context

GOOD = ("period;budget;utfall\n"
        "2019-Q1;1 250 000;1 198 432,50\n"
        "2019-Q2;1 250 000;\n"
        "2019-Q3;\"1 300 000\";\n"
        "2019-Q4;1\u00a0300\u00a0000,00;\n").encode("utf-8-sig")   # Excel's BOM and NBSPs


# -- the pure rules ---------------------------------------------------------------------

@pytest.mark.parametrize(("written", "kronor"), [
    ("1 250 000", "1250000.00"), ("1 198 432,50", "1198432.50"), ("-12000", "-12000.00"),
    ("99.5", "99.50"), ("5 000 kr", "5000.00"), ("1\u202f000", "1000.00"),
])
def test_amounts_are_read_as_written_in_sweden(written: str, kronor: str) -> None:
    assert parse_amount(written) == Decimal(kronor)


@pytest.mark.parametrize("written", ["1.234.567", "1,234,567", "12 34", "1,234", "", "tio"])
def test_an_amount_that_could_mean_two_things_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="is not an amount in kronor"):
        parse_amount(written)


def test_periods_are_written_as_the_programme_budgets() -> None:
    assert budget_period("quarter", "2019-q3") == budget_period("quarter", "2019-Q3")
    q3 = budget_period("quarter", "2019-Q3")
    assert (q3.key, q3.starts_on, q3.ends_on) == ("2019-Q3", date(2019, 7, 1),
                                                   date(2019, 9, 30))
    assert budget_period("month", "2024-02").ends_on == date(2024, 2, 29)
    assert budget_period("half_year", "2019-H2").starts_on == date(2019, 7, 1)
    with pytest.raises(ValueError, match="budgets by quarter, written like 2019-Q1"):
        budget_period("quarter", "2019-03")


def test_budget_rows_give_the_deviation_over_and_under() -> None:
    q = [budget_period("quarter", f"2019-Q{n}") for n in (1, 2, 3, 4)]
    rows = budget_rows([
        BudgetEntry(q[2], Decimal(1000), None),                  # no outcome yet
        BudgetEntry(q[0], Decimal(1000), Decimal(1101)),         # 10.1 % over
        BudgetEntry(q[1], Decimal(1000), Decimal(900)),          # exactly 10 % under
        BudgetEntry(q[3], Decimal(0), Decimal(5)),               # against no budget at all
    ], threshold=0.10)
    assert [r.period for r in rows] == ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]
    assert (rows[0].deviation, rows[0].beyond_threshold) == (Decimal(101), True)
    assert rows[0].deviation_share == pytest.approx(0.101)
    assert (rows[1].deviation, rows[1].beyond_threshold) == (Decimal(-100), False)
    assert (rows[2].deviation, rows[2].deviation_share, rows[2].beyond_threshold) == (
        None, None, False)
    assert (rows[3].deviation_share, rows[3].beyond_threshold) == (None, True)
    total = budget_total(rows[:3], 0.10)       # Q3 has no outcome: left out of both sums
    assert total is not None
    assert (total.budget, total.outcome, total.deviation) == (Decimal(2000), Decimal(2001),
                                                              Decimal(1))


# -- recording, importing and following up (SQLite and PostgreSQL) -----------------------

def test_a_good_file_is_imported_whole(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 4, 5))
    result = import_budget(ctx, "vasteras", GOOD, "budget-2019.csv", actor="eva")
    assert result.rows == 4
    view = budget_view(ctx, "vasteras")
    assert [(r.period, r.budget, r.outcome) for r in view.rows] == [
        ("2019-Q1", Decimal("1250000.00"), Decimal("1198432.50")),
        ("2019-Q2", Decimal("1250000.00"), None),
        ("2019-Q3", Decimal("1300000.00"), None),
        ("2019-Q4", Decimal("1300000.00"), None)]
    # 51 567,50 under budget is 4,1 %: within Västerås's 10 %, nothing to analyse
    assert view.rows[0].deviation == Decimal("-51567.50")
    assert not view.rows[0].beyond_threshold and view.obligations == ()


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 10))
    record_amounts(ctx, "vasteras", [PeriodAmounts("2019-Q1", budget=Decimal(1000))], "eva")
    bad = (b"period;budget;utfall\n"
           b"2019-Q1;2 000;1 950\n"            # fine, but must not be imported either
           b"2019-Q2;1.250.000;\n"             # dots: thousands or decimals? refused
           b"2019-Q5;1 000;\n"                 # no fifth quarter
           b"2019-Q1;3 000;\n"                 # the same period twice
           b"2019-Q3;;\n"                      # neither budget nor outcome
           b"2020-Q1;1 000;5\n"                # an outcome before the period has begun
           b"2015-Q4;1 000;\n"                 # before the programme started (2016-07-01)
           b"2019-Q4;1 000\n")                 # a column missing
    with pytest.raises(BudgetImportError) as caught:
        import_budget(ctx, "vasteras", bad, "budget.csv", actor="eva")
    assert [p.split(": ", 1)[0] for p in caught.value.problems] == [
        f"budget.csv:{line}" for line in (3, 4, 5, 6, 7, 8, 9)]
    message = str(caught.value)
    assert message.startswith("budget.csv: 7 problem(s) in 8 row(s); nothing was imported")
    for expected in ("budget.csv:3: budget: '1.250.000' is not an amount in kronor",
                     "budget.csv:4: '2019-Q5' is not a budget period",
                     "budget.csv:5: 2019-Q1 is already on line 2",
                     "budget.csv:6: 2019-Q3: neither a budget nor an outcome",
                     "budget.csv:7: an outcome for 2020-Q1, which has not begun",
                     "budget.csv:8: 2015-Q4 lies outside Samordningsteam Västerås's validity",
                     "budget.csv:9: 2 value(s) for 3 column(s)"):
        assert expected in message
    rows = budget_view(ctx, "vasteras").rows     # as before the import, line 2 included
    assert [(r.period, r.budget, r.outcome) for r in rows] == [
        ("2019-Q1", Decimal("1000.00"), None)]


def test_a_file_whose_columns_are_wrong_is_refused_before_any_row(ctx: Context,
                                                                   clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 10))
    with pytest.raises(BudgetImportError, match=r"budget\.csv:1: unknown column 'utfal'; did "
                                                r"you mean 'utfall'"):
        import_budget(ctx, "vasteras", b"period;budget;utfal\n2019-Q1;1;2\n", "budget.csv",
                      actor="eva")


def test_a_deviation_opens_the_analysis_for_the_responsible_role(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 1, 10))
    record_amounts(ctx, "vasteras", [PeriodAmounts("2019-Q1", budget=Decimal(1_250_000))],
                   "eva")
    clock.set_day(date(2019, 4, 5))   # a Friday: the first quarter's outcome comes in
    change = record_amounts(ctx, "vasteras",
                            [PeriodAmounts("2019-Q1", outcome=Decimal("1398432.50"))], "eva")
    (opened,) = change.opened
    assert opened.name == "Analys av orsaker till budgetavvikelsen 2019-Q1 (+11,9 %)"
    assert opened.responsible == "ansvarig_chef"     # "ansvarig chef" follows it up (003)
    # due a month later, 5 May 2019 a Sunday → Friday 3 May; reminded 5 working days
    # before (2, 30 April, 29, 26, 25: 1 May is a holiday); escalated to the steering
    # group 5 working days after (6–10 May)
    assert (opened.due_on, opened.remind_on, opened.escalate_on, opened.escalate_to) == (
        date(2019, 5, 3), date(2019, 4, 25), date(2019, 5, 10), "styrgrupp")
    assert opened.source == "003_6f62c1c9db5f3011.txt"
    # the same outcome again opens nothing more
    again = record_amounts(ctx, "vasteras",
                           [PeriodAmounts("2019-Q1", outcome=Decimal("1398432.50"))], "eva")
    assert again.opened == []
    # corrected to within 10 % before anyone analysed it: the analysis is cancelled
    corrected = record_amounts(ctx, "vasteras",
                               [PeriodAmounts("2019-Q1", outcome=Decimal("1300000"))], "eva")
    assert [o.status for o in corrected.cancelled] == ["cancelled"]
    assert [o.status for o in budget_view(ctx, "vasteras").obligations] == ["cancelled"]
    with pytest.raises(InputError, match="no budget deviation to analyse for 2019-Q1"):
        record_analysis(ctx, "vasteras", "2019-Q1", "Inga", False, "dietmar")


def test_an_analysis_that_needs_an_action_plan_opens_one(ctx: Context,
                                                        clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 5))
    record_amounts(ctx, "vasteras", [
        PeriodAmounts("2019-Q1", budget=Decimal(1_000_000), outcome=Decimal(850_000)),
        PeriodAmounts("2019-Q2", budget=Decimal(1_000_000), outcome=Decimal(1_150_000))],
        "eva")
    assert [o.kind for o in budget_view(ctx, "vasteras").obligations] == [
        "budget_analysis", "budget_analysis"]   # 15 % under and 15 % over: both deviate
    clock.set_day(date(2019, 7, 15))
    with pytest.raises(InputError, match="the analysis date 2019-07-04 is before the "
                                         "deviation, recorded 2019-07-05"):
        record_analysis(ctx, "vasteras", "2019-Q2", "x", True, "dietmar", on=date(2019, 7, 4))
    assert record_analysis(ctx, "vasteras", "2019-Q1", "Vakanta tjänster under våren",
                           action_plan_needed=False, actor="dietmar") is None
    plan = record_analysis(ctx, "vasteras", "2019-Q2", "Fler deltagare än planerat",
                           action_plan_needed=True, actor="dietmar")
    assert plan is not None
    assert (plan.kind, plan.name, plan.responsible, plan.due_on) == (
        "budget_action_plan", "Handlingsplan för budgetavvikelsen 2019-Q2", "ansvarig_chef",
        date(2019, 8, 15))
    with pytest.raises(InputError, match="was analysed on 2019-07-15 by dietmar"):
        record_analysis(ctx, "vasteras", "2019-Q2", "igen", True, "dietmar")
    with pytest.raises(InputError, match="its analysis found none needed"):
        record_action_plan(ctx, "vasteras", "2019-Q1", "Plan", "dietmar")
    clock.set_day(date(2019, 8, 1))
    record_action_plan(ctx, "vasteras", "2019-Q2", "Intagsstopp i augusti; se bilaga",
                       "dietmar")
    view = budget_view(ctx, "vasteras")
    assert {(o.kind, o.subject): (o.status, o.completed_on) for o in view.obligations} == {
        ("budget_analysis", "2019-Q1"): ("done", date(2019, 7, 15)),
        ("budget_analysis", "2019-Q2"): ("done", date(2019, 7, 15)),
        ("budget_action_plan", "2019-Q2"): ("done", date(2019, 8, 1))}
    assert [(r.period, r.action_plan_needed, r.action_plan) for r in view.reviews] == [
        ("2019-Q1", False, None), ("2019-Q2", True, "Intagsstopp i augusti; se bilaga")]


def test_the_analysis_reaches_the_role_s_digest_once_and_escalates(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    clock.set_day(date(2019, 4, 5))
    record_amounts(ctx, "vasteras", [PeriodAmounts("2019-Q1", budget=Decimal(1_250_000),
                                                   outcome=Decimal("1398432.50"))], "eva")
    set_contact(ctx, "role", "ansvarig_chef", "dietmar@vasteras.example", actor="admin",
                programme="vasteras", display_name="Dietmar Schneider")
    set_contact(ctx, "role", "styrgrupp", "styrgrupp@vasteras.example", actor="admin",
                programme="vasteras")
    for _ in range(2):       # the reminder morning, twice: one notice, one e-mail
        clock.set_day(date(2019, 4, 25), hour=7)
        sweep(ctx, date(2019, 4, 25))
        build_digests(ctx, date(2019, 4, 25))
        deliver(ctx, transport)
    (reminder,) = inbox.messages
    assert reminder["To"] == "Dietmar Schneider <dietmar@vasteras.example>"
    assert reminder["Subject"] == "Stegvis: 1 att göra – 2019-04-25"
    body = reminder.get_content().replace("\r\n", "\n")
    assert "Snart (1)\n- Samordningsteam Västerås · Analys av orsaker till budgetavvikelsen " \
           "2019-Q1 (+11,9 %) · senast 2019-05-03 (registreras i Stegvis under Styrning, " \
           "Samordningsteam Västerås)" in body
    assert "--period" not in body and "stegvis budget" not in body
    assert "budget:2019-Q1" not in body         # no raw keys in what people read
    clock.set_day(date(2019, 5, 10), hour=7)    # still not analysed: overdue and escalated
    sweep(ctx, date(2019, 5, 10))
    build_digests(ctx, date(2019, 5, 10))
    deliver(ctx, transport)
    late = {m["To"].addresses[0].addr_spec: m.get_content() for m in inbox.messages[1:]}
    assert "Försenat (1)" in late["dietmar@vasteras.example"]
    assert "Eskalerat till dig som Styrgrupp (1)" in late["styrgrupp@vasteras.example"]
    clock.set_day(date(2019, 5, 13))
    record_analysis(ctx, "vasteras", "2019-Q1", "Fler deltagare", False, "dietmar")
    clock.set_day(date(2019, 5, 14), hour=7)    # done: nothing more is sent
    assert sweep(ctx, date(2019, 5, 14)).created == 0


# -- the commands -------------------------------------------------------------------------

def test_the_budget_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'stegvis.db'}", "--as", "eva"]
    good = tmp_path / "budget.csv"
    good.write_bytes(GOOD)
    assert main(["budget", "import", "vasteras", str(good), *database,
                 "--today", "2019-04-05"]) == 0
    assert f"4 row(s) imported from {good}" in capsys.readouterr().out
    assert main(["budget", "outcome", "vasteras", "--period", "2019-Q2", "--amount",
                 "1 500 000", *database, "--today", "2019-07-04"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")   # Babel groups with no-break spaces
    assert "2019-Q2: outcome recorded: budget 1 250 000,00, outcome 1 500 000,00, deviation " \
           "250 000,00 +20,0 % — beyond the threshold" in out
    assert "opened: Analys av orsaker till budgetavvikelsen 2019-Q2 (+20,0 %), due " \
           "2019-08-02 for Ansvarig chef, Utbildning och arbetsmarknad" in out
    assert main(["budget", "show", "vasteras", *database, "--today", "2019-07-04"]) == 0
    shown = capsys.readouterr().out.replace("\u00a0", " ")
    assert "2019-Q2       1 250 000,00      1 500 000,00        250 000,00" in shown
    assert "utanför gränsen" in shown and "öppen, senast 2019-08-02" in shown
    bad = tmp_path / "fel.csv"
    bad.write_text("period;budget\n2019-Q1;tio\n2019-Q9;1\n", encoding="utf-8")
    assert main(["budget", "import", "vasteras", str(bad), *database]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"stegvis: {bad}: 2 problem(s) in 2 row(s); nothing was imported",
        f"{bad}:2: budget: 'tio' is not an amount in kronor; write e.g. 1 234 567,50 (a "
        "space between thousands, a comma before the öre)",
        f"{bad}:3: '2019-Q9' is not a budget period: this programme budgets by quarter, "
        "written like 2019-Q1"]
    assert main(["budget", "set", "rebus", "--period", "2019-Q1", "--budget", "1",
                 *database]) == 1
    refused = capsys.readouterr().err
    assert refused.startswith("stegvis: Projekt REBUS") and "has no budget" in refused
