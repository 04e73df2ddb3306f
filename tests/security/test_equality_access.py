"""The public address of the equality questions after an enquiry × who is asking, with 0 forbidden successes.

The address comes from the URL resolver (every public CRM address named ``crm_equality*``), so one
added later is tried too. Rules: the page opens only with a valid link, for anyone who holds it
(a visitor, staff, a superuser alike); without one it is a polite 404 that names nobody; the page never
shows anyone's name, email, reference or stored answers, even to the household whose link it is; and a
post through one household's link never touches another household's answers.
"""

from django.test import Client
from django.urls import get_resolver

import pytest

from crm.models import EqualityAnswers, Source
from crm.services import enquiry_create
from crm.services.equality import equality_answers_save, equality_link_token
from tests.factories import UserFactory, enquiry_details, staff_member
from tests.security.test_access_matrix import walk


def equality_addresses():
    return [
        address for address in walk(get_resolver().url_patterns) if address.name.startswith("crm_equality")
    ]


@pytest.fixture
def world(crm_reference):
    enquiries = {
        who: enquiry_create(
            source=Source.WEB,
            details=enquiry_details(
                first_name=f"Applicant{who.upper()}zq",
                last_name=f"Family{who.upper()}zq",
                email=f"{who}@example.com",
                phone="",
            ),
        )
        for who in ("a", "b")
    }
    assert enquiries["a"].household != enquiries["b"].household
    equality_answers_save(
        household=enquiries["a"].household,
        person=EqualityAnswers.Person.APPLICANT,
        answers={"religion": "hindu", "ethnic_group": "white_roma"},
        asked=EqualityAnswers.Asked.REGISTRATION,
        replace=True,
    )
    return enquiries


def test_the_public_equality_address_is_known():
    assert [address.route for address in equality_addresses()] == ["enquire/about-you/<str:token>/"]


@pytest.mark.django_db
def test_nobody_reaches_the_questions_without_a_link_and_no_link_shows_anyones_answers(world):
    a, b = world["a"], world["b"]
    staff = Client()
    staff.force_login(staff_member("kent.manager", role="manager", council=None).user)
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    forbidden, tried = [], 0
    # Every answer is one of the page's own options, so a stored answer would show as a ticked one.
    secrets = [a.household.first_name, a.household.email, a.household.reference, " checked"]
    for address in equality_addresses():
        for who, client in (("visitor", Client()), ("staff", staff), ("superuser", superuser)):
            for token in ("", "x", equality_link_token(enquiry=a)[:-2] + "zz"):
                path = "/" + address.route.replace("<str:token>", token or "-")
                for method in ("get", "post"):
                    response = getattr(client, method)(path, {"applicant-religion": "sikh"})
                    tried += 1
                    if response.status_code != 404:
                        forbidden.append(f"{who} {method.upper()} {path}: {response.status_code}")
            for enquiry in (a, b):
                path = "/" + address.route.replace("<str:token>", equality_link_token(enquiry=enquiry))
                response = client.get(path)
                tried += 1
                shown = [secret for secret in secrets if secret in response.content.decode()]
                if response.status_code != 200 or shown:
                    forbidden.append(f"{who} GET {path}: {response.status_code} shows {shown}")
    # B's link, posted to: only B's answers are written; A's are as they were.
    Client().post(
        "/enquire/about-you/" + equality_link_token(enquiry=b) + "/", {"applicant-religion": "sikh"}
    )
    tried += 1
    assert EqualityAnswers.objects.get(household=a.household).religion == "hindu"
    assert EqualityAnswers.objects.get(household=b.household).religion == "sikh"
    assert tried > 20
    assert forbidden == [], "\n".join(forbidden)
