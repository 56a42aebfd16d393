"""Builds the wheel with its compiled gettext catalogues; everything else is in
pyproject.toml.

The catalogues are kept as text (``engine/locale/<language>/LC_MESSAGES/stegvis.po``,
edited by translators); the ``.mo`` files gettext reads are compiled here, when the wheel
is built, and are not in git.  A checkout without them compiles the ``.po`` when it
first reads it (engine/language.py).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """``build_py``, then each ``.po`` of engine/locale compiled beside it in the build."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((HERE / "engine" / "locale").glob("*/LC_MESSAGES/*.po")):
            target = Path(self.build_lib) / po.relative_to(HERE).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source)
            with target.open("wb") as out:
                write_mo(out, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
