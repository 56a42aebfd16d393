"""Plain-text views of what the case commands read: the task list, a case, a reimbursement.

The ``--json`` output is the service layer's data as it is; these are for people.  Task
and phase names stay in Swedish, as the definitions write them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from engine.clock import STOCKHOLM

WHAT_WIDTH = 50
AUDIT_SHOWN = 10


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def tasks_text(rows: list[dict[str, Any]], today: date, limit: int) -> str:
    """The open obligations as a table: due, case, obligation key, kind, what, coordinator."""
    if not rows:
        return "no open obligations match"
    key_width = max(10, *(len(r["key"]) for r in rows))
    kind_width = max(4, *(len(r["kind"]) for r in rows))
    lines = [f"{'due':<10}  {'case':>5}  {'obligation':<{key_width}}  {'kind':<{kind_width}}  "
             f"{'what':<{WHAT_WIDTH}}  coordinator"]
    overdue = 0
    for row in rows:
        late = row["due_on"] < today.isoformat()
        overdue += late
        lines.append(f"{row['due_on']:<10}  {row['case_id']:>5}  {row['key']:<{key_width}}  "
                     f"{row['kind']:<{kind_width}}  {_cut(row['name'], WHAT_WIDTH):<{WHAT_WIDTH}}  "
                     f"{row['coordinator']}{'  OVERDUE' if late else ''}")
    more = (f"; the limit of {limit} was reached, raise --limit to see more"
            if len(rows) >= limit else "")
    lines.append(f"{len(rows)} open obligation(s), {overdue} overdue on {today}{more}")
    return "\n".join(lines)


def cases_text(rows: list[dict[str, Any]], limit: int) -> str:
    """A caseload as a table: case, programme, participant, status, phase, counts."""
    if not rows:
        return "no cases match"
    lines = [f"{'case':>5}  {'programme':<10}  {'participant':<14}  {'status':<8}  "
             f"{'phase':<22}  {'enrolled':<10}  {'open':>4}  {'overdue':>7}  coordinator"]
    for row in rows:
        lines.append(f"{row['id']:>5}  {row['programme_id']:<10}  "
                     f"{_cut(row['participant'], 14):<14}  {row['status']:<8}  "
                     f"{_cut(row['phase'], 22):<22}  {row['enrolled_on']:<10}  "
                     f"{row['open']:>4}  {row['overdue']:>7}  {row['coordinator']}")
    more = "; the limit was reached, raise --limit" if len(rows) >= limit else ""
    lines.append(f"{len(rows)} case(s), {sum(r['overdue'] for r in rows)} overdue "
                 f"obligation(s){more}")
    return "\n".join(lines)


def _iso(value: Any) -> str:
    return str(value) if value not in (None, "") else "–"


def _local(stamp: str) -> str:
    """A stored instant (UTC, with or without its offset) as Swedish local time."""
    at = datetime.fromisoformat(stamp)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def case_text(view: dict[str, Any], today: date) -> str:
    """One case for a person to read: facts, phases, obligations, meetings, requests, log."""
    case, programme, person = view["case"], view["programme"], view["participant"]
    lines = [f"case {case['id']} · {programme['name']} ({programme['id']} version "
             f"{programme['version']}) · case version {case['row_version']}",
             f"  participant   {person['key']}: {person['gender']}, born {person['birth_year']}, "
             f"{person['municipality']}; identity number on file: "
             f"{'yes' if person['identity_number_on_file'] else 'no'}",
             f"  status        {case['status']}, phase {case['phase']}",
             f"  coordinator   {case['coordinator']}; referring party "
             f"{_iso(case['referring_party'])}",
             f"  enrolled      {case['enrolled_on']}"
             + (f" (referred {case['referred_on']})" if case.get("referred_on") else "")
             + f"; planned end {_iso(case['planned_end_on'])}"
             + (" (extended)" if case["extended_to"] else "")]
    said = []  # what the coordinator recorded at enrolment (issue 25)
    if case.get("consent_on"):
        said.append(f"consent to take part {case['consent_on']}")
    if case.get("active_parties") is not None:
        said.append("active at " + (", ".join(case["active_parties"]) or "no party"))
    elif case.get("parties_active") is not None:
        said.append(f"active at {case['parties_active']} parties")
    if said:
        lines.append("  recorded      " + "; ".join(said))
    extras = [f"{label} {case[field]}" for field, label in
              (("track", "track"), ("type_case", "type case"), ("placement_form", "placement"),
               ("agreed_interval", "agreed follow-up interval")) if case.get(field)]
    if extras:
        lines.append("  also          " + "; ".join(extras))
    if case["status"] == "exited":
        sub = f" ({case['sub_outcome']})" if case["sub_outcome"] else ""
        done = "completed" if case["completed"] else "not completed"
        lines.append(f"  exited        {case['exited_on']}: {case['outcome']}{sub}, {done}")
    lines.append("phases:")
    lines.extend(f"  {p['entered_on']}  {p['phase']}" for p in view["phases"])
    if not view["phases"]:
        lines.append("  none yet (waiting list)")
    open_rows = [o for o in view["obligations"] if o["status"] == "open"]
    lines.append(f"open obligations ({len(open_rows)}):")
    for o in open_rows:
        late = "  OVERDUE" if o["due_on"] < today.isoformat() else ""
        lines.append(f"  {o['due_on']}  {o['key']:<32}  {_cut(o['name'], 60)}{late}")
    done_rows = [o for o in view["obligations"] if o["status"] == "done"]
    if done_rows:
        lines.append(f"done ({len(done_rows)}):")
        lines.extend(f"  {o['completed_on'] or o['due_on']}  {o['key']:<32}  "
                     f"{o['completed_by'] or o['note'] or ''}" for o in done_rows)
    if view["follow_ups"]:
        lines.append("follow-ups:")
        lines.extend(f"  {f['held_on']}  " + (f"[{f['series']}] " if f.get("series") else "")
                     + f"step movement {f['step_movement']:<6}  "
                     f"{', '.join(f['attendees'])}" + (f"  – {f['notes']}" if f["notes"] else "")
                     for f in view["follow_ups"])
    if view["extension_requests"]:
        lines.append("extension requests:")
        for r in view["extension_requests"]:
            decided = (f", {r['decided_on']} by {r['decided_by']}" if r["decided_by"] else
                       f", to be decided by {r['approver_role']}")
            lines.append(f"  {r['id']}: {r['length']}, asked {r['requested_on']} by "
                         f"{r['requested_by']}: {r['status']}{decided}")
    log = view["audit"]
    lines.append(f"audit log ({len(log)} {'entry' if len(log) == 1 else 'entries'}"
                 + (f", the last {AUDIT_SHOWN} shown; --json shows all" if len(log) > AUDIT_SHOWN
                    else "") + "):")
    lines.extend(f"  {_local(a['at'])}  {a['actor']:<16}  {a['action']}"
                 for a in log[-AUDIT_SHOWN:])
    return "\n".join(lines)


def reimbursement_text(data: dict[str, Any]) -> str:
    """The reimbursement on one line: base, premium and total."""
    if data["premium_measurable"]:
        premium = (f" + effect premium {data['premium']:g} ({data['levels_gained']} level(s) "
                   "gained)")
    else:
        premium = ", no effect premium yet (the gain counts once the measuring period is over)"
    return (f"case {data['case_id']} on {data['on']}: need level {data['need_level']}, base "
            f"{data['base']:g}{premium} = {data['total']:g} {data['currency']} per "
            f"{data['period']}")
