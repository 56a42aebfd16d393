"""Every page text has an English translation, and the English pages use them.

The texts are found where the pages write them, by Babel with ``babel.cfg`` (``_("…")``
in the templates; in the routes the messages given to ``text``, ``flash``, ``translate``
and the error pages; the plain-Swedish words for the engine's codes in
engine/http/web/words.py), and looked up in the English gettext catalogue
(engine/locale/en/LC_MESSAGES/stegvis.po).  tests/test_catalogue.py checks the catalogue
as a whole.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog

from engine.http.web.i18n import translate, translate_plural
from engine.language import has_translation
from engine.language_tools import read, template


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return template()


def page_texts(extracted: Catalog) -> set[str]:
    """Every Swedish text the pages can show without a context (see module docstring)."""
    return {m.id for m in extracted if m.id and isinstance(m.id, str) and not m.context}


def test_every_page_text_has_an_english_translation(extracted: Catalog) -> None:
    texts = page_texts(extracted)
    assert len(texts) > 600  # the extraction finds the pages' texts at all
    assert {"Att göra", "Försenat", "Se ärendet"} <= texts  # a template, a table, a N_()
    missing = sorted(t for t in texts if not has_translation("en", t))
    assert missing == [], f"{len(missing)} texts without English: {missing[:10]}"


def test_translations_keep_their_placeholders() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for message in read("en"):  # the pages' texts (the reports' have contexts)
        if not message.id or message.pluralizable or message.context:
            continue
        swedish, english = message.id, message.string
        assert set(placeholder.findall(swedish)) == set(placeholder.findall(english)), swedish
        same_in_both = ("Status", "Version", "Man", "Person", "version {n}", "Period")
        assert english.strip() and (english != swedish or swedish in same_in_both), swedish


def test_the_catalogue_has_no_texts_the_pages_no_longer_use(extracted: Catalog) -> None:
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in extracted if m.id}
    unused = sorted(str(m.id) for m in read("en")
                    if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0])
                    not in wanted)
    assert unused == [], f"translations of texts no page uses: {unused[:10]}"


def test_swedish_is_the_text_itself_and_english_fills_in_values() -> None:
    assert translate("sv", "om {n} dagar", n=3) == "om 3 dagar"
    assert translate("en", "om {n} dagar", n=3) == "in 3 days"


def test_a_count_takes_the_form_its_number_needs() -> None:
    assert translate_plural("en", "{n} fel", "{n} fel", 1) == "1 error"
    assert translate_plural("en", "{n} fel", "{n} fel", 2) == "2 errors"
    assert translate_plural("sv", "{n} ärende", "{n} ärenden", 1) == "1 ärende"
    assert translate_plural("sv", "{n} ärende", "{n} ärenden", 12) == "12 ärenden"
    assert translate_plural("en", "{n} ärende", "{n} ärenden", 12) == "12 cases"


def test_templates_translate_with_jinjas_i18n_extension() -> None:
    from typing import Any

    from engine.http.web.state import WebState

    nothing: Any = None
    environment = WebState(ctx=nothing, settings=nothing, csrf=nothing).templates.env
    page = environment.from_string(
        "{% trans %}Att göra{% endtrans %} | {{ _('om {n} dagar', n=2) }} | "
        "{{ ngettext('{n} fel', '{n} fel', count) }}")
    assert page.render(lang="en", count=1) == "To do | in 2 days | 1 error"
    assert page.render(lang="en", count=3) == "To do | in 2 days | 3 errors"
    assert page.render(lang="sv", count=3) == "Att göra | om 2 dagar | 3 fel"
