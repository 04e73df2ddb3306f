"""The applicant's documents page: what we asked for, sending a file through the whole site, and their files.

Every request goes through the full middleware stack, signed in the way the emailed link does.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from core.uploads import CappedUploadHandler
from crm.models import Document, Source
from crm.services import APPLICANT, document_request_create, document_upload, enquiry_create
from tests.clamd import clamd, clamd_socket  # noqa: F401  (fixtures)
from tests.crm import document_files as files
from tests.crm.applicant_helpers import sign_in_as
from tests.factories import enquiry_details, staff_member

MB = 1024 * 1024
DOCUMENTS = "/your-adoption/documents/"


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")


@pytest.fixture
def household(worker):
    return enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com")).household


@pytest.fixture
def wanted(household, worker):
    return document_request_create(
        household=household,
        kind="proof_of_address",
        by=worker.user,
        note="A council tax bill <b>or</b> a bank letter.",
    )


@pytest.fixture
def applicant(client, household):
    sign_in_as(client, household)
    return client


def send(client, wanted, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        f"{DOCUMENTS}asked/{wanted.pk}/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.mark.django_db
def test_the_page_shows_what_we_asked_for_in_plain_text(applicant, wanted):
    response = applicant.get(DOCUMENTS)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Proof of address" in page
    assert "A council tax bill &lt;b&gt;or&lt;/b&gt; a bank letter." in page
    assert f'href="{DOCUMENTS}asked/{wanted.pk}/"' in page
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_upload_form_says_what_it_takes_and_works_without_javascript(applicant, wanted):
    page = applicant.get(f"{DOCUMENTS}asked/{wanted.pk}/").content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx"' in page
    assert "A PDF, a photo (JPEG or PNG) or a Word document (.docx), up to 10 MB." in page


@pytest.mark.django_db
def test_an_applicant_sends_a_pdf_for_a_request(applicant, household, wanted):
    response = send(applicant, wanted, "council tax.pdf", files.pdf())

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{DOCUMENTS}?sent={document.pk}"
    assert (document.household, document.request, document.by_applicant) == (household, wanted, True)
    page = applicant.get(response["Location"]).content.decode()
    assert "Thank you: we have your file" in page and "council tax.pdf" in page
    assert "Nothing at the moment" in page  # the request is answered, so no longer asked


@pytest.mark.django_db
def test_a_program_named_pdf_is_refused_on_the_page_and_nothing_is_kept(applicant, wanted):
    before = stored_files()

    response = send(applicant, wanted, "passport.pdf", files.program())

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Its name says .pdf but its content is not a PDF. It looks like a program." in page
    assert not Document.objects.exists() and stored_files() == before


@pytest.mark.django_db
def test_an_11_mb_file_gets_the_forms_message_not_a_refused_request(applicant, wanted):
    before = stored_files()

    response = send(applicant, wanted, "scan.pdf", b"%PDF-1.4\n" + b"0" * (11 * MB - 9))

    assert response.status_code == 400
    assert "That file is 11 MB. Each file can be 10 MB at most" in response.content.decode()
    assert not Document.objects.exists() and stored_files() == before


@pytest.mark.django_db
def test_a_far_larger_request_is_refused_before_it_is_read_in_words_about_files(applicant, wanted):
    response = applicant.generic(
        "POST",
        f"{DOCUMENTS}asked/{wanted.pk}/",
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.DOCUMENT_REQUEST_MAX_BYTES + 1),
    )

    assert response.status_code == 413
    assert "That file is too large to send" in response.content.decode()
    assert "Each file can be 10 MB at most" in response.content.decode()


@pytest.mark.django_db
def test_sending_nothing_says_to_choose_a_file(applicant, wanted):
    response = applicant.post(f"{DOCUMENTS}asked/{wanted.pk}/", {})

    assert response.status_code == 400
    assert "Choose a file to send." in response.content.decode()


@pytest.mark.django_db
def test_an_infected_file_is_refused_on_the_page(applicant, wanted, clamd):  # noqa: F811
    response = send(applicant, wanted, "statement.pdf", files.pdf(extra=files.eicar()))

    assert response.status_code == 400
    assert "our virus checker found something harmful in it" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_they_download_their_own_file_and_no_other_households(applicant, household, wanted, worker):
    own = document_upload(
        household=household, uploaded_file=files.upload("bill.pdf", files.pdf()), request=wanted, by=APPLICANT
    )
    other = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="jo@example.com", last_name="Other", phone="07700 900999"),
    ).household
    assert other != household
    theirs_asked = document_request_create(household=other, kind="photo_id", by=worker.user)
    theirs = document_upload(
        household=other, uploaded_file=files.upload("jo.pdf", files.pdf()), request=theirs_asked, by=APPLICANT
    )

    mine = applicant.get(f"{DOCUMENTS}{own.pk}/download/")
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == files.pdf()
    assert mine["Content-Disposition"] == 'attachment; filename="bill.pdf"'
    assert mine["X-Content-Type-Options"] == "nosniff" and mine["Cache-Control"] == "private, no-store"
    assert applicant.get(f"{DOCUMENTS}{theirs.pk}/download/").status_code == 404
    assert applicant.get(f"{DOCUMENTS}asked/{theirs_asked.pk}/").status_code == 404
    assert send(applicant, theirs_asked, "a.pdf", files.pdf()).status_code == 404
    assert "jo.pdf" not in applicant.get(DOCUMENTS).content.decode()
    assert Document.objects.filter(household=other).count() == 1


@pytest.mark.django_db
def test_nobody_signed_out_reaches_the_documents(client, wanted):
    for path in (DOCUMENTS, f"{DOCUMENTS}asked/{wanted.pk}/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/your-adoption/sign-in/"
    assert send(client, wanted, "a.pdf", files.pdf()).status_code == 302
    assert not Document.objects.exists()


def test_the_upload_handler_writes_no_more_than_one_byte_over_the_limit():
    handler = CappedUploadHandler(limit=10)
    handler.new_file("file", "a.pdf", "application/pdf", 0)
    for start in range(0, 100, 7):
        handler.receive_data_chunk(b"x" * 7, start)

    uploaded = handler.file_complete(105)

    assert uploaded.size == 105
    uploaded.seek(0)
    assert uploaded.read() == b"x" * 11
