"""Places at events and on their waiting lists."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .households import Enquiry, Household

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
    family_event = models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "Booked at a family event (for approved and adoptive families), so no enquiry: a touch on "
            "networking, not on information events. Kept as it was when booked."
        ),
    )
    submission_key = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Set by the web form so a double submit books once.",
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
