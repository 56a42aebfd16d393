"""The account and access-log commands, as a system administrator runs them."""

from __future__ import annotations

from pathlib import Path

from test_cli_cases import REBUS, make_stegvis, ok, refused, run_stegvis
from web_helpers import Browser

from engine.clock import system_clock
from engine.service.shared.context import Context
from engine.store.database import open_database


def test_accounts_are_added_listed_and_disabled_and_passwords_never_shown(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(url, tmp_path)
    out = ok(stegvis("user", "add", "anna", "--role", "coordinator", "--password-stdin",
                     "--display-name", "Anna Åkesson", stdin="ett långt lösenord\n"))
    assert out.strip() == "account anna: coordinator, with a password"
    ok(stegvis("user", "add", "styrgrupp", "--role", "reader", "--programme", "rebus",
               "--no-password"))
    assert "at least 10 characters" in refused(stegvis(
        "user", "add", "kort", "--role", "coordinator", "--password-stdin", stdin="kort\n"))
    assert "did you mean 'reader'" in refused(stegvis("user", "add", "x", "--role", "raeder",
                                                      "--no-password"))
    assert "no spaces" in refused(stegvis("user", "add", "anna b", "--role", "coordinator",
                                          "--no-password"))
    listed = ok(stegvis("user", "list"))
    assert "anna" in listed and "Anna Åkesson" in listed and "rebus" in listed
    assert "argon2" not in listed and "lösenord" not in listed
    assert "no password" in listed.splitlines()[1]  # styrgrupp
    ok(stegvis("user", "disable", "anna"))
    assert "disabled" in ok(stegvis("user", "list")).splitlines()[0]
    assert "no account 'ana'; did you mean 'anna'?" in refused(stegvis("user", "enable", "ana"))
    # The password is never an argument: without --password-stdin and no terminal, refused.
    assert "--password-stdin" in refused(stegvis("user", "add", "bo", "--role",
                                                 "coordinator"))


def test_the_command_gives_roles_and_one_time_passwords_by_the_webs_rules(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(url, tmp_path)
    out = ok(stegvis("user", "add", "anna", "--role", "coordinator", "--one-time-password"))
    assert out.startswith("account anna: coordinator, one-time password ")
    password = out.split("one-time password ")[1].split()[0]
    assert "reader for rebus" in ok(stegvis("user", "role", "anna", "--role", "reader",
                                            "--programme", "rebus", actor="admin"))
    assert "only a programme administrator or a reader" in refused(stegvis(
        "user", "role", "anna", "--role", "coordinator", "--programme", "rebus",
        actor="admin"))
    assert "your own account's role" in refused(stegvis("user", "role", "anna", "--role",
                                                        "coordinator"))
    again = ok(stegvis("user", "password", "anna", "--one-time"))
    assert "one-time password" in again and password not in again
    from web_helpers import web_app
    engine = open_database(url)
    browser = Browser(web_app(Context(engine, system_clock)))
    assert browser.sign_in("anna", password).status_code == 401  # the first one is gone
    new = again.split("one-time password ")[1].split()[0]
    assert browser.sign_in("anna", new).status_code == 303
    assert browser.get("/board").url.path == "/password"  # her own first
    engine.dispose()


def test_the_access_log_command_lists_who_saw_which_case(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(url, tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna"))
    ok(stegvis("user", "add", "anna", "--role", "coordinator", "--password-stdin",
               stdin="ett långt lösenord\n"))
    from web_helpers import web_app
    engine = open_database(url)
    browser = Browser(web_app(Context(engine, system_clock)))
    browser.sign_in("anna")
    assert browser.get("/cases/1").status_code == 200
    engine.dispose()
    lines = ok(run_stegvis(["access-log", "--case", "1", "--database", url], tmp_path))
    assert "anna" in lines and "case 1" in lines and "ärendesida" in lines
    assert ok(run_stegvis(["access-log", "--user", "bertil", "--database", url],
                          tmp_path)).strip() == "no access recorded"


def test_stegvis_web_serves_the_pages_until_sigterm(tmp_path: Path) -> None:
    import json
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import free_port
    from test_cli_cases import ROOT

    port = free_port()
    env = {**os.environ, "STEGVIS_HOME": str(tmp_path)}
    env.pop("STEGVIS_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())", "web",
         "--address", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline, health = time.monotonic() + 60, None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as answer:
                    health = json.load(answer)
            except OSError:
                time.sleep(0.2)
        assert health is not None and health["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as answer:
            page = answer.read().decode()
            assert "Logga in" in page and answer.headers["Server"] is None
        # The signing key is the installation's, in its database: every worker signs alike.
        assert not (tmp_path / "web-secret").exists()
        import sqlite3
        from contextlib import closing
        with closing(sqlite3.connect(tmp_path / "stegvis.db")) as db:
            (length,) = db.execute("SELECT length(value) FROM installation_secrets "
                                   "WHERE name = 'web'").fetchone()
        assert length >= 32
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert f"stegvis web: http://127.0.0.1:{port}/" in out and "stopped" in out
    assert "Traceback" not in err


def test_serve_runs_the_web_application_beside_the_flows(tmp_path: Path) -> None:
    import urllib.request

    from conftest import free_port

    from engine.cli.web import web_served

    port = free_port()
    with web_served(f"127.0.0.1:{port}", f"sqlite:///{tmp_path / 'stegvis.db'}"), \
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as answer:
        assert answer.status == 200
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
        raise AssertionError("still serving after the block")
    except OSError:
        pass
