"""The newsletter sign-up form, what Mailchimp's webhook posts, and the admin's subscriber search."""

from django import forms
from django.core.exceptions import ValidationError

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout

from core import consent
from core.forms import text_limits_show
from crm.models import Council

COUNCIL_CHOICES = [
    ("", "Choose one, if you like"),
    (Council.KENT, "Kent"),
    (Council.MEDWAY, "Medway"),
    (Council.BEXLEY, "Bexley"),
    (Council.ELSEWHERE, "Somewhere else"),
]
PLACEMENTS = [("page", "Newsletter page"), ("footer", "Website footer")]


class NewsletterSignupForm(forms.Form):
    """Email and an explicit, unticked consent box are all we need; a name and council make emails kinder.

    ``website`` is a honeypot: hidden from people, filled in by bots. Filling it is not an error
    (a bot learns nothing); the sign-up is quietly not taken.
    """

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address, so we can send you the newsletter.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=100,
        required=False,
        help_text="So we can say hello properly.",
        error_messages={"max_length": "Your first name must be 100 characters or fewer."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    council = forms.ChoiceField(
        label="Which council area do you live in? (optional)",
        choices=COUNCIL_CHOICES,
        required=False,
        help_text="So we can tell you about events near you.",
        error_messages={"invalid_choice": "Choose one of the council areas in the list."},
    )
    consent = forms.BooleanField(
        label=consent.NEWSLETTER.text,
        error_messages={"required": "Tick the box to say you would like the newsletter."},
    )
    wording_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    placement = forms.ChoiceField(choices=PLACEMENTS, widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("wording_version", consent.NEWSLETTER.version)
        self.initial.setdefault("placement", "page")
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("email", wrapper_class="input-width-30"),
            Field("first_name", wrapper_class="input-width-20"),
            Field("council", wrapper_class="input-width-20"),
            "consent",
            Div("website", css_class="form-trap", aria_hidden="true"),
            "wording_version",
            "placement",
            "form_token",
        )
        text_limits_show(self)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_placement(self) -> str:
        return self.cleaned_data["placement"] or "page"

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("wording_version")
        if cleaned.get("consent") and version and version != consent.NEWSLETTER.version:
            # The form was shown with older words: ask again, so the consent we keep is for these.
            self.add_error(
                "consent", ValidationError("The wording of this box has changed. Read it again and tick it.")
            )
            self.data = self.data.copy()
            self.data["consent"] = ""
            self.data["wording_version"] = consent.NEWSLETTER.version
        return cleaned


class MailchimpWebhookForm(forms.Form):
    """One event from Mailchimp's webhook, posted as form fields like ``data[email]``.

    https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/#handling-the-webhook-data
    """

    KINDS = ("subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = forms.CharField(max_length=20)
        for name in ("data[email]", "data[old_email]", "data[new_email]"):
            self.fields[name] = forms.EmailField(max_length=254, required=False)
        self.fields["data[merges][FNAME]"] = forms.CharField(max_length=255, required=False, strip=True)

    def clean_type(self) -> str:
        return self.cleaned_data["type"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("type") == "upemail" and not (
            cleaned.get("data[old_email]") and cleaned.get("data[new_email]")
        ):
            raise ValidationError("An address change needs the old and the new address.")
        return cleaned

    def event(self) -> dict:
        """The event as the service takes it."""
        data = self.cleaned_data
        kind = data["type"]
        first_name = data["data[merges][FNAME]"] if "data[merges][FNAME]" in self.data else None
        return {
            "kind": kind if kind in self.KINDS else "",
            "email": data["data[old_email]"] if kind == "upemail" else data["data[email]"],
            "new_email": data["data[new_email]"],
            "first_name": first_name,
        }


class SubscriberSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by email address or first name",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
