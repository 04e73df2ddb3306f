"""The registration of interest's last four steps: health, referees, agreeing to checks, and declarations.

The checks and the declaration are agreed to in exact words (``core.consent``), stored with the words
and their version, as every consent is.
"""

from django import forms

from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout

from core import consent
from core.forms import LongTextField

from .base import DETAILS_LIMIT, EMAIL_INVALID, YES_NO, StepForm, choose, name_field, phone_clean, shown

REFEREES = 3
REFEREE_RELATIONSHIPS = [
    ("friend", "A friend"),
    ("relative", "A relative"),
    ("neighbour", "A neighbour"),
    ("colleague", "A colleague or employer"),
    ("community", "Someone from a group you belong to (faith, sport, volunteering)"),
    ("other", "Another relationship"),
]
# How each check is named in the message asking for its box to be ticked.
CHECK_NAMES = {
    "dbs": "the DBS check",
    "local_authority": "the council checks",
    "health": "the adoption medical and GP report",
    "references": "us contacting your referees",
    "previous_partners": "us contacting previous partners",
}


class HealthForm(StepForm):
    slug = "health"
    heading = "Your health"
    intro = (
        "Having a health condition rarely stops someone adopting. We ask so we understand what support you "
        "might need. Only the people deciding on your registration and assessing you see your answer."
    )

    condition = forms.ChoiceField(
        label="Do you, or your partner, have a health condition or disability that affects your daily life?",
        help_text="This includes mental health.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you or your partner have a health condition"},
    )
    details = LongTextField(
        label="If yes, tell us about it and how it affects your daily life",
        max_length=DETAILS_LIMIT,
        required=False,
        widget=forms.Textarea({"rows": 5}),
    )

    def clean(self):
        cleaned = super().clean()
        self._yes_needs(
            "condition",
            "details",
            missing="Tell us about the health condition, or answer No",
            contradiction="You answered No, but wrote about a health condition. Answer Yes, or clear the box",
        )
        return cleaned

    def answers(self):
        answers = super().answers()
        if answers["condition"] == "no":
            answers["details"] = ""
        return answers


class RefereesForm(StepForm):
    slug = "referees"
    heading = "Your referees"
    intro = (
        "Give us three people who know you well and who we can talk to about you. At least one must not be "
        "a relative. Your partner cannot be one of them. Tell them first that we may be in touch."
    )

    def add_fields(self):
        for n in range(1, REFEREES + 1):
            self.fields[f"referee_{n}_name"] = name_field(
                f"Referee {n}: full name", required=False, error_messages={}
            )
            self.fields[f"referee_{n}_relationship"] = forms.ChoiceField(
                label=f"Referee {n}: who they are to you",
                required=False,
                choices=choose(REFEREE_RELATIONSHIPS),
                error_messages={"invalid_choice": f"Choose who referee {n} is to you from the list"},
            )
            self.fields[f"referee_{n}_years"] = forms.IntegerField(
                label=f"Referee {n}: how many years you have known them",
                required=False,
                min_value=0,
                max_value=99,
                help_text="Less than a year? Enter 0.",
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value", "max_digits"),
                    f"How long you have known referee {n} must be a whole number of years, from 0 to 99",
                ),
                widget=forms.TextInput({"inputmode": "numeric"}),
            )
            self.fields[f"referee_{n}_phone"] = forms.CharField(
                label=f"Referee {n}: phone number",
                max_length=20,
                required=False,
                widget=forms.TextInput({"type": "tel"}),
            )
            self.fields[f"referee_{n}_email"] = forms.EmailField(
                label=f"Referee {n}: email address",
                max_length=254,
                required=False,
                error_messages={"invalid": EMAIL_INVALID},
                widget=forms.EmailInput({"spellcheck": "false"}),
            )

    def layout(self):
        return Layout(
            *(
                Fieldset(
                    f"Referee {n}",
                    Field(f"referee_{n}_name", wrapper_class="input-width-30"),
                    Field(f"referee_{n}_relationship", wrapper_class="input-width-30"),
                    Field(f"referee_{n}_years", wrapper_class="input-width-5"),
                    HTML(
                        f'<p class="form-text">A phone number, an email address, or both, for referee {n}.</p>'
                    ),
                    Field(f"referee_{n}_phone", wrapper_class="input-width-20"),
                    Field(f"referee_{n}_email", wrapper_class="input-width-30"),
                    css_class="registration-referee",
                )
                for n in range(1, REFEREES + 1)
            )
        )

    def clean(self):
        cleaned = super().clean()
        for n in range(1, REFEREES + 1):
            name = f"referee_{n}_name"
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip()
            phone = f"referee_{n}_phone"
            if phone not in self.errors:
                try:
                    cleaned[phone] = phone_clean(cleaned.get(phone, ""))
                except forms.ValidationError as error:
                    self.add_error(phone, error)
            self._require(name, f"Enter referee {n}'s full name")
            self._require(f"referee_{n}_relationship", f"Choose who referee {n} is to you")
            self._require(f"referee_{n}_years", f"Enter how many years you have known referee {n}")
            contact = {phone, f"referee_{n}_email"}
            if not any(cleaned.get(key) for key in contact) and not contact & set(self.errors):
                self.add_error(phone, f"Enter a phone number or an email address for referee {n}")
        relationships = [cleaned.get(f"referee_{n}_relationship") for n in range(1, REFEREES + 1)]
        if all(relationships) and all(value == "relative" for value in relationships):
            self.add_error("referee_1_relationship", "At least one of your referees must not be a relative")
        own = (self.household.email if self.household else "").casefold()
        seen: dict[str, int] = {}
        for n in range(1, REFEREES + 1):
            email = (cleaned.get(f"referee_{n}_email") or "").casefold()
            if own and email == own:
                self.add_error(
                    f"referee_{n}_email", f"Referee {n} has your email address: a referee cannot be you"
                )
            name = (cleaned.get(f"referee_{n}_name") or "").casefold()
            if name and name in seen:
                self.add_error(
                    f"referee_{n}_name",
                    f"Referee {n} has the same name as referee {seen[name]}: give three different people",
                )
            seen.setdefault(name, n)
        return cleaned

    def answers(self):
        data = self.cleaned_data
        return {
            "referees": [
                {
                    "name": data[f"referee_{n}_name"],
                    "relationship": data[f"referee_{n}_relationship"],
                    "years_known": data[f"referee_{n}_years"],
                    "phone": data[f"referee_{n}_phone"],
                    "email": data[f"referee_{n}_email"],
                }
                for n in range(1, REFEREES + 1)
            ]
        }

    @classmethod
    def initial_from(cls, answers):
        initial = {}
        for n, referee in enumerate(answers.get("referees", [])[:REFEREES], start=1):
            initial[f"referee_{n}_name"] = referee.get("name", "")
            initial[f"referee_{n}_relationship"] = referee.get("relationship", "")
            initial[f"referee_{n}_years"] = referee.get("years_known")
            initial[f"referee_{n}_phone"] = referee.get("phone", "")
            initial[f"referee_{n}_email"] = referee.get("email", "")
        return initial

    @classmethod
    def describe(cls, answers):
        relationships = dict(REFEREE_RELATIONSHIPS)
        rows = []
        for n, referee in enumerate(answers.get("referees", []), start=1):
            years = referee.get("years_known")
            known = "less than a year" if years == 0 else f"{years} year{'s' if years != 1 else ''}"
            contact = ", ".join(part for part in (referee.get("phone"), referee.get("email")) if part)
            who = relationships.get(referee.get("relationship"), referee.get("relationship"))
            rows.append((f"Referee {n}", f"{referee.get('name')}: {who}, known for {known}. {contact}"))
        return rows


class ChecksForm(StepForm):
    slug = "checks"
    heading = "Agreeing to our checks"
    intro = (
        "Everyone who adopts has these checks, and we cannot go on without them. If you are applying with a "
        "partner, they are asked to agree too, at the start of stage one."
    )

    def add_fields(self):
        for key, wording in consent.ROI_CHECKS.items():
            self.fields[key] = forms.BooleanField(
                label=wording.text,
                error_messages={"required": f"Tick the box to agree to {CHECK_NAMES[key]}"},
            )

    def layout(self):
        return Layout(Fieldset("Tick each box to agree", *consent.ROI_CHECKS))

    def answers(self):
        return {
            **{key: bool(self.cleaned_data[key]) for key in consent.ROI_CHECKS},
            "wording_version": consent.ROI_CHECKS_VERSION,
            "wording": {key: wording.text for key, wording in consent.ROI_CHECKS.items()},
        }

    @classmethod
    def initial_from(cls, answers):
        return {key: bool(answers.get(key)) for key in consent.ROI_CHECKS}

    @classmethod
    def describe(cls, answers):
        words = answers.get("wording", {})
        return [
            (words.get(key, wording.text), "Agreed" if answers.get(key) else "Not agreed")
            for key, wording in consent.ROI_CHECKS.items()
        ]


class DeclarationsForm(StepForm):
    slug = "declarations"
    heading = "Declarations"

    convictions = forms.ChoiceField(
        label="Have you, or any adult in your household, ever been convicted of or cautioned for an offence?",
        help_text=(
            "Include spent convictions and cautions: adoption is exempt from the rules that let you keep "
            "them to yourself. You do not need to tell us about old minor ones that are filtered ('protected') "
            "and would not appear on an enhanced DBS check. If you are not sure, ask us first."
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you, or any adult in your household, have been convicted or cautioned"
        },
    )
    convictions_details = LongTextField(
        label="If yes, tell us what it was for, and when",
        help_text=(
            "Most convictions and cautions do not stop someone adopting: we talk each one through with you. "
            "The law does not allow us to approve anyone if they, or an adult in their home, were convicted "
            "or cautioned for certain offences, such as offences against children."
        ),
        max_length=DETAILS_LIMIT,
        required=False,
        widget=forms.Textarea({"rows": 5}),
    )
    declaration = forms.BooleanField(
        label=consent.ROI_DECLARATION.text,
        error_messages={"required": "Tick the box to confirm that the information you have given is true"},
    )

    def layout(self):
        return Layout(
            "convictions",
            "convictions_details",
            Div("declaration", css_class="registration-declaration"),
        )

    def clean(self):
        cleaned = super().clean()
        self._yes_needs(
            "convictions",
            "convictions_details",
            missing="Tell us about the conviction or caution, or answer No",
            contradiction="You answered No, but wrote about a conviction or caution. Answer Yes, or clear the box",
        )
        return cleaned

    def answers(self):
        answers = super().answers()
        if answers["convictions"] == "no":
            answers["convictions_details"] = ""
        answers["wording_version"] = consent.ROI_DECLARATION.version
        answers["wording"] = consent.ROI_DECLARATION.text
        return answers

    @classmethod
    def describe(cls, answers):
        fields = cls.base_fields
        return [
            (str(fields["convictions"].label), shown(fields["convictions"], answers.get("convictions"))),
            (
                str(fields["convictions_details"].label),
                shown(fields["convictions_details"], answers.get("convictions_details")),
            ),
            (
                answers.get("wording", consent.ROI_DECLARATION.text),
                "Confirmed" if answers.get("declaration") else "Not confirmed",
            ),
        ]
