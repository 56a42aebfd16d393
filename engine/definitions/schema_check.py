"""Checking a parsed definition against the published JSON Schema.

Every schema error becomes a :class:`~engine.errors.Problem` at the line and column
of the offending value (or key), in plain words: the bad value, what was expected
(from the schema's ``x-expected`` annotation where there is one) and a did-you-mean
for misspelt keys and enum values.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from engine.dates.date_text import date_guess, month_day_guess
from engine.definitions.construct_hints import key_hint, value_hint
from engine.definitions.yaml_source import Path, SourceDocument
from engine.errors import Problem, closest, did_you_mean
from engine.paths import schema_path


@lru_cache(maxsize=1)
def programme_schema() -> dict[str, Any]:
    """The programme JSON Schema as a dict."""
    with schema_path().open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = programme_schema()
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(doc: SourceDocument) -> list[Problem]:
    """Every schema violation in ``doc``, in file order."""
    problems: list[Problem] = []
    for error in _validator().iter_errors(doc.data):
        if doc.is_unreadable(tuple(error.absolute_path)):
            continue  # already reported as unreadable
        problems.extend(_to_problems(doc, error))
    unique = {(p.line, p.column, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line, p.column))


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` so annotations on the target are visible."""
    seen = 0
    while "$ref" in schema and seen < 10:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = programme_schema()["$defs"].get(name, {})
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        schema = merged
        seen += 1
    return schema


def _enclosing_properties(error: ValidationError) -> dict[str, Any]:
    """The keys the object holding ``error``'s value may have, when the failing schema is
    a conditional part of it (``then: {required: [phase]}``): a valid key beside the
    missing one is no misspelling of it (issue 25: "is 'in_phases' a misspelling of it?"
    for a series that starts at a phase entry and named no phase)."""
    node: Any = programme_schema()
    keys: dict[str, Any] = {}
    for step in error.absolute_schema_path:
        if isinstance(node, dict) and "$ref" in node and step not in node:
            node = _resolve(node)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            node = _resolve(node) if "$ref" in node else node
            if "properties" in node:
                keys = dict(node["properties"])
    return keys


def _date_help(schema: dict[str, Any], value: Any) -> str:
    """``"; did you mean 2017-12-31?"`` when ``schema`` wants a date and ``value`` looks
    like one written another way (also inside anyOf, e.g. a date or null)."""
    guess = _date_guess(schema, value)
    return f"; did you mean {guess}?" if guess else ""


def _date_guess(schema: dict[str, Any], value: Any) -> str:
    """The date ``value`` probably means when ``schema`` wants one (see _date_help)."""
    schema = _resolve(schema)
    kind = schema.get("x-kind")
    guess = date_guess(value) if kind == "date" else (
        month_day_guess(value) if kind == "month_day" else None)
    if guess:
        return str(guess)
    branches = [*schema.get("anyOf", []),
                *(b.get("then") for b in schema.get("allOf", []) if isinstance(b, dict))]
    for branch in branches:
        if isinstance(branch, dict) and (found := _date_guess(branch, value)):
            return found
    return ""


def _help(schema: dict[str, Any], value: Any, path: Path) -> dict[str, object]:
    """The parameters of the command line's help for a value: a date it probably means,
    or the construct the writer was after (see construct_hints)."""
    guess = _date_guess(schema, value)
    return {"suggestion": guess} if guess else {"hint": value_hint(path, value)[2:]}


def _expected(error: ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = _resolve(schema).get("x-expected")
    return str(value) if value else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


#: The kind of problem of a number past each bound of the schema.
BOUND_KINDS = {"minimum": "schema_minimum", "maximum": "schema_maximum",
               "exclusiveMinimum": "schema_exclusive_minimum",
               "exclusiveMaximum": "schema_exclusive_maximum"}

#: Words YAML 1.1 read as booleans; here they stay text, so say what to write instead.
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}

_TYPE_WORDS = {"object": "a mapping of keys", "array": "a list", "string": "text",
               "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "null": "null"}


def _to_problems(doc: SourceDocument, error: ValidationError) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, dict) else {}
    wanted: Any = error.validator_value

    if kind in ("anyOf", "oneOf") and error.context:
        expected = _expected(error)
        if expected:
            help_ = _date_help(schema, value) or value_hint(path, value)
            return [doc.problem(path, f"{_show(value)} is not valid here; expected "
                                      f"{expected}{help_}", kind="schema_not_valid_here",
                                params={"given": _shown(value), "expected": expected,
                                        **_help(schema, value, path)})]
        return _to_problems(doc, best_match(error.context))

    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            hint = key_hint(path, key)
            if allowed and not hint:
                hint = did_you_mean(key, allowed) or f"; allowed keys here: {', '.join(allowed)}"
            out.append(doc.problem((*path, key), f"unknown key {key!r}{hint}", key=True,
                                   kind="schema_unknown_key",
                                   params={"key": key, "hint": key_hint(path, key)[2:],
                                           "suggestion": closest(key, allowed) or "",
                                           "allowed": allowed}))
        return out

    if kind == "required" and isinstance(value, dict):
        out = []
        properties = {**_enclosing_properties(error), **schema.get("properties", {})}
        for name in wanted:
            if name in value:
                continue
            wanted_schema = _resolve(properties.get(name, {}))
            if "enum" in wanted_schema:
                about = f" (one of: {', '.join(str(v) for v in wanted_schema['enum'])})"
            else:
                description = _first_clause(wanted_schema.get("description", ""))
                about = f" ({description})" if description else ""
            near = did_you_mean(name, [k for k in value if k not in properties])
            hint = f"; is {near[len('; did you mean '):-1]} a misspelling of it?" if near else ""
            out.append(doc.problem(path, f"missing required key {name!r}{about}{hint}",
                                   kind="schema_missing_key",
                                   params={"key": name,
                                           "choices": [str(v) for v in
                                                       wanted_schema.get("enum", [])],
                                           "misspelt": near[len("; did you mean '"):-2]
                                           if near else ""}))
        return out

    if kind == "dependentRequired" and isinstance(value, dict) and isinstance(wanted, dict):
        out = []
        for name, needs in wanted.items():
            for need in needs:
                if name in value and need not in value:
                    out.append(doc.problem((*path, name), f"{name!r} needs {need!r} beside it",
                                           key=True, kind="schema_needs_key",
                                           params={"key": name, "needed": need}))
        return out

    if kind == "enum":
        choices = [str(c) for c in wanted]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        hint = value_hint(path, value) or hint
        return [doc.problem(path, f"{_show(value)} is not allowed here; expected one of: "
                                  f"{', '.join(choices)}{hint}", kind="schema_not_one_of",
                            params={"given": _shown(value), "choices": choices,
                                    "hint": value_hint(path, value)[2:],
                                    "suggestion": (closest(value, choices) or "")
                                    if isinstance(value, str) else ""})]

    if kind == "const":
        return [doc.problem(path, f"{_show(value)} is not allowed here; expected "
                                  f"{error.validator_value!r}", kind="schema_not_const",
                            params={"given": _shown(value),
                                    "const": str(error.validator_value)})]

    if kind == "type" and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS \
            and "boolean" in (wanted if isinstance(wanted, list) else [wanted]):
        meant = "true" if value.lower() in ("yes", "on", "y") else "false"
        return [doc.problem(path, f"expected true or false, got text {value!r}; write {meant}",
                            kind="schema_yes_no", params={"given": value, "meant": meant})]

    if kind == "type":
        expected = _expected(error)
        wanted_list = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        words = expected or " or ".join(_TYPE_WORDS.get(w, w) for w in wanted_list)
        if value is None:
            return [doc.problem(path, f"the value is empty; expected {words}", key=True,
                                kind="schema_empty_value",
                                params={"expected": expected or "", "types": wanted_list})]
        got = _json_type(value)
        if not isinstance(value, dict | list):
            got = f"{got} {_show(value)}"
        hint = _date_help(schema, value) or value_hint(path, value)
        return [doc.problem(path, f"expected {words}, got {got}{hint}", kind="schema_wrong_type",
                            params={"expected": expected or "", "types": wanted_list,
                                    "given": _shown(value), "got": _json_type(value),
                                    **_help(schema, value, path)})]

    if kind in ("pattern", "format"):
        expected = _expected(error) or f"text matching {error.validator_value!r}"
        hint = _date_help(schema, value) or value_hint(path, value)
        return [doc.problem(path, f"{_show(value)} is not {_with_article(expected)}{hint}",
                            kind="schema_pattern",
                            params={"given": _shown(value), "expected": _expected(error) or "",
                                    **_help(schema, value, path)})]

    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most",
                 "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kind]
        expected = _expected(error)
        tail = f" ({expected})" if expected else ""
        size = "small" if kind in ("minimum", "exclusiveMinimum") else "large"
        return [doc.problem(path, f"{_show(value)} is too {size}; "
                                  f"it must be {words} {error.validator_value}{tail}",
                            kind=BOUND_KINDS[kind],
                            params={"given": _shown(value), "limit": error.validator_value,
                                    "expected": expected or ""})]

    if kind == "minItems":
        return [doc.problem(path, f"the list needs at least {error.validator_value} "
                                  f"item{'s' if error.validator_value != 1 else ''}",
                            kind="schema_min_items", params={"count": error.validator_value})]
    if kind == "uniqueItems":
        return [doc.problem(path, "the list names the same item twice",
                            kind="schema_unique_items")]
    if kind == "minLength":
        return [doc.problem(path, "the text is empty", kind="schema_empty_text")]
    if kind == "minProperties":
        expected = _expected(error) or "at least one key"
        return [doc.problem(path, f"the mapping is empty; expected {expected}",
                            kind="schema_empty_mapping",
                            params={"expected": _expected(error) or ""})]
    if kind == "maxLength":
        return [doc.problem(path, f"the text is longer than {error.validator_value} characters",
                            kind="schema_text_too_long", params={"count": error.validator_value})]
    if kind == "not":
        expected = _expected(error)
        return [doc.problem(path, f"conflicting keys; expected {expected}", kind="schema_conflict",
                            params={"expected": expected}) if expected
                else doc.problem(path, f"{_show(value)} is not allowed here",
                                 kind="schema_not_allowed", params={"given": _shown(value)})]
    return [doc.problem(path, error.message, kind="schema_other")]


def _shown(value: Any) -> str:
    """A value as a parameter: the text as written (a mapping or a list by its shape,
    which the page words in the reader's language)."""
    if isinstance(value, dict):
        return MAPPING
    if isinstance(value, list):
        return LIST
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "…"
    return "null" if value is None else _show(value)


#: A value that is a mapping or a list, as a problem's parameter (see _shown).
MAPPING, LIST = "<mapping>", "<list>"


def _first_clause(description: str) -> str:
    """The first sentence or clause of a schema description, for a short message."""
    for stop in (". ", "; ", ": ", " ("):
        description = description.split(stop, 1)[0]
    description = description.rstrip(".")
    return description[:1].lower() + description[1:] if description[1:2].islower() \
        else description


def _with_article(expected: str) -> str:
    return expected if expected.startswith(("a ", "an ", "the ")) else f"a valid {expected}"
