"""What every step of the registration of interest shares: the form's shape, the date of birth, and the words.

Each step's form turns what was typed into the answers the step stores (``answers()``), stored answers
back into what the form shows when someone comes to change them (``initial_from()``), and stored answers
into the rows the review page, the PDF, the staff screen and the subject access file show
(``describe()``). What was posted for a step that did not pass its checks is kept as typed (``posted()``).
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout

from core.forms import text_limits_show
from crm.postcodes import phone_is_valid, phone_normalise

REGISTER_FROM = 18  # the youngest someone may register their interest
APPROVE_FROM = 21  # the youngest the agency may approve an adopter (in England)
DATE_TEMPLATE = "crm/registration/date_field.html"
NOT_GIVEN = "Not given"
YES_NO = [("yes", "Yes"), ("no", "No")]
DETAILS_LIMIT = 2000


def choose(choices) -> list[tuple[str, str]]:
    return [("", "Choose"), *choices]


def date_in_words(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


class DateInputs(forms.MultiWidget):
    """Day, month and year as three boxes, each with its own label (GOV.UK's date input)."""

    template_name = "crm/registration/date_inputs.html"

    def __init__(self, attrs=None):
        part = {"inputmode": "numeric", "spellcheck": "false", "class": "form-control"}
        super().__init__(
            {
                "day": forms.TextInput({**part, "autocomplete": "bday-day"}),
                "month": forms.TextInput({**part, "autocomplete": "bday-month"}),
                "year": forms.TextInput({**part, "autocomplete": "bday-year"}),
            },
            attrs,
        )

    def _render(self, template_name, context, renderer=None):
        # The site's templates, not the form renderer's: the template lives with the rest in templates/.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 (a template, autoescaped)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_):
        # The error summary links to the day box.
        return f"{id_}_0" if id_ else ""


class DateOfBirthField(forms.MultiValueField):
    """A date of birth from three boxes, refused with a message that says exactly what is wrong.

    ``whose`` starts each message ("Your", "Your partner's"); anyone under ``REGISTER_FROM`` is refused.
    """

    widget = DateInputs

    def __init__(self, *, whose: str, too_young: str, **kwargs):
        self.whose, self.too_young = whose, too_young
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def clean(self, value):
        if not isinstance(value, list | tuple):
            value = [None, None, None]
        day, month, year = (str(part or "").strip() for part in (list(value) + [None] * 3)[:3])
        label = f"{self.whose} date of birth"
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {label.lower()}", code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(day + month + year) > 12:
            raise ValidationError(f"{label} must be a real date, in numbers, like 27 3 1985", code="invalid")
        if len(year) != 4:
            raise ValidationError("The year must have 4 numbers, like 1985", code="invalid")
        try:
            born = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        today = timezone.localdate()
        if born >= today:
            raise ValidationError(f"{label} must be in the past", code="future")
        if born.year < 1900:
            raise ValidationError(f"{label} must be a real date: check the year", code="invalid")
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < REGISTER_FROM:
            raise ValidationError(self.too_young, code="too_young")
        return born


class StepForm(forms.Form):
    """One step of the registration: its heading, its words, its layout and its answers."""

    slug = ""
    heading = ""
    intro = ""

    def __init__(self, *args, household=None, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        self.add_fields()
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = self.layout()
        text_limits_show(self)

    def add_fields(self) -> None:
        """Fields made for each form (rows of the same question), added before the layout."""

    def layout(self) -> Layout:
        return Layout(*self.fields)

    # Between typed, stored and shown

    def answers(self) -> dict:
        """The step's answers to store, from ``cleaned_data``: plain JSON, dates as ISO dates."""
        return {name: stored(value) for name, value in self.cleaned_data.items()}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        """What the form shows for answers already given."""
        initial = {}
        for name, field in cls.base_fields.items():
            value = answers.get(name)
            if isinstance(field, DateOfBirthField) and isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    value = None
            if value is not None:
                initial[name] = value
        return initial

    def initial_from_draft(self, draft: dict[str, str]) -> dict:
        """What the form shows for a draft (what was typed, kept as posted), without judging it again."""
        initial = {}
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            if isinstance(field.widget, forms.MultiWidget):
                initial[name] = [draft.get(html_name + suffix, "") for suffix in field.widget.widgets_names]
            elif isinstance(field, forms.BooleanField):
                initial[name] = html_name in draft
            elif html_name in draft:
                initial[name] = draft[html_name]
        return initial

    @classmethod
    def describe(cls, answers: dict) -> list[tuple[str, str]]:
        """(question, answer in words) for each answer, in the order the step asks them."""
        return [
            (str(field.label), shown(field, answers.get(name)))
            for name, field in cls.base_fields.items()
            if name in answers
        ]

    def posted(self) -> dict[str, str]:
        """What was posted for this form's own fields, as typed, to keep while the step is unfinished."""
        kept = {}
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            names = [html_name]
            if isinstance(field.widget, forms.MultiWidget):
                names = [html_name + suffix for suffix in field.widget.widgets_names]
            for key in names:
                value = self.data.get(key)
                if isinstance(value, str):
                    # PostgreSQL's JSON cannot hold a NUL; nobody types one.
                    kept[key] = value.replace("\x00", "")
        return kept

    # Checks shared by the steps

    def _require(self, name: str, message: str) -> None:
        if name not in self.errors and self.cleaned_data.get(name) in (None, "", False):
            self.add_error(name, message)

    def _yes_needs(self, question: str, details: str, *, missing: str, contradiction: str) -> None:
        """A yes needs its details; details with a no are a contradiction to put right, not to drop."""
        answer = self.cleaned_data.get(question)
        written = (self.cleaned_data.get(details) or "").strip()
        if answer == "yes" and not written and details not in self.errors:
            self.add_error(details, missing)
        elif answer == "no" and written:
            self.add_error(question, contradiction)


def stored(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def shown(field: forms.Field, value) -> str:
    if value in (None, "", [], {}):
        return NOT_GIVEN
    if isinstance(field, DateOfBirthField):
        try:
            return date_in_words(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def name_field(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=150,
        widget=forms.TextInput({"autocomplete": "name", "spellcheck": "false"}),
        **kwargs,
    )


def phone_clean(value: str) -> str:
    value = (value or "").strip()
    if value and not phone_is_valid(value):
        raise ValidationError("Enter a UK phone number, like 07700 900 123 or 01622 123 456")
    return phone_normalise(value) if value else ""


EMAIL_INVALID = "Enter an email address in the right format, like name@example.com"
