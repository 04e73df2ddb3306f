"""Peer connection: approved and experienced adopters who volunteer as mentors or buddies, the people who
ask for one, the matches a worker makes between them, and the contacts logged on each match.

A volunteer and a request describe the same things (``PeerProfile``), so a worker can see at a glance what
two households share: adopting on their own, as a same-sex couple, a sibling group, early permanence, a
child with a disability, and the council where they live. A mentor is an experienced adopter who guides
someone through assessment and the first years; a buddy is a peer a little further along the road, for
company and a listening ear.

Rows are written only by ``crm.services.peers``; who may read them is ``crm.selectors.peers``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import Council
from .households import Household

ABOUT_MAX_LENGTH = 500
CONTACT_NOTE_MAX_LENGTH = 300


class PeerRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    BUDDY = "buddy", "Buddy"


class PeerRoleWanted(models.TextChoices):
    """What a volunteer offers, or a request asks for: one role, or either."""

    MENTOR = "mentor", "A mentor"
    BUDDY = "buddy", "A buddy"
    EITHER = "either", "Either"


class PeerSource(models.TextChoices):
    APPLICANT = "applicant", "Their own page"
    WEBSITE = "website", "The website's form"
    WORKER = "worker", "Recorded by a worker"


class PeerProfile(models.Model):
    """What matters when matching a peer: the same questions on both sides."""

    role = models.CharField("mentor or buddy", max_length=10, choices=PeerRoleWanted.choices)
    council = models.CharField("area", max_length=10, choices=Council.choices, default=Council.UNKNOWN)
    single_adopter = models.BooleanField("adopting on their own", default=False)
    same_sex_couple = models.BooleanField("a same-sex couple", default=False)
    sibling_group = models.BooleanField("a sibling group (brothers and sisters)", default=False)
    early_permanence = models.BooleanField("early permanence (fostering for adoption)", default=False)
    disability = models.BooleanField("a child with a disability or extra needs", default=False)
    share_consent = models.BooleanField(
        "agreed to share their first name and email address with the person they are matched with",
        default=False,
    )

    class Meta:
        abstract = True

    # The things a volunteer and a request can share, as (field, words) in the order a worker reads them.
    SHARED = (
        ("single_adopter", "Single adopter"),
        ("same_sex_couple", "Same-sex couple"),
        ("sibling_group", "Sibling group"),
        ("early_permanence", "Early permanence"),
        ("disability", "Disability"),
    )

    @property
    def facts(self) -> list[str]:
        return [words for name, words in self.SHARED if getattr(self, name)]


class PeerVolunteer(PeerProfile):
    """An adopter who offered to be a mentor or a buddy, and what a worker decided.

    Approval needs the dates of their peer-support training and of their DBS check (a database rule too,
    so no path can approve without them). A household has at most one offer that is waiting or approved.
    """

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered: to be checked"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        STOOD_DOWN = "stood_down", "Stood down"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="peer_volunteers")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OFFERED)
    about = models.TextField("what they would like to share", max_length=ABOUT_MAX_LENGTH, blank=True)
    capacity = models.PositiveSmallIntegerField(
        "matches at a time", default=2, help_text="How many people they can support at once."
    )
    training_on = models.DateField("peer-support training", null=True, blank=True)
    dbs_checked_on = models.DateField("DBS check", null=True, blank=True)
    source = models.CharField(max_length=10, choices=PeerSource.choices)
    offered_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("why declined or stood down", max_length=200, blank=True)

    class Meta:
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=["offered", "approved"]),
                name="one_live_peer_volunteer_per_household",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(training_on__isnull=False, dbs_checked_on__isnull=False),
                name="peer_volunteer_approved_with_checks",
            ),
        ]

    def __str__(self) -> str:
        return f"Peer volunteer {self.pk} ({self.get_status_display()})"

    @property
    def roles(self) -> tuple[str, ...]:
        return (PeerRole.MENTOR, PeerRole.BUDDY) if self.role == PeerRoleWanted.EITHER else (self.role,)


class PeerRequest(PeerProfile):
    """Someone in assessment or newly placed who asked for a peer; waiting until a worker matches them.

    A household has at most one request that is waiting or matched; a request has at most one open match.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a peer"
        MATCHED = "matched", "Matched"
        CLOSED = "closed", "Closed"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="peer_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    note = models.TextField("anything else", max_length=ABOUT_MAX_LENGTH, blank=True)
    source = models.CharField(max_length=10, choices=PeerSource.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=["waiting", "matched"]),
                name="one_live_peer_request_per_household",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"Peer request {self.pk} ({self.get_status_display()})"

    @property
    def roles(self) -> tuple[str, ...]:
        return (PeerRole.MENTOR, PeerRole.BUDDY) if self.role == PeerRoleWanted.EITHER else (self.role,)


class PeerEndReason(models.TextChoices):
    RAN_ITS_COURSE = "ran_its_course", "It has run its course"
    NOT_A_GOOD_FIT = "not_a_good_fit", "Not a good fit"
    NO_TIME = "no_time", "No longer has the time"
    CIRCUMSTANCES = "circumstances", "A change in circumstances"
    CONCERN = "concern", "A concern the worker is following up"
    ERASED = "erased", "Details erased"


class PeerMatch(models.Model):
    """A volunteer matched with a request by a worker, as a mentor or a buddy, until either side ends it."""

    class EndedBy(models.TextChoices):
        REQUESTER = "requester", "The person they support"
        VOLUNTEER = "volunteer", "The volunteer"
        WORKER = "worker", "A worker"

    request = models.ForeignKey(PeerRequest, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(PeerVolunteer, on_delete=models.CASCADE, related_name="matches")
    role = models.CharField(max_length=10, choices=PeerRole.choices)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=10, choices=EndedBy.choices, blank=True)
    end_reason = models.CharField(max_length=20, choices=PeerEndReason.choices, blank=True)
    end_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name_plural = "peer matches"
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(ended_at__isnull=True), name="one_open_peer_match_per_request"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, end_reason="")
                | (Q(ended_at__isnull=False) & ~Q(end_reason="")),
                name="peer_match_ended_with_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["started_at"])]

    def __str__(self) -> str:
        return f"Peer match {self.pk} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class PeerContact(models.Model):
    """A contact between the two sides of a match, as the worker logs it: when, how, and a short note."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        MEETING = "meeting", "Met in person"
        MESSAGE = "message", "Messages or email"
        CHECK_IN = "check_in", "Worker check-in"

    match = models.ForeignKey(PeerMatch, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField("date")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.CharField(max_length=CONTACT_NOTE_MAX_LENGTH, blank=True)
    logged_at = models.DateTimeField(default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"
