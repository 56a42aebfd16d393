"""Every key of the definition language has an effect (issue 25): a key that validates
and does nothing (``caseload_per_coordinator`` did, until issue 25) fails here.

Two steps, each walked from the code, not from a list someone keeps up:
1. every property name of the JSON Schema is read by the code that builds or checks a
   definition (``engine/definitions/spec_builder*.py``, ``semantics*.py``);
2. every field of the immutable values those build (``*Spec`` in ``spec*.py``) is read
   by the code that runs them: the rules, the service, reports, the web and the CLI
   (attribute access outside the spec modules and their builders).  A field that is
   not is listed in ``NOT_READ_AT_RUN_TIME`` with what it does; the list is held exact,
   so a new key cannot join it unnoticed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from engine.paths import schema_path

ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = ROOT / "engine" / "definitions"
SPEC_MODULES = ("spec.py", "spec_calendar.py", "spec_common.py")

#: Keys read as a whole mapping rather than by name: the organisation's text keys are
#: kept as (key, value) pairs (spec_builder.py) and shown on the definition page.
#: ``sender`` and ``diary_number`` are read from that mapping by the decision proposal.
READ_AS_A_MAPPING = {"association", "commissioner", "executor", "funder", "owner", "sender",
                     "diary_number"}

#: Fields no runtime code reads, each with what it does do.  The test fails for any field
#: not here that nothing reads, and for an entry here that has come to be read.  Those
#: marked "reader only" have no effect beyond the YAML's reader yet (issue 25 leaves them;
#: the report lists them).
NOT_READ_AT_RUN_TIME: dict[tuple[str, str], str] = {
    ("ProgrammeSpec", "reminders"): "spec_builder.py: the default reminder of every "
                                    "obligation that gives none",
    ("MeetingSpec", "per_year_max"): "semantics_calendar.py: validate refuses a schedule "
                                     "with more meetings in a year",
    ("ProjectPhaseSpec", "parallel_with"): "semantics_calendar.py: overlapping project "
                                           "phases must say so",
    ("ReportSpec", "intended_gaps"): "semantics_calendar.py: a declared gap silences the "
                                     "warning about periods no report covers",
    ("RoleSpec", "chair"): "semantics_due.py: validate checks a body's chair is a role",
    ("RoleSpec", "secretary"): "semantics_due.py: validate checks a body's secretary is a "
                               "role",
    ("ProgrammeSpec", "decision_rights"): "semantics.py: validate checks the deciding "
                                          "role; reader only otherwise",
    ("DecisionRightSpec", "matter"): "reader only",
    ("PhaseSpec", "workplace_based"): "reader only",
    ("ProjectPhaseSpec", "deliverables"): "reader only",
    ("RoleSpec", "co_opted"): "reader only",
    ("RoleSpec", "members"): "reader only",
    ("RoleSpec", "description"): "reader only",
}


def _schema_keys(node: Any, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            out.add(name)
            _schema_keys(value, out)
        for key, value in node.items():
            if key != "properties":
                _schema_keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _schema_keys(value, out)
    return out


def _strings(paths: list[Path]) -> set[str]:
    return {n.value for path in paths for n in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _spec_fields() -> set[tuple[str, str]]:
    fields: set[tuple[str, str]] = set()
    for name in SPEC_MODULES:
        for node in ast.walk(ast.parse((DEFINITIONS / name).read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                fields.update((node.name, b.target.id) for b in node.body
                              if isinstance(b, ast.AnnAssign) and isinstance(b.target, ast.Name))
    return fields


def _attributes_read() -> set[str]:
    read: set[str] = set()
    for path in (ROOT / "engine").rglob("*.py"):
        is_spec = path.parent == DEFINITIONS and path.name in SPEC_MODULES
        if path.parent == DEFINITIONS and path.name.startswith("spec_builder"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if is_spec and not isinstance(node, ast.FunctionDef):
                continue  # in the spec modules, only what their methods read
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Load):
                    read.add(inner.attr)
    return read


def test_every_schema_key_is_read_where_definitions_are_built_or_checked() -> None:
    keys = _schema_keys(json.loads(schema_path().read_text("utf-8")), set())
    assert "caseload_per_coordinator" in keys and len(keys) > 100
    readers = sorted([*DEFINITIONS.glob("spec_builder*.py"),
                      *DEFINITIONS.glob("semantics*.py")])
    assert sorted(keys - _strings(readers) - READ_AS_A_MAPPING) == []


def test_every_field_a_definition_builds_is_read_by_the_code_that_runs_it() -> None:
    fields, read = _spec_fields(), _attributes_read()
    assert ("CapacitySpec", "caseload_per_coordinator") in fields
    unread = {field for field in fields if field[1] not in read}
    assert sorted(unread - set(NOT_READ_AT_RUN_TIME)) == []
    assert sorted(set(NOT_READ_AT_RUN_TIME) - unread) == []  # the list holds no field read since
