"""Privacy: the audit trail, the retention policy, and which records have been anonymised."""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Who looked at, changed, exported or removed part of a person's record, and when.

    ``household_id`` is a plain number, not a foreign key, so the trail outlives the record it
    describes. Summaries name records by reference (APSE-000123), never by a person's details, so
    the trail itself holds nothing that an erasure would have to remove.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        DELETE = "delete", "Deleted"
        ANONYMISE = "anonymise", "Anonymised"
        SUBJECT_ACCESS = "subject_access", "Subject access export"
        DENIED = "denied", "Denied access"

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="Kept as it was, even if the account is deleted later."
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    household_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=30, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"]),
            models.Index(fields=["household_id", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"

    @property
    def household_reference(self) -> str:
        return f"APSE-{self.household_id:06d}" if self.household_id else ""

    @property
    def record_label(self) -> str:
        """The record in words for staff: its reference, or the kind of record ("Event booking"), never a code."""
        if self.household_id:
            return self.household_reference
        return RECORD_KINDS.get(self.object_type) or _model_names().get(self.object_type, "Another record")


# Audit entries that name no model row: what each is, for staff.
RECORD_KINDS = {"export": "A download", "": "Another record"}


@lru_cache(maxsize=1)
def _model_names() -> dict[str, str]:
    """Every installed model's name as staff read it, by the name the audit trail records."""
    from django.apps import apps
    from django.utils.text import capfirst

    return {model._meta.model_name: capfirst(model._meta.verbose_name) for model in apps.get_models()}


class RetentionRule(models.Model):
    """How long one kind of record is kept, and what happens to it then. One row per kind.

    The periods are data so they can follow the information governance schedule; a Celery beat job
    applies the active rules each night, and the dry-run report shows what it would do first.
    """

    class Kind(models.TextChoices):
        CLOSED_EARLY = "closed_early", "Cases closed before the registration of interest was accepted"
        CLOSED_IN_ASSESSMENT = (
            "closed_in_assessment",
            "Cases closed after the registration of interest was accepted",
        )
        APPROVED = "approved", "Approved adopters"
        SERVICE_CLOSED = "service_closed", "Closed cases of the other services (support, records, advice)"
        SPAM = "spam", "Enquiries confirmed as spam"
        NEWSLETTER_ENDED = "newsletter_ended", "Newsletter records of people who unsubscribed or bounced"
        VISITOR_IDS = "visitor_ids", "Anonymous visitor ids on website visits"
        AUDIT_EVENTS = "audit_events", "Audit trail entries"
        ACCESS_NEEDS = "access_needs", "Access needs given when booking an event"

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", "Anonymise"
        DELETE = "delete", "Delete"
        KEEP = "keep", "Keep"

    class Unit(models.TextChoices):
        DAYS = "days", "Days"
        MONTHS = "months", "Calendar months"

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    period = models.PositiveIntegerField(help_text="How long after the starting point the action is taken.")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.MONTHS)
    is_active = models.BooleanField(
        default=True, help_text="An inactive rule is shown in the report but never applied."
    )
    basis = models.TextField(
        blank=True, help_text="Why this period: the law, guidance or service need behind it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = "retention rule"

    def __str__(self) -> str:
        if self.action == self.Action.KEEP:
            return f"{self.get_kind_display()}: kept"
        return (
            f"{self.get_kind_display()}: {self.get_action_display().lower()} after {self.period} {self.unit}"
        )

    def clean(self):
        allowed = RETENTION_ACTIONS.get(self.kind, ())
        if self.action not in allowed:
            done = {
                self.Action.ANONYMISE: "anonymised",
                self.Action.DELETE: "deleted",
                self.Action.KEEP: "kept",
            }
            raise ValidationError(
                {"action": "Records of this kind can only be " + " or ".join(done[a] for a in allowed) + "."}
            )
        if self.action != self.Action.KEEP and not self.period:
            raise ValidationError({"period": "Give a period of at least 1."})


# What each kind of record may have done to it. Anonymised rows stay in every count; deleted rows go.
RETENTION_ACTIONS = {
    RetentionRule.Kind.CLOSED_EARLY: (RetentionRule.Action.ANONYMISE, RetentionRule.Action.KEEP),
    RetentionRule.Kind.CLOSED_IN_ASSESSMENT: (RetentionRule.Action.ANONYMISE, RetentionRule.Action.KEEP),
    RetentionRule.Kind.APPROVED: (RetentionRule.Action.KEEP,),
    RetentionRule.Kind.SPAM: (RetentionRule.Action.DELETE, RetentionRule.Action.KEEP),
    RetentionRule.Kind.NEWSLETTER_ENDED: (RetentionRule.Action.ANONYMISE, RetentionRule.Action.KEEP),
    RetentionRule.Kind.VISITOR_IDS: (RetentionRule.Action.ANONYMISE, RetentionRule.Action.KEEP),
    RetentionRule.Kind.AUDIT_EVENTS: (RetentionRule.Action.DELETE, RetentionRule.Action.KEEP),
    # Access needs are removed from the booking; the booking itself stays counted.
    RetentionRule.Kind.ACCESS_NEEDS: (RetentionRule.Action.ANONYMISE, RetentionRule.Action.KEEP),
}


class Anonymisation(models.Model):
    """A record whose personal details were removed, by an erasure request or a retention rule.

    The row itself stays, so every count and report that included it still does; this marks it so
    retention never picks it again and staff can see why it reads "Anonymised".
    """

    class Cause(models.TextChoices):
        ERASURE = "erasure", "Erasure request"
        RETENTION = "retention", "Retention policy"

    object_type = models.CharField(max_length=30, help_text="household or subscriber")
    object_id = models.BigIntegerField()
    cause = models.CharField(max_length=10, choices=Cause.choices)
    rule = models.ForeignKey(
        RetentionRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="one_anonymisation_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}: {self.get_cause_display()}"
