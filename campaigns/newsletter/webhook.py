"""What Mailchimp tells us through its webhook: changes made on its side, recorded here."""

from django.db import transaction
from django.utils import timezone

from campaigns.models import Subscriber

from .subscribers import MAILCHIMP_SOURCE, subscriber_status_set


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
        subscriber_status_set(subscriber, status=Subscriber.Status.UNSUBSCRIBED, source=MAILCHIMP_SOURCE)
        return "unsubscribed"
    if kind == "cleaned":
        subscriber_status_set(subscriber, status=Subscriber.Status.CLEANED, source=MAILCHIMP_SOURCE)
        return "cleaned"
    if kind == "subscribe":
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            return "ignored"
        now = timezone.now()
        subscriber.consent_wording = "Signed up again through Mailchimp, with the wording Mailchimp showed."
        subscriber.consent_wording_version = "mailchimp"
        subscriber.consented_at = now
        subscriber.save(update_fields=["consent_wording", "consent_wording_version", "consented_at"])
        subscriber_status_set(
            subscriber, status=Subscriber.Status.SUBSCRIBED, source=MAILCHIMP_SOURCE, at=now
        )
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
