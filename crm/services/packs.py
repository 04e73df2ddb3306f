"""Someone asking for the information pack: known to the CRM from then on, not yet a case.

A request from someone the CRM does not know makes a household at the stage before enquiry
("information pack requested"): routed to their council's team so it is theirs to see once it
becomes a case, but left out of every queue, count and report of casework
(``Household.objects.active()``). When they enquire, the usual match by email address joins the
enquiry to the same household and their case starts there (``crm.services.enquiries``).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core import consent
from crm.models import PARTNER_COUNCILS, Consent, Household, Stage, Team, TimelineEntry
from crm.selectors import postcode_council

from .enquiries import EnquiryDetails, _identity_lock, household_find_match


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
        council = postcode_council(details.postcode)
        household = Household.objects.create(
            first_name=details.first_name,
            email=details.email,
            postcode=details.postcode,
            council=council,
            team=Team.objects.filter(council=council).first() if council in PARTNER_COUNCILS else None,
            stage=Stage.PACK_REQUESTED,
            stage_entered_at=at,
            first_enquiry_at=at,
            last_enquiry_at=at,
            stage_dates={Stage.PACK_REQUESTED: timezone.localdate(at).isoformat()},
        )
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
