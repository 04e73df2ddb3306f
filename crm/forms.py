"""The public enquiry forms: what the front door needs, asked kindly, checked specifically.

``EnquiryForm`` asks about adopting; ``ServiceRequestForm`` asks for any of the agency's other services
(support, records and birth relatives, ...) with that service's own questions. Both share
``PublicEnquiryFormBase``: who they are, how to reach them, their agreement to be contacted, and the hidden
fields every public enquiry carries. ``EnquiryAboutForm`` is the question the enquiry page asks first.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout

from core import consent
from core.forms import LongTextField, text_limits_show
from crm.forms_services import ADOPTING_CHOICE, SERVICE_WORDS, ServiceFieldsMixin
from crm.models import CallTime, ChildrenAtHome, Council, EnquiryType, HeardAbout, HouseholdType, Interest
from crm.postcodes import phone_is_valid, phone_normalise, postcode_is_valid, postcode_normalise
from crm.services import EnquiryDetails

ATTRIBUTION_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "ref", "landing")
ATTRIBUTION_MAX_LENGTH = 300
# Email and phone are each optional but one is needed; the partner's first name and the other placing
# council depend on the answer before, and their labels say so.
NOT_MARKED_OPTIONAL = {"email", "phone", "partner_first_name", "placing_council_other", "website"}
COUNCIL_CHOICES = [
    ("", "Work it out from my postcode"),
    (Council.KENT, "Kent"),
    (Council.MEDWAY, "Medway"),
    (Council.BEXLEY, "Bexley"),
    (Council.ELSEWHERE, "Somewhere else"),
]
# Every service but adopting: the enquiry types ``ServiceRequestForm`` asks for.
SERVICE_TYPES = tuple(value for value in EnquiryType.values if value != EnquiryType.ADOPTING)
# The answers to "What would you like help with?", one for every enquiry type.
ABOUT_CHOICES = [
    (EnquiryType.ADOPTING.value, ADOPTING_CHOICE),
    *((service, SERVICE_WORDS[service].choice) for service in SERVICE_TYPES),
]
CHOOSE_ABOUT = "Choose what you would like help with."


def attribution_from(query) -> dict[str, str]:
    """The campaign parameters given in ``query`` (an address's or a post's), cut to length; none empty."""
    return {
        name: value[:ATTRIBUTION_MAX_LENGTH]
        for name in ATTRIBUTION_FIELDS
        if isinstance(value := query.get(name, ""), str) and value
    }


class EnquiryAboutForm(forms.Form):
    """The question the enquiry page asks first: a GET form whose answer is the address (``?about=support``).

    It carries the campaign parameters the page was opened with, as hidden fields, and only those
    given: the address it leads to is then the same for everyone who chose the same, so it is cached once.
    """

    about = forms.ChoiceField(
        label="What would you like help with?",
        choices=ABOUT_CHOICES,
        widget=forms.RadioSelect({"class": "form-check-input"}),
        error_messages={"required": CHOOSE_ABOUT, "invalid_choice": CHOOSE_ABOUT},
    )

    def __init__(self, *args, carried: dict[str, str] | None = None, **kwargs):
        # Its ids never clash with the enquiry form's on the same page.
        kwargs.setdefault("auto_id", "about_%s")
        super().__init__(*args, **kwargs)
        for name, value in (carried or {}).items():
            self.fields[name] = forms.CharField(widget=forms.HiddenInput, required=False, initial=value)

    @classmethod
    def unknown(cls, value: str, *, carried: dict[str, str]) -> "EnquiryAboutForm":
        """The question again, saying what is wrong, for an answer that is not one of its choices."""
        form = cls({"about": value[:ATTRIBUTION_MAX_LENGTH], **carried}, carried=carried)
        form.is_valid()
        return form


class PublicEnquiryFormBase(forms.Form):
    """What every public enquiry form asks and checks: who they are, how to reach them, their agreement to
    be contacted, and the hidden fields (a double-submit key, the form's start time, a trap only bots fill
    in, and the campaign parameters). Subclasses set ``self.helper.layout`` and then call ``finish()``."""

    # What every public enquiry form passes to the front door as it was typed (``shared_details``).
    SHARED_DETAILS = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "council",
        "best_time_to_call",
        "message",
        "contact_consent",
    )

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
        error_messages={"required": "Choose when is the best time to call you."},
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
            self.fields[name] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=ATTRIBUTION_MAX_LENGTH
            )
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def contact_fieldset(self) -> Fieldset:
        return Fieldset(
            "How we can reach you",
            HTML('<p class="form-text">Give us an email address, a phone number, or both.</p>'),
            Field("email", wrapper_class="input-width-30"),
            Field("phone", wrapper_class="input-width-20"),
            "best_time_to_call",
            Field("postcode", wrapper_class="input-width-10"),
            Field("council", wrapper_class="input-width-20"),
        )

    @staticmethod
    def hidden_layout() -> list:
        return [
            Div("website", css_class="form-trap", aria_hidden="true"),
            "submission_key",
            "form_token",
            *ATTRIBUTION_FIELDS,
        ]

    def shared_details(self) -> dict:
        """The answers every public enquiry form gives the front door, by ``EnquiryDetails``' names."""
        return {name: self.cleaned_data[name] for name in self.SHARED_DETAILS}

    def finish(self) -> None:
        """Once the labels are final: mark what may be skipped as optional, and say the limits."""
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
        if not postcode and not self.fields["postcode"].required:
            return ""
        if not postcode_is_valid(postcode):
            raise ValidationError("Enter a full UK postcode, like ME14 1XX.")
        return postcode

    def clean(self):
        cleaned = super().clean()
        no_way_to_reply = not cleaned.get("email") and not cleaned.get("phone")
        if no_way_to_reply and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", "Enter an email address or a phone number, so we can reply.")
        return cleaned

    def attribution(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ATTRIBUTION_FIELDS if self.cleaned_data.get(name)}

    def submission_key_value(self) -> uuid.UUID | None:
        return self.cleaned_data.get("submission_key")


class EnquiryForm(PublicEnquiryFormBase):
    """An enquiry about adopting: everything a recruitment team needs to make the first call."""

    field_order = [
        "first_name",
        "last_name",
        "household_type",
        "partner_first_name",
        "partner_last_name",
        "email",
        "phone",
        "best_time_to_call",
        "postcode",
        "council",
        "children_at_home",
        "interests",
        "heard_about",
        "heard_about_detail",
        "message",
        "contact_consent",
        "newsletter_consent",
        "information_pack",
    ]

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
    newsletter_consent = forms.BooleanField(label=consent.NEWSLETTER.text, required=False)
    information_pack = forms.BooleanField(
        label="Email me the information pack",
        required=False,
        help_text="Who can adopt, the children who wait, each step and how long it takes, as a link and a PDF.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heard_about"].label = "How did you hear about Adoption Partnership south east?"
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
            self.contact_fieldset(),
            Fieldset(
                "What you would like to know", "interests", "heard_about", "heard_about_detail", "message"
            ),
            Fieldset("Keeping in touch", "contact_consent", "newsletter_consent", "information_pack"),
            *self.hidden_layout(),
        )
        self.finish()

    def clean(self):
        cleaned = super().clean()
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
            **self.shared_details(),
            partner_first_name=data["partner_first_name"],
            partner_last_name=data["partner_last_name"],
            household_type=data["household_type"],
            children_at_home=data["children_at_home"],
            interests=list(data["interests"]),
            heard_about=data["heard_about"],
            heard_about_detail=data["heard_about_detail"],
            newsletter_consent=data["newsletter_consent"],
            information_pack=data["information_pack"],
        )


# Each service's own questions, after "How we can reach you": (legend, fields), in the order they are asked.
SERVICE_FIELDSETS = {
    EnquiryType.SUPPORT: [
        (
            "About your child",
            [
                "child_age",
                "order_date",
                "placing_council",
                "placing_council_other",
                "financial_support_before_order",
            ],
        ),
        ("How we can help", ["support_needs", "message"]),
    ],
    EnquiryType.RECORDS: [("How we can help", ["records_who", "records_needs", "message"])],
    EnquiryType.STEP_PARENT: [("How we can help", ["message"])],
    EnquiryType.INTER_COUNTRY: [("How we can help", ["country", "message"])],
    EnquiryType.ADVICE: [("Your question", ["message"])],
    EnquiryType.OTHER: [("Your question", ["message"])],
}
# What a service asks about the person themselves, after their name.
ABOUT_YOU_FIELDS = {EnquiryType.ADVICE: ["organisation", "role"]}
# How wide a field's box is: a hint at the answer expected.
FIELD_WIDTHS = {
    "first_name": "input-width-20",
    "last_name": "input-width-20",
    "child_age": "input-width-10",
    "order_date": "input-width-20",
    "placing_council_other": "input-width-30",
    "country": "input-width-20",
    "organisation": "input-width-30",
    "role": "input-width-30",
}
YOUR_CHILDS_AGE = "Enter your child's age in years, as a number, like 7."
# What each service must be told, beyond a name, a way to reply and their agreement, and what it says if not:
# support needs the order's date and who placed the child for the three-year rule.
SERVICE_REQUIRED = {
    EnquiryType.SUPPORT: {
        "child_age": YOUR_CHILDS_AGE,
        "order_date": "Enter the date of the adoption order, like 14/03/2022. An approximate date is fine.",
        "placing_council": "Tell us which council placed your child with you.",
    },
    EnquiryType.RECORDS: {"records_who": "Tell us whether you were adopted or are a birth relative."},
    EnquiryType.ADVICE: {
        "organisation": "Enter the name of your organisation.",
        "message": "Tell us what you would like advice about.",
    },
    EnquiryType.OTHER: {"message": "Tell us what you would like to ask, so we can help."},
}
# A professional, or someone whose question is not about where they live, may leave the postcode out.
POSTCODE_OPTIONAL = (EnquiryType.ADVICE, EnquiryType.OTHER)
# Labels and hints in the words of the person asking, where the staff's words (``ServiceFieldsMixin``) differ.
PUBLIC_LABELS = {
    "child_age": "How old is your child now?",
    "placing_council": "Which council placed your child with you?",
    "financial_support_before_order": "The council agreed financial support for us before the adoption order",
    "records_needs": "What can we help with?",
    "message": "What would you like to tell us?",
}
PUBLIC_ERRORS = {"child_age": {"invalid": YOUR_CHILDS_AGE, "min_value": YOUR_CHILDS_AGE}}
PUBLIC_HELP = {
    EnquiryType.SUPPORT: {"message": "For example, what is happening at home or at school."},
    EnquiryType.RECORDS: {
        "records_needs": "Choose any that apply.",
        "message": "For example, when and where the adoption happened, if you know.",
    },
    EnquiryType.ADVICE: {
        "postcode": "Where you work, so we can put you in touch with the team for your area.",
        "message": "What you would like advice about. Please do not give a child's full name.",
    },
}
SERVICE_LABELS = {
    EnquiryType.ADVICE: {
        "postcode": "Postcode where you work",
        "council": "Which council area do you work in?",
    },
}


def _sized(name: str) -> Field | str:
    return Field(name, wrapper_class=FIELD_WIDTHS[name]) if name in FIELD_WIDTHS else name


class ServiceRequestForm(ServiceFieldsMixin, PublicEnquiryFormBase):
    """A request to one of the agency's other services (``SERVICE_TYPES``), with that service's own questions.

    Built for one service (``service``), which the hidden ``enquiry_type`` carries back; every other
    service's fields are dropped (``service_fields_keep``).
    """

    enquiry_type = forms.ChoiceField(
        choices=[(service, service) for service in SERVICE_TYPES], widget=forms.HiddenInput
    )

    def __init__(self, *args, service: str, **kwargs):
        if service not in SERVICE_TYPES:
            raise ValueError(f"{service!r} is not a service a request can be made to.")
        self.service = service
        kwargs["initial"] = {**(kwargs.get("initial") or {}), "enquiry_type": service}
        super().__init__(*args, **kwargs)
        self.service_fields_keep(service)
        for name, label in {**PUBLIC_LABELS, **SERVICE_LABELS.get(service, {})}.items():
            if name in self.fields:
                self.fields[name].label = label
        for name, messages in PUBLIC_ERRORS.items():
            if name in self.fields:
                self.fields[name].error_messages.update(messages)
        for name, text in PUBLIC_HELP.get(service, {}).items():
            self.fields[name].help_text = text
        for name, message in SERVICE_REQUIRED.get(service, {}).items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["postcode"].required = service not in POSTCODE_OPTIONAL
        # They agree to be contacted about their request, not about adopting (as recorded with it).
        self.fields["contact_consent"].label = consent.SERVICE_CONTACT.text
        about_you = ["first_name", "last_name", *ABOUT_YOU_FIELDS.get(service, [])]
        self.helper.layout = Layout(
            Fieldset("About you", *map(_sized, about_you)),
            self.contact_fieldset(),
            *(Fieldset(legend, *map(_sized, names)) for legend, names in SERVICE_FIELDSETS[service]),
            Fieldset("Keeping in touch", "contact_consent"),
            "enquiry_type",
            *self.hidden_layout(),
        )
        # The error summary lists the problems in the order the form asks its questions.
        self.order_fields([pointer.name for pointer in self.helper.layout.get_field_names()])
        self.finish()

    def clean_enquiry_type(self) -> str:
        if self.cleaned_data["enquiry_type"] != self.service:
            raise ValidationError(CHOOSE_ABOUT)
        return self.service

    def details(self) -> EnquiryDetails:
        return EnquiryDetails(
            **self.shared_details(),
            enquiry_type=self.service,
            service_details=self.service_details(self.service),
        )
