"""Hostile input at the optional equality questions after an enquiry (/enquire/about-you/<token>/) and in the
registration of interest: never a server error, never a script given back, never a cross-site post let
through, never an answer kept that is not one of the questions' own codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.equality import BY_KEY
from crm.models import EqualityAnswers, Source
from crm.services import enquiry_create
from crm.services.equality import equality_link_token
from tests.factories import enquiry_details, staff_member
from tests.trust.test_fuzz import browser, fields, hostile_text, post, tally  # noqa: F401

ANSWERS = {
    "applicant-age_band": "35_44",
    "applicant-sex": "female",
    "applicant-ethnic_group": "white_british",
    "applicant-religion": "prefer_not",
    "partner-sexual_orientation": "gay_lesbian",
    "partner-day_to_day": "a_little",
}


@pytest.fixture
def enquiry(crm_reference):
    staff_member("kent.worker", council="kent")
    return enquiry_create(source=Source.WEB, details=enquiry_details(household_type="couple"))


def kept_answers_are_codes() -> None:
    for answers in EqualityAnswers.objects.all():
        for key, question in BY_KEY.items():
            value = getattr(answers, key)
            assert value == "" or value in question.codes, (key, value)


@pytest.mark.django_db
@given(data=fields(ANSWERS), cross_site=st.booleans())
def test_questions_after_an_enquiry(browser, enquiry, tally, data, cross_site):  # noqa: F811
    path = f"/enquire/about-you/{equality_link_token(enquiry=enquiry)}/"
    tally.check(post(browser, path, data, cross_site=cross_site), cross_site=cross_site)
    kept_answers_are_codes()


@pytest.mark.django_db
@given(token=hostile_text)
def test_a_hostile_link(browser, enquiry, tally, token):  # noqa: F811
    safe = token.replace("/", "").replace("\x00", "").replace("?", "").replace("#", "") or "x"
    response = browser.get(f"/enquire/about-you/{safe}/")
    tally.check(response)
    assert response.status_code in (404, 400)
    tally.check(post(browser, f"/enquire/about-you/{safe}/", ANSWERS))
    assert not EqualityAnswers.objects.exists()
