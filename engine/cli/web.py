"""``stegvis web``: serve the web application, and ``serve --web-address`` beside the flows.

Both serve the database in force (``--database``, else ``STEGVIS_DATABASE_URL``, else the
default SQLite file) with the real clock, on 127.0.0.1:8000 unless told otherwise.  Put
a reverse proxy with TLS in front to reach it from outside, and set
``STEGVIS_WEB_SECURE_COOKIES=true`` there (docs/web.md).  The request log never holds a
sign-in link's token.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from engine.errors import InputError

#: Where the web application listens unless told otherwise (loopback: a proxy fronts it).
DEFAULT_ADDRESS = "127.0.0.1:8000"
#: Why the web needs its address configured before others may reach it.
_NO_BASE_URL = ("set STEGVIS_WEB_BASE_URL to the address people use (e.g. "
                "https://stegvis.forbundet.example) before listening beyond this machine on "
                "{address}: sign-in links are built from it, never from a request's Host "
                "header, which anyone can forge")
ADDRESS_VARIABLE = "STEGVIS_WEB_ADDRESS"
_TOKEN_IN_PATH = re.compile(r"/in/[A-Za-z0-9_-]+")


def add_web_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis web`` (cheaply: the application is imported when it runs)."""
    p = sub.add_parser(
        "web", help="serve the web application (coordinators, participants, administrators, "
                    "steering groups)",
        description="Serve the web application until Ctrl-C or SIGTERM. Accounts: stegvis "
                    "user add. Settings: STEGVIS_WEB_* (docs/web.md).")
    p.add_argument("--address", metavar="HOST:PORT",
                   help=f"where to listen (default: ${ADDRESS_VARIABLE}, else {DEFAULT_ADDRESS})")
    p.add_argument("--database", metavar="URL",
                   help="database URL (default: $STEGVIS_DATABASE_URL, else stegvis.db in "
                        "the data folder)")


class _Redacting(logging.Filter):
    """Hide sign-in tokens in uvicorn's request lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_PATH.sub("/in/…", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def _server(address: str, database: str | None) -> Any:
    """A uvicorn server for the application on ``address`` (not started)."""
    import signal

    import uvicorn

    class Server(uvicorn.Server):
        """Ctrl-C and SIGTERM stop serving and the command ends with 0, as feed-serve does
        (uvicorn itself re-raises the signal once it has stopped)."""

        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return

            def stop(_signum: int, _frame: Any) -> None:
                self.should_exit = True

            previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for number, handler in previous.items():
                    signal.signal(number, handler)

    from engine.clock import system_clock
    from engine.http.feed import parse_address
    from engine.http.web import WebSettings, create_app
    from engine.service.people.installation_secrets import web_secret
    from engine.service.shared.context import Context
    from engine.store.database import data_folder, open_database

    try:
        host, port = parse_address(address)
    except InputError:
        raise InputError(f"web address {address!r} is not HOST:PORT, e.g. "
                         f"{DEFAULT_ADDRESS}") from None
    ctx = Context(open_database(database), system_clock)
    # One key for every web worker, from the database (a STEGVIS_WEB_SECRET wins).
    folder = data_folder()
    key = os.environ.get("STEGVIS_WEB_SECRET") or web_secret(ctx, folder / "web-secret")
    settings = WebSettings.from_environment(folder, secret_key=key)
    if settings.base_url is None:
        if not _loopback(host):
            ctx.engine.dispose()
            raise InputError(_NO_BASE_URL.format(address=address))
        settings = replace(settings, base_url=f"http://{address.strip()}")
    app = create_app(ctx, settings)
    logging.getLogger("uvicorn.access").addFilter(_Redacting())
    # proxy_headers off: the trusted-header check must see the proxy's own address.
    config = uvicorn.Config(app, host=host, port=port, proxy_headers=False,
                            server_header=False, log_level="info", lifespan="off")
    from engine.cli.logs import configure_logging
    configure_logging()  # after uvicorn.Config, which configures its loggers itself
    return Server(config), ctx


def _loopback(host: str) -> bool:
    import ipaddress
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run_web(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM (uvicorn handles both); 0 when stopped."""
    address = args.address or os.environ.get(ADDRESS_VARIABLE) or DEFAULT_ADDRESS
    from engine.cli.logs import logging_configured
    with logging_configured():
        return _run_web(address, args.database)


def _run_web(address: str, database: str | None) -> int:
    server, ctx = _server(address, database)
    host = server.config.host
    print(f"stegvis web: http://{host}:{server.config.port}/ (stop with Ctrl-C)", flush=True)
    if not _loopback(host) and os.environ.get("STEGVIS_WEB_SECURE_COOKIES", "") != "true":
        print("stegvis web: warning: listening beyond this machine without TLS; put a reverse "
              "proxy with TLS in front and set STEGVIS_WEB_SECURE_COOKIES=true (docs/web.md)",
              file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        ctx.engine.dispose()
    print("stegvis web: stopped", flush=True)
    return 0


@contextmanager
def web_served(address: str | None, database: str | None = None) -> Iterator[None]:
    """Serve the web application on ``address`` in a thread inside a ``with`` block
    (``stegvis serve --web-address``); nothing when it is None."""
    if not address:
        yield
        return
    from engine.cli.logs import logging_configured
    with logging_configured():
        yield from _web_served(address, database)


def _web_served(address: str, database: str | None) -> Iterator[None]:
    server, ctx = _server(address, database)
    # uvicorn leaves signals alone outside the main thread: serve's own handling stands.
    thread = threading.Thread(target=server.run, name="stegvis-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        ctx.engine.dispose()
        raise InputError(f"the web application did not start on {address!r} (is the port "
                         "taken?)")
    print(f"stegvis serve: web application at http://{server.config.host}:"
          f"{server.config.port}/", flush=True)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        ctx.engine.dispose()
