"""The survey page's form: each question on five labelled points, a comment, and named or anonymous."""

from django import forms

from crispy_forms.helper import FormHelper

from core.forms import LongTextField, text_limits_show
from crm.surveys import COMMENT_MAX_LENGTH, SCALE, Survey

NAMED, ANONYMOUS = "named", "anonymous"
QUESTION_PREFIX = "q_"


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        choices = [(str(point), f"{point}: {words}") for point, words in SCALE]
        for number, question in enumerate(survey.questions, 1):
            self.fields[QUESTION_PREFIX + question.key] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer for question {number}",
                    "invalid_choice": f"Choose one of the five answers for question {number}",
                },
            )
        self.fields["comment"] = LongTextField(
            label=survey.comment_label,
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text="Optional. Please do not name a child or write anything that could identify one.",
        )
        self.fields["name_choice"] = forms.ChoiceField(
            label="Your name",
            choices=[
                (NAMED, "Put my name to this: your worker can see your answers and may follow them up"),
                (ANONYMOUS, "Answer anonymously: we keep your answers with nothing that links them to you"),
            ],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose whether to put your name to your answers or answer anonymously",
                "invalid_choice": "Choose whether to put your name to your answers or answer anonymously",
            },
        )
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        text_limits_show(self)

    def answers(self) -> dict[str, int]:
        return {
            question.key: self.cleaned_data[QUESTION_PREFIX + question.key]
            for question in self.survey.questions
        }

    @property
    def named(self) -> bool:
        return self.cleaned_data["name_choice"] == NAMED
