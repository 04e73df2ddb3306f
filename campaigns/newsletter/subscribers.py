"""Signing people up to the newsletter, taking them off, and keeping their tags up to date.

Each change is saved on the subscriber and queued as a sync row in the same transaction
(``campaigns.newsletter.sync``), so Mailchimp hears of it once the change commits.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Channel, MailchimpSync, Subscriber, Touchpoint
from crm import selectors as crm_selectors
from crm.models import Consent

from .payloads import delete_payload, household_current, unsubscribe_payload, upsert_payload
from .sync import sync_queue

logger = logging.getLogger(__name__)

# What a change made on Mailchimp's side records as its source.
MAILCHIMP_SOURCE = "Mailchimp"


def _locked_or_new(email: str) -> Subscriber:
    """The subscriber with this address, locked for this transaction; a new, unsaved one if none."""
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    return subscriber or Subscriber(email=email)


def _decided_since(subscriber: Subscriber, at: dt.datetime) -> bool:
    """Whether the record already holds a decision as recent as ``at``, which an older consent must not undo."""
    if subscriber.pk is None:
        return False
    if subscriber.status == Subscriber.Status.SUBSCRIBED:
        return subscriber.consented_at >= at
    return subscriber.status_changed_at >= at


@transaction.atomic
def subscriber_subscribe(
    *,
    email: str,
    first_name: str,
    council: str,
    household=None,
    wording: str,
    wording_version: str,
    source: str,
    at: dt.datetime | None = None,
) -> Subscriber:
    """Add someone to the newsletter, or sign them up again, with the consent they have just given.

    A consent older than the person's latest decision (they unsubscribed since) changes nothing,
    so replaying an old enquiry can never sign up someone who left.
    """
    email = email.strip().lower()
    at = at or timezone.now()
    subscriber = _locked_or_new(email)
    if _decided_since(subscriber, at):
        return subscriber
    if household is not None:
        subscriber.household = household
        subscriber.council = household.council
    elif council and not subscriber.household_id:
        subscriber.council = council
    subscriber.first_name = (first_name or "").strip()[:100] or subscriber.first_name
    if subscriber.pk is None or subscriber.status != Subscriber.Status.SUBSCRIBED:
        subscriber.status_changed_at = at
    subscriber.status = Subscriber.Status.SUBSCRIBED
    subscriber.consent_wording = wording
    subscriber.consent_wording_version = wording_version
    subscriber.consent_source = source[:40]
    subscriber.consented_at = at
    if subscriber.pk is None:
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:
            # Someone else added this address a moment ago: start again from their row.
            return subscriber_subscribe(
                email=email,
                first_name=first_name,
                council=council,
                household=household,
                wording=wording,
                wording_version=wording_version,
                source=source,
                at=at,
            )
    else:
        subscriber.save()
    payload = upsert_payload(subscriber, household or household_current(subscriber.household_id))
    sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload)
    if subscriber.household_id:
        _touchpoint_record_signup(subscriber, at=at, source=source)
    return subscriber


def _touchpoint_record_signup(subscriber: Subscriber, *, at: dt.datetime, source: str) -> None:
    """Signing up is a touch on the newsletter channel: a "keeping in touch" choice in phase 4."""
    channel = Channel.objects.filter(slug="newsletter").first()
    if channel is None:
        logger.warning("No newsletter channel, so subscriber %s's sign-up is not counted.", subscriber.pk)
        return
    key = f"newsletter:{subscriber.pk}:{timezone.localdate(at).isoformat()}"
    try:
        with transaction.atomic():
            Touchpoint.objects.get_or_create(
                key=key,
                defaults={
                    "household_id": subscriber.household_id,
                    "kind": Touchpoint.Kind.NEWSLETTER_SIGNUP,
                    "channel": channel,
                    "phase": channel.phase,
                    "occurred_at": at,
                    "detail": {"subscriber_id": subscriber.pk, "source": source[:40]},
                },
            )
    except IntegrityError:
        pass


def subscriber_subscribe_from_consent(*, household_id: int, consent_id: int) -> Subscriber | None:
    """Someone ticked the newsletter box when they enquired: sign them up with that consent's words."""
    given = crm_selectors.consent_by_id(pk=consent_id)
    if given is None or not given.granted or given.purpose != Consent.Purpose.NEWSLETTER:
        return None
    if given.household_id != household_id:
        return None
    household = household_current(household_id)
    if household is None or not household.email:
        return None
    return subscriber_subscribe(
        email=household.email,
        first_name=household.first_name,
        council=household.council,
        household=household,
        wording=given.wording,
        wording_version=given.wording_version,
        source=f"Enquiry: {given.source}",
        at=given.recorded_at,
    )


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber: Subscriber, source: str, at: dt.datetime | None = None
) -> Subscriber:
    """Take someone off the newsletter (their consent is withdrawn) and tell Mailchimp.

    ``consent_source`` then records where the withdrawal came from. Doing it twice is harmless.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.SUBSCRIBED:
        return subscriber
    subscriber_status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source=source, at=at)
    sync_queue(subscriber, action=MailchimpSync.Action.UNSUBSCRIBE, payload=unsubscribe_payload(subscriber))
    return subscriber


def subscriber_status_set(
    subscriber: Subscriber, *, status: str, source: str, at: dt.datetime | None = None
) -> None:
    """Record a decision on a locked subscriber (ours, or one made on Mailchimp's side) and where it came from."""
    subscriber.status = status
    subscriber.status_changed_at = at or timezone.now()
    subscriber.consent_source = source[:40]
    subscriber.save(update_fields=["status", "status_changed_at", "consent_source"])


@transaction.atomic
def subscriber_refresh(*, household_id: int) -> list[MailchimpSync]:
    """The household's stage or council changed: send their subscribers' new tags and merge fields.

    Nothing is queued for someone unsubscribed (an upsert would sign them up again), or when the
    last upsert already said the same.
    """
    household = household_current(household_id)
    if household is None:
        return []
    queued = []
    subscribers = Subscriber.objects.select_for_update().filter(
        household_id=household_id, status=Subscriber.Status.SUBSCRIBED
    )
    for subscriber in subscribers:
        if subscriber.council != household.council:
            subscriber.council = household.council
            subscriber.save(update_fields=["council"])
        payload = upsert_payload(subscriber, household)
        last = subscriber.syncs.filter(action=MailchimpSync.Action.UPSERT).order_by("-pk").first()
        if last and last.payload == payload and last.status != MailchimpSync.Status.FAILED:
            continue
        queued.append(sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload))
    return queued


def subscriber_refresh_for_stage_change(*, stage_change_id: int) -> list[MailchimpSync]:
    change = crm_selectors.stage_change_by_id(pk=stage_change_id)
    if change is None:
        return []
    return subscriber_refresh(household_id=change.household_id)


@transaction.atomic
def subscriber_delete_from_mailchimp(*, subscriber: Subscriber) -> MailchimpSync:
    """Erase the member and their history from Mailchimp for good (a right-to-erasure request)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.SUBSCRIBED:
        subscriber_status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source="Erasure request")
    return sync_queue(
        subscriber,
        action=MailchimpSync.Action.DELETE,
        payload=delete_payload(subscriber),
    )
