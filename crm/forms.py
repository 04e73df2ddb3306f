"""The public enquiry form: what a recruitment team needs, asked kindly, checked specifically."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout

from core import consent
from core.forms import LongTextField, text_limits_show
from crm.models import CallTime, ChildrenAtHome, Council, HeardAbout, HouseholdType, Interest
from crm.postcodes import phone_is_valid, phone_normalise, postcode_is_valid, postcode_normalise
from crm.services import EnquiryDetails

ATTRIBUTION_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "ref", "landing")
# Email and phone are each optional but one is needed; the partner's first name depends on the answer
# before, and its label says so.
NOT_MARKED_OPTIONAL = {"email", "phone", "partner_first_name", "website"}
COUNCIL_CHOICES = [
    ("", "Work it out from my postcode"),
    (Council.KENT, "Kent"),
    (Council.MEDWAY, "Medway"),
    (Council.BEXLEY, "Bexley"),
    (Council.ELSEWHERE, "Somewhere else"),
]


class EnquiryForm(forms.Form):
    first_name = forms.CharField(
        max_length=100,
        error_messages={"required": "Enter your first name."},
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        max_length=100,
        error_messages={"required": "Enter your last name."},
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    household_type = forms.ChoiceField(
        label="Are you thinking of adopting on your own or as a couple?",
        choices=HouseholdType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Tell us if you are thinking of adopting on your own or as a couple."},
    )
    # Shown to everyone without JavaScript, so the label says when it is needed; site.js shows the pair
    # only to couples, hides that note and marks the first name required.
    partner_first_name = forms.CharField(
        label=mark_safe(  # noqa: S308 - fixed text
            "Your partner&#x27;s first name"
            '<span class="partner-fields__when"> (only if applying as a couple)</span>'
        ),
        max_length=100,
        required=False,
        widget=forms.TextInput({"data-required-for-couples": "true"}),
    )
    partner_last_name = forms.CharField(label="Your partner's last name", max_length=100, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
        widget=forms.EmailInput({"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        help_text="A UK mobile or landline.",
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    best_time_to_call = forms.ChoiceField(
        label="When is the best time to call you?",
        choices=CallTime.choices,
        initial=CallTime.ANY,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        max_length=10,
        help_text="So we can put you in touch with the team for your area.",
        error_messages={"required": "Enter your postcode."},
        widget=forms.TextInput(
            {"autocomplete": "postal-code", "class": "input-postcode", "data-council-lookup": "true"}
        ),
    )
    council = forms.ChoiceField(
        label="Which council area do you live in?",
        choices=COUNCIL_CHOICES,
        required=False,
        help_text="If you are not sure, leave this and we will work it out from your postcode.",
    )
    children_at_home = forms.ChoiceField(
        label="Do you have children living at home?",
        choices=ChildrenAtHome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    interests = forms.MultipleChoiceField(
        label="Is there anything you are especially interested in?",
        help_text="Choose any that apply. You can change your mind later.",
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    heard_about = forms.ChoiceField(
        label="How did you hear about us?", choices=[("", "Choose one"), *HeardAbout.choices], required=False
    )
    heard_about_detail = forms.CharField(
        label="Tell us more, if you like",
        help_text="For example, which radio station.",
        max_length=200,
        required=False,
    )
    message = LongTextField(
        label="Anything you would like to tell us or ask?",
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 5}),
        error_messages={
            "max_length": "Your message must be 2,000 characters or fewer (it has %(show_value)d)."
        },
    )
    contact_consent = forms.BooleanField(
        label=consent.CONTACT.text,
        error_messages={"required": "Tick the box to agree that we can contact you, so we can reply."},
    )
    newsletter_consent = forms.BooleanField(label=consent.NEWSLETTER.text, required=False)
    information_pack = forms.BooleanField(
        label="Email me the information pack",
        required=False,
        help_text="Who can adopt, the children who wait, each step and how long it takes, as a link and a PDF.",
    )

    # Hidden fields: a double-submit key, the form's start time, and a trap that only bots fill in.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput({"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ATTRIBUTION_FIELDS:
            self.fields[name] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
        self.fields["heard_about"].label = "How did you hear about Adoption Partnership south east?"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "About you",
                Field("first_name", wrapper_class="input-width-20"),
                Field("last_name", wrapper_class="input-width-20"),
                "household_type",
                Div(
                    Field("partner_first_name", wrapper_class="input-width-20"),
                    Field("partner_last_name", wrapper_class="input-width-20"),
                    css_class="partner-fields",
                    id="partner-fields",
                    data_partner_fields="true",
                ),
                "children_at_home",
            ),
            Fieldset(
                "How we can reach you",
                HTML('<p class="form-text">Give us an email address, a phone number, or both.</p>'),
                Field("email", wrapper_class="input-width-30"),
                Field("phone", wrapper_class="input-width-20"),
                "best_time_to_call",
                Field("postcode", wrapper_class="input-width-10"),
                Field("council", wrapper_class="input-width-20"),
            ),
            Fieldset(
                "What you would like to know", "interests", "heard_about", "heard_about_detail", "message"
            ),
            Fieldset("Keeping in touch", "contact_consent", "newsletter_consent", "information_pack"),
            Div("website", css_class="form-trap", aria_hidden="true"),
            "submission_key",
            "form_token",
            *ATTRIBUTION_FIELDS,
        )
        for name, field in self.fields.items():
            if (
                not field.required
                and not isinstance(field.widget, forms.HiddenInput)
                and name not in NOT_MARKED_OPTIONAL
            ):
                field.label = f"{field.label or name.replace('_', ' ').capitalize()} (optional)"
        text_limits_show(self)

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

    def clean(self):
        cleaned = super().clean()
        no_way_to_reply = not cleaned.get("email") and not cleaned.get("phone")
        if no_way_to_reply and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", "Enter an email address or a phone number, so we can reply.")
        if cleaned.get("household_type") == HouseholdType.COUPLE and not cleaned.get("partner_first_name"):
            self.add_error("partner_first_name", "Enter your partner's first name, or choose 'On my own'.")
        if cleaned.get("household_type") == HouseholdType.SINGLE:
            # Names typed before choosing "On my own" are not a partner; with JavaScript they were hidden.
            for name in ("partner_first_name", "partner_last_name"):
                if name in cleaned:
                    cleaned[name] = ""
        return cleaned

    def details(self) -> EnquiryDetails:
        data = self.cleaned_data
        return EnquiryDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            partner_first_name=data["partner_first_name"],
            partner_last_name=data["partner_last_name"],
            email=data["email"],
            phone=data["phone"],
            postcode=data["postcode"],
            council=data["council"],
            household_type=data["household_type"],
            children_at_home=data["children_at_home"],
            interests=list(data["interests"]),
            heard_about=data["heard_about"],
            heard_about_detail=data["heard_about_detail"],
            best_time_to_call=data["best_time_to_call"],
            message=data["message"],
            contact_consent=data["contact_consent"],
            newsletter_consent=data["newsletter_consent"],
            information_pack=data["information_pack"],
        )

    def attribution(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ATTRIBUTION_FIELDS if self.cleaned_data.get(name)}

    def submission_key_value(self) -> uuid.UUID | None:
        return self.cleaned_data.get("submission_key")
