"""The forum's forms: plain text only, limits said and counted, errors that say what to fix."""

from django import forms

from crispy_forms.helper import FormHelper

from community.services import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from core.forms import LongTextField, text_limits_show

BODY_HELP = (
    "Plain text only. Never name a child, a school, a street or a town where a child lives, and do not "
    "share phone numbers, addresses, full names or social media accounts."
)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        text_limits_show(self)


class JoinForm(_Form):
    display_name = forms.CharField(
        label="Your forum name",
        max_length=30,
        help_text="A made-up name other members will see, such as “Hopeful in Kent”. Not your real name.",
        error_messages={"required": "Choose a forum name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    accept = forms.BooleanField(
        label="I have read the code of conduct and I will keep to it",
        error_messages={"required": "Tick the box to say you accept the code of conduct"},
    )

    def __init__(self, *args, name_chosen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if name_chosen:
            del self.fields["display_name"]


class TopicForm(_Form):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": "Write a title for your topic"},
    )
    body = LongTextField(
        label="Your post",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
        error_messages={"required": "Write your post before posting it"},
    )


class ReplyForm(_Form):
    body = LongTextField(
        label="Your reply",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages={"required": "Write your reply before posting it"},
    )
