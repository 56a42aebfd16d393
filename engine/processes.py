"""Processes of ``stegvis serve``: children that die with it, and who is still alive.

A ``kill -9`` of serve runs none of its clean-up, so whatever it started must go by
itself: on Linux a process may ask the kernel for a signal when its parent dies
(``prctl(PR_SET_PDEATHSIG)``).  The private Prefect server asks for SIGTERM (before its
``exec``, :mod:`engine.cli.serve`); a flow-run process, which Prefect's runner starts
with ``multiprocessing`` (no hook before ``exec``), asks for SIGKILL as soon as
Stegvis's flows are imported in it (:func:`die_with_serve`).  A delivery cut off so is
safe: its claimed digest is sent again after its lease with the same Message-ID.

A worker's identity (:func:`process_started`) is its host, pid and the pid's start
time: the start time tells a live serve from another process that was given its pid.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from contextlib import suppress
from pathlib import Path

from engine.errors import InputError
from engine.inputs.numbers import whole_number

#: Set by ``stegvis serve`` in its own environment: its pid, inherited by its flow runs.
SERVE_PID_VARIABLE = "STEGVIS_SERVE_PID"
_PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int) -> bool:
    """Ask the kernel for ``signum`` when this process's parent dies; whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_serve() -> bool:
    """In a process that ``stegvis serve`` started: SIGKILL when serve dies; whether it is one.

    Does nothing elsewhere (a command, a test, a flow run started by another Prefect
    worker): only a process whose parent is the pid serve wrote into
    :data:`SERVE_PID_VARIABLE`.  If serve died before the request was made (the parent
    changed meanwhile), the process ends at once: nothing may go on without its serve.
    """
    try:  # the number door: "²".isdigit() is true and int() of 5,000 digits fails
        serve = whole_number(os.environ.get(SERVE_PID_VARIABLE, "") or "0",
                             what=SERVE_PID_VARIABLE, low=0, high=2**22)
    except InputError:
        return False
    if serve == 0 or os.getppid() != serve:
        return False
    if die_with_parent(signal.SIGKILL) and os.getppid() != serve:
        os._exit(1)
    return True


def this_host() -> str:
    """This machine's name, as recorded with a worker's heartbeat."""
    return socket.gethostname()[:255] or "localhost"


def process_started(pid: int, proc: Path = Path("/proc")) -> int | None:
    """When ``pid`` started, in clock ticks since boot (Linux); None if it is not alive."""
    try:
        fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in ("Z", "X"):  # a zombie: it has ended, only its parent has not reaped it
        return None
    with suppress(IndexError, ValueError):
        return int(fields[19])  # field 22 of stat(5); the two before the split are gone
    return None
