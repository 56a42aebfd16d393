"""Personal data over time: purge past the retention period, export for the right of access.

The population of tests/report_population.py (REBUS and Västerås, 2024–2025) plus one
participant about whom everything personal is written down: an identity number, a
goal, a follow-up's notes, a survey with a written answer, an extension's reason, a
citizen account and a sign-in link.  The definitions are the shipped ones with shorter
retention periods (REBUS 6 months, Västerås 24 months) so that a purge in mid-2027 has
something to do; the reports of 2024 and 2025 must give the same figures after it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import report_population as population
from case_helpers import ELIGIBLE
from conftest import MovableClock
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from engine.errors import NotFoundError, StegvisError
from engine.http.web.refusals import refusal_text
from engine.reports.render_json import render_json
from engine.service.cases import operations, records
from engine.service.cases.enrolment import EnrolmentRequest, enrol
from engine.service.cases.queries import case_view
from engine.service.people.accounts import add_user
from engine.service.people.participant_export import participant_data
from engine.service.people.participant_pdf import export_html
from engine.service.people.retention import purge
from engine.service.people.sign_in_links import create_link
from engine.service.programme.publishing import import_folder
from engine.service.programme.report_data import programme_report
from engine.service.shared.audit_texts import KEPT_APART
from engine.service.shared.context import Context
from engine.service.shared.status_words import STATUS_WORDS

D = date.fromisoformat
PURGE_DAY = D("2027-06-01")
#: What is written about P01 and must be gone after the purge.
PERSONAL = ("P01", "19910101-1006", "Praktik hos Konsum i Hagfors",
            "Berättade om sin rygg och om skulden till Kronofogden",
            "Mår bättre sedan i våras", "Behöver tid för sin dotter",
            "p01.deltagare@example.se", "070-765 43 21")


def _next_version(source: str) -> str:
    """The definition with its ``version:`` one higher (a new version is published)."""
    return re.sub(r"(?m)^version: (\d+)$", lambda m: f"version: {int(m[1]) + 1}", source,
                  count=1)


def _shorter_retention(ctx: Context, folder: Path) -> None:
    for name, kept in (("rebus", "6 months"), ("vasteras", "24 months")):
        path = folder / f"{name}.yaml"
        source = path.read_text(encoding="utf-8")
        assert "after_exit: 5 years" in source
        path.write_text(_next_version(source.replace("after_exit: 5 years",
                                                     f"after_exit: {kept}")), encoding="utf-8")
    # The folder's change runs once it is published (docs/installation.md).
    import_folder(ctx, folder, "gallring", "kortare bevarandetid")


def _personal_participant(ctx: Context) -> tuple[int, int]:
    """P01: in Västerås 2024-06-03 to 2025-05-23, then in REBUS 2025-06-02 to 2025-09-01,
    with everything personal there is; returns the two case ids."""
    person: dict[str, Any] = dict(participant_key="P01", gender="kvinna", birth_year=1991,
                  identity_number="19910101-1006", consent_on=D("2024-06-03"),
                  coordinator="anna")
    first = enrol(ctx, EnrolmentRequest(programme="vasteras", on=D("2024-06-03"), **person,
                                        **ELIGIBLE["vasteras"]), actor="anna").case_id
    records.add_goal(ctx, first, PERSONAL[2], "anna", on=D("2024-06-10"))
    records.record_survey(ctx, first, "startenkat",
                          {"halsa": 2, "kommentar": PERSONAL[4]}, "anna",
                          on=D("2024-06-03"))
    operations.request_extension(ctx, first, "3 months", PERSONAL[5], "anna",
                                 on=D("2025-05-20"))
    add_user(ctx, "p01-konto", "citizen", "admin", participant_key="P01",
             email=PERSONAL[6], phone=PERSONAL[7])
    create_link(ctx, first, "anna")
    operations.exit_case(ctx, first, "avbrott", "anna", on=D("2025-05-23"))
    second = enrol(ctx, EnrolmentRequest(programme="rebus", on=D("2025-06-02"), **person,
                                         **ELIGIBLE["rebus"]), actor="anna").case_id
    operations.record_follow_up(ctx, second, D("2025-07-01"),
                                ["deltagare", "projektmedarbetare"], "yes", "anna",
                                notes=PERSONAL[3])
    operations.exit_case(ctx, second, "avbrott", "anna", on=D("2025-09-01"))
    return first, second


def _figures(ctx: Context) -> dict[str, bytes]:
    return {f"{programme} {period}": render_json(programme_report(ctx, programme, period,
                                                                  threshold=1))
            for programme in ("rebus", "vasteras") for period in ("2024", "2025")}


def _dump(engine: Engine, only: str | None = None) -> str:
    """Every row of every table (or of ``only``) as text."""
    lines = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if only is None or table.name == only:
                for row in connection.execute(text(f'SELECT * FROM "{table.name}"')).all():
                    lines.append(f"{table.name}: {[_readable(v) for v in row]}")
    return "\n".join(lines)


def _readable(value: Any) -> Any:
    """JSON as its text with every character as itself (SQLite stores "\\u00e5")."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@pytest.fixture
def population_ctx(ctx: Context, clock: MovableClock, tmp_path: Path) -> Context:
    folder = tmp_path / "definitions"
    folder.mkdir()
    built = population.build(ctx, clock, folder)
    _shorter_retention(built, folder)
    _personal_participant(built)
    clock.set_day(PURGE_DAY)
    return built


def test_the_audit_log_keeps_no_free_text_but_the_case_shows_it(
        population_ctx: Context) -> None:
    audit_log = _dump(population_ctx.engine, "audit_log")
    for written in PERSONAL[2:6]:
        assert written not in audit_log
    assert KEPT_APART in audit_log and "P01" not in audit_log
    view = case_view(population_ctx, _cases_of(population_ctx, "P01")[0])
    goal = next(a for a in view["audit"] if a["action"] == "goal")
    assert goal["after"]["text"] == PERSONAL[2]


def _cases_of(ctx: Context, key: str) -> list[int]:
    with ctx.engine.connect() as connection:
        return [int(i) for i in connection.execute(text(
            "SELECT c.id FROM cases c JOIN participants p ON p.id = c.participant_id "
            "WHERE p.key = :key ORDER BY c.id"), {"key": key}).scalars()]


def test_purge_erases_what_is_past_and_keeps_every_report_figure(
        population_ctx: Context) -> None:
    ctx = population_ctx
    before, stored = _figures(ctx), _dump(ctx.engine)
    # V04 exited 2025-06-30: its 24 months are not past on 2027-06-01.
    [kept_case], (p01, p01_rebus) = _cases_of(ctx, "V04"), _cases_of(ctx, "P01")
    dry = purge(ctx, "gdpr", dry_run=True)
    assert _dump(ctx.engine) == stored        # a dry run changes nothing
    due = {p.programme_id: p.case_ids for p in dry.programmes}
    # REBUS: R01, R02, R03, R06, R07 and P01 exited before 2026-12-01.
    assert len(due["rebus"]) == 6 and p01_rebus in due["rebus"]
    # Västerås: V01, V02, V03, V05 and P01 exited before 2025-06-01; V04 on 2025-06-30.
    assert len(due["vasteras"]) == 5 and p01 in due["vasteras"]
    assert kept_case not in due["vasteras"]

    done = purge(ctx, "gdpr")
    assert done.cases == 11 and done.participants == 10
    assert _figures(ctx) == before            # the reports count exactly what they did
    after = _dump(ctx.engine)
    for written in (*PERSONAL, "R01", "V01"):
        assert written not in after, written
    for kept in ("V04", "RF00", "R08"):       # not past: still known by their keys
        assert kept in after
    survey = next(s for s in case_view(ctx, p01)["surveys"])
    assert survey["answers"] == {"summa": 2}  # the score the reports compare

    again = purge(ctx, "gdpr")                # idempotent: nothing is due twice
    assert again.cases == 0 and _dump(ctx.engine) == after


def test_a_participant_with_a_case_still_kept_keeps_their_key(
        population_ctx: Context, clock: MovableClock) -> None:
    clock.set_day(D("2026-04-01"))  # REBUS's 6 months past, Västerås's 24 months not
    vasteras, rebus = _cases_of(population_ctx, "P01")
    result = purge(population_ctx, "gdpr")
    assert rebus in next(p.case_ids for p in result.programmes if p.programme_id == "rebus")
    after = _dump(population_ctx.engine)
    assert PERSONAL[3] not in after           # the REBUS case's notes are gone
    assert "P01" in after and PERSONAL[1].replace("-", "") in after  # still a participant
    assert PERSONAL[2] in after               # the Västerås goal is kept
    assert _cases_of(population_ctx, "P01") == [vasteras, rebus]


def test_a_programme_without_retention_is_never_purged(ctx: Context, clock: MovableClock,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "definitions"
    folder.mkdir()
    built = population.build(ctx, clock, folder)
    for name in ("rebus", "vasteras"):
        path = folder / f"{name}.yaml"
        path.write_text("\n".join(line for line in _next_version(path.read_text(
                                  encoding="utf-8")).splitlines() if "retention" not in line
                                  and "after_exit" not in line) + "\n", encoding="utf-8")
    import_folder(built, folder, "gallring", "ingen gallring")
    clock.set_day(D("2040-01-01"))
    result = purge(built, "gdpr")
    assert result.cases == 0
    assert all(p.after_exit is None for p in result.programmes)
    assert "R01" in _dump(built.engine)


def test_the_export_holds_everything_stored_about_the_participant(
        population_ctx: Context) -> None:
    from engine.service.people.access_log import record_access

    case_id = _cases_of(population_ctx, "P01")[0]
    record_access(population_ctx, "lena", "coordinator", "ärendesida", [case_id], "vasteras")
    data = participant_data(population_ctx, "P01", "gdpr")
    assert data["participant"]["personnummer"] == "199101011006"
    assert data["accounts"][0]["email"] == PERSONAL[6]
    assert "password_hash" not in json.dumps(data)
    [made] = data["account_audit"]            # the citizen account made for them
    assert (made["action"], made["after"]["participant_key"]) == ("user_add", "P01")
    case, later = data["cases"]
    assert case["goals"][0]["text"] == PERSONAL[2]
    assert later["follow_ups"][0]["notes"] == PERSONAL[3]
    assert case["extension_requests"][0]["reason"] == PERSONAL[5]
    assert case["surveys"][0]["answers"]["kommentar"] == PERSONAL[4]
    assert case["phases"][0]["name"] == "Individuell bedömning och gemensam planering"
    assert any(a["action"] == "follow_up" for a in later["audit"])
    asked = next(a for a in case["audit"] if a["action"] == "request_extension")
    assert asked["after"]["reason"] == PERSONAL[5]  # the text kept apart, put back
    assert [(e["user"], e["what"]) for e in data["access_log"]] == [("lena", "ärendesida")]
    assert len(data["sign_in_links"]) == 1 and "token" not in json.dumps(
        data["sign_in_links"])
    # The export is itself an access, logged after it was read.
    again = participant_data(population_ctx, "P01", "gdpr")
    assert [e["what"] for e in again["access_log"]] == ["ärendesida", *["registerutdrag"] * 2]
    html = export_html(data)
    assert "Registerutdrag" in html and "Praktik hos Konsum" in html
    assert "task:" not in html and "follow_up:" not in html


def test_the_register_extract_says_each_status_in_the_words_the_web_uses(
        population_ctx: Context) -> None:
    """A cancelled follow-up was "struken" in the extract and "bortfallen" on the web:
    one table of status words now serves both."""
    data = participant_data(population_ctx, "P01", "gdpr")
    statuses = {o["status"] for case in data["cases"] for o in case["obligations"]}
    assert {"done", "cancelled"} <= statuses
    html = export_html(data)
    obligation_cells = set(re.findall(r"<td>([^<]*)</td>", html))
    for status in statuses:
        assert STATUS_WORDS[status] in obligation_cells
    refused = StegvisError("already cancelled", kind="obligation_already",
                           name="Uppföljning 2", status="cancelled")
    assert refusal_text("sv", refused) == "”Uppföljning 2” är redan bortfallen."
    assert "struken" not in html and "bortfallen" in obligation_cells


def test_an_unknown_key_is_refused_without_suggesting_other_people(
        population_ctx: Context) -> None:
    with pytest.raises(NotFoundError, match="no participant with key 'P02'") as raised:
        participant_data(population_ctx, "P02", "gdpr")
    assert "P01" not in str(raised.value)



def test_an_erased_participants_key_never_looks_like_an_identity_number() -> None:
    """The purge gave erased participants a random hex key, and about one key in 7,400
    (27 of 200,000 drawn) looked like a personnummer to the store, which refused it: a
    purge of a thousand participants failed about one time in eight.  CI met it as
    "anonym-cae338209883340a" (ten digits in a row).  Keys are now letters only."""
    from engine.rules.identity import contains_identity_number
    from engine.service.people.retention import ANONYMOUS_PREFIX, anonymous_key

    keys = {anonymous_key() for _ in range(20_000)}
    assert len(keys) == 20_000                      # random enough never to repeat here
    for key in keys:
        assert key.startswith(ANONYMOUS_PREFIX) and len(key) == len(ANONYMOUS_PREFIX) + 16
        assert not any(ch.isdigit() for ch in key), key
        assert not contains_identity_number(key), key
