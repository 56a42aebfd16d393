"""Refusals on the web pages are Swedish (English when the reader chose English).

The engine's errors carry the command line's English and a ``kind`` with parameters;
the pages word each kind from engine/http/web/refusals.py.  A static check finds
every kind the engine raises and makes sure the catalogue words it with the
parameters the raise gives; then each main action of the case page is refused once
through the application, in Swedish and in English.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine
from web_helpers import ENROLLED_ON, Browser, account, web_app

from engine.errors import InputError
from engine.http.web.refusals import SWEDISH, UNWORDED, refusal_text
from engine.http.web.state import LANGUAGE_COOKIE
from engine.language import has_translation, pgettext
from engine.service.cases.operations import complete, exit_case, request_extension
from engine.service.shared.context import Context
from engine.store.database import open_database

ENGINE = Path(__file__).resolve().parent.parent / "engine"
TODAY = date(2024, 3, 8)


def raised_kinds() -> dict[str, list[set[str]]]:
    """Each ``kind=`` the engine raises (and each kind of notice it gives), with the
    parameter names of each raise."""
    found: dict[str, list[set[str]]] = {}
    for module in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", "")
            if isinstance(node, ast.Call) and name == "Notice" and len(node.args) > 1:
                assert isinstance(node.args[1], ast.Constant), ast.unparse(node)
                found.setdefault(str(node.args[1].value), []).append(
                    {k.arg for k in node.keywords if k.arg})
            if isinstance(node, ast.Call) and name.endswith("Error"):
                kinds = [k.value for k in node.keywords if k.arg == "kind"]
                values = ([kinds[0].body, kinds[0].orelse] if kinds
                          and isinstance(kinds[0], ast.IfExp) else kinds)
                names = {k.arg for k in node.keywords if k.arg and k.arg != "kind"}
                for value in values:
                    assert isinstance(value, ast.Constant), ast.unparse(node)
                    found.setdefault(str(value.value), []).append(names)
    return found


def test_every_kind_the_engine_raises_has_a_swedish_sentence_with_its_parameters() -> None:
    raised = raised_kinds()
    assert len(raised) > 60  # the scan finds the raises at all
    assert "page" in raised  # the web's own refusals (engine/http/web/refusals.py)
    del raised["page"]
    assert sorted(set(raised) - set(SWEDISH)) == []
    assert sorted(set(SWEDISH) - set(raised)) == []  # no sentence for a kind never raised
    for kind, sites in raised.items():
        wanted = set(re.findall(r"\{(\w+)\}", SWEDISH[kind]))
        for given in sites:
            usable = given | ({"What"} if "what" in given else set())
            assert wanted <= usable, (kind, wanted - usable)


def test_every_kind_has_an_english_sentence_with_the_same_parameters() -> None:
    untranslated = sorted(kind for kind, swedish in SWEDISH.items()
                          if not has_translation("en", swedish, f"refusal.{kind}"))
    assert untranslated == []
    for kind, swedish in SWEDISH.items():
        assert set(re.findall(r"\{(\w+)\}", swedish)) == \
            set(re.findall(r"\{(\w+)\}", pgettext("en", f"refusal.{kind}", swedish))), kind


#: What the coordinator's and the participant's pages call: every error these modules
#: raise carries a kind (an enrolment refused for eligibility lists its criteria instead).
REACHED_FROM_THE_PAGES = (
    *(f"service/cases/{m}.py" for m in ("enrolment", "records", "operations", "corrections",
                                        "caseload", "caseload_search", "recorded_tasks",
                                        "materialize", "meetings")),
    "service/shared/context.py", "service/shared/text_checks.py",
    "service/people/sign_in_links.py", "service/people/citizen.py",
    *(f"rules/{m}.py" for m in ("identity", "capacity", "surveys", "eligibility")),
    *(f"http/web/{m}.py" for m in ("case_actions", "case_records", "case_routes", "case_page",
                                   "enrol", "coordinator", "citizen", "case_undo",
                                   "undo_offer", "participant_contact", "sign_in_code")),
)


def test_every_error_the_coordinators_and_participants_pages_can_show_has_a_kind() -> None:
    """English on a Swedish page made impossible rather than rare: an error without a
    kind could only be shown as the command line's English (it is shown as a general
    Swedish sentence instead, but it should say what is wrong)."""
    without = []
    for name in REACHED_FROM_THE_PAGES:
        module = ENGINE / name
        assert module.exists(), name
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                error = getattr(node.exc.func, "id", "")
                if error in ("InputError", "RefusedError", "NotFoundError", "ConflictError",
                             "StegvisError") \
                        and not any(k.arg == "kind" for k in node.exc.keywords):
                    without.append(f"{name}:{node.lineno}")
    assert without == []


def test_an_error_without_a_sentence_is_never_english_on_a_swedish_page() -> None:
    error = InputError("the frobnicator is missing", kind="never_worded")
    assert refusal_text("sv", error) == UNWORDED
    assert refusal_text("en", error) == "the frobnicator is missing"
    assert refusal_text("sv", InputError("no kind at all")) == UNWORDED


def test_a_refusal_is_worded_in_each_language_from_its_kind() -> None:
    error = InputError("decision date 2024-01-01 is before the request on 2024-03-08",
                       kind="date_before", what="decision date", day=date(2024, 1, 1),
                       before_what="the request on", before=date(2024, 3, 8))
    assert refusal_text("sv", error) == "Beslutsdatum 1 januari 2024 är före ansökan " \
                                        "8 mars 2024."
    assert refusal_text("en", error) == "Decision date 1 January 2024 is before the " \
                                        "request 8 March 2024."


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Engine]:
    """SQLite only: the wording does not depend on the database (what the forms store is
    tested on both, in test_web_case_records.py)."""
    engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    """anna, signed in, on 8 March 2024."""
    clock.set_day(TODAY)
    account(ctx, "anna", display_name="Anna Åkesson")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    return browser


def _exited(ctx: Context, case: int) -> None:
    exit_case(ctx, case, "avbrott", "anna", on=date(2024, 3, 1))


#: (name, programme, what to do first, the form's address, what it sends, the Swedish
#: sentence, a piece of the English one).
ACTIONS: list[tuple[str, str, Callable[[Context, int], object], str, dict[str, str], str,
                    str]] = [
    ("complete", "rebus", lambda ctx, case: complete(ctx, case, "task:sus_registrering",
                                                     "anna"),
     "complete", {"key": "task:sus_registrering"},
     "”Registrering i SUS” är redan klar.", "is already done"),
    ("follow-up", "rebus", lambda ctx, case: None, "follow-up",
     {"held_on": "2024-03-09", "step_movement": "yes", "attendees": "deltagare"},
     "Uppföljningens datum 9 mars 2024 ligger i framtiden (i dag är det 8 mars 2024).",
     "is in the future"),
    ("move", "rebus", lambda ctx, case: None, "move", {"to": "aktivitet"},
     "Bytet från Kartläggning till Aktivitet kräver att detta är klart först: "
     "Överenskommelse/handlingsplan med delmål och mål.", "needs this to be done first"),
    ("extension", "vasteras", _exited, "extension", {"months": "2", "reason": "Praktik"},
     "Ärendet pågår inte (det är avslutat); det går inte att göra nu.",
     "this cannot be done now"),
    ("exit", "rebus", lambda ctx, case: None, "exit", {"outcome": "arbete"},
     "En deltagare fullföljer från", "A participant completes from"),
    ("exit date", "rebus", lambda ctx, case: None, "exit",
     {"outcome": "avbrott", "on": "2024-13-01"},
     "Avslutsdatum: ”2024-13-01” är inte ett datum (ÅÅÅÅ-MM-DD).", "is not a date"),
    ("undo-exit", "rebus", lambda ctx, case: None, "undo-exit", {"reason": "Fel"},
     "Ärendet är inte avslutat (det är pågående).", "has not exited (it is running)"),
    ("admit", "rebus", lambda ctx, case: None, "admit", {},
     "Ärendet står inte på väntelistan (det är pågående).", "not on the waiting list"),
    ("goal", "rebus", lambda ctx, case: None, "goals", {"goal": "  "}, "Skriv målet.",
     "Write the goal."),
    ("post-exit", "rebus", lambda ctx, case: None, "post-exit",
     {"key": "post_exit:sex_manader", "status": "arbete"},
     "Ärendet är inte avslutat (det är pågående).", "has not exited"),
    ("decide", "vasteras",
     lambda ctx, case: request_extension(ctx, case, "2 months", "Praktik", "anna"),
     "extensions/1/decide", {"decision": "approve", "on": "2024-03-09"},
     "Beslutsdatum 9 mars 2024 ligger i framtiden (i dag är det 8 mars 2024).",
     "is in the future"),
    ("survey", "rebus", lambda ctx, case: None, "survey",
     {"survey": "startenkat_x", "q-valbefinnande": "4"}, "Enkäten finns inte i programmet.",
     "The survey is not in the programme."),
    ("assessment", "orebro", lambda ctx, case: None, "assessment",
     {"capacity": "3", "need_level": "niva_9"}, "Behovsnivån finns inte i programmet.",
     "The need level is not in the programme."),
    ("placement", "start", lambda ctx, case: None, "placement", {"form": "annan"},
     "Placeringsformen finns inte i programmet.", "The placement form is not in the programme."),
    ("type case", "orebro", lambda ctx, case: None, "type-case", {"type_case": "x"},
     "Typfallet finns inte i programmet.", "The type case is not in the programme."),
    ("identity number", "rebus", lambda ctx, case: None, "identity-number",
     {"number": "19850101-0014", "consent_on": "2024-03-09"},
     "Samtyckesdatum 9 mars 2024 ligger i framtiden (i dag är det 8 mars 2024).",
     "is in the future"),
]
ELIGIBLE = {"start": {"attested": ("malgrupp", "bestalld_av_kund")}}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "programme", "before", "path", "form", "swedish",
                          "english"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_each_action_is_refused_in_the_readers_language(
        ctx: Context, anna: Browser, language: str, name: str, programme: str,
        before: Callable[[Context, int], object], path: str, form: dict[str, str],
        swedish: str, english: str) -> None:
    case = enrol_person(ctx, programme, "P-1", ENROLLED_ON, **ELIGIBLE.get(programme, {})
                        ).case_id
    before(ctx, case)
    if language == "en":
        anna.client.cookies.set(LANGUAGE_COOKIE, "en")
    anna.get(f"/cases/{case}")
    page = anna.post(f"/cases/{case}/{path}", form)
    assert page.status_code in (409, 422), name
    text = html.unescape(page.text)
    if language == "sv":
        assert swedish in text
        assert "Det du skickade sparades inte." in text
    else:
        assert english in text and swedish not in text
        assert "What you sent was not saved." in text


def test_an_identity_number_in_a_note_is_refused_in_swedish(ctx: Context,
                                                            anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    anna.get(f"/cases/{case}")
    page = anna.post(f"/cases/{case}/goals", {"goal": "Ring 19850101-0014 om praktiken"})
    assert page.status_code == 422
    assert "Målet innehåller något som ser ut som ett personnummer" in html.unescape(page.text)
    assert "19850101-0014" not in page.text  # the number is not put back into the page


#: A valid personnummer (check digit right): the key check refuses it whatever issue 26
#: makes of wrong check digits.
PERSONNUMMER = "19850101-0014"
#: (what is wrong, the form's fields, the Swedish sentence, the English one).
ENROLMENTS = [
    ("a personnummer as the key", {"participant_key": PERSONNUMMER},
     "Nyckeln ser ut som ett personnummer", "The key looks like a personal identity"),
    ("the same key, another person", {"participant_key": "P-1", "birth_year": "1990"},
     "Nyckeln P-1 finns redan, för en person med ett annat kön eller födelseår.",
     "The key P-1 already exists, for a person of another gender or birth year."),
    ("a birth date of another year", {"birth_on": "1986-05-01"},
     "Födelseåret 1985 stämmer inte med födelsedatumet 1 maj 1986.",
     "The birth year 1985 does not match the birth date 1 May 1986."),
    ("a year such as 1890", {"birth_year": "1890"},
     "Födelseåret 1890 går inte: det ska vara från 1900",
     "The birth year 1890 is not possible: it must be from 1900"),
    ("a personnummer in the municipality", {"referring_party": "Ring " + PERSONNUMMER},
     "Anvisande part innehåller något som ser ut som ett personnummer",
     "The referring party contains something that looks like a personal identity"),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "fields", "swedish", "english"), ENROLMENTS,
                         ids=[e[0] for e in ENROLMENTS])
def test_enrolment_is_refused_in_the_readers_language_and_echoes_no_identity_number(
        ctx: Context, anna: Browser, language: str, name: str, fields: dict[str, str],
        swedish: str, english: str) -> None:
    """Issue 23: these came back as the command line's English on a Swedish page, and a
    personnummer typed as the key was put back into the form."""
    enrol_person(ctx, "rebus", "P-1", ENROLLED_ON)
    if language == "en":
        anna.client.cookies.set(LANGUAGE_COOKIE, "en")
    anna.get("/enrol/rebus")
    form = {"participant_key": "P-2", "gender": "kvinna", "birth_year": "1985",
            "municipality": "Hagfors", "active_parties": ["af", "hagfors"], "income_support": "yes",
            "attested": ["utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"],
            "step": "enrol", **fields}
    page = anna.post("/enrol/rebus", form)
    assert page.status_code == 422, name
    text = html.unescape(page.text)
    assert (swedish if language == "sv" else english) in text
    assert (english if language == "sv" else swedish) not in text
    assert PERSONNUMMER not in page.text and "198501010014" not in page.text


def test_a_key_shaped_like_a_personnummer_is_not_echoed_whatever_its_check_digit(
        ctx: Context, anna: Browser) -> None:
    """A wrong check digit (19880101-0018) is still someone's number mistyped: when the
    form comes back for another reason, the key field is empty."""
    anna.get("/enrol/rebus")
    page = anna.post("/enrol/rebus", {
        "participant_key": "19880101-0018", "gender": "kvinna", "birth_year": "1890",
        "municipality": "Hagfors", "step": "enrol"})
    assert page.status_code == 422
    assert "19880101-0018" not in page.text and "198801010018" not in page.text
