"""Writing equality answers: saving a person's answers, moving them with a merge, and removing them.

Every question is optional, so a form sent with nothing chosen saves nothing: a person who answered
nothing has no answer set, and the Equality of access screen counts them as "No answers given". The
page after an enquiry (reached by a signed link, ``equality_link_token``) only ever adds a person's
first answers and never replaces any: whoever holds the link is not known to be the person already
on the record (an enquiry can join an existing household by its email address). Signed in on their
own page, a person changes their answers, or removes them by clearing every one.
"""

from django.core import signing
from django.db import transaction
from django.utils import timezone

from crm.equality import BY_KEY, QUESTION_KEYS, VERSION
from crm.models import Enquiry, EqualityAnswers, Household

LINK_SALT = "crm.equality-link"
# Long enough to come back to the page the same week; the link is shown only on the thank-you page.
LINK_MAX_AGE = 60 * 60 * 24 * 7


class EqualityError(Exception):
    """Answers that cannot be saved as given; the message says what to do."""


def equality_link_token(*, enquiry: Enquiry) -> str:
    """The signed part of the address of the questions after ``enquiry`` (``/enquire/about-you/<token>/``)."""
    return signing.dumps({"e": enquiry.pk}, salt=LINK_SALT, compress=True)


def equality_link_household(*, token: str) -> Household | None:
    """The household an unexpired, untampered link was made for; None for anything else, never an error."""
    try:
        enquiry_id = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)["e"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not isinstance(enquiry_id, int):
        return None
    enquiry = Enquiry.objects.filter(pk=enquiry_id, household__isnull=False).only("household_id").first()
    if enquiry is None:
        return None
    return Household.objects.filter(pk=enquiry.household_id).known().first()


def _clean(answers: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for key in QUESTION_KEYS:
        value = (answers.get(key) or "").strip()
        if value and value not in BY_KEY[key].codes:
            raise EqualityError(
                f"Choose an answer from the list for “{BY_KEY[key].text}”, or leave it blank."
            )
        cleaned[key] = value
    return cleaned


@transaction.atomic
def equality_answers_save(
    *, household: Household, person: str, answers: dict[str, str], asked: str, replace: bool
) -> EqualityAnswers | None:
    """Keep one person's answers under the current version of the questions; None when nothing is kept.

    ``replace`` (the person signed in on their own page): their answers replace any they gave before,
    and clearing every answer removes them. Otherwise (the link after an enquiry) answers are kept only
    when the person has none yet; sending the page twice changes nothing.
    """
    if person not in EqualityAnswers.Person.values:
        raise EqualityError("Answers are kept for the applicant or their partner only.")
    cleaned = _clean(answers)
    Household.objects.select_for_update().filter(pk=household.pk).first()
    existing = EqualityAnswers.objects.filter(household=household, person=person).first()
    if not any(cleaned.values()):
        if existing is not None and replace:
            existing.delete()
        return None if replace or existing is None else existing
    if existing is not None and not replace:
        return existing
    now = timezone.now()
    if existing is None:
        existing = EqualityAnswers(household=household, person=person, answered_at=now)
    for key, value in cleaned.items():
        setattr(existing, key, value)
    existing.asked, existing.version, existing.updated_at = asked, VERSION, now
    existing.save()
    return existing


def equality_answers_merge(*, keep: Household, remove: Household) -> None:
    """A merge keeps each person's answers: the duplicate's move across where the kept record has none.

    Otherwise they stay with the merged record, where subject access and erasure still find them.
    """
    have = set(EqualityAnswers.objects.filter(household=keep).values_list("person", flat=True))
    EqualityAnswers.objects.filter(household=remove).exclude(person__in=have).update(household=keep)


def equality_answers_remove(*, household_ids) -> int:
    """Erasure and retention: the answers go altogether, so they no longer count anywhere."""
    deleted, _ = EqualityAnswers.objects.filter(household__in=list(household_ids)).delete()
    return deleted
