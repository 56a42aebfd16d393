"""A year of all five programmes through the real Prefect flows, run as Prefect schedules them.

The year is 1 December 2021 – 30 November 2022: every programme runs then (Hofors
ends on 1 March 2023), and it holds both daylight-saving changes (27 March and 30
October 2022) and every Swedish holiday.  The run times come from Prefect's own
server-side schedule classes, fed the plan ``stegvis serve`` registers; each run is
the real flow (``sweep_flow``, ``deliver_flow``, ``programme_event_flow``) on Prefect's
test server, with the day or instant it was scheduled for.  Participants are enrolled
through the year and nobody completes anything, so every obligation goes through
every stage.  The mail goes to a real SMTP server (aiosmtpd) and is read back.

What the dry run predicts, and what must arrive exactly once:

- for each participant, the obligations of ``simulate`` (the dry run) and, for each
  sweep morning after the enrolment, the stage each is in (soon from its reminder
  date, due on its due date, overdue after it, escalation from its escalation date to
  the role named): every such (obligation, stage) in one digest line, once;
- each programme-calendar event of the dry run recorded once, on its day;
- for REBUS and Västerås, whose roles have addresses here, the board's mail
  (tests/board_year.py): each report's draft to its author ten working days ahead
  with what is missing, each report to its recipients on its due date, the evaluation
  steps in September–October, the evaluation with the draft decision proposal before
  the November board; every e-mail once, its PDF valid and of the right period.

The 07:00 delivery of each morning is run, and the 07:45 one on days with a calendar
event (it sends what the 07:30 calendar run produced); the other quarter-hour runs are
there for retries after a failure, and there is none here.  The test checks that
Prefect schedules them every weekday all the same.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from board_year import BOARD_PROGRAMMES, board_contacts, check_board_mail
from conftest import Inbox, MovableClock
from digest_reading import digest_lines
from sqlalchemy import text

from engine.channels.mail import SmtpTransport
from engine.clock import STOCKHOLM
from engine.dates.durations import is_working_day
from engine.definitions.loading import load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.rules.programme_calendar import programme_calendar
from engine.rules.simulation import simulate
from engine.service.cases.enrolment import EnrolmentRequest, enrol
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context
from workflows.schedules import EVENT_KINDS, PlannedSchedule, plan

pytest.importorskip("prefect")

FIRST, LAST = date(2021, 12, 1), date(2022, 11, 30)
PROGRAMMES = ("rebus", "vasteras", "hofors", "start", "orebro")
#: Who joins when (two a programme); Västerås late enough that its one-year limit
#: falls after the year, since nobody here exits anyone.
PEOPLE: tuple[tuple[str, str, date, dict[str, Any]], ...] = (
    ("rebus", "R-1", date(2021, 12, 1), dict(
     municipality="Hagfors", active_parties=("hagfors", "af"),
     income_support_from_referring_party=True,
     attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"))),
    ("rebus", "R-2", date(2022, 6, 20), dict(
     municipality="Forshaga", active_parties=("forshaga", "af"),
     income_support_from_referring_party=True,
     attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"))),
    ("vasteras", "V-1", date(2022, 3, 1), dict(
     municipality="Västerås", active_parties=("af", "vasteras_stad"),
     attested=("offentlig_forsorjning", "arbetslivsinriktade_insatser",
               "ej_ordinarie_insatser", "egen_vilja"))),
    ("vasteras", "V-2", date(2022, 10, 28), dict(
     municipality="Västerås", active_parties=("af", "vasteras_stad"),
     attested=("offentlig_forsorjning", "arbetslivsinriktade_insatser",
               "ej_ordinarie_insatser", "egen_vilja"))),
    ("hofors", "H-1", date(2021, 12, 1), dict(municipality="Hofors", attested=(
        "behov_samordnad_rehabilitering", "psykisk_ohalsa", "vill_arbeta",
        "remitterad_via_trisam"))),
    ("hofors", "H-2", date(2022, 8, 15), dict(municipality="Hofors", attested=(
        "behov_samordnad_rehabilitering", "psykisk_ohalsa", "vill_arbeta",
        "remitterad_via_trisam"))),
    ("start", "S-1", date(2021, 12, 1), dict(municipality="Stockholm",
                                             attested=("malgrupp", "bestalld_av_kund"))),
    ("start", "S-2", date(2022, 3, 25), dict(municipality="Stockholm",
                                             attested=("malgrupp", "bestalld_av_kund"))),
    ("orebro", "O-1", date(2022, 1, 10), dict(municipality="Örebro")),
    ("orebro", "O-2", date(2022, 10, 31), dict(municipality="Örebro")),
)
Run = tuple[datetime, str, dict[str, str]]  # (instant, flow, parameters)


def _fire_times(schedule: PlannedSchedule) -> list[datetime]:
    """When Prefect's scheduler runs ``schedule`` within the year (its own classes)."""
    from prefect.server.schemas.schedules import CronSchedule, RRuleSchedule

    prefect_schedule: CronSchedule | RRuleSchedule = (
        CronSchedule(cron=schedule.cron, timezone=schedule.timezone) if schedule.cron
        else RRuleSchedule(rrule=schedule.rrule, timezone=schedule.timezone))
    out: list[datetime] = []
    week = datetime.combine(FIRST, time(0), tzinfo=STOCKHOLM)
    end = datetime.combine(LAST + timedelta(days=1), time(0), tzinfo=STOCKHOLM)
    while week < end:  # a week at a time: Prefect looks at 1,000 candidates a call
        following = min(week + timedelta(days=7), end)
        dates = asyncio.run(prefect_schedule.get_dates(n=1000, start=week, end=following))
        out.extend(d for d in dates if d < following)
        week = following
    return [datetime.fromtimestamp(d.timestamp(), UTC) for d in out]


def _local(instant: datetime) -> datetime:
    return instant.astimezone(STOCKHOLM)


def _schedule_runs(specs: list[ProgrammeSpec]) -> list[Run]:
    """Every run of the year, in order, checked against the wall clock on the way."""
    runs: list[Run] = []
    weekdays = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)
                if (FIRST + timedelta(days=i)).weekday() < 5]
    events = {e.due_on for spec in specs for e in programme_calendar(spec, FIRST, LAST)
              if e.kind in EVENT_KINDS}
    for deployment in plan(specs, FIRST, LAST):
        for schedule in deployment.schedules:
            times = _fire_times(schedule)
            local = [_local(t) for t in times]
            if deployment.flow == "sweep":
                # Once each weekday at 06:30 in Sweden, summer time or not.
                assert [t.date() for t in local] == weekdays
                assert {t.time() for t in local} == {time(6, 30)}
                assert {t.utcoffset() for t in local} == {timedelta(hours=1),
                                                         timedelta(hours=2)}
                runs += [(t, "sweep", {"day": _local(t).date().isoformat()}) for t in times]
            elif deployment.flow == "deliver":
                per_day = Counter(t.date() for t in local)
                assert sorted(per_day) == weekdays and set(per_day.values()) == {44}
                assert len(set(times)) == len(times)  # none twice, at any DST change
                assert {t.time() for t in local} == {time(h, m) for h in range(7, 18)
                                                     for m in (0, 15, 30, 45)}
                runs += [(t, "deliver", {"at": t.isoformat()}) for t in times
                         if _local(t).time() == time(7)
                         or (_local(t).time() == time(7, 45) and _local(t).date() in events)]
            else:
                assert len(set(times)) == len(times)
                assert {t.time() for t in local} <= {time(7, 30)}
                runs += [(t, "programme_event", {**schedule.parameters,
                                                 "day": _local(t).date().isoformat()})
                         for t in times]
    return sorted(runs, key=lambda r: (r[0], r[1]))


def _stage(day: date, remind_on: date | None, due_on: date) -> str | None:
    if due_on < day:
        return "overdue"
    if due_on == day:
        return "due"
    if remind_on is not None and remind_on <= day:
        return "soon"
    return None


def _predicted(specs: dict[str, ProgrammeSpec], sweep_days: list[date]
               ) -> Counter[tuple[str, str, str, str]]:
    """(participant, obligation title, due date, stage): what the dry run says arrives
    (a digest names an obligation by its title)."""
    out: Counter[tuple[str, str, str, str]] = Counter()
    for programme, key, enrolled_on, _ in PEOPLE:
        dry = simulate(specs[programme], enrolled_on, until=LAST + timedelta(days=90))
        for item in dry.obligations:
            if item.scope != "participant":
                continue
            stages = set()
            for day in (d for d in sweep_days if d > enrolled_on):
                stage = _stage(day, item.remind_on, item.due_on)
                if stage:
                    stages.add(stage)
                if item.escalate_to and item.escalate_on and item.escalate_on <= day:
                    stages.add("escalation")
            for stage in stages:
                out[(key, item.name, item.due_on.isoformat(), stage)] += 1
    return out


def _delivered(inbox: Inbox) -> Counter[tuple[str, str, str, str]]:
    return Counter((line.participant, line.name, line.due, line.stage)
                   for message in inbox.messages for line in digest_lines(message))


@pytest.mark.slow
def test_a_year_of_five_programmes_gives_exactly_the_reminders_of_the_dry_run(
        prefect_server: None, stegvis_db: Context, clock: MovableClock,
        smtp: tuple[Inbox, SmtpTransport], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    from workflows.flows import deliver_flow, programme_event_flow, sweep_flow

    inbox, transport = smtp
    for name, value in (("HOST", transport.host), ("PORT", str(transport.port)),
                        ("SECURITY", "none")):
        monkeypatch.setenv(f"STEGVIS_SMTP_{name}", value)
    monkeypatch.setenv("STEGVIS_ARCHIVE", str(tmp_path / "arkiv"))
    ctx = stegvis_db
    specs = {p: load_programme(p) for p in PROGRAMMES}
    for programme, spec in specs.items():
        roles = {o.escalate_to for o in simulate(spec, FIRST, until=LAST).obligations
                 if o.escalate_to}
        for role in sorted(roles):
            set_contact(ctx, "role", role, f"{role}@{programme}.example", actor="admin",
                        programme=programme)
    set_contact(ctx, "coordinator", "anna", "anna@forbund.example", actor="admin",
                display_name="Anna Ångström")
    for programme in BOARD_PROGRAMMES:
        board_contacts(ctx, specs[programme])

    runs = _schedule_runs(list(specs.values()))
    joining = defaultdict(list)
    for person in PEOPLE:
        joining[person[2]].append(person)
    flows = {"sweep": sweep_flow, "deliver": deliver_flow, "programme_event": programme_event_flow}
    by_day: dict[date, list[Run]] = defaultdict(list)
    for run in runs:
        by_day[_local(run[0]).date()].append(run)
    swept: list[date] = []
    day = FIRST
    while day <= LAST:
        for _, flow, parameters in by_day[day]:
            result = flows[flow](**parameters)
            if flow == "sweep" and result["working_day"]:
                swept.append(day)
        for programme, key, _, fields in joining[day]:  # at noon, after the morning runs
            clock.set_day(day, hour=12)
            enrol(ctx, EnrolmentRequest(programme=programme, participant_key=key, on=day,
                                        gender="kvinna", birth_year=1985, coordinator="anna",
                                        **fields), actor="anna")
        day += timedelta(days=1)

    assert swept == [d for d in sorted(by_day) if d.weekday() < 5 and is_working_day(d)]
    predicted = _predicted(specs, swept)
    delivered = _delivered(inbox)
    assert sum(predicted.values()) > 200
    assert {k: n for k, n in delivered.items() if n > 1} == {}  # nothing twice
    assert set(delivered) - set(predicted) == set()  # nothing the dry run did not foresee
    assert set(predicted) - set(delivered) == set()  # nothing lost
    assert len({m["Message-ID"] for m in inbox.messages}) == len(inbox.messages)

    with ctx.engine.connect() as connection:
        recorded = Counter((str(r[0]), str(r[1]), str(r[2])) for r in connection.execute(text(
            "SELECT programme_id, event_key, due_on FROM calendar_runs")).all())
    foreseen = Counter((p, e.key, e.due_on.isoformat()) for p, spec in specs.items()
                       for e in programme_calendar(spec, FIRST, LAST) if e.kind in EVENT_KINDS)
    assert recorded == foreseen and len(foreseen) > 20
    for programme in BOARD_PROGRAMMES:
        check_board_mail(ctx, specs[programme], inbox, FIRST, LAST, tmp_path)
