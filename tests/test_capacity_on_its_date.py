"""A back-dated enrolment is placed by the cases active on its date (issue 22, finding 8).

A synthetic REBUS population, enrolled after the fact in date order with each case
lived to its exit at once, reached 48 of its 40 places: the capacity rule counted the
cases active *today*, and every earlier participant had already exited by the time the
next was entered.  Places and quotas are now checked against the cases active on the
enrolment date as well as today, one at a time and in bulk alike.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from case_helpers import ELIGIBLE, enrol_person
from conftest import MovableClock
from sqlalchemy import text

from engine.definitions.loading import definition_files
from engine.paths import definitions_dir
from engine.rules.capacity import Stays
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.cases.operations import exit_case
from engine.service.shared.context import Context

STARTED, EXITED, TODAY = date(2024, 3, 4), date(2024, 5, 2), date(2024, 6, 3)


@pytest.fixture
def three_places(ctx: Context, clock: MovableClock, tmp_path: Path) -> Context:
    """The shipped definitions, REBUS's with three places (a waiting list when full);
    three participants enrolled on 4 March and exited on 2 May, all entered on 3 June."""
    for path in definition_files(definitions_dir()):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "rebus.yaml").read_text(encoding="utf-8")
    text = text.replace("concurrent: 40", "concurrent: 3", 1).replace(
        "{Hagfors: 17, Forshaga: 17, Munkfors: 6}", "{Hagfors: 1, Forshaga: 1, Munkfors: 1}", 1)
    (tmp_path / "rebus.yaml").write_text(text, encoding="utf-8")
    clock.set_day(TODAY)
    three = Context(ctx.engine, clock, tmp_path)
    for n in (1, 2, 3):
        case = enrol_person(three, "rebus", f"P-{n}", STARTED).case_id
        exit_case(three, case, "avbrott", actor="anna", on=EXITED)
    return three


def test_a_participant_back_dated_into_a_full_month_waits(three_places: Context) -> None:
    assert enrol_person(three_places, "rebus", "P-4", date(2024, 4, 2)).status == "waiting"


def test_after_the_exits_there_is_room_again(three_places: Context) -> None:
    assert enrol_person(three_places, "rebus", "P-5", EXITED).status == "active"
    assert enrol_person(three_places, "rebus", "P-6", TODAY).status == "active"


def test_bulk_enrolment_places_each_by_its_own_date(three_places: Context) -> None:
    def request(key: str, on: date) -> EnrolmentRequest:
        return EnrolmentRequest(programme="rebus", participant_key=key, on=on,
                                gender="man", birth_year=1980, coordinator="anna",
                                **ELIGIBLE["rebus"])  # type: ignore[arg-type]

    result = enrol_many(three_places, [request("B-1", date(2024, 4, 2)),
                                       request("B-2", date(2024, 5, 20)),
                                       request("B-3", date(2024, 5, 21)),
                                       request("B-4", date(2024, 5, 22)),
                                       request("B-5", date(2024, 5, 23))], actor="import")
    assert (result.enrolled, result.waiting, result.refused) == (3, 2, [])
    with three_places.engine.connect() as connection:
        statuses = dict(connection.execute(text(
            "SELECT p.key, c.status FROM cases c JOIN participants p ON p.id = c.participant_id "
            "WHERE p.key LIKE 'B-%'")).all())
    # B-1 falls in the month the three held the places; B-2..B-4 fill them after the
    # exits; B-5 finds them taken by the batch's own earlier rows.
    assert statuses == {"B-1": "waiting", "B-2": "active", "B-3": "active",
                        "B-4": "active", "B-5": "waiting"}


def test_stays_count_the_cases_active_on_a_day_as_a_walk_over_them_does() -> None:
    rng = random.Random(22)
    first = date(2024, 1, 1)
    pairs: list[tuple[date, date | None]] = []
    for _ in range(200):
        start = first + timedelta(days=rng.randrange(300))
        end = None if rng.random() < 0.3 else start + timedelta(days=rng.randrange(120))
        pairs.append((start, end))
    stays = Stays.of(pairs[:100])
    for start, end in pairs[100:]:
        stays.add(start, end)
    for offset in range(0, 430, 3):
        day = first + timedelta(days=offset)
        walked = sum(1 for start, end in pairs if start <= day and (end is None or end > day))
        assert stays.active_on(day) == walked, day
