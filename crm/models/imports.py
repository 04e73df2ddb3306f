"""Records moved in from the councils' old systems, and each run that moved them (``crm.services.imports``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import Council
from .households import Enquiry, Household


class ImportRun(models.Model):
    """One file read by the import: who ran it, when, the file's name and what it found.

    A dry run is recorded too, so the audit shows every file a manager looked at, imported or not.
    """

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Kept if the user is removed.")
    file_name = models.CharField(max_length=255)
    committed = models.BooleanField(default=False, help_text="Imported; otherwise a dry run.")
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    joined = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(
        default=0, help_text="Imported before and different now: not applied."
    )
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{'Import' if self.committed else 'Dry run'} of {self.file_name}"


class ImportedRecord(models.Model):
    """A row of an old system's file that has been imported, by its council and the old system's reference.

    The unique pair is what makes importing the same file twice change nothing. ``fingerprint`` (a hash of
    the row as read) tells a changed row from the same one; the row itself is not kept here. The
    household stays linked after erasure (anonymised, not deleted), so an erased person is never
    brought back by importing the old file again.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", "Created a household"
        JOINED = "joined", "Joined an existing household"

    source = models.CharField(
        max_length=10, choices=Council.choices, help_text="The council whose old system the record came from."
    )
    reference = models.CharField(max_length=50, help_text="The record's id in the old system.")
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="imported_records"
    )
    enquiry = models.ForeignKey(Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="crm_imported_record_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.reference}"
