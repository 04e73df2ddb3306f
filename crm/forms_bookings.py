"""The public booking form on event pages, and the staff attendance buttons."""

import uuid

from django import forms

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout

from core import consent
from core.forms import text_limits_show
from crm.forms import ATTRIBUTION_FIELDS
from crm.models import ACCESS_NEEDS_MAX_LENGTH, HeardAbout
from crm.postcodes import phone_is_valid, postcode_is_valid, postcode_normalise
from crm.services import EnquiryDetails

ATTRIBUTION_MAX_LENGTH = 300
PLACES_CHOICES = [(1, "1 place, just me"), (2, "2 places, for me and one other person")]


class PlainTextField(forms.CharField):
    """Text whose line breaks count once, as the person sees them (browsers send each as two characters)."""

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class BookingForm(forms.Form):
    """Everything we need to book a place and, at a recruitment event, to count it as an enquiry.

    With ``family_event`` (a support group, a coffee morning: ``crm.events``) it asks nothing about
    adopting: the consent is to be contacted about the booking and support for adoptive families, and
    "How did you hear about us?", a recruitment question, is left out.

    ``website`` is a honeypot: hidden from people, filled in by bots. A filled honeypot is not an
    error (a bot learns nothing); at a recruitment event the booking goes to quarantine for a person
    to look at, at a family event it is quietly not made (``crm.services.bookings.booking_create``).
    """

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter your last name."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send your confirmation and a reminder here.",
        error_messages={
            "required": "Enter your email address, so we can send your booking confirmation.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        help_text="If something changes on the day, we can call you.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="So the team for your area can welcome you.",
        error_messages={"required": "Enter your postcode."},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input-postcode"}),
    )
    places = forms.TypedChoiceField(
        label="How many places do you need?",
        choices=PLACES_CHOICES,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how many places you need.",
            "invalid_choice": "Choose 1 or 2 places.",
        },
    )
    access_needs = PlainTextField(
        label="Do you have any access needs? (optional)",
        required=False,
        max_length=ACCESS_NEEDS_MAX_LENGTH,
        help_text=(
            "For example a British Sign Language (BSL) interpreter, a hearing loop or step-free access. "
            "Tell us what would help you take part and we will arrange it. Only the staff running the "
            "event and your local team will see this."
        ),
        error_messages={
            "max_length": (
                f"Keep your access needs to {ACCESS_NEEDS_MAX_LENGTH} characters or fewer (you wrote "
                "%(show_value)d). Give the main things here; we can talk through the rest when we call you."
            )
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    heard_about = forms.ChoiceField(
        label="How did you hear about Adoption Partnership south east? (optional)",
        choices=[("", "Choose one")] + HeardAbout.choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the options in the list."},
    )
    contact_consent = forms.BooleanField(
        label=consent.CONTACT.text,
        error_messages={"required": "Tick the box to agree that we can contact you about your booking."},
    )
    newsletter_consent = forms.BooleanField(label=consent.NEWSLETTER.text + " (optional)", required=False)
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, family_event: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", str(uuid.uuid4()))
        if family_event:
            del self.fields["heard_about"]
            self.fields["contact_consent"].label = consent.FAMILY_EVENT.text
        # The limit is checked here, with a message; a browser's maxlength would cut a pasted answer silently.
        self.fields["access_needs"].widget.attrs.pop("maxlength", None)
        # Campaign parameters ride along hidden; anything too long is cut, never an error nobody can see.
        for name in ATTRIBUTION_FIELDS:
            self.fields[name] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("first_name", wrapper_class="input-width-20"),
            Field("last_name", wrapper_class="input-width-20"),
            Field("email", wrapper_class="input-width-30"),
            Field("phone", wrapper_class="input-width-20"),
            Field("postcode", wrapper_class="input-width-10"),
            "places",
            Field("access_needs", wrapper_class="input-width-30"),
            *([] if family_event else [Field("heard_about", wrapper_class="input-width-20")]),
            "contact_consent",
            "newsletter_consent",
            Div("website", css_class="visually-hidden"),
            "submission_key",
            *ATTRIBUTION_FIELDS,
        )
        text_limits_show(self)

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_access_needs(self) -> str:
        return self.cleaned_data["access_needs"].strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not phone_is_valid(phone):
            raise forms.ValidationError("Enter a UK phone number, like 01622 123456 or 07700 900123.")
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        if not postcode_is_valid(postcode):
            raise forms.ValidationError("Enter a full UK postcode, like ME14 1XX.")
        return postcode_normalise(postcode)

    def clean_submission_key(self) -> uuid.UUID | None:
        """A missing or mangled key only loses double-submit protection; it never blocks a booking."""
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            return None

    @staticmethod
    def attribution_initial(request) -> dict[str, str]:
        """Campaign parameters from the address the visitor arrived at, and where they came from."""
        initial = {name: request.GET.get(name, "")[:ATTRIBUTION_MAX_LENGTH] for name in ATTRIBUTION_FIELDS}
        initial["landing"] = (
            initial["landing"] or request.META.get("HTTP_REFERER", "")[:ATTRIBUTION_MAX_LENGTH]
        )
        return initial

    def attribution(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name][:ATTRIBUTION_MAX_LENGTH]
            for name in ATTRIBUTION_FIELDS
            if self.cleaned_data.get(name)
        }

    def spam_reasons(self) -> list[str]:
        return (
            ["The hidden 'leave this empty' field was filled in."] if self.cleaned_data.get("website") else []
        )

    def details(self) -> EnquiryDetails:
        data = self.cleaned_data
        return EnquiryDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            postcode=data["postcode"],
            heard_about=data.get("heard_about", ""),
            contact_consent=data["contact_consent"],
            newsletter_consent=data["newsletter_consent"],
        )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", "Attended"), ("0", "Did not attend")], coerce=lambda v: v == "1"
    )
