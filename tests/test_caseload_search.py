"""The caseload list and the inbox's counts on both databases: the same cases, in the
same order, the same pages (the web pages are tested in test_web_undo_and_caseload.py)."""

from __future__ import annotations

from datetime import date, timedelta

from case_helpers import enrol_person
from conftest import MovableClock

from engine.service.cases.caseload import inbox, inbox_counts, stage_of
from engine.service.cases.caseload_search import CaseSearch, search_caseload
from engine.service.shared.context import Context

TODAY = date(2024, 3, 8)  # a Friday


def test_search_sort_and_pages(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(TODAY)
    for i in range(7):
        enrol_person(ctx, "rebus", f"R-{i}", date(2024, 1, 10) + timedelta(days=7 * i))
    enrol_person(ctx, "rebus", "X_1", date(2024, 1, 10), coordinator="bertil")
    first = search_caseload(ctx, CaseSearch("anna", per_page=3), TODAY)
    assert (first.total, first.pages, len(first.lines)) == (7, 3, 3)
    everyone = search_caseload(ctx, CaseSearch("anna", per_page=10), TODAY).lines
    nexts = [line.next_due_on for line in everyone]
    assert nexts == sorted(nexts)  # soonest first
    assert everyone[0].participant == "R-0"
    last = search_caseload(ctx, CaseSearch("anna", per_page=3, page=9), TODAY)
    assert (last.page, [line.participant for line in last.lines]) == (3, ["R-6"])
    assert [line.participant for line in search_caseload(
        ctx, CaseSearch("anna", key="r-3"), TODAY).lines] == ["R-3"]
    # A key's wildcard characters are taken as they are written.
    assert search_caseload(ctx, CaseSearch("bertil", key="X_"), TODAY).total == 1
    assert search_caseload(ctx, CaseSearch("anna", key="_"), TODAY).total == 0
    overdue = search_caseload(ctx, CaseSearch("anna", overdue_only=True), TODAY)
    assert overdue.total and all(line.overdue for line in overdue.lines)


def test_inbox_stages_and_counts(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(TODAY)
    assert [stage_of(TODAY + timedelta(days=n), TODAY) for n in (-1, 0, 1, 2, 3)] == [
        "overdue", "today", "week", "week", "later"]  # Saturday and Sunday, then Monday
    for i in range(3):
        enrol_person(ctx, "rebus", f"R-{i}", date(2024, 1, 10))
    counts = inbox_counts(ctx, "anna", TODAY, 14)
    items = inbox(ctx, "anna", TODAY, 14)
    assert sum(counts.values()) == len(items)
    assert counts["overdue"] == sum(i.stage == "overdue" for i in items) > 0
    assert inbox_counts(ctx, "anna", TODAY, 14, key="R-1")["overdue"] == counts["overdue"] // 3
