"""Forms for family finding on the household page, and the filters of the families-waiting list.

Each form checks what was typed and hands it to one service in ``crm.services.matching``, which checks the
dates against each other and the journey. The child is named only by their council's reference: the forms
say so, and refuse anything that does not look like one.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import text_limits_show
from crm.forms_admin import DateInput
from crm.models import (
    PARTNER_COUNCILS,
    AgeBand,
    ChildCouncil,
    Council,
    LinkEndReason,
    Openness,
)
from crm.models.matching import (
    CHILD_REFERENCE_HELP,
    CHILD_REFERENCE_MAX,
    MAX_SIBLINGS,
    child_reference_validator,
)

BACKDATED_NOTE_HELP = "Needed if you are recording this more than a day after it happened."


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": f"Enter the date: {label.lower()}.",
            "invalid": "Enter a real date, for example 14/03/2026.",
        },
    )


def note_field() -> forms.CharField:
    return forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=BACKDATED_NOTE_HELP,
    )


class LimitsSaidForm(forms.Form):
    """Text limits said and counted, never cut by the browser (``core.forms.text_limits_show``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)


class LinkForm(LimitsSaidForm):
    """A link with a child: who the child is in their council's system, never their name."""

    child_reference = forms.CharField(
        label="Child's reference",
        max_length=CHILD_REFERENCE_MAX,
        help_text=CHILD_REFERENCE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "crm-input--short"}
        ),
        error_messages={"required": "Enter the child's reference from their council's children's system."},
    )
    child_council = forms.ChoiceField(
        label="Child's council",
        choices=[("", "Choose a council"), *ChildCouncil.choices],
        error_messages={"required": "Choose the child's council."},
    )
    age_band = forms.ChoiceField(
        label="Child's age",
        choices=[("", "Choose an age band"), *AgeBand.choices],
        help_text="An age band, never a date of birth.",
        error_messages={"required": "Choose the child's age band."},
    )
    siblings = forms.IntegerField(
        label="Brothers and sisters in the link",
        min_value=0,
        max_value=MAX_SIBLINGS,
        initial=0,
        help_text="How many brothers and sisters are linked with them too: 0 for a child on their own.",
        error_messages={
            "required": "Give the number of brothers and sisters in the link: 0 for a child on their own.",
            "invalid": "Give the number of brothers and sisters as a whole number, such as 0 or 1.",
            "min_value": "The number of brothers and sisters cannot be less than 0.",
            "max_value": f"Give at most {MAX_SIBLINGS} brothers and sisters.",
        },
    )
    linked_on = date_field("When were they linked?")
    early_permanence = forms.BooleanField(
        label="Early permanence (fostering for adoption)",
        required=False,
        help_text="The child may live with them as foster carers before the match.",
    )
    fostering_approved_on = date_field("Approved as the child's foster carers on", required=False)
    placed_for_fostering_on = date_field(
        "Placed with them as foster carers on", required=False, help_text="Leave blank until it happens."
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("linked_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_child_reference(self) -> str:
        reference = self.cleaned_data["child_reference"].strip()
        child_reference_validator(reference)
        return reference


class MatchForm(LimitsSaidForm):
    matched_on = date_field("Date of the matching panel")
    note = note_field()


class PlaceForm(LimitsSaidForm):
    placed_on = date_field("When did the child move in?", help_text="Placed with them for adoption.")
    note = note_field()


class OrderForm(LimitsSaidForm):
    order_on = date_field("When did the court make the adoption order?")
    note = note_field()


class EndLinkForm(LimitsSaidForm):
    reason = forms.ChoiceField(
        label="Why did the link end?",
        choices=[("", "Choose a reason"), *LinkEndReason.choices],
        error_messages={"required": "Choose why the link ended."},
    )
    ended_on = date_field("When did it end?")
    note = note_field()


class FosteringForm(forms.Form):
    fostering_approved_on = date_field("Approved as the child's foster carers on", required=False)
    placed_for_fostering_on = date_field("Placed with them as foster carers on", required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("fostering_approved_on") or cleaned.get("placed_for_fostering_on")
        ):
            raise ValidationError(
                "Give the date they were approved as foster carers, the fostering placement, or both."
            )
        return cleaned


class MatchingProfileForm(forms.Form):
    age_bands = forms.MultipleChoiceField(
        label="Ages they hope for",
        required=False,
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose the ages from the list."},
    )
    siblings = forms.ChoiceField(
        label="Open to brothers and sisters?",
        required=False,
        choices=Openness.choices,
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label="Open to a child with a disability or extra needs?",
        required=False,
        choices=Openness.choices,
        widget=forms.RadioSelect,
    )
    early_permanence = forms.BooleanField(
        label="Open to early permanence (fostering for adoption)", required=False
    )


class PoolFilterForm(forms.Form):
    """The families-waiting list's filters. Every one is optional; a bad value is explained, not fatal."""

    council = forms.ChoiceField(
        label="Council",
        required=False,
        choices=[("", "All three councils"), *((value, Council(value).label) for value in PARTNER_COUNCILS)],
    )
    age_band = forms.ChoiceField(
        label="Hopes for a child aged", required=False, choices=[("", "Any age"), *AgeBand.choices]
    )
    siblings = forms.BooleanField(label="Open to brothers and sisters", required=False)
    early_permanence = forms.BooleanField(label="Open to early permanence", required=False)
