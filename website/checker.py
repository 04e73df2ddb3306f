"""The 'Can I adopt?' checker: pure logic, no storage.

Each question's options carry an outcome. The overall result is the most cautious outcome among the
answers, so one "not yet" answer is never hidden behind several "fine" ones.
"""

from dataclasses import dataclass, field

from django import forms

FINE = "fine"
TALK = "talk"
NOT_YET = "not_yet"
OUTCOME_RANK = {FINE: 0, TALK: 1, NOT_YET: 2}


@dataclass(frozen=True)
class CheckerAnswer:
    key: str
    question: str
    answer: str
    outcome: str
    feedback: str


@dataclass(frozen=True)
class CheckerResult:
    outcome: str
    answers: list[CheckerAnswer] = field(default_factory=list)

    def answers_with(self, outcome: str) -> list[CheckerAnswer]:
        return [answer for answer in self.answers if answer.outcome == outcome]


def checker_evaluate(*, questions: list[dict], choices: dict[str, int]) -> CheckerResult:
    """Turn the chosen option index per question key into a result.

    ``questions`` are dicts with ``key``, ``question`` and ``options`` (each with ``label``,
    ``outcome`` and ``feedback``). Every question must have an answer.
    """
    answers = []
    for question in questions:
        option = question["options"][choices[question["key"]]]
        answers.append(
            CheckerAnswer(
                key=question["key"],
                question=question["question"],
                answer=option["label"],
                outcome=option["outcome"],
                feedback=option["feedback"],
            )
        )
    overall = max((answer.outcome for answer in answers), key=OUTCOME_RANK.__getitem__, default=FINE)
    return CheckerResult(outcome=overall, answers=answers)


class CheckerForm(forms.Form):
    """One required radio group per question; option values are their positions."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question["key"]] = forms.TypedChoiceField(
                label=question["question"],
                help_text=question.get("help_text", ""),
                choices=[(index, option["label"]) for index, option in enumerate(question["options"])],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for: {question['question']}"},
            )

    def result(self) -> CheckerResult:
        return checker_evaluate(questions=self.questions, choices=self.cleaned_data)
