"""Listeners to the CRM's signals. Each hands one primary key to one service, or to a task that calls one.

Touches are recorded by a worker (``campaigns.tasks``), so the person enquiring does not wait for them.
"""

from django.dispatch import receiver

from campaigns import services, tasks
from campaigns.newsletter.subscribers import (
    subscriber_refresh_for_stage_change,
    subscriber_subscribe_from_consent,
)
from core.outbox import enqueue
from crm import signals


@receiver(signals.enquiry_accepted, dispatch_uid="campaigns.enquiry_accepted")
def enquiry_accepted(sender, *, enquiry_id: int, **kwargs):
    enqueue(tasks.touchpoints_record_enquiry_run, enquiry_id)


@receiver(signals.stage_changed, dispatch_uid="campaigns.stage_changed")
def stage_changed(sender, *, stage_change_id: int, **kwargs):
    enqueue(tasks.touchpoint_record_stage_run, stage_change_id)


@receiver(signals.booking_changed, dispatch_uid="campaigns.booking_changed")
def booking_changed(sender, *, booking_id: int, **kwargs):
    enqueue(tasks.touchpoint_record_booking_run, booking_id)


@receiver(signals.printed_pack_posted, dispatch_uid="campaigns.printed_pack_posted")
def printed_pack_posted(sender, *, printed_pack_id: int, **kwargs):
    enqueue(tasks.touchpoint_record_printed_pack_run, printed_pack_id)


@receiver(signals.peer_match_started, dispatch_uid="campaigns.peer_match_started")
def peer_match_started(sender, *, peer_match_id: int, **kwargs):
    enqueue(tasks.touchpoint_record_peer_match_run, peer_match_id)


@receiver(signals.newsletter_consent_given, dispatch_uid="campaigns.newsletter_consent_given")
def newsletter_consent_given(sender, *, household_id: int, consent_id: int, **kwargs):
    subscriber_subscribe_from_consent(household_id=household_id, consent_id=consent_id)


@receiver(signals.stage_changed, dispatch_uid="campaigns.stage_changed.newsletter")
def stage_changed_newsletter(sender, *, stage_change_id: int, **kwargs):
    subscriber_refresh_for_stage_change(stage_change_id=stage_change_id)


@receiver(signals.households_merged, dispatch_uid="campaigns.households_merged")
def households_merged(sender, *, keep_id: int, remove_id: int, **kwargs):
    services.touchpoints_move(from_household_id=remove_id, to_household_id=keep_id)


@receiver(signals.households_imported, dispatch_uid="campaigns.households_imported")
def households_imported(sender, *, household_ids: list[int], **kwargs):
    enqueue(tasks.touches_record_imported_run, household_ids)
