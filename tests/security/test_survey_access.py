"""The public survey page (/your-voice/<token>/) × who is asking, with 0 forbidden successes.

Every public address the CRM adds outside /your-adoption/ that takes a token is listed in ``PUBLIC`` and
tried here, so one added later without a rule fails ``test_every_public_token_address_has_a_rule`` by
name. Rules for the survey page:

- the signed token in the address is the only key: with it, anyone may answer (that is the point), and
  the page shows no name, email or reference, so a forwarded link gives nobody away;
- without it (a guessed id, a token for another invitation changed by hand, a forged signature) the answer
  is a 404 that says the link is not ours, never a page, a record or an error;
- signing in (as staff, a superuser or another applicant) gives nothing more: the page is the same.
"""

import re

from django.core import signing
from django.test import Client
from django.urls import get_resolver

import pytest

from crm.models import SurveyInvitation, SurveyKind, SurveyResponse
from crm.services.surveys import survey_invitations_send, survey_token
from crm.surveys import survey_for
from tests.crm.applicant_helpers import sign_in_as
from tests.crm.survey_helpers import answer_data, contacted
from tests.factories import UserFactory, staff_member
from tests.security.test_access_matrix import walk

PUBLIC = {"crm_survey": "/your-voice/<token>/"}
FIRST = survey_for(SurveyKind.FIRST_CONTACT)


def test_every_public_token_address_has_a_rule():
    found = {
        address.name
        for address in walk(get_resolver().url_patterns)
        if address.route.startswith("your-voice/")
    }
    assert found == set(PUBLIC)


@pytest.fixture
def world(crm_reference):
    staff_member("kent.worker", council="kent")
    a = contacted("Alphazq", days_ago=8)
    b = contacted("Betazq", days_ago=8)
    survey_invitations_send()
    tokens = {h: survey_token(SurveyInvitation.objects.get(household=h)) for h in (a, b)}
    return {"a": a, "b": b, "tokens": tokens}


def secrets_of(household) -> list[str]:
    return [household.first_name, household.last_name, household.email, household.reference]


@pytest.mark.django_db
def test_nobody_without_the_token_reaches_a_survey_and_nobody_with_it_sees_who_it_is_for(world):
    a, b = world["a"], world["b"]
    invitation_a = SurveyInvitation.objects.get(household=a)
    applicant_b = Client()
    sign_in_as(applicant_b, b)
    staff = Client()
    staff.force_login(staff_member("medway.worker", council="medway").user)
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    clients = {"visitor": Client(), "applicant B": applicant_b, "staff": staff, "superuser": superuser}
    wrong = [
        str(invitation_a.pk),
        signing.dumps({"survey": invitation_a.pk, "nonce": "x"}, salt="crm.surveys.invitation"),
        signing.dumps({"survey": invitation_a.pk, "nonce": invitation_a.nonce}, salt="another.salt"),
        world["tokens"][a][:-3] + "abc",
        "",
    ]

    forbidden, tried = [], 0
    for who, client in clients.items():
        for token in wrong:
            if not token:
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(f"/your-voice/{token}/", answer_data(FIRST))
                tried += 1
                if response.status_code != 404:
                    forbidden.append(f"{who} {method.upper()} a wrong token: {response.status_code}")
        page = client.get(f"/your-voice/{world['tokens'][a]}/")
        tried += 1
        leaked = [s for s in secrets_of(a) if s in page.content.decode()]
        if page.status_code != 200 or leaked:
            forbidden.append(f"{who} GET A's survey: {page.status_code}, shows {leaked}")
        assert page["Cache-Control"] == "private, no-store"

    assert tried == 4 * (len(wrong) - 1) * 2 + 4
    assert forbidden == []
    assert not SurveyResponse.objects.exists()
    assert not SurveyInvitation.objects.filter(answered=True).exists()


@pytest.mark.django_db
def test_one_households_token_answers_only_its_own_invitation(world):
    a, b = world["a"], world["b"]

    Client().post(f"/your-voice/{world['tokens'][a]}/", answer_data(FIRST, named=True))

    assert SurveyResponse.objects.get().household == a
    assert list(SurveyInvitation.objects.filter(answered=True).values_list("household", flat=True)) == [a.pk]
    assert re.search("Thank you", Client().get(f"/your-voice/{world['tokens'][a]}/").content.decode())
    assert SurveyInvitation.objects.get(household=b).answered is False
