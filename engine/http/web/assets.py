"""The static files: compressed, and cached for a year under names that hold their hash.

A page names a file by :meth:`Assets.url` (``asset("style.css")`` in a template), which
gives ``/static/style.3f2a9c81d0.css``: the name carries a hash of the content, so a
browser may keep it a year (``immutable``) and a changed file gets a new name.  The
bundles esbuild writes (``static/bundle/``, see ``web-bundle/``) carry their own hash in
their names (``editor-NUBTXS2N.js``); ``bundle/manifest.json`` says which file each
entry point became, and :meth:`Assets.url` looks ``bundle/editor.js`` up there.

A browser that accepts gzip gets the file gzip-compressed (compressed once per
process and kept; the process diagram's code shrinks to about a quarter).  A name
without its hash is still served, revalidated on every use (``no-cache`` with an
ETag), so a stale page open in a tab still finds its files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

#: A year: the longest lifetime caches honour.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")
_COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".txt", ".map", ".html")
#: Files smaller than this are sent as they are (gzip's header outweighs the gain).
_SMALLEST_COMPRESSED = 1024
_BUNDLE = "bundle/"


@dataclass(frozen=True, slots=True)
class _File:
    raw: bytes
    gzipped: bytes | None
    etag: str
    media_type: str


class Assets:
    """The static folder as an ASGI application (mounted at ``/static``)."""

    def __init__(self, root: Path, prefix: str = "/static") -> None:
        self.root = root.resolve()
        self.prefix = prefix
        self._files: dict[Path, tuple[float, _File]] = {}
        self._lock = Lock()

    def _load(self, path: Path) -> _File:
        stamp = path.stat().st_mtime
        with self._lock:
            known = self._files.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        raw = path.read_bytes()
        gzipped = None
        if path.suffix in _COMPRESSIBLE and len(raw) >= _SMALLEST_COMPRESSED:
            # mtime=0: the same bytes every time, so every worker sends the same file.
            gzipped = gzip.compress(raw, compresslevel=9, mtime=0)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        found = _File(raw, gzipped, hashlib.sha256(raw).hexdigest()[:10], kind)
        with self._lock:
            self._files[path] = (stamp, found)
        return found

    def _path(self, name: str) -> Path | None:
        path = (self.root / name).resolve()
        if self.root not in path.parents or not path.is_file():
            return None
        return path

    def url(self, name: str) -> str:
        """The address of the static file ``name`` (relative to the static folder), with
        its content's hash in the name."""
        if name.startswith(_BUNDLE):
            built = self._manifest().get(name[len(_BUNDLE):])
            if built is None:
                raise FileNotFoundError(f"{name} is not in {_BUNDLE}manifest.json; build the "
                                        "bundle (web-bundle/README.md)")
            return f"{self.prefix}/{_BUNDLE}{built}"
        path = self._path(name)
        if path is None:
            raise FileNotFoundError(f"no static file {name!r}")
        stem, dot, suffix = name.rpartition(".")
        return f"{self.prefix}/{stem}.{self._load(path).etag}{dot}{suffix}"

    def _manifest(self) -> dict[str, str]:
        path = self._path(_BUNDLE + "manifest.json")
        if path is None:
            return {}
        entries: dict[str, str] = json.loads(self._load(path).raw)
        return entries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        response = self.response(request)
        await response(scope, receive, send)

    def response(self, request: Request) -> Response:
        """The answer to one request for a static file."""
        if request.method not in ("GET", "HEAD"):
            return Response(status_code=405, headers={"Allow": "GET, HEAD"})
        name = request.url.path[len(self.prefix):].lstrip("/") if request.url.path.startswith(
            self.prefix) else request.url.path.lstrip("/")
        path, immutable = self._path(name), name.startswith(_BUNDLE)
        hashed = _HASHED.match(name)
        if path is None and hashed is not None:
            path = self._path(hashed["stem"] + hashed["suffix"])
            immutable = path is not None and self._load(path).etag == hashed["hash"]
        if path is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        found = self._load(path)
        headers = {"Cache-Control": IMMUTABLE if immutable else REVALIDATE,
                   "ETag": f'"{found.etag}"', "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match", "").strip('W/"') == found.etag:
            return Response(status_code=304, headers=headers)
        body = found.raw
        if found.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            body, headers["Content-Encoding"] = found.gzipped, "gzip"
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return Response(status_code=200, headers=headers, media_type=found.media_type)
        return Response(body, headers=headers, media_type=found.media_type)
