import pytest

from crm.postcodes import (
    phone_is_valid,
    phone_normalise,
    postcode_is_valid,
    postcode_normalise,
    postcode_prefixes,
)
from crm.selectors import postcode_area_for, postcode_council


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("me4 4aa", "ME4 4AA"),
        ("ME44AA", "ME4 4AA"),
        (" da1  4ab ", "DA1 4AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("DA1", "DA1"),
    ],
)
def test_postcodes_are_tidied(raw, tidy):
    assert postcode_normalise(raw) == tidy


@pytest.mark.parametrize(
    ("value", "valid"), [("ME4 4AA", True), ("ct1 2ab", True), ("ME4", False), ("12345", False)]
)
def test_postcode_shape(value, valid):
    assert postcode_is_valid(value) is valid


def test_prefixes_most_specific_first():
    assert postcode_prefixes("DA1 4AB") == ["DA1 4", "DA1"]
    assert postcode_prefixes("DA1") == ["DA1"]
    assert postcode_prefixes("not a postcode") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("postcode", "council"),
    [
        ("CT1 2AB", "kent"),  # Canterbury
        ("ME4 4AA", "medway"),  # Chatham
        ("ME7 1AA", "medway"),  # Gillingham
        ("ME14 1XX", "kent"),  # Maidstone
        ("ME1 3AB", "kent"),  # Wouldham: a Kent sector inside a Medway district
        ("ME1 1AB", "medway"),  # Rochester
        ("DA1 1AB", "kent"),  # Dartford
        ("DA1 4AB", "bexley"),  # Crayford: a Bexley sector inside a Kent district
        ("DA6 7AB", "bexley"),  # Bexleyheath
        ("DA15 8AB", "bexley"),  # Sidcup
        ("DA5 2AB", "kent"),  # Joydens Wood
        ("TN23 1AA", "kent"),  # Ashford
        ("TN6 1AA", "elsewhere"),  # Crowborough, East Sussex
        ("TN16 3AA", "elsewhere"),  # Biggin Hill, Bromley
        ("TN16 1AA", "kent"),  # Westerham
        ("BR1 1AA", "elsewhere"),  # Bromley
        ("BR8 7AA", "kent"),  # Swanley
        ("SW1A 1AA", "elsewhere"),
        ("", "unknown"),  # no postcode: to be confirmed, never out of area
    ],
)
def test_council_from_postcode(postcode, council):
    assert postcode_council(postcode) == council


@pytest.mark.django_db
def test_neighbouring_areas_name_their_council():
    assert postcode_area_for("BR1 1AA").authority == "London Borough of Bromley"


@pytest.mark.parametrize(
    ("raw", "digits", "valid"),
    [
        ("07700 900123", "07700900123", True),
        ("+44 7700 900123", "07700900123", True),
        ("01622 123456", "01622123456", True),
        ("12345", "12345", False),
    ],
)
def test_phone_numbers(raw, digits, valid):
    assert phone_normalise(raw) == digits
    assert phone_is_valid(raw) is valid
