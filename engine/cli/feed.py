"""Serving calendar feeds from the command line: ``stegvis feed-serve`` and, beside the
Prefect runner, ``stegvis serve --feed-address``.

Both serve ``GET /calendar/<token>.ics`` (:mod:`engine.http.feed`) from the database in
force (``--database``, else ``STEGVIS_DATABASE_URL``, else the default SQLite file)
with the real clock, print the address they listen on and stop on Ctrl-C or SIGTERM.
``stegvis calendar-url NAME`` prints the URL to subscribe to.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from engine.clock import system_clock

#: Environment variable with the feed server's HOST:PORT (serve, feed-serve, calendar-url).
ADDRESS_VARIABLE = "STEGVIS_FEED_ADDRESS"


def add_feed_serve_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis feed-serve`` (cheaply: the server is imported when it runs)."""
    p = sub.add_parser(
        "feed-serve", help="serve coordinators' calendar feeds over HTTP (alone, without "
                           "the scheduled flows)",
        description="Serve GET /calendar/<token>.ics, the calendar feeds that `stegvis "
                    "calendar-url NAME` gives the URLs of, until Ctrl-C or SIGTERM. Put a "
                    "reverse proxy with TLS in front to reach it from outside.")
    p.add_argument("--address", metavar="HOST:PORT",
                   help=f"where to listen (default: ${ADDRESS_VARIABLE}, else 127.0.0.1:8765; "
                        "port 0: any free one)")
    p.add_argument("--database", metavar="URL",
                   help="database URL (default: $STEGVIS_DATABASE_URL, else stegvis.db in "
                        "the data folder)")


def run_feed_serve(args: argparse.Namespace) -> int:
    """Serve the feeds until Ctrl-C or SIGTERM; 0 when stopped."""
    from engine.http.feed import DEFAULT_ADDRESS
    address = args.address or os.environ.get(ADDRESS_VARIABLE) or DEFAULT_ADDRESS
    with feeds_served(address, args.database, "feed-serve"):
        stopped = threading.Event()

        def stop(_signum: int, _frame: FrameType | None) -> None:
            stopped.set()

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    print("stegvis feed-serve: stopped", flush=True)
    return 0


@contextmanager
def feeds_served(address: str | None, database: str | None = None,
                 who: str = "serve") -> Iterator[None]:
    """Serve the feeds on ``address`` inside a ``with`` block; nothing when it is None."""
    if not address:
        yield
        return
    from engine.cli.logs import logging_configured
    from engine.http.feed import record_served_url, serving_feeds
    from engine.service.shared.context import Context
    from engine.store.database import open_database

    ctx = Context(open_database(database), system_clock)
    try:
        with logging_configured(), serving_feeds(ctx, address) as server:
            record_served_url(server.host, server.port)
            print(f"stegvis {who}: calendar feeds at {server.url}/calendar/<token>.ics "
                  "(stegvis calendar-url NAME gives a coordinator's)", flush=True)
            if not server.loopback_only:
                print(f"stegvis {who}: warning: listening beyond this machine without TLS; "
                      "the URL is the only credential, so put a reverse proxy with TLS in "
                      "front (docs/notifications.md)", file=sys.stderr, flush=True)
            yield
    finally:
        ctx.engine.dispose()
