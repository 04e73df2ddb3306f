"""The questions each of the agency's other services asks, shared by the public form and the staff's log form.

Which fields belong to which service is ``SERVICE_FORM_FIELDS``; what is kept is
``crm.selectors.service_details_clean``'s (``Household.service_details``).
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.models import EnquiryType
from crm.selectors import PLACING_COUNCILS, RECORDS_NEEDS, RECORDS_WHO, SUPPORT_NEEDS, service_details_clean

# Each service's own fields, as the form names them, in the order they are asked.
SERVICE_FORM_FIELDS = {
    EnquiryType.SUPPORT: [
        "child_age",
        "order_date",
        "placing_council",
        "placing_council_other",
        "financial_support_before_order",
        "support_needs",
    ],
    EnquiryType.RECORDS: ["records_who", "records_needs"],
    EnquiryType.INTER_COUNTRY: ["country"],
    EnquiryType.ADVICE: ["organisation", "role"],
}
# The form's field names where they differ from the keys kept (``crm.selectors.services.SERVICE_FIELDS``).
STORED_AS = {"support_needs": "needs", "records_who": "who", "records_needs": "needs"}


@dataclass(frozen=True)
class ServiceWords:
    """What the public site and the emails call a service, in the words of the person asking for it."""

    choice: str  # their answer to "What would you like help with?"
    heading: str  # the heading of its form
    intro: str
    request: str  # what they sent, as in "We have your request for adoption support"
    next: str  # what the first call is for, on the thank-you page and in the email
    urgent: str = ""  # said above the form, where someone may be asking in a crisis


# Adopting keeps the enquiry page's own words, which the marketing team edits.
ADOPTING_CHOICE = "Adopting a child"
SERVICE_WORDS = {
    EnquiryType.SUPPORT: ServiceWords(
        choice="Support for my adoptive family",
        heading="Ask for support for your adoptive family",
        intro=(
            "Tell us a little about your child and what would help. You can ask at any time, even years "
            "after the adoption order."
        ),
        request="your request for adoption support",
        next=(
            "They will talk with you about what is happening and what would help, and work out which council "
            "is responsible for your family's support."
        ),
        urgent=(
            "If anyone is in immediate danger, call 999. Out of office hours, contact your council's "
            "out-of-hours children's social care team."
        ),
    ),
    EnquiryType.RECORDS: ServiceWords(
        choice="My own adoption records, or a birth relative who was adopted",
        heading="Ask about adoption records or a birth relative",
        intro=(
            "Whether you were adopted or someone in your birth family was, tell us what you would like help "
            "with. What you tell us is kept confidential."
        ),
        request="your request about adoption records or a birth relative",
        next="They will talk with you about what you would like to know, and how we can help, at your own pace.",
    ),
    EnquiryType.STEP_PARENT: ServiceWords(
        choice="Adopting my partner's child (step-parent adoption)",
        heading="Ask about adopting your partner's child",
        intro=(
            "Tell us a little about your family. We will explain how step-parent adoption works, and the other "
            "ways a step-parent can share parental responsibility."
        ),
        request="your question about step-parent adoption",
        next="They will explain how step-parent adoption works and what the other choices are.",
    ),
    EnquiryType.INTER_COUNTRY: ServiceWords(
        choice="Adopting a child from abroad",
        heading="Ask about adopting a child from abroad",
        intro="Tell us a little about yourself. We will explain what adopting a child from another country involves.",
        request="your question about adopting from abroad",
        next="They will explain what adopting from abroad involves, and what the first steps are.",
    ),
    EnquiryType.ADVICE: ServiceWords(
        choice="Advice for a professional",
        heading="Ask for advice as a professional",
        intro=(
            "For social workers, teachers, health workers and others who work with adopted children, adoptive "
            "families or birth families."
        ),
        request="your request for advice",
        next="They will answer your question, or put you in touch with the right person.",
    ),
    EnquiryType.OTHER: ServiceWords(
        choice="Something else",
        heading="Ask us something else",
        intro="Tell us what you would like to ask. We will get back to you, or tell you who can help.",
        request="your message",
        next="They will answer your question, or tell you who can help.",
    ),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ServiceFieldsMixin(forms.Form):
    """The fields of every service; a form keeps those of the service it is for (``service_fields_keep``)."""

    child_age = forms.IntegerField(
        label="How old is the child now?",
        help_text="In years. If you are asking about more than one child, tell us about the eldest.",
        min_value=0,
        max_value=25,
        required=False,
        error_messages={
            "invalid": "Enter the child's age in years, as a number, like 7.",
            "min_value": "Enter the child's age in years, as a number, like 7.",
            "max_value": "Adoption support is for children and young people up to 25: enter an age of 25 or under.",
        },
        widget=forms.NumberInput({"inputmode": "numeric"}),
    )
    order_date = forms.DateField(
        label="When was the adoption order made?",
        help_text="An approximate date is fine: it tells us which council is responsible for support.",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the date of the adoption order, like 14/03/2022."},
    )
    placing_council = forms.ChoiceField(
        label="Which council placed the child with you?",
        choices=PLACING_COUNCILS,
        required=False,
        widget=forms.RadioSelect,
    )
    placing_council_other = forms.CharField(
        label="If another council, which one?",
        help_text="Any council in England, for example Surrey County Council.",
        max_length=100,
        required=False,
    )
    financial_support_before_order = forms.BooleanField(
        label="Financial support was agreed before the adoption order", required=False
    )
    support_needs = forms.MultipleChoiceField(
        label="What would help?",
        help_text="Choose any that apply.",
        choices=SUPPORT_NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    records_who = forms.ChoiceField(
        label="Which describes you?", choices=RECORDS_WHO, required=False, widget=forms.RadioSelect
    )
    records_needs = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=RECORDS_NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.CharField(
        label="Which country are you thinking of adopting from?", max_length=100, required=False
    )
    organisation = forms.CharField(label="Your organisation", max_length=150, required=False)
    role = forms.CharField(label="Your role", max_length=100, required=False)

    def service_fields_keep(self, service: str) -> None:
        """Drop every other service's fields from this form."""
        mine = set(SERVICE_FORM_FIELDS.get(service, []))
        for names in SERVICE_FORM_FIELDS.values():
            for name in names:
                if name not in mine:
                    self.fields.pop(name, None)

    def clean_order_date(self):
        day = self.cleaned_data.get("order_date")
        if day and day > timezone.localdate():
            raise ValidationError("The adoption order's date cannot be in the future.")
        if day and day < dt.date(1930, 1, 1):
            raise ValidationError("Enter the date of the adoption order, like 14/03/2022.")
        return day

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("placing_council") == "other"
            and not (cleaned.get("placing_council_other") or "").strip()
        ):
            self.add_error("placing_council_other", "Tell us which council placed the child.")
        return cleaned

    def service_details(self, service: str) -> dict:
        """What this form's answers keep for ``service``, as ``Household.service_details`` stores it."""
        answers = {}
        for name in SERVICE_FORM_FIELDS.get(service, []):
            value = self.cleaned_data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            elif isinstance(value, (list, tuple)):
                value = list(value)
            answers[STORED_AS.get(name, name)] = value
        return service_details_clean(service, answers)
