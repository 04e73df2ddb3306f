"""Documents an applicant sends us: a worker asks for one, the applicant uploads it, staff read or delete it.

An upload is judged before anything is kept: its size (``DOCUMENT_MAX_BYTES``), what it is by its
content (``core.uploads``: a PDF, JPEG, PNG or Word .docx, whatever its name or the browser says),
and, when ``CLAMD_SOCKET`` is set, whether ClamAV finds a virus in it (``core.virus_scan``). A file
refused for any of these is not stored anywhere, and the person is told exactly why. One found
infected is recorded in the audit trail and on the timeline; if the scanner cannot be reached the
upload is refused (fail closed) and the failure logged. Without ``CLAMD_SOCKET``, files are kept
marked "not scanned".

A kept file goes to private storage under a random name; every upload, download and deletion is
in the audit trail (by document number, never the file's name, which may name the person), and
uploads, deletions and requests are on the household's timeline.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core import virus_scan
from core.uploads import UploadRefused, kind_required, name_sanitise, size_required, size_words
from crm.models import AuditEvent, Document, DocumentRequest, Household, TimelineEntry
from crm.models.documents import private_storage

from .document_files import document_files_remove_on_commit
from .privacy import audit_record
from .seen import household_mark_seen

logger = logging.getLogger(__name__)

# ``by`` for an upload the applicant made from their own page (they are not a user of the admin).
APPLICANT = "applicant"
SCAN_UNAVAILABLE = "We couldn't check that file just now; please try again in a few minutes."
INFECTED = (
    "We can't accept that file: our virus checker found something harmful in it. It has not been kept. "
    "Please check your computer or phone for viruses, then scan or save the document again and send the new file."
)
REQUEST_NOTE_MAX_LENGTH = 1000


class DocumentError(Exception):
    """A document action that cannot be done as asked; the message says why, for the person acting."""


class DocumentRefused(DocumentError):
    """An upload that was not accepted; nothing of it was kept."""


def _staff(by):
    return None if by == APPLICANT else by


@transaction.atomic
def document_request_create(
    *, household: Household, kind: str, by, label: str = "", note: str = ""
) -> DocumentRequest:
    """Ask a household for one document. The note is shown to them as plain text."""
    if kind not in DocumentRequest.Kind.values:
        raise DocumentError("Choose which document to ask for.")
    label = " ".join((label or "").split())
    note = (note or "").replace("\r\n", "\n").strip()
    if kind == DocumentRequest.Kind.OTHER and not label:
        raise DocumentError("Say which document you are asking for, for example 'Payslip'.")
    if len(note) > REQUEST_NOTE_MAX_LENGTH:
        raise DocumentError(f"The note can be {REQUEST_NOTE_MAX_LENGTH:,} characters at most.")
    document_request = DocumentRequest.objects.create(
        household=household,
        kind=kind,
        label=label if kind == DocumentRequest.Kind.OTHER else "",
        note=note,
        requested_by=by,
    )
    household_mark_seen(household=household, by=by)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.DOCUMENT,
        by=by,
        summary=f"Asked for a document: {document_request.title}"[:200],
        body=note,
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        user=by,
        summary=f"Asked for a document ({document_request.get_kind_display()}), request {document_request.pk}",
    )
    return document_request


def _sha256(uploaded_file: File) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _infected_record(*, household: Household, name: str, signature: str, by) -> None:
    """Recorded on its own, committed even though the upload is refused: someone sent us a virus."""
    who = "the applicant" if by == APPLICANT else "a member of staff"
    with transaction.atomic():
        TimelineEntry.objects.create(
            household=household,
            kind=TimelineEntry.Kind.DOCUMENT,
            by=_staff(by),
            summary=f"An upload was refused: the virus checker found {signature} in it. Nothing was kept."[
                :200
            ],
            body=f"File name as sent: {name}",
        )
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=household,
            user=_staff(by),
            summary=f"Upload by {who} refused: the virus checker found {signature}. Nothing was kept",
        )


def document_upload(
    *, household: Household, uploaded_file: File, request: DocumentRequest | None = None, by
) -> Document:
    """Judge an uploaded file and, if it is accepted, keep it for ``household``.

    ``by`` is a member of staff, or ``APPLICANT`` for the applicant on their own page. Raises
    ``DocumentRefused`` (with the reason to show) for a file that is too large, empty, not a PDF,
    JPEG, PNG or Word .docx by its content, or infected, or when the virus checker cannot be
    reached; nothing is stored then. Not one transaction: the scan talks to clamd first, and an
    infected file's record must be kept although the upload fails.
    """
    if request is not None and request.household_id != household.pk:
        raise DocumentRefused("That request is not one of yours.")
    name = name_sanitise(getattr(uploaded_file, "name", "") or "")
    try:
        size_required(uploaded_file.size or 0, limit=settings.DOCUMENT_MAX_BYTES)
        kind = kind_required(uploaded_file, name=name)
    except UploadRefused as error:
        raise DocumentRefused(str(error)) from None
    try:
        verdict = virus_scan.scan(uploaded_file)
    except virus_scan.ScanUnavailable as error:
        logger.error("An upload for %s was refused: the virus checker failed. %s", household.reference, error)
        raise DocumentRefused(SCAN_UNAVAILABLE) from None
    if verdict.infected:
        logger.warning("An upload for %s was refused: clamd found %s", household.reference, verdict.signature)
        _infected_record(household=household, name=name, signature=verdict.signature, by=by)
        raise DocumentRefused(INFECTED)
    sha256 = _sha256(uploaded_file)
    uploaded_file.seek(0)
    stored = private_storage().save(f"documents/{uuid.uuid4().hex}{kind.extension}", uploaded_file)
    try:
        return _document_keep(
            household=household,
            request=request,
            by=by,
            stored=stored,
            name=name,
            content_type=kind.content_type,
            size=uploaded_file.size,
            sha256=sha256,
            scan_result=Document.ScanResult.CLEAN if verdict.scanned else Document.ScanResult.NOT_SCANNED,
        )
    except BaseException:
        private_storage().delete(stored)
        raise


@transaction.atomic
def _document_keep(*, household, request, by, stored: str, name: str, **facts) -> Document:
    now = timezone.now()
    document = Document.objects.create(
        household=household,
        request=request,
        original_name=name,
        file=stored,
        uploaded_at=now,
        by_applicant=by == APPLICANT,
        uploaded_by=_staff(by),
        **facts,
    )
    if request is not None:
        DocumentRequest.objects.filter(pk=request.pk, fulfilled_at__isnull=True).update(fulfilled_at=now)
        request.refresh_from_db(fields=["fulfilled_at"])
    if by != APPLICANT:
        household_mark_seen(household=household, by=by)
    what = request.title if request is not None else "a document"
    who = "The applicant" if by == APPLICANT else "Added by staff:"
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.DOCUMENT,
        by=_staff(by),
        at=now,
        summary=f"{who} {'sent ' if by == APPLICANT else ''}{what} ({name})"[:200],
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=document,
        user=_staff(by),
        summary=(
            f"Document {document.pk} uploaded by {'the applicant' if by == APPLICANT else 'staff'}: "
            f"{document.kind_label}, {size_words(document.size)}, {document.get_scan_result_display().lower()}"
        ),
    )
    return document


def document_open(*, document: Document, by, request=None) -> File:
    """The stored file, opened for reading, with the download recorded in the audit trail first.

    Raises ``DocumentError`` if the file is missing from storage (the entry is still recorded).
    """
    who = "the applicant" if by == APPLICANT else "staff"
    audit_record(
        action=AuditEvent.Action.VIEW,
        target=document,
        user=_staff(by),
        request=request if by != APPLICANT else None,
        summary=f"Document {document.pk} downloaded by {who}",
    )
    try:
        return document.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        logger.error("Document %s of %s is missing from storage: %s", document.pk, document.household, error)
        raise DocumentError("That file could not be found. Ask the applicant to send it again.") from None


@transaction.atomic
def document_delete(*, document: Document, by) -> None:
    """Delete a document and, once that has committed, its file. A request it answered is open again."""
    document = Document.objects.select_for_update().select_related("household").get(pk=document.pk)
    stored = document.file.name
    audit_record(
        action=AuditEvent.Action.DELETE,
        target=document,
        user=by,
        summary=f"Document {document.pk} deleted ({document.kind_label}, uploaded {document.uploaded_at:%d %B %Y})",
    )
    TimelineEntry.objects.create(
        household_id=document.household_id,
        kind=TimelineEntry.Kind.DOCUMENT,
        by=by,
        summary=f"Document deleted: {document.original_name}"[:200],
    )
    household_mark_seen(household=document.household, by=by)
    request_id = document.request_id
    document.delete()
    if request_id and not Document.objects.filter(request_id=request_id).exists():
        DocumentRequest.objects.filter(pk=request_id).update(fulfilled_at=None)
    document_files_remove_on_commit([stored])
