"""Building the immutable :class:`~engine.definitions.spec.ProgrammeSpec` from checked data.

Only called once the schema and meaning checks found no error, so shapes are trusted
here; defaults for what the YAML leaves out are applied in one place, below.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.dates.durations import Duration
from engine.definitions.income import INCOME_KINDS, IncomeSupportSpec
from engine.definitions.spec import (
    ActivityCapacityScaleSpec,
    BudgetSpec,
    CapacitySpec,
    CriterionSpec,
    DecisionRightSpec,
    DurationLimitSpec,
    EligibilitySpec,
    ExtensionTierSpec,
    FollowUpSpec,
    OutcomeSpec,
    PartySpec,
    PhaseLimitSpec,
    PhaseSpec,
    PostExitFollowUpSpec,
    ProgrammeSpec,
    ProjectPhaseSpec,
    ReimbursementSpec,
    ReminderSpec,
    RetentionSpec,
    RoleSpec,
    SignatorySpec,
    SurveyQuestionSpec,
    TargetSpec,
    TaskSpec,
    TransitionSpec,
)
from engine.definitions.spec_builder_calendar import build_calendar
from engine.definitions.yaml_source import SourceDocument

#: Used when a definition has no 'reminders' section: remind a week ahead, no escalation.
DEFAULT_REMINDER = ReminderSpec(Duration(5, "working_days"), None, None)
#: When a budget section leaves them out: a month for the analysis, a month for the plan.
DEFAULT_BUDGET_DUE = Duration(1, "months")


def threshold_share(text: str) -> float:
    """``"10 %"`` or ``"7,5%"`` → 0.1 / 0.075 (the schema checked the form)."""
    return float(text.replace("%", "").replace(",", ".").strip()) / 100


#: A share of the financing as the schema takes it (tools/build_schema.py): ASCII
#: digits, two decimals at most, a sign allowed so that a negative one is named.
_PERCENTAGE = re.compile(r"[-−]?[0-9]{1,3}([.,][0-9]{1,2})? ?%")


def percentage(text: str) -> Decimal:
    """``"25 %"`` or ``"12,5%"`` → Decimal 25 / 12.5, exactly (a share of money is not
    rounded through a float).  InvalidOperation for any other form: Decimal alone reads
    "١٠ %" as 10 and "1e309 %" as a number of 310 digits, which the semantic check then
    added up while the schema refused them."""
    if not _PERCENTAGE.fullmatch(text.strip()):
        raise InvalidOperation(f"{text!r} is not a percentage")
    return Decimal(text.replace("%", "").replace(",", ".").replace("−", "-").strip())


def _dur(value: Any) -> Duration | None:
    return Duration.parse(value) if isinstance(value, str) else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _pairs(entries: list[dict[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    return tuple((e["id"], e["name"]) for e in entries or [])


def build_spec(doc: SourceDocument, content_hash: str) -> ProgrammeSpec:
    """The spec of a document that passed every check."""
    d: dict[str, Any] = doc.data
    default_source: str = d["source"]

    def src(item: dict[str, Any]) -> str:
        return str(item.get("source", default_source))

    base = d.get("reminders")
    programme_reminder = ReminderSpec(
        Duration.parse(base["lead"]), Duration.parse(base["escalate_after"]),
        base["escalate_to"]) if base else DEFAULT_REMINDER

    def reminder(item: dict[str, Any], **default: str | None) -> ReminderSpec:
        """The item's own reminder, the rest from the programme's ('escalate_to' from
        ``default`` when given: a meeting escalates to its body's chair)."""
        own = item.get("reminder") or {}
        escalate_to = default.get("escalate_to", programme_reminder.escalate_to)
        return ReminderSpec(
            _dur(own.get("lead")) or programme_reminder.lead,
            _dur(own.get("escalate_after")) or programme_reminder.escalate_after,
            own.get("escalate_to", escalate_to),
        )

    participant = d["participant"]
    organisation = d["organisation"]
    elig = d.get("eligibility", {})
    cap = d.get("capacity", {})
    parties = elig.get("min_parties")
    parties = parties if isinstance(parties, dict) or parties is None else {"count": parties}
    parties = parties or {}
    caseload = cap.get("caseload_per_coordinator")
    caseload = caseload if isinstance(caseload, dict) or caseload is None else {"max": caseload}
    caseload = caseload or {}

    def criteria(entries: list[dict[str, Any]] | None) -> tuple[CriterionSpec, ...]:
        return tuple(CriterionSpec(e["id"], e["text"], e.get("reason", ""), src(e))
                     for e in entries or [])

    def task(t: dict[str, Any]) -> TaskSpec:
        return TaskSpec(
            id=t["id"], name=t["name"], kind=t.get("kind", "task"), when=t["when"],
            phase=t.get("phase"), due=Duration.parse(t["due"]),
            attendees=tuple(t.get("attendees", ())), responsible=t.get("responsible"),
            instrument=t.get("instrument"),
            outcomes=tuple(t["outcomes"]) if "outcomes" in t else None,
            except_outcomes=tuple(t.get("except_outcomes", ())), reminder=reminder(t),
            rule=f"participant.tasks.{t['id']}", source=src(t),
            questions=tuple(question(q) for q in t.get("questions", ())),
            records=tuple(t.get("records", ())), for_participant=t.get("for_participant", ""))

    def question(q: dict[str, Any]) -> SurveyQuestionSpec:
        return SurveyQuestionSpec(
            id=q["id"], text=q["text"], answer=q["answer"], min=q.get("min"), max=q.get("max"),
            labels=tuple(sorted((int(k), v) for k, v in (q.get("labels") or {}).items())))

    def series(follow: dict[str, Any], index: int | None) -> FollowUpSpec:
        """One follow-up series; ``index`` is its place in a list (None: the only one)."""
        window = follow.get("window", {})
        anchor = follow.get("anchor", "previous")
        ident = follow.get("id", "follow_up")
        return FollowUpSpec(
            name=follow.get("name", "Uppföljning"), interval=Duration.parse(follow["interval"]),
            tightest_interval=_dur(follow.get("tightest_interval")),
            anchor="previous" if anchor == "previous" else "start",
            attendees=tuple(follow["attendees"]), responsible=follow.get("responsible"),
            in_phases=tuple(follow["in_phases"]) if "in_phases" in follow else None,
            window_before=_dur(window.get("before")), window_after=_dur(window.get("after")),
            reminder=reminder(follow),
            rule="participant.follow_ups" + ("" if index is None else f".{ident}"),
            source=src(follow), id=ident,
            key="follow_up" if index is None else f"follow_up:{ident}",
            starts=follow.get("starts", "enrolment"), phase=follow.get("phase"),
            extra_attendees=tuple((int(e["every"]), tuple(e["attendees"]))
                                  for e in follow.get("extra_attendees", [])),
            for_participant=follow.get("for_participant", ""))

    follow = participant.get("follow_ups")
    follow_up_series = (() if not follow else (series(follow, None),) if isinstance(follow, dict)
                        else tuple(series(f, i) for i, f in enumerate(follow)))

    def phase(p: dict[str, Any]) -> PhaseSpec:
        limit = p.get("time_limit")
        time_limit = None if not limit else PhaseLimitSpec(
            Duration.parse(limit["max"]), _dur(limit.get("warn_before")), reminder(limit),
            f"participant.phases.{p['id']}.time_limit", src(limit),
            limit.get("counted_from", "phase_entry"))
        return PhaseSpec(p["id"], p["name"],
                         tuple(TransitionSpec(t["to"], tuple(t.get("requires", ())),
                                              t.get("approved_by"), src(t))
                               for t in p.get("transitions", [])),
                         p.get("completion_allowed", False), p.get("workplace_based", False),
                         time_limit)

    def target(t: dict[str, Any]) -> TargetSpec:
        denominator = t.get("denominator")
        excluded: tuple[str, ...] = ()
        if isinstance(denominator, dict):
            denominator, excluded = denominator["of"], tuple(denominator.get("except", ()))
        return TargetSpec(t["id"], t["name"], t["measure"], t.get("share"), t.get("count"),
                          _dur(t.get("duration")), t.get("comparison", "at_least"),
                          tuple(t.get("outcomes", ())), denominator, t.get("survey"),
                          tuple((b["name"], b["count"]) for b in t.get("breakdown", [])),
                          t.get("measured_by"), src(t), excluded)

    limit = participant.get("duration")
    duration = None
    if limit:
        duration = DurationLimitSpec(
            max=Duration.parse(limit["max"]), warn_before=_dur(limit.get("warn_before")),
            extensions=tuple(ExtensionTierSpec(_dur(t["up_to"]), t["approved_by"], src(t))
                             for t in limit.get("extensions", [])),
            reminder=reminder(limit), rule="participant.duration", source=src(limit))

    reimbursement = None
    if participant.get("reimbursement"):
        r = participant["reimbursement"]
        premium = r.get("effect_premium", {})
        reimbursement = ReimbursementSpec(
            levels=tuple((lv["id"], lv["name"], float(lv["amount"])) for lv in r["levels"]),
            premium_per_level_gained=premium.get("per_level_gained"),
            premium_max=premium.get("max"),
            premium_measured_over=_dur(premium.get("measured_over")),
            currency=r["currency"], period=r["period"], note=r.get("note", ""), source=src(r))

    scale = None
    if participant.get("activity_capacity_scale"):
        a = participant["activity_capacity_scale"]
        scale = ActivityCapacityScaleSpec(
            a["min"], a["max"],
            tuple(sorted((int(k), v) for k, v in a.get("labels", {}).items())), src(a))

    return ProgrammeSpec(
        id=d["id"], name=d["name"], version=d["version"], content_hash=content_hash,
        file=doc.file, source=default_source, language=d.get("language", "sv"),
        valid_from=date.fromisoformat(d["valid"]["from"]), valid_to=_day(d["valid"]["to"]),
        enrolment_from=date.fromisoformat(d["valid"].get("enrolment_from", d["valid"]["from"])),
        enrolment_to=_day(d["valid"].get("enrolment_to")),
        organisation=tuple((k, v) for k, v in organisation.items() if isinstance(v, str)),
        parties=tuple(PartySpec(p["id"], p["name"], p["kind"]) for p in organisation["parties"]),
        roles=tuple(RoleSpec(r["id"], r["name"], r["kind"], r.get("description", ""),
                             tuple(r.get("members", ())), tuple(r.get("co_opted", ())),
                             r.get("secretary"), r.get("chair"))
                    for r in d["roles"]),
        decision_rights=tuple(DecisionRightSpec(r["matter"], r["decided_by"], r["text"], src(r))
                              for r in d.get("decision_rights", [])),
        project_phases=tuple(
            ProjectPhaseSpec(p["id"], p["name"], date.fromisoformat(p["from"]), _day(p["to"]),
                             tuple(p.get("parallel_with", ())),
                             tuple(p.get("deliverables", ())), src(p))
            for p in d.get("project_phases", [])),
        eligibility=EligibilitySpec(
            age_min=elig.get("age", {}).get("min"), age_max=elig.get("age", {}).get("max"),
            residence=tuple(elig.get("residence", ())), min_parties=parties.get("count"),
            counted_parties=tuple(parties.get("parties", ())),
            consent_required=elig.get("consent") == "required",
            income_support_from_referring_party=elig.get(
                "income_support_from_referring_party", False),
            criteria=criteria(elig.get("criteria")), exclusions=criteria(elig.get("exclusions"))),
        capacity=CapacitySpec(
            concurrent=cap.get("concurrent"), when_full=cap.get("when_full", "waiting_list"),
            quota_kind=cap.get("quotas", {}).get("kind"),
            quotas=tuple(cap.get("quotas", {}).get("places", {}).items()),
            annual_places=cap.get("annual_places"),
            total_participants=cap.get("total_participants"),
            caseload_per_coordinator=caseload.get("max"),
            caseload_kind=caseload.get("kind", "soft")),
        reminders=programme_reminder,
        due_on_non_working_day=d.get("due_on_non_working_day", "previous_working_day"),
        initial_phase=participant["initial_phase"],
        phases=tuple(phase(p) for p in participant["phases"]),
        tracks=_pairs(participant.get("tracks")),
        tasks=tuple(task(t) for t in participant.get("tasks", [])),
        follow_up_series=follow_up_series, duration=duration,
        placement_forms=_pairs(participant.get("placement_forms")),
        type_cases=_pairs(participant.get("type_cases")), reimbursement=reimbursement,
        activity_capacity_scale=scale,
        outcomes=tuple(
            OutcomeSpec(o["id"], o["name"], o["category"], o["completed"],
                        _pairs(o.get("sub_outcomes")))
            for o in d["exit"]["outcomes"]),
        post_exit_follow_ups=tuple(
            PostExitFollowUpSpec(
                f["id"], f["name"], Duration.parse(f["after"]), f.get("only_completers", False),
                f.get("responsible"), _dur(f.get("window", {}).get("before")),
                _dur(f.get("window", {}).get("after")), reminder(f),
                f"exit.follow_ups.{f['id']}", src(f))
            for f in d["exit"].get("follow_ups", [])),
        targets=tuple(target(t) for t in d.get("targets", [])),
        **build_calendar(d, reminder, src),
        budget=_budget(d["budget"], reminder(d["budget"]), src(d["budget"]))
        if "budget" in d else None,
        retention=RetentionSpec(Duration.parse(d["retention"]["after_exit"]),
                                src(d["retention"])) if "retention" in d else None,
        signatories=tuple(SignatorySpec(s.get("name", ""), s.get("title", ""), s.get("role", ""))
                          for s in organisation.get("signatories", ())),
        participants_called=participant.get("called", ""),
        income_support=_income_support(participant.get("income_support")),
    )


def _income_support(given: dict[str, Any] | None) -> IncomeSupportSpec:
    """The kinds recorded at enrolment and at exit, in the fixed list's order; a time
    the definition leaves out offers the whole list."""
    given = given or {}

    def kinds(key: str) -> tuple[str, ...]:
        named = given.get(key)
        return INCOME_KINDS if named is None else tuple(k for k in INCOME_KINDS
                                                         if k in named)
    return IncomeSupportSpec(kinds("at_enrolment"), kinds("at_exit"))


def _budget(b: dict[str, Any], reminder: ReminderSpec, source: str) -> BudgetSpec:
    return BudgetSpec(
        periods=b["periods"], deviation_threshold=threshold_share(b["deviation_threshold"]),
        responsible=b["responsible"],
        analysis_due=_dur(b.get("analysis_due")) or DEFAULT_BUDGET_DUE,
        action_plan_due=_dur(b.get("action_plan_due")) or DEFAULT_BUDGET_DUE,
        currency=b.get("currency", "SEK"), reminder=reminder, rule="budget", source=source,
        financing=tuple((party, percentage(share) / 100)
                        for party, share in b.get("financing", {}).items()))
