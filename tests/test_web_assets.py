"""Static files compressed and cached under hashed names; the editor's bundle rebuilt
from its lock file gives the committed bytes; the editor's check answers at line and
column."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MovableClock
from web_helpers import Browser, account, web_app

from engine.http.web.assets import IMMUTABLE, Assets
from engine.http.web.state import STATIC
from engine.service.shared.context import Context

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = STATIC / "bundle"


def test_static_files_are_compressed_and_cached_a_year_under_their_hash(
        ctx: Context) -> None:
    client = Browser(web_app(ctx)).client
    url = Assets(STATIC).url("style.css")
    assert url.startswith("/static/style.") and url.endswith(".css") and url != "/static/style.css"
    answer = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["cache-control"] == IMMUTABLE
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.content == (STATIC / "style.css").read_bytes()  # httpx undid the gzip
    plain = client.get("/static/style.css")
    assert plain.headers["cache-control"] == "no-cache"
    again = client.get("/static/style.css", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304
    stale = client.get(url.replace("style.", "style.0000", 1))
    assert stale.status_code == 404 or stale.headers["cache-control"] != IMMUTABLE
    assert client.get("/static/../engine/http/web/app.py").status_code == 404
    page = Browser(web_app(ctx)).get("/login").text
    assert url in page  # the pages name the hashed file


def test_the_diagram_no_longer_ships_a_five_megabyte_script(ctx: Context) -> None:
    """What a definition page loads before the diagram is drawn: the diagram entry and
    the chunks it imports at once (the flowchart's own code comes later, on demand)."""
    assets = Assets(STATIC)
    entry = assets.url("bundle/diagram.js").rsplit("/", 1)[1]
    source = (BUNDLE / entry).read_text(encoding="utf-8")
    imported = {line.split('"')[1].lstrip("./") for line in source.split(";")
                if line.lstrip().startswith("import") and '"./' in line}
    files = [BUNDLE / entry, *(BUNDLE / name for name in imported)]
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert raw < 3_500_000 and zipped < 900_000, (raw, zipped)
    assert not (STATIC / "vendor" / "mermaid-12.3.0.min.js").exists()


def test_the_editor_check_answers_at_line_and_column_and_saves_the_draft(
        ctx: Context, clock: MovableClock) -> None:
    account(ctx, "fia", "programme-admin")
    browser = Browser(web_app(ctx))
    browser.sign_in("fia")
    browser.get("/admin/definitions/rebus/edit")
    source = (ROOT / "process_defs" / "rebus.yaml").read_text(encoding="utf-8")
    typo = source.replace("    interval: 2 months", "    intervall: 2 months", 1)
    line = typo.splitlines().index(next(t for t in typo.splitlines()
                                        if t.startswith("    intervall:"))) + 1
    answer = browser.client.post("/admin/definitions/rebus/draft/check",
                                 json={"source": typo, "start": "2024-01-31"},
                                 headers={"X-CSRF-Token": browser.token})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert not data["valid"] and data["diagram"] == ""
    assert any(p["line"] == line and p["column"] == 5 and "intervall" in p["message"]
               for p in data["problems"]), data["problems"]
    assert "Rad" in data["problems_html"] and "fel" in data["status"]
    # The editor marks the line with the Swedish sentence, as plain text.
    assert {"line": line, "column": 5, "severity": "error",
            "message": "Okänd nyckel intervall. Menade du interval?"} in data["problems"]
    fixed = browser.client.post("/admin/definitions/rebus/draft/check",
                                json={"source": source.replace("version: 1", "version: 2"),
                                      "start": "2024-01-31"},
                                headers={"X-CSRF-Token": browser.token}).json()
    assert fixed["valid"] and "stateDiagram-v2" in fixed["diagram"]
    assert "Registrering i SUS" in fixed["dry_run_html"]
    assert "version: 2" in browser.get("/admin/definitions/rebus/edit").text  # kept
    refused = browser.client.post("/admin/definitions/rebus/draft/check",
                                  json={"source": source})
    assert refused.status_code == 403  # no CSRF token


@pytest.mark.slow
def test_rebuilding_the_bundle_from_the_lock_file_gives_the_committed_bytes(
        tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        # The committed bundle serves without Node; rebuilding it to compare needs Node 20.
        pytest.skip("npm is not installed (Node 20 builds the bundle, web-bundle/README.md)")
    work = tmp_path / "web-bundle"
    shutil.copytree(ROOT / "web-bundle", work, ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "engine" / "http" / "web" / "static" / "bundle"
    out.parent.mkdir(parents=True)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=work,
                          capture_output=True, text=True, timeout=600)
    offline = ("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED")
    if done.returncode != 0 and any(o in done.stderr for o in offline):
        pytest.skip("the npm registry cannot be reached from here")
    assert done.returncode == 0, done.stderr
    built = subprocess.run(["node", "build.mjs"], cwd=work, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stderr
    committed = {p.name: p.read_bytes() for p in BUNDLE.iterdir()}
    rebuilt = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(rebuilt) == sorted(committed)
    assert [n for n in committed if committed[n] != rebuilt[n]] == []
