"""The information pack request: a first name, an email address, a postcode and an unticked consent box."""

from django import forms

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout

from core import consent
from core.forms import text_limits_show
from crm.postcodes import postcode_is_valid, postcode_normalise

SOURCES = [("pack", "Information pack page"), ("home", "Home page")]


class InformationPackForm(forms.Form):
    """``website`` is a honeypot: filling it is not an error (a bot learns nothing); nothing is sent."""

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name, so we know who the pack is for."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We email the pack here, as a link and a PDF.",
        error_messages={
            "required": "Enter your email address, so we can send you the pack.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="So the pack tells you about your local team and events near you. For example, ME14 1XX.",
        error_messages={"required": "Enter your postcode, like ME14 1XX."},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=consent.INFORMATION_PACK.text,
        error_messages={"required": "Tick the box to say we may email you the pack."},
    )
    wording_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    source = forms.ChoiceField(choices=SOURCES, widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, source: str = "pack", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("wording_version", consent.INFORMATION_PACK.version)
        self.initial.setdefault("source", source)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("first_name", wrapper_class="input-width-20"),
            Field("email", wrapper_class="input-width-30"),
            Field("postcode", wrapper_class="input-width-10"),
            "consent",
            Div("website", css_class="form-trap", aria_hidden="true"),
            "wording_version",
            "source",
        )
        text_limits_show(self)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_postcode(self) -> str:
        value = postcode_normalise(self.cleaned_data["postcode"])
        if not postcode_is_valid(value):
            raise forms.ValidationError("Enter a full UK postcode, like ME14 1XX.")
        return value

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get("wording_version")
        if posted and posted != consent.INFORMATION_PACK.version:
            self.add_error(
                "consent",
                "The wording of this box has changed since the page loaded. Read it and tick it again.",
            )
        return cleaned

    @property
    def is_trapped(self) -> bool:
        return bool(self.cleaned_data.get("website"))
