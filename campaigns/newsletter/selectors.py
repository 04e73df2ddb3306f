"""What the newsletter's admin screens read: subscribers, and the sync rows that need a person."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from campaigns.models import MailchimpSync, Subscriber


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
