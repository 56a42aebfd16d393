"""Stegvis's log lines on standard error: each event once, safe to read, text or JSON.

The servers' lines (the feed server's requests and failures, ``stegvis.*``; the web
application's requests and uvicorn's own lines, ``uvicorn.*``) go through one handler
on those loggers, which do not propagate: under ``stegvis serve`` Prefect puts a
console handler on the root logger when it is imported, and a propagated line was
written twice.  Every line, whichever format:

- holds no identity number: a request path or query may carry one, and a log is
  kept, copied and shipped where the number must never go
  (:func:`engine.rules.identity.hide_identity_numbers`);
- holds no raw control character: a request line is the client's text, and an
  escape sequence or a line break would reach a terminal or forge a log line; each
  is written as its escape (``\\x1b``, ``\\n``).

``STEGVIS_LOG_FORMAT=json`` writes one JSON object a line (``time`` in UTC, ISO 8601;
``level``; ``logger``; ``message``; ``exception`` when debugging) for a log collector;
the default, ``text``, is one plain line each (docs/operations.md).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from engine.service.shared.log_lines import (  # noqa: F401  (safe_text, log_format: public here)
    FORMAT_VARIABLE,
    FORMATS,
    formatter,
    log_format,
    safe_text,
)

#: The loggers whose lines Stegvis writes (and stops from propagating).
LOGGERS = ("stegvis", "uvicorn", "uvicorn.access")


class StegvisLogHandler(logging.StreamHandler[TextIO]):
    """The one handler of Stegvis's loggers."""


def configure_logging(stream: TextIO | None = None) -> None:
    """Give Stegvis's loggers their one handler (again after Prefect configured its
    own: it names ``uvicorn``); INFO and above, nothing propagated."""
    handler = StegvisLogHandler(stream or sys.stderr)
    handler.setFormatter(formatter())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)


@contextmanager
def logging_configured(stream: TextIO | None = None) -> Iterator[None]:
    """:func:`configure_logging` inside a ``with`` block; the loggers as they were after.

    The commands that log (serve, feed-serve, web) run inside one; restoring matters
    where they run in a longer-lived process (the test suite runs them in process).
    """
    saved = [(logger, list(logger.handlers), logger.propagate, logger.level)
             for logger in map(logging.getLogger, LOGGERS)]
    configure_logging(stream)
    try:
        yield
    finally:
        for logger, handlers, propagate, level in saved:
            for current in list(logger.handlers):
                logger.removeHandler(current)
            for old in handlers:
                logger.addHandler(old)
            logger.propagate, logger.level = propagate, level
