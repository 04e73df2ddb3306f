"""What the CRM needs to know about an event, without importing the website.

The website registers a provider at start-up (``website.apps``); the CRM asks it by page id.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


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
    # The member of staff running it (a user id), who gets the day-before list of bookings.
    organiser_id: int | None = None


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
