"""The registration of interest's first three steps: about you, your partner, and who lives with you.

Children at home are asked only their age and how they are related: a real form may name them, but we
keep to what the decision on the registration needs (data minimisation). The equality questions
(ethnicity, religion and the like) are asked elsewhere.
"""

from django import forms
from django.core.exceptions import ValidationError

from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout

from crm.postcodes import postcode_is_valid, postcode_normalise

from .base import (
    DATE_TEMPLATE,
    EMAIL_INVALID,
    YES_NO,
    DateOfBirthField,
    StepForm,
    choose,
    name_field,
    phone_clean,
    shown,
)

CHILD_ROWS = 6
ADULT_ROWS = 4
CHILD_RELATIONSHIPS = [
    ("birth", "Your birth child"),
    ("adopted", "Your adopted child"),
    ("step", "Your stepchild or your partner's child"),
    ("foster", "A child you foster"),
    ("kinship", "A relative's or friend's child you look after"),
    ("other", "Another relationship"),
]
ADULT_RELATIONSHIPS = [
    ("son_daughter", "Your grown-up son or daughter"),
    ("parent", "Your parent or your partner's parent"),
    ("relative", "Another relative"),
    ("lodger", "A lodger"),
    ("friend", "A friend"),
    ("other", "Another relationship"),
]
AGE_BANDS = [
    ("18-24", "18 to 24"),
    ("25-39", "25 to 39"),
    ("40-59", "40 to 59"),
    ("60-74", "60 to 74"),
    ("75+", "75 or over"),
]


class AboutYouForm(StepForm):
    slug = "about-you"
    heading = "About you"
    intro = (
        "If you are applying with a partner, the person filling this in answers here. Your partner is next."
    )

    full_name = name_field(
        "Your full name",
        help_text="As it is on your passport or driving licence.",
        error_messages={"required": "Enter your full name"},
    )
    date_of_birth = DateOfBirthField(
        whose="Your",
        too_young="You must be 18 or over to register an interest in adopting. We can approve adopters from 21",
        label="Your date of birth",
        help_text="For example, 27 3 1985. You can register from 18; we can approve adopters from 21.",
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=100,
        error_messages={"required": "Enter the first line of your address"},
        widget=forms.TextInput({"autocomplete": "address-line1"}),
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput({"autocomplete": "address-line2"}),
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        error_messages={"required": "Enter your town or city"},
        widget=forms.TextInput({"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        max_length=10,
        error_messages={"required": "Enter your postcode"},
        widget=forms.TextInput({"autocomplete": "postal-code", "class": "input-postcode"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=20,
        help_text="A UK mobile or landline.",
        error_messages={"required": "Enter your phone number"},
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We sign you in and write to you at the address you signed in with. If it has changed, "
        "tell your worker.",
        error_messages={"required": "Enter your email address", "invalid": EMAIL_INVALID},
        widget=forms.EmailInput({"autocomplete": "email", "spellcheck": "false"}),
    )

    def layout(self):
        return Layout(
            Field("full_name", wrapper_class="input-width-30"),
            Field("date_of_birth", template=DATE_TEMPLATE),
            Fieldset(
                "Your address",
                Field("address_line_1", wrapper_class="input-width-30"),
                Field("address_line_2", wrapper_class="input-width-30"),
                Field("town", wrapper_class="input-width-20"),
                Field("postcode", wrapper_class="input-width-10"),
            ),
            Field("phone", wrapper_class="input-width-20"),
            Field("email", wrapper_class="input-width-30"),
        )

    def clean_full_name(self):
        return self.cleaned_data["full_name"].strip()

    def clean_postcode(self):
        postcode = postcode_normalise(self.cleaned_data["postcode"])
        if not postcode_is_valid(postcode):
            raise ValidationError("Enter a full UK postcode, like ME14 1XX")
        return postcode

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])


class PartnerForm(StepForm):
    slug = "your-partner"
    heading = "Your partner"
    intro = "Couples apply together: married, in a civil partnership or living together as partners."

    applying = forms.ChoiceField(
        label="Are you applying with a partner?",
        choices=[
            ("together", "Yes, I am applying with my partner"),
            ("alone", "No, I am applying on my own"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are applying with a partner or on your own"},
    )
    partner_full_name = name_field("Your partner's full name", required=False)
    partner_date_of_birth = DateOfBirthField(
        whose="Your partner's",
        too_young="Your partner must be 18 or over to register an interest in adopting. We can approve "
        "adopters from 21",
        label="Your partner's date of birth",
        required=False,
        help_text="For example, 27 3 1985.",
    )
    partner_phone = forms.CharField(
        label="Your partner's phone number",
        max_length=20,
        required=False,
        widget=forms.TextInput({"type": "tel"}),
    )
    partner_email = forms.EmailField(
        label="Your partner's email address",
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput({"spellcheck": "false"}),
    )
    PARTNER_FIELDS = ("partner_full_name", "partner_date_of_birth", "partner_phone", "partner_email")

    def layout(self):
        return Layout(
            "applying",
            Fieldset(
                "If you are applying with a partner",
                HTML(
                    '<p class="form-text">We take it your partner lives with you. Give a phone number, an '
                    "email address, or both.</p>"
                ),
                Field("partner_full_name", wrapper_class="input-width-30"),
                Field("partner_date_of_birth", template=DATE_TEMPLATE),
                Field("partner_phone", wrapper_class="input-width-20"),
                Field("partner_email", wrapper_class="input-width-30"),
            ),
        )

    def clean_partner_full_name(self):
        return self.cleaned_data["partner_full_name"].strip()

    def clean_partner_phone(self):
        return phone_clean(self.cleaned_data["partner_phone"])

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.PARTNER_FIELDS if cleaned.get(name) or name in self.errors]
        if cleaned.get("applying") == "alone" and given:
            self.add_error(
                "applying",
                "You chose applying on your own, but gave details of a partner. Choose applying with a "
                "partner, or clear your partner's details",
            )
        elif cleaned.get("applying") == "together":
            self._require("partner_full_name", "Enter your partner's full name")
            self._require("partner_date_of_birth", "Enter your partner's date of birth")
            no_contact = not cleaned.get("partner_phone") and not cleaned.get("partner_email")
            if no_contact and not {"partner_phone", "partner_email"} & set(self.errors):
                self.add_error("partner_phone", "Enter your partner's phone number or email address")
        return cleaned

    def answers(self):
        answers = super().answers()
        if answers["applying"] == "alone":
            return {"applying": "alone"}
        return answers


class HouseholdForm(StepForm):
    slug = "your-household"
    heading = "Children and other people at home"
    intro = (
        "We ask only each child's age and how they are related to you, not their names: your worker asks "
        "for more when it is needed. Leave the rows you do not need empty."
    )

    children = forms.ChoiceField(
        label="Do any children live with you?",
        help_text="Anyone under 18 who lives with you all or some of the time, including children you foster.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether any children live with you"},
    )
    other_adults = forms.ChoiceField(
        label="Does anyone else aged 18 or over live with you?",
        help_text="Apart from you and your partner: for example a grown-up son or daughter, a parent or a lodger.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether anyone else aged 18 or over lives with you"},
    )

    def add_fields(self):
        for number in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{number}_age"] = forms.IntegerField(
                label=f"Child {number}: age in years",
                required=False,
                min_value=0,
                max_value=17,
                help_text="Under 1? Enter 0." if number == 1 else "",
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value", "max_digits"),
                    f"Child {number}'s age must be a whole number from 0 to 17",
                ),
                widget=forms.TextInput({"inputmode": "numeric"}),
            )
            self.fields[f"child_{number}_relationship"] = forms.ChoiceField(
                label=f"Child {number}: how they are related to you",
                required=False,
                choices=choose(CHILD_RELATIONSHIPS),
                error_messages={
                    "invalid_choice": f"Choose how child {number} is related to you from the list"
                },
            )
        for number in range(1, ADULT_ROWS + 1):
            self.fields[f"adult_{number}_relationship"] = forms.ChoiceField(
                label=f"Adult {number}: who they are to you",
                required=False,
                choices=choose(ADULT_RELATIONSHIPS),
                error_messages={"invalid_choice": f"Choose who adult {number} is to you from the list"},
            )
            self.fields[f"adult_{number}_age"] = forms.ChoiceField(
                label=f"Adult {number}: age",
                required=False,
                choices=choose(AGE_BANDS),
                error_messages={"invalid_choice": f"Choose adult {number}'s age from the list"},
            )

    def layout(self):
        children = [
            Div(f"child_{n}_age", f"child_{n}_relationship", css_class="registration-row")
            for n in range(1, CHILD_ROWS + 1)
        ]
        adults = [
            Div(f"adult_{n}_relationship", f"adult_{n}_age", css_class="registration-row")
            for n in range(1, ADULT_ROWS + 1)
        ]
        return Layout(
            "children",
            Fieldset("If children live with you", *children),
            "other_adults",
            Fieldset("If other adults live with you", *adults),
        )

    def _rows(
        self, kind: str, rows: int, first: str, second: str, *, missing_first: str, missing_second: str
    ):
        filled = []
        for number in range(1, rows + 1):
            a, b = f"{kind}_{number}_{first}", f"{kind}_{number}_{second}"
            has_a = self.cleaned_data.get(a) not in (None, "") or a in self.errors
            has_b = self.cleaned_data.get(b) not in (None, "") or b in self.errors
            if has_a and not has_b:
                self.add_error(b, missing_second.format(number=number))
            elif has_b and not has_a:
                self.add_error(a, missing_first.format(number=number))
            if has_a or has_b:
                filled.append(number)
        return filled

    def clean(self):
        cleaned = super().clean()
        for kind, question, rows, first, second, missing_first, missing_second in (
            (
                "child", "children", CHILD_ROWS, "age", "relationship",
                "Enter child {number}'s age", "Choose how child {number} is related to you",
            ),
            (
                "adult", "other_adults", ADULT_ROWS, "relationship", "age",
                "Choose who adult {number} is to you", "Choose adult {number}'s age",
            ),
        ):  # fmt: skip
            filled = self._rows(
                kind, rows, first, second, missing_first=missing_first, missing_second=missing_second
            )
            people = "children" if kind == "child" else "adults"
            if cleaned.get(question) == "yes" and not filled:
                self.add_error(
                    f"{kind}_1_{first}", f"Give details of at least one of the {people}, or answer No"
                )
            elif cleaned.get(question) == "no" and filled:
                self.add_error(
                    question,
                    f"You answered No, but gave details of {kind} {filled[0]}. Answer Yes, or clear those details",
                )
        return cleaned

    def answers(self):
        data = self.cleaned_data
        children = [
            {"age": data[f"child_{n}_age"], "relationship": data[f"child_{n}_relationship"]}
            for n in range(1, CHILD_ROWS + 1)
            if data.get(f"child_{n}_relationship")
        ]
        adults = [
            {"relationship": data[f"adult_{n}_relationship"], "age_band": data[f"adult_{n}_age"]}
            for n in range(1, ADULT_ROWS + 1)
            if data.get(f"adult_{n}_relationship")
        ]
        return {
            "children": data["children"],
            "children_at_home": children if data["children"] == "yes" else [],
            "other_adults": data["other_adults"],
            "adults_at_home": adults if data["other_adults"] == "yes" else [],
        }

    @classmethod
    def initial_from(cls, answers):
        initial = {key: answers[key] for key in ("children", "other_adults") if key in answers}
        for n, child in enumerate(answers.get("children_at_home", [])[:CHILD_ROWS], start=1):
            initial[f"child_{n}_age"], initial[f"child_{n}_relationship"] = (
                child["age"],
                child["relationship"],
            )
        for n, adult in enumerate(answers.get("adults_at_home", [])[:ADULT_ROWS], start=1):
            initial[f"adult_{n}_relationship"], initial[f"adult_{n}_age"] = (
                adult["relationship"],
                adult["age_band"],
            )
        return initial

    @classmethod
    def describe(cls, answers):
        children, adults = dict(CHILD_RELATIONSHIPS), dict(ADULT_RELATIONSHIPS)
        bands = dict(AGE_BANDS)
        rows = [
            ("Do any children live with you?", shown(cls.base_fields["children"], answers.get("children")))
        ]
        for n, child in enumerate(answers.get("children_at_home", []), start=1):
            age = "under 1" if child["age"] == 0 else f"aged {child['age']}"
            rows.append(
                (f"Child {n}", f"{children.get(child['relationship'], child['relationship'])}, {age}")
            )
        rows.append(
            (
                "Does anyone else aged 18 or over live with you?",
                shown(cls.base_fields["other_adults"], answers.get("other_adults")),
            )
        )
        for n, adult in enumerate(answers.get("adults_at_home", []), start=1):
            who = adults.get(adult["relationship"], adult["relationship"])
            rows.append((f"Adult {n}", f"{who}, aged {bands.get(adult['age_band'], adult['age_band'])}"))
        return rows
