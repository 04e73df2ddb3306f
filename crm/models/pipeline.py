"""The road through the stages: every move, the clocks that run at each stage, and the worker's timeline."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import ClosureReason, Stage
from .households import Enquiry, Household


class StageChange(models.Model):
    """Every move through the pipeline, closures and reopenings included. Never edited afterwards."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", "Moved on"
        CLOSE = "close", "Closed"
        REOPEN = "reopen", "Reopened"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="stage_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ADVANCE)
    from_stage = models.CharField(max_length=30, choices=Stage.choices)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    effective_at = models.DateTimeField(
        help_text="When it happened; may be earlier than when it was recorded."
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["effective_at", "recorded_at"]
        indexes = [
            models.Index(fields=["household", "effective_at"]),
            models.Index(fields=["to_stage", "effective_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_from_stage_display()} to {self.get_to_stage_display()}"


class Clock(models.Model):
    """A timescale, or a rule that flags a stalled case. Figures live here, not in code, to follow the guidance.

    A clock starts when a household enters ``starts_at_stage`` (for the enquiry stage: its first
    enquiry) and stops when it reaches ``stops_at_stage`` or any later stage (never, without one,
    while the case stays open), and stays stopped if the household later moves back (a link with a
    child that ended takes a family back to family finding). The first-contact clock also stops when
    the first call is logged.

    Timescales are what the service is measured on: the Insight screens count them kept or late.
    A stall rule only says how long a case may sit in a stage before someone should look at it;
    it runs where no timescale does, and Insight leaves it out of the timescale figures.
    """

    class Kind(models.TextChoices):
        TIMESCALE = "timescale", "Timescale"
        STALL = "stall", "Stall rule"

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "Working days"
        MONTHS = "months", "Calendar months"

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(
        "type",
        max_length=10,
        choices=Kind.choices,
        default=Kind.TIMESCALE,
        help_text="A timescale is measured as kept or late; a stall rule flags a case that has not moved on.",
    )
    starts_at_stage = models.CharField("starts at", max_length=30, choices=Stage.choices)
    stops_at_stage = models.CharField(
        "stops at",
        max_length=30,
        choices=Stage.choices,
        blank=True,
        help_text="Empty: runs until the case closes.",
    )
    amount = models.PositiveIntegerField("how long")
    unit = models.CharField("counted in", max_length=15, choices=Unit.choices)
    stops_at_first_contact = models.BooleanField(
        "stops at the first contact",
        default=False,
        help_text="Also stops when the first call that reaches the person is logged: a first-contact timescale.",
    )
    due_soon_days = models.PositiveIntegerField(
        "due soon warning (days)", default=2, help_text="Flag as due soon this many days before."
    )
    basis = models.TextField(
        "where the figure comes from",
        blank=True,
        help_text="Where the figure comes from: the guidance, or a default for managers to confirm.",
    )

    class Meta:
        verbose_name = "timescale"
        ordering = ["amount"]
        constraints = [
            # Two timescales may start at one stage if they stop at different ones (approval to the
            # first link, and approval to the match); while both run, the one that stops sooner is shown.
            models.UniqueConstraint(
                fields=["starts_at_stage", "stops_at_stage", "kind"],
                name="one_clock_of_each_kind_per_stretch",
            )
        ]

    def __str__(self) -> str:
        figure = self.figure
        return f"{self.name}: stalled after {figure}" if self.is_stall_rule else f"{self.name}: {figure}"

    @property
    def figure(self) -> str:
        """How long, in words: "2 working days", "1 calendar month"."""
        unit = self.get_unit_display().lower()
        return f"{self.amount} {unit.removesuffix('s') if self.amount == 1 else unit}"

    @property
    def is_stall_rule(self) -> bool:
        return self.kind == self.Kind.STALL


# Recruitment's first-contact clock: it stops at the first call reaching the household, as well as at
# its stopping stage (as does every clock with ``stops_at_first_contact``).
FIRST_CONTACT_CLOCK = "first_contact"


class ClockExtension(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="clock_extensions")
    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="extensions")
    stage_change = models.ForeignKey(
        StageChange,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="The stage entry this extends.",
    )
    due_on = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.clock.name} extended to {self.due_on:%d %B %Y}"


class TimelineEntry(models.Model):
    """What happened with a household, newest first: the worker's running record."""

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", "Enquiry"
        NOTE = "note", "Note"
        CALL = "call", "Phone call"
        EMAIL = "email", "Email"
        BOOKING = "booking", "Event booking"
        ATTENDANCE = "attendance", "Event attendance"
        STAGE = "stage", "Stage change"
        ASSIGNMENT = "assignment", "Assignment"
        MERGE = "merge", "Records merged"
        CLOCK = "clock", "Timescale"
        CONSENT = "consent", "Consent"
        DOCUMENT = "document", "Document"
        REGISTRATION = "registration", "Registration of interest"
        MESSAGE = "message", "Message"
        PEERS = "peers", "Peer connection"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    enquiry = models.ForeignKey(Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage_change = models.ForeignKey(
        StageChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "timeline entries"
        indexes = [models.Index(fields=["household", "-at"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def details(self) -> str:
        """The body, less a first line the summary already shows (a note's first line is its summary)."""
        lines = self.body.splitlines()
        if lines and lines[0].strip() == self.summary.strip():
            return "\n".join(lines[1:]).strip()
        return self.body
