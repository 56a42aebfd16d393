"""Personal identity numbers never leak: not as a key, not in free text, not twice.

A personnummer is kept only in its consented field.  Typed anywhere else — the
participant key in any of the ways people write it, a goal, a reason, a note, a
survey answer, who acts, a coordinator or a display name — it is refused with a
message that says why (and never repeats it), and nothing is stored: not the row, and
not the append-only audit entry, which could never be erased.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import text

from engine.cli.program import main
from engine.errors import InputError, RefusedError, StegvisError
from engine.rules.identity import contains_identity_number
from engine.service.cases.bulk import enrol_many
from engine.service.cases.corrections import undo_exit
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.cases.operations import (
    decide_extension,
    exit_case,
    record_follow_up,
    request_extension,
)
from engine.service.cases.records import add_goal, record_survey
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context

#: One valid personnummer (check digit right), in the forms people write it.
FORMS = ["199101011006", "19910101-1006", "19910101 1006", "9101011006", "910101-1006",
         "P-199101011006", "P19910101-1006", "deltagare 910101-1006", "19910161-1003"]
NUMBER = "19121212-1212"
NOT_NUMBERS = ["P-00012", "2024-01-31", "20240131", "199101011007", "070-123 45 67",
               "ärende 4711"]


@pytest.mark.parametrize("written", FORMS)
def test_every_form_of_a_personnummer_is_found(written: str) -> None:
    assert contains_identity_number(written)


@pytest.mark.parametrize("written", NOT_NUMBERS)
def test_dates_ids_and_wrong_check_digits_are_not_taken_for_one(written: str) -> None:
    assert not contains_identity_number(written)


def _count(ctx: Context, table: str) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("key", FORMS)
def test_a_personnummer_in_any_form_is_refused_as_a_participant_key(
        ctx: Context, key: str) -> None:
    with pytest.raises(InputError, match="looks like an identity number") as refused:
        enrol_person(ctx, "rebus", key, date(2024, 1, 31))
    assert "1006" not in str(refused.value)
    assert _count(ctx, "participants") == 0 and _count(ctx, "audit_log") == 0


def _vasteras_case(ctx: Context, clock: MovableClock) -> int:
    """A Västerås case (an extension limit, surveys), and after it a Rebus case
    (recurring follow-ups)."""
    case = enrol_person(ctx, "vasteras", "P-1", date(2024, 1, 31),
                        municipality="Västerås").case_id
    clock.set_day(date(2024, 12, 2))
    enrol_person(ctx, "rebus", "R-1", date(2024, 11, 1))
    return case


#: Where people type free text, each with what it stores into.
ENTRIES: dict[str, tuple[Callable[[Context, int, str], Any], str, str]] = {
    "goal": (lambda ctx, case, t: add_goal(ctx, case, f"Arbeta, {t}", actor="anna"),
             "goals", "the goal"),
    "extension reason": (lambda ctx, case, t: request_extension(
        ctx, case, "6 months", f"Behöver mer tid {t}", actor="anna"),
        "extension_requests", "the reason"),
    "follow-up note": (lambda ctx, case, t: record_follow_up(  # case + 1: Rebus's
        ctx, case + 1, date(2024, 12, 2), ["deltagare"], "yes", "anna",
        notes=f"Träffade {t}"), "follow_ups", "the notes"),
    "survey answer": (lambda ctx, case, t: record_survey(
        ctx, case, "startenkat", {"kommentar": f"Jag heter {t}"}, actor="anna"),
        "survey_answers", "the survey answers"),
    "actor name": (lambda ctx, case, t: add_goal(ctx, case, "Arbeta", actor=f"Anna {t}"),
                   "goals", "who acts (--as)"),
    "contact display name": (lambda ctx, case, t: set_contact(
        ctx, "coordinator", "anna", "anna@vasteras.example", actor="admin",
        display_name=f"Hej Anna {t}"), "contacts", "the display name"),
    "undo-exit reason": (lambda ctx, case, t: (
        exit_case(ctx, case, "avbrott", actor="anna"),
        undo_exit(ctx, case, actor="anna", reason=f"fel person, {t}")),
        "cases", "the reason"),
}


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_free_text_holding_a_personnummer_is_refused_and_nothing_is_stored(
        ctx: Context, clock: MovableClock, entry: str) -> None:
    write, table, label = ENTRIES[entry]
    case = _vasteras_case(ctx, clock)
    rows, audits = _count(ctx, table), _count(ctx, "audit_log")
    with pytest.raises(InputError) as refused:
        write(ctx, case, NUMBER)
    message = str(refused.value)
    assert message.startswith(f"{label} contains what looks like a personal identity number")
    assert "1212" not in message
    if entry != "undo-exit reason":  # its exit before was stored, as it should be
        assert (_count(ctx, table), _count(ctx, "audit_log")) == (rows, audits)
    with ctx.engine.connect() as connection:
        logged = connection.execute(text("SELECT actor, after FROM audit_log")).all()
    assert not any(contains_identity_number(str(row)) for row in logged)


def test_an_extension_decision_note_holding_one_is_refused(
        ctx: Context, clock: MovableClock) -> None:
    case = _vasteras_case(ctx, clock)
    request = request_extension(ctx, case, "6 months", "arbetsträning pågår", actor="anna")
    with pytest.raises(InputError, match=r"^the note contains what looks like a personal"):
        decide_extension(ctx, request, True, actor="styrgruppen", role="styrgrupp",
                         note=f"gäller {NUMBER}")
    with ctx.engine.connect() as connection:
        assert connection.execute(text("SELECT status FROM extension_requests")
                                  ).scalar_one() == "pending"


def test_a_coordinator_name_holding_one_is_refused_before_anything_is_stored(
        ctx: Context) -> None:
    with pytest.raises(InputError, match=r"^the coordinator's name contains what looks like"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), coordinator=f"Anna {NUMBER}")
    assert _count(ctx, "participants") == 0 and _count(ctx, "cases") == 0


def test_the_command_says_why_and_never_repeats_the_number(
        tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--database", f"sqlite:///{tmp_path / 'stegvis.db'}", "--today", "2024-01-31",
          "--as", "anna"]
    assert main(["enrol", "rebus", "P-1", "--gender", "kvinna", "--birth-year", "1985",
                 "--municipality", "Hagfors", "--coordinator", "anna", "--active-at",
                 "af", "hagfors", "--income-support-from-referring-party", "--attest",
                 "utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering", *db]) == 0
    capsys.readouterr()
    assert main(["goal", "1", f"Ring {NUMBER}", *db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stegvis: the goal contains what looks like a personal identity")
    assert "1212" not in err and len(err.splitlines()) == 1


def _with_number(key: str, number: str = "19850101-2382", **more: Any) -> EnrolmentRequest:
    return EnrolmentRequest(
        programme="rebus", participant_key=key, gender="kvinna", birth_year=1985,
        municipality="Hagfors", coordinator="anna", on=date(2024, 1, 31),
        active_parties=("hagfors", "af"),
        income_support_from_referring_party=True,
        attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"),
        identity_number=number, consent_on=date(2024, 1, 31), **more)


def test_one_identity_number_has_one_open_case_in_a_programme(ctx: Context) -> None:
    first = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=1985,
                         identity_number="19850101-2382", consent_on=date(2024, 1, 31))
    with pytest.raises(RefusedError) as refused:
        enrol_person(ctx, "rebus", "P-2", date(2024, 1, 31), birth_year=1985,
                     identity_number="850101-2382", consent_on=date(2024, 1, 31))
    assert "already has an open case in" in str(refused.value)
    # Neither the number nor the other case: the reader may not see that case.
    assert "P-1" not in str(refused.value) and "2382" not in str(refused.value)
    assert f"case {first.case_id}" not in str(refused.value)
    bulk = enrol_many(ctx, [_with_number("P-3"), _with_number("P-4", "198501012382")],
                      actor="anna")
    assert bulk.enrolled == 0 and [key for key, _ in bulk.refused] == ["P-3", "P-4"]
    assert _count(ctx, "cases") == 1


def test_one_number_enrolled_at_once_under_several_keys_gets_one_case(ctx: Context) -> None:
    enrol_person(ctx, "rebus", "Q-1", date(2024, 1, 31))  # the definition already stored
    keys = [f"P-{n}" for n in range(4)]
    start = Barrier(len(keys))

    def enrol_one(key: str) -> str:
        start.wait()
        try:
            enrol_person(ctx, "rebus", key, date(2024, 1, 31), birth_year=1985,
                         identity_number="19850101-2382", consent_on=date(2024, 1, 31))
        except StegvisError as exc:
            return str(exc)
        return "enrolled"

    with ThreadPoolExecutor(len(keys)) as pool:
        answers = list(pool.map(enrol_one, keys))
    assert answers.count("enrolled") == 1, answers
    assert all("already has an open case" in a for a in answers if a != "enrolled"), answers
    assert _count(ctx, "cases") == 2


def test_a_consent_date_in_the_future_is_refused(ctx: Context) -> None:
    with pytest.raises(InputError, match="the consent date 2024-02-01 is in the future"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=1985,
                     identity_number="19850101-2382", consent_on=date(2024, 2, 1))
    assert _count(ctx, "participants") == 0
