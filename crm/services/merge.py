"""Merging two records of the same household, found to be the same people after the fact."""

from django.db import transaction
from django.utils import timezone

from crm.models import (
    STAGES_BEFORE_ENQUIRY,
    AuditEvent,
    ClosureReason,
    Consent,
    Document,
    DocumentRequest,
    Enquiry,
    EventBooking,
    Household,
    Link,
    RegistrationOfInterest,
    StageChange,
    TimelineEntry,
)
from crm.signals import households_merged, send_on_commit

from .equality import equality_answers_merge
from .pipeline import PipelineError, clock_refresh
from .privacy import audit_record
from .seen import household_mark_seen

FILLABLE = (
    "last_name",
    "partner_first_name",
    "partner_last_name",
    "email",
    "phone",
    "postcode",
    "household_type",
    "children_at_home",
    "best_time_to_call",
)


@transaction.atomic
def households_merge(*, keep: Household, remove: Household, by) -> Household:
    """Fold ``remove`` into ``keep``: its enquiries, consents, bookings, documents and timeline move across.

    ``remove`` stays as a closed record pointing at ``keep``, so links to it still lead somewhere
    and its own stage history still counts in reports for the dates it covered.
    """
    if keep.pk == remove.pk:
        raise PipelineError("Choose two different records to merge.")
    first, second = sorted([keep.pk, remove.pk])
    locked = {
        household.pk: household
        for household in Household.objects.select_for_update().filter(pk__in=[first, second])
    }
    keep, remove = locked[keep.pk], locked[remove.pk]
    if remove.merged_into_id:
        if remove.merged_into_id == keep.pk:
            return keep
        raise PipelineError("That record has already been merged into another one.")
    if keep.merged_into_id:
        raise PipelineError("The record to keep has itself been merged; merge into the record it points to.")
    if Link.objects.filter(household=remove, ended_on__isnull=True).exists():
        raise PipelineError(
            f"{remove.reference} has a link with a child that has not ended: open {remove.reference} and merge "
            "this record into it, so the link stays with the family's case."
        )
    if keep.stage in STAGES_BEFORE_ENQUIRY and remove.stage not in STAGES_BEFORE_ENQUIRY:
        raise PipelineError(
            f"{remove.reference} is a case and this record is not: open {remove.reference} and merge this "
            "one into it, so the case keeps its stage and history."
        )

    for name in FILLABLE:
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    keep.interests = sorted(set(keep.interests) | set(remove.interests))
    if remove.stage not in STAGES_BEFORE_ENQUIRY:
        # A record from before an enquiry (a family event's booking) never enquired: its dates are not enquiries.
        keep.first_enquiry_at = min(keep.first_enquiry_at, remove.first_enquiry_at)
        keep.last_enquiry_at = max(keep.last_enquiry_at, remove.last_enquiry_at)
    if remove.first_contact_at and (
        not keep.first_contact_at or remove.first_contact_at < keep.first_contact_at
    ):
        keep.first_contact_at = remove.first_contact_at
    keep.fast_track = keep.fast_track or remove.fast_track
    keep.early_permanence = keep.early_permanence or remove.early_permanence
    household_mark_seen(household=keep, by=by)
    keep.save()

    Enquiry.objects.filter(household=remove).update(household=keep)
    Consent.objects.filter(household=remove).update(household=keep)
    TimelineEntry.objects.filter(household=remove).update(household=keep)
    # What was asked of them and what they sent belong to the people, so to the record kept.
    DocumentRequest.objects.filter(household=remove).update(household=keep)
    Document.objects.filter(household=remove).update(household=keep)
    # One registration of interest a household: the duplicate's goes across only if the kept record has none
    # (otherwise it stays with the merged record, where subject access and erasure still find it).
    if not RegistrationOfInterest.objects.filter(household=keep).exists():
        RegistrationOfInterest.objects.filter(household=remove).update(household=keep)
    equality_answers_merge(keep=keep, remove=remove)
    kept_events = set(
        EventBooking.objects.filter(household=keep)
        .exclude(status=EventBooking.Status.CANCELLED)
        .values_list("event_id", flat=True)
    )
    for booking in EventBooking.objects.filter(household=remove):
        if booking.event_id in kept_events and booking.status != EventBooking.Status.CANCELLED:
            booking.status = EventBooking.Status.CANCELLED
            booking.save(update_fields=["status", "updated_at"])
        booking.household = keep
        booking.save(update_fields=["household", "updated_at"])

    now = timezone.now()
    if remove.is_open:
        StageChange.objects.create(
            household=remove,
            kind=StageChange.Kind.CLOSE,
            from_stage=remove.stage,
            to_stage=remove.stage,
            closure_reason=ClosureReason.DUPLICATE,
            effective_at=now,
            by=by,
            note=f"Merged into {keep.reference}.",
        )
        remove.closed_at = now
        remove.closure_reason = ClosureReason.DUPLICATE
    remove.merged_into = keep
    remove.save()
    clock_refresh(remove)
    clock_refresh(keep)
    send_on_commit(households_merged, keep_id=keep.pk, remove_id=remove.pk)
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=[keep, remove],
        user=by,
        summary=f"Merged {remove.reference} into {keep.reference}",
    )
    TimelineEntry.objects.create(
        household=keep,
        kind=TimelineEntry.Kind.MERGE,
        at=now,
        by=by,
        summary=f"Merged {remove.reference} ({remove.display_name}) into this record",
    )
    return keep
