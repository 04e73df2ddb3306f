"""Documents an applicant sends us (photo ID, proof of address, a medical form), and the requests for them.

The files are kept in the "private" storage (``STORAGES["private"]``: a folder outside the web's
media, or a private bucket), under a random name; the name the applicant's file had is kept only to
show them and staff. A file is judged by its content before it is kept, and checked for viruses
when a scanner is configured (``crm.services.documents``): a file found infected is never kept.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from core.uploads import KINDS, size_words

from .households import Household


def private_storage():
    """The storage applicants' documents live in (a callable, so migrations name it, not its folder)."""
    return storages["private"]


class DocumentRequest(models.Model):
    """A worker asking a household for one document; fulfilled once they send one for it."""

    class Kind(models.TextChoices):
        PHOTO_ID = "photo_id", "Photo ID"
        PROOF_OF_ADDRESS = "proof_of_address", "Proof of address"
        MEDICAL_FORM = "medical_form", "Medical form"
        OTHER = "other", "Another document"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="document_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(
        max_length=100, blank=True, help_text="What the document is, for another document ('Payslip')."
    )
    note = models.TextField(blank=True, help_text="Shown to the applicant, as plain text.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["household", "fulfilled_at"])]

    def __str__(self) -> str:
        return f"{self.title} for {self.household.reference}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.OTHER and self.label:
            return self.label
        return self.get_kind_display()

    @property
    def title_in_sentence(self) -> str:
        """The title inside a sentence: "Send photo ID", "Send proof of address", "Send Payslip"."""
        if self.kind == self.Kind.OTHER and self.label:
            return self.label
        if self.kind == self.Kind.PHOTO_ID:
            return "photo ID"
        return self.get_kind_display().lower()

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None


class Document(models.Model):
    """One file a household sent us (or a worker added for them), as accepted and kept."""

    class ScanResult(models.TextChoices):
        CLEAN = "clean", "Checked: no virus found"
        NOT_SCANNED = "not_scanned", "Not checked for viruses"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="documents")
    request = models.ForeignKey(
        DocumentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    original_name = models.CharField(
        max_length=100, help_text="The file's name as sent, made safe to show. Never the stored name."
    )
    content_type = models.CharField(max_length=100, help_text="What the file is, judged by its content.")
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now)
    by_applicant = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who added it; empty when the applicant sent it.",
    )
    scan_result = models.CharField(max_length=20, choices=ScanResult.choices)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["household", "-uploaded_at"])]

    def __str__(self) -> str:
        return f"Document {self.pk} of {self.household.reference}"

    @property
    def kind_label(self) -> str:
        """What the file is (PDF, JPEG...), from the type judged by its content."""
        return next((kind.label for kind in KINDS.values() if kind.content_type == self.content_type), "File")

    @property
    def size_label(self) -> str:
        return size_words(self.size)

    @property
    def download_name(self) -> str:
        """The name to save it under: as sent, with the extension its content calls for."""
        kind = next((kind for kind in KINDS.values() if kind.content_type == self.content_type), None)
        path = PurePosixPath(self.original_name)
        if kind is None or path.suffix.lower() in kind.names:
            return self.original_name
        return f"{path.stem or 'document'}{kind.extension}"

    @property
    def uploaded_by_label(self) -> str:
        if self.by_applicant:
            return "The applicant"
        if self.uploaded_by:
            return self.uploaded_by.get_full_name() or self.uploaded_by.get_username()
        return "A member of staff"
