"""Messages between an applicant and their worker: plain text, an email with none of it, on the timeline."""

from django.core import mail

import pytest

from core.personal_data import Person
from crm.models import Anonymisation, ApplicantMessage, SideEffect, Source, TimelineEntry
from crm.selectors.subject_access import person_record
from crm.services import enquiry_create
from crm.services.messages import MESSAGES_PER_DAY, MessageError, message_from_applicant, message_from_worker
from crm.services.privacy import _households_anonymise
from tests.crm.applicant_helpers import sign_in_as
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db
SECRET = "We have a date for the medical: 12 January"


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")


@pytest.fixture
def household(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return enquiry_create(source=Source.WEB, details=enquiry_details()).household


def test_an_applicant_writes_and_the_worker_is_told_without_the_content(
    client, household, worker, django_capture_on_commit_callbacks
):
    sign_in_as(client, household)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/your-adoption/messages/", {"body": SECRET})
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == [worker.user.email]
    assert notice.subject == f"New message on {household.reference}"
    assert SECRET not in notice.body and "12 January" not in notice.body
    assert f"/admin/crm/households/{household.pk}/#messages" in notice.body
    entry = household.timeline.get(kind=TimelineEntry.Kind.MESSAGE)
    assert entry.body == SECRET and entry.summary.startswith("Message from the applicant")
    # The worker's page shows it, marked new until they have opened it.
    client.force_login(worker.user)
    page = client.get(f"/admin/crm/households/{household.pk}/").content.decode()
    assert SECRET in page, page[page.find("crm-columns") :][:3000]
    assert "<strong>New</strong>" in page
    assert ApplicantMessage.objects.get().read_at is not None


def test_a_worker_replies_and_the_applicant_reads_it_on_their_page(
    client, household, worker, django_capture_on_commit_callbacks
):
    staff = type(client)()
    staff.force_login(worker.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/crm/households/{household.pk}/message/", {"message-body": SECRET})
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["alex@example.com"]
    assert SECRET not in notice.body and "/your-adoption/messages/" in notice.body
    sign_in_as(client, household)
    journey = client.get("/your-adoption/").content.decode()
    assert "Messages with your worker (1 new)" in journey
    page = client.get("/your-adoption/messages/").content.decode()
    assert SECRET in page and "Kerry Kent" in page
    assert "(1 new)" not in client.get("/your-adoption/").content.decode()


def test_empty_and_too_long_messages_are_refused_with_what_was_typed_kept(client, household):
    sign_in_as(client, household)
    response = client.post("/your-adoption/messages/", {"body": "   "})
    assert response.status_code == 400 and b"Write your message before sending it" in response.content
    long = "x" * 2010
    response = client.post("/your-adoption/messages/", {"body": long})
    assert response.status_code == 400
    assert b"10 characters" in response.content and long.encode() in response.content
    assert not ApplicantMessage.objects.exists()


def test_an_applicant_cannot_flood_their_worker(household):
    for _ in range(MESSAGES_PER_DAY):
        message_from_applicant(household=household, body="Hello")
    with pytest.raises(MessageError, match="a lot of messages today"):
        message_from_applicant(household=household, body="Hello")


def test_a_worker_cannot_write_to_someone_with_no_email(worker, crm_reference):
    household = enquiry_create(source=Source.WEB, details=enquiry_details(email="")).household
    with pytest.raises(MessageError, match="no email address"):
        message_from_worker(household=household, by=worker.user, body="Hello")


def test_subject_access_includes_messages_and_erasure_removes_them(household, worker):
    message_from_applicant(household=household, body=SECRET)
    message_from_worker(household=household, by=worker.user, body="Thanks, noted")
    rows = person_record(Person(household_ids=(household.pk,)))["Messages with your worker"]
    assert [(row["From"], row["Message"]) for row in rows] == [
        ("You", SECRET),
        ("Kerry Kent", "Thanks, noted"),
    ]
    _households_anonymise(household_ids=[household.pk], cause=Anonymisation.Cause.ERASURE, why="Erasure")
    assert set(ApplicantMessage.objects.values_list("body", flat=True)) == {
        "Removed when the record was anonymised."
    }
    assert not household.timeline.filter(body__contains="12 January").exists()
    assert not SideEffect.objects.filter(payload__icontains="12 January").exists()
