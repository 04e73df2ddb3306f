"""Demo answers to the optional equality questions, so the Equality of access screen shows figures.

About four in five demo people answer, through the same service as the real pages, with answers drawn
to give several groups of 5 or more (and some smaller ones, which the screen hides).
"""

import random

from crm.models import EqualityAnswers, Household, HouseholdType
from crm.services.equality import equality_answers_save

# (code, weight) for each question; "" is a question left blank.
WEIGHTS = {
    "age_band": [("25_34", 5), ("35_44", 6), ("45_54", 3), ("55_64", 1), ("prefer_not", 1)],
    "sex": [("female", 6), ("male", 4), ("prefer_not", 1)],
    "gender_identity": [("same", 9), ("different", 1), ("prefer_not", 1), ("", 1)],
    "sexual_orientation": [("straight", 7), ("gay_lesbian", 2), ("bisexual", 1), ("prefer_not", 2)],
    "ethnic_group": [
        ("white_british", 10),
        ("white_other", 2),
        ("mixed_white_black_caribbean", 1),
        ("asian_indian", 2),
        ("black_african", 2),
        ("black_caribbean", 1),
        ("prefer_not", 1),
    ],
    "religion": [("none", 6), ("christian", 5), ("muslim", 1), ("hindu", 1), ("prefer_not", 1), ("", 1)],
    "long_term_condition": [("no", 7), ("yes", 3), ("prefer_not", 1)],
}
DAY_TO_DAY = [("a_little", 2), ("a_lot", 1), ("not_at_all", 2)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    codes, weights = zip(*weighted, strict=True)
    return rng.choices(codes, weights=weights)[0]


def demo_equality_load(*, seed: int = 2021) -> int:
    """Answer for the demo households once; running again adds nothing. Returns how many people answered."""
    households = Household.objects.active().filter(email__endswith="@example.com").order_by("pk")
    if EqualityAnswers.objects.filter(household__in=households).exists():
        return 0
    rng = random.Random(seed)
    made = 0
    for household in households:
        people = [EqualityAnswers.Person.APPLICANT]
        if household.household_type == HouseholdType.COUPLE:
            people.append(EqualityAnswers.Person.PARTNER)
        for person in people:
            if rng.random() < 0.2:
                continue
            answers = {key: _pick(rng, weighted) for key, weighted in WEIGHTS.items()}
            if answers["long_term_condition"] == "yes":
                answers["day_to_day"] = _pick(rng, DAY_TO_DAY)
            asked = (
                EqualityAnswers.Asked.REGISTRATION if rng.random() < 0.3 else EqualityAnswers.Asked.ENQUIRY
            )
            equality_answers_save(
                household=household, person=person, answers=answers, asked=asked, replace=False
            )
            made += 1
    return made
