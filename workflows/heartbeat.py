"""A ``stegvis serve`` worker's heartbeat in the shared database.

A background thread writes, every few seconds, that this worker is alive and which
flow runs it holds (:func:`engine.service.shared.serve_workers.beat`).  Its row is
deleted when serve stops cleanly; after a ``kill -9`` it stays, and the next worker to
start ends the runs it lists (:mod:`workflows.recovery`).  A beat that fails (the
database briefly away) logs one line and is tried again at the next beat: serving goes
on.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from types import TracebackType

from engine.errors import first_line
from engine.inputs.numbers import whole_number
from engine.processes import process_started, this_host
from engine.service.shared.context import Context
from engine.service.shared.serve_workers import HEARTBEAT_SECONDS, MISSED_BEATS, beat, forget

INTERVAL_VARIABLE = "STEGVIS_HEARTBEAT_SECONDS"
LOGGER = logging.getLogger("stegvis.serve")


def heartbeat_seconds() -> int:
    """Seconds between heartbeats: $STEGVIS_HEARTBEAT_SECONDS (1–3600), else 15;
    InputError naming the setting otherwise."""
    given = os.environ.get(INTERVAL_VARIABLE, "").strip()
    if not given:
        return HEARTBEAT_SECONDS
    return whole_number(given, what=INTERVAL_VARIABLE, low=1, high=3600)


def stale_after(interval: int) -> timedelta:
    """How old a heartbeat of a worker on another machine may be before it counts as dead."""
    return timedelta(seconds=interval * MISSED_BEATS)


class Heartbeat:
    """This worker's row, kept fresh by a daemon thread while the ``with`` block runs."""

    def __init__(self, ctx: Context, interval: int,
                 held: Callable[[], Iterable[str]] = tuple) -> None:
        self.ctx, self.interval, self.held = ctx, interval, held
        self.worker_id = str(uuid.uuid4())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stegvis-heartbeat",
                                        daemon=True)
        self._failing = False

    def beat(self) -> None:
        """Write one heartbeat now."""
        pid = os.getpid()
        beat(self.ctx, self.worker_id, host=this_host(), pid=pid,
             process_started=process_started(pid), flow_runs=self.held())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.beat()
            except Exception as exc:  # the database away for a moment: serving goes on
                if not self._failing:
                    LOGGER.warning("the heartbeat could not be written (%s); trying again "
                                   "every %d s", first_line(exc), self.interval)
                self._failing = True
            else:
                self._failing = False

    def __enter__(self) -> Heartbeat:
        self.beat()  # the row exists before any run is taken
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        try:
            forget(self.ctx, [self.worker_id])
        except Exception as error:  # stopping anyway; its row goes stale by itself
            LOGGER.warning("the heartbeat's row could not be removed (%s)", first_line(error))
