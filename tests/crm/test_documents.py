"""Documents an applicant sends: judged by their content, kept privately under a random name, recorded.

The virus scan against a real clamd is in ``test_documents_scan``; the staff screens in
``test_documents_admin``.
"""

import hashlib
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages

import pytest

from crm.models import AuditEvent, Document, DocumentRequest, TimelineEntry
from crm.selectors import person_for_anchor, person_record
from crm.services import (
    APPLICANT,
    DocumentRefused,
    document_delete,
    document_open,
    document_request_create,
    document_upload,
    household_close,
)
from crm.services.privacy import person_erase, subject_access_export
from tests.crm import document_files as files
from tests.crm.test_admin_screens import make_household
from tests.factories import staff_member

MB = 1024 * 1024


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def household(worker):
    return make_household()


@pytest.fixture
def photo_id(household, worker):
    return document_request_create(
        household=household, kind="photo_id", by=worker.user, note="Both sides, please."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, content_type, label",
    [
        ("passport.pdf", files.pdf(), "application/pdf", "PDF"),
        ("IMG_0042.JPG", files.image("JPEG"), "image/jpeg", "JPEG"),
        ("scan.png", files.image("PNG"), "image/png", "PNG"),
        (
            "medical form.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document (.docx)",
        ),
    ],
)
def test_each_kind_of_document_is_kept_privately_under_a_random_name(
    household, photo_id, name, content, content_type, label
):
    before = stored_files()

    document = document_upload(
        household=household,
        uploaded_file=files.upload(name, content, "text/plain"),
        request=photo_id,
        by=APPLICANT,
    )

    document.refresh_from_db()
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.kind_label == label
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.scan_result == Document.ScanResult.NOT_SCANNED
    assert document.by_applicant and document.uploaded_by is None
    # Stored under a random name, in the private folder, never under the web's media.
    (new_file,) = stored_files() - before
    assert new_file.read_bytes() == content
    assert Path(settings.PRIVATE_MEDIA_ROOT) in new_file.parents
    assert Path(settings.MEDIA_ROOT) not in new_file.parents
    assert Path(name).stem not in str(new_file)
    photo_id.refresh_from_db()
    assert photo_id.fulfilled_at == document.uploaded_at
    entry = TimelineEntry.objects.get(
        household=household, kind="document", summary__startswith="The applicant"
    )
    assert entry.summary == f"The applicant sent Photo ID ({name})"
    audit = AuditEvent.objects.get(object_type="document", object_id=document.pk)
    assert audit.action == "change" and audit.user is None and audit.household_id == household.pk
    # The trail names the document by number and kind, never the file's name.
    assert name not in audit.summary and f"Document {document.pk} uploaded by the applicant" in audit.summary


@pytest.mark.django_db
def test_a_docx_is_stored_as_a_word_document(household):
    document = document_upload(
        household=household, uploaded_file=files.upload("form.docx", files.docx()), by=APPLICANT
    )

    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert document.file.name.endswith(".docx")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, said",
    [
        (
            "passport.pdf",
            files.program(),
            "That file isn't a PDF, JPEG, PNG or Word document (.docx). Its name says .pdf but its content is not "
            "a PDF. It looks like a program.",
        ),
        (
            "photo.jpg",
            b"GIF89a" + b"\x00" * 40,
            "Its name says .jpg but its content is not a JPEG. It looks like a GIF",
        ),
        ("form.docx", files.docm(), "It looks like a Word document with macros (.docm)."),
        ("form.docx", files.xlsx(), "It looks like an Excel spreadsheet. Open it in Word and save it again"),
        (
            "documents.zip",
            files.plain_zip(),
            "That file isn't a PDF, JPEG, PNG or Word document (.docx). It looks like a zip",
        ),
        ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an older Microsoft Office file"),
        ("notes.txt", b"Dear social worker", "Save or scan it as a PDF, or take a photo of it (JPEG or PNG)"),
        (
            "broken.docx",
            b"PK\x03\x04" + b"\x00" * 60,
            "Its name says .docx but its content is not a Word document",
        ),
        ("empty.pdf", b"", "That file is empty."),
    ],
)
def test_a_file_is_judged_by_its_content_and_refused_with_the_reason(
    household, photo_id, name, content, said
):
    before = stored_files()

    with pytest.raises(DocumentRefused) as refused:
        document_upload(
            household=household,
            uploaded_file=files.upload(name, content, "application/pdf"),
            request=photo_id,
            by=APPLICANT,
        )

    assert said in str(refused.value)
    assert not Document.objects.exists()
    assert stored_files() == before
    photo_id.refresh_from_db()
    assert photo_id.fulfilled_at is None


@pytest.mark.django_db
def test_a_file_over_the_limit_says_how_large_it_was(household):
    content = b"%PDF-1.4\n" + b"0" * (11 * MB - 9)

    with pytest.raises(DocumentRefused) as refused:
        document_upload(household=household, uploaded_file=files.upload("scan.pdf", content), by=APPLICANT)

    assert str(refused.value).startswith("That file is 11 MB. Each file can be 10 MB at most")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_file_of_exactly_the_limit_is_kept_and_one_byte_more_is_not(household):
    exactly = b"%PDF-1.4\n" + b"0" * (settings.DOCUMENT_MAX_BYTES - 9)

    kept = document_upload(household=household, uploaded_file=files.upload("a.pdf", exactly), by=APPLICANT)
    with pytest.raises(DocumentRefused) as refused:
        document_upload(
            household=household, uploaded_file=files.upload("b.pdf", exactly + b"0"), by=APPLICANT
        )

    assert kept.size == settings.DOCUMENT_MAX_BYTES
    assert "That file is more than 10 MB" in str(refused.value)


@pytest.mark.django_db
def test_content_wins_over_the_name_and_the_download_gets_the_right_extension(household):
    document = document_upload(
        household=household, uploaded_file=files.upload("passport.pdf", files.image("PNG")), by=APPLICANT
    )

    assert document.content_type == "image/png"
    assert document.original_name == "passport.pdf"
    assert document.download_name == "passport.png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\sam\\My passport.pdf", "My passport.pdf"),
        ('<img src=x onerror="alert(1)">.pdf', "_img src_x onerror__alert(1)__.pdf"),
        ("\u202egnp.pdf", "gnp.pdf"),
        ("Zoë's   payslip (March).pdf", "Zoë's payslip (March).pdf"),
        ("   ", "document"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_the_name_kept_is_made_safe_to_show(household, sent, kept):
    document = document_upload(
        household=household, uploaded_file=files.upload(sent, files.pdf()), by=APPLICANT
    )

    assert document.original_name == kept
    assert "/" not in document.file.name.removeprefix("documents/")


@pytest.mark.django_db
def test_private_storage_hands_out_no_address(household):
    document = document_upload(
        household=household, uploaded_file=files.upload("a.pdf", files.pdf()), by=APPLICANT
    )

    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018
    with pytest.raises(NotImplementedError):
        storages["private"].url(document.file.name)


@pytest.mark.django_db
def test_a_request_of_another_household_is_refused(household, worker):
    other = make_household(first_name="Other", n=1)
    theirs = document_request_create(household=other, kind="proof_of_address", by=worker.user)

    with pytest.raises(DocumentRefused, match="not one of yours"):
        document_upload(
            household=household,
            uploaded_file=files.upload("a.pdf", files.pdf()),
            request=theirs,
            by=APPLICANT,
        )

    assert not Document.objects.exists()


@pytest.mark.django_db
def test_asking_for_a_document_is_on_the_timeline_and_in_the_trail(household, worker):
    wanted = document_request_create(
        household=household,
        kind="other",
        label="  Payslip  ",
        note="The last three.\r\nThanks",
        by=worker.user,
    )

    assert (wanted.title, wanted.note, wanted.requested_by) == (
        "Payslip",
        "The last three.\nThanks",
        worker.user,
    )
    entry = TimelineEntry.objects.get(household=household, kind="document")
    assert (entry.summary, entry.by) == ("Asked for a document: Payslip", worker.user)
    assert AuditEvent.objects.filter(
        household_id=household.pk, summary__startswith="Asked for a document"
    ).exists()


@pytest.mark.django_db
def test_another_document_needs_its_name(household, worker):
    from crm.services import DocumentError

    with pytest.raises(DocumentError, match="Say which document"):
        document_request_create(household=household, kind="other", label=" ", by=worker.user)
    assert not DocumentRequest.objects.exists()


@pytest.mark.django_db
def test_a_download_is_recorded(household, worker):
    document = document_upload(
        household=household, uploaded_file=files.upload("a.pdf", files.pdf()), by=APPLICANT
    )

    with document_open(document=document, by=worker.user) as stored:
        assert stored.read() == files.pdf()

    event = AuditEvent.objects.get(object_type="document", object_id=document.pk, action="view")
    assert event.user == worker.user and event.household_id == household.pk


@pytest.mark.django_db
def test_deleting_removes_the_file_after_commit_and_opens_the_request_again(
    household, photo_id, worker, django_capture_on_commit_callbacks
):
    before = stored_files()
    document = document_upload(
        household=household, uploaded_file=files.upload("id.pdf", files.pdf()), request=photo_id, by=APPLICANT
    )
    assert len(stored_files() - before) == 1

    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=worker.user)

    assert not Document.objects.exists()
    assert stored_files() == before
    photo_id.refresh_from_db()
    assert photo_id.fulfilled_at is None
    event = AuditEvent.objects.get(object_type="document", object_id=document.pk, action="delete")
    assert event.user == worker.user and "id.pdf" not in event.summary
    assert TimelineEntry.objects.filter(household=household, summary="Document deleted: id.pdf").exists()


@pytest.mark.django_db
def test_subject_access_lists_the_documents_and_carries_copies(household, photo_id, worker):
    content = files.pdf("Council tax bill")
    document = document_upload(
        household=household,
        uploaded_file=files.upload("council tax.pdf", content),
        request=photo_id,
        by=APPLICANT,
    )
    anchor, person = person_for_anchor(key=f"household-{household.pk}")

    sections = person_record(person)
    exported = subject_access_export(anchor=anchor, person=person, by=worker.user)

    (asked,) = sections["Documents we asked you for"]
    assert (asked["Document"], asked["Note to you"]) == ("Photo ID", "Both sides, please.")
    (sent,) = sections["Documents you sent us"]
    assert sent["File name"] == "council tax.pdf" and sent["Sent for"] == "Photo ID"
    assert sent["In this download"] == f"documents/{document.pk}-council tax.pdf"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        (copy,) = [name for name in archive.namelist() if "/documents/" in name]
        assert copy.endswith(f"/documents/{document.pk}-council tax.pdf")
        assert archive.read(copy) == content
        summary = archive.read(
            next(name for name in archive.namelist() if name.endswith("summary.html"))
        ).decode()
    assert "Documents you sent us" in summary and "council tax.pdf" in summary


@pytest.mark.django_db
def test_erasure_removes_the_documents_and_their_files(
    household, photo_id, worker, django_capture_on_commit_callbacks
):
    before = stored_files()
    document = document_upload(
        household=household, uploaded_file=files.upload("id.pdf", files.pdf()), request=photo_id, by=APPLICANT
    )
    household_close(household=household, reason="lost_contact", by=worker.user)
    _anchor, person = person_for_anchor(key=f"household-{household.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, by=worker.user, reason="Asked to be forgotten")

    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files() == before
    photo_id.refresh_from_db()
    assert (photo_id.kind, photo_id.note, photo_id.label) == ("photo_id", "", "")
    assert AuditEvent.objects.filter(object_type="document", object_id=document.pk, action="delete").exists()
    assert not TimelineEntry.objects.filter(household=household, summary__contains="id.pdf").exists()


@pytest.mark.django_db
def test_merging_a_duplicate_brings_its_documents_to_the_record_kept(household, photo_id, worker):
    from crm.services import households_merge

    duplicate = make_household(first_name="Alexandra", n=7)
    asked = document_request_create(household=duplicate, kind="medical_form", by=worker.user)
    sent = document_upload(
        household=duplicate, uploaded_file=files.upload("form.pdf", files.pdf()), request=asked, by=APPLICANT
    )

    households_merge(keep=household, remove=duplicate, by=worker.user)

    sent.refresh_from_db()
    asked.refresh_from_db()
    assert (sent.household, asked.household) == (household, household)
    assert set(household.document_requests.values_list("kind", flat=True)) == {"photo_id", "medical_form"}


@pytest.mark.django_db
def test_a_file_missing_from_storage_is_said_to_be_missing_in_the_subject_access_file(household, worker):
    document = document_upload(
        household=household, uploaded_file=files.upload("id.pdf", files.pdf()), by=APPLICANT
    )
    storages["private"].delete(document.file.name)
    anchor, person = person_for_anchor(key=f"household-{household.pk}")

    exported = subject_access_export(anchor=anchor, person=person, by=worker.user)

    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        (note,) = [name for name in archive.namelist() if "/documents/" in name]
        assert note.endswith(f"documents/{document.pk}-id.pdf.missing.txt")
        assert archive.read(note) == b"This file could not be found in our storage."
