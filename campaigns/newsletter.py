"""The newsletter list: who signed up, the consent they gave, and every change we send to Mailchimp.

A change to a subscriber creates a ``MailchimpSync`` row in the same transaction, holding exactly
what will be sent; a Celery task sends it once the change commits (``campaigns.tasks``), so a
broker or Mailchimp outage delays a change and never loses it. The audience carries first name
and council as merge fields, and tags for Kindred phase, pipeline stage and council, so the team
can write "keeping in touch" emails to each phase.
https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/
"""

import datetime as dt
import logging
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from campaigns.integrations import mailchimp
from campaigns.models import Channel, MailchimpSync, Phase, Subscriber, Touchpoint
from campaigns.services import STAGE_PHASES
from crm import consent as crm_consent
from crm import selectors as crm_selectors
from crm.models import Consent, Council, Stage
from crm.spam import MIN_FILL_SECONDS, form_seconds_taken

logger = logging.getLogger(__name__)

MAILCHIMP_SOURCE = "Mailchimp"
SIGNUP_SOURCES = {"page": "Newsletter page", "footer": "Newsletter form in the website footer"}
# The groups (``website.roles``) whose members run the newsletter, besides superusers and CRM managers.
NEWSLETTER_GROUPS = ("Marketing editors", "Managers")
STUCK_AFTER = dt.timedelta(minutes=10)
BACKOFF_CAP_SECONDS = 1800
ERROR_LIMIT = 2000
# A person signs up once or twice; more than this from one address in an hour is a script.
SIGNUPS_PER_ADDRESS_PER_HOUR = 10


def _phase_tag(phase: Phase) -> str:
    return f"Phase {int(phase)}: {phase.label.split('. ', 1)[-1]}"


PHASE_TAGS = {phase: _phase_tag(phase) for phase in Phase}
STAGE_TAGS = {stage: f"Stage: {stage.label}" for stage in Stage}
COUNCIL_TAGS = {council: f"Council: {council.label}" for council in Council}


class MailchimpSyncRetry(Exception):
    """The sync could not be sent yet; the task asks again after ``countdown`` seconds."""

    def __init__(self, message: str, *, countdown: float, busy: bool = False):
        super().__init__(message)
        self.countdown = countdown
        self.busy = busy


# Subscribers


def subscriber_phase(household) -> Phase:
    """The Kindred phase a subscriber is in: their household's stage, or fact-finding if we know none."""
    if household is None:
        return Phase.RESEARCH
    return STAGE_PHASES.get(household.stage, Phase.RESEARCH)


def _household(household_id: int | None):
    """The household as it stands now, following merges to the record that was kept."""
    household = crm_selectors.household_by_id(pk=household_id) if household_id else None
    for _ in range(10):
        if household is None or not household.merged_into_id:
            break
        household = crm_selectors.household_by_id(pk=household.merged_into_id)
    return household


def upsert_payload(subscriber: Subscriber, household=None) -> dict:
    """Exactly what an upsert sends: the member (with merge fields) and every phase, stage and council tag.

    The current tags are active and the others inactive, so someone who moves on leaves their
    old phase's emails behind.
    """
    phase = subscriber_phase(household)
    stage = household.stage if household else None
    council = subscriber.council
    tags = [
        {"name": name, "status": "active" if key == phase else "inactive"} for key, name in PHASE_TAGS.items()
    ]
    tags += [
        {"name": name, "status": "active" if key == stage else "inactive"} for key, name in STAGE_TAGS.items()
    ]
    tags += [
        {"name": name, "status": "active" if key == council else "inactive"}
        for key, name in COUNCIL_TAGS.items()
    ]
    return {
        "subscriber_hash": mailchimp.subscriber_hash(subscriber.email),
        "member": {
            "email_address": subscriber.email,
            "status_if_new": "subscribed",
            "status": "subscribed",
            "merge_fields": {
                "FNAME": subscriber.first_name,
                "COUNCIL": Council(council).label if council in Council.values else "",
            },
        },
        "tags": {"tags": tags},
    }


def _unsubscribe_payload(subscriber: Subscriber) -> dict:
    return {
        "subscriber_hash": mailchimp.subscriber_hash(subscriber.email),
        "member": {"status": "unsubscribed"},
    }


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
    payload = upsert_payload(subscriber, household or _household(subscriber.household_id))
    _sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload)
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
    household = _household(household_id)
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
    _status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source=source, at=at)
    _sync_queue(subscriber, action=MailchimpSync.Action.UNSUBSCRIBE, payload=_unsubscribe_payload(subscriber))
    return subscriber


def _status_set(subscriber: Subscriber, *, status: str, source: str, at: dt.datetime | None = None) -> None:
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
    household = _household(household_id)
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
        queued.append(_sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload))
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
        _status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source="Erasure request")
    return _sync_queue(
        subscriber,
        action=MailchimpSync.Action.DELETE,
        payload={"subscriber_hash": mailchimp.subscriber_hash(subscriber.email)},
    )


# The public sign-up form


def signup_doubts(*, honeypot: str, token: str, ip_address: str) -> list[str]:
    """Why a sign-up looks automated. The footer form has no timing token, so a missing one is fine."""
    doubts = []
    if honeypot.strip():
        doubts.append("The hidden field that only bots fill in was filled in.")
    if token:
        seconds = form_seconds_taken(token)
        if seconds is None:
            doubts.append("The form's timing token was altered.")
        elif seconds < MIN_FILL_SECONDS:
            doubts.append(f"Sent {max(seconds, 0):.1f} seconds after the form was opened.")
    if ip_address:
        key = f"campaigns:newsletter-rate:{signing.Signer(salt='campaigns.newsletter-rate').signature(ip_address)}"
        cache.add(key, 0, timeout=60 * 60)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=60 * 60)
            count = 1
        if count > SIGNUPS_PER_ADDRESS_PER_HOUR:
            doubts.append("Too many sign-ups from the same internet address.")
    return doubts


def newsletter_signup(
    *,
    email: str,
    first_name: str,
    council: str,
    placement: str,
    honeypot: str,
    token: str,
    ip_address: str,
) -> Subscriber | None:
    """A sign-up from the website, with today's newsletter wording.

    One that looks automated is not subscribed: it is held, with its reasons, for a person to decide
    (``campaigns.newsletter_held``), and the visitor sees the same thank-you either way.
    """
    from campaigns.newsletter_held import held_signup_create

    doubts = signup_doubts(honeypot=honeypot, token=token, ip_address=ip_address)
    details = {
        "email": email,
        "first_name": first_name,
        "council": council,
        "wording": crm_consent.NEWSLETTER.text,
        "wording_version": crm_consent.NEWSLETTER.version,
        "source": SIGNUP_SOURCES.get(placement, SIGNUP_SOURCES["page"]),
    }
    if doubts:
        held = held_signup_create(**details, doubts=doubts)
        logger.info("Newsletter sign-up %s held for a person: %s", held.pk, " ".join(doubts))
        return None
    return subscriber_subscribe(**details)


# What Mailchimp tells us (its webhook)


@transaction.atomic
def mailchimp_webhook_apply(
    *, kind: str, email: str, new_email: str = "", first_name: str | None = None
) -> str:
    """Apply one change made on Mailchimp's side; returns what was done. Unknown people are ignored.

    Nothing is sent back: Mailchimp already holds the change.
    https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
    """
    subscriber = Subscriber.objects.select_for_update().filter(email=email.strip().lower()).first()
    if subscriber is None:
        return "ignored"
    if kind == "unsubscribe":
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return "ignored"
        _status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source=MAILCHIMP_SOURCE)
        return "unsubscribed"
    if kind == "cleaned":
        _status_set(subscriber, status=Subscriber.Status.CLEANED, source=MAILCHIMP_SOURCE)
        return "cleaned"
    if kind == "subscribe":
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            return "ignored"
        now = timezone.now()
        subscriber.consent_wording = "Signed up again through Mailchimp, with the wording Mailchimp showed."
        subscriber.consent_wording_version = "mailchimp"
        subscriber.consented_at = now
        subscriber.save(update_fields=["consent_wording", "consent_wording_version", "consented_at"])
        _status_set(subscriber, status=Subscriber.Status.SUBSCRIBED, source=MAILCHIMP_SOURCE, at=now)
        return "subscribed"
    if kind == "profile":
        if first_name is None or first_name.strip() == subscriber.first_name:
            return "ignored"
        subscriber.first_name = first_name.strip()[:100]
        subscriber.save(update_fields=["first_name"])
        return "updated"
    if kind == "upemail":
        new_email = new_email.strip().lower()
        if not new_email or Subscriber.objects.filter(email=new_email).exclude(pk=subscriber.pk).exists():
            return "ignored"
        subscriber.email = new_email
        subscriber.save(update_fields=["email"])
        return "updated"
    return "ignored"


# Sync rows


def _sync_queue(subscriber: Subscriber, *, action: str, payload: dict) -> MailchimpSync:
    """Record the change and queue its task after the commit; without Mailchimp, only record it."""
    from campaigns.tasks import mailchimp_sync_run
    from crm.tasks import enqueue

    if not mailchimp.is_configured():
        return MailchimpSync.objects.create(
            subscriber=subscriber, action=action, payload=payload, status=MailchimpSync.Status.NOT_CONFIGURED
        )
    sync = MailchimpSync.objects.create(subscriber=subscriber, action=action, payload=payload)
    transaction.on_commit(lambda: enqueue(mailchimp_sync_run, sync.pk))
    return sync


def retry_delay(attempts: int) -> float:
    """Seconds before the next try: doubling from the base after each attempt, plus up to half again.

    The jitter spreads retries out, so Mailchimp coming back from a busy spell is not hit by every
    waiting change in the same second.
    """
    delay = mailchimp.setting("MAILCHIMP_BACKOFF_SECONDS", 30) * 2 ** max(attempts - 1, 0)
    return min(BACKOFF_CAP_SECONDS, delay + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


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
        sync = MailchimpSync.objects.select_for_update().filter(pk=sync_id).first()
        if sync is None or sync.status != MailchimpSync.Status.PENDING:
            return "skipped"
        if not mailchimp.is_configured():
            sync.status = MailchimpSync.Status.NOT_CONFIGURED
            sync.next_attempt_at = None
            sync.save(update_fields=["status", "next_attempt_at"])
            return "not_configured"
        if MailchimpSync.objects.filter(subscriber_id=sync.subscriber_id, pk__gt=sync.pk).exists():
            return _finish(sync, note="Not sent: a later change for this person replaced it.")
        try:
            status = _send(sync)
        except mailchimp.MailchimpBusy as busy:
            retry = MailchimpSyncRetry(str(busy), countdown=busy_delay(), busy=True)
        except mailchimp.MailchimpError as error:
            sync.attempts += 1
            sync.response_status = error.status
            if not error.retryable:
                return _give_up(sync, str(error))
            max_attempts = mailchimp.setting("MAILCHIMP_MAX_ATTEMPTS", 8)
            if sync.attempts >= max_attempts:
                return _give_up(sync, f"Gave up after {sync.attempts} attempts. {error}")
            countdown = retry_delay(sync.attempts)
            sync.last_error = str(error)[:ERROR_LIMIT]
            sync.next_attempt_at = timezone.now() + dt.timedelta(seconds=countdown)
            sync.save(update_fields=["attempts", "response_status", "last_error", "next_attempt_at"])
            retry = MailchimpSyncRetry(str(error), countdown=countdown)
        except KeyError as missing:
            sync.attempts += 1
            return _give_up(sync, f"The stored change is missing {missing}, so it cannot be sent.")
        else:
            sync.attempts += 1
            sync.response_status = status
            return _finish(sync)
    raise retry


def _finish(sync: MailchimpSync, *, note: str = "") -> str:
    sync.status = MailchimpSync.Status.DONE
    sync.done_at = timezone.now()
    sync.next_attempt_at = None
    sync.last_error = note
    sync.save(
        update_fields=["attempts", "response_status", "status", "done_at", "next_attempt_at", "last_error"]
    )
    return "done"


def _give_up(sync: MailchimpSync, problem: str) -> str:
    sync.status = MailchimpSync.Status.FAILED
    sync.last_error = problem[:ERROR_LIMIT]
    sync.next_attempt_at = None
    sync.save(update_fields=["attempts", "response_status", "status", "last_error", "next_attempt_at"])
    return "failed"


@transaction.atomic
def mailchimp_sync_retry(*, sync_id: int) -> MailchimpSync:
    """A person asked to try a failed (or stuck) sync again: a fresh set of attempts, queued now."""
    from campaigns.tasks import mailchimp_sync_run
    from crm.tasks import enqueue

    sync = MailchimpSync.objects.select_for_update().get(pk=sync_id)
    if sync.status not in (MailchimpSync.Status.FAILED, MailchimpSync.Status.PENDING):
        return sync
    sync.status = MailchimpSync.Status.PENDING
    sync.attempts = 0
    sync.next_attempt_at = None
    sync.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: enqueue(mailchimp_sync_run, sync.pk))
    return sync


def mailchimp_syncs_stuck(*, older_than: dt.timedelta = STUCK_AFTER) -> list[int]:
    """Pending rows whose task was lost (a broker outage, a crash), or whose retry is long overdue."""
    cutoff = timezone.now() - older_than
    return list(
        MailchimpSync.objects.filter(status=MailchimpSync.Status.PENDING, created_at__lt=cutoff)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )


def mailchimp_syncs_requeue() -> int:
    """Queue every stuck row again; safe at any time, as a row already done is skipped."""
    from campaigns.tasks import mailchimp_sync_run
    from crm.tasks import enqueue

    ids = mailchimp_syncs_stuck()
    for pk in ids:
        enqueue(mailchimp_sync_run, pk)
    return len(ids)


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
        _status_set(subscriber, status=theirs, source=MAILCHIMP_SOURCE, at=member.last_changed)
        return "taken"
    if subscribed:
        payload = upsert_payload(subscriber, _household(subscriber.household_id))
        _sync_queue(subscriber, action=MailchimpSync.Action.UPSERT, payload=payload)
    else:
        _sync_queue(
            subscriber, action=MailchimpSync.Action.UNSUBSCRIBE, payload=_unsubscribe_payload(subscriber)
        )
    return "queued"


# Reads for the admin screens


def newsletter_admin_allowed(user) -> bool:
    """Marketing editors, managers and superusers run the newsletter; nobody else sees it at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or crm_selectors.sees_everything(user):
        return True
    # Every newsletter menu item asks on each admin page: once per request's user is enough.
    if not hasattr(user, "_newsletter_admin_allowed"):
        user._newsletter_admin_allowed = Group.objects.filter(user=user, name__in=NEWSLETTER_GROUPS).exists()
    return user._newsletter_admin_allowed


def newsletter_sees_casework(user) -> bool:
    """Whether this person may see that a subscriber is also an enquirer, applicant or adopter.

    Marketing runs the newsletter, so it sees the people who signed up (address, first name,
    status, when and under which wording they agreed), but never the CRM side of them: where
    consent came from ("Enquiry: Phone call"), or a link to their household. Managers and
    superusers, who see the CRM anyway, see both.
    """
    return crm_selectors.sees_everything(user)


def subscribers_for_admin(*, query: str = "") -> QuerySet[Subscriber]:
    """Subscribers, newest first, each with their latest sync's status; ``query`` searches address and name."""
    latest = MailchimpSync.objects.filter(subscriber=OuterRef("pk")).order_by("-created_at", "-pk")
    subscribers = Subscriber.objects.annotate(
        last_sync_status=Subquery(latest.values("status")[:1]),
        last_sync_error=Subquery(latest.values("last_error")[:1]),
    )
    query = query.strip()
    if query:
        subscribers = subscribers.filter(Q(email__icontains=query) | Q(first_name__icontains=query))
    return subscribers.order_by("-created_at", "-pk")


def mailchimp_syncs_needing_attention() -> QuerySet[MailchimpSync]:
    """Rows waiting to run and rows that failed, the failures first."""
    return (
        MailchimpSync.objects.filter(status__in=[MailchimpSync.Status.FAILED, MailchimpSync.Status.PENDING])
        .select_related("subscriber")
        .order_by("status", "-created_at", "-pk")
    )


def subscriber_get(*, pk: int) -> Subscriber | None:
    return Subscriber.objects.filter(pk=pk).first()


def mailchimp_sync_get(*, pk: int) -> MailchimpSync | None:
    return MailchimpSync.objects.filter(pk=pk).first()
