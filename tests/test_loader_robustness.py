"""Property tests: whatever happens to a valid definition, the loader answers with problems.

Valid definitions (every ``process_defs/*.yaml`` and the test skeleton) are mutated the
way files get damaged in practice: lines deleted, duplicated, swapped, re-indented or
cut off, spans overwritten with text full of YAML punctuation, values replaced by values
of another type, and bytes that are not UTF-8.  For every result:

- ``check_source`` returns instead of raising;
- every Problem points at a real place: line and column ≥ 1, line inside the file;
- a returned spec comes with no error, and no spec comes with at least one error;
- ``load_programme`` on such a file raises nothing but ``DefinitionError``.

Inputs that once made the loader raise are kept in ``FORMER_CRASHES`` as regression
cases.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.definitions.loading import check_source, load_programme
from engine.errors import DefinitionError, Problem
from engine.http.web.validation import problem_html
from engine.http.web.validation_sv import SWEDISH

ROOT = Path(__file__).resolve().parent.parent
VALID_FILES = [*sorted((ROOT / "process_defs").glob("*.yaml")),
               ROOT / "tests" / "fixtures" / "minimal_valid.yaml",
               # every construct of issue 12: cadences, due forms, series, limits, referral
               ROOT / "docs" / "examples" / "ungdom.yaml"]
SOURCES = {p.name: p.read_text(encoding="utf-8") for p in VALID_FILES}

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# --- building blocks ---------------------------------------------------------------------

#: Pieces of text that break YAML in interesting ways.
TOKENS = ["\t", ":", ": ", " :", "- ", "-", "'", '"', "{", "}", "[", "]", ",", "#", " # x",
          "&a ", "*a", "&b ", "*b", "!", "!x ", "|", ">", "?", "? ", "%", "@", "`", "\\",
          "\n", "\r\n", "\r", "  ", "    ", "å", "ä", "ö", "Å", "é", "€", "\u00a0", "\ufeff",
          "\x00", "\x07", "\x85", "\u2028", "💥", "null", "~", "true", "false", "yes", "no",
          "on", "0", "-1", "1e3", "0x1F", "0o17", ".nan", ".inf", "2017-13-45", "2017-02-29",
          "2017 09-01", "20210101", "10-31", "02-30", "---", "...", "<<: *a", "id", "to",
          "from", "rrule", "FREQ=", "FREQ=WEEKLY;BYDAY=MO", "30 days", "0 days", "x" * 70,
          "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ",
          "!!map ", "!!seq ", "!!set ", "!!omap ", "!!python/name:os.system ", "!local "]

#: Values of every YAML type to put where a scalar stood.
VALUES = ["42", "-1", "0", "3.5", "1e400", "true", "false", "null", "~", "", "[]", "{}",
          "[a, b]", "{a: 1}", "[[1], {b: 2}]", '""', "''", "'x'", '"\\u00e5"', "yes",
          "2017-01-01", "2021-02-29", "2017-12-31", "1970-01-01", "2100-01-01", "20170101",
          "1 month", "0 days", "9999 days", "12 working days", "3 veckor", "-3 days",
          ".nan", ".inf", "-.inf", "0.0", "1.0", "0.5", "FREQ=DAILY", "FREQ=YEARLY;COUNT=1",
          "FREQ=MONTHLY;BYDAY=5FR", "FREQ=DAILY;INTERVAL=0", "'09-01'", "'12-31'", "'13-01'",
          "rebus", "deltagare", "styrelse", "avslut", "x" * 200, "|\n  multi\n  line",
          "&anchor value", "*anchor", "9998-01-01", "9999-12-31", "0001-01-01",
          "'RDATE:20171116T000000Z'", "FREQ=MINUTELY", "FREQ=SECONDLY", "!!str 1",
          "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2017-13-45", "!!binary aGk=",
          "!!set {a}", "!!python/tuple [1]", "!local x", "&r [*r]",
          # the keys issue 12 added, with values of their own and of each other's shape
          "{every: 1 month}", "{every: 0 months}", "{every: 13 years}", "{every: '2'}",
          "{day: 10, months_after: 1}", "{day: 0}", "{day: 32, months_after: 13}",
          "{months_after: 1}", "{dates: [{period_ends: '06-30', on: '08-31'}]}",
          "{dates: [{period_ends: '02-30', on: '13-01'}]}", "{dates: []}",
          "{before: 10 working days, meeting: styrelsemote}", "{before: 0 days, meeting: x}",
          "{before: 5 days}", "{meeting: styrelsemote}", "{max: 6 weeks, warn_before: 1 week}",
          "{max: 0 days}", "{of: all_exits, except: [flyttat]}", "{of: nobody, except: []}",
          "[{every: 3, attendees: [handlaggare]}]", "[{every: 0, attendees: []}]",
          "phase_entry", "referral", "start", "monthly", "31/12/2018", "10th of next month"]

#: Very deep nesting is covered by FORMER_CRASHES; generating it only slows the run.
_AVOID = re.compile(r"[\[{]{50}")

_SCALAR_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w]*:) (\S.*)$")

noise = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)),
                 max_size=8).map("".join)


@st.composite
def _mutation(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    n = len(lines)
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "span", "truncate",
                                 "reindent", "retype", "insert"]))
    i = draw(st.integers(0, n - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, n - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "span":
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        return text[:start] + draw(noise) + text[end:]
    elif kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    elif kind == "reindent":
        stripped = lines[i].lstrip(" ")
        lines[i] = " " * draw(st.integers(0, 12)) + stripped
    elif kind == "retype":
        candidates = [k for k, line in enumerate(lines) if _SCALAR_LINE.match(line.rstrip("\n"))]
        if candidates:
            k = draw(st.sampled_from(candidates))
            match = _SCALAR_LINE.match(lines[k].rstrip("\n"))
            assert match is not None
            lines[k] = f"{match[1]} {draw(st.sampled_from(VALUES))}\n"
    else:  # insert a line of noise
        lines.insert(i, " " * draw(st.integers(0, 8)) + draw(noise) + "\n")
    return "".join(lines)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A valid definition with one to three mutations applied."""
    text = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    for _ in range(draw(st.integers(1, 3))):
        text = draw(_mutation(text))
    if _AVOID.search(text):
        text = _AVOID.sub("x", text)
    return text


@st.composite
def non_utf8_bytes(draw: st.DrawFn) -> bytes:
    """A valid definition's UTF-8 bytes with bytes that are not UTF-8 put in somewhere."""
    raw = draw(mutated_text()).encode("utf-8")
    bad = draw(st.sampled_from([b"\xff", b"\xfe", b"\xe4", b"\xf6", b"\xc3", b"\x80",
                                b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff\xfe",
                                b"\xef\xbb\xbf"]))
    extra = draw(st.binary(max_size=6))
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + bad + extra + raw[at:]


# --- the properties ----------------------------------------------------------------------


def _line_count(raw: bytes | str) -> int:
    text = raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")
    # str.splitlines knows every break YAML knows (and a few more), so this is an upper bound
    return max(len(text.splitlines()), 1)


#: Words of the engine's English that the Swedish sentence of a problem never has.
_ENGLISH = re.compile(r"\b(the|is|not|must|expected|unknown|did you mean|should|write|only|"
                      r"applies|line)\b", re.IGNORECASE)


def assert_worded_in_swedish(problem: Problem) -> None:
    """The administrator's pages say ``problem`` in Swedish, from its kind: no general
    sentence in its place, and no English outside the definition's own words (code)."""
    assert problem.kind in SWEDISH, repr(problem)
    shown = re.sub(r"<code>.*?</code>", " ", str(problem_html("sv", problem)))
    assert _ENGLISH.search(html.unescape(shown)) is None, (shown, problem)


def assert_answers_with_problems(raw: bytes | str) -> None:
    spec, problems = check_source(raw, "mutated.yaml")
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        assert p.file == "mutated.yaml"
        assert p.line >= 1 and p.column >= 1, str(p)
        assert p.line <= _line_count(raw) + 1, f"{p} points past the end of the file"
        assert p.message.strip(), repr(p)
        assert str(p).startswith(f"mutated.yaml:{p.line}:{p.column}: ")
        assert_worded_in_swedish(p)
    if spec is not None:
        assert not errors, "a spec was returned together with errors:\n" + "\n".join(
            map(str, errors))
    else:
        assert errors, "no spec, but no error explains why"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_unmutated_sources_are_valid(name: str) -> None:
    spec, problems = check_source(SOURCES[name], name)
    assert spec is not None, "\n".join(map(str, problems))


@SETTINGS
@given(mutated_text())
def test_mutated_text_gives_problems_not_exceptions(text: str) -> None:
    assert_answers_with_problems(text)


@SETTINGS
@given(mutated_text())
def test_mutated_bytes_give_problems_not_exceptions(text: str) -> None:
    assert_answers_with_problems(text.encode("utf-8"))


@settings(SETTINGS, max_examples=60)
@given(non_utf8_bytes())
def test_bytes_that_are_not_utf8_give_problems_not_exceptions(raw: bytes) -> None:
    assert_answers_with_problems(raw)


@settings(SETTINGS, max_examples=60)
@given(mutated_text())
def test_load_programme_raises_only_definition_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        spec = load_programme(path)
    except DefinitionError as exc:
        assert exc.problems
        assert any(p.severity == "error" for p in exc.problems)
        assert str(exc)
    else:
        assert spec.id


# --- inputs that crash the loader today --------------------------------------------------

_SKELETON = SOURCES["minimal_valid.yaml"]


def _skeleton_with(old: str, new: str) -> str:
    assert old in _SKELETON
    return _SKELETON.replace(old, new, 1)


#: Inputs that once made the loader raise; each must now come back as problems.
FORMER_CRASHES = {
    # PyYAML's constructors raise ValueError / KeyError for tagged scalars they cannot
    # convert; the loader reports them as unreadable values instead.
    "int_tag_on_value": _skeleton_with("version: 1", "version: !!int abc"),
    "float_tag_on_value": _skeleton_with("version: 1", "version: !!float abc"),
    "bool_tag_on_value": _skeleton_with("version: 1", "version: !!bool maybe"),
    "timestamp_tag_on_value": _skeleton_with("version: 1", "version: !!timestamp 2017-13-45"),
    # ... and the same for tagged keys.
    "int_tag_on_key": _skeleton_with("version: 1", "!!int abc: 1"),
    # An empty tagged integer ('!!int ' before the colon) made PyYAML raise IndexError;
    # found by the mutation of the keys issue 12 added.
    "empty_int_tag_in_flow_key": _skeleton_with("  - {id: coach, name: Coach, kind: staff}",
                                                "  - {id:,!!int : coach, name: Coach}"),
    # An anchor that contains its own alias (a cyclic node), and very deep nesting.
    "recursive_alias": _skeleton_with("version: 1", "version: &x [*x]"),
    "deep_nesting": _skeleton_with("version: 1", "version: " + "[" * 3000 + "]" * 3000),
    # Years near 9999 once overflowed the per-year schedule checks.
    "open_ended_from_year_9998": _skeleton_with("  from: 2017-01-01\n  to: 2018-12-31",
                                                "  from: 9998-01-01\n  to: null"),
    # An RDATE with a time zone once reached rrule.between() -> TypeError.
    "rrule_rdate_with_timezone": _skeleton_with(
        "rrule: FREQ=YEARLY;BYMONTH=11;BYDAY=3TH", 'rrule: "RDATE:20171116T000000Z"'),
}


@pytest.mark.parametrize("name", sorted(FORMER_CRASHES))
def test_former_crash_is_reported_as_a_problem(name: str) -> None:
    assert_answers_with_problems(FORMER_CRASHES[name])


# --- the keys issue 12 added (and issue 25's consent and min_parties) ------------------------

_EXAMPLE = SOURCES["ungdom.yaml"]
_NEW_KEYS = re.compile(r"\b(cadence|due|time_limit|starts|phase|extra_attendees|every|"
                       r"denominator|except|secretary|chair|enrolment_to|before|meeting|"
                       r"period_ends|on|months_after|day|follow_ups|tasks|complete_by|"
                       r"when|anchor|warn_before|max|consent|min_parties)\b")
_NEW_LINES = [i for i, line in enumerate(_EXAMPLE.splitlines(keepends=True))
              if _NEW_KEYS.search(line.split("#")[0])]


@st.composite
def new_key_mutation(draw: st.DrawFn) -> str:
    """The example with one to three of its lines that use a new key damaged."""
    lines = _EXAMPLE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.sampled_from(_NEW_LINES))
        if i >= len(lines):
            continue
        kind = draw(st.sampled_from(["retype", "delete", "duplicate", "reindent", "noise"]))
        match = _SCALAR_LINE.match(lines[i].rstrip("\n"))
        if kind == "retype" and match:
            lines[i] = f"{match[1]} {draw(st.sampled_from(VALUES))}\n"
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "reindent":
            lines[i] = " " * draw(st.integers(0, 12)) + lines[i].lstrip(" ")
        else:
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + draw(noise) + lines[i][cut:]
    return "".join(lines)


def test_the_new_keys_are_used_in_the_mutated_example() -> None:
    assert len(_NEW_LINES) >= 30


@settings(SETTINGS, max_examples=200)
@given(new_key_mutation())
def test_mutated_new_keys_give_problems_not_exceptions(text: str) -> None:
    assert_answers_with_problems(text)
