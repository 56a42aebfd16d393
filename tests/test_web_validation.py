"""The validator's findings on the administrator's pages are Swedish (English on request).

A :class:`~engine.errors.Problem` carries the command line's English and a kind with
parameters; engine/http/web/validation.py words the kind from validation_sv.py and, in
English, the gettext catalogue (context validation.<kind>).  A static check finds every
kind the validator gives and makes sure both catalogues word it with the parameters
given; then every file of the broken corpus (tests/broken, one or more deliberate
mistakes each) is uploaded to the validate page in Swedish and in English, and no
sentence of the other language is on the page.
"""

from __future__ import annotations

import ast
import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import MovableClock
from web_helpers import Browser, account, web_app

from engine.definitions import construct_hints, yaml_source
from engine.definitions.loading import check_file, check_source
from engine.definitions.schema_check import BOUND_KINDS
from engine.errors import Problem
from engine.http.web.state import LANGUAGE_COOKIE
from engine.http.web.validation import UNWORDED, problem_html, problem_text
from engine.http.web.validation_sv import EXPECTED, HINTS, SWEDISH
from engine.http.web.validation_sv import RULE_REASONS as RULE_REASONS_SV
from engine.language import has_translation, pgettext
from engine.paths import schema_path
from engine.service.shared.context import Context
from engine.store.database import open_database

ROOT = Path(__file__).resolve().parent.parent
#: The English sentences the catalogue has for the Swedish ones, by kind and by reason.
ENGLISH = {kind: pgettext("en", f"validation.{kind}", text) for kind, text in SWEDISH.items()
           if has_translation("en", text, f"validation.{kind}")}
RULE_REASONS_EN = {reason: pgettext("en", f"validation.rule.{reason}", text)
                   for reason, text in RULE_REASONS_SV.items()
                   if has_translation("en", text, f"validation.rule.{reason}")}
#: Where the validator's problems are made.
MODULES = [*sorted((ROOT / "engine" / "definitions").glob("*.py")),
           ROOT / "engine" / "service" / "programme" / "publishing.py"]
BROKEN_FILES = sorted((ROOT / "tests" / "broken").glob("*.yaml"))
#: Parameters a sentence may use that the page derives (from ``what``) or that only add
#: a sentence after it (did you mean, a hint, the ids defined).
DERIVED = {"What", "a_what", "no_what"}
_KIND = re.compile(r"^[a-z]+_[a-z0-9_]+$")
#: The calls that make a problem: every one names a kind.
_MAKERS = {"error", "warn", "problem", "Problem", "refused", "_TooLarge"}


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            yield name, node


def _parameters(call: ast.Call) -> set[str]:
    names = {k.arg for k in call.keywords if k.arg not in (None, "kind", "key", "params",
                                                           "severity")}
    for keyword in call.keywords:
        if keyword.arg == "params":
            value = keyword.value
            if isinstance(value, ast.Call) and value.args:  # frozen({...})
                value = value.args[0]
            if isinstance(value, ast.Dict):
                names |= {k.value for k in value.keys if isinstance(k, ast.Constant)}
            elif isinstance(value, ast.Tuple):  # ((name, value), ...)
                names |= {e.elts[0].value for e in value.elts
                          if isinstance(e, ast.Tuple) and isinstance(e.elts[0], ast.Constant)}
    return names


def given_kinds() -> dict[str, list[set[str]]]:
    """Each kind the validator gives, with the parameter names of each place that gives
    it (None where the parameters are passed on from elsewhere)."""
    found: dict[str, list[set[str]]] = {}
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for name, call in _calls(tree):
            kinds = [k.value for k in call.keywords if k.arg == "kind"]
            if kinds and isinstance(kinds[0], ast.Constant) and name in _MAKERS:
                found.setdefault(str(kinds[0].value), []).append(_parameters(call))
            if name in ("refused", "_TooLarge"):
                at = 1 if name == "refused" else 2
                if len(call.args) > at and isinstance(call.args[at], ast.Constant):
                    found.setdefault(str(call.args[at].value), []).append(
                        {k.arg for k in call.keywords if k.arg})
        for node in ast.walk(tree):  # kinds chosen in a function and passed on
            if isinstance(node, ast.FunctionDef) and node.name in (
                    "_graph_problems", "_why_unreadable", "parse_source"):
                for part in ast.walk(node):
                    if isinstance(part, ast.Tuple):
                        for element in part.elts:
                            if isinstance(element, ast.Constant) and isinstance(
                                    element.value, str) and _KIND.match(element.value):
                                found.setdefault(element.value, [])
    for kind, _hint in yaml_source._HINTS.values():
        found.setdefault(kind, [])
    for kind in BOUND_KINDS.values():
        found.setdefault(kind, []).append({"given", "limit", "expected"})
    return found


def test_every_place_that_makes_a_problem_names_its_kind() -> None:
    """English on a Swedish page made impossible rather than rare: a problem without a
    kind could only be shown as a general sentence."""
    without = []
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for name, call in _calls(tree):
            receiver = getattr(getattr(call.func, "value", None), "id", "")
            if name in ("error", "warn") and receiver not in ("c", "self"):
                continue  # a logger, not a checker
            if name in _MAKERS and name not in ("refused", "_TooLarge") \
                    and not any(k.arg == "kind" for k in call.keywords):
                without.append(f"{module.name}:{call.lineno}")
    assert without == []


def test_every_kind_the_validator_gives_has_a_swedish_sentence_with_its_parameters() -> None:
    given = given_kinds()
    assert len(given) > 100  # the scan finds them at all
    assert sorted(set(given) - set(SWEDISH)) == []
    assert sorted(set(SWEDISH) - set(given)) == []  # no sentence for a kind never given
    for kind, sites in given.items():
        wanted = set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", SWEDISH[kind])) - DERIVED
        for names in sites:
            assert wanted <= names, (kind, wanted - names)


def test_every_kind_has_an_english_sentence_with_the_same_parameters() -> None:
    assert sorted(set(SWEDISH) ^ set(ENGLISH)) == []
    for kind, swedish in SWEDISH.items():
        assert set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", swedish)) == \
            set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", ENGLISH[kind])), kind


def _x_expected(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-expected":
                yield str(value)
            yield from _x_expected(value)
    elif isinstance(node, list):
        for value in node:
            yield from _x_expected(value)


def test_what_the_schema_expects_and_every_construct_hint_are_in_swedish() -> None:
    expected = set(_x_expected(json.loads(schema_path().read_text(encoding="utf-8"))))
    assert len(expected) > 10
    assert sorted(expected - set(EXPECTED)) == []
    tree = ast.parse(Path(construct_hints.__file__).read_text(encoding="utf-8"))
    hints = {node.value[2:] for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and isinstance(node.value, str) and node.value.startswith("; ") and node.value[2:]}
    hints |= set(construct_hints._VALUES.values()) | set(construct_hints._KEYS.values())
    assert len(hints) > 15
    assert sorted(hints - set(HINTS)) == []


def test_a_problem_is_worded_from_its_kind_with_the_definition_s_words_as_code() -> None:
    _, problems = check_source("id: x\nname: X\nversion: 1\ndescripton: y\n", "draft.yaml")
    typo = next(p for p in problems if p.kind == "schema_unknown_key")
    assert typo.message.startswith("unknown key 'descripton'; did you mean 'description'?")
    assert str(problem_html("sv", typo)) == \
        "Okänd nyckel <code>descripton</code>. Menade du <code>description</code>?"
    assert problem_text("en", typo) == "Unknown key descripton. Did you mean description?"


def test_a_value_from_the_file_cannot_write_markup_into_the_page() -> None:
    _, problems = check_source("id: x\nname: X\nversion: 1\n'<b>`x`</b>': y\n", "draft.yaml")
    typo = next(p for p in problems if p.kind == "schema_unknown_key")
    shown = str(problem_html("sv", typo))
    assert "<b>" not in shown and "&lt;b&gt;" in shown


def test_a_problem_without_a_sentence_is_never_english_on_a_swedish_page() -> None:
    problem = Problem("x.yaml", 1, 1, "the frobnicator is missing", kind="never_worded")
    assert problem_text("sv", problem) == UNWORDED
    assert problem_text("en", problem) == "the frobnicator is missing"


def test_the_shipped_definitions_give_only_worded_findings() -> None:
    for path in sorted((ROOT / "process_defs").glob("*.yaml")):
        _, problems = check_file(path)
        for problem in problems:
            assert problem.kind in SWEDISH, (path.name, problem)


#: Words of the engine's English that a Swedish sentence never has.
_ENGLISH_WORDS = re.compile(r"\b(the|is|not|must|expected|unknown|did you mean|should|"
                            r"write|only|applies|line)\b", re.IGNORECASE)
_SWEDISH_WORDS = re.compile(r"\b(är|inte|ska|får|finns|skriv|menade du|gäller|rad|och)\b",
                            re.IGNORECASE)


def _problem_list(page: str) -> str:
    """The text of the page's list of problems, without the definition's own words
    (the code, the line excerpts), which are as the administrator wrote them."""
    found = re.search(r'<ol class="problems">(.*?)</ol>', page, re.DOTALL)
    assert found, page[-2000:]
    text = re.sub(r"<code>.*?</code>|<pre.*?</pre>", " ", found.group(1), flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Browser:
    """The programme administrator's browser (one SQLite database for the module: the
    validate page stores nothing)."""
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('db') / 'stegvis.db'}")
    ctx = Context(database, MovableClock(datetime(2024, 1, 31, 8, tzinfo=UTC)))
    account(ctx, "forvaltare", "programme-admin")
    browser = Browser(web_app(ctx))
    assert browser.sign_in("forvaltare").status_code == 303
    return browser


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.name for p in BROKEN_FILES])
def test_every_mistake_in_the_corpus_is_swedish_on_the_validate_page(
        admin: Browser, path: Path) -> None:
    _, problems = check_file(path)
    admin.client.cookies.set(LANGUAGE_COOKIE, "sv")
    admin.get("/admin/validate")
    page = admin.post("/admin/validate#result", files={
        "upload": (path.name, path.read_bytes(), "text/yaml")}).text
    shown = _problem_list(page)
    for problem in problems:
        assert problem.kind in SWEDISH, (path.name, problem)
        assert html.escape(problem.message, quote=False) not in page
        assert str(problem_html("sv", problem)) in page
    assert _ENGLISH_WORDS.search(shown) is None, (path.name, shown)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.name for p in BROKEN_FILES])
def test_every_mistake_in_the_corpus_is_english_on_the_english_validate_page(
        admin: Browser, path: Path) -> None:
    admin.client.cookies.set(LANGUAGE_COOKIE, "en")
    admin.get("/admin/validate")
    page = admin.post("/admin/validate#result", files={
        "upload": (path.name, path.read_bytes(), "text/yaml")}).text
    admin.client.cookies.set(LANGUAGE_COOKIE, "sv")
    shown = _problem_list(page)
    assert _SWEDISH_WORDS.search(shown) is None, (path.name, shown)


def test_the_construct_hint_and_the_date_help_are_worded_in_swedish_too() -> None:
    monthly = (ROOT / "tests" / "broken" / "cadence_monthly.yaml").read_text(encoding="utf-8")
    _, problems = check_source(monthly, "draft.yaml")
    cadence = next(p for p in problems if p.kind == "schema_not_one_of")
    assert "for a report every month write cadence: {every: 1 month}" in cadence.message
    assert problem_text("sv", cadence).endswith(
        "För en rapport varje månad, skriv cadence: {every: 1 month} (valfritt antal "
        "månader).")
    slashes = (ROOT / "tests" / "broken" / "date_with_slashes.yaml").read_text(encoding="utf-8")
    _, problems = check_source(slashes, "draft.yaml")
    day = next(p for p in problems if p.kind == "schema_not_valid_here")
    assert problem_text("sv", day).endswith("Menade du 2018-12-31?")
    assert problem_text("en", day).endswith("Did you mean 2018-12-31?")


def test_a_broken_file_in_the_definitions_folder_is_listed_in_swedish(
        tmp_path: Path) -> None:
    folder = tmp_path / "definitions"
    folder.mkdir()
    broken = ROOT / "tests" / "broken" / "several_mistakes.yaml"
    (folder / "trasig.yaml").write_bytes(broken.read_bytes())
    database = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    ctx = Context(database, MovableClock(datetime(2024, 1, 31, 8, tzinfo=UTC)), folder)
    account(ctx, "forvaltare", "programme-admin")
    browser = Browser(web_app(ctx))
    browser.sign_in("forvaltare")
    page = browser.get("/admin/definitions").text
    _, problems = check_file(folder / "trasig.yaml")
    assert len(problems) > 3
    for problem in problems:
        assert f"Rad {problem.line}, kolumn {problem.column}:" in page
        assert str(problem_html("sv", problem)) in page
        assert html.escape(problem.message, quote=False) not in page


def test_every_reason_a_schedule_rule_is_refused_has_a_sentence_in_both_languages() -> None:
    """The rule's own check (engine/dates/recurrence.py) says why; the page says it too."""
    module = ROOT / "engine" / "dates" / "recurrence.py"
    given: dict[str, set[str]] = {}
    for name, call in _calls(ast.parse(module.read_text(encoding="utf-8"))):
        if name == "RecurrenceError":
            reasons = [k.value for k in call.keywords if k.arg == "reason"]
            assert reasons and isinstance(reasons[0], ast.Constant), ast.unparse(call)
            given[str(reasons[0].value)] = {k.arg for k in call.keywords if k.arg}
    assert len(given) > 8
    assert sorted(set(given) ^ set(RULE_REASONS_SV)) == []
    assert sorted(set(given) ^ set(RULE_REASONS_EN)) == []
    for reason, names in given.items():
        for sentence in (RULE_REASONS_SV[reason], RULE_REASONS_EN[reason]):
            assert set(re.findall(r"\{(\w+)\}", sentence)) <= names, reason
    rule = (ROOT / "tests" / "broken" / "bad_rrule.yaml").read_text(encoding="utf-8")
    _, problems = check_source(rule, "draft.yaml")
    refused = next(p for p in problems if p.kind == "rule_unreadable")
    assert problem_text("sv", refused).endswith(
        "går inte att läsa. FREQ=MONTLY går inte. Möten upprepas YEARLY, MONTHLY, WEEKLY "
        "eller DAILY. Menade du MONTHLY?")
