"""Channels by Kindred journey phase, campaigns and their spend, and every touch a person has with APSE.

Kindred (2013, for the Department for Education) splits the road to adoption into six phases;
every channel, and so every touchpoint, belongs to one of them. The business case (section 3.6)
names fifteen key channels, two or three a phase; these are the top level of the taxonomy, and
finer channels (radio, posters, Facebook, the single front door) sit beneath one of them, in its
phase, so every report reads at either level. A touch is in the phase of its channel.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.outbox import OutboxRow


class Phase(models.IntegerChoices):
    TRIGGER = 1, "1. Initial trigger and motivation"
    RESEARCH = 2, "2. Fact-finding and research"
    ENGAGEMENT = 3, "3. Deeper engagement"
    DECISION = 4, "4. The decision"
    PROCESS = 5, "5. The process and adoption"
    AFTER_CARE = 6, "6. After care"


class ChannelKind(models.TextChoices):
    ONLINE = "online", "Online"
    OFFLINE = "offline", "Offline"
    EVENT = "event", "Event"
    REFERRAL = "referral", "Referral"
    NEWSLETTER = "newsletter", "Newsletter"


class Channel(models.Model):
    """A way people hear from or reach APSE: radio, posters, the website, Facebook, peers...

    A key channel of the business case's table has no ``parent``; a finer channel has one key
    channel as its parent, in the same phase, and reports can roll it up into that key channel.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in tracked links as utm_medium.")
    phase = models.PositiveSmallIntegerField(choices=Phase.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="The key channel this one sits under, in the same phase. Leave empty for a key channel.",
    )
    kind = models.CharField(max_length=12, choices=ChannelKind.choices)
    description = models.CharField(max_length=250, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["phase", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def key_channel(self) -> "Channel":
        """The key channel this one is reported under: its parent, or itself if it is one."""
        return self.parent or self

    def clean(self):
        """A finer channel sits directly under a key channel of its own phase, so rolling up keeps the phase."""
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": "A channel cannot sit under itself."})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": f"{parent} sits under {parent.parent} itself. Choose a key channel."}
            )
        if self.pk is not None and self.children.exists():
            raise ValidationError(
                {"parent": "Other channels sit under this one, so it is a key channel and has no parent."}
            )
        if self.phase is not None and parent.phase != self.phase:
            raise ValidationError(
                {
                    "parent": f"{parent} is in {Phase(parent.phase).label}; a channel under it must be "
                    "in the same phase."
                }
            )


vanity_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,40}$", "Use 2 to 41 lower-case letters, numbers and hyphens, with no slashes."
)
code_validator = RegexValidator(r"^[A-Z0-9]{2,12}$", "Use 2 to 12 capital letters and numbers.")


class Campaign(ClusterableModel):
    """A burst of marketing across channels, with its spend per channel so outcomes can be costed."""

    name = models.CharField(max_length=120)
    code = models.CharField(
        max_length=12,
        unique=True,
        validators=[code_validator],
        help_text="A short code printed on offline media and used as utm_campaign, e.g. WINTER26.",
    )
    vanity_path = models.CharField(
        max_length=41,
        unique=True,
        null=True,
        blank=True,
        validators=[vanity_validator],
        help_text="A short web address for radio and posters: 'radio' makes /radio/ lead here.",
    )
    landing_path = models.CharField(
        max_length=200, default="/", help_text="Where the vanity address sends people, e.g. /events/."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    councils = models.JSONField(
        default=list, blank=True, help_text="Councils targeted; empty means all three."
    )
    aim_phase = models.PositiveSmallIntegerField(
        choices=Phase.choices,
        null=True,
        blank=True,
        help_text="The Kindred phase the campaign aims at. Paid social for awareness counts under "
        "Advertising (phase 1), for engagement under Social media (phase 3).",
    )
    channels = models.ManyToManyField(Channel, through="CampaignChannel", related_name="campaigns")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A campaign cannot end before it starts."})
        if not self.landing_path.startswith("/") or self.landing_path.startswith("//"):
            raise ValidationError(
                {"landing_path": "Enter a path on this site starting with /, like /events/."}
            )


class CampaignChannel(models.Model):
    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="channel_spend")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="campaign_spend")
    spend = models.DecimalField(max_digits=10, decimal_places=2, default=0, help_text="In pounds.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "channel"], name="one_spend_per_campaign_channel")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} on {self.channel}: £{self.spend}"


# The months of a financial year in order, as the budget's monthly plan names them.
BUDGET_MONTHS = (
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "january",
    "february",
    "march",
)
not_negative = MinValueValidator(0, "Enter an amount of £0 or more.")


def _plan_month(name: str) -> models.DecimalField:
    return models.DecimalField(
        name.capitalize(),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
    )


class ChannelBudget(models.Model):
    """What the marketing team means to spend on one channel in one financial year, and when.

    A financial year is UK local government's: 1 April to 31 March, named by the year it starts in
    (2026 is 1 April 2026 to 31 March 2027). The plan by month is optional: with every month empty
    the budget is spread evenly over the twelve; with a plan, every month is given and they add up
    to the budget. The figures against spend are read in ``campaigns.budgets``.
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[MinValueValidator(2000), MaxValueValidator(2098)],
        help_text="The year it starts in: 2026 is 1 April 2026 to 31 March 2027.",
    )
    amount = models.DecimalField(
        "Budget for the year (£)", max_digits=10, decimal_places=2, validators=[not_negative]
    )
    april = _plan_month("april")
    may = _plan_month("may")
    june = _plan_month("june")
    july = _plan_month("july")
    august = _plan_month("august")
    september = _plan_month("september")
    october = _plan_month("october")
    november = _plan_month("november")
    december = _plan_month("december")
    january = _plan_month("january")
    february = _plan_month("february")
    march = _plan_month("march")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "channel__phase", "channel__name"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "year"], name="one_budget_per_channel_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} in {financial_year_label(self.year)}: £{self.amount:,.2f}"

    @property
    def plan(self) -> list | None:
        """The twelve monthly amounts, April first, or None when the budget is spread evenly."""
        months = [getattr(self, name) for name in BUDGET_MONTHS]
        return None if all(month is None for month in months) else months

    def clean(self):
        """A plan gives every month, and its months add up to the budget, so the two never disagree."""
        months = [getattr(self, name) for name in BUDGET_MONTHS]
        given = [month for month in months if month is not None]
        if not given or self.amount is None:
            return
        if len(given) < len(months):
            missing = [
                name.capitalize() for name, month in zip(BUDGET_MONTHS, months, strict=True) if month is None
            ]
            raise ValidationError(
                {
                    name: "Enter an amount for this month too (£0 if nothing is planned), or leave every month "
                    "empty to spread the budget evenly."
                    for name in BUDGET_MONTHS
                    if name.capitalize() in missing
                }
            )
        total = sum(given)
        if total != self.amount:
            raise ValidationError(
                {
                    "amount": f"The months add up to £{total:,.2f} but the budget for the year is "
                    f"£{self.amount:,.2f}. Make them equal, or leave every month empty to spread the "
                    "budget evenly."
                }
            )


def financial_year_label(year: int) -> str:
    """A financial year in words: 2026 is "2026 to 2027"."""
    return f"{year} to {year + 1}"


class Touchpoint(models.Model):
    """One contact between a person and APSE. Credit for outcomes is shared across these."""

    class Kind(models.TextChoices):
        LANDING = "landing", "Arrived from a tracked link or vanity address"
        SELF_REPORTED = "self_reported", "Said how they heard about us"
        ENQUIRY = "enquiry", "Enquired"
        EVENT_BOOKING = "event_booking", "Booked an event"
        EVENT_ATTENDANCE = "event_attendance", "Came to an event"
        NEWSLETTER_SIGNUP = "newsletter_signup", "Signed up to the newsletter"
        EMAIL_CLICK = "email_click", "Clicked a link in an email"
        STAGE = "stage", "Reached a stage"
        PACK_REQUEST = "pack_request", "Asked for the information pack"
        PACK_DOWNLOAD = "pack_download", "Opened the information pack from its email"
        PACK_POSTED = "pack_posted", "Was posted a printed information pack"
        PEER_MATCH = "peer_match", "Was matched with a peer mentor or buddy"

    household = models.ForeignKey(
        "crm.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="touchpoints"
    )
    visitor = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Anonymous visitor, with consent."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="touchpoints")
    phase = models.PositiveSmallIntegerField(choices=Phase.choices)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="touchpoints"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True, help_text="Parameters, referrer, stage, event...")
    key = models.CharField(max_length=120, null=True, blank=True, unique=True, help_text="Stops duplicates.")

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [
            models.Index(fields=["household", "occurred_at"]),
            models.Index(fields=["campaign", "occurred_at"]),
            models.Index(fields=["channel", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} via {self.channel} ({timezone.localtime(self.occurred_at):%d %b %Y})"
        )


class Subscriber(models.Model):
    """Someone on the newsletter list, with the consent they gave. Linked to a household when we know one."""

    class Status(models.TextChoices):
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        CLEANED = "cleaned", "Removed by Mailchimp (address bounced)"

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    council = models.CharField(max_length=10, blank=True)
    household = models.ForeignKey(
        "crm.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="subscribers"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SUBSCRIBED)
    consent_wording_version = models.CharField(max_length=40)
    consent_wording = models.TextField()
    consent_source = models.CharField(
        max_length=40, help_text="Where consent was given: web form, enquiry form..."
    )
    consented_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"


class HeldSignup(models.Model):
    """A newsletter sign-up that looked automated, waiting for a person to sign them up or delete it.

    Like a quarantined enquiry, a doubtful sign-up is never dropped without a trace: it keeps what
    was typed, the wording the visitor agreed to and why it was held, until someone on the
    newsletter team decides (``campaigns.newsletter.held``). Nothing is sent to Mailchimp meanwhile.
    """

    email = models.EmailField()
    first_name = models.CharField(max_length=100, blank=True)
    council = models.CharField(max_length=10, blank=True)
    source = models.CharField(
        max_length=40, help_text="Where the sign-up was made: the newsletter page or footer."
    )
    consent_wording_version = models.CharField(max_length=40)
    consent_wording = models.TextField()
    doubts = models.JSONField(
        default=list, help_text="Why it was held, in words a person reviewing it understands."
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["email"])]
        verbose_name = "held newsletter sign-up"

    def __str__(self) -> str:
        return f"Held sign-up {self.email} ({timezone.localtime(self.received_at):%d %b %Y})"


class MailchimpSync(OutboxRow):
    """One change to send to the Mailchimp audience. Kept, and worked by Celery until done (``core.outbox``).

    When Mailchimp is not configured the row still records exactly what would have been sent.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", "Add or update the member, with merge fields and tags"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribe the member"
        DELETE = "delete", "Delete the member permanently"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to run"
        DONE = "done", "Done"
        FAILED = "failed", "Failed: needs a person"
        NOT_CONFIGURED = "not_configured", "Recorded only: Mailchimp is not configured"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="syncs")
    action = models.CharField(max_length=12, choices=Action.choices)
    payload = models.JSONField(default=dict, help_text="Exactly what is sent to Mailchimp.")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)

    outbox_fields = ("response_status",)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["subscriber", "-created_at"]),
        ]
        verbose_name = "Mailchimp sync"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.subscriber.email}: {self.get_status_display()}"


class SyncCursor(models.Model):
    """How far a catch-up job has read another app's rows, so it resumes where it stopped."""

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_time = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"


class ModelShares(models.Model):
    """Credit under each attribution model, one column per ``campaigns.attribution.AttributionModel``."""

    first_touch = models.FloatField()
    last_touch = models.FloatField()
    linear = models.FloatField()
    position = models.FloatField()
    time_decay = models.FloatField()

    class Meta:
        abstract = True


class Credit(ModelShares):
    """One outcome's share for one earlier touch under each attribution model, kept for the reports.

    A household's rows are worked out again by ``campaigns.credits.credits_refresh`` whenever its
    touches or outcomes change, from the same SQL as the live engine (``campaigns.attribution``), so
    a report over years of history adds up stored figures instead of sharing out every outcome again.
    An outcome with no earlier touch has one row with ``tracked`` false and its whole credit.
    """

    household = models.ForeignKey("crm.Household", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=32, help_text="campaigns.attribution.Outcome")
    outcome_at = models.DateTimeField()
    tracked = models.BooleanField()
    channel = models.ForeignKey(
        Channel, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    phase = models.PositiveSmallIntegerField(null=True, choices=Phase.choices)
    campaign = models.ForeignKey(
        Campaign, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["outcome", "outcome_at"])]

    def __str__(self) -> str:
        return f"{self.outcome} of household {self.household_id}"


class CreditDay(ModelShares):
    """The stored credit added up by the outcome's local day, so a report over a year adds up days, not touches.

    One row per outcome, day, and touch's channel, phase and campaign (0 where the touch has none, and on
    the no-tracked-touch row), with how many rows of ``Credit`` it sums and their credit under each model.
    ``campaigns.credits`` moves a day's sums by the difference whenever a household's credit is worked out
    again, and works every day out afresh from ``Credit`` with the nightly rebuild.
    """

    outcome = models.CharField(max_length=32, help_text="campaigns.attribution.Outcome")
    day = models.DateField(help_text="The outcome's date, local time")
    tracked = models.BooleanField()
    channel = models.PositiveIntegerField(help_text="The touch's channel id; 0 for none")
    phase = models.PositiveSmallIntegerField(help_text="The touch's Kindred phase; 0 for none")
    campaign = models.PositiveIntegerField(help_text="The touch's campaign id; 0 for none")
    rows = models.IntegerField(help_text="Rows of stored credit summed here")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "day", "tracked", "channel", "phase", "campaign"],
                name="campaigns_creditday_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} on {self.day}"
