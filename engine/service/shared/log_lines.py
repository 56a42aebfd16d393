"""Log lines safe to read, as text or JSON: Stegvis's own and Prefect's.

Every line, whichever format and whoever writes it:

- holds no identity number: a request path or query, a flow run's message may carry
  one, and a log is kept, copied and shipped where the number must never go
  (:func:`engine.rules.identity.hide_identity_numbers`);
- holds no raw control character: a request line is the client's text, and an
  escape sequence or a line break would reach a terminal or forge a log line; each
  is written as its escape (``\\x1b``, ``\\n``).

``STEGVIS_LOG_FORMAT=json`` writes one JSON object a line (``time`` in UTC, ISO 8601;
``level``; ``logger``; ``message``; ``flow_run`` when a flow run wrote it; ``exception``
when debugging) for a log collector; the default, ``text``, is one plain line each.
Stegvis's loggers get these formatters from :mod:`engine.cli.logs`; Prefect's
handlers (its console, and the one that sends flow-run lines to Prefect's server) from
:func:`take_over_prefect_lines`, in serve and in each flow-run process.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime

from engine.errors import InputError
from engine.rules.identity import hide_identity_numbers

FORMAT_VARIABLE = "STEGVIS_LOG_FORMAT"
FORMATS = ("text", "json")
#: Every C0 and C1 control character (line breaks and tabs too), DEL, and the
#: invisible marks that reorder or hide text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def safe_text(text: str) -> str:
    """``text`` for a log line: identity numbers masked, control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        hide_identity_numbers(text))


class TextLines(logging.Formatter):
    """``2026-12-01 21:30:00,123 INFO stegvis.feed: 127.0.0.1 "GET /calendar/… …" 200 -``"""

    def __init__(self, *_given: object, **_named: object) -> None:
        # Whatever logging's dictConfig passes (Prefect's logging.yml names it): ignored.
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = safe_text(record.message)
        flow_run = getattr(record, "flow_run_name", None)
        if flow_run:  # a flow run's line says which run, as Prefect's own format did
            record.message = f"flow run {safe_text(str(flow_run))}: {record.message}"
        return super().formatMessage(record)

    def formatException(self, ei: object) -> str:
        return hide_identity_numbers(super().formatException(ei))  # type: ignore[arg-type]


class JsonLines(logging.Formatter):
    """One JSON object a line; the escaping is json's, after the same masking."""

    def __init__(self, *_given: object, **_named: object) -> None:
        super().__init__()

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname, "logger": record.name,
            "message": safe_text(record.getMessage())}
        flow_run = getattr(record, "flow_run_name", None)
        if flow_run:
            line["flow_run"] = safe_text(str(flow_run))
        if record.exc_info:
            line["exception"] = hide_identity_numbers(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def log_format() -> str:
    """``text`` or ``json`` from $STEGVIS_LOG_FORMAT; InputError for anything else."""
    chosen = os.environ.get(FORMAT_VARIABLE, "").strip().lower() or "text"
    if chosen not in FORMATS:
        raise InputError(f"{FORMAT_VARIABLE}={chosen!r}: use text or json")
    return chosen



def formatter() -> logging.Formatter:
    """The formatter $STEGVIS_LOG_FORMAT asks for."""
    return JsonLines() if log_format() == "json" else TextLines()


def prefect_logging_environment() -> dict[str, str]:
    """Settings that make Prefect's console handler write Stegvis's lines from its start.

    Set by serve before Prefect is imported, so its own process and every flow-run
    process it starts (they inherit the environment) write even the lines Prefect logs
    before Stegvis's code is loaded ("Downloading flow code…") in
    $STEGVIS_LOG_FORMAT; :func:`take_over_prefect_lines` adds the masking.  (Prefect
    reads ``PREFECT_LOGGING_<path in its logging.yml>``.)
    """
    chosen = JsonLines if log_format() == "json" else TextLines
    return {"PREFECT_LOGGING_HANDLERS_CONSOLE_FORMATTER": "json",
            "PREFECT_LOGGING_FORMATTERS_JSON_CLASS": f"{__name__}.{chosen.__name__}"}


class _Masked(logging.Filter):
    """Masks identity numbers and control characters in a record before any handler
    (Prefect's API handler included: its lines are shown in Prefect's UI) sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = safe_text(record.getMessage()), None
        return True


def take_over_prefect_lines() -> None:
    """Prefect's handlers write Stegvis's lines: masked, and in $STEGVIS_LOG_FORMAT.

    Called in serve after importing Prefect (its runner's lines) and in each flow-run
    process serve starts (the flow runs' lines: on the console, which serve streams
    into its own output, and to Prefect's server).  Handlers of Stegvis's own loggers
    are left as they are.
    """
    chosen = formatter()
    loggers = [logging.getLogger()] + [
        logger for name, logger in list(logging.Logger.manager.loggerDict.items())
        if name.split(".")[0] == "prefect" and isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if handler.__class__.__name__ == "StegvisLogHandler":
                continue
            if not any(isinstance(f, _Masked) for f in handler.filters):
                handler.addFilter(_Masked())
            if isinstance(handler, logging.StreamHandler):
                handler.setFormatter(chosen)
