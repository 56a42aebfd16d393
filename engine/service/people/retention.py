"""Erasure of personal data past a programme's retention period (``stegvis purge``).

A case exited longer ago than its programme's ``retention.after_exit`` loses what
identifies the participant and what was written about them: the free text of its
goals, follow-ups, extension requests and obligations, the texts of its audit entries
(kept apart for this, ``engine.service.shared.audit_texts``), its survey answers down to the
score the reports compare, and its sign-in links.  Once every case of a participant is
erased, the participant's key becomes an anonymous token and the identity number,
date of birth, consent date and citizen accounts go.  What the reports count stays:
dates, gender, birth year, municipality, outcome, phase history, obligations and how
they went, assessments, post-exit results — so a report of a past period gives the same
figures after a purge as before (docs/privacy.md).

A programme whose definition has no ``retention`` is never purged.  Each erased case
is recorded in ``erasures`` and in the audit log, so a second run erases nothing again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from engine.dates.durations import Duration
from engine.definitions.spec import ProgrammeSpec
from engine.errors import StegvisError
from engine.rules.surveys import answer_score
from engine.service.shared.context import Context, audit, load_case, spec_from_text
from engine.service.shared.published import current_definition
from engine.store.account_tables import SignInLinkRow, UserRow
from engine.store.database import erase_freed_space
from engine.store.privacy_tables import AuditTextRow, ErasureRow
from engine.store.tables import (
    CaseRow,
    DefinitionVersionRow,
    ExtensionRequestRow,
    FollowUpRow,
    GoalRow,
    ObligationRow,
    ParticipantRow,
    SurveyAnswerRow,
)

#: The one answer an erased survey keeps: the sum of its numeric answers, which is what
#: the reports compare (``survey_answers.score``, engine.rules.surveys.answer_score).
SCORE_KEY = "summa"
#: How an anonymised participant's key begins.
ANONYMOUS_PREFIX = "anonym-"
#: The letters of an anonymous key: no digits, so that no key can look like a personal
#: identity number.  Random hex did for about one key in 7,400 ("anonym-cae338209883340a"
#: holds ten digits in a row); the store refuses such a key, and the whole purge failed.
_KEY_LETTERS = "abcdefghjkmnpqrstuvwxyz"


def anonymous_key() -> str:
    """A fresh key for an erased participant: random, and no identity number in it."""
    return ANONYMOUS_PREFIX + "".join(secrets.choice(_KEY_LETTERS) for _ in range(16))


@dataclass(frozen=True, slots=True)
class ProgrammePurge:
    """What a purge did, or would do, in one programme."""

    programme_id: str
    name: str
    #: The retention period after exit; None when the definition sets none.
    after_exit: Duration | None
    #: The cases past it (erased, or to be erased on a dry run), by id.
    case_ids: tuple[int, ...]


#: The tables a purge overwrites or deletes from: rewritten afterwards on PostgreSQL.
ERASED_TABLES = ["goals", "follow_ups", "extension_requests", "obligations",
                 "survey_answers", "audit_texts", "sign_in_links", "participants", "users"]


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """The outcome of :func:`purge`."""

    today: date
    dry_run: bool
    programmes: tuple[ProgrammePurge, ...]
    #: Participants made anonymous (all their cases erased); 0 on a dry run.
    participants: int

    @property
    def cases(self) -> int:
        """How many cases were (or would be) erased."""
        return sum(len(p.case_ids) for p in self.programmes)


def _current_spec(ctx: Context, session: Session, programme_id: str) -> ProgrammeSpec:
    """The definition the programme runs now, else the newest one stored (a programme
    no longer in the definitions folder and never published still has its cases)."""
    try:
        return current_definition(ctx, session, programme_id).spec
    except StegvisError:
        row = session.exec(select(DefinitionVersionRow)
                           .where(DefinitionVersionRow.programme_id == programme_id)
                           .order_by(col(DefinitionVersionRow.id).desc())).first()
        if row is None:
            raise
        return spec_from_text(row.source_text, f"{row.programme_id} v{row.version}")


def due_for_purge(ctx: Context, session: Session, *,
                  lock: bool = False) -> tuple[ProgrammePurge, ...]:
    """Per programme with exited cases: the cases past its retention, not yet erased.

    ``lock``: lock those cases' rows (PostgreSQL; SQLite's writer holds the database),
    so that nobody reopens one between this and its erasure.
    """
    today = ctx.today()
    erased = set(session.exec(select(ErasureRow.case_id)).all())
    programmes = sorted(set(session.exec(select(CaseRow.programme_id)
                                         .where(CaseRow.status == "exited")).all()))
    found = []
    for programme_id in programmes:
        spec = _current_spec(ctx, session, programme_id)
        kept = spec.retention.after_exit if spec.retention else None
        cases: list[int] = []
        if kept is not None:
            query = select(col(CaseRow.id), col(CaseRow.exited_on)).where(
                CaseRow.programme_id == programme_id, CaseRow.status == "exited",
                col(CaseRow.exited_on).is_not(None)).order_by(col(CaseRow.id))
            if lock and session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update()
            exits = session.exec(query).all()
            cases = [case_id for case_id, exited_on in exits
                     if case_id is not None and case_id not in erased
                     and exited_on is not None
                     and kept.after(exited_on) < today]
        found.append(ProgrammePurge(programme_id, spec.name, kept, tuple(cases)))
    return tuple(found)


def purge(ctx: Context, actor: str, *, dry_run: bool = False) -> PurgeResult:
    """Erase the personal data of every case past its programme's retention (see module
    docstring); with ``dry_run`` only say which cases, changing nothing."""
    with ctx.transaction(read_only=dry_run) as session:
        programmes = due_for_purge(ctx, session, lock=not dry_run)
        if dry_run:
            return PurgeResult(ctx.today(), True, programmes, 0)
        participants: set[int] = set()
        for programme in programmes:
            assert programme.after_exit is not None or not programme.case_ids
            for case_id in programme.case_ids:
                participants.add(_erase_case(ctx, session, actor, case_id,
                                             str(programme.after_exit)))
        anonymous = _anonymise(session, participants)
        result = PurgeResult(ctx.today(), False, programmes, anonymous)
    if result.cases:
        # Committed: now the old text must not stay readable in the files either.
        erase_freed_space(ctx.engine, ERASED_TABLES)
    return result


def _erase_case(ctx: Context, session: Session, actor: str, case_id: int,
                retention: str) -> int:
    """Erase one case's free text; returns its participant's id."""
    case = load_case(session, case_id, for_update=False)  # locked by due_for_purge
    for table, values in ((GoalRow, {"text": ""}), (FollowUpRow, {"notes": ""}),
                          (ExtensionRequestRow, {"reason": "", "decision_note": ""}),
                          (ObligationRow, {"note": ""})):
        session.execute(update(table).where(col(table.case_id) == case_id).values(**values))
    for survey in session.exec(select(SurveyAnswerRow)
                               .where(SurveyAnswerRow.case_id == case_id)).all():
        survey.answers = score_only(survey.answers)
        session.add(survey)
    session.execute(delete(AuditTextRow).where(col(AuditTextRow.case_id) == case_id))
    session.execute(delete(SignInLinkRow).where(col(SignInLinkRow.case_id) == case_id))
    session.add(ErasureRow(case_id=case_id, programme_id=case.programme_id,
                           retention=retention, erased_on=ctx.today(), erased_at=ctx.now()))
    audit(ctx, session, actor, "purge", case_id, None,
          {"erased_on": ctx.today().isoformat(), "retention": retention})
    return case.participant_id


def score_only(answers: dict[str, Any]) -> dict[str, Any]:
    """A survey's answers reduced to the sum of the numeric ones (booleans are no
    numbers), or to nothing when none was a number."""
    score = answer_score(answers)
    return {} if score is None else {SCORE_KEY: int(score) if score.is_integer() else score}


def _anonymise(session: Session, participant_ids: Iterable[int]) -> int:
    """Make anonymous each participant whose every case is now erased; how many."""
    session.flush()
    erased = select(ErasureRow.case_id)
    done = 0
    for participant_id in sorted(participant_ids):
        left = session.exec(select(CaseRow.id).where(
            CaseRow.participant_id == participant_id,
            col(CaseRow.id).not_in(erased))).first()
        person = session.get(ParticipantRow, participant_id)
        if left is not None or person is None:
            continue  # a case still kept (another programme, a later enrolment)
        old_key = person.key
        person.key = anonymous_key()
        person.personnummer = person.birth_on = person.consent_on = None
        session.add(person)
        session.execute(delete(UserRow).where(col(UserRow.participant_key) == old_key,
                                              col(UserRow.role) == "citizen"))
        for text in session.exec(select(AuditTextRow).where(
                col(AuditTextRow.field).endswith("participant_key"))).all():
            if text.value == old_key:
                session.delete(text)
        done += 1
    return done
