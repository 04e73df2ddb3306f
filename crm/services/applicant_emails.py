"""Emails to applicants about their own journey: a short note when it moves on, which they can turn off.

The email says only that the journey has moved on and where to see it: the page, behind sign-in,
holds the rest. It is an outbox row made in the same transaction as the move.
"""

from django.db import transaction

from crm.models import AuditEvent, EnquiryType, Household, SideEffect, StageChange, TimelineEntry

from .privacy import audit_record
from .side_effects import side_effect_queue


def stage_update_queue(*, household: Household, change: StageChange) -> SideEffect | None:
    """Queue the "your journey has moved on" email for a move, if they want it and we can send it."""
    if household.service != EnquiryType.ADOPTING or not household.email or not household.status_emails:
        return None
    return side_effect_queue(
        kind=SideEffect.Kind.STAGE_UPDATE,
        key=f"stage-update:{change.pk}",
        household=household,
        payload={"stage_change_id": change.pk, "stage": change.to_stage},
    )


@transaction.atomic
def status_emails_set(*, household: Household, on: bool) -> Household:
    """Turn the applicant's status emails on or off, from their own page."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.status_emails == on:
        return household
    household.status_emails = on
    household.save(update_fields=["status_emails", "updated_at"])
    summary = (
        "Turned on emails when their journey moves on"
        if on
        else "Turned off emails when their journey moves on"
    )
    TimelineEntry.objects.create(household=household, kind=TimelineEntry.Kind.CONSENT, summary=summary)
    audit_record(
        action=AuditEvent.Action.CHANGE, target=household, summary=f"{household.reference}: {summary.lower()}"
    )
    return household
