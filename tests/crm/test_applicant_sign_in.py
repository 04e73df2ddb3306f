"""Applicants sign in with an emailed link: once, for 15 minutes, to their own household only."""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest

from crm.models import (
    ApplicantSession,
    AuditEvent,
    EnquiryType,
    Household,
    SideEffect,
    SignInLink,
    Source,
    Stage,
)
from crm.services import enquiry_create, household_advance, household_close
from crm.services.applicants import sign_in_link_request, sign_in_token
from crm.views.applicant import APPLICANT_COOKIE
from tests.crm.applicant_helpers import link_from_outbox, sign_in_as
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")


@pytest.fixture
def household(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return enquiry_create(source=Source.WEB, details=enquiry_details()).household


def test_asking_for_a_link_emails_one_that_signs_in_once(
    client, household, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/your-adoption/sign-in/", {"email": "ALEX@example.com"})
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert response["Cache-Control"] == "private, no-store"
    [message] = [m for m in mail.outbox if m.subject == "Your link to sign in to your adoption journey"]
    assert message.to == ["alex@example.com"]
    link = link_from_outbox("alex@example.com")
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Opening it (or a mail scanner opening it) uses nothing: pressing the button does.
    assert client.get(f"/{path}").status_code == 200
    assert SignInLink.objects.get().used_at is None
    response = client.post(f"/{path}")
    assert response.status_code == 302 and response["Location"] == "/your-adoption/"
    cookie = response.cookies[APPLICANT_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/your-adoption/" and cookie["samesite"] == "Lax"
    page = client.get("/your-adoption/")
    assert page.status_code == 200
    assert b"We have your enquiry." in page.content
    assert AuditEvent.objects.filter(household_id=household.pk, summary__contains="signed in").exists()
    # A second use of the same link fails, and says why.
    other = client_class_fresh(client)
    again = other.post(f"/{path}")
    assert again.status_code == 400
    assert b"already been used" in again.content
    assert APPLICANT_COOKIE not in again.cookies


def client_class_fresh(client):
    return type(client)()


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, household, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/your-adoption/sign-in/", {"email": "alex@example.com"})
        unknown = client.post("/your-adoption/sign-in/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"alex@example.com", b"X") == unknown.content.replace(
        b"nobody@example.com", b"X"
    )
    assert [m.to for m in mail.outbox] == [["alex@example.com"]]


def test_a_bad_address_keeps_what_was_typed_with_a_clear_error(client, household):
    response = client.post("/your-adoption/sign-in/", {"email": "alex@example"})
    assert response.status_code == 200
    assert b"Enter an email address in the right format" in response.content
    assert b'value="alex@example"' in response.content
    assert not SignInLink.objects.exists()


def test_a_link_expires_after_15_minutes(client, household):
    link = sign_in_link_request(email=household.email, now=timezone.now() - dt.timedelta(minutes=16))
    response = client.post(f"/your-adoption/sign-in/{sign_in_token(link)}/")
    assert response.status_code == 400 and b"expired" in response.content
    assert not ApplicantSession.objects.exists()


def test_a_link_stops_working_when_the_records_email_changes(client, household):
    link = sign_in_link_request(email=household.email)
    Household.objects.filter(pk=household.pk).update(email="new@example.com")
    response = client.post(f"/your-adoption/sign-in/{sign_in_token(link)}/")
    assert response.status_code == 400 and b"no longer works" in response.content


def test_a_forged_or_altered_token_signs_nobody_in(client, household):
    from django.core import signing

    from crm.services.applicants import SIGNING_SALT

    link = sign_in_link_request(email=household.email)
    token = sign_in_token(link)
    forged = [
        token[:-2] + ("xx" if not token.endswith("xx") else "yy"),
        "not-a-token",
        signing.dumps({"link": link.pk, "nonce": "guessed"}, salt=SIGNING_SALT),
        signing.dumps({"link": link.pk, "nonce": link.nonce}, salt="another.salt"),
        signing.dumps(
            {"link": link.pk, "nonce": link.nonce}, salt=SIGNING_SALT, key="not-our-secret-key-" * 3
        ),
    ]
    for bad in forged:
        assert bad != token
        response = client.post(f"/your-adoption/sign-in/{bad}/")
        assert response.status_code == 400, bad
        assert APPLICANT_COOKIE not in response.cookies
    assert SignInLink.objects.get().used_at is None


def test_links_to_one_address_are_limited_to_five_an_hour(household):
    links = [sign_in_link_request(email=household.email) for _ in range(7)]
    assert sum(link is not None for link in links) == 5
    assert SideEffect.objects.filter(kind=SideEffect.Kind.SIGN_IN_LINK).count() == 5


def test_only_open_adopting_cases_can_sign_in(household, worker):
    support = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="sam@example.com", enquiry_type=EnquiryType.SUPPORT)
    ).household
    assert support.service == EnquiryType.SUPPORT
    assert sign_in_link_request(email="sam@example.com") is None
    household_close(household=household, reason="withdrew_circumstances", by=worker.user)
    assert sign_in_link_request(email="alex@example.com") is None


def test_the_page_needs_a_session_and_the_admin_ignores_it(client, household):
    assert client.get("/your-adoption/")["Location"] == "/your-adoption/sign-in/"
    sign_in_as(client, household)
    assert client.get("/your-adoption/").status_code == 200
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_a_staff_login_does_not_reach_the_applicants_page(client, worker):
    client.force_login(worker.user)
    assert client.get("/your-adoption/")["Location"] == "/your-adoption/sign-in/"


def test_a_session_lapses_after_an_hour_unused_and_ends_when_the_case_closes(client, household, worker):
    sign_in_as(client, household)
    ApplicantSession.objects.update(last_seen_at=timezone.now() - dt.timedelta(minutes=61))
    assert client.get("/your-adoption/").status_code == 302
    sign_in_as(client, household)
    household_close(household=household, reason="withdrew_circumstances", by=worker.user)
    assert client.get("/your-adoption/").status_code == 302
    assert not ApplicantSession.objects.filter(ended_at__isnull=True).exists()


def test_signing_out_ends_the_session(client, household):
    sign_in_as(client, household)
    cookie = client.cookies[APPLICANT_COOKIE].value
    response = client.post("/your-adoption/sign-out/")
    assert response["Location"] == "/your-adoption/sign-in/?signed-out=1"
    client.cookies[APPLICANT_COOKIE] = cookie  # a copy of the old cookie is no use
    assert client.get("/your-adoption/").status_code == 302


def test_the_page_shows_the_stage_what_is_next_and_by_when_and_no_notes(client, household, worker):
    from crm.services import household_add_note

    household_add_note(household=household, by=worker.user, text="Private: sounded unsure about timing")
    sign_in_as(client, household)
    household.refresh_from_db()
    page = client.get("/your-adoption/").content.decode()
    assert "We have your enquiry." in page
    assert f"We aim to call you by {household.due_on:%A} {household.due_on.day} {household.due_on:%B}" in page
    assert "Kerry Kent" in page
    assert "Private: sounded unsure" not in page
    assert "Thank you for getting in touch" in page  # the confirmation we sent


def test_a_stage_move_emails_the_applicant_unless_they_turned_it_off(
    client, household, worker, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        household_advance(household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user)
    [update] = [m for m in mail.outbox if m.subject == "Your adoption journey has moved on"]
    assert update.to == ["alex@example.com"]
    assert "/your-adoption/" in update.body
    sign_in_as(client, household)
    response = client.post("/your-adoption/emails/", {"status_emails": "no"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status_emails is False
    assert household.timeline.filter(summary="Turned off emails when their journey moves on").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        household_advance(household=household, to_stage=Stage.INFORMATION_EVENT, by=worker.user)
    assert not [m for m in mail.outbox if m.subject == "Your adoption journey has moved on"]


def test_a_bad_status_email_choice_is_refused_clearly(client, household):
    sign_in_as(client, household)
    response = client.post("/your-adoption/emails/", {"status_emails": "maybe"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content or b"Choose whether" in response.content


def test_erasure_removes_every_way_in_and_subject_access_lists_the_links(client, household, worker):
    from core.personal_data import Person
    from crm.models import Anonymisation
    from crm.selectors.subject_access import person_record
    from crm.services.privacy import _households_anonymise

    sign_in_as(client, household)
    record = person_record(Person(household_ids=(household.pk,)))
    [row] = record["Signing in to your own page"]
    assert row["Link sent to"] == "alex@example.com" and row["Used"]
    _households_anonymise(household_ids=[household.pk], cause=Anonymisation.Cause.ERASURE, why="Test erasure")
    assert not SignInLink.objects.exists() and not ApplicantSession.objects.exists()
    assert client.get("/your-adoption/").status_code == 302
