"""The validator's findings in the reader's language.

A :class:`~engine.errors.Problem` carries the command line's English (``message``) and a
``kind`` with ``params``.  The administrator's pages (validate, the editor, publishing)
word each kind from a catalogue, Swedish in :mod:`engine.http.web.validation_sv` and
English in :mod:`engine.http.web.validation_en`, filling in the parameters in the
reader's words: dates by Babel, durations in Swedish, what the schema expects and the
construct hints from their tables.  Text between backticks in a sentence is what the
administrator types in the definition and is shown as code.

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
from engine.http.web import validation_en, validation_sv
from engine.http.web.i18n import day_text, number_text

#: Said on a Swedish page about a problem whose kind has no Swedish sentence.
UNWORDED = "Definitionen har ett fel här."

#: Parameters that are a list of what the administrator writes (each shown as code).
_CODE_LISTS = frozenset({"choices", "allowed", "defined"})
#: Parameters that are a line number or a year (never written with a thousands space).
_PLAIN_NUMBERS = frozenset({"line", "first_line", "year", "levels"})
#: Parameters that only add a sentence after the kind's own (see :func:`_tails`).
_TAIL_PARAMETERS = frozenset({"suggestion", "misspelt", "hint", "causes", "reason"})

_CODE = re.compile(r"`([^`\n]+)`")


def _code(text: object) -> str:
    """``text`` as code inside a sentence: escaped, its own backticks made harmless."""
    return "`" + str(escape(str(text))).replace("`", "&#96;") + "`"


def _plain(text: object) -> str:
    return str(escape(str(text))).replace("`", "&#96;")


def _word(language: str, name: str, value: Any) -> str:
    """One parameter in the reader's words, escaped for the page."""
    sv = language == "sv"
    if isinstance(value, date):
        return _plain(day_text(value, language))
    if isinstance(value, Duration):
        return _plain(value.swedish() if sv else str(value))
    if name in _CODE_LISTS:
        return ", ".join(_code(v) for v in value) if isinstance(value, tuple | list) \
            else _code(value)
    if name == "given":
        if value in (MAPPING, LIST):
            return _plain((validation_sv.TAILS if sv else validation_en.TAILS)[
                "mapping" if value == MAPPING else "list"])
        return _code(value)
    if name in ("valid_to", "end") and value == "":  # an open-ended programme or phase
        return "tills vidare" if sv else "open-ended"
    if name == "got":  # what the value was read as (engine.definitions.schema_check)
        return _plain(_GOT.get(str(value), ("", ""))[0 if sv else 1])
    if name == "what":
        return _plain(validation_sv.WHAT.get(str(value), str(value)) if sv else value)
    if name == "types":  # the catalogue's own words: their code stays code
        types = validation_sv.TYPES if sv else validation_en.TYPES
        joiner = " eller " if sv else " or "
        return joiner.join(str(escape(types.get(str(t), str(t)))) for t in value)
    if name == "expected":  # the schema's own words (x-expected), or the catalogue's
        text = str(value)
        return str(escape(validation_sv.EXPECTED.get(text, text) if sv else text))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if name in _PLAIN_NUMBERS else _plain(number_text(value, language))
    return _plain(value)


#: What a value was read as, in Swedish and English, before the value itself (a mapping
#: and a list are named by the value's own words).
_GOT = {"text": ("texten", "the text"), "a number": ("talet", "the number"),
        "true/false": ("värdet", "the value"), "null": ("det tomma värdet", "the empty value")}

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
    tails = validation_sv.TAILS if language == "sv" else validation_en.TAILS
    out = []
    reason = str(values.get("reason") or "")
    if reason:  # why a schedule's rule cannot be read
        reasons = validation_sv.RULE_REASONS if language == "sv" else \
            validation_en.RULE_REASONS
        worded = reasons.get(reason, reasons["invalid"])
        out.append(str(escape(worded)).format(**{
            name: _word(language, name, value) for name, value in values.items()}))
    hint = str(values.get("hint") or "")
    if hint:
        said = validation_sv.HINTS.get(hint, "") if language == "sv" else \
            hint[:1].upper() + hint[1:] + "."
        if said:
            out.append(str(escape(said)))  # the catalogue's own text: its code stays
    suggestion = values.get("suggestion")
    if suggestion:
        out.append(tails["suggestion"].format(suggestion=_code(suggestion)))
    if values.get("misspelt"):
        out.append(tails["misspelt"].format(misspelt=_code(values["misspelt"])))
    if not suggestion and not hint and values.get("allowed") and "{allowed}" not in template:
        out.append(tails["allowed"].format(allowed=_word(language, "allowed",
                                                         values["allowed"])))
    if not suggestion and "defined" in values and "{defined}" not in template:
        out.append(tails["defined"].format(defined=_word(language, "defined",
                                                         values["defined"]))
                   if values["defined"] else tails["none_defined"])
    if values.get("choices") and "{choices}" not in template:
        out.append(tails["one_of"].format(choices=_word(language, "choices",
                                                        values["choices"])))
    causes = values.get("causes")
    if causes:
        named = f" {tails['and']} ".join(tails["cause"].format(name=_code(name), line=line)
                                         for name, line in causes)
        out.append(tails["causes"].format(causes=named))
    return out


def problem_html(language: str, problem: Problem) -> Markup:
    """What a page says about ``problem`` in ``language``, with the definition's own
    words (keys, values, ids) as code."""
    sv = language == "sv"
    template = (validation_sv.SWEDISH if sv else validation_en.ENGLISH).get(problem.kind)
    values = problem.values
    if template is None:
        return Markup(_plain(UNWORDED if sv else problem.message))
    words = {name: _word(language, name, value) for name, value in values.items()
             if name not in _TAIL_PARAMETERS}
    if "what" in words:
        words.update(_what_forms(language, str(values["what"]), words["what"]))
    if words.get("expected") == "":  # the schema says no more than the type it wants
        words["expected"] = words.get("types") or _plain(
            "ett giltigt värde" if sv else "a valid value")
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
