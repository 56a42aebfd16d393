"""The ``stegvis`` command: the outermost edge.  Nothing imports this package.

``program`` holds the parser and :func:`main`; each ``*.py`` beside it adds a group of
commands (cases, notices, serve, the feed server, the demo) and turns the service
layer's answers and errors into text and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``stegvis`` with ``argv`` (default: the process's arguments)."""
    from engine.cli.program import main as run

    return run(argv)
