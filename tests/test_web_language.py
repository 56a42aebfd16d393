"""Every page text has an English translation, and the English pages use them.

The texts are found where the pages write them: ``_("…")`` in the templates, and in
the routes the messages given to ``text``, ``flash``, ``translate`` and the error pages,
plus the plain-Swedish words for the engine's codes (engine/http/web/words.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from engine.http.web import words
from engine.http.web.i18n import translate
from engine.http.web.i18n_en import ENGLISH

WEB = Path(__file__).resolve().parent.parent / "engine" / "http" / "web"
_IN_TEMPLATE = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
#: Functions whose argument at this position is a page text.
_CALLS = {"text": (1,), "flash": (1,), "translate": (1,), "_error": (2, 3), "refusal": (1,),
          "done": (0,)}


def page_texts() -> set[str]:
    """Every Swedish text the pages can show (see module docstring)."""
    found: set[str] = set()
    for template in sorted((WEB / "templates").glob("*.html")):
        for double, single in _IN_TEMPLATE.findall(template.read_text(encoding="utf-8")):
            found.add(double or single)
    for module in sorted(WEB.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in _CALLS:
                for position in _CALLS[node.func.id]:
                    if len(node.args) > position and isinstance(node.args[position],
                                                                ast.Constant):
                        value = node.args[position].value
                        if isinstance(value, str) and value:
                            found.add(value)
            # The case actions return the message their page shows.
            if module.name in ("case_actions.py", "case_records.py") \
                    and isinstance(node, ast.Return):
                value = node.value
                parts = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                found.update(p.value for p in parts
                             if isinstance(p, ast.Constant) and isinstance(p.value, str))
    for table in (words.TO_DO, words.KIND, words.CASE_STATUS, words.STATE,
                  words.STEP_MOVEMENT, words.GENDER, words.EXTENSION_STATUS,
                  words.ACCOUNT_CHANGES, words.ROLE, words.ACCESS_PAGES, words.ACCESS_ROLE):
        found.update(table.values())
    from engine.http.web.coordinator import SECTIONS
    found.update(heading for _, heading in SECTIONS)
    from engine.http.web.board_archive import KINDS
    found.update(KINDS.values())
    found.update(("Se ärendet", "Annat"))
    from engine.http.web.refusals import UNWORDED
    found.add(UNWORDED)
    return found


def test_every_page_text_has_an_english_translation() -> None:
    texts = page_texts()
    assert len(texts) > 150  # the extraction finds the pages' texts at all
    missing = sorted(t for t in texts if t not in ENGLISH)
    assert missing == [], f"{len(missing)} texts without English: {missing[:10]}"


def test_translations_keep_their_placeholders() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for swedish, english in ENGLISH.items():
        assert set(placeholder.findall(swedish)) == set(placeholder.findall(english)), swedish
        same_in_both = ("Status", "Version", "Man", "Person", "version {n}", "Period")
        assert english.strip() and (english != swedish or swedish in same_in_both), swedish


def test_the_catalogue_has_no_texts_the_pages_no_longer_use() -> None:
    unused = sorted(set(ENGLISH) - page_texts())
    assert unused == [], f"translations of texts no page uses: {unused[:10]}"


def test_swedish_is_the_text_itself_and_english_fills_in_values() -> None:
    assert translate("sv", "om {n} dagar", n=3) == "om 3 dagar"
    assert translate("en", "om {n} dagar", n=3) == "in 3 days"
