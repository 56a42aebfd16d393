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

import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TextIO

from engine.errors import InputError
from engine.rules.identity import hide_identity_numbers

FORMAT_VARIABLE = "STEGVIS_LOG_FORMAT"
FORMATS = ("text", "json")
#: The loggers whose lines Stegvis writes (and stops from propagating).
LOGGERS = ("stegvis", "uvicorn", "uvicorn.access")

#: Every C0 and C1 control character (line breaks and tabs too), DEL, and the
#: invisible marks that reorder or hide text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def safe_text(text: str) -> str:
    """``text`` for a log line: identity numbers masked, control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        hide_identity_numbers(text))


class _TextLines(logging.Formatter):
    """``2026-12-01 21:30:00,123 INFO stegvis.feed: 127.0.0.1 "GET /calendar/… …" 200 -``"""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = safe_text(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: object) -> str:
        return hide_identity_numbers(super().formatException(ei))  # type: ignore[arg-type]


class _JsonLines(logging.Formatter):
    """One JSON object a line; the escaping is json's, after the same masking."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname, "logger": record.name,
            "message": safe_text(record.getMessage())}
        if record.exc_info:
            line["exception"] = hide_identity_numbers(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class StegvisLogHandler(logging.StreamHandler[TextIO]):
    """The one handler of Stegvis's loggers."""


def log_format() -> str:
    """``text`` or ``json`` from $STEGVIS_LOG_FORMAT; InputError for anything else."""
    chosen = os.environ.get(FORMAT_VARIABLE, "").strip().lower() or "text"
    if chosen not in FORMATS:
        raise InputError(f"{FORMAT_VARIABLE}={chosen!r}: use text or json")
    return chosen


def configure_logging(stream: TextIO | None = None) -> None:
    """Give Stegvis's loggers their one handler (again after Prefect configured its
    own: it names ``uvicorn``); INFO and above, nothing propagated."""
    handler = StegvisLogHandler(stream or sys.stderr)
    handler.setFormatter(_JsonLines() if log_format() == "json" else _TextLines())
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
