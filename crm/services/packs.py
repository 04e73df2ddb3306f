"""Someone asking for the information pack (known from then on, not yet a case), and printed packs.

A request from someone the CRM does not know makes a household at the stage before enquiry
("information pack requested"): routed to their council's team so it is theirs to see once it
becomes a case, but left out of every queue, count and report of casework
(``Household.objects.active()``). When they enquire, the usual match by email address joins the
enquiry to the same household and their case starts there (``crm.services.enquiries``).

A worker puts a printed pack on the print list with the address to post it to; whoever posts the
packs marks them posted, and each posted pack is a touch on the information packs channel.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core import consent
from crm.models import (
    AuditEvent,
    Consent,
    Household,
    PrintedPack,
    Stage,
    TimelineEntry,
)
from crm.postcodes import postcode_normalise
from crm.selectors import printed_packs_waiting
from crm.signals import printed_pack_posted, send_on_commit

from .enquiries import EnquiryDetails, _identity_lock, household_find_match, household_known_create
from .pipeline import PipelineError
from .privacy import audit_record
from .seen import household_mark_seen


@transaction.atomic
def information_pack_requester_record(
    *, first_name: str, email: str, postcode: str, source: str, at: dt.datetime | None = None
) -> Household:
    """The household of whoever asked for the pack, made if new, with the consent they gave and a note."""
    at = at or timezone.now()
    details = EnquiryDetails(first_name=first_name.strip(), email=email, postcode=postcode)
    _identity_lock(details)
    household = household_find_match(email=details.email)
    if household is None:
        household = household_known_create(details, stage=Stage.PACK_REQUESTED, at=at)
    elif not household.postcode and details.postcode:
        household.postcode = details.postcode
        household.save(update_fields=["postcode", "updated_at"])
    Consent.objects.create(
        household=household,
        purpose=Consent.Purpose.CONTACT,
        granted=True,
        wording_version=consent.INFORMATION_PACK.version,
        wording=consent.INFORMATION_PACK.text,
        source=source,
        recorded_at=at,
    )
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.EMAIL,
        at=at,
        summary=f"Asked for the information pack ({source})",
    )
    return household


# Printed packs ---------------------------------------------------------------------------------


@transaction.atomic
def printed_pack_request(*, household: Household, name: str, address: str, postcode: str, by) -> PrintedPack:
    """Put a printed pack for this household on the print list. One waits at a time per household."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    waiting = PrintedPack.objects.filter(household=household, posted_at__isnull=True).first()
    if waiting:
        asked = timezone.localtime(waiting.requested_at)
        raise PipelineError(
            f"A printed pack is already on the print list for them, asked for on {asked:%-d %B %Y}. "
            "It will go out with the next post."
        )
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if not lines:
        raise PipelineError("Give the address the pack should be posted to.")
    pack = PrintedPack.objects.create(
        household=household,
        name=name.strip(),
        address="\n".join(lines),
        postcode=postcode_normalise(postcode),
        requested_by=by,
    )
    household_mark_seen(household=household, by=by)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.NOTE,
        by=by,
        summary="Printed information pack put on the print list",
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        user=by,
        summary="Printed information pack asked for",
    )
    return pack


@transaction.atomic
def printed_packs_mark_posted(*, user, pack_ids: list[int], at: dt.datetime | None = None) -> int:
    """Mark these packs posted, of those this person may see and still waiting; the rest are ignored.

    Each posted pack is a touch on the information packs channel (``crm.signals.printed_pack_posted``).
    Returns how many were marked.
    """
    at = at or timezone.now()
    waiting = printed_packs_waiting(user).filter(pk__in=pack_ids).values_list("pk", flat=True)
    packs = list(PrintedPack.objects.select_for_update().filter(pk__in=list(waiting), posted_at__isnull=True))
    for pack in packs:
        pack.posted_at = at
        pack.posted_by = user
    PrintedPack.objects.bulk_update(packs, ["posted_at", "posted_by"])
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            household_id=pack.household_id,
            kind=TimelineEntry.Kind.EMAIL,
            by=user,
            at=at,
            summary="Printed information pack posted",
        )
        for pack in packs
    )
    if packs:
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=packs,
            user=user,
            summary="Printed information pack posted",
        )
    for pack in packs:
        send_on_commit(printed_pack_posted, printed_pack_id=pack.pk)
    return len(packs)
