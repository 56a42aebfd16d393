"""Builds process_defs/schema/programme.schema.json, the published definition schema.

Edit the schema here, then run ``python tools/build_schema.py``; a test fails when the
committed JSON differs from what this script produces.
"""
import json

from engine.dates.durations import DURATION_PATTERN


def ref(name): return {"$ref": f"#/$defs/{name}"}
def obj(props, required=(), desc=None, **kw):
    o = {"type": "object", "additionalProperties": False, "properties": props}
    if required: o["required"] = list(required)
    if desc: o["description"] = desc
    o.update(kw)
    return o
def arr(items, desc=None, **kw):
    a = {"type": "array", "items": items}
    if desc: a["description"] = desc
    a.update(kw)
    return a
def s(desc, **kw): return {"type": "string", "description": desc, **kw}
def d(name, desc): return {**ref(name), "description": desc}

defs = {
  "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$", "maxLength": 64,
         "x-expected": "an identifier: lower-case letters a–z, digits and '_', starting with a letter (write å/ä/ö as a/a/o)",
         "description": "Identifier used to refer to this item elsewhere in the file."},
  "ref": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$",
          "x-expected": "the id of an item defined elsewhere in this file",
          "description": "Refers to the id of an item defined in this file."},
  "text": {"type": "string", "minLength": 1, "x-expected": "a non-empty text"},
  "date": {"type": "string", "format": "date", "pattern": r"^(19|20|21)\d{2}-\d{2}-\d{2}$",
           "x-expected": "a date written YYYY-MM-DD (years 1900–2199), e.g. 2021-01-01",
           "description": "A calendar date, YYYY-MM-DD."},
  "month_day": {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                "x-expected": "a day of the year written MM-DD in quotes, e.g. \"10-31\"",
                "description": "A day of the year, MM-DD (recurs every year)."},
  "duration": {"type": "string", "pattern": DURATION_PATTERN,
               "x-expected": "a duration such as '30 days', '2 weeks', '2 months', '1 year' or '10 working days'",
               "description": "A length of time: a number and a unit (days, weeks, months, years, working days; Swedish words work too). Months clamp to the month end: 31 Jan + 1 month = 28/29 Feb."},
  "source": {"type": "string", "minLength": 1,
             "description": "The seed document (file name) or other source this rule comes from."},
  "role_refs": arr(ref("ref"), "Ids of roles from 'roles'.", minItems=1, uniqueItems=True),
  "reminder": obj({
      "lead": d("duration", "How long before the due date the responsible person is reminded."),
      "escalate_after": d("duration", "How long after the due date an open item escalates."),
      "escalate_to": d("ref", "Role that receives the escalation."),
  }, desc="Reminder and escalation settings; anything left out is taken from the programme's 'reminders'."),
  "schedule": {
      "type": "object", "additionalProperties": False,
      "description": "When something recurs: an iCalendar RRULE (RFC 5545) or explicit dates.",
      "properties": {
          "rrule": s("Recurrence rule without DTSTART, e.g. FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU.", minLength=1),
          "starts": d("date", "First date the rule can produce; defaults to the programme's start."),
          "dates": arr(ref("date"), "Explicit dates.", minItems=1, uniqueItems=True),
      },
      "minProperties": 1,
      "x-expected": "a schedule with 'rrule' (and optionally 'starts') or with 'dates'",
      "not": {"required": ["rrule", "dates"]},
  },
  "party": obj({
      "id": ref("id"), "name": ref("text"),
      "kind": {"enum": ["municipality", "agency", "region", "association", "company", "other"],
               "description": "What kind of organisation the party is."},
  }, ["id", "name", "kind"]),
  "role": obj({
      "id": ref("id"), "name": ref("text"),
      "kind": {"enum": ["participant", "staff", "referring_party", "body", "external", "official"],
               "description": "participant: the person in the programme; staff: programme staff; referring_party: the referring party's caseworker; body: a board, steering group or committee; external: an outside party such as a researcher or evaluator; official: an officer such as the executive officer."},
      "description": ref("text"),
      "members": arr(ref("text"), "Organisations or functions represented (no personal names)."),
      "co_opted": arr(ref("text"), "Co-opted (adjungerade) members without a vote."),
      "source": ref("source"),
  }, ["id", "name", "kind"]),
  "decision_right": obj({
      "matter": ref("id"), "decided_by": ref("ref"), "text": ref("text"),
      "source": ref("source"),
  }, ["matter", "decided_by", "text"]),
  "project_phase": obj({
      "id": ref("id"), "name": ref("text"), "description": ref("text"),
      "from": d("date", "First day of the phase."),
      "to": {"anyOf": [ref("date"), {"type": "null"}],
             "description": "Last day of the phase, inclusive (t.o.m.); null when open-ended.",
             "x-expected": "a date written YYYY-MM-DD, or null for an open-ended phase"},
      "parallel_with": arr(ref("ref"), "Project phases this one may overlap.", uniqueItems=True),
      "deliverables": arr(ref("text"), "What the phase must produce."),
      "source": ref("source"),
  }, ["id", "name", "from", "to"]),
  "criterion": obj({
      "id": ref("id"), "text": d("text", "The criterion as the coordinator attests it."),
      "reason": d("text", "Why the criterion exists, shown when it fails."),
      "source": ref("source"),
  }, ["id", "text"]),
  "exclusion": obj({
      "id": ref("id"), "text": d("text", "The excluding condition as the coordinator attests it does not apply."),
      "reason": d("text", "Why the condition excludes a person, shown when enrolment is refused."),
      "source": ref("source"),
  }, ["id", "text", "reason"]),
  "transition": obj({
      "to": d("ref", "Phase to move to."),
      "requires": arr(ref("ref"), "Tasks that must be completed before the move.", uniqueItems=True),
      "approved_by": d("ref", "Role whose approval the move needs."),
      "note": ref("text"),
      "source": ref("source"),
  }, ["to"]),
  "phase": obj({
      "id": ref("id"), "name": ref("text"), "description": ref("text"),
      "transitions": arr(ref("transition"), "Phases a participant may move to from here."),
      "completion_allowed": {"type": "boolean",
                             "description": "A participant may leave as a completer (fullföljt) from this phase. Drop-out is possible from every phase."},
      "workplace_based": {"type": "boolean", "description": "The phase is a workplace-based measure (arbetsplatsförlagd insats)."},
      "source": ref("source"),
  }, ["id", "name"]),
  "task": obj({
      "id": ref("id"), "name": ref("text"), "description": ref("text"),
      "kind": {"enum": ["task", "meeting", "survey", "critical_point", "handover"],
               "description": "What sort of obligation this is."},
      "when": {"enum": ["enrolment", "phase_entry", "exit"],
               "description": "What opens the task: enrolment, entering 'phase', or the exit."},
      "phase": d("ref", "The phase whose entry opens the task (with when: phase_entry)."),
      "due": d("duration", "Time from the opening event to the due date."),
      "attendees": ref("role_refs"),
      "responsible": d("ref", "Role that must see to it."),
      "instrument": d("text", "Survey instrument (with kind: survey)."),
      "outcomes": arr(ref("ref"), "Only for these exit outcomes (with when: exit).", uniqueItems=True, minItems=1),
      "except_outcomes": arr(ref("ref"), "Not for these exit outcomes (with when: exit).", uniqueItems=True, minItems=1),
      "reminder": ref("reminder"),
      "source": ref("source"),
  }, ["id", "name", "when", "due"],
     allOf=[{"if": {"properties": {"when": {"const": "phase_entry"}}, "required": ["when"]},
             "then": {"required": ["phase"]}}]),
  "follow_ups": obj({
      "name": ref("text"),
      "interval": d("duration", "Default time between follow-up meetings."),
      "tightest_interval": d("duration", "Shortest interval that may be agreed with a participant (tighter intervals are allowed down to this)."),
      "anchor": {"enum": ["enrolment", "previous"], "description": "enrolment: due dates are enrolment + k × interval; previous: each is due one interval after the previous meeting was held."},
      "attendees": ref("role_refs"),
      "responsible": ref("ref"),
      "in_phases": arr(ref("ref"), "Phases in which follow-ups run (default: every phase).", uniqueItems=True, minItems=1),
      "window": obj({"before": ref("duration"), "after": ref("duration")},
                    desc="The meeting may be held this long before or after its due date."),
      "reminder": ref("reminder"),
      "source": ref("source"),
  }, ["interval", "attendees"]),
  "extension_tier": obj({
      "up_to": {"anyOf": [ref("duration"), {"type": "null"}],
                "description": "Longest extension this tier covers; null for any length.",
                "x-expected": "a duration such as '3 months', or null for any length"},
      "approved_by": ref("ref"), "source": ref("source"), "note": ref("text"),
  }, ["up_to", "approved_by"]),
  "duration_limit": obj({
      "max": d("duration", "Longest enrolment (the last day is start + max − 1 day)."),
      "warn_before": d("duration", "How long before the limit the coordinator is warned."),
      "extensions": arr(ref("extension_tier"), "Who may approve an extension of which length, shortest first.", minItems=1),
      "source": ref("source"),
  }, ["max"]),
  "outcome": obj({
      "id": ref("id"), "name": ref("text"), "description": ref("text"),
      "category": {"enum": ["work", "studies", "occupation", "continued_rehabilitation", "other", "drop_out"],
                   "description": "Statistical category of the exit outcome."},
      "completed": {"type": "boolean", "description": "True for completers (fullföljt), false for drop-outs (avbrutit)."},
      "sub_outcomes": arr(obj({"id": ref("id"), "name": ref("text")}, ["id", "name"]), "Finer reasons within the outcome."),
      "source": ref("source"),
  }, ["id", "name", "category", "completed"]),
  "post_exit_follow_up": obj({
      "id": ref("id"), "name": ref("text"),
      "after": d("duration", "Time after the exit date."),
      "only_completers": {"type": "boolean", "description": "Only for participants who completed."},
      "responsible": d("ref", "Role that does the follow-up (may be an external evaluator)."),
      "window": obj({"before": ref("duration"), "after": ref("duration")}),
      "reminder": ref("reminder"),
      "source": ref("source"),
  }, ["id", "name", "after"]),
  "target": {
      "type": "object", "additionalProperties": False,
      "properties": {
          "id": ref("id"), "name": ref("text"),
          "measure": {"enum": ["outcome_share", "step_movement", "survey_improvement", "participants", "staff_trained", "payback_time", "qualitative"],
                      "description": "What is measured."},
          "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "description": "Target share, 0–1 (0.8 = 80 %).", "x-expected": "a share between 0 and 1, e.g. 0.8 for 80 %"},
          "count": {"type": "integer", "minimum": 1, "description": "Target number."},
          "duration": ref("duration"),
          "comparison": {"enum": ["at_least", "at_most", "about"], "description": "How the result is compared with the target (default at_least)."},
          "outcomes": arr(ref("ref"), "Exit outcomes counted in the numerator.", minItems=1, uniqueItems=True),
          "denominator": {"enum": ["all_exits", "completers", "all_participants"], "description": "Whom the share is taken of."},
          "survey": d("ref", "The survey task whose answers measure this target."),
          "breakdown": arr(obj({"name": ref("text"), "count": {"type": "integer", "minimum": 0}}, ["name", "count"]), "Parts that add up to the count."),
          "measured_by": d("ref", "Role that measures it (e.g. an external evaluator)."),
          "note": ref("text"),
          "source": ref("source"),
      },
      "required": ["id", "name", "measure"],
      "allOf": [
          {"if": {"properties": {"measure": {"const": "outcome_share"}}, "required": ["measure"]},
           "then": {"required": ["share", "outcomes", "denominator"]}},
          {"if": {"properties": {"measure": {"enum": ["step_movement", "survey_improvement"]}}, "required": ["measure"]},
           "then": {"required": ["share", "denominator"]}},
          {"if": {"properties": {"measure": {"enum": ["participants", "staff_trained"]}}, "required": ["measure"]},
           "then": {"required": ["count"]}},
          {"if": {"properties": {"measure": {"const": "payback_time"}}, "required": ["measure"]},
           "then": {"required": ["duration"]}},
      ],
  },
  "meeting": obj({
      "id": ref("id"), "name": ref("text"),
      "body": d("ref", "Role (usually a body) that meets."),
      "responsible": d("ref", "Role that prepares or reports at the meeting (default: the body)."),
      "attendees": ref("role_refs"),
      "per_year": obj({"min": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 1}},
                      desc="How many meetings a year the programme requires."),
      "schedule": ref("schedule"),
      "reminder": ref("reminder"),
      "note": ref("text"),
      "source": ref("source"),
  }, ["id", "name", "body", "schedule"]),
  "report_period": obj({
      "number": {"type": "integer", "minimum": 1}, "from": ref("date"),
      "to": d("date", "Last day of the period, inclusive."),
  }, ["from", "to"]),
  "report": obj({
      "id": ref("id"), "name": ref("text"),
      "cadence": {"enum": ["quarterly", "half_year", "annual", "final", "explicit"],
                  "description": "quarterly/half_year/annual: calendar periods inside the programme's validity; final: one report for the whole programme; explicit: the listed periods."},
      "periods": arr(ref("report_period"), "Explicit periods, in order (with cadence: explicit).", minItems=1),
      "periods_of_year": arr({"type": "integer", "minimum": 1, "maximum": 4},
                             "Only these periods of each year (1 = first quarter or half-year); e.g. [1] for a half-year report when the annual report covers the year.",
                             minItems=1, uniqueItems=True),
      "intended_gaps": arr(obj({"from": ref("date"), "to": ref("date"), "reason": ref("text")}, ["from", "to", "reason"]),
                           "Spans that deliberately have no periodic report."),
      "due": d("duration", "Time after the period's last day that the report is due."),
      "draft_before": d("duration", "How long before the due date the author gets a draft of the report and a list of what is missing for it (cases without exit outcome, gender or step movement, surveys not recorded, overdue registrations, follow-ups without a result); default 10 working days, '0 days' for no draft."),
      "author": ref("ref"),
      "recipients": ref("role_refs"),
      "language": {"enum": ["sv", "en"]},
      "reminder": ref("reminder"),
      "note": ref("text"),
      "source": ref("source"),
  }, ["id", "name", "cadence", "due", "recipients"],
     allOf=[{"if": {"properties": {"cadence": {"const": "explicit"}}, "required": ["cadence"]},
             "then": {"required": ["periods"]}}]),
  "evaluation_step": obj({
      "id": ref("id"), "name": ref("text"), "by": ref("ref"),
      "due": d("month_day", "Day of the year the step is due."),
      "source": ref("source"),
  }, ["id", "name", "by", "due"]),
  "evaluation": obj({
      "id": ref("id"), "name": ref("text"),
      "collect_from": d("month_day", "Day of the year collection starts."),
      "complete_by": d("month_day", "Day of the year by which the evaluation must be complete."),
      "steps": arr(ref("evaluation_step"), "Steps in order."),
      "decision_meeting": d("ref", "The meeting (from calendar.meetings) that decides on the evaluation; it must fall after complete_by."),
      "source": ref("source"),
  }, ["id", "name", "collect_from", "complete_by", "decision_meeting"]),
}

top = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://stegvis.se/schema/programme.schema.json",
  "title": "Stegvis programme definition",
  "description": "One coordinated vocational-rehabilitation programme (FINSAM): eligibility, capacity, participant phases and obligations, exit, targets, calendar and governance.",
  "type": "object", "additionalProperties": False,
  "required": ["id", "name", "version", "source", "valid", "organisation", "roles", "participant", "exit"],
  "properties": {
    "id": ref("id"),
    "name": d("text", "The programme's name as people know it."),
    "version": {"type": "integer", "minimum": 1, "description": "Version of this definition; raise it when rules change."},
    "source": d("source", "Default seed document for rules that name none."),
    "language": {"enum": ["sv", "en"], "description": "Language of reports and documents (default sv)."},
    "description": ref("text"),
    "valid": obj({
        "from": d("date", "First day of the programme."),
        "to": {"anyOf": [ref("date"), {"type": "null"}], "description": "Last day, inclusive; null for a permanent programme.",
               "x-expected": "a date written YYYY-MM-DD, or null for a permanent programme"},
        "enrolment_from": d("date", "First day participants can be enrolled, when later than 'from' (e.g. a preparatory project before the service opens)."),
        "note": ref("text"),
    }, ["from", "to"], desc="Validity period of the programme."),
    "organisation": obj({
        "owner": d("text", "Projektägare / verksamhetsägare."),
        "executor": d("text", "Verksamhetsutförare."),
        "funder": d("text", "Finansiär."),
        "association": d("text", "Samordningsförbund."),
        "commissioner": d("text", "Uppdragsgivare."),
        "parties": arr(ref("party"), "Member or collaborating parties.", minItems=1),
        "note": ref("text"),
    }, ["owner", "parties"]),
    "roles": arr(ref("role"), "People and bodies referred to by the rules.", minItems=1),
    "decision_rights": arr(ref("decision_right"), "Who decides what."),
    "project_phases": arr(ref("project_phase"), "Dated phases of the programme itself."),
    "eligibility": obj({
        "age": obj({"min": {"type": "integer", "minimum": 0, "maximum": 120},
                    "max": {"type": "integer", "minimum": 0, "maximum": 120}},
                   ["min", "max"], desc="Age range, inclusive, evaluated on the enrolment date."),
        "residence": arr(ref("text"), "Municipalities the participant must be registered in.", minItems=1, uniqueItems=True),
        "min_parties": {"type": "integer", "minimum": 1, "description": "Number of parties the person must be an active case at."},
        "income_support_from_referring_party": {"type": "boolean", "description": "The participant's income support must come from a referring party."},
        "criteria": arr(ref("criterion"), "Conditions the coordinator attests."),
        "exclusions": arr(ref("exclusion"), "Conditions that exclude a person, each with its reason; the coordinator attests none applies."),
        "note": ref("text"),
    }),
    "capacity": obj({
        "concurrent": {"type": "integer", "minimum": 1, "description": "Places at any one time."},
        "when_full": {"enum": ["refuse", "waiting_list"], "description": "What enrolment does when no place is free."},
        "quotas": obj({
            "kind": {"enum": ["soft", "hard"], "description": "soft: warn and allow reallocation; hard: refuse."},
            "places": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                       "minProperties": 1, "description": "Places per municipality."},
            "source": ref("source"),
        }, ["kind", "places"]),
        "annual_places": {"type": "integer", "minimum": 1, "description": "Årsplatser: full-year equivalents per year."},
        "total_participants": {"type": "integer", "minimum": 1, "description": "Participants over the whole programme."},
        "caseload_per_coordinator": {"type": "integer", "minimum": 1},
        "note": ref("text"),
        "source": ref("source"),
    }),
    "reminders": obj({
        "lead": ref("duration"), "escalate_after": ref("duration"), "escalate_to": ref("ref"),
    }, ["lead", "escalate_after", "escalate_to"], desc="Default reminder lead time and escalation for every obligation."),
    "due_on_non_working_day": {"enum": ["keep", "previous_working_day", "next_working_day"],
                               "description": "What happens to a due date that falls on a weekend or Swedish holiday (default previous_working_day, so nothing is due on a day off)."},
    "participant": obj({
        "initial_phase": ref("ref"),
        "phases": arr(ref("phase"), "Participant phases.", minItems=1),
        "tracks": arr(obj({"id": ref("id"), "name": ref("text"), "description": ref("text"), "source": ref("source")}, ["id", "name"]),
                      "Tracks (inriktningar) a participant may follow; the same rules apply in all."),
        "tasks": arr(ref("task"), "Obligations opened by enrolment, phase entry or exit."),
        "follow_ups": ref("follow_ups"),
        "duration": ref("duration_limit"),
        "placement_forms": arr(obj({"id": ref("id"), "name": ref("text")}, ["id", "name"]), "Placement forms chosen after assessment."),
        "type_cases": arr(obj({"id": ref("id"), "name": ref("text"), "description": ref("text")}, ["id", "name"]), "Type cases (typfall)."),
        "reimbursement": obj({
            "levels": arr(obj({"id": ref("id"), "name": ref("text"), "amount": {"type": "number", "minimum": 0}}, ["id", "name", "amount"]),
                          "Level-related base reimbursement per need level.", minItems=1),
            "effect_premium": obj({"per_level_gained": {"type": "number", "minimum": 0},
                                   "max": {"type": "number", "minimum": 0},
                                   "measured_over": ref("duration")}, ["per_level_gained"]),
            "currency": {"enum": ["SEK"]},
            "period": {"enum": ["month", "quarter", "year"]},
            "note": ref("text"), "source": ref("source"),
        }, ["levels", "currency", "period"]),
        "activity_capacity_scale": obj({"min": {"type": "integer"}, "max": {"type": "integer"}, "labels": {"type": "object", "additionalProperties": {"type": "string"}}, "source": ref("source")}, ["min", "max"]),
    }, ["initial_phase", "phases"]),
    "exit": obj({
        "outcomes": arr(ref("outcome"), "Exit outcome categories.", minItems=1),
        "follow_ups": arr(ref("post_exit_follow_up"), "Follow-ups after the exit."),
    }, ["outcomes"]),
    "targets": arr(ref("target"), "What the programme aims for."),
    "calendar": obj({
        "meetings": arr(ref("meeting"), "Recurring meetings: steering group, board, researcher check-ins, process days."),
        "reports": arr(ref("report"), "Reports and their periods."),
        "evaluations": arr(ref("evaluation"), "Yearly evaluation stages before a decision."),
    }),
    "budget": obj({
        "periods": {"enum": ["month", "quarter", "half_year", "year"],
                    "description": "The periods the budget is set and followed up by (periodiserad budget): 2019-03, 2019-Q1, 2019-H1 or 2019."},
        "deviation_threshold": {"type": "string", "pattern": r"^(100|[1-9]?[0-9])([.,][0-9]{1,2})? ?%$",
                                "x-expected": "a percentage of the period's budget, e.g. '10 %'",
                                "description": "An outcome further than this from the period's budget, over or under, is a deviation: it opens an analysis of causes for 'responsible'."},
        "responsible": d("ref", "Role that analyses the causes of a deviation and, when the analysis says one is needed, draws up the action plan."),
        "analysis_due": d("duration", "Time from the outcome being recorded to the analysis being due (default 1 month)."),
        "action_plan_due": d("duration", "Time from the analysis to the action plan being due (default 1 month)."),
        "currency": {"enum": ["SEK"], "description": "Currency of the amounts (SEK)."},
        "reminder": ref("reminder"),
        "note": ref("text"),
        "source": ref("source"),
    }, ["periods", "deviation_threshold", "responsible"],
       desc="A budget per period and its outcome; a deviation beyond the threshold calls for an analysis of causes and, if needed, an action plan."),
  },
  "$defs": defs,
}
def render() -> str:
    """The schema as the JSON text that is committed."""
    return json.dumps(top, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    from engine.paths import schema_path
    schema_path().write_text(render(), encoding="utf-8")
    print(f"wrote {schema_path()}")
