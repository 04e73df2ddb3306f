"""Hostile input at peer connection's public form (/peers/volunteer/) and the applicant's peer forms
(/your-adoption/peers/...): never a server error, never a script given back, never a cross-site post let
through, and nothing kept that was not asked for (an offer is kept only with consent to share)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.spam import form_token
from crm.models import Household, PeerVolunteer, Source, Stage
from crm.services import enquiry_create
from crm.services.applicants import sign_in_link_request, sign_in_link_use, sign_in_token
from crm.views.applicant import APPLICANT_COOKIE
from tests.factories import enquiry_details, staff_member
from tests.trust.test_fuzz import SCRIPT, browser, fields, post, raw_bodies, tally  # noqa: F401

PUBLIC = "/peers/volunteer/"
VOLUNTEER = {
    "first_name": "Jo",
    "last_name": "Adopter",
    "email": "jo@example.com",
    "phone": "07700 900123",
    "postcode": "ME14 1XX",
    "role": "either",
    "single_adopter": "on",
    "sibling_group": "on",
    "about": "Happy to talk about the first year.",
    "contact_consent": "on",
    "share_consent": "on",
    "submission_key": "",
    "form_token": "",
    "website": "",
}
ASK = {
    "request-role": "buddy",
    "request-council": "kent",
    "request-share_consent": "on",
    "request-note": "Hello",
}
OFFER = {"volunteer-role": "mentor", "volunteer-share_consent": "on", "volunteer-about": "Hi"}
END = {"match": "1", "end-1-reason": "no_time"}


@pytest.fixture
def site(crm_reference):
    staff_member("kent.worker", council="kent")


@pytest.mark.django_db
@given(data=fields(VOLUNTEER), cross_site=st.booleans(), aged_token=st.booleans())
def test_public_volunteer_form(browser, site, tally, data, cross_site, aged_token):  # noqa: F811
    if aged_token and "form_token" not in data:
        data["form_token"] = form_token()
    response = post(browser, PUBLIC, data, cross_site=cross_site)
    tally.check(response, cross_site=cross_site)
    # An offer is only ever kept with the consent to share, whatever else was sent.
    assert not PeerVolunteer.objects.filter(share_consent=False).exists()


@pytest.mark.django_db
@given(raw=raw_bodies)
def test_public_volunteer_form_given_bodies_of_the_wrong_shape(browser, site, tally, raw):  # noqa: F811
    response = browser.generic("POST", PUBLIC, raw[1], content_type=raw[0], HTTP_ORIGIN="http://testserver")
    tally.check(response)


@pytest.fixture
def signed_in(browser, site):  # noqa: F811
    """A household in stage one signed in through the CSRF-checking client, with its CSRF cookie."""
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    Household.objects.filter(pk=household.pk).update(stage=Stage.STAGE_ONE)
    link = sign_in_link_request(email=household.email)
    browser.cookies[APPLICANT_COOKIE] = sign_in_link_use(token=sign_in_token(link)).cookie
    assert browser.get("/your-adoption/peers/").status_code == 200
    return browser


def _with_csrf(client, data: dict) -> dict:
    token = client.cookies.get("csrftoken")
    return {**data, "csrfmiddlewaretoken": token.value} if token else data


@pytest.mark.django_db
@given(
    target=st.sampled_from([("ask/", ASK), ("volunteer/", OFFER), ("end/", END)]).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), fields(pair[1]))
    ),
    raw=st.one_of(st.none(), raw_bodies),
)
def test_applicant_peer_forms(signed_in, tally, target, raw):  # noqa: F811
    path, data = f"/your-adoption/peers/{target[0]}", target[1]
    if raw is not None:
        response = signed_in.generic("POST", path, raw[1], content_type=raw[0])
    else:
        response = post(signed_in, path, _with_csrf(signed_in, data))
    tally.check(response)
    assert SCRIPT not in signed_in.get("/your-adoption/peers/").content.decode()
