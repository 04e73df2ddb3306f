"""Tells the CRM about events on the website, so the CRM never has to import website models."""

from django.conf import settings

from crm.events import EventInfo


def event_info(page_id: int) -> EventInfo | None:
    from django.test import RequestFactory

    from website.ics import event_calendar
    from website.models import EventPage, EventType

    page = EventPage.objects.select_related("venue").filter(pk=page_id).first()
    if page is None:
        return None
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    request = RequestFactory().get("/", HTTP_HOST=base.split("://", 1)[-1])
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
        ics=event_calendar(page, request),
        organiser_id=page.organiser_id,
    )
