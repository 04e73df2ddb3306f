"""The applicant's own page's forms: asking for a sign-in link, and choosing status emails."""

from django import forms

from crispy_forms.helper import FormHelper

from core.forms import LongTextField, text_limits_show
from crm.models import MESSAGE_MAX_LENGTH


class SignInRequestForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The one you gave us when you enquired. We will email you a link to sign in.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class StatusEmailsForm(forms.Form):
    status_emails = forms.TypedChoiceField(
        label="Emails when your journey moves on",
        choices=[("yes", "Yes, email me when my journey moves on"), ("no", "No, I will look here")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you would like these emails"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False


class SurveyEmailsForm(forms.Form):
    survey_emails = forms.TypedChoiceField(
        label="Short surveys about how we did",
        help_text=(
            "Now and then (after an information evening, your approval...) we ask a few quick questions. "
            "We send them only while emails about your journey are on."
        ),
        choices=[("yes", "Yes, ask me how you did"), ("no", "No, please do not send me surveys")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you would like these surveys"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False


class MessageForm(forms.Form):
    body = LongTextField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Please do not include bank details. For anything urgent, call us on 0300 000 0000.",
        error_messages={"required": "Write your message before sending it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        text_limits_show(self)
