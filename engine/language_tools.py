"""The catalogue's tools: Babel's extraction method for Stegvis's Python code (named in
``babel.cfg``), the catalogue template extracted from the code, and its check.

Used by ``tools/catalogue``, tests/test_catalogue.py and ``pybabel extract -F babel.cfg``;
nothing at run time imports it.

The extraction method is Babel's own Python extractor with two additions, both configured in
``babel.cfg`` so that ``pybabel extract -F babel.cfg`` needs no other option:

``calls``
    The functions whose arguments are texts for people, in Babel's keyword syntax
    (``text:2`` is the second argument, ``pgettext:2c,3`` a context and a text; a
    function named twice has two texts, ``_error:3 _error:4``).  The
    web writes ``text(request, "…")``, ``flash(request, "…")``, ``translate(language,
    "…")``: the texts are found where they are written, with no ``_()`` around them.
``tables``
    Module-level dictionaries whose *values* are texts: ``NAME`` (no context),
    ``NAME=context`` or ``NAME=prefix.*`` (the context is ``prefix.`` and the key; the
    refusals' sentences by kind are ``SWEDISH=refusal.*``).  A module-level call with
    keyword arguments (a dataclass of words) is a table too, its keywords the keys; a
    dictionary among them adds its own keys (``prefix.keyword.key``).

Every message is given to Babel as a ``gettext``, ``ngettext``, ``pgettext`` or
``npgettext`` call, which Babel's default keywords know.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from engine.language import DOMAIN, catalogue_path

Result = tuple[int, str, tuple[str | None, ...], list[str]]


def extract(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[Result]:
    """The texts of one Python file (see the module docstring)."""
    source = fileobj.read()
    own: dict[str, list[Any]] = {}
    for keyword in str(options.get("calls", "")).split():
        for name, spec in parse_keywords([keyword]).items():
            own.setdefault(name, []).append(spec)
    names: Any = dict.fromkeys(own)
    python_options: Any = dict(options)
    for lineno, funcname, messages, comments in extract_python(
            BytesIO(source), names, comment_tags, python_options):
        arguments: Any = messages if isinstance(messages, tuple | list) else (messages,)
        for spec in own[str(funcname)]:
            found = _matched(spec, arguments)
            if found is not None:
                yield lineno, found[0], found[1], list(comments or [])
    tables = str(options.get("tables", "")).split()
    if tables:
        yield from _tables(source, tables)


def _matched(spec: Any, messages: tuple[str | None, ...] | list[str | None]
             ) -> tuple[str, tuple[str | None, ...]] | None:
    """A call's texts as a standard gettext call, or None when one is not a literal."""
    spec = spec if spec else (1,)
    if isinstance(spec, dict):
        spec = spec.get(len(messages), spec.get(None)) or (1,)
    context: str | None = None
    texts: list[str] = []
    for index in spec:
        if isinstance(index, tuple):
            if len(messages) < index[0] or messages[index[0] - 1] is None:
                return None
            context = messages[index[0] - 1]
            continue
        if len(messages) < index or not messages[index - 1]:
            return None
        texts.append(str(messages[index - 1]))
    if len(texts) == 2:
        return ("npgettext", (context, texts[0], texts[1])) if context else \
            ("ngettext", (texts[0], texts[1]))
    return ("pgettext", (context, texts[0])) if context else ("gettext", (texts[0],))


def _tables(source: bytes, tables: list[str]) -> Iterator[Result]:
    wanted = dict(spec.partition("=")[::2] for spec in tables)
    for node in ast.parse(source).body:
        table: ast.expr | None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, table = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, table = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name) or target.id not in wanted:
            continue
        context = wanted[target.id]
        if isinstance(table, ast.Call) and context.endswith("*"):
            for keyword in table.keywords:
                value = keyword.value
                if isinstance(value, ast.Dict):
                    yield from _rows(value, f"{context[:-1]}{keyword.arg}.*")
                elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield (value.lineno, "pgettext",
                           (f"{context[:-1]}{keyword.arg}", value.value), [])
        elif isinstance(table, ast.Dict):
            yield from _rows(table, context)


def _rows(table: ast.Dict, context: str) -> Iterator[Result]:
    """The texts of the dictionary display ``table`` (see :func:`_tables`)."""
    for key, value in zip(table.keys, table.values, strict=True):
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        if context.endswith("*"):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            yield value.lineno, "pgettext", (context[:-1] + key.value, value.value), []
        elif context:
            yield value.lineno, "pgettext", (context, value.value), []
        else:
            yield value.lineno, "gettext", (value.value,), []


#: The checkout: ``babel.cfg`` and the code it names (the tools work in a checkout).
ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "babel.cfg"
#: The folders ``pybabel extract … .`` passes by (``--ignore-dirs``): only engine/ has texts.
IGNORED = ".* _* build dist tests bench docs web-bundle process_defs tools workflows"
#: The placeholders of a text, ``{name}`` (str.format) and ``%(name)s`` ({% trans %}).
_PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


def template() -> Catalog:
    """Every text the code and the templates hold, as Babel extracts it with ``babel.cfg``
    (what ``pybabel extract -F babel.cfg`` writes as the ``.pot``)."""
    with CONFIG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            config, str(CONFIG))
    catalog = Catalog(project="Stegvis", domain=DOMAIN, charset="utf-8")

    def inside_engine(path: str) -> bool:
        relative = Path(path).relative_to(ROOT).parts
        return relative[:1] == ("engine",) or not relative

    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, directory_filter=inside_engine):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def read(language: str) -> Catalog:
    """The catalogue of ``language`` as its ``.po`` holds it."""
    with catalogue_path(language).open("rb") as source:
        return read_po(source, locale=language)


def write(language: str, catalog: Catalog) -> None:
    """Write ``catalog`` as the ``.po`` of ``language``: sorted, file names without line
    numbers (so that an edit elsewhere in a file changes nothing here)."""
    catalog.fuzzy = False
    out = BytesIO()
    write_po(out, catalog, width=88, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    catalogue_path(language).write_bytes(out.getvalue())


def update(language: str, extracted: Catalog | None = None) -> Catalog:
    """The catalogue of ``language`` brought up to the code (``pybabel update``): new
    texts added untranslated, texts the code no longer has dropped."""
    catalog = read(language)
    created = catalog.creation_date  # kept, so that an update changes no header line
    catalog.update(extracted if extracted is not None else template(),
                   no_fuzzy_matching=False, update_header_comment=False)
    catalog.creation_date = created
    write(language, catalog)
    return catalog


def _key(message: Message) -> tuple[str, str]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context or "", str(msgid))


def problems(language: str, extracted: Catalog | None = None,
             have: Catalog | None = None) -> list[str]:
    """What is wrong with the catalogue of ``language`` (or ``have``) against the code
    (or ``extracted``), one line each: a text without a translation (or only a fuzzy
    one), a translation of a text the code no longer has, a plural where the code has none
    (or the reverse), placeholders that differ."""
    wanted = extracted if extracted is not None else template()
    have = have if have is not None else read(language)
    found: list[str] = []
    in_code = {_key(m): m for m in wanted if m.id}
    in_catalogue = {_key(m): m for m in have if m.id}
    for key, message in sorted(in_code.items()):
        where = f"{message.locations[0][0]}: " if message.locations else ""
        label = f"{where}{key[1]!r}" + (f" (context {key[0]})" if key[0] else "")
        translated = in_catalogue.get(key)
        if translated is None:
            found.append(f"not in the catalogue (run tools/catalogue update): {label}")
            continue
        if message.pluralizable != translated.pluralizable:
            found.append(f"plural in one, not the other (run tools/catalogue update): {label}")
            continue
        strings = translated.string if isinstance(translated.string, tuple | list) \
            else (translated.string,)
        if translated.fuzzy or not all(strings):
            found.append(f"no translation: {label}")
            continue
        sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
        names = {n for text in sources for pair in _PLACEHOLDER.findall(text) for n in pair if n}
        for string in strings:
            got = {n for pair in _PLACEHOLDER.findall(str(string)) for n in pair if n}
            if got - names or (not message.pluralizable and names - got):
                found.append(f"placeholders {sorted(got)} for {sorted(names)}: {label}")
    for key in sorted(set(in_catalogue) - set(in_code)):
        found.append(f"unused (not in the code): {key[1]!r}"
                     + (f" (context {key[0]})" if key[0] else ""))
    return found
