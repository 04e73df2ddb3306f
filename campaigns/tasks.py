"""Celery tasks for campaigns. Each takes primary keys, hands them to one service, and is safe to run twice.

Each imports the service it runs inside the task: the services queue these tasks, so they import
this module, and not the other way round.
"""

import logging

from django.conf import settings

from celery import shared_task

from core.outbox import OutboxRetry

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None, acks_late=True)
def mailchimp_sync_run(self, sync_id: int) -> str:
    """Send one Mailchimp sync row. The row counts its own attempts and gives up after its cap.

    Waiting for a free call slot is not an attempt. Run eagerly (no broker), a task cannot wait
    for its countdown, so the row stays pending for the sweep instead of retrying at once.
    """
    from campaigns.newsletter.sync import mailchimp_sync_perform

    try:
        return mailchimp_sync_perform(sync_id=sync_id)
    except OutboxRetry as retry:
        if self.request.is_eager:
            logger.info("Mailchimp sync %s will be retried by the sweep: %s", sync_id, retry)
            return "busy" if retry.busy else "retrying"
        raise self.retry(exc=retry, countdown=retry.countdown) from retry


@shared_task
def mailchimp_syncs_sweep() -> int:
    """Queue every Mailchimp sync that has waited too long: its task was lost, or its retry was."""
    from campaigns.newsletter.sync import mailchimp_syncs_requeue

    return mailchimp_syncs_requeue()


@shared_task
def mailchimp_reconcile_run() -> dict:
    """Each night: stuck rows queued again, and every subscriber compared with the Mailchimp audience."""
    from campaigns.newsletter.reconcile import mailchimp_reconcile

    result = mailchimp_reconcile()
    return {
        "requeued": result.requeued,
        "queued": result.queued,
        "taken_from_mailchimp": result.taken_from_mailchimp,
    }


# Touches: recorded by a worker once the enquiry, stage move or booking is committed, so the visitor
# or member of staff does not wait for them. Each keys its touches, so running twice records them once;
# touchpoints_reconcile_run (on the beat schedule) catches up on any whose task was lost.


@shared_task(acks_late=True)
def touchpoints_record_enquiry_run(enquiry_id: int) -> int:
    from campaigns.services import touchpoints_record_enquiry

    return len(touchpoints_record_enquiry(enquiry_id=enquiry_id))


@shared_task(acks_late=True)
def touchpoint_record_stage_run(stage_change_id: int) -> int:
    from campaigns.services import touchpoint_record_stage

    return int(touchpoint_record_stage(stage_change_id=stage_change_id) is not None)


@shared_task(acks_late=True)
def touchpoint_record_booking_run(booking_id: int) -> int:
    from campaigns.services import touchpoint_record_booking

    return len(touchpoint_record_booking(booking_id=booking_id))


@shared_task(acks_late=True)
def touchpoint_record_printed_pack_run(printed_pack_id: int) -> int:
    from campaigns.services import touchpoint_record_printed_pack

    return int(touchpoint_record_printed_pack(printed_pack_id=printed_pack_id) is not None)


@shared_task(acks_late=True)
def touchpoint_record_peer_match_run(peer_match_id: int) -> int:
    from campaigns.services import touchpoint_record_peer_match

    return int(touchpoint_record_peer_match(peer_match_id=peer_match_id) is not None)


@shared_task(acks_late=True)
def touches_record_imported_run(household_ids: list[int]) -> int:
    """After an import of old records: their stage touches, first touches and credit, in one go."""
    from campaigns.services import touches_record_imported

    return touches_record_imported(household_ids=household_ids)


@shared_task(acks_late=True)
def touchpoints_reconcile_run() -> int:
    """Every few minutes: the touches of any enquiry, stage move or booking whose task never ran."""
    from campaigns.services import touchpoints_reconcile

    return touchpoints_reconcile()


@shared_task(
    acks_late=True,
    soft_time_limit=settings.CELERY_NIGHTLY_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_NIGHTLY_TIME_LIMIT,
)
def credits_rebuild_run() -> int:
    """Each night: everyone's stored credit again, which also puts right anything written around the services."""
    from campaigns.credits import credits_rebuild

    return credits_rebuild()
