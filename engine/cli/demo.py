"""``stegvis demo``: the whole product in one run, on a fresh temporary database.

1. every shipped definition is validated (the demo always uses the programmes shipped
   with Stegvis: its story needs their tasks, whatever an installation has changed);
2. each programme's dry run is excerpted for a participant enrolled today;
3. a coordinator's morning in the case engine: people are enrolled (one is refused
   with every reason), a follow-up and a task are recorded, and the task list shows
   what is due and overdue;
4. the morning reminder: the sweep of the next working morning writes the notices,
   and the Swedish e-mail digest the coordinator would get is shown (nothing is sent);
5. the board's annual report: a synthetic REBUS population (a fixed seed; genders,
   outcomes, follow-ups kept, late and missed, refusals) is lived through the case
   engine on a database of its own, and last year's annual report is written as PDF
   and XLSX into the demo's folder, its paths and a few figures printed in Swedish.
6. how to open the demo database in the browser, with a demo account for anna.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from engine.clock import STOCKHOLM, fixed_clock
from engine.definitions.loading import check_file, definition_files
from engine.definitions.spec import ProgrammeSpec
from engine.errors import NotEligibleError
from engine.paths import shipped_definitions
from engine.rules.simulation import simulate

if TYPE_CHECKING:
    from engine.service.shared.context import Context

DRY_RUN_ROWS = 8

REBUS_FACTS = dict(parties_active=2, income_support_from_referring_party=True,
                   attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"))
VASTERAS_FACTS = dict(parties_active=2, attested=("offentlig_forsorjning",
                                                  "arbetslivsinriktade_insatser",
                                                  "ej_ordinarie_insatser", "egen_vilja"))


def run_demo(today: date) -> int:
    """Print the demo; returns 1 if a shipped definition is invalid, else 0."""
    shipped = shipped_definitions()
    print(f"Stegvis demo, {today.isoformat()}\n\n1. Programme definitions: "
          f"{shipped.describe()}")
    specs: list[ProgrammeSpec] = []
    failed = 0
    for path in definition_files(shipped.path):
        spec, problems = check_file(path)
        for problem in problems:
            print(f"   {problem}")
        if spec is None:
            failed += 1
            continue
        specs.append(spec)
        print(f"   {path.name}: valid ({spec.name}, version {spec.version})")
    print("\n2. Dry runs: the first obligations of a participant enrolled today")
    for spec in specs:
        _dry_run_excerpt(spec, today)
    print("\n3. The case engine: a coordinator's morning")
    folder = Path(tempfile.mkdtemp(prefix="stegvis-demo-"))
    web_account = _case_engine(today, shipped.path, folder)
    from engine.cli.demo_report import synthetic_year
    synthetic_year(today, shipped.path, folder)
    print(web_account)
    return 1 if failed else 0


def _dry_run_excerpt(spec: ProgrammeSpec, today: date) -> None:
    start = today if spec.accepts_enrolment_on(today) else spec.enrolment_from
    note = "" if start == today else " (not running today; enrolled on its first day)"
    run = simulate(spec, start)
    print(f"\n   {spec.name}, enrolled {start.isoformat()}{note}:")
    for o in run.obligations[:DRY_RUN_ROWS]:
        print(f"     {o.due_on.isoformat()}  {o.kind:<20} {o.name[:60]}")
    rest = len(run.obligations) - DRY_RUN_ROWS
    if rest > 0:
        print(f"     … {rest} more: stegvis simulate {spec.id} --start {start.isoformat()}")


def _case_engine(today: date, definitions: Path, folder: Path) -> str:
    from engine.cli.cases_format import tasks_text
    from engine.service.cases.enrolment import EnrolmentRequest, enrol
    from engine.service.cases.operations import complete, record_follow_up
    from engine.service.cases.queries import TaskFilter, list_tasks
    from engine.service.shared.context import Context
    from engine.store.database import open_database

    url = f"sqlite:///{folder / 'stegvis.db'}"
    clock = fixed_clock(datetime.combine(today, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    ctx = Context(open_database(url), clock, definitions)
    # Ages, not birth years: on any date the demo is run for, the same people are of
    # working age (in 2024 they were born 1984, 1990, 1978 and 2009).
    year = today.year
    people = [
        ("rebus", "demo-R1", "kvinna", year - 40, "Hagfors", today - timedelta(days=70),
         REBUS_FACTS),
        ("rebus", "demo-R2", "man", year - 34, "Munkfors", today - timedelta(days=20),
         REBUS_FACTS),
        ("vasteras", "demo-V1", "kvinna", year - 46, "Västerås", today - timedelta(days=45),
         VASTERAS_FACTS),
        ("rebus", "demo-R3", "man", year - 15, "Karlstad", today, {"parties_active": 1}),
    ]
    cases = {}
    for programme, key, gender, born, municipality, on, facts in people:
        try:
            result = enrol(ctx, EnrolmentRequest(
                programme=programme, participant_key=key, gender=gender, birth_year=born,
                municipality=municipality, coordinator="anna", on=on, **facts),  # type: ignore[arg-type]
                actor="anna")
        except NotEligibleError as refused:
            print(f"   {key}: refused —")
            for criterion, reason in refused.failures:
                print(f"     {criterion}: {reason}")
            continue
        cases[key] = result.case_id
        print(f"   {key}: enrolled in {programme} on {on.isoformat()} as case "
              f"{result.case_id}, {result.obligations} obligations stored")
    for key, task, days_ago in (("demo-R1", "task:startenkat", 60),
                                ("demo-R1", "task:sus_registrering", 58),
                                ("demo-R1", "task:handlingsplan", 45),
                                ("demo-V1", "task:kritisk_punkt_start", 40),
                                ("demo-V1", "task:startenkat", 33),
                                ("demo-V1", "task:gemensam_planering", 20)):
        complete(ctx, cases[key], task, "anna", on=today - timedelta(days=days_ago))
    record_follow_up(ctx, cases["demo-R1"], today - timedelta(days=3),
                     ["deltagare", "projektmedarbetare", "anvisande_part"], "yes", "anna")
    print("   earlier work recorded: six tasks done on time and demo-R1's first follow-up "
          "held three days ago\n   anna's list this morning (the next 30 days and anything "
          "overdue):\n")
    rows = list_tasks(ctx, TaskFilter(coordinator="anna", due_to=today + timedelta(days=30)))
    for line in tasks_text(rows, today, 1000).splitlines():
        print(f"   {line}")
    _morning_digest(ctx, today)
    print(f"\n   Explore it: stegvis case show {cases['demo-R1']} --database {url}")
    print(f"               stegvis tasks --database {url}")
    web_account = _web_account(ctx, url)
    ctx.engine.dispose()
    return web_account


def _web_account(ctx: Context, url: str) -> str:
    """Step 6 (printed last): a demo account for anna, and how to open the database in
    the browser."""
    import secrets

    from engine.service.people.accounts import add_user
    password = f"demo-{secrets.token_hex(4)}"
    add_user(ctx, "anna", "coordinator", "demo", password=password,
             display_name="Anna Åkesson", email="anna@hagfors.example", phone="0563-123 45")
    return ("\n6. In the browser (the web application shows it as of today's date):\n"
            f"   stegvis web --database {url}\n"
            f"   then open http://127.0.0.1:8000/ and sign in as anna, password {password}")


def _morning_digest(ctx: Context, today: date) -> None:
    """Step 4: sweep the next working morning and show anna's digest as composed."""
    from sqlmodel import select

    from engine.dates.durations import is_working_day
    from engine.service.reminders.delivery import build_digests, compose, set_contact
    from engine.service.reminders.sweep import sweep
    from engine.service.shared.context import Context
    from engine.store.delivery_tables import DigestRow

    day = today
    while not is_working_day(day):
        day += timedelta(days=1)
    morning = Context(ctx.engine, fixed_clock(
        datetime.combine(day, time(6, 30), tzinfo=STOCKHOLM).astimezone(UTC)), ctx.definitions)
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson")
    swept = sweep(morning, day)
    built = build_digests(morning, day)
    print(f"\n4. The morning reminder: the sweep of {day.isoformat()} 06:30 wrote "
          f"{swept.created} notice(s)")
    for line in built.unaddressed:  # escalations to roles nobody gave an address for
        print(f"   waiting: {line}")
    print("   the e-mail anna gets at 07:00 (stegvis serve sends it; here nothing is "
          "sent):\n")
    with ctx.transaction() as session:
        digest = session.exec(select(DigestRow).where(DigestRow.recipient == "anna")).first()
        if digest is None:
            print("   nothing to remind anna of")
            return
        message = compose(session, digest, "Stegvis <stegvis@samordningsforbund.example>")
    print(f"   To: {message['To']}\n   Subject: {message['Subject']}\n")
    for line in message.get_content().splitlines():
        print(f"   | {line}")
