"""Reading equality answers, for the person themselves only: their subject access file and their own page.

No staff screen reads a person's answers: the Equality of access screen counts them in aggregate
(``crm.reports.equality``), and that is the only other reader.
"""

from django.utils import timezone

from crm.equality import QUESTIONS, VERSION
from crm.models import EqualityAnswers, Household, HouseholdType


def equality_people(household: Household) -> list[str]:
    """Whose answers are asked for: the applicant, and their partner when they are adopting as a couple."""
    people = [EqualityAnswers.Person.APPLICANT]
    if household.household_type == HouseholdType.COUPLE or household.partner_first_name:
        people.append(EqualityAnswers.Person.PARTNER)
    return people


def equality_answers_of(household: Household) -> dict[str, dict[str, str]]:
    """A household's own answers by person, as the form shows them again when they are signed in."""
    return {
        answers.person: {question.key: getattr(answers, question.key) for question in QUESTIONS}
        for answers in EqualityAnswers.objects.filter(household=household)
    }


def equality_record(household_ids) -> list[dict]:
    """The answers in a subject access file: each question in the words they were asked, and the answer."""
    rows = []
    for answers in EqualityAnswers.objects.filter(household__in=list(household_ids)).order_by(
        "household_id", "person"
    ):
        row = {
            "Record": Household.reference_for(answers.household_id),
            "Whose answers": answers.get_person_display(),
            "Where they were given": answers.get_asked_display(),
            "Version of the questions": answers.version,
            "First answered": timezone.localtime(answers.answered_at).isoformat(timespec="seconds"),
            "Last changed": timezone.localtime(answers.updated_at).isoformat(timespec="seconds"),
        }
        for question in QUESTIONS:
            code = getattr(answers, question.key)
            row[question.text] = question.words(code) if code else "Not answered"
        if answers.version != VERSION:
            row["Note"] = "These answers were given to an earlier version of the questions."
        rows.append(row)
    return rows


def equality_answered(household: Household) -> bool:
    """Whether anyone in the household has answered: the registration's task list says so to them."""
    return EqualityAnswers.objects.filter(household=household).exists()
