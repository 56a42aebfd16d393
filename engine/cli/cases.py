"""The case commands of ``stegvis``: enrol, tasks, case show, complete, follow-up, …

This module only declares the commands, so building the parser stays cheap; the
handlers (and with them SQLAlchemy and the service layer) are imported by
:func:`run_case_command` when a case command actually runs.  No case command imports
Prefect.

Every case command takes ``--database URL`` (else ``STEGVIS_DATABASE_URL``, else the
default SQLite file), ``--as NAME`` (who acts; else ``STEGVIS_USER``, else the login
name), ``--today YYYY-MM-DD`` (pretend it is 09:00 in Sweden that day: for testing and
back-dating) and ``--json``.
"""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.options import DATE_HELP, LARGEST, common_options, parse_date, whole_number
from engine.definitions.income import INCOME_KINDS
from engine.errors import InputError
from engine.inputs.numbers import shown
from engine.inputs.numbers import whole_number as whole

#: Attribute of the parsed arguments naming the handler of a case command.
HANDLER = "case_handler"

# Only what holds for every command that shares it: --on is said by the commands that
# have it ("default: today"); naming it here sent readers of sweep and deliver looking.
_COMMON_EPILOG = ("Dates are YYYY-MM-DD; today is today in Sweden. "
                  "Exit code 0: done; 1: refused or bad input (nothing was changed); "
                  "2: bad usage.")


def positive_id(text: str) -> int:
    """A case, request or goal id: a whole number from 1 (to 2,147,483,647), through the
    door for numbers (ASCII digits only)."""
    try:
        return whole(text, low=1, high=LARGEST)
    except InputError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not an id (a whole number from "
                                         f"1 to {LARGEST:,})") from None


_whole_number = whole_number


def answer(text: str) -> tuple[str, str]:
    """``key=value`` of a survey answer."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not an answer; write QUESTION=VALUE, "
                                         "e.g. valbefinnande=3")
    return key.strip(), value



def add_case_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register the case commands on the ``stegvis`` subcommand parser ``sub``."""
    common = common_options(json=True)

    def command(parent: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                handler: str, text: str) -> argparse.ArgumentParser:
        parser = parent.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                                   parents=[common], epilog=_COMMON_EPILOG)
        parser.set_defaults(**{HANDLER: handler})
        return parser

    def on(parser: argparse.ArgumentParser, what: str = "when it happened") -> None:
        parser.add_argument("--on", type=parse_date, metavar="DATE",
                            help=f"{what} ({DATE_HELP}; default: today)")

    def case_id(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("case_id", type=positive_id, metavar="CASE", help="case id")

    def expect_version(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--expect-version", type=positive_id, metavar="V",
                            help="refuse if the case is no longer at version V (someone else "
                                 "changed it)")

    p = command(sub, "enrol", "enrol", "enrol a participant in a programme")
    p.add_argument("programme", metavar="PROGRAMME",
                   help="programme id (e.g. rebus) or definition file")
    p.add_argument("participant_key", metavar="KEY",
                   help="the participant's key (pseudonym), 1–64 characters")
    p.add_argument("--gender", required=True, help="kvinna, man, annat or uppgift_saknas")
    p.add_argument("--birth-year", type=_whole_number, required=True, metavar="YEAR")
    p.add_argument("--municipality", required=True, help="where the participant is registered")
    p.add_argument("--coordinator", required=True, help="who coordinates the case")
    on(p, "enrolment date")
    p.add_argument("--birth-date", dest="birth_on", type=parse_date, metavar="DATE",
                   help="needed when the birth year alone cannot settle an age limit")
    p.add_argument("--identity-number", metavar="NUMBER",
                   help="personnummer or samordningsnummer; stored only with --consent-on, "
                        "never printed; '-' reads it from standard input (keeps it out of "
                        "the shell history)")
    p.add_argument("--consent-on", type=parse_date, metavar="DATE",
                   help="when the participant consented (to taking part, where the "
                        "programme requires consent, and to storing the identity number); "
                        "on or before the enrolment date, stored on the case")
    p.add_argument("--referring-party", metavar="PARTY")
    p.add_argument("--referred-on", type=parse_date, metavar="DATE",
                   help="when the participant was referred (on or before the enrolment); "
                        "deadlines 'from the referral' count from it")
    p.add_argument("--parties-active", type=_whole_number, metavar="N",
                   help="how many of the parties the participant is known to (where the "
                        "programme does not name the parties that count)")
    p.add_argument("--active-at", dest="active_parties", action="extend", nargs="+",
                   metavar="PARTY", help="the parties the participant is an active case at "
                   "(ids or names from the programme's organisation.parties); where the "
                   "programme names the parties that count, at least as many of them as it "
                   "asks for")
    p.add_argument("--income-support-from-referring-party", action=argparse.BooleanOptionalAction,
                   help="the participant's income support comes from the referring party")
    p.add_argument("--income-at-start", metavar="KIND",
                   help="the participant's main income support at enrolment (optional): "
                        "one of the kinds the programme records then, by default all of "
                        f"{', '.join(INCOME_KINDS)}; a definition may narrow them "
                        "(participant.income_support)")
    p.add_argument("--attest", dest="attested", action="extend", nargs="+", default=[],
                   metavar="CRITERION", help="criteria the coordinator attests are met")
    p.add_argument("--exclusion", dest="exclusions", action="extend", nargs="+", default=[],
                   metavar="ID", help="exclusion criteria that apply")
    p.add_argument("--track", help="track (spår), where the programme has them")
    p.add_argument("--type-case", help="type case (typfall), where the programme has them")

    p = command(sub, "tasks", "tasks", "list open obligations, soonest first")
    p.add_argument("--coordinator", help="only this coordinator's")
    p.add_argument("--programme", help="only this programme's (id)")
    p.add_argument("--municipality", help="only participants from this municipality")
    p.add_argument("--from", dest="due_from", type=parse_date, metavar="DATE",
                   help="due on or after DATE")
    p.add_argument("--to", dest="due_to", type=parse_date, metavar="DATE",
                   help="due on or before DATE")
    p.add_argument("--overdue", action="store_true", help="only those due before today")
    p.add_argument("--limit", type=_whole_number, default=1000, metavar="N",
                   help="at most N (default 1000)")

    p = command(sub, "cases", "cases", "list cases (a caseload) with their open and overdue "
                                       "obligations")
    p.add_argument("--coordinator", help="only this coordinator's")
    p.add_argument("--programme", help="only this programme's (id)")
    p.add_argument("--municipality", help="only participants from this municipality")
    p.add_argument("--status", choices=("waiting", "active", "exited"),
                   help="only cases in this status (waiting = the waiting list)")
    p.add_argument("--limit", type=_whole_number, default=1000, metavar="N",
                   help="at most N (default 1000)")

    case = sub.add_parser("case", help="look at one case (case show ID)",
                          description="Look at one case.")
    case_sub = case.add_subparsers(dest="case_command", required=True, metavar="COMMAND")
    p = command(case_sub, "show", "show", "everything about one case: facts, phases, "
                "obligations, meetings, requests and the audit log")
    case_id(p)

    p = command(sub, "complete", "complete", "mark an open obligation of a case done")
    case_id(p)
    p.add_argument("key", metavar="KEY", help="the obligation, as `stegvis tasks` shows it "
                                              "(e.g. task:handlingsplan)")
    on(p, "when it was done")
    expect_version(p)

    p = command(sub, "follow-up", "follow_up", "record a follow-up meeting")
    case_id(p)
    p.add_argument("--held-on", "--on", dest="held_on", type=parse_date, metavar="DATE",
                   help=f"when the meeting was held ({DATE_HELP}; default: today)")
    p.add_argument("--attendee", dest="attendees", action="extend", nargs="+", required=True,
                   metavar="ROLE", help="role ids of who attended (e.g. deltagare)")
    p.add_argument("--step-movement", required=True, choices=("yes", "partly", "no"),
                   help="did the participant move a step towards the goals")
    p.add_argument("--notes", default="", metavar="TEXT")
    p.add_argument("--next-on", type=parse_date, metavar="DATE",
                   help="the date agreed for the next follow-up (no later than the "
                        "interval allows)")
    p.add_argument("--agreed-interval", metavar="DURATION",
                   help="a tighter interval agreed with the participant, e.g. '1 month'")
    p.add_argument("--series", metavar="ID",
                   help="which follow-up series, where the programme has several")
    expect_version(p)

    p = command(sub, "move", "move", "move a case to another phase")
    case_id(p)
    p.add_argument("phase", metavar="PHASE", help="phase id")
    on(p, "when the case entered the phase")
    p.add_argument("--approved-by", metavar="ROLE",
                   help="role that approved the move, where the definition requires one")
    expect_version(p)

    ext = sub.add_parser("extension", help="request or decide an extension beyond the time limit",
                         description="Request or decide an extension beyond the time limit.")
    ext_sub = ext.add_subparsers(dest="extension_command", required=True, metavar="COMMAND")
    p = command(ext_sub, "request", "extension_request", "ask for an extension of a case")
    case_id(p)
    p.add_argument("length", metavar="LENGTH", help="how much longer, e.g. '6 months'")
    p.add_argument("--reason", required=True, metavar="TEXT")
    on(p, "date of the request")
    p = command(ext_sub, "decide", "extension_decide", "approve or reject an extension request")
    p.add_argument("request_id", type=positive_id, metavar="REQUEST",
                   help="request id, as `extension request` printed it")
    p.add_argument("decision", choices=("approve", "reject"))
    p.add_argument("--role", required=True,
                   help="the role you decide in; must be the one the definition names")
    p.add_argument("--note", default="", metavar="TEXT")
    on(p, "date of the decision")

    p = command(sub, "exit", "exit", "close a case with an outcome")
    case_id(p)
    p.add_argument("outcome", metavar="OUTCOME", help="exit outcome id")
    p.add_argument("--sub-outcome", metavar="ID")
    p.add_argument("--income-at-exit", metavar="KIND",
                   help="the participant's main income support on leaving (optional): one "
                        "of the kinds the programme records then, by default all of "
                        f"{', '.join(INCOME_KINDS)}; a definition may narrow them "
                        "(participant.income_support)")
    on(p, "exit date")
    expect_version(p)

    p = command(sub, "undo-exit", "undo_exit", "reopen a case exited by mistake")
    case_id(p)
    p.add_argument("--reason", required=True, metavar="TEXT")
    expect_version(p)

    p = command(sub, "undo-complete", "undo_complete",
                "reopen an obligation marked done by mistake")
    case_id(p)
    p.add_argument("key", metavar="KEY", help="the obligation, e.g. task:handlingsplan")
    p.add_argument("--reason", required=True, metavar="TEXT")
    expect_version(p)

    p = command(sub, "undo-follow-up", "undo_follow_up",
                "remove the last follow-up recorded (by mistake, or twice)")
    case_id(p)
    p.add_argument("--reason", required=True, metavar="TEXT")
    expect_version(p)

    p = command(sub, "assess", "assess", "record an activity-capacity assessment")
    case_id(p)
    p.add_argument("capacity", type=_whole_number, metavar="CAPACITY",
                   help="activity capacity on the programme's scale")
    p.add_argument("--need-level", metavar="LEVEL", help="need level id (sets the reimbursement)")
    on(p, "assessment date")

    p = command(sub, "reimbursement", "reimbursement",
                "the reimbursement of a case: need-level base plus effect premium")
    case_id(p)
    on(p, "the day to compute it for")

    p = command(sub, "placement", "placement", "record the placement form chosen")
    case_id(p)
    p.add_argument("form", metavar="FORM", help="placement form id")

    p = command(sub, "type-case", "type_case", "assign the case a type case (typfall)")
    case_id(p)
    p.add_argument("type_case", metavar="TYPE_CASE", help="type case id")

    p = command(sub, "goal", "goal", "add a goal (or sub-goal) to the action plan")
    case_id(p)
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--parent", type=positive_id, metavar="GOAL", help="make it a sub-goal of GOAL")
    on(p, "when the goal was set")

    p = command(sub, "reassign", "reassign", "give the case to another coordinator (within "
                "the programme's caseload per coordinator)")
    case_id(p)
    p.add_argument("coordinator", metavar="COORDINATOR", help="the new coordinator's name")

    p = command(sub, "admit", "admit", "admit a case from the waiting list")
    case_id(p)
    on(p, "admission date")

    p = command(sub, "survey", "survey", "record survey answers (completes the survey task)")
    case_id(p)
    p.add_argument("survey", metavar="SURVEY", help="survey task id, e.g. startenkat")
    p.add_argument("--answer", dest="answers", type=answer, action="extend", nargs="+",
                   required=True, metavar="QUESTION=VALUE",
                   help="answers; numbers, true/false and null are stored as such")
    on(p, "answer date")

    p = command(sub, "post-exit", "post_exit", "record what a post-exit follow-up found")
    case_id(p)
    p.add_argument("follow_up", metavar="FOLLOW_UP", help="post-exit follow-up id")
    p.add_argument("status", metavar="STATUS", help="an outcome id, or not_reachable")
    on(p, "when it was found")
    p.add_argument("--before-window", action="store_true",
                   help="record it although the follow-up's window has not opened yet")

    from engine.cli.notices import add_notice_commands
    add_notice_commands(sub, command)
    from engine.cli.budget import add_budget_commands
    add_budget_commands(sub, command)
    from engine.cli.board import add_board_commands
    add_board_commands(sub, command)
    from engine.cli.moving_in import add_import_command
    add_import_command(sub, command)
    from engine.cli.definitions import add_definitions_commands
    add_definitions_commands(sub, command)

    p = command(sub, "migrate", "migrate", "move cases to the programme's current definition "
                                           "(a dry run unless --apply)")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id")
    p.add_argument("--apply", metavar="HASH",
                   help="apply the migration; HASH is the content hash the dry run printed")


def run_case_command(args: argparse.Namespace) -> int | None:
    """Run a case command and return its exit code; None when ``args`` is another command.

    Errors are raised as :class:`~engine.errors.StegvisError` for the caller to print.
    """
    handler = getattr(args, HANDLER, None)
    if handler is None:
        return None
    from engine.cli.cases_run import run
    return run(handler, args)

