"""What people type is checked in one place, before anything is stored.

Every row a transaction is about to write passes :func:`check_session` (a
``before_flush`` hook on each :meth:`~engine.service.shared.context.Context.transaction`);
Core inserts of the same rows (bulk enrolment) pass :func:`check_values`.  For each
text a person typed — keys, names, notes, reasons, answers, who acts — three rules:

- **no identity number** in any written form, and **no control characters**: the
  door for typed text, :func:`engine.inputs.text.text_problem` (its docstring says
  why), which commands and forms also call before they get this far;
- **no longer than its column** (``max_length`` in :mod:`engine.store.tables`), the
  same limit on SQLite as on PostgreSQL — for every text column, typed or not.

A refusal is an :class:`~engine.errors.InputError` naming the field and the rule, never
the text itself, and the transaction stores nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy import inspect as inspect_row
from sqlalchemy.orm import Session

from engine.errors import InputError
from engine.inputs.identity_text import contains_identity_number
from engine.inputs.spreadsheet import formula_problem
from engine.inputs.text import text_problem

__all__ = [
    "LONGEST_TEXT",
    "MULTILINE",
    "NAMES",
    "NOT_BLANK",
    "NOT_TYPED",
    "TYPED",
    "check_session",
    "check_value",
    "check_values",
    "text_problem",
]

#: The columns people type, by table, with the name a message gives them.
TYPED: dict[str, dict[str, str]] = {
    "participants": {"key": "the participant key", "municipality": "the municipality"},
    "cases": {"coordinator": "the coordinator's name", "municipality": "the municipality",
              "referring_party": "the referring party"},
    "follow_ups": {"notes": "the notes", "recorded_by": "who records it (--as)"},
    "goals": {"text": "the goal"},
    "survey_answers": {"answers": "the survey answers"},
    "extension_requests": {"reason": "the reason", "requested_by": "who asks (--as)",
                           "decided_by": "who decides (--as)",
                           "decision_note": "the note"},
    "assessments": {"assessed_by": "who assesses (--as)"},
    "post_exit_results": {"recorded_by": "who records it (--as)"},
    "obligations": {"completed_by": "who completes it (--as)", "meeting_place": "the place"},
    "contacts": {"name": "the contact's name", "email": "the e-mail address",
                 "display_name": "the display name"},
    "audit_log": {"actor": "who acts (--as)", "before": "the audit entry",
                  "after": "the audit entry"},
    "audit_texts": {"value": "the audit entry's text"},
    "users": {"name": "the account name", "display_name": "the display name",
              "email": "the e-mail address", "phone": "the phone number",
              "participant_key": "the participant key"},
    "budget_periods": {"updated_by": "who records it (--as)"},
    "budget_reviews": {"causes": "the causes", "action_plan": "the action plan",
                       "analysed_by": "who analyses (--as)", "planned_by": "who plans (--as)"},
    "board_decisions": {"text": "the decision's text", "recorded_by": "who records it (--as)"},
    "staff_training": {"course": "the course", "role": "the role",
                       "recorded_by": "who records it (--as)"},
    "programme_obligations": {"completed_by": "who completes it (--as)"},
    "sign_in_links": {"created_by": "who makes the link (--as)",
                      "revoked_by": "who revokes the link (--as)"},
    "report_archive": {"produced_by": "who produces the report (--as)"},
    "access_log": {"user_name": "the account name"},
    "definition_publications": {"reason": "the reason for publishing",
                                "published_by": "who publishes (--as)"},
    "definition_drafts": {"saved_by": "who saves the draft"},
}
#: Every other text column, and why nobody types it: a test (tests/test_door_text.py)
#: fails for a text column in neither table, so a new column is classified when it is
#: added instead of being forgotten.
NOT_TYPED: dict[str, str] = {
    # Ids, names and choices read from the programme's definition (checked there).
    "from the definition": (
        "assessments.need_level budget_periods.programme_id budget_periods.period "
        "budget_reviews.programme_id budget_reviews.period board_decisions.programme_id "
        "board_decisions.meeting board_decisions.body board_decisions.decision "
        "calendar_runs.programme_id calendar_runs.event_key calendar_runs.kind "
        "calendar_runs.name cases.programme_id cases.gender cases.phase cases.track "
        "cases.agreed_interval cases.placement_form cases.type_case cases.outcome "
        "cases.sub_outcome cases.active_parties cases.income_at_start cases.income_at_exit "
        "contacts.kind contacts.language contacts.programme_id definition_versions.programme_id "
        "digests.programme_id enrolment_refusals.programme_id enrolment_refusals.gender "
        "enrolment_refusals.criteria erasures.programme_id erasures.retention "
        "extension_requests.length extension_requests.approver_role follow_ups.attendees "
        "follow_ups.step_movement follow_ups.series notices.programme_id "
        "obligations.programme_id obligations.key obligations.kind obligations.name "
        "obligations.phase obligations.escalate_to obligations.attendees "
        "obligations.responsible obligations.rule obligations.source "
        "obligations.coordinator obligations.municipality participants.gender "
        "phase_entries.phase post_exit_results.follow_up programme_obligations.programme_id "
        "programme_obligations.key programme_obligations.kind programme_obligations.name "
        "programme_obligations.subject programme_obligations.responsible "
        "programme_obligations.escalate_to programme_obligations.rule "
        "programme_obligations.source report_archive.programme_id report_archive.subject "
        "report_archive.kind report_archive.name report_archive.period_key report_archive.lang "
        "report_gaps.programme_id report_gaps.coordinator report_gaps.kind report_gaps.what "
        "report_runs.programme_id report_runs.event_key report_runs.purpose "
        "report_runs.period_key staff_training.programme_id survey_answers.survey "
        "users.role users.programme_id access_log.role definition_drafts.programme_id "
        "definition_publications.programme_id"),
    # A definition's YAML: read through the YAML door (engine.definitions.yaml_source)
    # and checked as a definition before it is saved or published.
    "a definition's text": (
        "definition_drafts.source_text definition_publications.source_text"),
    # States and texts the code writes itself.
    "written by the code": (
        "access_log.what access_log.detail audit_log.action audit_texts.side "
        "audit_texts.field calendar_runs.note cases.status digests.recipient_kind "
        "digests.recipient digests.email digests.message_id digests.status "
        "digests.last_error digests.letter extension_requests.status goals.status "
        "notices.key notices.stage notices.recipient_kind notices.recipient notices.status "
        "obligations.status obligations.note post_exit_results.status "
        "programme_obligations.status programme_obligations.note report_archive.folder "
        "report_archive.files report_archive.summary report_runs.status "
        "report_runs.last_error definition_versions.source_text installation_secrets.name "
        "report_files.name"),
    # What a running serve records of itself (its id, machine name, Prefect's flow-run
    # ids): from the system, never typed by a person.
    "a worker's own record": "serve_workers.id serve_workers.host serve_workers.flow_runs",
    # Secrets and digests: random or computed, never typed, never shown.
    "hashes and tokens": (
        "contacts.feed_token definition_versions.content_hash report_archive.content_hash "
        "sign_in_links.token_hash sign_in_links.code_hash users.password_hash "
        "participants.personnummer "
        "installation_secrets.value report_files.sha256"),
}
#: Typed texts that are names: shown in the reports' spreadsheets as row labels, so they
#: may not start like a formula (engine.inputs.spreadsheet).
NAMES = {("participants", "municipality"), ("cases", "municipality"),
         ("cases", "referring_party"), ("cases", "coordinator"), ("users", "name"),
         ("users", "display_name"), ("contacts", "name"), ("contacts", "display_name"),
         ("staff_training", "course"), ("staff_training", "role")}
#: The longest a typed text without a column length may be (causes, an action plan).
LONGEST_TEXT = 20_000
#: Texts that may span lines (line breaks and tabs; no other control character).
MULTILINE = {("follow_ups", "notes"), ("goals", "text"), ("extension_requests", "reason"),
             ("extension_requests", "decision_note"), ("audit_log", "before"),
             ("audit_log", "after"), ("audit_texts", "value"), ("budget_reviews", "causes"),
             ("budget_reviews", "action_plan"), ("board_decisions", "text"),
             ("definition_publications", "reason")}
#: Typed texts that may not be blank (the others are checked by their operation).
NOT_BLANK = {("participants", "key"), ("cases", "coordinator"), ("contacts", "name"),
             ("contacts", "email"), ("audit_log", "actor"),
             ("definition_publications", "reason"), ("definition_publications", "published_by")}


#: Keys of JSON details whose values are digests the code computed (SHA-256 in hex).
DIGEST_KEYS = frozenset({"content_hash", "sha256"})
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _texts(value: Any) -> Iterator[tuple[str, str]]:
    """(key, text) of every text in a JSON value, keys included."""
    if isinstance(value, str):
        yield "", value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, float) and not math.isfinite(value):
        # NaN and infinities are no JSON (PostgreSQL refuses them; SQLite kept them and
        # every export printed invalid JSON): refused like any other bad text.
        raise InputError(f"{value!r} is not a finite number; give a number",
                         kind="not_finite", value=repr(value))
    elif isinstance(value, int | float):
        yield "", str(value)  # an answer typed as a number is still a number
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key), str(key)
            if key in DIGEST_KEYS and isinstance(item, str) and _DIGEST.fullmatch(item):
                # A SHA-256 the code computed is no typed text: its hex digits can hold
                # ten or twelve that look like a personnummer (an archived report's
                # audit entry was refused for that; issue 22).
                continue
            yield from ((inner or str(key), text) for inner, text in _texts(item))
    elif isinstance(value, Iterable):
        for item in value:
            yield from _texts(item)


def check_value(table: Table, column: str, value: Any) -> None:
    """InputError if ``value`` may not go into ``table.column`` (see module doc)."""
    if value is None:
        return
    label = TYPED.get(table.name, {}).get(column)
    length = getattr(table.c[column].type, "length", None)  # String, or SQLModel's AutoString
    if length is None and label is not None:
        length = LONGEST_TEXT
    if isinstance(value, str) and length is not None and len(value) > length:
        what = label or f"{column.replace('_', ' ')} of {table.name.replace('_', ' ')}"
        raise InputError(f"{what} is {len(value)} characters long; at most {length} fit",
                         kind="text_too_long", what=what, n=len(value), length=length)
    if label is None:
        return
    if isinstance(value, str) and not value.strip() and (table.name, column) in NOT_BLANK:
        raise InputError(f"{label} is empty", kind="text_empty", what=label)
    if isinstance(value, str) and (table.name, column) in NAMES:
        problem = formula_problem(value)
        if problem is not None:
            raise InputError(f"{label} {problem}", kind="formula_prefix", what=label)
    multiline = (table.name, column) in MULTILINE
    for key, text in _texts(value):
        problem = text_problem(text, multiline=multiline)
        if problem is not None:
            # An audit entry's keys are the code's (reason, note); a survey's are typed.
            named = f"the {key.replace('_', ' ')}" if key and table.name == "audit_log" \
                else label
            raise InputError(f"{named} {problem}", what=named,
                             kind=("text_identity_number" if contains_identity_number(text)
                                   else "text_control_character"))


def check_values(table: Table, values: Mapping[str, Any]) -> None:
    """Check a row about to be inserted with Core (see :func:`check_value`)."""
    for column, value in values.items():
        if column in table.c:
            check_value(table, column, value)


def check_session(session: Session, _context: Any = None, _instances: Any = None) -> None:
    """``before_flush``: check every new row, and every changed text of a changed row.

    Rows already stored are not judged again: a text stored before these rules is only
    refused when someone writes it anew.  Audit entries come last, so a refusal names
    the field that was typed rather than the audit entry that copies it.
    """
    rows = [*session.dirty, *session.new]
    rows.sort(key=lambda row: getattr(row, "__tablename__", "") == "audit_log")
    for row in rows:
        table = getattr(type(row), "__table__", None)
        if not isinstance(table, Table):
            continue
        state = inspect_row(row)
        for column in table.c:
            if column.key not in state.attrs:
                continue
            if state.pending or state.transient:
                check_value(table, column.key, getattr(row, column.key))
                continue
            for value in state.attrs[column.key].history.added:
                check_value(table, column.key, value)
