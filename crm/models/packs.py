"""Printed information packs: a worker asks for one to be posted, the admin team posts it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .households import Household


class PrintedPack(models.Model):
    """One printed information pack to post to a household, and whether it has gone."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="printed_packs")
    name = models.CharField(max_length=200, help_text="Who the envelope is addressed to.")
    address = models.TextField(help_text="The postal address, one line per line of the envelope.")
    postcode = models.CharField(max_length=8)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["posted_at", "requested_at"])]
        constraints = [
            # One pack waiting to be posted per household: asking twice does not post two.
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(posted_at__isnull=True),
                name="one_printed_pack_waiting_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"Printed pack for {self.household.reference}"

    @property
    def envelope(self) -> list[str]:
        """The lines of the envelope: name, address lines, postcode."""
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        return [self.name, *lines, self.postcode]
