"""Sign-in attempts sent in parallel are counted as they arrive (both backends).

An attacker sends many guesses at once.  Counted only after each slow password check,
whichever attempt took the database first was judged first, so a right guess could be
checked after nine wrong ones had arrived and still get in.  Now each attempt is counted
when it arrives: at most five are ever checked before the lock, and one arriving after
five is refused even with the right password.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from conftest import MovableClock
from sqlmodel import select
from web_helpers import CHEAP, PASSWORD, account

from engine.service.people import accounts
from engine.service.people.accounts import MAX_FAILED_SIGN_INS, SignInRefused
from engine.service.shared.context import Context
from engine.store.account_tables import UserRow


class GatedHasher:
    """The test profile's hasher, whose checks wait until the test opens the gate and
    which counts the checks against the account's real hash."""

    def __init__(self, real: str) -> None:
        self.real = real
        self.gate = threading.Event()
        self.checked = 0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(CHEAP, name)

    def verify(self, hashed: str, password: str) -> bool:
        self.gate.wait(30)
        if hashed == self.real:  # not the dummy hash that costs a refused attempt its time
            with self._lock:
                self.checked += 1
        return CHEAP.verify(hashed, password)


def _attempt(ctx: Context, hasher: GatedHasher, password: str) -> str:
    try:
        accounts.sign_in(ctx, "anna", password, hasher)  # type: ignore[arg-type]
        return "in"
    except SignInRefused:
        return "refused"


def _row(ctx: Context) -> UserRow:
    with ctx.transaction(read_only=True) as session:
        return session.exec(select(UserRow).where(UserRow.name == "anna")).one()


def _failed(ctx: Context) -> int:
    return _row(ctx).failed_logins


@pytest.mark.parametrize("trial", range(3))
def test_a_right_password_arriving_after_nine_wrong_ones_is_refused(
        ctx: Context, clock: MovableClock, trial: int) -> None:
    clock.set_day(date(2024, 3, 1))
    account(ctx, "anna")
    hasher = GatedHasher(str(_row(ctx).password_hash))
    with ThreadPoolExecutor(13) as pool:
        wrong = [pool.submit(_attempt, ctx, hasher, "fel lösenord") for _ in range(9)]
        deadline = time.monotonic() + 5
        while _failed(ctx) < MAX_FAILED_SIGN_INS and time.monotonic() < deadline:
            time.sleep(0.01)  # until the nine have arrived (on the old code: never)
        right = pool.submit(_attempt, ctx, hasher, PASSWORD)
        more = [pool.submit(_attempt, ctx, hasher, "fel lösenord") for _ in range(3)]
        time.sleep(0.2)
        hasher.gate.set()
        answers = [f.result(60) for f in (*wrong, right, *more)]
    assert answers == ["refused"] * 13
    assert hasher.checked <= MAX_FAILED_SIGN_INS  # no more guesses checked than the lock allows
    assert _failed(ctx) == MAX_FAILED_SIGN_INS


def test_one_right_attempt_alone_still_signs_in_and_clears_the_count(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    account(ctx, "anna")
    hasher = GatedHasher(str(_row(ctx).password_hash))
    hasher.gate.set()
    assert [_attempt(ctx, hasher, "fel lösenord") for _ in range(4)] == ["refused"] * 4
    assert _attempt(ctx, hasher, PASSWORD) == "in"
    assert _failed(ctx) == 0
