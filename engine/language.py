"""One catalogue for every word a person reads: gettext over Babel's catalogues.

Stegvis is written in Swedish: the text in the code *is* the Swedish, and it is the
message id.  Every other language is a gettext catalogue,
``engine/locale/<language>/LC_MESSAGES/stegvis.po`` (English today), which translators
edit in Poedit or Weblate (docs/translating.md).  ``tools/catalogue`` extracts the texts
from the code and the templates with Babel (``babel.cfg``), updates the catalogues and
compiles them; a wheel carries the compiled ``stegvis.mo`` (setup.py compiles them when
it builds).  A checkout without compiled catalogues (or with a ``.po`` newer than its
``.mo``) compiles the ``.po`` in memory when it is first read, so that an edit shows at
once.

A context (``msgctxt``) keeps apart what one Swedish text must say in two ways, and
names what a sentence is for: ``refusal.<kind>`` for the sentence of each kind of
refusal, ``field`` for the engine's names of fields in a refusal.

Nothing here knows about the web or the reports: each edge asks for its words by
language code (``"sv"``, ``"en"``).
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from io import BytesIO
from pathlib import Path

DOMAIN = "stegvis"
#: The language the code is written in: its texts are the message ids.
SOURCE_LANGUAGE = "sv"
#: Where the catalogues are: ``<language>/LC_MESSAGES/stegvis.po`` (and ``.mo``).
LOCALE = Path(__file__).resolve().parent / "locale"


def languages() -> tuple[str, ...]:
    """Every language Stegvis writes: the source language and each with a catalogue."""
    return (SOURCE_LANGUAGE, *sorted(po.parent.parent.name
                                     for po in LOCALE.glob("*/LC_MESSAGES/stegvis.po")))


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue where it is written (a table of words); it is
    translated where it is shown."""
    return text


def catalogue_path(language: str, suffix: str = ".po") -> Path:
    """The catalogue file of ``language`` (``.po`` or ``.mo``)."""
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of the catalogue ``po`` (fuzzy entries left out, as ``pybabel
    compile`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source)
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The translations into ``language`` (the source language and a language without
    a catalogue give each text as it is written)."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    po, mo = catalogue_path(language), catalogue_path(language, ".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as source:
            return _gettext.GNUTranslations(source)
    if po.exists():
        return _gettext.GNUTranslations(BytesIO(compiled(po)))
    return _gettext.NullTranslations()


def gettext(language: str, message: str) -> str:
    """``message`` (Swedish) in ``language``; itself when it has no translation."""
    return catalogue(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` (Swedish) that ``n`` takes in ``language``."""
    return catalogue(language).ngettext(singular, plural, n)


def pgettext(language: str, context: str, message: str) -> str:
    """``message`` (Swedish) as ``language`` says it in ``context``."""
    return catalogue(language).pgettext(context, message)


def has_translation(language: str, message: str, context: str | None = None) -> bool:
    """Whether the catalogue of ``language`` translates ``message`` (in ``context``)."""
    translations = catalogue(language)
    if context is None:
        return message in getattr(translations, "_catalog", {})
    return f"{context}\x04{message}" in getattr(translations, "_catalog", {})
