import datetime as dt

from django.utils import timezone

import pytest
from icalendar import Calendar

from tests.factories import VenueFactory, event_index, event_page


@pytest.fixture
def index(home_page):
    return event_index(home_page)


@pytest.mark.django_db
def test_upcoming_events_soonest_first_and_past_ones_hidden(client, index):
    event_page(index, title="Later evening", days=20)
    event_page(index, title="Sooner evening", days=2)
    event_page(index, title="Last month", days=-30)
    html = client.get("/events/").content.decode()
    assert html.index("Sooner evening") < html.index("Later evening")
    assert "Last month" not in html


@pytest.mark.django_db
def test_an_event_in_progress_is_still_upcoming(client, index):
    event_page(index, title="Happening now", days=-1 / 24, hours=2)
    assert "Happening now" in client.get("/events/").content.decode()


@pytest.mark.django_db
def test_past_listing_newest_first(client, index):
    event_page(index, title="Two months ago", days=-60)
    event_page(index, title="Last week", days=-7)
    event_page(index, title="Next week", days=7)
    html = client.get("/events/", {"when": "past"}).content.decode()
    assert html.index("Last week") < html.index("Two months ago")
    assert "Next week" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "medway"}, {"Chatham evening"}),
        ({"area": "online"}, {"Online training"}),
        ({"type": "preparation_training"}, {"Online training"}),
        ({"area": "kent", "type": "information_evening"}, {"Maidstone evening"}),
        ({"area": "nowhere"}, {"Maidstone evening", "Chatham evening", "Online training"}),
    ],
)
def test_filters_by_area_and_type(client, index, params, expected):
    event_page(index, title="Maidstone evening", venue=VenueFactory(area="kent"))
    event_page(index, title="Chatham evening", venue=VenueFactory(area="medway", town="Chatham"))
    event_page(
        index,
        title="Online training",
        venue=VenueFactory(area="online", address="", town="", postcode=""),
        event_type="preparation_training",
    )
    response = client.get("/events/", params)
    assert {event.title for event in response.context["events"]} == expected


@pytest.mark.django_db
def test_event_page_offers_an_ics_download(client, index):
    event = event_page(index, title="Information evening", days=10)
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}calendar/"' in html


@pytest.mark.django_db
def test_ics_file_is_a_valid_calendar_with_the_event(client, index):
    venue = VenueFactory(name="Oak Hall", address="2 Mill Lane", town="Ashford", postcode="TN23 1AA")
    event = event_page(index, title="Information evening in Ashford", days=10, venue=venue)
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Information evening in Ashford"
    assert entry.decoded("DTSTART") == event.start
    assert entry.decoded("DTEND") == event.end
    assert str(entry["LOCATION"]) == "Oak Hall, 2 Mill Lane, Ashford, TN23 1AA"
    assert str(entry["URL"]).endswith(event.url)


@pytest.mark.django_db
def test_past_event_says_so_and_offers_no_calendar(client, index):
    event = event_page(index, title="Over", days=-3)
    html = client.get(event.url).content.decode()
    assert "This event has already happened" in html
    assert "calendar/" not in html


@pytest.mark.django_db
def test_event_times_are_shown_in_uk_time(client, index):
    start = timezone.make_aware(dt.datetime(2027, 7, 1, 18, 30))
    event = event_page(index, title="Summer evening", days=1)
    event.start, event.end = start, start + dt.timedelta(hours=2)
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "Thursday 1 July 2027, 6:30pm" in html
    assert "8:30pm" in html
