"""Survey answers checked against the survey's questions in the definition.

A survey with questions takes an answer per question it asks: a whole number on a
scale, yes or no, or the participant's own words; a question may be left unanswered,
but at least one must be answered.  A survey written without questions (an older
definition) takes answers as they come, as before.  The reports compare the sums of the
numeric answers at start and exit, so a scale answer is stored as a number, yes/no as
true/false and text as text.
"""

from __future__ import annotations

import math
from typing import Any

from engine.definitions.spec import SurveyQuestionSpec, TaskSpec
from engine.errors import InputError, did_you_mean
from engine.inputs.numbers import shown_choice

#: The longest answer in the participant's own words.
LONGEST_TEXT = 2000


def checked_answers(survey: TaskSpec, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as stored, or InputError naming the question and what it takes."""
    answered = {k: v for k, v in answers.items() if v is not None and v != ""}
    if not answered:
        raise InputError(f"no answers given to {survey.name}", kind="survey_unanswered",
                         survey=survey.name)
    if not survey.questions:
        return answered
    questions = {q.id: q for q in survey.questions}
    out: dict[str, Any] = {}
    for ident, value in answered.items():
        question = questions.get(ident)
        if question is None:
            raise InputError(f"{survey.name} has no question {shown_choice(ident)}"
                             f"{did_you_mean(ident, questions)}", kind="unknown_question",
                             survey=survey.name)
        out[ident] = _value(question, value)
    return out


def _value(question: SurveyQuestionSpec, value: Any) -> Any:
    if question.answer == "yes_no":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("yes", "ja", "true"):
            return True
        if str(value).strip().lower() in ("no", "nej", "false"):
            return False
        raise InputError(f"{question.text}: answer yes or no, not {value!r}",
                         kind="answer_yes_no", question=question.text)
    if question.answer == "text":
        text = str(value).strip()
        if len(text) > LONGEST_TEXT:
            raise InputError(f"{question.text}: {len(text)} characters, at most {LONGEST_TEXT}",
                             kind="answer_too_long", question=question.text, n=len(text),
                             length=LONGEST_TEXT)
        return text
    assert question.min is not None and question.max is not None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if number is None and str(value).strip().lstrip("-").isdigit() and len(str(value)) < 8:
        number = int(str(value).strip())
    if number is None or not question.min <= number <= question.max:
        infinite = isinstance(value, float) and not math.isfinite(value)
        raise InputError(f"{question.text}: answer a whole number from {question.min} to "
                         f"{question.max}, not {value!r}"
                         + (" (not a finite number)" if infinite else ""),
                         kind="answer_outside_scale",
                         question=question.text, min=question.min, max=question.max)
    return number


def answer_score(answers: dict[str, Any]) -> float | None:
    """The sum of a survey's numeric answers (booleans are no numbers), or None when none
    was a number: what the reports compare and average (stored with the answer,
    ``survey_answers.score``, so a report reads a number and parses no JSON)."""
    numbers = [v for v in answers.values()
               if isinstance(v, int | float) and not isinstance(v, bool)]
    return float(sum(numbers)) if numbers else None
