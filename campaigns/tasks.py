"""Celery tasks for campaigns. Each takes primary keys, hands them to one service, and is safe to run twice."""

import logging

from celery import shared_task

from campaigns.newsletter import (
    MailchimpSyncRetry,
    mailchimp_reconcile,
    mailchimp_sync_perform,
    mailchimp_syncs_requeue,
)

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None, acks_late=True)
def mailchimp_sync_run(self, sync_id: int) -> str:
    """Send one Mailchimp sync row. The row counts its own attempts and gives up after its cap.

    Waiting for a free call slot is not an attempt. Run eagerly (no broker), a task cannot wait
    for its countdown, so the row stays pending for the sweep instead of retrying at once.
    """
    try:
        return mailchimp_sync_perform(sync_id=sync_id)
    except MailchimpSyncRetry as retry:
        if self.request.is_eager:
            logger.info("Mailchimp sync %s will be retried by the sweep: %s", sync_id, retry)
            return "busy" if retry.busy else "retrying"
        raise self.retry(exc=retry, countdown=retry.countdown) from retry


@shared_task
def mailchimp_syncs_sweep() -> int:
    """Queue every Mailchimp sync that has waited too long: its task was lost, or its retry was."""
    return mailchimp_syncs_requeue()


@shared_task
def mailchimp_reconcile_run() -> dict:
    """Each night: stuck rows queued again, and every subscriber compared with the Mailchimp audience."""
    result = mailchimp_reconcile()
    return {
        "requeued": result.requeued,
        "queued": result.queued,
        "taken_from_mailchimp": result.taken_from_mailchimp,
    }
