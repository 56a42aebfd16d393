"""SIGTERM stops ``stegvis serve`` even when the KeyboardInterrupt it raises is dropped.

A signal handler runs between any two bytecodes of the main thread.  serve's handler
raised KeyboardInterrupt; when that happened inside a weakref callback (garbage
collection during Prefect's start-up), Python printed "Exception ignored in: <function
WeakValueDictionary.__init__.<locals>.remove ...> KeyboardInterrupt" and went on, and
serve served on, 90 s after SIGTERM and more (tests/test_serve_operations.py, under
load).  Now the handler sets an event as well, and serving looks at it.
"""

from __future__ import annotations

import subprocess
import sys
import time

#: In a process of its own: SIGTERM arrives while a weakref callback runs.
_DROPPED = """
import os, signal, time, weakref
from engine.cli.serve import _stop_on_sigterm
from workflows.deployments import _Runner, serve_forever

class Thing:
    pass

def callback(_ref):
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(100_000):  # the handler runs here, inside the callback
        pass

with _stop_on_sigterm() as stop:
    thing = Thing()
    ref = weakref.ref(thing, callback)
    del thing  # the callback runs; its KeyboardInterrupt is printed and dropped
    print("after the callback, stop requested:", stop.is_set(), flush=True)
    runner = _Runner(pause_on_shutdown=False, stop_requested=stop)
    started = time.monotonic()
    serve_forever(runner)
    print(f"serve_forever returned after {time.monotonic() - started:.1f} s", flush=True)
"""


def test_a_sigterm_whose_keyboard_interrupt_is_dropped_still_stops_serving() -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _DROPPED], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "KeyboardInterrupt" in done.stderr  # it was raised, and dropped
    lines = done.stdout.splitlines()
    assert lines[0] == "after the callback, stop requested: True"
    assert lines[1] == "serve_forever returned after 0.0 s"
    assert time.monotonic() - started < 60
