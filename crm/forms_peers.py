"""Peer connection's forms: volunteering, asking for a peer, the worker's checks, matches, contacts and endings.

The questions that matter for matching are the same on both sides (``PeerProfileForm``). Forms validate
and hand their answers to one service in ``crm.services.peers``; the service has the last word.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout

from core import consent
from core.forms import LongTextField, text_limits_show
from crm.models import Council, PeerContact, PeerEndReason, PeerMatch, PeerRole, PeerRoleWanted
from crm.models.peers import ABOUT_MAX_LENGTH, CONTACT_NOTE_MAX_LENGTH
from crm.postcodes import phone_is_valid, phone_normalise, postcode_is_valid, postcode_normalise
from crm.services import EnquiryDetails

SHARE_LABEL = (
    "I agree that my first name and email address are shared with the person I am matched with, so we "
    "can get in touch. Nothing else about me is shared."
)
ROLE_HELP = (
    "A mentor is an experienced adopter who guides someone through assessment and the first years. A buddy "
    "is a peer a little further along the road, for company and a listening ear."
)
END_REASONS = [(value, label) for value, label in PeerEndReason.choices if value != PeerEndReason.ERASED]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _helper(form: forms.Form) -> None:
    form.helper = FormHelper(form)
    form.helper.form_tag = False
    form.helper.disable_csrf = True


class PeerProfileForm(forms.Form):
    """What matters when matching: the same questions for volunteers and for people asking."""

    role = forms.ChoiceField(
        label="Would you like to be (or have) a mentor or a buddy?",
        choices=PeerRoleWanted.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
        error_messages={
            "required": "Choose a mentor, a buddy or either.",
            "invalid_choice": "Choose a mentor, a buddy or either.",
        },
    )
    council = forms.ChoiceField(
        label="Which area do you live in?",
        choices=[(value, label) for value, label in Council.choices if value != Council.UNKNOWN],
        required=False,
        help_text="So we can suggest someone near you.",
    )
    single_adopter = forms.BooleanField(label="Adopting (or adopted) on my own", required=False)
    same_sex_couple = forms.BooleanField(label="We are a same-sex couple", required=False)
    sibling_group = forms.BooleanField(label="Brothers and sisters (a sibling group)", required=False)
    early_permanence = forms.BooleanField(label="Early permanence (fostering for adoption)", required=False)
    disability = forms.BooleanField(label="A child with a disability or extra needs", required=False)
    share_consent = forms.BooleanField(
        label=SHARE_LABEL,
        error_messages={
            "required": "Tick the box to agree to share your first name and email address: we cannot introduce you without it."
        },
    )

    profile_help = (
        "Tick any that describe your family. We use them to find someone whose road was like yours."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self)
        text_limits_show(self)

    def profile(self) -> dict:
        data = self.cleaned_data
        names = (
            "role",
            "council",
            "single_adopter",
            "same_sex_couple",
            "sibling_group",
            "early_permanence",
            "disability",
            "share_consent",
        )
        return {name: data.get(name) for name in names}


class VolunteerOfferForm(PeerProfileForm):
    about = LongTextField(
        label="What would you like to share with someone starting out? (optional)",
        max_length=ABOUT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text="Please do not name any child, or their school.",
    )


class PeerRequestForm(PeerProfileForm):
    note = LongTextField(
        label="Anything else that would help us find the right person? (optional)",
        max_length=ABOUT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text="Please do not name any child, or their school.",
    )


class PublicVolunteerForm(VolunteerOfferForm):
    """The website's form for experienced adopters who are not signed in: who they are, then the offer."""

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name."},
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter your last name."},
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will introduce you by email, so we need it.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        widget=forms.EmailInput({"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput({"autocomplete": "tel", "type": "tel"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter your postcode, like ME14 1XX."},
        widget=forms.TextInput({"autocomplete": "postal-code"}),
    )
    contact_consent = forms.BooleanField(
        label=consent.SERVICE_CONTACT.text,
        error_messages={"required": "Tick the box to agree that we can contact you about volunteering."},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput({"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["first_name", "last_name", "email", "phone", "postcode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["council"]  # the postcode decides, as at the front door
        self.helper.layout = Layout(
            *(name for name in self.fields if name not in ("website", "submission_key", "form_token")),
            Div("website", css_class="form-trap", aria_hidden="true"),
            "submission_key",
            "form_token",
        )

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not phone_is_valid(phone):
            raise ValidationError("Enter a UK phone number, like 07700 900 123 or 01622 123 456.")
        return phone_normalise(phone)

    def clean_postcode(self) -> str:
        postcode = postcode_normalise(self.cleaned_data["postcode"])
        if not postcode_is_valid(postcode):
            raise ValidationError("Enter a full UK postcode, like ME14 1XX.")
        return postcode

    def details(self) -> EnquiryDetails:
        data = self.cleaned_data
        return EnquiryDetails(
            first_name=data["first_name"],
            last_name=data["last_name"].strip(),
            email=data["email"],
            phone=data["phone"],
            postcode=data["postcode"],
            contact_consent=data["contact_consent"],
        )


# Staff forms ----------------------------------------------------------------------------------------------


def _not_future(day: dt.date | None, what: str) -> dt.date | None:
    if day and day > timezone.localdate():
        raise ValidationError(f"The date of {what} cannot be in the future.")
    if day and day < dt.date(1990, 1, 1):
        raise ValidationError(f"Enter the date of {what}, like 14/03/2026.")
    return day


class VolunteerApproveForm(forms.Form):
    training_on = forms.DateField(
        label="Date of their peer-support training",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the date of their training, like 14/03/2026."},
    )
    dbs_checked_on = forms.DateField(
        label="Date of their DBS check",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the date of their DBS check, like 14/03/2026."},
    )
    capacity = forms.IntegerField(
        label="How many people they can support at once", min_value=1, max_value=6, initial=2
    )

    def clean_training_on(self):
        return _not_future(self.cleaned_data.get("training_on"), "their training")

    def clean_dbs_checked_on(self):
        return _not_future(self.cleaned_data.get("dbs_checked_on"), "their DBS check")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        error_messages={"required": "Give a reason, for the record."},
        help_text="Kept on their record. Do not name anyone else.",
    )


class MatchForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label="Match as",
        choices=PeerRole.choices,
        error_messages={"required": "Choose mentor or buddy.", "invalid_choice": "Choose mentor or buddy."},
    )


class ContactForm(forms.Form):
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the contact.",
            "invalid": "Enter the date, like 14/03/2026.",
        },
    )
    kind = forms.ChoiceField(label="How", choices=PeerContact.Kind.choices)
    note = forms.CharField(
        label="Short note (optional)",
        max_length=CONTACT_NOTE_MAX_LENGTH,
        required=False,
        help_text="A line or two. Do not name any child.",
    )


class WorkerEndForm(forms.Form):
    ended_by = forms.ChoiceField(label="Who is ending it", choices=PeerMatch.EndedBy.choices)
    reason = forms.ChoiceField(label="Why", choices=END_REASONS)
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)


class ApplicantEndForm(forms.Form):
    """Ending one of their own matches; which one is the ``match`` posted beside it (``applicant_peers.end``)."""

    reason = forms.ChoiceField(
        label="Why are you ending it?",
        choices=[(value, label) for value, label in END_REASONS if value != PeerEndReason.CONCERN],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are ending it."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self)
