"""The single front door: households who enquire, their enquiries, and their road to approval.

Writes happen in ``crm.services``; reads that depend on who is asking go through ``crm.selectors``.
Models here hold data and small derived properties only.
"""

import uuid
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone


class Council(models.TextChoices):
    KENT = "kent", "Kent"
    MEDWAY = "medway", "Medway"
    BEXLEY = "bexley", "Bexley"
    ELSEWHERE = "elsewhere", "Elsewhere"


PARTNER_COUNCILS = (Council.KENT, Council.MEDWAY, Council.BEXLEY)


class Stage(models.TextChoices):
    """The adopter's journey, in order. ``STAGE_ORDER`` gives each its position."""

    ENQUIRY = "enquiry", "Enquiry"
    INITIAL_CONVERSATION = "initial_conversation", "Initial conversation"
    INFORMATION_EVENT = "information_event", "Information event"
    REGISTRATION_OF_INTEREST = "registration_of_interest", "Registration of interest"
    ROI_ACCEPTED = "roi_accepted", "ROI accepted"
    STAGE_ONE = "stage_one", "Stage one"
    BREAK = "break", "Break between stages"
    STAGE_TWO = "stage_two", "Stage two"
    PANEL = "panel", "Panel"
    APPROVED = "approved", "Approved"


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}


class ClosureReason(models.TextChoices):
    WITHDREW_CIRCUMSTANCES = "withdrew_circumstances", "Withdrew: change in circumstances"
    WITHDREW_HEALTH = "withdrew_health", "Withdrew: health"
    WITHDREW_FERTILITY = "withdrew_fertility", "Withdrew: fertility treatment"
    WITHDREW_HOUSING = "withdrew_housing", "Withdrew: housing"
    WITHDREW_FINANCES = "withdrew_finances", "Withdrew: finances"
    WITHDREW_OTHER_AGENCY = "withdrew_other_agency", "Withdrew: chose another agency"
    WITHDREW_FOSTERING = "withdrew_fostering", "Withdrew: chose fostering"
    ROI_DECLINED = "roi_declined", "Registration of interest declined"
    NOT_SUITABLE_STAGE_ONE = "not_suitable_stage_one", "Not suitable at stage one"
    NOT_APPROVED_STAGE_TWO = "not_approved_stage_two", "Not approved at stage two"
    LAPSED_AFTER_BREAK = "lapsed_after_break", "Lapsed after the break"
    LOST_CONTACT = "lost_contact", "Lost contact"
    TRANSFERRED = "transferred", "Transferred to another agency"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    DUPLICATE = "duplicate", "Duplicate record"


class Source(models.TextChoices):
    WEB = "web", "Website form"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    EVENT = "event", "Event booking"


class HouseholdType(models.TextChoices):
    SINGLE = "single", "On my own"
    COUPLE = "couple", "As a couple"


class ChildrenAtHome(models.TextChoices):
    NONE = "none", "No children"
    ONE = "one", "One child"
    TWO_OR_MORE = "two_or_more", "Two or more children"


class Interest(models.TextChoices):
    SIBLINGS = "siblings", "Brothers and sisters (sibling groups)"
    OLDER_CHILDREN = "older_children", "Older children (5 and over)"
    EARLY_PERMANENCE = "early_permanence", "Early permanence (fostering for adoption)"
    DISABILITY = "disability", "Children with a disability or extra needs"
    UNSURE = "unsure", "Not sure yet"


class HeardAbout(models.TextChoices):
    SEARCH = "search", "Online search"
    SOCIAL = "social", "Social media"
    RADIO = "radio", "Radio"
    POSTER = "poster", "Poster or leaflet"
    NEWS = "news", "News or magazine article"
    EVENT = "event", "An event"
    FRIEND = "friend", "A friend, family member or adopter"
    COUNCIL = "council", "My council"
    OTHER = "other", "Somewhere else"


class CallTime(models.TextChoices):
    ANY = "any", "Any time"
    MORNING = "morning", "Morning (9am to midday)"
    AFTERNOON = "afternoon", "Afternoon (midday to 5pm)"
    EVENING = "evening", "Early evening (5pm to 7pm)"


class Team(models.Model):
    """A council's recruitment team. Enquiries from outside the three councils have no team."""

    council = models.CharField(max_length=10, choices=Council.choices, unique=True)
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="The team inbox, copied on new-enquiry notices.")

    class Meta:
        ordering = ["council"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A member of staff who works enquiries: a recruitment worker in a team, or a manager."""

    class Role(models.TextChoices):
        WORKER = "worker", "Recruitment worker"
        MANAGER = "manager", "Manager"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crm_staff")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.WORKER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    is_active = models.BooleanField("active", default=True, help_text="Inactive staff get no new enquiries.")
    is_away = models.BooleanField(
        "away", default=False, help_text="Away staff get no new enquiries until they return."
    )
    last_assigned_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        indexes = [models.Index(fields=["team", "is_active", "is_away"])]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER


class PostcodeArea(models.Model):
    """Which council a postcode district (``ME4``) or sector (``DA1 4``) belongs to.

    The most specific match wins, so a sector can carve an exception out of its district.
    """

    prefix = models.CharField(
        max_length=8, unique=True, help_text="A district such as ME4, or a sector such as DA1 4."
    )
    council = models.CharField(max_length=10, choices=Council.choices)
    place = models.CharField(
        max_length=120, blank=True, help_text="Where this is, for people reading the table."
    )
    authority = models.CharField(
        max_length=120,
        blank=True,
        help_text="For areas outside the partnership: the council that covers them.",
    )

    class Meta:
        ordering = ["prefix"]
        verbose_name = "postcode area"

    def __str__(self) -> str:
        return f"{self.prefix}: {self.get_council_display()}"


class HouseholdQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True, merged_into__isnull=True)

    def active(self):
        """Not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Household(models.Model):
    """One person or couple who enquired, and everything that follows."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    partner_first_name = models.CharField(max_length=100, blank=True)
    partner_last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True, help_text="Digits only, UK format.")
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    council = models.CharField(max_length=10, choices=Council.choices, default=Council.ELSEWHERE)
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
            # The triage queue's tab counts read only open cases: an index-only scan at 100,000 households.
            models.Index(
                fields=["assigned_to", "team", "due_on"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True),
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
        return f"APSE-{self.pk:06d}" if self.pk else "APSE-new"

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
    council = models.CharField(max_length=10, choices=Council.choices, default=Council.ELSEWHERE)
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
        CONTACT = "contact", "Contact about adopting"
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
    while the case stays open). The first-contact clock also stops when the first call is logged.

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
            models.UniqueConstraint(
                fields=["starts_at_stage", "kind"], name="one_clock_of_each_kind_per_stage"
            )
        ]

    def __str__(self) -> str:
        figure = f"{self.amount} {self.get_unit_display().lower()}"
        return f"{self.name}: stalled after {figure}" if self.is_stall_rule else f"{self.name}: {figure}"

    @property
    def is_stall_rule(self) -> bool:
        return self.kind == self.Kind.STALL


# The clock that stops at the first call reaching the household, as well as at its stopping stage.
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


class JourneyDates(models.Model):
    """The local date one household first reached each point of its journey, as the Insight reports count it.

    A copy for reading, worked out from the household, its stage moves and its clock extensions by
    ``crm.services.journeys`` in the same transaction as every change to them (``clock_refresh``),
    and rebuilt for everyone each night and whenever the clock table changes. The reports read this
    table and ``ClockOutcome`` instead of grouping the whole stage history on every request.
    A stage's date is the household's first move on to it; an empty date was never reached.
    """

    household = models.OneToOneField(
        Household, primary_key=True, on_delete=models.CASCADE, related_name="journey_dates"
    )
    enquiry_on = models.DateField()
    contact_on = models.DateField(null=True, blank=True, help_text="The first call that reached them.")
    initial_conversation_on = models.DateField(null=True, blank=True)
    information_event_on = models.DateField(null=True, blank=True)
    registration_of_interest_on = models.DateField(null=True, blank=True)
    roi_accepted_on = models.DateField(null=True, blank=True)
    stage_one_on = models.DateField(null=True, blank=True)
    break_on = models.DateField(null=True, blank=True)
    stage_two_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    stage_one_end_on = models.DateField(
        null=True, blank=True, help_text="The first move on to the break or stage two once stage one began."
    )
    left_stage_one_on = models.DateField(null=True, blank=True, help_text="The first move on from stage one.")
    contacted_on = models.DateField(
        null=True, blank=True, help_text="First contact as the workload screen counts it."
    )
    contact_working_days = models.IntegerField(null=True, blank=True)
    contact_kept = models.BooleanField(null=True, blank=True)
    # The first touch: the earliest touchpoint at or before the first enquiry (ties by id), as the
    # campaigns app records it (``crm.services.journeys.TouchSource``). Plain ids: the CRM never
    # depends on the campaigns app.
    first_touch_channel_id = models.IntegerField(null=True, blank=True)
    first_touch_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    first_touch_campaign_id = models.IntegerField(null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "journey dates"
        indexes = [models.Index(fields=["enquiry_on"])]

    def __str__(self) -> str:
        return f"Journey dates of household {self.household_id}"


class JourneyStep(models.Model):
    """How many days one step of a household's journey took (enquiry to first contact, stage two...), once it ended.

    Kept up to date with ``JourneyDates``; the steps are ``crm.services.journeys.STEPS``.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="journey_steps")
    step = models.CharField(max_length=30)
    ended_on = models.DateField()
    days = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "step"], name="one_step_per_household")]
        indexes = [models.Index(fields=["ended_on", "step"])]

    def __str__(self) -> str:
        return f"{self.step} for household {self.household_id}: {self.days} days"


class ClockOutcome(models.Model):
    """A clock that has stopped for a household: when it started, stopped and was due, and whether it was kept.

    Kept up to date with ``JourneyDates``; the due date is the latest extension's, if there was one.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="clock_outcomes")
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField()
    stopped_on = models.DateField()
    due_on = models.DateField()
    kept = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "clock"], name="one_outcome_per_household_clock")
        ]
        indexes = [models.Index(fields=["stopped_on", "clock"])]

    def __str__(self) -> str:
        return f"{self.clock} for household {self.household_id}: {'kept' if self.kept else 'late'}"


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


# Enough for several needs in a sentence or two; more is a conversation, and the form says so.
ACCESS_NEEDS_MAX_LENGTH = 500


class EventBooking(models.Model):
    """A place at an event (an ``EventPage`` on the website), or a place on its waiting list."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    event = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="crm_bookings")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="bookings")
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    places = models.PositiveSmallIntegerField(default=1)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    access_needs = models.TextField(
        blank=True,
        max_length=ACCESS_NEEDS_MAX_LENGTH,
        help_text=(
            "What they told us they need to take part: a BSL interpreter, a hearing loop, step-free "
            "access. Shown only to staff who may see the household; removed by erasure and retention."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "household"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_household_per_event",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.household} at {self.event}: {self.get_status_display()}"


class SideEffect(models.Model):
    """Something that must happen after a commit (an email, a sync), kept until it has.

    A Celery task works each row; the sweep re-queues rows whose task never ran. ``key`` makes
    creating the same side effect twice harmless.
    """

    class Kind(models.TextChoices):
        ENQUIRY_CONFIRMATION = "enquiry_confirmation", "Enquiry confirmation to the enquirer"
        OUT_OF_AREA_REPLY = "out_of_area_reply", "Reply to an enquirer outside the partnership"
        WORKER_NOTIFICATION = "worker_notification", "New enquiry notice to the assigned worker"
        BOOKING_CONFIRMATION = "booking_confirmation", "Event booking confirmation"
        BOOKING_WAITING = "booking_waiting", "Waiting list confirmation"
        BOOKING_PROMOTED = "booking_promoted", "A waiting list place became a booking"
        BOOKING_CANCELLED = "booking_cancelled", "Booking cancellation confirmation"
        BOOKING_REMINDER = "booking_reminder", "Event reminder the day before"
        ORGANISER_REMINDER = "organiser_reminder", "Tomorrow's bookings and access needs, to the organiser"
        DAILY_DIGEST = "daily_digest", "Daily overdue and due-soon digest"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to run"
        DONE = "done", "Done"
        FAILED = "failed", "Failed: needs a person"

    # Side effects refer to no content: Wagtail's reference index would cost two queries a row.
    wagtail_reference_index_ignore = True

    kind = models.CharField("email", max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField("tries", default=0)
    next_attempt_at = models.DateTimeField(
        "next try", null=True, blank=True, help_text="When a retry is due, after a failure."
    )
    last_error = models.TextField("what went wrong", blank=True)
    created_at = models.DateTimeField("queued", default=timezone.now)
    done_at = models.DateTimeField("sent", null=True, blank=True)

    class Meta:
        # Staff see these as the emails they are: "side effect" is how the code thinks of them.
        verbose_name = "email"
        verbose_name_plural = "emails"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


# Privacy: the audit trail, the retention policy, and which records have been anonymised.


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
