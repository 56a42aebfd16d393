"""The validator's findings in English, for a programme administrator (see
:mod:`engine.http.web.validation_sv`, whose kinds and parameters these match)."""

from __future__ import annotations

#: The English sentence of each kind of problem.
ENGLISH: dict[str, str] = {
    "fixed_due_periodic": "A fixed date ({day}) is one day, but the report has a period every "
                          "time. Give a length of time after each period instead "
                          "(`due: 1 month`), or make it `cadence: final`.",
    "fixed_due_in_period": "The report is due on {day}, but the period it covers runs to {end}. "
                           "A report is due after its period.",
    "file_unreadable": "The file cannot be read.",
    "file_is_folder": "This is a folder, not a definition file.",
    "file_not_regular": "This is not a regular file. Choose a definition file.",
    "file_too_large": "The file is {size} bytes. A definition file may be at most {most} "
                      "bytes.",
    "file_grew_too_large": "The file is over {most} bytes, the most a definition file may "
                           "be.",
    "not_utf8_wide": "The file is saved as {encoding}. Save it as UTF-8.",
    "not_utf8": "The file is not saved as UTF-8 (the byte {byte} cannot be read). Save it "
                "with the UTF-8 encoding.",
    "nul_byte": "The file contains a NUL character. Is it a text file?",
    "control_character": "The file contains the control character {character}, which YAML "
                         "does not allow. Remove it.",
    "too_deep": "Lists and mappings nest more than {levels} levels deep. Write the "
                "definition flatter.",
    "too_many_values": "The file expands to more than {count} values once every alias is "
                       "written out. Write the values out instead of repeating aliases.",
    "too_much_text": "The file expands to more than {count} characters of text once every "
                     "alias is written out. Write the values out instead of repeating "
                     "aliases.",
    "empty_file": "The file is empty. A definition starts with keys such as `id:` and "
                  "`name:`.",
    "second_document": "A second YAML document (`---`) starts here. Write one programme per "
                       "file.",
    "not_a_mapping": "A definition is a set of keys (`id:`, `name:` …), not a list or a "
                     "single text.",
    "draft_too_long": "The draft is {count} characters. A definition may be at most {most} "
                      "characters.",
    "draft_other_programme": "This draft is of the programme `{programme}`, but its `id` is "
                             "`{id}`. A new programme comes in with the command stegvis "
                             "definitions import.",
    "yaml_syntax": "The YAML syntax is wrong here. Check the indentation, colons and quotes.",
    "yaml_unreadable": "YAML cannot read the file. Check that it is a text file holding the "
                       "definition.",
    "yaml_colon_in_value": "A colon stands where a value was expected. If the text itself "
                           "contains \": \", put the text in quotes.",
    "yaml_tab": "The line is indented with a tab. YAML indents with spaces only.",
    "yaml_missing_colon": "The line has no \"key: value\" though it stands among keys. Check "
                          "the indentation or a missing colon.",
    "yaml_indentation": "The indentation does not line up with the lines above.",
    "yaml_list_indentation": "The list item is indented differently from the items before "
                             "it.",
    "yaml_undefined_alias": "An alias (`*name`) refers to an anchor (`&name`) that is not "
                            "defined above it.",
    "yaml_outside_mapping": "Text stands outside the programme's keys. Check the "
                            "indentation.",
    "yaml_control_character": "A control character that YAML does not allow. Remove it.",
    "yaml_tag": "The YAML tag `{tag}` is not used in definitions. Write the value without a "
                "tag.",
    "yaml_tag_value": "`{value}` cannot be read as `{tag}`. Remove the tag or correct the "
                      "value.",
    "alias_recursive": "An alias refers to the list or mapping that contains it, so it never "
                       "ends.",
    "number_not_finite": "`{value}` is not a usable number. Write a finite number.",
    "merge_key": "Merge keys (`<<`) are not supported. Write the keys out.",
    "key_not_text": "A key must be plain text, not a list or a mapping.",
    "key_not_text_read": "The key `{key}` is not read as text. Quote it: `\"{key}\":`.",
    "duplicate_key": "The key `{key}` is already on line {first_line}. YAML would silently "
                     "keep only the last one.",
    "schema_unknown_key": "Unknown key `{key}`.",
    "schema_missing_key": "The key `{key}` is missing; it must be here.",
    "schema_needs_key": "`{key}` needs `{needed}` beside it.",
    "schema_not_one_of": "{given} is not allowed here. Write one of: {choices}.",
    "schema_not_const": "{given} is not allowed here. Write `{const}`.",
    "schema_not_valid_here": "{given} is not valid here. Expected {expected}.",
    "schema_yes_no": "Write `true` or `false` here, not the text {given}. Write `{meant}`.",
    "schema_empty_value": "The value is empty. Expected {expected}.",
    "schema_wrong_type": "Expected {expected}, not {got} {given}.",
    "schema_pattern": "{given} is not {expected}.",
    "schema_minimum": "{given} is too small. It must be at least {limit}.",
    "schema_maximum": "{given} is too large. It must be at most {limit}.",
    "schema_exclusive_minimum": "{given} is too small. It must be more than {limit}.",
    "schema_exclusive_maximum": "{given} is too large. It must be less than {limit}.",
    "schema_min_items": "The list needs more items: at least {count}.",
    "schema_unique_items": "The list names the same item twice.",
    "schema_empty_text": "The text is empty.",
    "schema_empty_mapping": "The mapping is empty. Expected {expected}.",
    "schema_text_too_long": "The text is longer than {count} characters.",
    "schema_conflict": "These keys conflict. Expected {expected}.",
    "schema_not_allowed": "{given} is not allowed here.",
    "schema_other": "The value does not follow the rules for definitions here.",
    "duration_too_long": "{length} is longer than {longest}, the longest time Stegvis works "
                         "with. Write a shorter one.",
    "duplicate_id": "There is already {a_what} with the id `{id}` (on line {first_line}). "
                    "Each id may be used once.",
    "duplicate_id_again": "There is already {a_what} with the id `{id}`. Each id may be "
                          "used once.",
    "unknown_reference": "There is {no_what} with the id `{value}`.",
    "drop_out_completed": "The outcome `{outcome}` is a drop-out (`drop_out`) but has "
                          "`completed: true`. A drop-out never completes.",
    "no_completing_outcome": "No outcome has `completed: true`. At least one outcome must "
                             "count as completing the programme.",
    "threshold_zero": "A threshold of 0 % makes every öre a deviation. Write how much the "
                      "outcome may differ from the period's budget, e.g. `10 %`.",
    "retention_zero": "A retention of {length} would erase a participant's data on the day "
                      "they exit. Write how long it is kept, e.g. `5 years`.",
    "retention_too_short": "A retention of {length} is shorter than the post-exit follow-up "
                           "`{follow_up}` (line {line}). The data would be erased before it "
                           "is held. Keep it at least that long.",
    "transition_to_itself": "The phase `{phase}` has a transition to itself.",
    "no_final_phase": "No phase has `completion_allowed: true`, so no participant could "
                      "ever complete the programme.",
    "phase_unreachable": "The phase `{phase}` cannot be reached from the initial phase "
                         "`{initial}`. Add a transition to it.",
    "phase_cannot_finish": "From the phase `{phase}` no path leads to a phase with "
                           "`completion_allowed: true`. A participant there could only drop "
                           "out.",
    "only_with": "`{field}` only applies with `{condition}`.",
    "either_not_both": "Use either `{first}` or `{second}`, not both.",
    "survey_records": "A survey is completed by its answers. `records` applies to other "
                      "tasks.",
    "record_needs": "`records: {record}` needs `{needs}` in the definition.",
    "question_twice": "The question `{id}` is in this survey twice.",
    "scale_inverted": "The scale's highest value {high} must be above its lowest {low}.",
    "scale_too_long": "A scale of {steps} steps is too long for a form. At most 101.",
    "label_outside_scale": "The label for {value} is outside the scale {low}–{high}.",
    "open_tier_not_last": "Only the last extension tier may have `up_to: null` (any "
                          "length).",
    "tiers_not_growing": "Extension tiers must grow: {length} is not longer than the tier "
                         "before ({previous}).",
    "warn_before_too_long": "`warn_before` ({warn}) must be shorter than the limit itself "
                            "({maximum}).",
    "age_inverted": "The highest age {high} is below the lowest age {low}.",
    "quotas_exceed_capacity": "The quotas add up to {total} places, but "
                              "`capacity.concurrent` is only {concurrent}.",
    "quota_not_eligible": "A quota for `{municipality}`, which is not in "
                          "`eligibility.residence`.",
    "min_parties_exceeds_named": "At least {count} parties are asked for but only {named} "
                                 "are named in `min_parties.parties`; nobody could be "
                                 "enrolled.",
    "caseload_exceeds_places": "A caseload of {caseload} per coordinator exceeds the "
                               "programme's {concurrent} places.",
    "target_not_survey": "The task `{task}` is not a survey (`kind: survey`).",
    "breakdown_sum": "The breakdown adds up to {total}, not the target count {count}.",
    "outside_validity": "{What} {day} lies outside the programme's validity ({valid_from} – "
                        "{valid_to}).",
    "ends_before_start": "{What} ends {end}, before its start {start}.",
    "enrolment_before_programme": "Enrolment opens ({day}) before the programme starts "
                                  "({start}).",
    "project_phases_overlap": "The project phase `{phase}` overlaps `{other}` ({start} – "
                              "{end}). Write `parallel_with` if they run side by side.",
    "per_year_inverted": "`per_year`: the highest {high} is below the lowest {low}.",
    "too_few_meetings": "The schedule gives {count} meetings in {year}, but `per_year.min` "
                        "is {low}.",
    "too_many_meetings": "The schedule gives {count} meetings in {year}, but `per_year.max` "
                         "is {high}.",
    "rule_unreadable": "The schedule rule `{rule}` cannot be read.",
    "rule_no_dates": "The rule `{rule}` gives no dates between {start} and {end}.",
    "final_report_open_ended": "A final report needs the programme to have an end date "
                               "(`valid.to` is empty).",
    "report_number_sequence": "Report number {number} is out of sequence; number "
                              "{expected} was expected here.",
    "report_periods_overlap": "The report period {start} – {end} overlaps the period "
                              "before, {previous_start} – {previous_end}.",
    "report_gap": "A gap between the report periods: {start} – {end} is covered by no "
                  "report. Close the gap or declare it under `intended_gaps`.",
    "report_lead_gap": "The first report period starts {first}, but the programme starts "
                       "{start}. Declare the gap under `intended_gaps`.",
    "report_tail_gap": "{start} – {end} at the end of the programme is covered by no report, "
                       "and there is no final report. Declare it under `intended_gaps`.",
    "intended_gap_not_gap": "The intended gap {start} – {end} is not a gap between the "
                            "report periods. Remove it or correct its dates.",
    "draft_too_early": "A draft {lead} before the due date ({due} after the period) would "
                       "come before the shortest period ({days} days) has begun. Shorten "
                       "it.",
    "period_zero": "A period of `{value}` never ends, so the report would never be due. "
                   "Write e.g. `1 month`.",
    "periods_of_year_not_here": "`periods_of_year` only applies with a cadence that divides "
                                "the year into several periods (quarterly, half_year, every "
                                "1, 2, 3, 4 or 6 months).",
    "periods_of_year_too_many": "A year has only {most} periods of {months} months, not "
                                "{number}.",
    "due_one_form": "Write `due` in one of the forms: `{{day: 10, months_after: 1}}`, "
                    "`{{dates: [...]}}` or `{{before: 10 working days, meeting: ID}}`.",
    "not_a_day_of_year": "`{value}` is not a day of the year. Write MM-DD in quotes.",
    "due_days_missing": "No due day for the periods ending {days}. Add "
                        "`{{period_ends: …, on: …}}` for each.",
    "due_day_no_period": "No period of this report ends on {day}. Its periods end on "
                         "{days}.",
    "no_meeting_after_period": "No `{meeting}` meeting comes late enough after the period "
                               "ending {end} for a due date {before} before it, so that "
                               "report would have no due date.",
    "no_meeting_after_collection": "In {year} no `{meeting}` meeting falls after collection "
                                   "starts ({collect}), so there is no date to count from.",
    "evaluation_inverted": "`complete_by` falls before `collect_from`. An evaluation must "
                           "lie within one calendar year.",
    "decision_before_evaluation": "In {year} no `{meeting}` meeting falls after the "
                                  "evaluation is complete ({ready}). The decision would come "
                                  "before the evaluation.",
    "only_body": "Only a body (`kind: body`) has a `{field}`. `{role}` is `{role_kind}`.",
    "body_own": "A body cannot be its own `{field}`. Name the role that is.",
    "interval_zero": "{What} of `{value}` would put follow-ups on the same day without end. "
                     "Write the time between meetings, e.g. `1 month` or `2 weeks`.",
    "anchor_enrolment": "This series starts at `{starts}`, not at enrolment. Write "
                        "`anchor: start` to count from its start.",
    "tightest_longer": "`tightest_interval` ({tightest}) is longer than the interval "
                       "({interval}). It is the shortest interval that may be agreed.",
    "lead_as_long_as_interval": "The reminder lead time ({lead}) is as long as the "
                                "follow-up interval ({interval}).",
    "tightest_twice": "Only one follow-up series may allow a tighter agreed interval (a case "
                      "has one agreed interval). The series on line {line} already does.",
    "time_limit_zero": "A time limit of `{value}` ends before the phase begins. Write the "
                       "longest stay, e.g. `6 weeks`.",
    "denominator_counted": "`{value}` is counted in the numerator (`outcomes`), so it cannot "
                           "be left out of the denominator.",
    "denominator_needless": "`{value}` does not complete the programme, so the completers "
                            "never include it. Leaving it out changes nothing.",
    "limit_past_end": "A participant enrolled on {day} reaches the limit ({maximum}) on "
                      "{ends}, after the programme ends ({valid_to}). Whoever is enrolled "
                      "after {latest} cannot stay the full time: close enrolment then "
                      "(`valid.enrolment_to`) or plan their exit for the programme's end.",
    "open_extension_past_end": "An extension of any length can run past the programme's "
                               "end ({valid_to}). Stegvis approves no extension that runs past "
                               "the end.",
    "extension_past_end": "An extension of up to {length} for a participant enrolled on "
                          "{day} runs to {ends}, past the programme's end ({valid_to}). "
                          "Stegvis does not approve such an extension.",
}

#: Why a schedule's rule cannot be read (see validation_sv.RULE_REASONS).
RULE_REASONS: dict[str, str] = {
    "not_only_rule": "Write only the rule (`FREQ=…;…`). The first date goes under `starts:` "
                     "and single dates under `dates:`.",
    "dtstart": "Write the first date under `starts:`, not as DTSTART inside the rule.",
    "unknown_part": "The rule has an unknown part, `{part}`.",
    "part_twice": "The part `{part}` is given twice.",
    "frequency": "`{part}` is not allowed. Meetings recur YEARLY, MONTHLY, WEEKLY or DAILY.",
    "number": "`{part}`: each value must be a whole number from {low} to {high}.",
    "byday": "`{part}`: write days as MO…SU, optionally numbered, e.g. `2TU` or `-1FR`.",
    "wkst": "`{part}` is not a day (MO…SU).",
    "until": "Write UNTIL as YYYYMMDD.",
    "no_frequency": "The rule needs FREQ, e.g. `FREQ=MONTHLY`.",
    "invalid": "Write it as a recurrence rule, e.g. `FREQ=MONTHLY;BYMONTHDAY=10`.",
}

#: The tails of a sentence (see engine.http.web.validation_sv.TAILS).
TAILS: dict[str, str] = {
    "suggestion": "Did you mean {suggestion}?",
    "misspelt": "Is {misspelt} a misspelling of it?",
    "allowed": "Keys allowed here: {allowed}.",
    "defined": "Defined: {defined}.",
    "one_of": "Its value is one of: {choices}.",
    "none_defined": "None is defined.",
    "causes": "Probably a consequence of {causes}.",
    "cause": "the unknown phase {name} on line {line}",
    "and": "and",
    "mapping": "a mapping", "list": "a list",
}

#: The schema's type names in English.
TYPES: dict[str, str] = {
    "object": "a mapping of keys", "array": "a list", "string": "text",
    "integer": "a whole number", "number": "a number", "boolean": "`true` or `false`",
    "null": "`null`",
}
