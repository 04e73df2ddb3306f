"""Forms for the CRM's staff screens in the Wagtail admin.

Each form checks what a person typed and turns it into the arguments of one service call; the
rules about what may happen live in ``crm.services``. Messages say what is wrong and how to fix it.
"""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm

from core import consent
from core.forms import text_limits_show
from crm.forms_services import ServiceFieldsMixin
from crm.journey import journey_for
from crm.models import (
    MESSAGE_MAX_LENGTH,
    CallTime,
    ChildrenAtHome,
    Clock,
    ClosureReason,
    Council,
    EnquiryType,
    HeardAbout,
    HouseholdType,
    Interest,
    PostcodeArea,
    RoutingRule,
    Source,
    StaffMember,
    Stage,
    Team,
)
from crm.postcodes import phone_is_valid, postcode_is_valid, postcode_normalise
from crm.services import EnquiryDetails

TEAM_QUEUE = "team"
REFERENCE_RE = re.compile(r"^\s*(?:APSE\s*-?\s*)?0*(\d{1,12})\s*$", re.IGNORECASE)
PREFIX_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9])?$")


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker, which needs no JavaScript from us."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def when_field(label: str, help_text: str = "Leave blank if it was just now.") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=LocalDateTimeInput(),
        help_text=help_text,
        error_messages={"invalid": "Enter a date and time, for example 14/03/2026 10:30."},
    )


def staff_label(staff: StaffMember) -> str:
    details = [staff.team.name if staff.team else "no team"]
    if staff.role == StaffMember.Role.MANAGER:
        details.append("manager")
    if staff.is_away:
        details.append("away")
    return f"{staff} ({', '.join(details)})"


def assign_choices(assignable) -> list[tuple[str, str]]:
    return [
        ("", "Choose who"),
        (TEAM_QUEUE, "Team queue (nobody yet)"),
        *((str(staff.pk), staff_label(staff)) for staff in assignable),
    ]


class AssignForm(forms.Form):
    """Choose who a household goes to. ``assignable`` is what ``staff_assignable_by`` allows this user."""

    assign_to = forms.ChoiceField(
        label="Assign to", error_messages={"required": "Choose a person, or the team queue."}
    )

    def __init__(self, *args, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignable = {str(staff.pk): staff for staff in assignable}
        self.fields["assign_to"].choices = assign_choices(assignable)
        self.fields["assign_to"].error_messages["invalid_choice"] = (
            "You cannot give households to that person. Choose someone from the list."
        )

    def clean_assign_to(self) -> StaffMember | None:
        value = self.cleaned_data["assign_to"]
        return None if value == TEAM_QUEUE else self.assignable[value]


class HouseholdIdsField(forms.Field):
    """The ticked rows of a listing. Anything that is not a number is dropped, never an error."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return sorted({int(item) for item in values if str(item).strip().isdigit()})


class BulkAssignForm(AssignForm):
    households = HouseholdIdsField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"].label = "Assign selected to"

    def clean_households(self) -> list[int]:
        ids = self.cleaned_data["households"]
        if not ids:
            raise ValidationError("Tick at least one household to assign.")
        return ids


class AvailabilityForm(forms.Form):
    away = forms.TypedChoiceField(choices=[("1", "Away"), ("0", "Back")], coerce=lambda value: value == "1")


class LogCallForm(forms.Form):
    reached = forms.TypedChoiceField(
        label="Did you speak to them?",
        choices=[("yes", "Yes, we spoke"), ("no", "No answer, or left a message")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you spoke to them."},
    )
    summary = forms.CharField(
        label="What was it about?",
        max_length=170,
        help_text="One line for the timeline, such as “Talked through the information pack”.",
        error_messages={"required": "Say briefly what the call was about."},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    at = when_field("When was the call?")


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The first line shows in the timeline; the rest is kept with it.",
        error_messages={"required": "Write the note before saving it."},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message to the applicant",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
        help_text="Plain text. They are emailed that a message has come, without it, and read it on their own page.",
        error_messages={"required": "Write the message before sending it."},
    )


class CouncilForm(forms.Form):
    council = forms.ChoiceField(
        label="Which council do they live in?",
        choices=[(value, label) for value, label in Council.choices if value != Council.UNKNOWN],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the council they live in."},
    )
    why = forms.CharField(
        label="How do you know? (optional)",
        max_length=150,
        required=False,
        help_text="For example: checked their address on the phone.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)


class HandOverForm(forms.Form):
    """Nothing to fill in: the button says which team."""


class PrintedPackForm(forms.Form):
    name = forms.CharField(
        label="Name on the envelope",
        max_length=200,
        error_messages={"required": "Give the name to put on the envelope."},
    )
    address = forms.CharField(
        label="Address",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        help_text="House number and street, then the town, one per line. The postcode goes below.",
        error_messages={"required": "Give the address to post the pack to."},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "crm-input--short"}),
        error_messages={"required": "Give the postcode: the pack cannot be posted without it."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)

    def clean_address(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["address"].splitlines() if line.strip()]
        if len(lines) > 6:
            raise ValidationError(f"An envelope has room for 6 address lines; this has {len(lines)}.")
        return "\n".join(lines)

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode_is_valid(postcode):
            raise ValidationError("Enter a full UK postcode, like ME14 1XX.")
        return postcode_normalise(postcode)


class AdvanceForm(forms.Form):
    """Any stage is accepted here so that the service, not the form, explains an impossible move."""

    to_stage = forms.ChoiceField(
        label="Move on to",
        choices=Stage.choices,
        error_messages={"required": "Choose the stage they have reached."},
    )
    effective_at = when_field("When did it happen?")
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed if you are recording this more than a day after it happened.",
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].widget.choices = [("", "Choose a stage")] + [
            (stage, Stage(stage).label) for stage in moves
        ]


class CloseForm(forms.Form):
    """The reasons offered are the case's service's (``crm.journey``); the service refuses any other."""

    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=[("", "Choose a reason"), *ClosureReason.choices],
        error_messages={"required": "Choose a reason for closing the case."},
    )
    effective_at = when_field("When did it close?")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reasons is not None:
            self.fields["reason"].choices = [("", "Choose a reason"), *reasons]


class ReopenForm(forms.Form):
    note = forms.CharField(
        label="Why is it reopening?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Add a note to say why the case is being reopened."},
    )


class FlagsForm(forms.Form):
    fast_track = forms.BooleanField(
        label="Fast track", required=False, help_text="Previous adopters and approved foster carers."
    )
    early_permanence = forms.BooleanField(
        label="Early permanence", required=False, help_text="Open to fostering for adoption."
    )


class ExtendClockForm(forms.Form):
    due_on = forms.DateField(
        label="New due date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the new due date.",
            "invalid": "Enter a date, for example 14/03/2026.",
        },
    )
    reason = forms.CharField(
        label="Reason for the extension",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason for the extension."},
    )


class MergeFindForm(forms.Form):
    other = forms.CharField(
        label="Reference of the duplicate record",
        max_length=20,
        help_text="For example APSE-000012. That record is folded into this one.",
        error_messages={"required": "Enter the reference of the other record."},
    )

    def clean_other(self) -> int:
        match = REFERENCE_RE.match(self.cleaned_data["other"])
        if not match:
            raise ValidationError("Enter a reference like APSE-000012, or just its number.")
        return int(match.group(1))


class MergeConfirmForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)


class EnquiryLogForm(ServiceFieldsMixin, forms.Form):
    """A phone call or email to the front door, typed in by staff, about any of the agency's services."""

    source = forms.ChoiceField(
        label="How did they get in touch?",
        choices=[(Source.PHONE, "Phone call"), (Source.EMAIL, "Email")],
        initial=Source.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they phoned or emailed."},
    )
    enquiry_type = forms.ChoiceField(
        label="What is it about?",
        choices=EnquiryType.choices,
        initial=EnquiryType.ADOPTING,
        required=False,
    )
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    partner_first_name = forms.CharField(label="Partner's first name", max_length=100, required=False)
    partner_last_name = forms.CharField(label="Partner's last name", max_length=100, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )
    phone = forms.CharField(label="Phone number", max_length=20, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        help_text="We use it to suggest their council.",
    )
    council = forms.ChoiceField(
        label="Council",
        required=False,
        choices=[("", "Suggest from the postcode"), *Council.choices],
        help_text="Leave this to follow the postcode unless they told you otherwise.",
    )
    household_type = forms.ChoiceField(
        label="Adopting", required=False, choices=[("", "Not asked"), *HouseholdType.choices]
    )
    children_at_home = forms.ChoiceField(
        label="Children at home", required=False, choices=[("", "Not asked"), *ChildrenAtHome.choices]
    )
    interests = forms.MultipleChoiceField(
        label="Interested in", required=False, choices=Interest.choices, widget=forms.CheckboxSelectMultiple
    )
    heard_about = forms.ChoiceField(
        label="How they heard about us", required=False, choices=[("", "Not asked"), *HeardAbout.choices]
    )
    heard_about_detail = forms.CharField(label="More about how they heard", max_length=200, required=False)
    best_time_to_call = forms.ChoiceField(
        label="Best time to call", required=False, choices=[("", "Not asked"), *CallTime.choices]
    )
    message = forms.CharField(
        label="What they said", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_consent = forms.BooleanField(
        label="They agreed to be contacted",
        help_text=(
            f"Read them this first. About adopting: “{consent.CONTACT.text}” About anything else: "
            f"“{consent.SERVICE_CONTACT.text}”"
        ),
        error_messages={"required": "We can only log an enquiry from someone who agreed to be contacted."},
    )
    newsletter_consent = forms.BooleanField(
        label="They want the newsletter",
        required=False,
        help_text=f"Only if they said yes to: “{consent.NEWSLETTER.text}”",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not phone_is_valid(phone):
            raise ValidationError("Enter a UK phone number of 10 or 11 digits, like 01622 000 000.")
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not postcode_is_valid(postcode):
            raise ValidationError(
                "Enter a full postcode, like ME14 1XX. If they only gave part of it, leave this blank "
                "and choose their council instead."
            )
        return postcode_normalise(postcode)

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and "phone" in cleaned and not (cleaned["email"] or cleaned["phone"]):
            self.add_error("email", "Give an email address or a phone number so the team can reach them.")
            self.add_error("phone", "Give a phone number or an email address so the team can reach them.")
        return cleaned

    def clean_enquiry_type(self) -> str:
        return self.cleaned_data["enquiry_type"] or EnquiryType.ADOPTING

    def details(self) -> EnquiryDetails:
        service = self.cleaned_data["enquiry_type"]
        fields = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("source", "submission_key") and name not in ServiceFieldsMixin.base_fields
        }
        return EnquiryDetails(**fields, service_details=self.service_details(service))


class QueueFilterForm(forms.Form):
    """The queue's search box and filters. Every field is optional; a bad value is explained, not fatal."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Name, email, phone, postcode or reference.",
    )
    service = forms.ChoiceField(
        label="About", required=False, choices=[("", "Every service"), *EnquiryType.choices]
    )
    council = forms.ChoiceField(
        label="Council", required=False, choices=[("", "Any council"), *Council.choices]
    )
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])
    source = forms.ChoiceField(label="Came in by", required=False, choices=[("", "Any way"), *Source.choices])
    received_from = forms.DateField(
        label="First enquiry from",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a date, for example 01/03/2026."},
    )
    received_to = forms.DateField(
        label="First enquiry to",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a date, for example 31/03/2026."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "The end date must be on or after the start date.")
        return cleaned


class PostcodeAreaForm(WagtailAdminModelForm):
    class Meta:
        model = PostcodeArea
        fields = ["prefix", "council", "place", "authority"]

    def clean_prefix(self) -> str:
        prefix = " ".join(self.cleaned_data["prefix"].upper().split())
        if not PREFIX_RE.match(prefix):
            raise ValidationError("Enter a postcode district such as ME4, or a sector such as DA1 4.")
        return prefix


class TeamForm(WagtailAdminModelForm):
    """A council team's council is fixed: routing finds each council's team by it. The central team may be
    added once; it has no council."""

    class Meta:
        model = Team
        fields = ["name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new team can only be the central front-door team: each council already has its team.
            self.instance.kind = Team.Kind.CENTRAL

    def clean(self):
        cleaned = super().clean()
        central = Team.objects.filter(kind=Team.Kind.CENTRAL).exclude(pk=self.instance.pk)
        if self.instance.kind == Team.Kind.CENTRAL and central.exists():
            raise ValidationError("There is already a central front-door team. Edit that one instead.")
        return cleaned


class RoutingRuleForm(WagtailAdminModelForm):
    """The hand-over stage is one of the enquiry type's own journey (``crm.journey``), or none."""

    class Meta:
        model = RoutingRule
        fields = ["first_to", "hand_over_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        journey = journey_for(self.instance.enquiry_type or EnquiryType.ADOPTING)
        self.fields["hand_over_at"].choices = [
            ("", "Keep it with the central team until someone hands it over"),
            *((stage, Stage(stage).label) for stage in journey.casework if stage != journey.start),
        ]

    def clean_hand_over_at(self) -> str:
        stage = self.cleaned_data["hand_over_at"]
        journey = journey_for(self.instance.enquiry_type or EnquiryType.ADOPTING)
        if stage and not journey.has(stage):
            stages = ", ".join(Stage(step).label.lower() for step in journey.moved_to)
            raise ValidationError(f"Choose a stage of {journey.name}: {stages}.")
        return stage


class StaffMemberForm(WagtailAdminModelForm):
    class Meta:
        model = StaffMember
        fields = ["user", "role", "team", "other_teams", "is_active", "is_away"]
        widgets = {"other_teams": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == StaffMember.Role.WORKER and not cleaned.get("team"):
            self.add_error(
                "team",
                "A worker needs a team: Kent, Medway, Bexley, the central team or the family-finding team.",
            )
        return cleaned


class ClockForm(WagtailAdminModelForm):
    """Only the figures change here; which stages a clock runs between is part of how the CRM works."""

    class Meta:
        model = Clock
        fields = ["amount", "unit", "due_soon_days", "basis"]

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount < 1:
            raise ValidationError("A timescale needs at least 1 day or month.")
        return amount
