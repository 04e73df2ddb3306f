"""What the CRM needs to know about an event, without importing the website.

The website registers a provider at start-up (``website.apps``); the CRM asks it by page id.

Which kinds of event are doors into adopting is decided here, once, by the event type's value
(``website.models.EventType``): information evenings and preparation training are recruitment
events, and booking one is an enquiry through the front door. Every other kind is a family event,
for approved and adoptive families, and booking one never is (``crm.services.families``). The
website's system check fails if it has a kind of event this module does not sort.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

# Doors into adopting: a booking is an enquiry, routed to a recruitment team with its clock running.
RECRUITMENT_EVENT_TYPES = frozenset({"information_evening", "preparation_training"})
# For approved adopters and adoptive families (the business case's adoption support and after care):
# a booking attaches to the family's record, or makes them known, and is no enquiry.
FAMILY_EVENT_TYPES = frozenset(
    {"support_group", "social_event", "activity_day", "post_approval_training", "post_adoption_training"}
)


def event_type_is_family(event_type: str) -> bool:
    """Whether booking an event of this type is a family event's booking rather than an enquiry.

    A type sorted into neither set is treated as a recruitment door, as every event was before
    family events: the website's check names it, so it is never left that way.
    """
    return event_type in FAMILY_EVENT_TYPES


@dataclass(frozen=True)
class EventInfo:
    page_id: int
    title: str
    start: dt.datetime
    end: dt.datetime
    location: str
    url: str
    capacity: int
    is_online: bool
    is_information_event: bool
    ics: bytes = b""
    # The event's type (``website.models.EventType`` value); see ``event_type_is_family``.
    event_type: str = ""
    # The member of staff running it (a user id), who gets the day-before list of bookings.
    organiser_id: int | None = None

    @property
    def is_family_event(self) -> bool:
        return event_type_is_family(self.event_type)


_provider: Callable[[int], EventInfo | None] | None = None
_listing: Callable[[dt.datetime, dt.datetime], list[EventInfo]] | None = None


def register_event_provider(provider: Callable[[int], EventInfo | None]) -> None:
    global _provider
    _provider = provider


def event_info(page_id: int) -> EventInfo | None:
    if _provider is None:
        raise RuntimeError("No event provider is registered; the website app registers one when it starts.")
    return _provider(page_id)


def register_event_listing(listing: Callable[[dt.datetime, dt.datetime], list[EventInfo]]) -> None:
    global _listing
    _listing = listing


def events_between(*, start: dt.datetime, end: dt.datetime) -> list[EventInfo]:
    """Published events running at any time from ``start`` to ``end``, soonest first, read in one go.

    Without their calendar files: lists need the facts, not a file per event.
    """
    if _listing is None:
        raise RuntimeError("No event listing is registered; the website app registers one when it starts.")
    return _listing(start, end)
