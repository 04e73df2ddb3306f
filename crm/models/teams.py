"""Who works enquiries, in which team, and which council each postcode belongs to."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import Council, EnquiryType, Stage


class Team(models.Model):
    """A council's recruitment team (its locality team), the central front-door team across all three, or the
    family-finding team, also across all three.

    No enquiry is routed to the family-finding team: its members see every approved family's matching
    profile while the family waits (``crm.selectors.family_finding_pool``), and the rest of a household
    only when it is assigned to them.
    """

    class Kind(models.TextChoices):
        LOCALITY = "locality", "Council team"
        CENTRAL = "central", "Central front-door team"
        FAMILY_FINDING = "family_finding", "Family-finding team"

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.LOCALITY, db_default=Kind.LOCALITY
    )
    council = models.CharField(
        max_length=10,
        choices=Council.choices,
        blank=True,
        help_text="The council a council team works for. The central and family-finding teams work for all "
        "three: leave it blank.",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="The team inbox, copied on new-enquiry notices.")

    class Meta:
        ordering = ["kind", "council", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"], condition=Q(kind="locality"), name="one_council_team_per_council"
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="central"), name="one_central_team"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="family_finding"), name="one_family_finding_team"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_central(self) -> bool:
        return self.kind == self.Kind.CENTRAL

    @property
    def is_family_finding(self) -> bool:
        return self.kind == self.Kind.FAMILY_FINDING


class RoutingRule(models.Model):
    """Where a new enquiry of one type goes first, and when it is handed to the council team.

    By default every enquiry lands with the central front-door team, who make first contact and hand
    the household to its council's team on reaching ``hand_over_at``. "Straight to the council team"
    skips the central team. Without a central team, enquiries go straight to the council team.
    """

    class FirstTo(models.TextChoices):
        CENTRAL = "central", "The central front-door team"
        LOCALITY = "locality", "Straight to the council team"

    enquiry_type = models.CharField(max_length=20, choices=EnquiryType.choices, unique=True)
    first_to = models.CharField(max_length=10, choices=FirstTo.choices, default=FirstTo.CENTRAL)
    hand_over_at = models.CharField(
        max_length=30,
        choices=Stage.choices,
        default=Stage.INITIAL_CONVERSATION,
        blank=True,
        help_text="The central team hands the case to its council team when it reaches this stage, a stage "
        "of the enquiry type's own journey. Empty: the central team keeps it until someone hands it over.",
    )

    class Meta:
        ordering = ["enquiry_type"]

    def __str__(self) -> str:
        return f"{self.get_enquiry_type_display()}: {self.get_first_to_display()}"


class StaffMember(models.Model):
    """A member of staff who works enquiries: a recruitment worker in a team, or a manager."""

    class Role(models.TextChoices):
        WORKER = "worker", "Recruitment worker"
        MANAGER = "manager", "Manager"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crm_staff")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.WORKER)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="Their own team: new enquiries for it are shared among its workers.",
    )
    other_teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="visiting_members",
        verbose_name="also works in",
        help_text="Other teams whose households they see and may be given, such as the central team.",
    )
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

    def team_ids(self) -> list[int]:
        """Every team they work in: their own and any others, read once per request."""
        if not hasattr(self, "_team_ids"):
            others = list(self.other_teams.values_list("pk", flat=True)) if self.pk else []
            self._team_ids = sorted({*([self.team_id] if self.team_id else []), *others})
        return self._team_ids


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
