"""Hostile input at the survey page (/your-voice/<token>/): any token, and any answers, comment and name choice.

Never a server error, never a script given back, never a cross-site post let through, never an answer
recorded from a token that is not ours, and whatever is recorded is a point from 1 to 5 for every question.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.models import SurveyInvitation, SurveyKind, SurveyResponse
from crm.services.surveys import survey_invitations_send, survey_token
from crm.surveys import POINTS, survey_for
from tests.crm.survey_helpers import answer_data, contacted
from tests.factories import staff_member
from tests.trust.test_fuzz import SCRIPT, browser, fields, hostile_text, post, tally  # noqa: F401

FIRST = survey_for(SurveyKind.FIRST_CONTACT)
SENSIBLE = answer_data(FIRST, comment="Thank you for listening.")


@pytest.fixture
def token(crm_reference):
    staff_member("kent.worker", council="kent")
    household = contacted("Fuzz", days_ago=8)
    survey_invitations_send()
    return survey_token(SurveyInvitation.objects.get(household=household))


@pytest.mark.django_db
@given(data=fields(SENSIBLE), cross_site=st.booleans())
def test_survey_answers(browser, token, tally, data, cross_site):  # noqa: F811
    path = f"/your-voice/{token}/"
    response = post(browser, path, data, cross_site=cross_site)
    tally.check(response, cross_site=cross_site)
    assert SCRIPT not in response.content.decode(errors="replace")
    for answer in SurveyResponse.objects.all():
        assert set(answer.answers) == set(FIRST.keys)
        assert all(value in POINTS for value in answer.answers.values())
    assert SurveyResponse.objects.count() <= 1
    tally.check(browser.get(path))


@pytest.mark.django_db
@given(bad=hostile_text, cross_site=st.booleans())
def test_survey_tokens(browser, token, tally, bad, cross_site):  # noqa: F811
    safe = bad.replace("/", "").replace("\x00", "").replace("?", "").replace("#", "") or "x"
    path = f"/your-voice/{safe}/"
    tally.check(browser.get(path))
    tally.check(post(browser, path, SENSIBLE, cross_site=cross_site), cross_site=cross_site)
    if safe != token:
        assert not SurveyResponse.objects.exists()
