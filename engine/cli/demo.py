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
6. how to open the demo in the browser, with an account for each role (coordinator,
   participant, programme administrator, board reader, system administrator) and how
   to sign in as each.

The demo speaks Swedish, as the people it shows do; commands are printed as they run
from here (see :mod:`engine.cli.demo_words`).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli.demo_words import command, criterion, cut, day, kind
from engine.clock import STOCKHOLM, fixed_clock
from engine.definitions.loading import check_file, definition_files
from engine.definitions.spec import ProgrammeSpec
from engine.errors import NotEligibleError
from engine.paths import shipped_definitions
from engine.rules.simulation import simulate

if TYPE_CHECKING:
    from engine.service.shared.context import Context

DRY_RUN_ROWS = 8

REBUS_FACTS = dict(income_support_from_referring_party=True,
                   attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"))
VASTERAS_FACTS = dict(active_parties=("af", "vasteras_stad"), attested=("offentlig_forsorjning",
                                                  "arbetslivsinriktade_insatser",
                                                  "ej_ordinarie_insatser", "egen_vilja"))


def run_demo(today: date) -> int:
    """Print the demo; returns 1 if a shipped definition is invalid, else 0."""
    shipped = shipped_definitions()
    print(f"Stegvis demo, {day(today)}\n\n1. Programdefinitionerna som följer med Stegvis: "
          f"{shipped.path}")
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
        print(f"   {path.name}: giltig ({spec.name}, version {spec.version})")
    print("\n2. Provkörningar: det första en deltagare som skrivs in i dag ska göra")
    for spec in specs:
        _dry_run_excerpt(spec, today)
    print("\n3. Ärendemotorn: en samordnares morgon")
    folder = Path(tempfile.mkdtemp(prefix="stegvis-demo-"))
    web_account = _case_engine(today, shipped.path, folder)
    from engine.cli.demo_report import synthetic_year
    synthetic_year(today, shipped.path, folder)
    print(web_account)
    return 1 if failed else 0


def _dry_run_excerpt(spec: ProgrammeSpec, today: date) -> None:
    start = today if spec.accepts_enrolment_on(today) else spec.enrolment_from
    note = "" if start == today else " (tar inte emot deltagare i dag; inskriven första dagen)"
    run = simulate(spec, start)
    print(f"\n   {spec.name}, inskriven {day(start)}{note}:")
    for o in run.obligations[:DRY_RUN_ROWS]:
        print(f"     {o.due_on.isoformat()}  {kind(o.kind):<24} {cut(o.name, 60)}")
    rest = len(run.obligations) - DRY_RUN_ROWS
    if rest > 0:
        print(f"     … och {rest} till: {command()} simulate {spec.id} --start "
              f"{start.isoformat()}")


def _case_engine(today: date, definitions: Path, folder: Path) -> str:
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
         {**REBUS_FACTS, "active_parties": ("hagfors", "af")}),
        ("rebus", "demo-R2", "man", year - 34, "Munkfors", today - timedelta(days=20),
         {**REBUS_FACTS, "active_parties": ("munkfors", "af")}),
        ("vasteras", "demo-V1", "kvinna", year - 46, "Västerås", today - timedelta(days=45),
         VASTERAS_FACTS),
        ("rebus", "demo-R3", "man", year - 15, "Karlstad", today, {"active_parties": ("af",)}),
    ]
    cases = {}
    for programme, key, gender, born, municipality, on, facts in people:
        try:
            result = enrol(ctx, EnrolmentRequest(
                programme=programme, participant_key=key, gender=gender, birth_year=born,
                municipality=municipality, coordinator="anna", on=on, **facts),  # type: ignore[arg-type]
                actor="anna")
        except NotEligibleError as refused:
            spec = next(s for s in load_specs(definitions) if s.id == programme)
            print(f"   {key}: inte inskriven, villkoren uppfylls inte:")
            given: dict[str, object] = {"birth_year": born, "municipality": municipality,
                                        **facts}  # type: ignore[dict-item]
            for ident, _ in refused.failures:
                print(f"     – {criterion(spec, ident, given)}")
            continue
        cases[key] = result.case_id
        print(f"   {key}: inskriven i {_name(definitions, programme)} {day(on)} som ärende "
              f"{result.case_id}, {result.obligations} punkter i tidslinjen")
    for key, task, days_ago in (("demo-R1", "task:startenkat", 60),
                                ("demo-R1", "task:sus_registrering", 58),
                                ("demo-R1", "task:handlingsplan", 45),
                                ("demo-V1", "task:kritisk_punkt_start", 40),
                                ("demo-V1", "task:startenkat", 33),
                                ("demo-V1", "task:gemensam_planering", 20)):
        complete(ctx, cases[key], task, "anna", on=today - timedelta(days=days_ago))
    record_follow_up(ctx, cases["demo-R1"], today - timedelta(days=3),
                     ["deltagare", "projektmedarbetare", "anvisande_part"], "yes", "anna")
    print("   Tidigare arbete är registrerat: sex uppgifter gjorda i tid och demo-R1:s första "
          "uppföljning hölls för tre dagar sedan.\n   Annas lista i morse (de närmaste 30 "
          "dagarna och allt som är försenat):\n")
    rows = list_tasks(ctx, TaskFilter(coordinator="anna", due_to=today + timedelta(days=30)))
    keys = {case: key for key, case in cases.items()}
    for row in rows:
        due = date.fromisoformat(row["due_on"])
        late = "försenad" if due < today else "i dag" if due == today else ""
        print(f"     {row['due_on']}  {late:<9} {keys.get(row['case_id'], '?'):<8} "
              f"{kind(row['kind']):<16} {cut(row['name'], 56)}")
    _morning_digest(ctx, today, definitions)
    print(f"\n   Se närmare: {command()} case show {cases['demo-R1']} --database {url}")
    print(f"               {command()} tasks --database {url}")
    web_account = _web_accounts(ctx, url, cases["demo-R1"])
    ctx.engine.dispose()
    return web_account


def load_specs(definitions: Path) -> list[ProgrammeSpec]:
    """The valid shipped definitions (the demo's story uses their names)."""
    return [spec for spec, _ in (check_file(p) for p in definition_files(definitions))
            if spec is not None]


def _name(definitions: Path, programme: str) -> str:
    return next((s.name for s in load_specs(definitions) if s.id == programme), programme)


#: One account per role: (name, role, programme, who, what they see).
ACCOUNTS = (
    ("anna", "coordinator", "", "Anna Åkesson",
     "samordnare: att göra, ärendena, inskrivning"),
    ("forvaltare", "programme-admin", "", "Fredrik Förvaltare",
     "programförvaltare: definitionerna, provkörning"),
    ("styrgrupp", "reader", "rebus", "Stina Styrgrupp",
     "styrgrupp för REBUS: kalender, nyckeltal, rapporter"),
    ("admin", "system-admin", "", "Sam Systemadministratör",
     "systemadministratör: konton, åtkomstlogg"),
)


def _web_accounts(ctx: Context, url: str, participant_case: int) -> str:
    """Step 6 (printed last): an account for each role and a sign-in code for a
    participant, and how to open the demo in the browser."""
    import secrets

    from engine.service.people.accounts import add_user
    from engine.service.people.sign_in_links import create_link
    lines = ["\n6. I webbläsaren (webben visar demon som den ser ut i dag):",
             f"   {command()} web --database {url}",
             "   Öppna sedan http://127.0.0.1:8000/ och logga in som en av dem här:"]
    for name, role, programme, shown, what in ACCOUNTS:
        password = f"demo-{secrets.token_hex(4)}"
        extra = ({"email": "anna@hagfors.example", "phone": "0563-123 45"}
                 if name == "anna" else {})
        add_user(ctx, name, role, "demo", password=password, programme=programme,
                 display_name=shown, **extra)  # type: ignore[arg-type]
        lines.append(f"   – {what}: användarnamn {name}, lösenord {password}")
    _, code, _ = create_link(ctx, participant_case, "anna")
    lines.append(f"   – deltagaren demo-R1 (ingen inloggning, en kod): öppna "
                 f"http://127.0.0.1:8000/in och skriv koden {code}")
    return "\n".join(lines)


def _morning_digest(ctx: Context, today: date, definitions: Path) -> None:
    """Step 4: sweep the next working morning and show anna's digest as composed."""
    from sqlmodel import select

    from engine.dates.durations import is_working_day
    from engine.service.reminders.delivery import build_digests, set_contact
    from engine.service.reminders.digest_mail import compose
    from engine.service.reminders.sweep import sweep
    from engine.service.shared.context import Context
    from engine.store.delivery_tables import DigestRow

    morning_day = today
    while not is_working_day(morning_day):
        morning_day += timedelta(days=1)
    morning = Context(ctx.engine, fixed_clock(
        datetime.combine(morning_day, time(6, 30), tzinfo=STOCKHOLM).astimezone(UTC)),
        ctx.definitions)
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson")
    swept = sweep(morning, morning_day)
    built = build_digests(morning, morning_day)
    print(f"\n4. Morgonens påminnelse: svepet {day(morning_day)} kl. 06.30 skrev "
          f"{swept.created} påminnelser")
    for line in built.unaddressed:  # escalations to roles nobody gave an address for
        print(f"   {_unaddressed(line, definitions)}")
    print("   E-postmeddelandet Anna får kl. 07.00 (stegvis serve skickar det; här skickas "
          "inget):\n")
    with ctx.transaction() as session:
        digest = session.exec(select(DigestRow).where(DigestRow.recipient == "anna")).first()
        if digest is None:
            print("   Inget att påminna Anna om.")
            return
        message = compose(session, digest, "Stegvis <stegvis@samordningsforbund.example>")
    print(f"   To: {message['To']}\n   Subject: {message['Subject']}\n")
    for line in message.get_content().splitlines():
        print(f"   | {line}")


def _unaddressed(line: str, definitions: Path) -> str:
    """A notice waiting for an address, in Swedish (the service says it in English)."""
    import re

    found = re.match(r"(\w+) (\S+)(?: in (\S+))?: (\d+) notice", line)
    if found is None:
        return f"väntar: {line}"
    _, role, programme, count = found.groups()
    spec = next((s for s in load_specs(definitions) if s.id == programme), None)
    who = spec.role_name(role) if spec else role
    where = f" i {spec.name}" if spec else ""
    return (f"väntar på en e-postadress: {count} påminnelse(r) till {who}{where} "
            f"({command()} contact set …)")
