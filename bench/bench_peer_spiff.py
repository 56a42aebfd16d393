"""Stegvis beside SpiffWorkflow 3.2: the morning sweep and enrolment, in one run, as ratios.

Run: .venv/bin/pip install -e '.[bench]'
     .venv/bin/python bench/bench_peer_spiff.py [--participants 100000] [--repeat 3]
     [--unindexed-up-to 10000]

Ours: N Samordningsteam Västerås participants bulk-enrolled as in bench_sweep.py (about
six obligations each, enrolment dates spread over the past year, everything due more
than a week ago done, a first sweep of the backlog), then the morning sweep of the next
working day, the same day again (a rerun) and a day with nothing due.

The peer (bench/spiff_peer.py): the same N participants as SpiffWorkflow instances of a
small BPMN process with a follow-up timer, kept as the serializer's JSON in SQLite; in
the indexed design with a side table of timer dates and an index on it, so that a
morning loads only the instances due.  Each participant has one follow-up timer, the
dates spread over the year, so a morning wakes about N/365 instances, while ours writes
every reminder, due, overdue and escalation notice of the day (about 6 % of N): more
work on our side.  The line "the peer doing our work" scales the peer's cost per
instance woken to our number of notices.  The design without the side table loads and
refreshes every instance; it is measured on at most ``--unindexed-up-to`` instances and
scaled linearly to N.

Times are medians of ``--repeat`` runs (each undone before the next); wall time and the
process's CPU time are both given (SQLite runs in the process, so CPU time is the work
done, whatever else had the cores), and the load average is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_case_engine import TODAY, requests  # noqa: E402
from bench_sweep import _load, _morning, _undo  # noqa: E402
from spiff_peer import SpiffPeer  # noqa: E402
from sqlalchemy import text, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.reminders.sweep import sweep  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from engine.store.tables import ObligationRow  # noqa: E402

EVENING = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)  # enrolment, the evening before
NEXT_DAY = TODAY + timedelta(days=1)  # the normal working day swept


class Timing:
    """Wall and CPU milliseconds of one action, and what it returned."""

    def __init__(self, action: Callable[[], int]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.count = action()
        self.wall = (time.perf_counter() - wall) * 1000
        self.cpu = (time.process_time() - cpu) * 1000


def median(timings: list[Timing]) -> tuple[float, float]:
    return (statistics.median(t.wall for t in timings),
            statistics.median(t.cpu for t in timings))


def ours(n: int, folder: Path, repeat: int) -> dict[str, object]:
    engine = open_database(f"sqlite:///{folder / 'stegvis.db'}")
    enrolment = Timing(lambda: enrol_many(Context(engine, fixed_clock(EVENING)),
                                          requests(n), actor="bench").enrolled)
    with engine.begin() as conn:
        conn.execute(update(ObligationRow).where(
            col(ObligationRow.due_on) < TODAY - timedelta(days=7)).values(status="done"))
        conn.execute(text("ANALYZE"))
    sweep(Context(engine, fixed_clock(_morning(TODAY))), TODAY)  # the backlog, once
    later = Context(engine, fixed_clock(_morning(NEXT_DAY)))
    normal = []
    for _ in range(repeat):
        normal.append(Timing(lambda: sweep(later, NEXT_DAY).created))
        _undo(engine, NEXT_DAY)
    normal.append(Timing(lambda: sweep(later, NEXT_DAY).created))  # kept: the rerun follows
    rerun = Timing(lambda: sweep(later, NEXT_DAY).created)
    gap, quiet = date(2028, 6, 12), date(2028, 6, 13)  # a Monday and a Tuesday
    sweep(Context(engine, fixed_clock(_morning(gap))), gap)
    empty = Timing(lambda: sweep(Context(engine, fixed_clock(_morning(quiet))), quiet).created)
    engine.dispose()
    return dict(enrolment=enrolment, normal=normal, rerun=rerun, empty=empty)


def follow_ups(n: int) -> list[tuple[str, datetime]]:
    """One follow-up timer a participant, the dates spread over the coming year."""
    return [(f"P{i:07d}", _morning(NEXT_DAY + timedelta(days=i % 365)) - timedelta(hours=1))
            for i in range(n)]


def peer(n: int, folder: Path, repeat: int, *, indexed: bool) -> dict[str, object]:
    spiff = SpiffPeer(str(folder / f"spiff-{'indexed' if indexed else 'plain'}.db"),
                      indexed=indexed)
    enrolment = Timing(lambda: spiff.enrol(follow_ups(n), EVENING))
    morning = _morning(NEXT_DAY)
    due = spiff.due_rows(morning) if indexed else []
    normal = []
    for turn in range(repeat if indexed else 1):
        if turn:
            spiff.undo(due, morning - timedelta(hours=1))
        normal.append(Timing(lambda: spiff.morning(morning)))
    rerun = Timing(lambda: spiff.morning(morning))
    quiet = _morning(NEXT_DAY + timedelta(days=1)) - timedelta(hours=2)  # before its timers
    empty = Timing(lambda: spiff.morning(quiet))
    return dict(enrolment=enrolment, normal=normal, rerun=rerun, empty=empty)


def row(label: str, us: str, them: str, ratio: str) -> None:
    print(f"  {label:<34} {us:>22} {them:>26} {ratio:>12}")


def ms(wall_cpu: tuple[float, float]) -> str:
    return f"{wall_cpu[0]:,.0f} ms ({wall_cpu[1]:,.0f} CPU)"


def ratio(them: tuple[float, float], us: tuple[float, float]) -> str:
    return f"{them[0] / us[0]:.1f}× ({them[1] / max(us[1], 0.01):.1f}×)"


def run(n: int, repeat: int, unindexed_up_to: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="stegvis-peer-"))
    print(f"SQLite, {n:,} participants, medians of {repeat}; load average {_load()}")
    us = ours(n, folder, repeat)
    print(f"  (ours done; load average {_load()})")
    them = peer(n, folder, repeat, indexed=True)
    small = min(n, unindexed_up_to)
    plain = peer(small, folder, 1, indexed=False) if small else None
    print(f"  (peer done; load average {_load()})")
    row("", "Stegvis", "SpiffWorkflow 3.2, indexed", "Spiff / ours")
    our_rate = n / (us["enrolment"].wall / 1000)  # type: ignore[attr-defined]
    their_rate = n / (them["enrolment"].wall / 1000)  # type: ignore[attr-defined]
    row("enrolment, participants/s", f"{our_rate:,.0f}/s", f"{their_rate:,.0f}/s",
        f"{our_rate / their_rate:.2f}× faster" if our_rate >= their_rate
        else f"{their_rate / our_rate:.2f}× slower")
    normal_us, normal_them = median(us["normal"]), median(them["normal"])  # type: ignore[arg-type]
    notices = us["normal"][0].count  # type: ignore[index]
    woken = them["normal"][0].count  # type: ignore[index]
    row("the morning sweep, a normal day", ms(normal_us), ms(normal_them),
        ratio(normal_them, normal_us))
    row("  what it wrote", f"{notices:,} notices", f"{woken:,} instances woken", "")
    for name, label in (("rerun", "the same day again (a rerun)"),
                        ("empty", "a day with nothing due")):
        a, b = us[name], them[name]
        row(label, ms((a.wall, a.cpu)), ms((b.wall, b.cpu)), "")  # type: ignore[attr-defined]
    if woken:
        scaled = (normal_them[0] / woken * notices, normal_them[1] / woken * notices)
        row("the peer doing our work (scaled)", "", ms(scaled), ratio(scaled, normal_us))
    if plain:
        measured = plain["normal"][0]  # type: ignore[index]
        factor = n / small
        scaled = (measured.wall * factor, measured.cpu * factor)
        row("Spiff without the timer table", "",
            ms(scaled) + ("" if factor == 1 else f" (×{factor:,.0f})"),
            ratio(scaled, normal_us))
    print(f"  load average at the end {_load()}; files in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--unindexed-up-to", type=int, default=10_000, metavar="N",
                        help="measure the design without a timer table on at most N "
                             "instances, scaled to the population (0: not at all)")
    args = parser.parse_args()
    run(args.participants, args.repeat, args.unindexed_up_to)


if __name__ == "__main__":
    main()
