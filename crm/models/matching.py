"""After approval: the links family finding makes between an approved family and a child, and what the family
hopes for.

The CRM keeps adopters' records, not children's. A link names the child only by the reference their council
gives them in its children's social care system, with that council, an age band and how many brothers and
sisters are linked with them: enough to count links and to find the child's own record again, where it
belongs. **Never the child's name or date of birth**: the reference is checked to look like a reference
(letters, digits and hyphens, with at least one digit), so a name cannot be typed into it by mistake.

Links are written only by ``crm.services.matching``, which moves the household through the journey in the
same transaction, so the stage, the link and the timeline always agree.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .households import Household

CHILD_REFERENCE_MAX = 20
# Letters, digits and single hyphens between them, with at least one digit: "CS-004512", "M22841".
CHILD_REFERENCE_RE = re.compile(r"^(?=[A-Za-z-]*[0-9])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
CHILD_REFERENCE_HELP = (
    "The child's reference in their council's children's system, such as CS-004512: letters, digits and "
    f"hyphens, at most {CHILD_REFERENCE_MAX} characters, with at least one digit. Never the child's name or "
    "date of birth: those stay in the council's own record."
)
child_reference_validator = RegexValidator(
    CHILD_REFERENCE_RE,
    message="Enter the child's reference from their council's system, such as CS-004512 (letters, digits and "
    "hyphens, with at least one digit), not their name.",
)
MAX_SIBLINGS = 6


class AgeBand(models.TextChoices):
    """A child's age, in the bands family finding talks in: never a date of birth."""

    UNDER_1 = "under_1", "Under 1"
    ONE_TO_TWO = "1_2", "1 to 2"
    THREE_TO_FOUR = "3_4", "3 to 4"
    FIVE_TO_SEVEN = "5_7", "5 to 7"
    EIGHT_AND_OVER = "8_plus", "8 and over"


class ChildCouncil(models.TextChoices):
    """The council responsible for the child: one of the partnership's, or any other in England."""

    KENT = "kent", "Kent"
    MEDWAY = "medway", "Medway"
    BEXLEY = "bexley", "Bexley"
    OTHER = "other", "Another council"


class LinkEndReason(models.TextChoices):
    NOT_PROCEEDED = "not_proceeded", "Link did not go ahead"
    PANEL_NOT_RECOMMENDED = "panel_not_recommended", "Matching panel did not recommend"
    PLAN_CHANGED = "plan_changed", "The child's plan changed"
    PLACEMENT_ENDED = "placement_ended", "Placement ended"


class Openness(models.TextChoices):
    """How open an approved family is to something in a child's life: yes, no, or to talk about."""

    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe: to talk about"
    NO = "no", "No"


class Link(models.Model):
    """An approved family linked with a child (or brothers and sisters), and how far it went.

    The dates follow each other: linked, matched at the matching panel, placed, the adoption order. A link
    that stopped short has an end date and a reason; a household has at most one link that has not ended.
    Early permanence (fostering for adoption): the family is approved as the child's temporary foster carers
    and the child may live with them, as foster carers, before the match.

    The child is named only by their council's reference (see the module docstring): never a name or a
    date of birth.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="links")
    child_reference = models.CharField(
        "child's reference",
        max_length=CHILD_REFERENCE_MAX,
        validators=[child_reference_validator],
        help_text=CHILD_REFERENCE_HELP,
    )
    child_council = models.CharField("child's council", max_length=10, choices=ChildCouncil.choices)
    age_band = models.CharField("child's age", max_length=10, choices=AgeBand.choices)
    siblings = models.PositiveSmallIntegerField(
        "brothers and sisters in the link",
        default=0,
        validators=[MaxValueValidator(MAX_SIBLINGS)],
        help_text="How many brothers and sisters are linked with them too: 0 for a child on their own.",
    )
    early_permanence = models.BooleanField(
        default=False, help_text="Fostering for adoption: the child may live with them before the match."
    )
    fostering_approved_on = models.DateField(
        "approved as foster carers",
        null=True,
        blank=True,
        help_text="Approved as the child's temporary foster carers.",
    )
    placed_for_fostering_on = models.DateField("placed with them as foster carers", null=True, blank=True)
    linked_on = models.DateField("linked")
    matched_on = models.DateField("matched at matching panel", null=True, blank=True)
    placed_on = models.DateField("placed for adoption", null=True, blank=True)
    order_on = models.DateField("adoption order", null=True, blank=True)
    ended_on = models.DateField("ended", null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=LinkEndReason.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-linked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(ended_on__isnull=True), name="one_open_link_per_household"
            ),
            models.CheckConstraint(
                condition=Q(matched_on__isnull=True) | Q(matched_on__gte=F("linked_on")),
                name="link_matched_after_linked",
            ),
            models.CheckConstraint(
                condition=Q(placed_on__isnull=True)
                | Q(matched_on__isnull=False, placed_on__gte=F("matched_on")),
                name="link_placed_after_matched",
            ),
            models.CheckConstraint(
                condition=Q(order_on__isnull=True) | Q(placed_on__isnull=False, order_on__gte=F("placed_on")),
                name="link_order_after_placed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False, ended_on__gte=F("linked_on")) & ~Q(end_reason="")),
                name="link_ended_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Link with child {self.child_reference} ({self.get_child_council_display()})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def latest_on(self):
        """The latest date recorded on the link: nothing about it can be dated before this."""
        dates = [self.linked_on, self.matched_on, self.placed_on, self.order_on, self.placed_for_fostering_on]
        return max(day for day in dates if day is not None)

    @property
    def status(self) -> str:
        if self.ended_on:
            return f"Ended: {self.get_end_reason_display()}"
        if self.order_on:
            return "Adoption order made"
        if self.placed_on:
            return "Placed"
        if self.matched_on:
            return "Matched"
        return "Linked"


class MatchingProfile(models.Model):
    """What an approved family hopes for, as their worker records it, for family finding to read.

    Whether they are open to early permanence is the household's own flag (``Household.early_permanence``),
    shown and edited with the profile; their interests when they first enquired stay on the household too.
    """

    household = models.OneToOneField(
        Household, primary_key=True, on_delete=models.CASCADE, related_name="matching_profile"
    )
    age_bands = models.JSONField("ages they hope for", default=list, blank=True)
    siblings = models.CharField(
        "open to brothers and sisters", max_length=5, choices=Openness.choices, blank=True
    )
    disability = models.CharField(
        "open to a child with a disability or extra needs", max_length=5, choices=Openness.choices, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Matching profile of household {self.household_id}"

    @property
    def age_band_labels(self) -> list[str]:
        labels = dict(AgeBand.choices)
        return [labels[band] for band in AgeBand.values if band in self.age_bands]
