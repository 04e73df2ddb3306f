"""Hostile input at the applicant's own pages (/your-adoption/): asking for a sign-in link, the link itself,
messages to the worker, the status-email choice, every step of the registration of interest and sending
a document. Never a server error, never a script given back, never a cross-site post let through, never
anyone signed in by a token that is not ours; whatever a registration step kept (a finished step or a
draft) can be shown again."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.models import ApplicantSession, RegistrationOfInterest, Source
from crm.services import enquiry_create
from crm.services.applicants import sign_in_link_request, sign_in_link_use
from crm.views.applicant import APPLICANT_COOKIE
from tests.crm.registration_helpers import VALID
from tests.factories import enquiry_details, staff_member
from tests.trust.test_fuzz import SCRIPT, browser, fields, hostile_text, post, raw_bodies, tally  # noqa: F401

SIGN_IN = {"email": "alex@example.com"}
MESSAGE = {"body": "Could we come to the Medway evening?"}
EMAILS = {"status_emails": "no"}
REGISTRATION = "/your-adoption/registration/"
# A step of the registration and its fields, each sensible, hostile or left out.
registration_steps = st.sampled_from(list(VALID)).flatmap(
    lambda slug: st.tuples(st.just(slug), fields(VALID[slug]))
)


@pytest.fixture
def applicant(crm_reference):
    staff_member("kent.worker", council="kent")
    return enquiry_create(source=Source.WEB, details=enquiry_details()).household


@pytest.fixture
def signed_in(browser, applicant):  # noqa: F811
    """The CSRF-checking client signed in as the applicant, with a CSRF cookie, as after opening the page."""
    link = sign_in_link_request(email=applicant.email)
    browser.cookies[APPLICANT_COOKIE] = sign_in_link_use(token=_token(link)).cookie
    assert browser.get("/your-adoption/").status_code == 200
    browser.get("/your-adoption/messages/")
    return browser


def _token(link):
    from crm.services.applicants import sign_in_token

    return sign_in_token(link)


def _with_csrf(client, data: dict) -> dict:
    token = client.cookies.get("csrftoken")
    return {**data, "csrfmiddlewaretoken": token.value} if token else data


@pytest.mark.django_db
@given(data=fields(SIGN_IN), cross_site=st.booleans())
def test_sign_in_request(browser, applicant, tally, data, cross_site):  # noqa: F811
    tally.check(post(browser, "/your-adoption/sign-in/", data, cross_site=cross_site), cross_site=cross_site)


@pytest.mark.django_db
@given(token=hostile_text, cross_site=st.booleans())
def test_sign_in_link(browser, applicant, tally, token, cross_site):  # noqa: F811
    safe = token.replace("/", "").replace("\x00", "").replace("?", "").replace("#", "") or "x"
    path = f"/your-adoption/sign-in/{safe}/"
    tally.check(browser.get(path))
    response = post(browser, path, {}, cross_site=cross_site)
    tally.check(response, cross_site=cross_site)
    assert APPLICANT_COOKIE not in response.cookies or not response.cookies[APPLICANT_COOKIE].value
    assert not ApplicantSession.objects.exists()


@pytest.mark.django_db
@given(data=fields(MESSAGE), raw=st.one_of(st.none(), raw_bodies))
def test_message_to_the_worker(signed_in, tally, data, raw):  # noqa: F811
    if raw is not None:
        response = signed_in.generic("POST", "/your-adoption/messages/", raw[1], content_type=raw[0])
    else:
        response = post(signed_in, "/your-adoption/messages/", _with_csrf(signed_in, data))
    tally.check(response)
    assert SCRIPT not in signed_in.get("/your-adoption/messages/").content.decode()


@pytest.mark.django_db
@given(data=fields(EMAILS))
def test_status_email_choice(signed_in, tally, data):  # noqa: F811
    tally.check(post(signed_in, "/your-adoption/emails/", _with_csrf(signed_in, data)))


@pytest.mark.django_db
@given(step=registration_steps, cross_site=st.booleans(), later=st.booleans())
def test_registration_steps(signed_in, applicant, tally, step, cross_site, later):  # noqa: F811
    slug, data = step
    if later:
        data["later"] = "1"
    data = data if cross_site else _with_csrf(signed_in, data)
    tally.check(post(signed_in, f"{REGISTRATION}{slug}/", data, cross_site=cross_site), cross_site=cross_site)
    registration = RegistrationOfInterest.objects.filter(household=applicant).first()
    if registration is not None:
        assert all(
            isinstance(value, str) for draft in registration.drafts.values() for value in draft.values()
        )
        tally.check(signed_in.get(f"{REGISTRATION}{slug}/"))
        tally.check(signed_in.get(f"{REGISTRATION}review/"))


@pytest.mark.django_db
@given(step=st.sampled_from(list(VALID)), raw=raw_bodies)
def test_registration_steps_given_bodies_of_the_wrong_shape(signed_in, tally, step, raw):  # noqa: F811
    # No CSRF token in a raw body: refused, never a server error.
    response = signed_in.generic(
        "POST", f"{REGISTRATION}{step}/", raw[1], content_type=raw[0], HTTP_ORIGIN="http://testserver"
    )
    tally.check(response, cross_site=True)


# Sending a document: anything at all as the file, its name and its type, for their own request,
# another household's or none, from this site or another.

SAMPLE_FILES = [
    b"%PDF-1.4\n%%EOF\n",
    b"\xff\xd8\xff\xe0" + b"\x00" * 20,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    b"MZ\x90\x00" + b"This program cannot be run in DOS mode",
    b"PK\x03\x04" + b"\x00" * 26,
    b"",
]


def _uploaded(name: str, extension: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    # Django's own file class refuses a name with nothing left after its folders; a browser never sends one.
    name = (name + extension).replace("\x00", "")
    if not os.path.basename(name.replace("\\", "/")).strip(". "):
        name = f"file{extension}"
    return SimpleUploadedFile(name, content, content_type=content_type)


hostile_file = st.builds(
    _uploaded,
    hostile_text,
    st.sampled_from([".pdf", ".jpg", ".png", ".docx", ".exe", ".zip", "", ".pdf.exe"]),
    st.one_of(
        st.sampled_from(SAMPLE_FILES),
        st.binary(max_size=3000),
        st.tuples(st.sampled_from(SAMPLE_FILES), st.binary(max_size=3000)).map(b"".join),
    ),
    st.one_of(st.sampled_from(["application/pdf", "image/png", "text/html", ""]), hostile_text),
)


@pytest.fixture
def asked(applicant):
    """A document asked of the applicant, and one asked of another household."""
    from crm.services import document_request_create

    other = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="jo@example.com", phone="")
    ).household
    own = document_request_create(household=applicant, kind="photo_id", by=None)
    theirs = document_request_create(household=other, kind="photo_id", by=None)
    return {"own": own.pk, "theirs": theirs.pk}


@pytest.mark.django_db
@given(
    data=fields({"submit": "Send the file"}),
    file=st.one_of(hostile_file, st.lists(hostile_file, min_size=2, max_size=3), st.none()),
    whose=st.sampled_from(["own", "own", "theirs", "99999999", "0"]),
    cross_site=st.booleans(),
)
def test_document_upload(signed_in, asked, tally, data, file, whose, cross_site):  # noqa: F811
    path = f"/your-adoption/documents/asked/{asked.get(whose, whose)}/"
    signed_in.get(path)
    data = _with_csrf(signed_in, data)
    if file is not None:
        data["file"] = file
    response = post(signed_in, path, data, cross_site=cross_site)
    tally.check(response, cross_site=cross_site)
    if whose != "own" and not cross_site:
        # Another household's request, or none: never accepted, whatever was sent.
        assert response.status_code in (400, 403, 404, 413), response.status_code
