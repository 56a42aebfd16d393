"""The gettext catalogue holds every text a person reads, translated, and nothing else.

The standard way: the texts are extracted from the code and the templates into a
template (a ``.pot``, by Babel with ``babel.cfg``) and the English catalogue
(engine/locale/en/LC_MESSAGES/stegvis.po) is compared with it: a text without a
translation, a translation of a text the code no longer has, a catalogue older than
the code (a text not in it yet) each fail, with ``tools/catalogue update`` as the cure.
"""

from __future__ import annotations

import gettext
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from engine.language import catalogue_path, compiled, pgettext
from engine.language_tools import IGNORED, ROOT, problems, read, template


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return template()


def test_the_english_catalogue_translates_every_text_of_the_code_and_no_other(
        extracted: Catalog) -> None:
    found = problems("en", extracted)
    assert found == [], "\n".join(found[:20])


def test_the_check_finds_a_missing_an_unused_and_a_stale_message(
        extracted: Catalog) -> None:
    catalogue = read("en")
    catalogue["Att göra"].string = ""  # a msgid without msgstr
    catalogue.add("En text som ingen sida visar", "A text no page shows")
    del catalogue["Inga fel."]  # the code has a text the catalogue does not (stale)
    fuzzy = catalogue.get("Stäng av")
    assert fuzzy is not None
    fuzzy.flags.add("fuzzy")  # a guess by `update` is no translation
    found = problems("en", extracted, have=catalogue)
    assert any(line.startswith("no translation:") and "'Att göra'" in line for line in found)
    assert any(line.startswith("no translation:") and "'Stäng av'" in line for line in found)
    assert "unused (not in the code): 'En text som ingen sida visar'" in found
    assert any(line.startswith("not in the catalogue") and "'Inga fel.'" in line
               for line in found)
    assert len(found) == 4, found


def test_pybabel_extracts_the_same_texts_with_babel_cfg(extracted: Catalog,
                                                        tmp_path: Path) -> None:
    pot = tmp_path / "stegvis.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(pot),
                    "--ignore-dirs", IGNORED, "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as source:
        by_cli = {(m.context, str(m.id)) for m in read_po(source) if m.id}
    assert by_cli == {(m.context, str(m.id)) for m in extracted if m.id}


def test_the_compiled_catalogue_says_what_the_po_says() -> None:
    translations = gettext.GNUTranslations(BytesIO(compiled(catalogue_path("en"))))
    assert translations.gettext("Att göra") == "To do"
    assert translations.ngettext("{n} fel", "{n} fel", 1) == "{n} error"
    assert translations.ngettext("{n} fel", "{n} fel", 3) == "{n} errors"
    assert pgettext("en", "field.entering", "bytet till den nuvarande fasen") == \
        "the move to the current phase"
    assert pgettext("sv", "field.entering", "bytet till den nuvarande fasen") == \
        "bytet till den nuvarande fasen"


def test_the_converter_moves_what_a_merged_branch_still_adds_to_the_old_dictionaries(
        tmp_path: Path) -> None:
    """tools/catalogue_convert, run again after a merge: a new page text with its English
    in an i18n_en*.py module, and a report text still written as a pair, end in the .po;
    the module is gone and the pair is Swedish only."""
    import shutil

    copy = tmp_path / "stegvis"
    for part in ("engine", "tools"):
        shutil.copytree(ROOT / part, copy / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pot"))
    shutil.copy(ROOT / "babel.cfg", copy / "babel.cfg")
    web = copy / "engine" / "http" / "web"
    (web / "i18n_en_branch.py").write_text(
        'BRANCH_ENGLISH: dict[str, str] = {"Gren {n}": "Branch {n}"}\n', encoding="utf-8")
    template_file = web / "templates" / "cases.html"
    template_file.write_text(template_file.read_text(encoding="utf-8")
                             + '{{ _("Gren {n}", n=1) }}\n', encoding="utf-8")
    # A branch's new validator finding: its Swedish sentence, and its English in the old
    # validation_en.py.
    sv = web / "validation_sv.py"
    sv.write_text(sv.read_text(encoding="utf-8").replace(
        'SWEDISH: dict[str, str] = {\n',
        'SWEDISH: dict[str, str] = {\n    "branch_kind": "Grenen {name} finns inte.",\n'),
        encoding="utf-8")
    (web / "validation_en.py").write_text(
        'ENGLISH: dict[str, str] = {"branch_kind": "The branch {name} does not exist."}\n',
        encoding="utf-8")
    texts = copy / "engine" / "reports" / "texts.py"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        '    "total": "Totalt",\n',
        '    "total": "Totalt",\n    "total.branch": ("Grensumma", "Branch total"),\n'),
        encoding="utf-8")
    done = subprocess.run([sys.executable, str(copy / "tools" / "catalogue_convert")],
                          cwd=copy, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "the catalogue is complete" in done.stdout, done.stdout
    assert not (web / "i18n_en_branch.py").exists()
    assert not (web / "validation_en.py").exists()
    assert '"total.branch": "Grensumma",' in texts.read_text(encoding="utf-8")
    with (copy / "engine" / "locale" / "en" / "LC_MESSAGES" / "stegvis.po").open("rb") as po:
        catalogue = read_po(po)
    assert catalogue.get("Gren {n}").string == "Branch {n}"  # type: ignore[union-attr]
    assert catalogue.get("Grensumma", context="report.total.branch"  # type: ignore[union-attr]
                         ).string == "Branch total"
    assert catalogue.get("Grenen {name} finns inte.",  # type: ignore[union-attr]
                         context="validation.branch_kind").string == \
        "The branch {name} does not exist."


def test_a_year_reads_as_written_in_a_validator_finding_and_a_refusal_in_both_languages(
) -> None:
    """One function words a sentence's dates and numbers for the validator's pages and
    the refusals (engine.http.web.i18n.value_text): a year is a name, "2028", never
    "2 028", while an amount gets Babel's separator."""
    from engine.errors import InputError, Problem
    from engine.http.web.refusals import refusal_text
    from engine.http.web.validation import problem_text

    meetings = Problem("x.yaml", 1, 1, "the schedule gives 13 meetings in 2028 but "
                       "per_year.max is 12", kind="too_many_meetings",
                       params=(("count", 1300), ("year", 2028), ("high", 12)))
    # (the page joins a sentence's spaces, Babel's no-break one too)
    assert problem_text("sv", meetings).startswith("Schemat ger 1 300 möten 2028,")
    assert "1,300 meetings in 2028" in problem_text("en", meetings)
    born = InputError("birth year 1985 is not 1984", kind="birth_year_other", year=1985,
                      born=date(1984, 3, 1))
    assert refusal_text("sv", born) == \
        "Födelseåret 1985 stämmer inte med födelsedatumet 1 mars 1984."
    assert refusal_text("en", born).startswith("The birth year 1985 ")
