"""The safeguarding filter: a table of texts it must hold, and ordinary talk it must let through."""

import pytest

from community.filter import REASONS, display_name_problem, identifying_reasons

HELD = [
    ("She has settled in well at St Mary's Primary.", "school"),
    ("He starts at St. Joseph's in September", "school"),
    ("Our son loves Oakwood Academy", "school"),
    ("Little Acorns Nursery have been brilliant", "school"),
    ("They go to Greenfields Infant School", "school"),
    ("The head at Maidstone Grammar was kind", "school"),
    ("Our daughter Jessica Brown is thriving", "name"),
    ("Sam Okafor said the same at panel", "name"),
    ("Mrs Patel is our social worker", "name"),
    ("Ring me on 07700 900123", "phone"),
    ("Call +44 7700 900123 any time", "phone"),
    ("Our number is 01622-123456", "phone"),
    ("We live in ME14 1XX", "address"),
    ("we are at me141xx now", "address"),
    ("Drop round to 12 Acacia Avenue", "address"),
    ("We're at 3 Station Road, come by", "address"),
    ("Find me on Instagram", "contact"),
    ("My handle is @happyadopter", "contact"),
    ("See facebook.com/ourfamily", "contact"),
    ("Email me at someone@example.com", "contact"),
    ("Our blog: https://ourfamilystory.blogspot.com", "contact"),
    ("www.ourfamily.co.uk has photos", "contact"),
]

NOT_HELD = [
    "Stage two was hard but worth it.",
    "Our worker was lovely and the panel went well.",
    "Does anyone have tips for the first week after placement?",
    "The school run is chaos in the mornings.",
    "We met at the Kent information evening last year.",
    "Approved in March, waiting for a match since.",
    "We read three books on attachment before panel.",
    "I found this guidance helpful: https://www.gov.uk/child-adoption",
    "It took 2 hours to drive there and back.",
    "Sam is really enjoying nursery.",
    "Primary age children often need more time.",
    "Love to you all x",
]


@pytest.mark.parametrize(("text", "kind"), HELD)
def test_the_filter_holds_what_could_identify_someone(text, kind):
    assert REASONS[kind] in identifying_reasons(text)


@pytest.mark.parametrize("text", NOT_HELD)
def test_the_filter_lets_ordinary_talk_through(text):
    assert identifying_reasons(text) == []


def test_a_school_reason_is_in_plain_words():
    [reason] = identifying_reasons("She is at St Mary's Primary now")
    assert "school" in reason and "moderator" in reason


@pytest.mark.parametrize(
    "name",
    [
        "Jessica Brown",
        "sam okafor",
        "alex@example.com",
        "@adopter_kent",
        "instagram.com/me",
        "07700900123",
        "x",
    ],
)
def test_a_display_name_that_identifies_someone_is_refused(name):
    assert display_name_problem(name) is not None


@pytest.mark.parametrize("name", ["Hopeful in Kent", "Tea and Patience", "Oak Tree Dad", "Sam"])
def test_a_made_up_display_name_is_accepted(name):
    assert display_name_problem(name) is None
