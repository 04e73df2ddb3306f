"""Households who enquired, each contact through the front door, and the consents they gave."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from .choices import (
    STAGES_BEFORE_ENQUIRY,
    STAGES_ON_RECORD_BEFORE_ENQUIRY,
    CallTime,
    ChildrenAtHome,
    ClosureReason,
    Council,
    EnquiryType,
    HeardAbout,
    HouseholdType,
    Source,
    Stage,
)
from .teams import StaffMember, Team


class HouseholdQuerySet(models.QuerySet):
    """Casework is every household that has enquired; someone who only asked for the pack, or only booked
    a family event, is known, not a case."""

    def open(self):
        return self.active().filter(closed_at__isnull=True)

    def active(self):
        """Casework: not merged into another record, and past the stages before an enquiry."""
        return self.known().exclude(stage__in=STAGES_BEFORE_ENQUIRY)

    def on_record(self):
        """The records staff may open (``crm.selectors.households_visible_to`` narrows them by person):
        casework, and families known only from a family event booking. Never a queue or a count."""
        hidden = [stage for stage in STAGES_BEFORE_ENQUIRY if stage not in STAGES_ON_RECORD_BEFORE_ENQUIRY]
        return self.known().exclude(stage__in=hidden)

    def recruitment(self):
        """Households whose case is adopting a child: the only ones the recruitment reports count."""
        return self.filter(service=EnquiryType.ADOPTING)

    def known(self):
        """Everyone the CRM knows, those before an enquiry included: not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Household(models.Model):
    """One person or couple who enquired, and everything that follows: one case of one service.

    ``service`` is what they asked about (an ``EnquiryType``); its journey (``crm.journey.journey_for``)
    gives the stages, moves and closure reasons. Someone who asks two services for help has a case with
    each, found again by email or phone within the service.
    """

    service = models.CharField(
        max_length=20,
        choices=EnquiryType.choices,
        default=EnquiryType.ADOPTING,
        db_default=EnquiryType.ADOPTING,
        db_index=True,
        help_text="What they asked about: the service whose case this is.",
    )
    service_details = models.JSONField(
        default=dict,
        blank=True,
        db_default={},
        help_text="What they told us for their service, e.g. for support: the child's age, the adoption "
        "order's date, the council that placed the child, the help they need.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    partner_first_name = models.CharField(max_length=100, blank=True)
    partner_last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True, help_text="Digits only, UK format.")
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    council = models.CharField(max_length=10, choices=Council.choices, default=Council.UNKNOWN)
    council_stated = models.CharField(
        "council they said",
        max_length=10,
        choices=Council.choices,
        blank=True,
        db_default="",
        help_text="The council they said they live in, where it disagrees with their postcode: to confirm.",
    )
    household_type = models.CharField(max_length=10, choices=HouseholdType.choices, blank=True)
    children_at_home = models.CharField(max_length=12, choices=ChildrenAtHome.choices, blank=True)
    interests = models.JSONField(default=list, blank=True)
    best_time_to_call = models.CharField(max_length=10, choices=CallTime.choices, blank=True)

    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.ENQUIRY)
    stage_entered_at = models.DateTimeField(default=timezone.now)
    stage_dates = models.JSONField(
        default=dict,
        blank=True,
        help_text="When the household last entered each stage (ISO dates), for the clocks.",
    )
    clock = models.ForeignKey(
        "Clock",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clock running now.",
    )
    due_on = models.DateField(null=True, blank=True, help_text="When the running clock runs out.")
    fast_track = models.BooleanField(default=False, help_text="Previous adopters and approved foster carers.")
    early_permanence = models.BooleanField(default=False)
    status_emails = models.BooleanField(
        "emails when their journey moves on",
        default=True,
        db_default=True,
        help_text="An email saying their journey has moved on, with a link to their page. They can turn it off there.",
    )
    survey_emails = models.BooleanField(
        "short surveys about their experience",
        default=True,
        db_default=True,
        help_text="An email now and then asking how we did (after an event, approval...). They can turn it off on their page.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)

    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="households"
    )
    assigned_to = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="households"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_enquiry_at = models.DateTimeField(default=timezone.now)
    last_enquiry_at = models.DateTimeField(default=timezone.now)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a member of staff first opened or acted on the case; empty while it is new.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["-last_enquiry_at"]
        indexes = [
            models.Index(fields=["team", "stage"]),
            models.Index(fields=["assigned_to", "closed_at"]),
            models.Index(fields=["-last_enquiry_at"]),
            models.Index(fields=["first_enquiry_at"]),
            models.Index(fields=["council", "stage"]),
            models.Index(fields=["due_on"]),
            # Matching a new enquiry to the household it came from (``email__iexact``): an index lookup,
            # not a scan of every household, on the enquiry form's path.
            models.Index(Upper("email"), name="crm_household_email_upper"),
            # The triage queue's tab counts read only open cases, as ``open()`` defines them (the stages
            # before an enquiry left out): an index-only scan, never a read of every household's row.
            models.Index(
                fields=["assigned_to", "team", "due_on"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True)
                & ~models.Q(stage__in=STAGES_BEFORE_ENQUIRY),
                name="crm_household_open_idx",
            ),
            # The queue's default order (due first, then the latest enquiry), for everyone's open cases,
            # a person's own (or the unassigned) and a team's: the first page is read in order, not sorted.
            models.Index(
                fields=["due_on", "-last_enquiry_at", "id"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True),
                name="crm_household_queue_idx",
            ),
            models.Index(
                fields=["assigned_to", "due_on", "-last_enquiry_at", "id"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True),
                name="crm_household_queue_mine_idx",
            ),
            models.Index(
                fields=["team", "due_on", "-last_enquiry_at", "id"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True),
                name="crm_household_queue_team_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        names = [f"{self.first_name} {self.last_name}".strip()]
        if self.partner_first_name:
            names.append(f"{self.partner_first_name} {self.partner_last_name}".strip())
        return " and ".join(names)

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk) if self.pk else "APSE-new"

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference staff and returns quote, from the primary key alone (for rows read as values)."""
        return f"APSE-{pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.merged_into_id is None


class Enquiry(models.Model):
    """One contact through the front door. Quarantined enquiries wait for a person to release them."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        QUARANTINED = "quarantined", "Quarantined as possible spam"
        RELEASED = "released", "Released from quarantine"
        SPAM = "spam", "Confirmed as spam"

    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="enquiries"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACCEPTED)
    council = models.CharField(max_length=10, choices=Council.choices, default=Council.UNKNOWN)
    received_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        help_text="Set by the web form so a double submit makes one enquiry.",
    )
    data = models.JSONField(default=dict, help_text="Everything the enquirer told us, as they gave it.")
    message = models.TextField(blank=True)
    heard_about = models.CharField(max_length=10, choices=HeardAbout.choices, blank=True)
    heard_about_detail = models.CharField(max_length=200, blank=True)
    attribution = models.JSONField(
        default=dict, blank=True, help_text="Campaign parameters and referrer, if any."
    )
    spam_reasons = models.JSONField(default=list, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "enquiries"
        indexes = [models.Index(fields=["status", "-received_at"]), models.Index(fields=["source"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} enquiry, {timezone.localtime(self.received_at):%d %b %Y %H:%M}"


class Consent(models.Model):
    """Consent as it was given: what it was for, the exact wording's version, when and how."""

    class Purpose(models.TextChoices):
        CONTACT = "contact", "Contact about the enquiry"
        NEWSLETTER = "newsletter", "Newsletter"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    granted = models.BooleanField()
    wording_version = models.CharField(max_length=40)
    wording = models.TextField()
    source = models.CharField(max_length=40, help_text="Where it was given, e.g. web form, phone, Mailchimp.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["household", "purpose", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'given' if self.granted else 'withdrawn'} ({self.wording_version})"
