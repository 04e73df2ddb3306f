"""Hostile input at the applicant's registration of interest, each step's form, as ``test_fuzz`` does for
the public forms.

Signed in as an applicant (their own cookie, CSRF checks on), every step is posted with its fields a mix
of sensible answers and attack strings (markup, SQL, template syntax, NUL bytes, very long and repeated
fields), unknown extra fields, either button, and the odd body of the wrong shape; some come from another
site and must be refused. Every answer is below 500, no script sent in comes back unescaped, and whatever
was kept (a finished step or a draft) is JSON PostgreSQL could store and the page can show again.
"""

from django.test import Client

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.models import RegistrationOfInterest, Source
from crm.services import enquiry_create
from crm.views.applicant import APPLICANT_COOKIE
from tests.crm.applicant_helpers import sign_in_as
from tests.crm.registration_helpers import VALID
from tests.factories import enquiry_details, staff_member
from tests.trust.test_fuzz import ELSEWHERE, ORIGIN, encodable, fields, raw_bodies, tally  # noqa: F401 (a fixture)

BASE = "/your-adoption/registration/"
steps = st.sampled_from(list(VALID)).flatmap(lambda slug: st.tuples(st.just(slug), fields(VALID[slug])))


@pytest.fixture
def applicant(crm_reference):
    """A browser signed in as an applicant, with the CSRF cookie a page of the registration sets."""
    staff_member("kent.worker", council="kent")
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    signed_in = Client()
    sign_in_as(signed_in, household)
    browser = Client(enforce_csrf_checks=True, raise_request_exception=True)
    browser.cookies[APPLICANT_COOKIE] = signed_in.cookies[APPLICANT_COOKIE].value
    assert browser.get(f"{BASE}about-you/").status_code == 200
    return browser, browser.cookies["csrftoken"].value, household


@pytest.mark.django_db
@given(step=steps, cross_site=st.booleans(), later=st.booleans())
def test_registration_steps(applicant, tally, step, cross_site, later):  # noqa: F811
    browser, token, household = applicant
    slug, data = step
    if later:
        data["later"] = "1"
    if not cross_site:
        data["csrfmiddlewaretoken"] = token
    response = browser.post(
        f"{BASE}{slug}/", encodable(data), HTTP_ORIGIN=ELSEWHERE if cross_site else ORIGIN
    )
    tally.check(response, cross_site=cross_site)
    registration = RegistrationOfInterest.objects.filter(household=household).first()
    if registration is not None:
        assert all(
            isinstance(value, str) for draft in registration.drafts.values() for value in draft.values()
        )
        # What was kept can be shown again.
        tally.check(browser.get(f"{BASE}{slug}/"))
        tally.check(browser.get(f"{BASE}review/"))


@pytest.mark.django_db
@given(step=st.sampled_from(list(VALID)), raw=raw_bodies)
def test_registration_steps_given_bodies_of_the_wrong_shape(applicant, tally, step, raw):  # noqa: F811
    browser, _, _ = applicant
    content_type, body = raw
    response = browser.generic("POST", f"{BASE}{step}/", body, content_type=content_type, HTTP_ORIGIN=ORIGIN)
    # No CSRF token in a raw body: refused, never a server error.
    tally.check(response, cross_site=True)
