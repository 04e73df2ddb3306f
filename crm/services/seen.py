"""Whether any member of staff has opened or acted on a household yet: the queue's "new" marker.

``Household.first_seen_at`` is empty until someone on the staff first opens the household page or
acts on the case through a service (a call, a note, a move, an assignment by a person, a merge,
attendance...). Routing a new enquiry to a worker is not a person acting, so a routed case is
still new to the worker who gets it.
"""

from django.utils import timezone

from crm.models import AuditEvent, Household

from .privacy import audit_record


def household_mark_seen(*, household: Household, by) -> None:
    """Record the first time a member of staff opened or acted on ``household``; later times change nothing.

    Sets the field on ``household`` too, so a service that saves the whole row afterwards keeps it.
    """
    if household.first_seen_at is not None or not getattr(by, "is_authenticated", False):
        return
    now = timezone.now()
    if not Household.objects.filter(pk=household.pk, first_seen_at__isnull=True).update(first_seen_at=now):
        now = Household.objects.values_list("first_seen_at", flat=True).get(pk=household.pk)
    household.first_seen_at = now


def household_opened(*, household: Household, request) -> None:
    """A member of staff opened the household page: record the view in the audit trail, and that it was seen."""
    audit_record(
        action=AuditEvent.Action.VIEW, target=household, request=request, summary="Household page opened"
    )
    household_mark_seen(household=household, by=request.user)
