"""One participant's data, all of it, for the right of access (``stegvis export-participant``).

Article 15 of the GDPR gives a person the right to a copy of the personal data held
about them.  The export holds the participant as stored (identity number included: it
is theirs), every case with its phases, obligations, follow-ups, goals, surveys,
requests, assessments and post-exit results, the audit entries of those cases with
their texts, who looked at the cases (the access log), the citizen accounts and
sign-in links, and which cases a purge has erased.  Password and token hashes are no
personal data of theirs and stay out.  The export is itself logged as an access.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from engine.errors import NotFoundError
from engine.service.cases.queries import case_view
from engine.service.people.access_log import record_access
from engine.service.shared.audit_texts import entries_naming_participant
from engine.service.shared.context import Context, load_case, spec_of_case
from engine.store.account_tables import AccessLogRow, SignInLinkRow, UserRow
from engine.store.privacy_tables import ErasureRow
from engine.store.tables import CaseRow, ParticipantRow

#: What the access log calls an export (the page of the access).
EXPORT_PAGE = "registerutdrag"


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def participant_data(ctx: Context, key: str, actor: str) -> dict[str, Any]:
    """Everything stored about the participant with ``key`` (see module docstring);
    NotFoundError naming the key when there is none.  Logs the export as an access by
    ``actor``."""
    with ctx.transaction(read_only=True) as session:
        person = session.exec(select(ParticipantRow).where(ParticipantRow.key == key)).first()
        if person is None:
            # No did-you-mean: the keys it could suggest are other people's.
            raise NotFoundError(f"no participant with key {key!r}")
        case_ids = [i for i in session.exec(
            select(CaseRow.id).where(CaseRow.participant_id == person.id)
            .order_by(col(CaseRow.id))).all() if i is not None]
        names: dict[int, dict[str, str]] = {}
        for case_id in case_ids:
            spec = spec_of_case(session, load_case(session, case_id, for_update=False))
            # What the programme calls its ids (phases, roles, surveys, outcomes), so
            # that a reader never meets an id.
            names[case_id] = {
                **{r.id: r.name for r in spec.roles}, **{t.id: t.name for t in spec.tasks},
                **{o.id: o.name for o in spec.outcomes},
                **{f.id: f.name for f in spec.post_exit_follow_ups},
                **{p.id: p.name for p in spec.phases},
                **{p.id: p.name for p in spec.parties}}
        seen = session.exec(select(AccessLogRow).where(col(AccessLogRow.case_id).in_(case_ids))
                            .order_by(col(AccessLogRow.id))).all()
        links = session.exec(select(SignInLinkRow).where(
            col(SignInLinkRow.case_id).in_(case_ids)).order_by(col(SignInLinkRow.id))).all()
        accounts = session.exec(select(UserRow).where(UserRow.participant_key == key)
                                .order_by(col(UserRow.id))).all()
        erased = session.exec(select(ErasureRow).where(
            col(ErasureRow.case_id).in_(case_ids))).all()
        data: dict[str, Any] = {
            "exported_at": ctx.now().isoformat(),
            "participant": {name: _plain(getattr(person, name)) for name in (
                "key", "personnummer", "consent_on", "gender", "birth_year", "birth_on",
                "municipality", "created_at")},
            "accounts": [{name: _plain(getattr(a, name)) for name in (
                "name", "role", "display_name", "email", "phone", "disabled", "created_at",
                "last_sign_in_at")} for a in accounts],
            "access_log": [{"at": e.at.isoformat(), "user": e.user_name, "role": e.role,
                            "case_id": e.case_id, "what": e.what, "detail": e.detail}
                           for e in seen],
            "sign_in_links": [{name: _plain(getattr(link, name)) for name in (
                "case_id", "created_by", "created_at", "expires_at", "revoked_at",
                "last_used_at")} for link in links],
            "account_audit": entries_naming_participant(session, key),
            "erasures": [{"case_id": e.case_id, "erased_on": e.erased_on.isoformat(),
                          "retention": e.retention} for e in erased],
        }
    cases = []
    for case_id in case_ids:
        view = case_view(ctx, case_id)
        view.pop("participant", None)
        view["names"] = names[case_id]
        for phase in view["phases"]:
            phase["name"] = names[case_id].get(phase["phase"], phase["phase"])
        cases.append(view)
    data["cases"] = cases
    record_access(ctx, actor, "cli", EXPORT_PAGE, case_ids or [None],
                  f"export of {len(cases)} case(s)")
    return data
