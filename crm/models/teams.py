"""Who works enquiries, in which team, and which council each postcode belongs to."""

from django.conf import settings
from django.db import models

from .choices import Council


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
