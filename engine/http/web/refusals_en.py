"""The English sentence of each kind of refusal and notice (see engine.http.web.refusals).

Written for a person using the web pages, not the command line's English: no command
names, no case numbers or stored codes, the same facts as the Swedish sentence.
"""

from __future__ import annotations

#: The English sentence of each kind; ``{What}`` is ``{what}`` with a capital letter.
ENGLISH: dict[str, str] = {
    "date_in_future": "{What} {day} is in the future (today is {today}).",
    "date_before": "{What} {day} is before {before_what} {before}.",
    "not_a_date": "{What}: “{value}” is not a date (YYYY-MM-DD).",
    "not_a_duration": "{What}: “{value}” is not a length of time (such as “2 weeks”).",
    "case_not_active": "The case is not running (it is {status}); this cannot be done now.",
    "case_not_exited": "The case has not exited (it is {status}).",
    "case_erased": ("The case's data was erased after its retention period; it cannot be "
                    "reopened. Enrol the person anew."),
    "not_waiting": "The case is not on the waiting list (it is {status}).",
    "no_case": "The case does not exist.",
    "changed_meanwhile": "Someone else changed the case at the same time. Reload the page and "
                         "try again.",
    "definition_missing": ("The case's version of the programme definition is missing. "
                           "Contact the system administrator."),
    "actor_missing": "It is not known who makes the change. Sign in again.",
    "programme_full": "{programme} is full ({taken} of {places} places).",
    "caseload_full": ("{coordinator} already has {taken} active cases in {programme}, as many "
                      "as one coordinator holds ({places}). Choose another coordinator."),
    "quota_full": "The places for {municipality} in {programme} are taken ({places} places).",
    "not_enrolling": "{programme} does not take participants on {day}.",
    "no_obligation": "The case has no such item. Reload the page and try again.",
    "obligation_already": "“{name}” is already {status}.",
    "obligation_not_done": "“{name}” is not done (it is {status}); there is nothing to undo.",
    "undo_follow_up_instead": "“{name}” is a follow-up meeting: undo the meeting instead.",
    "post_exit_stays": ("“{name}” was done when the result after the exit was recorded, and "
                        "that result stays."),
    "follow_up_twice": "A follow-up held on {day} is already recorded. To correct it, undo it "
                       "and record it again.",
    "no_follow_up_to_undo": "The case has no follow-up meeting to undo.",
    "no_move_to_undo": "The case has not moved phase since its enrolment; there is nothing "
                       "to undo.",
    "no_follow_ups": "{programme} has no recurring follow-ups.",
    "which_series": "Choose which of the follow-ups the meeting belongs to: {series}.",
    "next_follow_up_outside": "The next follow-up must come after this one ({held_on}) and no "
                              "later than {latest} (every {interval}); {next_on} is not "
                              "possible.",
    "interval_zero": "The time between meetings cannot be zero.",
    "interval_longer": "An agreed interval may only be tighter than {longest}; {length} is "
                       "longer.",
    "interval_tighter": "{programme} allows intervals down to {tightest}; {length} is "
                        "tighter.",
    "interval_not_here": "A tighter interval cannot be agreed for {series}.",
    "no_transition": "The case cannot move from the phase {phase} to {to}.",
    "move_requires": "Moving from {phase} to {to} needs this to be done first: {missing}.",
    "move_needs_approval": "The move to {to} must be approved by {role}.",
    "completion_not_here": "A participant completes from {phases}, not from {phase}. Move the "
                           "phase first, or record a drop-out.",
    "reason_missing": "Write why.",
    "goal_missing": "Write the goal.",
    "no_goal": "The goal is no longer in the case. Reload the page.",
    "complete_follow_up": "A follow-up meeting is recorded with who attended and the step "
                          "movement, in the form for follow-up meetings.",
    "no_extension": "{programme} has no time limit to extend.",
    "no_extension_request": "The extension request no longer exists. Reload the page.",
    "extension_too_long": "{programme} allows no extension of {length}.",
    "extension_past_end": ("{programme} ends on {end}; an extension of {length} would run "
                           "to {ends}, past the programme's end."),
    "extension_decided": "The extension request is already {status}.",
    "extension_case_closed": "The case is not running (it is {status}), so the extension "
                             "cannot be approved. Reject the request, or undo the exit first.",
    "extension_wrong_role": "The extension is decided by {role}.",
    "unknown_choice": "{What} is not in the programme.",
    "unknown_choices": ("Something chosen is no longer in {programme}. Reload the page and "
                        "choose again."),
    "no_capacity_scale": "{programme} does not assess activity capacity.",
    "capacity_outside": "The activity capacity {value} is outside the scale {min}–{max}.",
    "no_reimbursement": "{programme} has no reimbursement model.",
    "no_need_level": "The case has no assessment with a need level up to {day}.",
    "post_exit_too_early": "The follow-up after the exit can be recorded from {opens}; {day} "
                           "is too early.",
    "post_exit_twice": "The follow-up after the exit is already recorded ({day}).",
    "survey_unanswered": "No question is answered. Fill in at least one answer.",
    "unknown_question": "The survey no longer has that question. Reload the page.",
    "answer_yes_no": "“{question}”: answer yes or no.",
    "answer_outside_scale": "“{question}”: choose a number from {min} to {max}.",
    "answer_too_long": "“{question}”: {n} characters, but at most {length} fit.",
    "text_too_long": "{What}: {n} characters, but at most {length} fit.",
    "text_empty": "{What} is missing.",
    "text_control_character": "{What} contains a control character or a line break where "
                              "none may be. Write it without.",
    "text_identity_number": "{What} contains something that looks like a personal identity "
                            "or coordination number. The number is kept only in its own "
                            "field, with consent, never in other text.",
    "key_identity_number": ("The key looks like a personal identity or coordination number. "
                            "Use a key that does not say who the person is; the number is "
                            "kept only in its own field, with consent."),
    "key_length": "The participant's key must be 1–{length} characters.",
    "key_open_case": "The participant {key} already has a running case in {programme}.",
    "key_other_person": ("The key {key} already exists, for a person of another gender or "
                         "birth year. Check the key: is it the same person?"),
    "birth_year_impossible": ("The birth year {year} is not possible: it must be from {first} "
                              "to the year of the enrolment ({day})."),
    "birth_year_other": "The birth year {year} does not match the birth date {born}.",
    "consent_missing": "An identity number is kept only with the participant's consent: give "
                       "the date of the consent.",
    "identity_invalid": "The identity number is not valid (its format or check digit). Check "
                        "it with the participant.",
    "identity_other_birth": "The identity number does not match the participant's birth year "
                            "or birth date.",
    "identity_stored": "The participant already has an identity number stored; it is not "
                       "replaced.",
    # Neither names the other participant or case: the reader may not see it (a refusal
    # is no way to find out who is enrolled).
    "identity_taken": "The identity number is already stored for another participant; a "
                      "person has one key.",
    "identity_open_case": ("The person already has a running case in {programme}. A person "
                           "has one case at a time in a programme."),
    "meeting_passed": "That time has already passed ({day}). Choose a time ahead.",
    "link_lifetime": "A sign-in link works for 1–{longest} days, not {days}.",
    "no_link": "The link no longer exists. Reload the page.",
    "waiting_list": ("{programme} is full ({taken} of {places} places): the participant is on "
                     "the waiting list."),
    "caseload_passed": ("{coordinator} now has more active cases in {programme} than the "
                        "{places} one coordinator is meant to hold ({taken} before this one)."),
    "soft_quota_full": ("{municipality} already has {taken} of its {places} places. The "
                        "participant is enrolled by need; write the reason in a note."),
    "total_planned_passed": ("{programme} planned {places} participants in all; this is "
                             "number {n}."),
}

#: The engine's names of fields (``what``) where the web says them differently.
ENGLISH_FIELDS: dict[str, str] = {
    "the enrolment on": "the enrolment", "the exit on": "the exit",
    "the request on": "the request", "the waiting-list entry on": "the waiting-list entry",
    "date": "the date", "status": "the result", "completion date": "the day it was done",
    "need level": "the need level", "placement form": "the placement form",
    "type case": "the type case", "survey": "the survey", "step movement": "the step movement",
    "role": "the role", "phase": "the phase", "exit outcome": "the exit outcome",
    "sub-outcome": "the sub-outcome", "gender": "the gender",
    "follow-up series": "the follow-up series", "extension": "the extension",
    "post-exit follow-up": "the follow-up after the exit",
    "who acts (--as)": "who makes the change", "who records it (--as)": "who records it",
    "who asks (--as)": "who asks", "who decides (--as)": "who decides",
    "who assesses (--as)": "who assesses", "who completes it (--as)": "who does it",
}

#: The stored statuses in English running text.
ENGLISH_STATUS: dict[str, str] = {
    "waiting": "on the waiting list", "active": "running", "exited": "exited",
    "open": "open", "done": "done", "missed": "missed", "cancelled": "no longer needed",
    "pending": "awaiting a decision", "approved": "approved", "rejected": "rejected",
    "not_reachable": "not reachable",
}
