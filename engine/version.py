"""Stegvis's version: the one place it is written.

``pyproject.toml`` reads it from here when a wheel is built (``[tool.setuptools.dynamic]``)
and ``stegvis --version`` prints it, so the wheel's name, its metadata and the running
program agree, in a checkout without git tags as in an installation.  Raise it for every
release, with its entry in CHANGELOG.md: pip upgrades only to a higher version.
"""

__version__ = "0.2.0"
