"""Tells the CRM about events on the website, so the CRM never has to import website models."""

import datetime as dt

from django.conf import settings

from crm.events import EventInfo


def _info(page, *, ics: bytes = b"") -> EventInfo:
    from website.models import EventType

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return EventInfo(
        page_id=page.pk,
        title=page.title,
        start=page.start,
        end=page.end,
        location="Online" if page.venue.is_online else page.venue.one_line_address(),
        url=base + page.url if page.url else base,
        capacity=page.capacity,
        is_online=page.venue.is_online,
        is_information_event=page.event_type == EventType.INFORMATION_EVENING,
        ics=ics,
        event_type=page.event_type,
        organiser_id=page.organiser_id,
    )


def event_info(page_id: int) -> EventInfo | None:
    from django.test import RequestFactory

    from website.ics import event_calendar
    from website.models import EventPage

    page = EventPage.objects.select_related("venue").filter(pk=page_id).first()
    if page is None:
        return None
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    request = RequestFactory().get("/", HTTP_HOST=base.split("://", 1)[-1])
    return _info(page, ics=event_calendar(page, request))


def events_between(start: dt.datetime, end: dt.datetime) -> list[EventInfo]:
    """Live events running at any time between ``start`` and ``end``, soonest first: one query."""
    from website.models import EventPage

    pages = EventPage.objects.live().filter(start__lt=end, end__gte=start).select_related("venue")
    return [_info(page) for page in pages.order_by("start", "pk")]
