"""The equality questions as a form: one form a person, every question optional, the census's words.

The page draws each question itself (``crm/equality/questions.html``): a group of radio buttons with
the question as its legend, and the ethnic group's answers under the census's five headings.
"""

from dataclasses import dataclass

from django import forms

from crm.equality import QUESTION_KEYS, QUESTIONS, Question

INVALID = "Choose one of the answers listed, or leave the question blank."


@dataclass(frozen=True)
class Option:
    code: str
    words: str
    id: str
    checked: bool


class EqualityForm(forms.Form):
    """One person's answers. ``partner``: the questions ask about "your partner"."""

    def __init__(self, *args, partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.partner_text if partner else question.text,
                required=False,
                choices=[("", "Not answered"), *question.all_choices],
                error_messages={"invalid_choice": INVALID},
            )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in QUESTION_KEYS}

    def _options(self, field, pairs) -> list[Option]:
        chosen = str(field.value() or "")
        return [Option(code, words, f"{field.auto_id}_{code}", chosen == code) for code, words in pairs]

    def questions(self) -> list[dict]:
        """What the page draws for each question: its field, hint, and options (grouped or not)."""
        drawn = []
        for question in QUESTIONS:
            field = self[question.key]
            drawn.append(
                {
                    "field": field,
                    "hint": question.hint,
                    "groups": [(group, self._options(field, members)) for group, members in question.groups],
                    "options": self._options(field, _ungrouped(question)),
                }
            )
        return drawn


def _ungrouped(question: Question) -> list[tuple[str, str]]:
    grouped = {code for _, members in question.groups for code, _ in members}
    return [(code, words) for code, words in question.all_choices if code not in grouped]
