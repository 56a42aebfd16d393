"""Free text out of the audit log: what erasure would have to remove is kept apart.

The audit log is append-only (its database triggers refuse UPDATE and DELETE), which is
what makes it worth having; so it may hold nothing that erasing a participant must
remove.  Before an entry is written its before and after are split: the fields that
carry what somebody wrote about a person (``PERSONAL_FIELDS``) go to ``audit_texts``,
and the entry keeps ``KEPT_APART`` in their place.  Reading an entry puts them back
(:func:`audit_entries`); ``stegvis purge`` deletes them, and the entry then shows
``KEPT_APART`` where the text was (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.service.shared.text_checks import check_values
from engine.store.privacy_tables import AuditTextRow
from engine.store.tables import AuditRow

_AUDIT = AuditRow.__table__  # type: ignore[attr-defined]

#: Fields whose value is free text about a person, or the participant's key, in an entry
#: of a case.  The same list as migration 0014's, which moved the texts of entries
#: written before it.
PERSONAL_FIELDS = frozenset({"text", "notes", "note", "reason", "decision_note", "answers",
                             "participant_key", "personnummer"})
#: The same in an entry of no case (an account, a budget, a board decision): only what
#: names a participant.  A board's decision or a budget analysis is about the programme
#: and stays in the log as written.
NAMING_FIELDS = frozenset({"participant_key", "personnummer"})
#: What an entry holds where a personal field's value was.
KEPT_APART = "[audit_texts]"


def split_personal(value: dict[str, Any] | None, prefix: str = "",
                   fields: frozenset[str] = PERSONAL_FIELDS
                   ) -> tuple[dict[str, Any] | None, list[tuple[str, Any]]]:
    """``value`` with its ``fields`` replaced by KEPT_APART, and those fields as
    (dotted path, value); empty and None values stay where they are."""
    if value is None:
        return None, []
    clean: dict[str, Any] = {}
    texts: list[tuple[str, Any]] = []
    for key, item in value.items():
        path = f"{prefix}{key}"
        if key in fields and item not in (None, "", [], {}):
            clean[key] = KEPT_APART
            texts.append((path, item))
        elif isinstance(item, dict):
            clean[key], inner = split_personal(item, f"{path}.", fields)
            texts.extend(inner)
        else:
            clean[key] = item
    return clean, texts


def add_audit_entry(session: Session, entry: AuditRow) -> None:
    """Add ``entry`` to the session with its personal fields kept apart; InputError
    naming the field if a text may not be stored (``engine.service.shared.text_checks``)."""
    check_values(_AUDIT, {"before": entry.before, "after": entry.after})
    fields = PERSONAL_FIELDS if entry.case_id is not None else NAMING_FIELDS
    entry.before, before = split_personal(entry.before, fields=fields)
    entry.after, after = split_personal(entry.after, fields=fields)
    session.add(entry)
    if not before and not after:
        return
    session.flush()
    assert entry.id is not None
    for side, texts in (("before", before), ("after", after)):
        for field, value in texts:
            session.add(AuditTextRow(audit_id=entry.id, case_id=entry.case_id, side=side,
                                     field=field, value=value))


def _put(value: dict[str, Any] | None, field: str, text: Any) -> None:
    node = value
    *parents, last = field.split(".")
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node[last] = text


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def audit_entries(session: Session, case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The audit entries of these cases, oldest first, with their texts put back."""
    ids = list(case_ids)
    if not ids:
        return []
    return _merged(session, col(AuditRow.case_id).in_(ids),
                   col(AuditTextRow.case_id).in_(ids))


def entries_naming_participant(session: Session, key: str) -> list[dict[str, Any]]:
    """The audit entries of no case that name the participant ``key`` (a citizen
    account made for them), oldest first, with their texts put back."""
    ids = [t.audit_id for t in session.exec(select(AuditTextRow).where(
        col(AuditTextRow.case_id).is_(None),
        col(AuditTextRow.field).endswith("participant_key"))).all() if t.value == key]
    if not ids:
        return []
    return _merged(session, col(AuditRow.id).in_(ids), col(AuditTextRow.audit_id).in_(ids))


def _merged(session: Session, which: Any, which_texts: Any) -> list[dict[str, Any]]:
    rows = session.exec(select(AuditRow).where(which).order_by(col(AuditRow.id))).all()
    texts = session.exec(select(AuditTextRow).where(which_texts)
                         .order_by(col(AuditTextRow.id))).all()
    entries: dict[int, dict[str, Any]] = {}
    for row in rows:
        assert row.id is not None
        entries[row.id] = {name: _plain(getattr(row, name)) for name in
                           ("id", "at", "actor", "action", "case_id")}
        entries[row.id]["before"] = deepcopy(row.before)
        entries[row.id]["after"] = deepcopy(row.after)
    for text in texts:
        entry = entries.get(text.audit_id)
        if entry is not None:
            _put(entry[text.side], text.field, text.value)
    return list(entries.values())
