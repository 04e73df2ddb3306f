"""The nightly check: stuck sync rows queued again, and every subscriber compared with the audience."""

from dataclasses import dataclass

from django.db import transaction

from campaigns.integrations import mailchimp
from campaigns.models import MailchimpSync, Subscriber

from .payloads import household_current, unsubscribe_payload, upsert_payload
from .subscribers import MAILCHIMP_SOURCE, subscriber_status_set
from .sync import mailchimp_syncs_requeue, sync_queue


@dataclass
class ReconcileResult:
    requeued: int = 0
    queued: int = 0
    taken_from_mailchimp: int = 0


def mailchimp_reconcile() -> ReconcileResult:
    """The nightly check: queue stuck rows again, then compare every subscriber with the audience.

    Where the two differ, the newer decision wins: an unsubscribe or bounce made in Mailchimp after
    our last change (a webhook we missed) is recorded here; otherwise a fresh sync puts Mailchimp
    right. People with a change still on its way are left to it.
    """
    result = ReconcileResult(requeued=mailchimp_syncs_requeue())
    if not mailchimp.is_configured():
        return result
    members = {member.email: member for member in mailchimp.members_all()}
    in_flight = MailchimpSync.objects.filter(status=MailchimpSync.Status.PENDING).values("subscriber_id")
    subscribers = (
        Subscriber.objects.filter(status__in=[Subscriber.Status.SUBSCRIBED, Subscriber.Status.UNSUBSCRIBED])
        .exclude(pk__in=in_flight)
        .order_by("pk")
    )
    for subscriber in subscribers.iterator(chunk_size=1000):
        member = members.get(subscriber.email)
        outcome = _reconcile_one(subscriber_id=subscriber.pk, member=member)
        if outcome == "queued":
            result.queued += 1
        elif outcome == "taken":
            result.taken_from_mailchimp += 1
    return result


@transaction.atomic
def _reconcile_one(*, subscriber_id: int, member: mailchimp.Member | None) -> str:
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return ""
    theirs = member.status if member else None
    subscribed = subscriber.status == Subscriber.Status.SUBSCRIBED
    if subscribed and theirs == "subscribed":
        return ""
    if not subscribed and theirs in (None, "unsubscribed", "cleaned", "archived"):
        return ""
    newer_there = bool(member and member.last_changed and member.last_changed > subscriber.status_changed_at)
    if subscribed and newer_there and theirs in ("unsubscribed", "cleaned"):
        subscriber_status_set(subscriber, status=theirs, source=MAILCHIMP_SOURCE, at=member.last_changed)
        return "taken"
    if subscribed:
        payload = upsert_payload(subscriber, household_current(subscriber.household_id))
        sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload)
    else:
        sync_queue(
            subscriber, action=MailchimpSync.Action.UNSUBSCRIBE, payload=unsubscribe_payload(subscriber)
        )
    return "queued"
