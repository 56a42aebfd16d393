"""Commands for what goes before the board: ``event run``, ``archive list``,
``evaluation done`` and ``decision record``.

Declared here (cheap); run through the case commands' runner (engine/cli/cases_run.py),
so they take the common options (``--database``, ``--as``, ``--today``, ``--json``).

- ``stegvis event run PROGRAMME EVENT_KEY [--day DATE] [--draft] [--again]``: run a
  programme-calendar event as the scheduled calendar does (``stegvis report list``
  shows the report keys): a report is produced, archived and sent once; a run before
  its day is refused unless ``--draft``; ``--again`` issues a report once more after
  corrections.  Without ``stegvis serve`` (or after a stopped run) this is how an
  event is run by hand.
- ``stegvis archive list PROGRAMME``: every archived version with its content hash.
- ``stegvis archive export PROGRAMME FOLDER``: every version's files, from the database
  into a folder (each checked against its hash).
- ``stegvis evaluation done PROGRAMME STEP --year YEAR``: a step of the evaluation done.
- ``stegvis decision record PROGRAMME --meeting MEETING --decision continue|change|stop
  --text TEXT [--on DATE]``: the decision meeting's decision.
"""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.options import DATE_HELP, output_folder, parse_date
from engine.errors import InputError
from engine.inputs.numbers import shown, whole_number

#: The handler names of these commands (see engine/cli/cases_run.py).
BOARD_HANDLERS = ("event_run", "archive_list", "archive_export", "evaluation_done",
                  "decision_record")


def _year(text: str) -> int:
    try:
        return whole_number(text, low=1900, high=2199)
    except InputError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a year, e.g. 2026") from None


def add_board_commands(sub: argparse._SubParsersAction[Any], command: Any) -> None:
    """Register the commands; ``command`` builds a parser with the common options."""
    event = sub.add_parser("event", help="run a programme-calendar event (report, draft, "
                                         "evaluation) as the schedule does",
                           description="Programme-calendar events (docs/scheduled-reports.md).")
    event_sub = event.add_subparsers(dest="event_command", required=True, metavar="COMMAND")
    p = command(event_sub, "run", "event_run", "run a calendar event once: a report is "
                                                "produced, archived and sent exactly once")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id, e.g. rebus")
    p.add_argument("event_key", metavar="EVENT_KEY",
                   help="e.g. report:arsrapport:6, report_draft:arsrapport:6, "
                        "evaluation:arlig_utvardering:2026:complete")
    p.add_argument("--day", type=parse_date, metavar="DATE",
                   help=f"the day the run is for ({DATE_HELP}; default: today)")
    p.add_argument("--draft", action="store_true",
                   help="an extra draft of the report for its author, before its day")
    p.add_argument("--again", action="store_true",
                   help="issue the report again after corrections (a new version when its "
                        "figures changed)")

    archive = sub.add_parser("archive", help="the report archive (archive list)",
                             description="The archived reports, drafts and evaluations.")
    archive_sub = archive.add_subparsers(dest="archive_command", required=True,
                                         metavar="COMMAND")
    p = command(archive_sub, "list", "archive_list", "every archived version of a programme's "
                                                     "reports, with its content hash")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id")
    p = command(archive_sub, "export", "archive_export", "write every archived version's "
                                                         "files from the database into a "
                                                         "folder")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id")
    p.add_argument("folder", metavar="FOLDER", type=output_folder,
                   help="where: <programme>/<subject>/<kind>-v<version>/ under it")

    evaluation = sub.add_parser("evaluation", help="the yearly evaluation (evaluation done)",
                                description="The yearly evaluation before the decision "
                                            "meeting (docs/scheduled-reports.md).")
    evaluation_sub = evaluation.add_subparsers(dest="evaluation_command", required=True,
                                               metavar="COMMAND")
    p = command(evaluation_sub, "done", "evaluation_done", "record a step of the yearly "
                                                           "evaluation done")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id, e.g. rebus")
    p.add_argument("step", metavar="STEP", help="the step's id, e.g. prognos")
    p.add_argument("--year", type=_year, required=True, help="the operating year evaluated")
    p.add_argument("--evaluation", metavar="ID",
                   help="which evaluation (default: the programme's first)")
    p.add_argument("--on", type=parse_date, metavar="DATE",
                   help=f"when it was done ({DATE_HELP}; default: today)")
    p.add_argument("--note", default="", help="a short note")

    decision = sub.add_parser("decision", help="the decision meeting's decision (decision "
                                               "record)",
                              description="Decisions of the decision meeting on a programme.")
    decision_sub = decision.add_subparsers(dest="decision_command", required=True,
                                           metavar="COMMAND")
    p = command(decision_sub, "record", "decision_record", "record the decision of a meeting: "
                                                           "continue, change or stop")
    p.add_argument("programme", metavar="PROGRAMME", help="programme id, e.g. rebus")
    p.add_argument("--meeting", required=True, metavar="MEETING",
                   help="the meeting's id, e.g. styrelsemote_november")
    p.add_argument("--decision", required=True, choices=("continue", "change", "stop"))
    p.add_argument("--text", required=True, help="what was decided and why")
    p.add_argument("--on", type=parse_date, metavar="DATE",
                   help=f"the meeting's date ({DATE_HELP}; default: today)")


def run_board(ctx: Any, args: argparse.Namespace, actor: str) -> tuple[str, Any]:
    """Run the command named by ``args.case_handler``: (text, data for --json)."""
    from engine.service.shared.published import running_spec

    handler = args.case_handler
    if handler == "event_run":
        from engine.service.programme.calendar_runs import run_calendar_event
        spec = running_spec(ctx, args.programme)
        run = run_calendar_event(ctx, spec, args.event_key, args.day or ctx.today(),
                                 ctx.today(), draft=args.draft, again=args.again, actor=actor)
        return _run_text(run)
    if handler == "archive_list":
        from engine.service.programme.report_runs import archived
        versions = archived(ctx, args.programme)
        lines = [f"{v.produced_at[:16]}  {v.kind:<16} v{v.version}  {v.name}  "
                 f"sha256 {v.content_hash[:16]}…  {len(v.files)} file(s)" for v in versions]
        return ("\n".join(lines) or f"nothing archived for {args.programme} yet",
                [{"id": v.id, "subject": v.subject, "kind": v.kind, "version": v.version,
                  "name": v.name, "content_hash": v.content_hash, "folder": str(v.folder),
                  "files": list(v.files), "produced_at": v.produced_at} for v in versions])
    if handler == "archive_export":
        from engine.inputs.files import user_folder
        from engine.service.programme.report_runs import export_archive
        folders = export_archive(ctx, args.programme, user_folder(args.folder))
        return (f"{len(folders)} version(s) of {args.programme} written under {args.folder}"
                + "".join(f"\n  {folder}" for folder in folders),
                {"folder": str(args.folder), "written": [str(f) for f in folders]})
    if handler == "evaluation_done":
        from engine.service.programme.evaluation import complete_step
        due = complete_step(ctx, args.programme, args.evaluation, args.step, args.year,
                            actor, args.on, args.note)
        return (f"{args.step} ({args.year}) recorded done (it was due {due})",
                {"step": args.step, "year": args.year, "due_on": due})
    from engine.service.programme.evaluation import record_decision
    done = record_decision(ctx, args.programme, args.meeting, args.decision, args.text, actor,
                           args.on)
    return (f"{done.meeting} {done.meeting_on}: {done.body} decided to {done.decision} "
            f"({done.programme})", {"programme": done.programme, "meeting": done.meeting,
                                    "meeting_on": done.meeting_on, "body": done.body,
                                    "decision": done.decision, "text": done.text,
                                    "evaluation_year": done.evaluation_year})


def _run_text(run: Any) -> tuple[str, Any]:
    produced, recorded = run.produced, run.recorded
    data: dict[str, Any] = {"event_key": run.event.key, "kind": run.event.kind,
                            "recorded": bool(recorded and recorded.new)}
    if produced is None:
        what = "recorded" if recorded and recorded.new else "already ran: nothing recorded"
        return f"{run.event.key}: {what}", data
    data.update(outcome=produced.outcome, version=produced.version, folder=produced.folder,
                files=list(produced.files), mailed=list(produced.mailed),
                unaddressed=list(produced.unaddressed), missing=produced.gaps,
                flags=list(produced.flags), content_hash=produced.content_hash)
    if produced.outcome != "produced":
        words = {"done_before": "already produced: nothing added",
                 "in_progress": "being produced by another run: nothing added",
                 "unchanged": f"figures unchanged since version {produced.version}: "
                              "nothing sent"}[produced.outcome]
        return f"{run.event.key}: {words}", data
    lines = [f"{produced.name}: version {produced.version} archived in {produced.folder}",
             f"  e-mail to: {', '.join(produced.mailed) or 'nobody'}"]
    lines += [f"  {line}" for line in (*produced.unaddressed, *produced.flags)]
    if produced.gaps:
        lines.append(f"  {produced.gaps} missing item(s) go to the coordinators' next digest")
    return "\n".join(lines), data
