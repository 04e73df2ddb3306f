"""Listeners to the CRM's signals: a membership ends when the case closes or the record is merged away."""

from django.dispatch import receiver

from community.services import memberships_end_for_households, memberships_end_if_closed
from crm import signals


@receiver(signals.household_closed, dispatch_uid="community.household_closed")
def household_closed(sender, *, household_id: int, **kwargs):
    memberships_end_if_closed(household_id=household_id)


@receiver(signals.households_merged, dispatch_uid="community.households_merged")
def households_merged(sender, *, keep_id: int, remove_id: int, **kwargs):
    memberships_end_for_households(household_ids=[remove_id], reason="The record was merged into another")
