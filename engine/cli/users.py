"""The account commands of ``stegvis``: ``user add|list|role|disable|enable|unlock|password``
and ``access-log``; each calls the function the web's Konton page calls
(:mod:`engine.service.people.accounts`), so both follow the same rules.

A password is never an argument (it would stay in the shell history and show in the
process list): ``--password-stdin`` reads it from standard input, otherwise it is
asked for twice at the terminal; ``--no-password`` makes an account that signs in only
through the trusted reverse proxy (docs/web.md).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from engine.cli.cases import positive_id
from engine.cli.options import common_options
from engine.errors import InputError
from engine.inputs.json_text import json_text

#: Attribute of the parsed arguments naming the handler of an account command.
HANDLER = "user_handler"
ROLE_HELP = ("coordinator, programme-admin, reader (steering group/board), system-admin or "
             "citizen")



def add_user_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``user …`` and ``access-log`` on the ``stegvis`` subcommand parser."""
    common = common_options(json=True)
    user = sub.add_parser("user", help="accounts of the web application",
                          description="Accounts of the web application (stegvis web).")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")

    def command(name: str, handler: str, text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = user_sub.add_parser(
            name, help=text, parents=[common], description=text[0].upper() + text[1:] + ".")
        parser.set_defaults(**{HANDLER: handler})
        return parser

    p = command("add", "add", "add an account")
    p.add_argument("name", metavar="NAME",
                   help="the account name; a coordinator's is the name cases carry "
                        "(--coordinator anna → the account anna)")
    p.add_argument("--role", required=True, help=ROLE_HELP)
    p.add_argument("--programme", default="", metavar="ID",
                   help="limit a programme administrator or reader to this programme")
    p.add_argument("--participant", default="", metavar="KEY",
                   help="for a citizen: the participant's key")
    p.add_argument("--display-name", default="", metavar="TEXT",
                   help="the name people see, e.g. Anna Åkesson")
    p.add_argument("--email", default="", help="shown to a coordinator's participants")
    p.add_argument("--phone", default="", help="shown to a coordinator's participants")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--no-password", action="store_true",
                     help="no password: signs in only through the trusted reverse proxy")
    how.add_argument("--one-time-password", action="store_true",
                     help="make a one-time password and print it once; the person chooses "
                          "their own at the first sign-in (as the web's Konton page does)")

    command("list", "list", "list the accounts")
    p = command("role", "role", "give an account another role (its sessions end)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, help=ROLE_HELP.replace(" or citizen", ""))
    p.add_argument("--programme", default="", metavar="ID",
                   help="limit a programme administrator or reader to this programme")
    for name, text in (("disable", "disable an account (its sessions end at once)"),
                       ("enable", "enable a disabled account again"),
                       ("unlock", "lift the lock after too many failed sign-ins")):
        command(name, name, text).add_argument("name", metavar="NAME")
    p = command("password", "password", "give an account a new password")
    p.add_argument("name", metavar="NAME")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--one-time", action="store_true",
                     help="make a one-time password and print it once; the person chooses "
                          "their own at the next sign-in")

    p = sub.add_parser("access-log", parents=[common],
                       help="who saw which case, when (newest first)",
                       description="Who saw which case, when, on what page (newest first).")
    p.set_defaults(**{HANDLER: "access_log"})
    p.add_argument("--case", dest="case_id", type=positive_id, metavar="N",
                   help="only views of case N")
    p.add_argument("--user", metavar="NAME", help="only what NAME saw")
    p.add_argument("--limit", type=positive_id, default=500, metavar="N",
                   help="at most N entries (default 500)")


def _stdin_line(limit: int) -> str:
    """The first line of standard input, read as UTF-8 and at most ``limit`` characters
    long; InputError for anything else (nothing of it is repeated)."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream (tests, an embedding program)
        line = sys.stdin.readline(limit * 4 + 2)
    else:
        raw = binary.readline(limit * 4 + 2)
        if len(raw) == limit * 4 + 2 and not raw.endswith(b"\n"):
            raise InputError(f"the password on standard input is longer than {limit:,} "
                             "characters, which the sign-in form cannot take")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the password on standard input is not UTF-8 text; give it as "
                             "UTF-8") from None
    line = line.removesuffix("\n").removesuffix("\r")
    if len(line) > limit:
        raise InputError(f"the password on standard input is longer than {limit:,} "
                         "characters, which the sign-in form cannot take")
    return line


def _password(args: argparse.Namespace) -> str | None:
    from engine.service.people.accounts import MAX_PASSWORD_LENGTH
    if getattr(args, "no_password", False):
        return None
    if args.password_stdin:
        password = _stdin_line(MAX_PASSWORD_LENGTH)
        if not password:
            raise InputError("no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise InputError("give the password with --password-stdin (or --no-password for an "
                         "account that signs in through the reverse proxy)")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise InputError("the two passwords differ; nothing was stored")
    return first


def run_user_command(args: argparse.Namespace) -> int | None:
    """Run an account command; None when ``args`` is another command."""
    handler = getattr(args, HANDLER, None)
    if handler is None:
        return None
    from datetime import UTC, datetime, time

    from engine.cli.acting import actor
    from engine.clock import STOCKHOLM, fixed_clock, system_clock
    from engine.service.people import accounts
    from engine.service.people.access_log import AccessFilter, access_entries
    from engine.service.shared.context import Context
    from engine.store.database import open_database

    clock = system_clock
    if args.today is not None:
        clock = fixed_clock(datetime.combine(args.today, time(9), tzinfo=STOCKHOLM)
                            .astimezone(UTC))
    ctx = Context(open_database(args.database), clock)
    try:
        data: Any
        if handler == "add":
            one_time = args.one_time_password
            password = accounts.one_time_password() if one_time else _password(args)
            account = accounts.add_user(
                ctx, args.name, args.role, actor(args), password=password,
                programme=args.programme, participant_key=args.participant,
                display_name=args.display_name, email=args.email, phone=args.phone,
                one_time=one_time)
            where = f" for {account.programme_id}" if account.programme_id else ""
            if one_time:
                how = (f"one-time password {password} (shown once; they choose their own "
                       "at the first sign-in)")
            elif password is not None:
                how = "with a password"
            else:
                how = "without a password (signs in through the reverse proxy)"
            text, data = (f"account {account.name}: {account.role}{where}, {how}",
                          {"name": account.name, "role": account.role,
                           "programme": account.programme_id}
                          | ({"one_time_password": password} if one_time else {}))
        elif handler == "role":
            accounts.set_role(ctx, args.name, args.role, actor(args), args.programme)
            where = f" for {args.programme}" if args.programme else ""
            text, data = (f"account {args.name}: now {args.role}{where}, its sessions have "
                          "ended", {"name": args.name, "role": args.role,
                                    "programme": args.programme})
        elif handler == "list":
            data = accounts.list_users(ctx)
            text = "\n".join(_user_line(u) for u in data) or "no accounts yet (stegvis user add)"
        elif handler == "unlock":
            accounts.unlock(ctx, args.name, actor(args))
            text, data = f"account {args.name}: unlocked", {"name": args.name, "done": handler}
        elif handler in ("disable", "enable"):
            accounts.set_disabled(ctx, args.name, handler == "disable", actor(args))
            done = "disabled, its sessions have ended" if handler == "disable" else "enabled"
            text, data = f"account {args.name}: {done}", {"name": args.name, "done": handler}
        elif handler == "password" and args.one_time:
            password = accounts.one_time_password()
            accounts.set_password(ctx, args.name, password, actor(args), one_time=True)
            text, data = (f"account {args.name}: one-time password {password} (shown once; "
                          "they choose their own at the next sign-in), its sessions have "
                          "ended", {"name": args.name, "one_time_password": password})
        elif handler == "password":
            accounts.set_password(ctx, args.name, _password(args) or "", actor(args))
            text, data = (f"account {args.name}: new password, its other sessions have ended",
                          {"name": args.name})
        else:
            data = access_entries(ctx, AccessFilter(args.case_id, args.user, args.limit))
            text = "\n".join(_access_line(e) for e in data) or "no access recorded"
    finally:
        ctx.engine.dispose()
    if args.json:
        print(json_text(data))
    else:
        print(text)
    return 0


def _user_line(user: dict[str, Any]) -> str:
    flags = [flag for flag, on in (("disabled", user["disabled"]), ("locked", user["locked"]),
                                   ("no password", not user["password"])) if on]
    scope = user["programme"] or user["participant_key"] or "–"
    return (f"{user['name']:<20}  {user['role']:<15}  {scope:<12}  "
            f"{user['display_name'] or '':<24}  {', '.join(flags)}").rstrip()


def _access_line(entry: dict[str, Any]) -> str:
    from datetime import UTC, datetime

    from engine.clock import STOCKHOLM
    at = datetime.fromisoformat(entry["at"])
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(STOCKHOLM)
    case = f"case {entry['case_id']}" if entry["case_id"] is not None else "–"
    detail = f"  ({entry['detail']})" if entry["detail"] else ""
    return (f"{local:%Y-%m-%d %H:%M}  {entry['user']:<16}  {entry['role']:<15}  {case:<10}  "
            f"{entry['what']}{detail}")
