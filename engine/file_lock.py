"""An exclusive lock on a file, held for a ``with`` block, released however the process ends.

A ``flock`` on a small lock file of its own: the system drops it when the process
exits, even by ``kill -9``, so a lock never outlives its holder.  Where ``flock`` does
not exist (Windows) the lock is not taken, and callers say so in their documentation.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_lock(path: Path | str, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path`` (created if missing); yields whether it is held.

    With ``wait`` the block waits for the lock (and always yields True); without, it
    yields False at once when another process holds it.
    """
    if sys.platform == "win32":
        yield True
        return
    import fcntl

    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
