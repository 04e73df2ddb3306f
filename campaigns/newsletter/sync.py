"""The sync rows: each change to send to Mailchimp, sent once by its task, retried, and swept.

The row follows ``core.outbox``. Mailchimp's own rules on top: a row with a newer row behind it
for the same person is not sent (the newer one says it all); waiting for a free call slot
("busy") is not an attempt; without Mailchimp configured, a row only records what would be sent.
"""

import datetime as dt
import random

from django.db import transaction

from campaigns.integrations import mailchimp
from campaigns.models import MailchimpSync, Subscriber
from campaigns.tasks import mailchimp_sync_run
from core import outbox

STUCK_AFTER = dt.timedelta(minutes=10)


class MailchimpSyncRetry(outbox.OutboxRetry):
    """The sync could not be sent yet; the task asks again after ``countdown`` seconds."""


def sync_queue(subscriber: Subscriber, *, action: str, payload: dict) -> MailchimpSync:
    """Record the change and queue its task after the commit; without Mailchimp, only record it."""
    if not mailchimp.is_configured():
        return MailchimpSync.objects.create(
            subscriber=subscriber, action=action, payload=payload, status=MailchimpSync.Status.NOT_CONFIGURED
        )
    sync = MailchimpSync.objects.create(subscriber=subscriber, action=action, payload=payload)
    outbox.queue_on_commit(mailchimp_sync_run, sync)
    return sync


def retry_delay(attempts: int) -> float:
    """Seconds before the next try: doubling from the base after each attempt, plus jitter, up to the cap."""
    return outbox.backoff(base=mailchimp.setting("MAILCHIMP_BACKOFF_SECONDS", 30), step=max(attempts - 1, 0))


def busy_delay() -> float:
    """Seconds to wait for a free call slot: short, and spread out so the waiting tasks do not collide."""
    return mailchimp.setting("MAILCHIMP_BUSY_RETRY_SECONDS", 1.0) * random.uniform(0.5, 1.5)  # noqa: S311


def _send(sync: MailchimpSync) -> int:
    payload = sync.payload
    if sync.action == MailchimpSync.Action.UPSERT:
        return mailchimp.member_upsert(
            subscriber_hash=payload["subscriber_hash"], member=payload["member"], tags=payload["tags"]
        )
    if sync.action == MailchimpSync.Action.UNSUBSCRIBE:
        return mailchimp.member_update(subscriber_hash=payload["subscriber_hash"], member=payload["member"])
    return mailchimp.member_delete(subscriber_hash=payload["subscriber_hash"])


def mailchimp_sync_perform(*, sync_id: int) -> str:
    """Send one sync row, once: 'done', 'failed', 'not_configured', 'skipped', or raise to retry.

    The row stays locked while it is sent, so a second task for it waits and then finds it done.
    A row with a newer row behind it for the same person is not sent: the newer one says it all.
    """
    with transaction.atomic():
        sync = outbox.outbox_claim(MailchimpSync.objects.all(), pk=sync_id)
        if sync is None:
            return "skipped"
        if not mailchimp.is_configured():
            sync.status = MailchimpSync.Status.NOT_CONFIGURED
            sync.next_attempt_at = None
            sync.save(update_fields=["status", "next_attempt_at"])
            return "not_configured"
        if MailchimpSync.objects.filter(subscriber_id=sync.subscriber_id, pk__gt=sync.pk).exists():
            return outbox.outbox_finish(sync, note="Not sent: a later change for this person replaced it.")
        try:
            status = _send(sync)
        except mailchimp.MailchimpBusy as busy:
            retry = MailchimpSyncRetry(str(busy), countdown=busy_delay(), busy=True)
        except mailchimp.MailchimpError as error:
            sync.attempts += 1
            sync.response_status = error.status
            if not error.retryable:
                return outbox.outbox_give_up(sync, str(error))
            countdown = retry_delay(sync.attempts)
            outcome = outbox.outbox_retry_later(
                sync,
                str(error),
                max_attempts=mailchimp.setting("MAILCHIMP_MAX_ATTEMPTS", 8),
                retry_in=dt.timedelta(seconds=countdown),
            )
            if outcome == outbox.FAILED:
                return outcome
            retry = MailchimpSyncRetry(str(error), countdown=countdown)
        except KeyError as missing:
            sync.attempts += 1
            return outbox.outbox_give_up(
                sync, f"The stored change is missing {missing}, so it cannot be sent."
            )
        else:
            sync.attempts += 1
            sync.response_status = status
            return outbox.outbox_finish(sync)
    raise retry


@transaction.atomic
def mailchimp_sync_retry(*, sync_id: int) -> MailchimpSync:
    """A person asked to try a failed (or stuck) sync again: a fresh set of attempts, queued now."""
    sync = MailchimpSync.objects.select_for_update().get(pk=sync_id)
    if sync.status not in (MailchimpSync.Status.FAILED, MailchimpSync.Status.PENDING):
        return sync
    sync.status = MailchimpSync.Status.PENDING
    sync.attempts = 0
    sync.next_attempt_at = None
    sync.save(update_fields=["status", "attempts", "next_attempt_at"])
    outbox.queue_on_commit(mailchimp_sync_run, sync)
    return sync


def mailchimp_syncs_stuck(*, older_than: dt.timedelta = STUCK_AFTER) -> list[int]:
    """Pending rows whose task was lost (a broker outage, a crash), or whose retry is long overdue."""
    return outbox.outbox_stuck(MailchimpSync.objects.all(), older_than=older_than, order_by="pk", limit=5000)


def mailchimp_syncs_requeue() -> int:
    """Queue every stuck row again; safe at any time, as a row already done is skipped."""
    return outbox.outbox_requeue(mailchimp_sync_run, mailchimp_syncs_stuck())
