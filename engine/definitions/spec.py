"""Parsed programme definitions: immutable values shared by every participant.

A :class:`ProgrammeSpec` is built once from a validated YAML file (see
:mod:`engine.definitions.loading`) and never changes; runtime state lives elsewhere.  Every item
that creates an obligation carries ``rule`` (where in the definition it was written,
e.g. ``participant.tasks.handlingsplan``) and ``source`` (the seed document it comes
from), so that each due date can be traced back to the rule and seed that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from engine.dates.durations import Duration
from engine.definitions.income import EVERY_KIND, IncomeSupportSpec

# The calendar values live in their own module; importing them from here still works.
from engine.definitions.spec_calendar import CalendarDue as CalendarDue
from engine.definitions.spec_calendar import EvaluationSpec as EvaluationSpec
from engine.definitions.spec_calendar import EvaluationStepSpec as EvaluationStepSpec
from engine.definitions.spec_calendar import MeetingSpec as MeetingSpec
from engine.definitions.spec_calendar import ProgrammeTaskSpec as ProgrammeTaskSpec
from engine.definitions.spec_calendar import ReportPeriod as ReportPeriod
from engine.definitions.spec_calendar import ReportSpec as ReportSpec
from engine.definitions.spec_calendar import ScheduleSpec as ScheduleSpec
from engine.definitions.spec_common import NonWorkingDayPolicy as NonWorkingDayPolicy
from engine.definitions.spec_common import ReminderSpec as ReminderSpec


@dataclass(frozen=True, slots=True)
class RoleSpec:
    id: str
    name: str
    kind: str
    description: str = ""
    members: tuple[str, ...] = ()
    co_opted: tuple[str, ...] = ()
    #: For a body: the role that prepares its meetings (reminded) and its chair
    #: (escalated to when a meeting is not held), as the definition names them.
    secretary: str | None = None
    chair: str | None = None


@dataclass(frozen=True, slots=True)
class PartySpec:
    id: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class SignatorySpec:
    """Who signs the board's papers by default (issue 22, finding 10): a title, or a
    role whose name is the title, and a name when the definition may name a person."""

    name: str
    title: str
    role: str


@dataclass(frozen=True, slots=True)
class DecisionRightSpec:
    matter: str
    decided_by: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class ProjectPhaseSpec:
    """A dated phase of the programme itself (REBUS Fas 1–3); ``to_on`` is inclusive."""

    id: str
    name: str
    from_on: date
    to_on: date | None
    parallel_with: tuple[str, ...]
    deliverables: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    id: str
    text: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class EligibilitySpec:
    age_min: int | None = None
    age_max: int | None = None
    residence: tuple[str, ...] = ()
    min_parties: int | None = None
    #: The parties (ids of organisation.parties) that count towards ``min_parties``; empty
    #: when any party counts (the plain number form).  "aktuella hos minst två av parterna"
    #: (seed 001), "stöd från minst två av de ingående aktörerna" (seed 003); issue 25.
    counted_parties: tuple[str, ...] = ()
    #: Enrolment needs the date the participant consented to taking part (issue 25).
    consent_required: bool = False
    income_support_from_referring_party: bool = False
    criteria: tuple[CriterionSpec, ...] = ()
    exclusions: tuple[CriterionSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class CapacitySpec:
    concurrent: int | None = None
    when_full: Literal["refuse", "waiting_list"] = "waiting_list"
    quota_kind: Literal["soft", "hard"] | None = None
    quotas: tuple[tuple[str, int], ...] = ()
    annual_places: int | None = None
    total_participants: int | None = None
    #: Active cases one coordinator holds at most; soft warns, hard refuses (issue 25).
    caseload_per_coordinator: int | None = None
    caseload_kind: Literal["soft", "hard"] = "soft"


@dataclass(frozen=True, slots=True)
class TransitionSpec:
    to: str
    requires: tuple[str, ...]
    approved_by: str | None
    source: str


@dataclass(frozen=True, slots=True)
class PhaseLimitSpec:
    """The longest time a participant may stay in a phase ("kartläggning högst 6 veckor");
    the last day in the phase is entry + max − 1 day, like the duration limit."""

    max: Duration
    warn_before: Duration | None
    reminder: ReminderSpec
    rule: str
    source: str
    #: Counted from the phase entry (default) or from the referral ("mapping within six
    #: weeks of the referral", issue 25).
    counted_from: Literal["phase_entry", "referral"] = "phase_entry"


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    id: str
    name: str
    transitions: tuple[TransitionSpec, ...]
    completion_allowed: bool
    workplace_based: bool
    time_limit: PhaseLimitSpec | None = None


TaskWhen = Literal["enrolment", "referral", "phase_entry", "exit"]


#: What a coordinator records that can complete a task (``records:`` in a definition).
RECORDS = ("assessment", "need_level", "placement_form", "type_case")
AnswerKind = Literal["scale", "yes_no", "text"]


@dataclass(frozen=True, slots=True)
class SurveyQuestionSpec:
    """One question of a survey: a scale (``min``–``max``, some values worded), yes or
    no, or the participant's own words."""

    id: str
    text: str
    answer: AnswerKind
    min: int | None = None
    max: int | None = None
    labels: tuple[tuple[int, str], ...] = ()

    def label(self, value: int) -> str:
        """The words the definition gives ``value`` on the scale ('' when none)."""
        return dict(self.labels).get(value, "")


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """An obligation opened by enrolment, by entering a phase, or by the exit.

    ``records`` names what, once recorded for the case, completes the task (one rule
    for every record-type task); a survey is completed by its answers, given to
    ``questions``.
    """

    id: str
    name: str
    kind: str
    when: TaskWhen
    phase: str | None
    due: Duration
    attendees: tuple[str, ...]
    responsible: str | None
    instrument: str | None
    outcomes: tuple[str, ...] | None
    except_outcomes: tuple[str, ...]
    reminder: ReminderSpec
    rule: str
    source: str
    questions: tuple[SurveyQuestionSpec, ...] = ()
    records: tuple[str, ...] = ()
    #: What the participant reads about it (plain words), '' to read the name.
    for_participant: str = ""

    def applies_to_outcome(self, outcome: str) -> bool:
        """Whether an exit with ``outcome`` opens this (exit) task."""
        if self.outcomes is not None and outcome not in self.outcomes:
            return False
        return outcome not in self.except_outcomes


SeriesStart = Literal["enrolment", "referral", "phase_entry"]


@dataclass(frozen=True, slots=True)
class FollowUpSpec:
    """One series of recurring follow-up meetings while the participant is enrolled.

    The series starts at enrolment, at the referral, or each time ``phase`` is entered
    (``starts``); ``anchor: start`` counts every meeting from that start, ``previous``
    from the last meeting held.  ``extra_attendees`` adds roles to every n-th meeting.
    ``key`` is what obligation keys begin with: ``follow_up`` for a programme's single
    series, ``follow_up:<id>`` for a series in a list.
    """

    name: str
    interval: Duration
    tightest_interval: Duration | None
    anchor: Literal["start", "previous"]
    attendees: tuple[str, ...]
    responsible: str | None
    in_phases: tuple[str, ...] | None
    window_before: Duration | None
    window_after: Duration | None
    reminder: ReminderSpec
    rule: str
    source: str
    id: str = "follow_up"
    key: str = "follow_up"
    starts: SeriesStart = "enrolment"
    phase: str | None = None
    extra_attendees: tuple[tuple[int, tuple[str, ...]], ...] = ()
    #: What the participant reads about these meetings (plain words), '' for the name.
    for_participant: str = ""

    def attendees_of(self, number: int) -> tuple[str, ...]:
        """Who attends meeting ``number`` (1-based): the series' attendees plus the
        extra attendees of every n-th meeting it is a multiple of."""
        extra = [r for every, roles in self.extra_attendees if number % every == 0
                 for r in roles if r not in self.attendees]
        return (*self.attendees, *dict.fromkeys(extra))


@dataclass(frozen=True, slots=True)
class ExtensionTierSpec:
    """Extensions up to ``up_to`` (None: any length) are approved by ``approved_by``."""

    up_to: Duration | None
    approved_by: str
    source: str


@dataclass(frozen=True, slots=True)
class DurationLimitSpec:
    max: Duration
    warn_before: Duration | None
    extensions: tuple[ExtensionTierSpec, ...]
    reminder: ReminderSpec
    rule: str
    source: str

    def approver_for(self, length: Duration) -> str | None:
        """Role that may approve an extension of ``length``; None if no tier covers it."""
        for tier in self.extensions:
            if tier.up_to is None or length.approx_days() <= tier.up_to.approx_days():
                return tier.approved_by
        return None


@dataclass(frozen=True, slots=True)
class OutcomeSpec:
    id: str
    name: str
    category: str
    completed: bool
    sub_outcomes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PostExitFollowUpSpec:
    id: str
    name: str
    after: Duration
    only_completers: bool
    responsible: str | None
    window_before: Duration | None
    window_after: Duration | None
    reminder: ReminderSpec
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class TargetSpec:
    id: str
    name: str
    measure: str
    share: float | None
    count: int | None
    duration: Duration | None
    comparison: str
    outcomes: tuple[str, ...]
    denominator: str | None
    survey: str | None
    breakdown: tuple[tuple[str, int], ...]
    measured_by: str | None
    source: str
    #: Exit outcomes or sub-outcomes left out of the denominator ("all exits except
    #: those who moved away").
    denominator_except: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReimbursementSpec:
    """Level-related base reimbursement plus an effect premium (Örebro)."""

    levels: tuple[tuple[str, str, float], ...]
    premium_per_level_gained: float | None
    premium_max: float | None
    premium_measured_over: Duration | None
    currency: str
    period: str
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class ActivityCapacityScaleSpec:
    """The scale activity capacity (aktivitetsförmåga) is assessed on (Örebro)."""

    min: int
    max: int
    labels: tuple[tuple[int, str], ...]
    source: str


BudgetPeriods = Literal["month", "quarter", "half_year", "year"]


@dataclass(frozen=True, slots=True)
class BudgetSpec:
    """A periodised budget followed up against its outcome (Västerås målområde 3).

    A period whose outcome lies further than ``deviation_threshold`` (a share of the
    period's budget, over or under) from its budget opens an analysis of causes for
    ``responsible``; an analysis that says so opens an action plan (seed 003: "Vid
    avvikelser ska analys av orsaker göras och vid behov ska handlingsplan upprättas").
    """

    periods: BudgetPeriods
    deviation_threshold: float          # 0.10 for "10 %"
    responsible: str
    analysis_due: Duration
    action_plan_due: Duration
    currency: str
    reminder: ReminderSpec
    rule: str
    source: str
    #: Each party's share of the financing (party id of organisation.parties, share
    #: 0..1), in the definition's order; empty when the definition does not state it.
    #: A samordningsförbund's shares are fixed by law (Västerås, docs/budget.md).
    financing: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class RetentionSpec:
    """How long a participant's personal data is kept after the exit (gallring).

    ``stegvis purge`` erases what identifies the person and what was written about them
    once ``after_exit`` has passed since the exit; what the reports count stays
    (docs/privacy.md).  A programme without it keeps everything: how long is the
    installation's decision, not the engine's.
    """

    after_exit: Duration
    source: str




@dataclass(frozen=True, slots=True)
class ProgrammeSpec:
    """One programme definition, validated and immutable."""

    id: str
    name: str
    version: int
    content_hash: str
    file: str
    source: str
    language: str
    valid_from: date
    valid_to: date | None
    enrolment_from: date
    #: Last day participants can be enrolled, when earlier than ``valid_to``.
    enrolment_to: date | None
    organisation: tuple[tuple[str, str], ...]
    parties: tuple[PartySpec, ...]
    roles: tuple[RoleSpec, ...]
    decision_rights: tuple[DecisionRightSpec, ...]
    project_phases: tuple[ProjectPhaseSpec, ...]
    eligibility: EligibilitySpec
    capacity: CapacitySpec
    reminders: ReminderSpec
    due_on_non_working_day: NonWorkingDayPolicy
    initial_phase: str
    phases: tuple[PhaseSpec, ...]
    tracks: tuple[tuple[str, str], ...]
    tasks: tuple[TaskSpec, ...]
    follow_up_series: tuple[FollowUpSpec, ...]
    duration: DurationLimitSpec | None
    placement_forms: tuple[tuple[str, str], ...]
    type_cases: tuple[tuple[str, str], ...]
    reimbursement: ReimbursementSpec | None
    activity_capacity_scale: ActivityCapacityScaleSpec | None
    outcomes: tuple[OutcomeSpec, ...]
    post_exit_follow_ups: tuple[PostExitFollowUpSpec, ...]
    targets: tuple[TargetSpec, ...]
    meetings: tuple[MeetingSpec, ...]
    reports: tuple[ReportSpec, ...]
    evaluations: tuple[EvaluationSpec, ...]
    budget: BudgetSpec | None = None
    programme_tasks: tuple[ProgrammeTaskSpec, ...] = ()
    retention: RetentionSpec | None = None
    #: organisation.signatories: who signs the decision proposal by default.
    signatories: tuple[SignatorySpec, ...] = ()
    #: participant.called: what the programme calls its participants, plural and
    #: capitalised as a heading ("Klienter" at START, seed 000); "" for "Deltagare".
    participants_called: str = ""
    #: participant.income_support: the kinds of income support recorded at enrolment
    #: and at exit (the whole list unless the definition narrows it).
    income_support: IncomeSupportSpec = EVERY_KIND

    @property
    def follow_ups(self) -> FollowUpSpec | None:
        """The first (often the only) follow-up series, or None."""
        return self.follow_up_series[0] if self.follow_up_series else None

    def series(self, series_id: str | None) -> FollowUpSpec:
        """The follow-up series ``series_id`` (None: the only one); KeyError otherwise."""
        for follow in self.follow_up_series:
            if series_id in (None, follow.id):
                if series_id is None and len(self.follow_up_series) > 1:
                    break
                return follow
        raise KeyError(f"programme {self.id!r} has no follow-up series {series_id!r}")

    def accepts_enrolment_on(self, day: date) -> bool:
        """Whether a participant can be enrolled on ``day``."""
        last = self.enrolment_to or self.valid_to
        return self.enrolment_from <= day and (last is None or day <= last)

    def phase(self, phase_id: str) -> PhaseSpec:
        """The phase with ``phase_id``; KeyError naming the programme otherwise."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(f"programme {self.id!r} has no phase {phase_id!r}")

    def outcome(self, outcome_id: str) -> OutcomeSpec:
        """The exit outcome with ``outcome_id``; KeyError naming the programme otherwise."""
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(f"programme {self.id!r} has no exit outcome {outcome_id!r}")

    def role_name(self, role_id: str) -> str:
        """Display name of a role (the id itself if unknown)."""
        return next((r.name for r in self.roles if r.id == role_id), role_id)
