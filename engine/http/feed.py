"""Coordinators' calendar feeds over HTTP: ``GET /calendar/<token>.ics``.

An edge around :func:`engine.service.reminders.calendar_feed.coordinator_feed`: each
request finds the coordinator by the token in the URL
(:mod:`engine.service.reminders.feeds`) and builds the feed fresh from the database
with the context's clock, so a subscribed calendar program sees changes on its next
poll.  Everything else is a plain 404 that does not say whether a token
ever existed.  The server binds 127.0.0.1 unless told otherwise; put a reverse proxy
with TLS in front of it to reach it from outside (the URL is the credential).

The ETag is weak and leaves out ``DTSTAMP`` (the instant the feed was built, new on
every request): two feeds with the same events are the same to a calendar program,
so a poll with ``If-None-Match`` gets 304 until something in the calendar changed.
Access-log lines never contain the token.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
import re
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from engine.errors import InputError, StegvisError
from engine.inputs.numbers import shown, whole_number
from engine.service.reminders.calendar_feed import coordinator_feed
from engine.service.reminders.feeds import coordinator_of_token
from engine.service.shared.context import Context

#: Where the feed server listens unless told otherwise (loopback: a proxy fronts it).
DEFAULT_ADDRESS = "127.0.0.1:8765"
#: Polls are cheap (304 when nothing changed), so clients must always revalidate.
CACHE_CONTROL = "private, no-cache"

_FEED_PATH = re.compile(r"/calendar/([^/]+)\.ics")
_TOKEN_IN_TEXT = re.compile(r"/calendar/[^/\s?\"]+")
_log = logging.getLogger("stegvis.feed")


@dataclass(frozen=True, slots=True)
class Response:
    """What to answer: status, headers and a body (left out for HEAD and 304)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


NOT_FOUND = Response(404, {"Content-Type": "text/plain; charset=utf-8"}, b"not found\n")


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6; port 0 picks a free one)."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    try:
        number = whole_number(port, what="the port", low=0, high=65535)
    except InputError:
        number = -1
    if not sep or not host or number < 0:
        raise InputError(f"feed address {shown(text)} is not HOST:PORT, e.g. "
                         f"{DEFAULT_ADDRESS}")
    return host, number


#: In the data folder: the URL the last feed server listened on (serve, feed-serve).
SERVED_URL_FILE = "feed-server.url"


def base_url(given: str | None) -> str:
    """The feeds' public base URL: ``given``, else $STEGVIS_FEED_BASE_URL, else the
    server's own address over plain http: $STEGVIS_FEED_ADDRESS, else where the last
    feed server of this data folder really listened (:func:`record_served_url`), else
    the default address."""
    url = given or os.environ.get("STEGVIS_FEED_BASE_URL")
    if not url and not os.environ.get("STEGVIS_FEED_ADDRESS"):
        url = served_url()
    if not url:
        host, port = parse_address(os.environ.get("STEGVIS_FEED_ADDRESS") or DEFAULT_ADDRESS)
        url = _http_url(host, port)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise InputError(f"base URL {url!r} is not an http(s) URL without a query, e.g. "
                         "https://stegvis.forbundet.example")
    return url.rstrip("/")


def _http_url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0", "::"):  # every interface: the machine's name reaches it
        host = socket.getfqdn()
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def record_served_url(host: str, port: int) -> None:
    """Note where a feed server listens, so ``stegvis calendar-url`` prints that address
    even when serve was given ``--feed-address`` (or port 0) and the shell asking is not
    in the service's environment.  Best effort: an unwritable data folder is no reason
    not to serve."""
    from engine.paths import data_folder
    try:
        (data_folder() / SERVED_URL_FILE).write_text(_http_url(host, port) + "\n",
                                                     encoding="utf-8")
    except (OSError, StegvisError) as exc:
        _log.warning("cannot note the feed address in the data folder: %s", exc)


def served_url() -> str | None:
    """The URL :func:`record_served_url` noted last, if any."""
    from engine.paths import data_folder
    try:
        text = (data_folder(create=False) / SERVED_URL_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    return text.strip() or None


def feed_url(base: str, token: str) -> str:
    """The subscription URL of the feed that ``token`` opens."""
    return f"{base.rstrip('/')}/calendar/{token}.ics"


def entity_tag(feed: bytes) -> str:
    """A weak ETag of the feed's content, DTSTAMP lines (the build instant) left out."""
    content = b"\r\n".join(line for line in feed.split(b"\r\n")
                           if not line.startswith((b"DTSTAMP:", b"DTSTAMP;")))
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an If-None-Match header names ``tag`` (weak comparison, RFC 9110)."""
    if not if_none_match:
        return False
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


def respond(ctx: Context, path: str, if_none_match: str | None) -> Response:
    """The answer to ``GET path``: the feed, 304 when unchanged, else 404."""
    found = _FEED_PATH.fullmatch(urlsplit(path).path)
    coordinator = coordinator_of_token(ctx, found.group(1)) if found else None
    if coordinator is None:
        return NOT_FOUND
    feed = coordinator_feed(ctx, coordinator, ctx.today())
    tag = entity_tag(feed)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if matches(if_none_match, tag):
        return Response(304, headers)
    return Response(200, {**headers, "Content-Type": "text/calendar; charset=utf-8"}, feed)


def redacted(text: str) -> str:
    """``text`` with any feed token replaced, for logs."""
    return _TOKEN_IN_TEXT.sub("/calendar/…", text)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 30  # a client that stalls loses its connection, not a thread for ever

    def version_string(self) -> str:
        """The Server header: no Python version for the curious."""
        return "Stegvis"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        try:
            answer = respond(self.server.ctx, self.path, self.headers.get("If-None-Match"))
        except Exception as exc:  # one bad request must not stop the server
            # The first line only: database errors list the query's parameters (a token)
            # below it.  The traceback only when debugging.
            first = (str(exc).strip().splitlines() or [""])[0]
            _log.error("%s %s failed: %s: %s", self.command, redacted(self.path),
                       type(exc).__name__, redacted(first),
                       exc_info=_log.isEnabledFor(logging.DEBUG))
            answer = Response(500, {"Content-Type": "text/plain; charset=utf-8"},
                              b"internal error\n")
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.status != 304:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if with_body and answer.status != 304:
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        _log.info("%s %s", self.address_string(), redacted(format % args))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ctx: Context, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.ctx = ctx
        super().__init__((host, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke (a client gone mid-answer): one line, no traceback."""
        _log.warning("connection from %s ended: %s", client_address[0], sys.exc_info()[1])


class FeedServer:
    """The feed server, serving in a background thread until :meth:`stop`."""

    def __init__(self, ctx: Context, address: str = DEFAULT_ADDRESS) -> None:
        host, port = parse_address(address)
        try:
            self._server = _Server(ctx, host, port)
        except OSError as exc:
            raise InputError(f"cannot serve calendar feeds on {address!r}: "
                             f"{exc.strerror or exc}") from exc
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="stegvis-feed", daemon=True)
        self._thread.start()

    @property
    def host(self) -> str:
        """The host (address) it listens on."""
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        """The port it listens on (the real one when 0 was asked for)."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://HOST:PORT``, where it answers."""
        return f"http://{f'[{self.host}]' if ':' in self.host else self.host}:{self.port}"

    @property
    def loopback_only(self) -> bool:
        """Whether only this machine can reach it."""
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host == "localhost"

    def stop(self) -> None:
        """Stop answering, close the socket and wait for the thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=30)


@contextmanager
def serving_feeds(ctx: Context, address: str) -> Iterator[FeedServer]:
    """Serve calendar feeds on ``address`` for the duration of a ``with`` block."""
    server = FeedServer(ctx, address)
    try:
        yield server
    finally:
        server.stop()
