"""Families at family events: known to the CRM from their booking, never a recruitment enquiry.

Support groups, social events, activity days and training for approved adopters or adoptive families
(``crm.events.FAMILY_EVENT_TYPES``) are not doors into adopting. A booking for one joins the household
already known by email or phone, at whatever stage, open or closed, pack-only requesters included, and
changes nothing about it: no reopening, no routing, no move, no clock, no "last enquiry".

Someone nobody knows is made known at the stage before enquiry "Booked a family event": their
council's team is noted so the record is theirs to see (the bookings list and the organiser's list
name them, with their access needs), but no worker is given it and it is in no queue, count or report
of casework (``Household.objects.active()``). If they later enquire about adopting, the usual match
joins the enquiry to the same record and their case starts there (``crm.services.enquiries``).
"""

import datetime as dt

from django.utils import timezone

from core import consent
from crm.models import Household, Stage

from .enquiries import (
    EnquiryDetails,
    _consents_record,
    _identity_lock,
    household_find_match,
    household_known_create,
)

# Where the consent given with a family event's booking was given, as the household page shows it.
CONSENT_SOURCE = "Family event booking"


def family_event_booker_record(*, details: EnquiryDetails, at: dt.datetime | None = None) -> Household:
    """The household of whoever booked a family event, made if new, with the consent they gave.

    Run inside the booking's transaction; ``details`` has already been checked by the caller (a first
    name, an email address or phone number, and consent to be contacted).
    """
    at = at or timezone.now()
    _identity_lock(details)
    household = household_find_match(email=details.email, phone=details.phone, service=None)
    if household is None:
        household = household_known_create(details, stage=Stage.FAMILY_EVENT_BOOKED, at=at)
    _consents_record(
        household, details, enquiry=None, source=CONSENT_SOURCE, at=at, contact=consent.FAMILY_EVENT
    )
    return household
