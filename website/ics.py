"""iCalendar (RFC 5545) files for events, so visitors can add them to their own calendar."""

from icalendar import Calendar, Event, vText


def event_calendar(event_page, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Adoption Partnership south east//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", f"event-{event_page.pk}@{request.get_host().split(':')[0]}")
    entry.add("summary", event_page.title)
    entry.add("dtstart", event_page.start)
    entry.add("dtend", event_page.end)
    entry.add("dtstamp", event_page.last_published_at or event_page.start)
    url = event_page.get_full_url(request)
    entry.add("url", url)
    entry.add("description", f"{event_page.summary}\n\n{url}")
    venue = event_page.venue
    entry["location"] = vText("Online" if venue.is_online else venue.one_line_address())
    calendar.add_component(entry)
    return calendar.to_ical()
