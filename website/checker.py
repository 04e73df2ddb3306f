"""The 'Can I adopt?' checker: pure logic, no storage.

Each answer is given one of a fixed, ordered set of outcome levels (``LEVELS``). The marketing team
chooses the level for each answer and writes the words; the order of the levels is a fact of the
law and of this service, so it lives here and nowhere else. The result's headline comes from the
most serious level among the answers, and the answers that decided it are shown first, so a
statutory bar is never hidden behind a kinder headline or under a list of other notes.
"""

from dataclasses import dataclass, field

from django import forms

FINE = "fine"
TALK = "talk"
NOT_YET = "not_yet"
BARRED = "barred"


@dataclass(frozen=True)
class OutcomeLevel:
    """One outcome level. ``label`` is what editors choose from; ``invites_to_events`` says whether the
    result suggests an information evening (not to someone the law does not allow us to approve).
    """

    key: str
    label: str
    invites_to_events: bool = True


# Least serious first. A level's position is its severity.
LEVELS: tuple[OutcomeLevel, ...] = (
    OutcomeLevel(FINE, "Nothing stopping you"),
    OutcomeLevel(TALK, "Talk to us"),
    OutcomeLevel(NOT_YET, "Not yet"),
    OutcomeLevel(
        BARRED,
        "The law does not allow approval (only for a statutory bar, such as a specified offence)",
        invites_to_events=False,
    ),
)
LEVEL_BY_KEY = {level.key: level for level in LEVELS}
SEVERITY = {level.key: position for position, level in enumerate(LEVELS)}
LEVEL_CHOICES = [(level.key, level.label) for level in LEVELS]


@dataclass(frozen=True)
class CheckerAnswer:
    key: str
    question: str
    answer: str
    outcome: str
    feedback: str


@dataclass(frozen=True)
class CheckerResult:
    """The most serious level among the answers, and every answer in the order of the questions."""

    outcome: str
    answers: list[CheckerAnswer] = field(default_factory=list)

    @property
    def level(self) -> OutcomeLevel:
        return LEVEL_BY_KEY[self.outcome]

    @property
    def deciding_answers(self) -> list[CheckerAnswer]:
        """The answers that set the headline. None when nothing stands in the way."""
        if self.outcome == FINE:
            return []
        return [answer for answer in self.answers if answer.outcome == self.outcome]

    @property
    def other_answers(self) -> list[CheckerAnswer]:
        """The rest, most serious first; answers at the same level keep the order of the questions."""
        deciding = self.deciding_answers
        rest = [answer for answer in self.answers if answer not in deciding]
        return sorted(rest, key=lambda answer: -SEVERITY[answer.outcome])

    def answers_with(self, outcome: str) -> list[CheckerAnswer]:
        return [answer for answer in self.answers if answer.outcome == outcome]


def checker_evaluate(*, questions: list[dict], choices: dict[str, int]) -> CheckerResult:
    """Turn the chosen option index per question key into a result.

    ``questions`` are dicts with ``key``, ``question`` and ``options`` (each with ``label``,
    ``outcome`` and ``feedback``). Every question must have an answer. An outcome this code does
    not know (content saved before a level was renamed) counts as "talk to us", never as fine.
    """
    answers = []
    for question in questions:
        option = question["options"][choices[question["key"]]]
        answers.append(
            CheckerAnswer(
                key=question["key"],
                question=question["question"],
                answer=option["label"],
                outcome=option["outcome"] if option["outcome"] in SEVERITY else TALK,
                feedback=option["feedback"],
            )
        )
    overall = max((answer.outcome for answer in answers), key=SEVERITY.__getitem__, default=FINE)
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
