"""Documents on the household page: asking for one, seeing what was sent, downloading and deleting it.

Only staff who may see the household reach its documents; for anyone else each address is a 404,
recorded as a refusal.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from crm.models import AuditEvent, Document, DocumentRequest
from crm.services import APPLICANT, document_request_create, document_upload
from tests.crm import document_files as files
from tests.crm.test_admin_screens import flash, household_url, make_household
from tests.factories import staff_member


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def medway_worker(crm_reference):
    return staff_member("medway.worker", council="medway")


@pytest.fixture
def household(worker):
    return make_household()


@pytest.fixture
def sent(household, worker):
    wanted = document_request_create(
        household=household, kind="proof_of_address", by=worker.user, note="A bill"
    )
    return document_upload(
        household=household,
        uploaded_file=files.upload("Council tax bill.pdf", files.pdf("Council tax")),
        request=wanted,
        by=APPLICANT,
    )


@pytest.mark.django_db
def test_a_worker_asks_for_a_document_from_the_household_page(client, household, worker):
    client.force_login(worker.user)

    response = client.post(
        household_url(household, "document"),
        {"document-kind": "medical_form", "document-note": "Your GP fills in part B."},
        follow=True,
    )

    assert flash(response) == "Asked for: Medical form. It shows on their page until they send it."
    wanted = DocumentRequest.objects.get(household=household)
    assert (wanted.kind, wanted.note, wanted.requested_by) == (
        "medical_form",
        "Your GP fills in part B.",
        worker.user,
    )
    page = response.content.decode()
    assert "Medical form" in page and "Your GP fills in part B." in page and "Waiting" in page


@pytest.mark.django_db
def test_another_document_without_its_name_keeps_the_form_with_the_reason(client, household, worker):
    client.force_login(worker.user)

    response = client.post(
        household_url(household, "document"), {"document-kind": "other", "document-note": "Hi"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Ask for a document: Say which document you are asking for, for example &#x27;Payslip&#x27;." in page
    )
    assert "Hi</textarea>" in page
    assert not DocumentRequest.objects.exists()


@pytest.mark.django_db
def test_the_household_page_lists_what_was_sent_without_a_query_per_document(client, household, worker, sent):
    client.force_login(worker.user)
    url = household_url(household)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    for n in range(4):
        wanted = document_request_create(
            household=household, kind="other", label=f"Payslip {n}", by=worker.user
        )
        document_upload(
            household=household,
            uploaded_file=files.upload(f"p{n}.png", files.image()),
            request=wanted,
            by=worker.user,
        )
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert "Council tax bill.pdf" in page
    assert "PDF, " in page and "by the applicant" in page and "Not checked for viruses" in page
    assert f'href="/admin/crm/documents/{sent.pk}/download/"' in page
    assert len(five.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_a_download_is_an_attachment_nobody_keeps_and_is_recorded(client, household, worker, sent):
    client.force_login(worker.user)

    response = client.get(f"/admin/crm/documents/{sent.pk}/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf("Council tax")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Council tax bill.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # Wagtail's admin adds its own never-cache words after ours.
    assert response["Cache-Control"].startswith("private, no-store")
    event = AuditEvent.objects.get(object_type="document", object_id=sent.pk, action="view")
    assert (
        event.user == worker.user and event.household_id == household.pk and event.ip_address == "127.0.0.1"
    )


@pytest.mark.django_db
def test_a_name_outside_ascii_is_offered_as_rfc_5987(client, household, worker):
    document = document_upload(
        household=household, uploaded_file=files.upload("Zoë's ID.pdf", files.pdf()), by=APPLICANT
    )
    client.force_login(worker.user)

    response = client.get(f"/admin/crm/documents/{document.pk}/download/")

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Zo%C3%AB%27s%20ID.pdf"


@pytest.mark.django_db
def test_deleting_asks_first_then_removes_it(client, household, worker, sent):
    client.force_login(worker.user)

    confirm = client.get(f"/admin/crm/documents/{sent.pk}/delete/")
    assert Document.objects.filter(pk=sent.pk).exists()
    done = client.post(f"/admin/crm/documents/{sent.pk}/delete/", follow=True)

    assert "Delete Council tax bill.pdf?" in confirm.content.decode()
    assert flash(done) == "Council tax bill.pdf was deleted."
    assert done.redirect_chain[-1][0] == household_url(household) + "#documents"
    assert not Document.objects.filter(pk=sent.pk).exists()
    assert AuditEvent.objects.filter(object_type="document", object_id=sent.pk, action="delete").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, address",
    [
        ("get", "/admin/crm/documents/{document}/download/"),
        ("get", "/admin/crm/documents/{document}/delete/"),
        ("post", "/admin/crm/documents/{document}/delete/"),
        ("post", "/admin/crm/households/{household}/document/"),
    ],
)
def test_another_councils_worker_gets_a_404_that_is_recorded(
    client, household, sent, medway_worker, method, address
):
    client.force_login(medway_worker.user)
    path = address.format(document=sent.pk, household=household.pk)

    response = getattr(client, method)(path, {"document-kind": "photo_id"} if method == "post" else None)

    assert response.status_code == 404
    assert Document.objects.filter(pk=sent.pk).exists()
    assert DocumentRequest.objects.filter(household=household).count() == 1
    assert not AuditEvent.objects.filter(object_type="document", action="view").exists()
    denied = AuditEvent.objects.get(action="denied", user=medway_worker.user)
    assert denied.household_id == household.pk


@pytest.mark.django_db
def test_someone_who_may_not_see_people_gets_a_404(client, sent):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody.special", is_staff=True))

    assert client.get(f"/admin/crm/documents/{sent.pk}/download/").status_code in (302, 404)
    assert client.get("/admin/crm/documents/999999/download/").status_code in (302, 404)
