"""The account and access-log commands, as a system administrator runs them."""

from __future__ import annotations

from pathlib import Path

from test_cli_cases import REBUS, make_stegvis, ok, refused, run_stegvis
from web_helpers import Browser

from engine.clock import system_clock
from engine.service.context import Context
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
