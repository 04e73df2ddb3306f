"""What campaigns keeps about people, for the CRM's subject access, erasure and retention.

``CampaignsConfig.ready`` registers ``holder`` with ``core.personal_data``: the CRM asks, campaigns
answers, and the CRM never imports campaigns. Touches are anonymised, never deleted, so every
attribution report counts the same afterwards; newsletter records are anonymised here and the
member is deleted from Mailchimp for good through the usual sync rows (``campaigns.newsletter``).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from campaigns.models import HeldSignup, MailchimpSync, Phase, Subscriber, Touchpoint
from campaigns.newsletter.subscribers import subscriber_delete_from_mailchimp
from core.personal_data import Anchor, Person, RetentionPlan, Store
from crm.models import Anonymisation, AuditEvent, RetentionRule
from crm.services.privacy import REMOVED, anonymisation_mark, audit_record

ERASED_DOMAIN = "erased.invalid"
# What a touch's detail keeps once anonymised: which campaign, stage or event, never who or from where.
TOUCH_DETAIL_KEPT = (
    "stage",
    "event_id",
    "enquiry_id",
    "source",
    "answer",
    "subscriber_id",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
    "vanity",
)
PHASE_LABELS = dict(Phase.choices)
TOUCH_FIELDS = ["visitor", "detail"]


def _value(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value


def _not_anonymised(subscribers: QuerySet[Subscriber]) -> QuerySet[Subscriber]:
    done = Anonymisation.objects.filter(object_type="subscriber", object_id=OuterRef("pk"))
    return subscribers.exclude(Exists(done))


def _subscribers(person: Person) -> QuerySet[Subscriber]:
    query = Q(pk__in=person.record_ids("subscriber")) | Q(household__in=person.household_ids)
    if person.emails:
        query |= Q(email__in=person.emails)
    return Subscriber.objects.filter(query).order_by("pk")


def _held(person: Person) -> QuerySet[HeldSignup]:
    """Newsletter sign-ups held as doubtful (``campaigns.newsletter.held``), by record or address."""
    query = Q(pk__in=person.record_ids("held_signup"))
    if person.emails:
        query |= Q(email__in=person.emails)
    return HeldSignup.objects.filter(query).order_by("pk")


def _touches(person: Person) -> QuerySet[Touchpoint]:
    """The person's touches, and the anonymous visits made with the same visitor id (cookie consent)."""
    visitors = Touchpoint.objects.filter(household__in=person.household_ids, visitor__isnull=False).values(
        "visitor"
    )
    return Touchpoint.objects.filter(
        Q(household__in=person.household_ids) | Q(household__isnull=True, visitor__in=visitors)
    ).select_related("channel", "campaign")


def _touch_scrub(touches) -> int:
    touches = list(touches)
    for touch in touches:
        touch.visitor = None
        touch.detail = {
            name: value for name, value in (touch.detail or {}).items() if name in TOUCH_DETAIL_KEPT
        }
    Touchpoint.objects.bulk_update(touches, TOUCH_FIELDS, batch_size=500)
    return len(touches)


def _subscriber_anonymise(subscriber: Subscriber, *, cause: str, why: str, by, rule=None) -> MailchimpSync:
    """Delete the member from Mailchimp for good, then remove the address and name kept here.

    The delete row keeps the member's Mailchimp id (a hash of the address) until Mailchimp has
    confirmed; every earlier row's copy of the address and name goes now.
    """
    deletion = subscriber_delete_from_mailchimp(subscriber=subscriber)
    syncs = MailchimpSync.objects.filter(subscriber_id=subscriber.pk)
    syncs.exclude(pk=deletion.pk).update(payload={"removed": REMOVED}, last_error="")
    if deletion.status == MailchimpSync.Status.NOT_CONFIGURED:
        MailchimpSync.objects.filter(pk=deletion.pk).update(payload={"removed": REMOVED})
    Subscriber.objects.filter(pk=subscriber.pk).update(
        email=f"erased-{subscriber.pk}@{ERASED_DOMAIN}", first_name=""
    )
    anonymisation_mark(object_type="subscriber", ids=[subscriber.pk], cause=cause, rule=rule)
    audit_record(
        action=AuditEvent.Action.ANONYMISE,
        user=by,
        household_id=subscriber.household_id,
        object_type="subscriber",
        object_id=subscriber.pk,
        summary=f"{why}. Mailchimp deletion queued",
    )
    return deletion


def subscribers_without_consent() -> QuerySet[Subscriber]:
    """Subscribed people with no stored consent: no time, source or wording version. There should be none."""
    blank = (
        Q(consent_wording_version="")
        | Q(consent_source="")
        | Q(consent_wording="")
        | Q(consented_at__isnull=True)
    )
    return Subscriber.objects.filter(blank, status=Subscriber.Status.SUBSCRIBED).order_by("pk")


def _deletions_finished_scrub() -> int:
    """Once Mailchimp has deleted an anonymised member, forget their Mailchimp id too."""
    anonymised = Anonymisation.objects.filter(object_type="subscriber").values("object_id")
    return MailchimpSync.objects.filter(
        action=MailchimpSync.Action.DELETE,
        status=MailchimpSync.Status.DONE,
        subscriber_id__in=anonymised,
        payload__has_key="subscriber_hash",
    ).update(payload={"removed": REMOVED})


class CampaignsHolder:
    label = "Campaigns"
    retention_kinds = frozenset({RetentionRule.Kind.NEWSLETTER_ENDED, RetentionRule.Kind.VISITOR_IDS})
    stores = (
        Store(
            "Touches (campaigns.Touchpoint)",
            "Each contact with APSE: channel, Kindred phase, campaign, time; the visitor id set with cookie "
            "consent; the referring page and campaign parameters.",
            "Anonymised: the visitor id and referring page go; channel, phase, campaign, kind and time stay, "
            "so attribution counts the same.",
        ),
        Store(
            "Newsletter records (campaigns.Subscriber)",
            "Email address, first name, council, subscription status, and the consent given: its wording, "
            "version, source and time.",
            "Unsubscribed, deleted from Mailchimp for good, then the address and name replaced here; the "
            "consent's wording, version, source and time stay as the record that consent was given.",
        ),
        Store(
            "Newsletter sign-ups held as doubtful (campaigns.HeldSignup)",
            "Email address, first name, council, the wording agreed to, and why the sign-up looked automated.",
            "Deleted.",
        ),
        Store(
            "Mailchimp changes (campaigns.MailchimpSync)",
            "Exactly what was sent to Mailchimp: address, first name, tags, the member's Mailchimp id.",
            "Every copy of the address and name removed at once; the delete request keeps the Mailchimp id "
            "until Mailchimp confirms, and the nightly retention run removes it after that.",
        ),
        Store(
            "Mailchimp audience (outside this system)",
            "The member, their tags and their email activity.",
            "Deleted permanently through Mailchimp's API (delete-permanent), retried until it succeeds.",
        ),
    )

    def warnings(self) -> list[str]:
        missing = subscribers_without_consent().count()
        if not missing:
            return []
        return [
            f"{missing} newsletter {'subscriber has' if missing == 1 else 'subscribers have'} no stored consent "
            "(time, source and wording version). Unsubscribe them under Campaigns → Newsletter until they "
            "sign up again."
        ]

    def find(self, *, email: str, phone: str) -> list[Anchor]:
        if not email:
            return []
        return [
            Anchor(
                "subscriber", subscriber.pk, f"Newsletter record: {subscriber.get_status_display().lower()}"
            )
            for subscriber in Subscriber.objects.filter(email=email)
        ] + [
            Anchor("held_signup", held.pk, "Newsletter sign-up held as doubtful")
            for held in HeldSignup.objects.filter(email=email.strip().lower())
        ]

    def anchor_identities(self, *, kind: str, pk: int):
        if kind == "held_signup":
            held = HeldSignup.objects.filter(pk=pk).first()
            return None if held is None else ((), frozenset({held.email}))
        if kind != "subscriber":
            return None
        subscriber = Subscriber.objects.filter(pk=pk).first()
        if subscriber is None:
            return None
        households = (subscriber.household_id,) if subscriber.household_id else ()
        emails = (
            frozenset() if subscriber.email.endswith("@" + ERASED_DOMAIN) else frozenset({subscriber.email})
        )
        return households, emails

    def identities(self, person: Person):
        households, emails, records = set(), set(), set()
        for pk, household_id, email in _subscribers(person).values_list("pk", "household_id", "email"):
            records.add(("subscriber", pk))
            if household_id:
                households.add(household_id)
            if not email.endswith("@" + ERASED_DOMAIN):
                emails.add(email)
        for pk, email in _held(person).values_list("pk", "email"):
            records.add(("held_signup", pk))
            emails.add(email)
        return households, emails, records

    def counts(self, person: Person) -> dict[str, int]:
        subscribers = _subscribers(person)
        return {
            "Touches (visits, sign-ups, stages reached)": _touches(person).count(),
            "Newsletter records": subscribers.count(),
            "Newsletter sign-ups held as doubtful": _held(person).count(),
            "Changes sent or queued to Mailchimp": MailchimpSync.objects.filter(
                subscriber__in=subscribers
            ).count(),
        }

    def export(self, person: Person) -> dict[str, list[dict]]:
        subscribers = list(_subscribers(person))
        syncs = MailchimpSync.objects.filter(subscriber__in=subscribers).order_by("created_at", "pk")
        return {
            "Touches: how you found us and what you did": [
                {
                    "When": _value(touch.occurred_at),
                    "What": touch.get_kind_display(),
                    "Channel": touch.channel.name,
                    "Kindred phase": PHASE_LABELS.get(touch.phase, touch.phase),
                    "Campaign": str(touch.campaign or ""),
                    "Details": touch.detail,
                    "Visitor id (set with your cookie consent)": str(touch.visitor or ""),
                }
                for touch in _touches(person).order_by("occurred_at", "pk")
            ],
            "Newsletter": [
                {
                    "Email": subscriber.email,
                    "First name": subscriber.first_name,
                    "Council": subscriber.council,
                    "Status": subscriber.get_status_display(),
                    "Consent wording": subscriber.consent_wording,
                    "Consent wording version": subscriber.consent_wording_version,
                    "Where consent was given (or last changed)": subscriber.consent_source,
                    "When consent was given": _value(subscriber.consented_at),
                    "Status last changed": _value(subscriber.status_changed_at),
                    "Added": _value(subscriber.created_at),
                }
                for subscriber in subscribers
            ],
            "Newsletter sign-ups held as doubtful": [
                {
                    "Email": held.email,
                    "First name": held.first_name,
                    "Council": held.council,
                    "Received": _value(held.received_at),
                    "Where": held.source,
                    "Consent wording": held.consent_wording,
                    "Consent wording version": held.consent_wording_version,
                    "Why it was held": " ".join(held.doubts),
                }
                for held in _held(person)
            ],
            "Mailchimp: what we sent to our email service": [
                {
                    "What": sync.get_action_display(),
                    "Status": sync.get_status_display(),
                    "Queued": _value(sync.created_at),
                    "Done": _value(sync.done_at),
                    "Attempts": sync.attempts,
                    "Mailchimp's answer (HTTP status)": sync.response_status,
                    "Exactly what was sent": sync.payload,
                }
                for sync in syncs
            ],
        }

    def erase(self, person: Person, *, by) -> dict[str, int]:
        touched = _touch_scrub(_touches(person).select_for_update(of=("self",)))
        subscribers = list(_not_anonymised(_subscribers(person)).select_for_update())
        for subscriber in subscribers:
            _subscriber_anonymise(
                subscriber, cause=Anonymisation.Cause.ERASURE, why="Erased on request", by=by
            )
        held, _ = _held(person).delete()
        return {
            "Touches anonymised": touched,
            "Newsletter records anonymised and deleted from Mailchimp": len(subscribers),
            "Newsletter sign-ups held as doubtful deleted": held,
        }

    def anonymise_households(self, household_ids: list[int], *, by) -> dict[str, int]:
        """The households were anonymised by retention. A subscription stands on its own consent, so it stays,
        but no longer points at the household."""
        touched = _touch_scrub(
            _touches(Person(household_ids=tuple(household_ids))).select_for_update(of=("self",))
        )
        detached = Subscriber.objects.filter(household__in=household_ids).update(household=None)
        return {"Touches anonymised": touched, "Newsletter records detached": detached}

    def _ended(self, cutoff: dt.datetime) -> QuerySet[Subscriber]:
        ended = Subscriber.objects.filter(
            status__in=[Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.CLEANED],
            status_changed_at__lt=cutoff,
        )
        return _not_anonymised(ended).order_by("status_changed_at", "pk")

    def _anonymous_visits(self, cutoff: dt.datetime) -> QuerySet[Touchpoint]:
        return Touchpoint.objects.filter(
            household__isnull=True, visitor__isnull=False, occurred_at__lt=cutoff
        )

    def retention_plan(self, *, kind: str, cutoff: dt.datetime, sample: int) -> RetentionPlan:
        if kind == RetentionRule.Kind.NEWSLETTER_ENDED:
            ended = self._ended(cutoff)
            return RetentionPlan(
                count=ended.count(),
                sample=[
                    f"Newsletter record {subscriber.pk}: {subscriber.get_status_display().lower()} on "
                    f"{timezone.localtime(subscriber.status_changed_at):%d %B %Y}; deleted from Mailchimp"
                    for subscriber in ended[:sample]
                ],
            )
        visits = self._anonymous_visits(cutoff)
        count = visits.count()
        return RetentionPlan(
            count=count,
            sample=[f"{count} visits before {timezone.localdate(cutoff):%d %B %Y} lose their visitor id"]
            if count
            else [],
        )

    def retention_apply(self, *, kind: str, cutoff: dt.datetime, rule, by, batch: int) -> int:
        total = 0
        if kind == RetentionRule.Kind.NEWSLETTER_ENDED:
            while ids := list(self._ended(cutoff).values_list("pk", flat=True)[:batch]):
                with transaction.atomic():
                    subscribers = list(
                        _not_anonymised(Subscriber.objects.filter(pk__in=ids)).select_for_update()
                    )
                    for subscriber in subscribers:
                        _subscriber_anonymise(
                            subscriber,
                            cause=Anonymisation.Cause.RETENTION,
                            why=f"Retention rule: {rule}",
                            by=by,
                            rule=rule,
                        )
                if not subscribers:
                    break
                total += len(subscribers)
            _deletions_finished_scrub()
            return total
        while ids := list(self._anonymous_visits(cutoff).values_list("pk", flat=True)[:batch]):
            with transaction.atomic():
                changed = _touch_scrub(Touchpoint.objects.filter(pk__in=ids).select_for_update())
            if not changed:
                break
            total += changed
        return total


holder = CampaignsHolder()
