"""Newsletter sign-ups held as doubtful: kept for a person to sign them up or delete, never dropped.

The public form's checks (``campaigns.newsletter.signup.signup_doubts``: the hidden field, the timing
token, too many sign-ups from one address) cannot tell a script from a family behind one school or
office network every time. So a doubtful sign-up waits here, as a quarantined enquiry does, and
the newsletter team decides: *Sign them up* subscribes them with the consent they gave at the
time; *Delete* removes it. Each decision, and each held sign-up shown, is in the audit trail.
"""

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import HeldSignup, Subscriber

from .subscribers import subscriber_subscribe


def held_signup_create(
    *,
    email: str,
    first_name: str,
    council: str,
    source: str,
    wording: str,
    wording_version: str,
    doubts: list[str],
    at: dt.datetime | None = None,
) -> HeldSignup:
    """Keep a doubtful sign-up, with why it was held and the wording the visitor agreed to."""
    return HeldSignup.objects.create(
        email=email.strip().lower(),
        first_name=(first_name or "").strip()[:100],
        council=council or "",
        source=source[:40],
        consent_wording=wording,
        consent_wording_version=wording_version,
        doubts=list(doubts),
        received_at=at or timezone.now(),
    )


def held_signups_waiting() -> QuerySet[HeldSignup]:
    return HeldSignup.objects.order_by("-received_at", "-pk")


def held_signup_get(*, pk: int) -> HeldSignup | None:
    return HeldSignup.objects.filter(pk=pk).first()


@transaction.atomic
def held_signup_release(*, held: HeldSignup) -> Subscriber | None:
    """A person judged it genuine: subscribe them with the consent they gave when they signed up.

    Returns None if someone else decided first. Signing up goes through ``subscriber_subscribe``,
    so someone who has unsubscribed since is not signed up again by an older consent.
    """
    held = HeldSignup.objects.select_for_update().filter(pk=held.pk).first()
    if held is None:
        return None
    subscriber = subscriber_subscribe(
        email=held.email,
        first_name=held.first_name,
        council=held.council,
        wording=held.consent_wording,
        wording_version=held.consent_wording_version,
        source=held.source,
        at=held.received_at,
    )
    held.delete()
    return subscriber


@transaction.atomic
def held_signup_delete(*, held: HeldSignup) -> bool:
    """A person judged it automated: delete it. False if someone else decided first."""
    deleted, _ = HeldSignup.objects.filter(pk=held.pk).delete()
    return bool(deleted)
