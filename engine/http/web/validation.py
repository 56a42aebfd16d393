"""The validator's findings in the reader's language.

A :class:`~engine.errors.Problem` carries the command line's English (``message``) and a
``kind`` with ``params``.  The administrator's pages (validate, the editor, publishing)
word each kind in Swedish from :mod:`engine.http.web.validation_sv`, and in another
language from the gettext catalogue (context ``validation.<kind>``, docs/translating.md),
filling in the parameters in the reader's words: dates and numbers by Babel (as the
refusals do, :func:`engine.http.web.i18n.value_text`), durations in Swedish, what the
schema expects and the construct hints from their tables.  Text between backticks in a
sentence is what the administrator types in the definition and is shown as code.

A problem whose kind no catalogue knows (tests/test_web_validation.py keeps this from
happening) is shown as a general Swedish sentence, and in English as the command line
says it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from engine.dates.durations import Duration
from engine.definitions.schema_check import LIST, MAPPING
from engine.errors import Problem
from engine.http.web import validation_sv
from engine.http.web.i18n import value_text
from engine.language import has_translation, pgettext

#: Said on a Swedish page about a problem whose kind has no Swedish sentence.
UNWORDED = "Definitionen har ett fel här."

#: Parameters that are a list of what the administrator writes (each shown as code).
_CODE_LISTS = frozenset({"choices", "allowed", "defined"})
#: Parameters that are the administrator's own writing: shown as code, a number too.
_WRITTEN = _CODE_LISTS | {"given"}
#: Parameters that only add a sentence after the kind's own (see :func:`_tails`).
_TAIL_PARAMETERS = frozenset({"suggestion", "misspelt", "hint", "causes", "reason"})

_CODE = re.compile(r"`([^`\n]+)`")


def _code(text: object) -> str:
    """``text`` as code inside a sentence: escaped, its own backticks made harmless."""
    return "`" + str(escape(str(text))).replace("`", "&#96;") + "`"


def _plain(text: object) -> str:
    return str(escape(str(text))).replace("`", "&#96;")


def _said(language: str, context: str, swedish: str) -> str | None:
    """``swedish`` in ``language`` (itself in Swedish), or None when the catalogue of
    ``language`` does not translate it in ``context``."""
    if language == "sv":
        return swedish
    if has_translation(language, swedish, context):
        return pgettext(language, context, swedish)
    return None


#: The Swedish tables of validation_sv.py whose words are looked up by key.
_TABLES = {"tail": validation_sv.TAILS, "type": validation_sv.TYPES, "got": validation_sv.GOT,
           "what": validation_sv.WHAT, "rule": validation_sv.RULE_REASONS}


def _table(language: str, table: str, key: str, default: str = "") -> str:
    """The words ``key`` of the Swedish table ``table`` of validation_sv.py in
    ``language`` (context ``validation.<table>.<key>``); ``default`` when it has none."""
    swedish = _TABLES[table].get(key)
    said = None if swedish is None else _said(language, f"validation.{table}.{key}", swedish)
    return default if said is None else said


def _tail(language: str, key: str) -> str:
    return _table(language, "tail", key, validation_sv.TAILS[key])


def _word(language: str, name: str, value: Any) -> str:
    """One parameter in the reader's words, escaped for the page."""
    if name not in _WRITTEN or isinstance(value, date | Duration):
        worded = value_text(language, name, value)  # a date, a duration, a number
        if worded is not None:
            return _plain(worded)
    if name in _CODE_LISTS:
        return ", ".join(_code(v) for v in value) if isinstance(value, tuple | list) \
            else _code(value)
    if name == "given":
        if value in (MAPPING, LIST):
            return _plain(_tail(language, "mapping" if value == MAPPING else "list"))
        return _code(value)
    if name in ("valid_to", "end") and value == "":  # an open-ended programme or phase
        return _plain(_tail(language, "open_ended"))
    if name == "got":  # what the value was read as (engine.definitions.schema_check)
        return _plain(_table(language, "got", str(value)))
    if name == "what":
        return _plain(_table(language, "what", str(value), str(value)))
    if name == "types":  # the catalogue's own words: their code stays code
        joiner = f" {_tail(language, 'or')} "
        return joiner.join(str(escape(_table(language, "type", str(t), str(t))))
                           for t in value)
    if name == "expected":  # the schema's own words (x-expected), or the catalogue's
        text = str(value)
        swedish = validation_sv.EXPECTED.get(text)
        said = None if swedish is None else _said(language, "validation.expected", swedish)
        return str(escape(text if said is None else said))
    return _plain(value)


#: Swedish nouns of ``{what}`` that take "ett"/"inget" (the others take "en"/"ingen").
_NEUTER = frozenset({"utfall", "mål", "spår", "villkor", "delutfall", "typfall", "möte",
                     "utfall eller delutfall"})


def _what_forms(language: str, what: str, worded: str) -> dict[str, str]:
    """``{What}`` (with a capital letter), ``{a_what}`` ("en fas", "ett möte") and
    ``{no_what}`` ("ingen fas", "inget möte") for a sentence about ``{what}``."""
    if language == "sv":
        neuter = validation_sv.WHAT.get(what, what) in _NEUTER
        a_what = ("ett " if neuter else "en ") + worded
        no_what = ("inget " if neuter else "ingen ") + worded
    else:
        a_what = ("an " if worded[:1] in "aeiou" else "a ") + worded
        no_what = "no " + worded
    return {"What": worded[:1].upper() + worded[1:], "a_what": a_what, "no_what": no_what}


def _tails(language: str, template: str, values: dict[str, Any]) -> list[str]:
    """What the command line says after its sentence ("did you mean …?", a hint, the
    ids that are defined), in the reader's language."""
    out = []
    reason = str(values.get("reason") or "")
    if reason:  # why a schedule's rule cannot be read
        worded = _table(language, "rule", reason) or _table(language, "rule", "invalid")
        out.append(str(escape(worded)).format(**{
            name: _word(language, name, value) for name, value in values.items()}))
    hint = str(values.get("hint") or "")
    if hint:
        swedish = validation_sv.HINTS.get(hint)
        said = None if swedish is None else _said(language, "validation.hint", swedish)
        if said is None and language != "sv":  # the engine's English, as a sentence
            said = hint[:1].upper() + hint[1:] + "."
        if said:
            out.append(str(escape(said)))  # the catalogue's own text: its code stays
    suggestion = values.get("suggestion")
    if suggestion:
        out.append(_tail(language, "suggestion").format(suggestion=_code(suggestion)))
    if values.get("misspelt"):
        out.append(_tail(language, "misspelt").format(misspelt=_code(values["misspelt"])))
    if not suggestion and not hint and values.get("allowed") and "{allowed}" not in template:
        out.append(_tail(language, "allowed").format(
            allowed=_word(language, "allowed", values["allowed"])))
    if not suggestion and "defined" in values and "{defined}" not in template:
        out.append(_tail(language, "defined").format(
            defined=_word(language, "defined", values["defined"]))
                   if values["defined"] else _tail(language, "none_defined"))
    if values.get("choices") and "{choices}" not in template:
        out.append(_tail(language, "one_of").format(
            choices=_word(language, "choices", values["choices"])))
    causes = values.get("causes")
    if causes:
        named = f" {_tail(language, 'and')} ".join(
            _tail(language, "cause").format(name=_code(name), line=line)
            for name, line in causes)
        out.append(_tail(language, "causes").format(causes=named))
    return out


def problem_html(language: str, problem: Problem) -> Markup:
    """What a page says about ``problem`` in ``language``, with the definition's own
    words (keys, values, ids) as code."""
    sv = language == "sv"
    swedish = validation_sv.SWEDISH.get(problem.kind)
    template = None if swedish is None else \
        _said(language, f"validation.{problem.kind}", swedish)
    values = problem.values
    if template is None:
        return Markup(_plain(UNWORDED if sv else problem.message))
    words = {name: _word(language, name, value) for name, value in values.items()
             if name not in _TAIL_PARAMETERS}
    if "what" in words:
        words.update(_what_forms(language, str(values["what"]), words["what"]))
    if words.get("expected") == "":  # the schema says no more than the type it wants
        words["expected"] = words.get("types") or _plain(_tail(language, "valid_value"))
    try:
        text = str(escape(template)).format(**words)
    except (KeyError, IndexError):  # a kind given without a parameter its sentence uses
        return Markup(_plain(UNWORDED if sv else problem.message))
    text = " ".join([" ".join(text.split()), *_tails(language, template, values)])
    return Markup(_CODE.sub(r"<code>\1</code>", text))


def problem_text(language: str, problem: Problem) -> str:
    """:func:`problem_html` as plain text (for the editor's JSON)."""
    return str(Markup(str(problem_html(language, problem)).replace("<code>", "")
                      .replace("</code>", "")).unescape())
