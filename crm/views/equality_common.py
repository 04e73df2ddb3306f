"""What the two equality pages share: a form for each person, checked together and saved together."""

from crm.forms_equality import EqualityForm
from crm.models import EqualityAnswers, Household
from crm.selectors.equality import equality_people
from crm.services.equality import equality_answers_save

PARTNER = EqualityAnswers.Person.PARTNER
HEADINGS = {EqualityAnswers.Person.APPLICANT: "About you", PARTNER: "About your partner"}


def equality_forms(household: Household, data=None, initial: dict | None = None) -> list[EqualityForm]:
    initial = initial or {}
    return [
        EqualityForm(
            data,
            prefix=person,
            partner=person == PARTNER,
            initial=initial.get(person),
        )
        for person in equality_people(household)
    ]


def equality_sections(forms: list[EqualityForm]) -> list[dict]:
    return [
        {"heading": HEADINGS[form.prefix], "partner": form.partner, "questions": form.questions()}
        for form in forms
    ]


def equality_errors(forms: list[EqualityForm]) -> list[tuple[str, str]]:
    """Each problem and the answer it is about, for the summary at the top of the page."""
    return [
        (f"#{form[name].auto_id}", error)
        for form in forms
        for name, errors in form.errors.items()
        for error in errors
    ]


def equality_forms_save(*, household: Household, forms: list[EqualityForm], asked: str, replace: bool) -> int:
    """Save each person's answers (the forms are valid); how many people's answers are kept."""
    kept = 0
    for form in forms:
        saved = equality_answers_save(
            household=household, person=form.prefix, answers=form.answers(), asked=asked, replace=replace
        )
        kept += saved is not None
    return kept
