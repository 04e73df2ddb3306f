import datetime as dt
import re
import threading
import uuid

from django.core import mail
from django.db import connections
from django.utils import timezone

import pytest

from crm.models import Enquiry, EventBooking, Household, SideEffect, Source, Stage, TimelineEntry
from crm.services import (
    BookingError,
    booking_cancel,
    booking_create,
    booking_mark_attendance,
    booking_reminders_queue,
    enquiry_create,
    household_advance,
)
from tests.factories import UserFactory, enquiry_details, event_index, event_page, staff_member
from website.models import EventPage

BOOKED, WAITING, CANCELLED = (
    EventBooking.Status.BOOKED,
    EventBooking.Status.WAITING,
    EventBooking.Status.CANCELLED,
)


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.fixture
def events(home_page):
    return event_index(home_page)


@pytest.fixture
def evening(events, kent_worker):
    return event_page(events, title="Information evening in Maidstone", days=10, capacity=2)


def book(event, n: int = 1, *, places: int = 1, **fields):
    fields.setdefault("email", f"person{n}@example.com")
    fields.setdefault("phone", "")
    return booking_create(
        event_id=event.pk, capacity=event.capacity, details=enquiry_details(**fields), places=places
    )


def move_event(event, *, start: dt.datetime, hours: float = 2) -> None:
    """Put an event at a given time, as if it had been booked earlier and the date has come."""
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + dt.timedelta(hours=hours))


def statuses(*bookings) -> list[str]:
    return [EventBooking.objects.get(pk=booking.pk).status for booking in bookings]


# The service


@pytest.mark.django_db
def test_booking_creates_a_routed_household_and_counts_as_an_event_enquiry(evening, kent_worker):
    booking = book(evening, newsletter_consent=True)
    assert booking.status == BOOKED
    household = booking.household
    assert household.assigned_to == kent_worker
    assert household.stage == Stage.ENQUIRY
    enquiry = booking.enquiry
    assert (enquiry.source, enquiry.status, enquiry.household) == (Source.EVENT, "accepted", household)
    assert "Information evening in Maidstone" in enquiry.message
    assert set(household.consents.values_list("purpose", flat=True)) == {"contact", "newsletter"}
    assert household.timeline.filter(
        kind=TimelineEntry.Kind.BOOKING, summary__startswith="Booked 1 place"
    ).exists()
    # The booking confirmation is the reply: no separate enquiry confirmation.
    assert set(SideEffect.objects.filter(household=household).values_list("kind", flat=True)) == {
        "booking_confirmation",
        "worker_notification",
    }


@pytest.mark.django_db
def test_booking_joins_the_household_already_known_by_email(evening):
    earlier = enquiry_create(source=Source.WEB, details=enquiry_details(email="person1@example.com"))
    booking = book(evening, 1, first_name="Alexandra")
    assert booking.household == earlier.household
    assert Household.objects.count() == 1
    assert list(booking.household.enquiries.order_by("received_at").values_list("source", flat=True)) == [
        "web",
        "event",
    ]


@pytest.mark.django_db
def test_places_fill_up_then_bookings_join_the_waiting_list(evening):
    first, second, third = book(evening, 1), book(evening, 2), book(evening, 3)
    assert [first.status, second.status, third.status] == [BOOKED, BOOKED, WAITING]
    assert SideEffect.objects.get(key=f"booking_waiting:{third.pk}").household == third.household
    assert third.household.timeline.filter(summary__startswith="On the waiting list").exists()


@pytest.mark.django_db
def test_two_places_when_only_one_is_left_goes_on_the_waiting_list(evening):
    book(evening, 1)
    pair = book(evening, 2, places=2)
    single = book(evening, 3)
    assert (pair.status, single.status) == (WAITING, BOOKED)


@pytest.mark.django_db
@pytest.mark.parametrize("places", [0, 3])
def test_only_one_or_two_places_can_be_booked(evening, places):
    with pytest.raises(BookingError, match="1 or 2 places"):
        book(evening, places=places)
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_a_double_submit_books_once(evening):
    key = uuid.uuid4()
    details = enquiry_details(email="twice@example.com")
    first = booking_create(event_id=evening.pk, capacity=2, details=details, submission_key=key)
    again = booking_create(event_id=evening.pk, capacity=2, details=details, submission_key=key)
    assert again.pk == first.pk
    assert (EventBooking.objects.count(), Enquiry.objects.count()) == (1, 1)
    assert SideEffect.objects.filter(kind="booking_confirmation").count() == 1


@pytest.mark.django_db
def test_booking_again_for_the_same_event_returns_the_live_booking(evening):
    first = book(evening, 1)
    again = book(evening, 1, phone="07700 900999")
    assert again.pk == first.pk
    assert EventBooking.objects.count() == 1


@pytest.mark.django_db
def test_an_event_that_has_started_cannot_be_booked(evening):
    move_event(evening, start=timezone.now() - dt.timedelta(minutes=10))
    with pytest.raises(BookingError, match="already started"):
        book(evening)
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_cancelling_gives_the_place_to_the_earliest_waiting_booking_that_fits(evening):
    first, second = book(evening, 1), book(evening, 2)
    pair = book(evening, 3, places=2)
    single = book(evening, 4)
    assert statuses(pair, single) == [WAITING, WAITING]

    booking_cancel(token=first.token)
    # One place is free: the pair asked first but does not fit, so the single booking gets it.
    assert statuses(first, pair, single) == [CANCELLED, WAITING, BOOKED]
    assert SideEffect.objects.filter(key=f"booking_cancelled:{first.pk}").exists()
    assert SideEffect.objects.filter(key=f"booking_promoted:{single.pk}").exists()
    assert single.household.timeline.filter(summary__contains="from the waiting list").exists()
    assert first.household.timeline.filter(summary__startswith="Cancelled their booking").exists()

    booking_cancel(token=second.token)
    booking_cancel(token=single.token)
    assert statuses(pair) == [BOOKED]


@pytest.mark.django_db
def test_places_added_to_a_full_event_go_to_the_waiting_list_first(evening):
    book(evening, 1, places=2)
    waiting = book(evening, 2)
    EventPage.objects.filter(pk=evening.pk).update(capacity=3)
    newcomer = booking_create(
        event_id=evening.pk, capacity=3, details=enquiry_details(email="new@example.com")
    )
    assert statuses(waiting, newcomer) == [BOOKED, WAITING]
    assert SideEffect.objects.filter(key=f"booking_promoted:{waiting.pk}").exists()


@pytest.mark.django_db
def test_cancelling_twice_is_harmless(evening):
    first, _ = book(evening, 1), book(evening, 2)
    waiting = book(evening, 3)
    booking_cancel(token=first.token)
    again = booking_cancel(token=first.token)
    assert again.status == CANCELLED
    assert SideEffect.objects.filter(kind="booking_cancelled").count() == 1
    assert SideEffect.objects.filter(kind="booking_promoted").count() == 1
    assert statuses(waiting) == [BOOKED]
    assert first.household.timeline.filter(summary__startswith="Cancelled").count() == 1


@pytest.mark.django_db
def test_leaving_the_waiting_list_promotes_nobody(evening):
    book(evening, 1, places=2)
    first_waiting, second_waiting = book(evening, 2), book(evening, 3)
    booking_cancel(token=first_waiting.token)
    assert statuses(second_waiting) == [WAITING]
    assert first_waiting.household.timeline.filter(summary__startswith="Left the waiting list").exists()


@pytest.mark.django_db
def test_a_cancelled_household_can_book_again(evening):
    first = book(evening, 1)
    booking_cancel(token=first.token)
    again = book(evening, 1)
    assert again.pk != first.pk
    assert again.status == BOOKED


@pytest.mark.django_db
def test_cancelling_after_the_event_started_is_refused(evening):
    booking = book(evening)
    move_event(evening, start=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(BookingError, match="already started"):
        booking_cancel(token=booking.token)
    assert statuses(booking) == [BOOKED]


@pytest.mark.django_db
def test_cancelling_an_unknown_booking_says_so():
    with pytest.raises(BookingError, match="could not find that booking"):
        booking_cancel(token=uuid.uuid4())


@pytest.mark.django_db
def test_attending_an_information_event_moves_an_early_household_on(evening, kent_worker):
    enquiry_create(
        source=Source.PHONE,
        details=enquiry_details(email="person1@example.com"),
        received_at=timezone.now() - dt.timedelta(days=10),
    )
    booking = book(evening, 1)
    start = timezone.now() - dt.timedelta(days=2)
    move_event(evening, start=start)
    booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    household = Household.objects.get(pk=booking.household_id)
    assert statuses(booking) == ["attended"]
    assert household.stage == Stage.INFORMATION_EVENT
    assert household.stage_changes.get().effective_at == start
    assert household.timeline.filter(kind=TimelineEntry.Kind.ATTENDANCE).count() == 1


@pytest.mark.django_db
def test_attendance_never_moves_a_household_backwards(evening, kent_worker):
    booking = book(evening)
    household = booking.household
    household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=kent_worker.user)
    move_event(evening, start=timezone.now() - dt.timedelta(hours=3))
    booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    booking_mark_attendance(booking=booking, attended=False, by=kent_worker.user)
    household.refresh_from_db()
    assert household.stage == Stage.REGISTRATION_OF_INTEREST
    assert statuses(booking) == ["no_show"]
    assert list(household.timeline.filter(kind="attendance").values_list("summary", flat=True)) == [
        "Did not come to Information evening in Maidstone",
        "Came to Information evening in Maidstone",
    ]


@pytest.mark.django_db
def test_attending_other_kinds_of_event_leaves_the_stage_alone(events, kent_worker):
    training = event_page(events, title="Preparation training", days=3, event_type="preparation_training")
    booking = book(training)
    move_event(training, start=timezone.now() - dt.timedelta(hours=1))
    booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    assert Household.objects.get(pk=booking.household_id).stage == Stage.ENQUIRY
    assert statuses(booking) == ["attended"]


@pytest.mark.django_db
def test_attendance_waits_for_the_day_of_the_event(evening, kent_worker):
    booking = book(evening)
    with pytest.raises(BookingError, match="from the day of the event"):
        booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    assert statuses(booking) == [BOOKED]


@pytest.mark.django_db
def test_reminders_go_to_booked_places_at_tomorrows_events_once(events, kent_worker):
    today = timezone.localdate()
    at = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 30)))
    tomorrow = event_page(events, title="Tomorrow", days=5, capacity=1)
    later = event_page(events, title="Day after", days=5)
    booked, waiting, cancelled = book(tomorrow, 1), book(tomorrow, 2), book(tomorrow, 3, places=2)
    booking_cancel(token=cancelled.token)
    elsewhere = book(later, 1)
    move_event(tomorrow, start=at + dt.timedelta(days=1))
    move_event(later, start=at + dt.timedelta(days=2))

    assert booking_reminders_queue(today=today) == 1
    assert booking_reminders_queue(today=today) == 0
    assert list(SideEffect.objects.filter(kind="booking_reminder").values_list("key", flat=True)) == [
        f"booking_reminder:{booked.pk}"
    ]
    assert EventBooking.objects.get(pk=booked.pk).reminder_sent_at is not None
    assert EventBooking.objects.get(pk=waiting.pk).reminder_sent_at is None
    assert booking_reminders_queue(today=today + dt.timedelta(days=1)) == 1
    assert EventBooking.objects.get(pk=elsewhere.pk).reminder_sent_at is not None


@pytest.mark.django_db
def test_the_beat_task_queues_the_reminders(events, kent_worker):
    from crm.tasks import booking_reminders_send

    event = event_page(events, title="Tomorrow", days=5)
    booking = book(event)
    move_event(event, start=timezone.now() + dt.timedelta(days=1))
    assert booking_reminders_send.apply().get() == 1
    assert EventBooking.objects.get(pk=booking.pk).reminder_sent_at is not None


# Emails


def attachment_names(message) -> list[tuple[str, str]]:
    return [(name, mimetype) for name, _content, mimetype in message.attachments]


@pytest.mark.django_db
def test_confirmation_email_has_the_cancellation_link_and_a_calendar_file(
    evening, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(evening, 1)
    [confirmation] = [
        message for message in mail.outbox if message.subject.startswith("Your place is booked")
    ]
    assert confirmation.to == ["person1@example.com"]
    assert confirmation.subject == "Your place is booked: Information evening in Maidstone"
    link = f"http://testserver/bookings/{booking.token}/cancel/"
    assert link in confirmation.body
    assert attachment_names(confirmation) == [("event.ics", "text/calendar")]
    assert "SUMMARY:Information evening in Maidstone" in str(confirmation.attachments[0][1])
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


@pytest.mark.django_db
def test_waiting_promotion_cancellation_and_reminder_emails(evening, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = book(evening, 1), book(evening, 2)
        waiting = book(evening, 3)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(token=first.token)
    move_event(evening, start=timezone.now() + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        booking_reminders_queue(today=timezone.localdate())
    to_waiting = [message for message in mail.outbox if message.to == ["person3@example.com"]]
    subjects = [message.subject.split(":")[0] for message in to_waiting]
    assert subjects == [
        "You are on the waiting list",
        "Good news, a place is yours",
        "See you tomorrow",
    ]
    assert all(f"/bookings/{waiting.token}/cancel/" in message.body for message in to_waiting)
    assert attachment_names(to_waiting[1]) == [("event.ics", "text/calendar")]
    assert attachment_names(to_waiting[2]) == [("event.ics", "text/calendar")]
    [cancelled] = [
        message for message in mail.outbox if message.subject.startswith("Your booking is cancelled")
    ]
    assert cancelled.to == ["person1@example.com"]


# Concurrency


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_for_the_last_place_book_exactly_one_on_postgres(
    postgres, crm_reference, home_page
):
    staff_member("worker", council="kent")
    event = event_page(event_index(home_page), title="Last place", days=5, capacity=3)
    for n in range(2):
        book(event, 100 + n)
    contenders = 8
    # People who enquired before: joining their records takes no team lock, so only the event lock
    # stands between them and the last place.
    for n in range(contenders):
        enquiry_create(source=Source.PHONE, details=enquiry_details(email=f"person{n}@example.com", phone=""))
    barrier = threading.Barrier(contenders)
    errors = []

    def submit(n: int):
        try:
            barrier.wait(timeout=10)
            book(event, n)
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    contested = EventBooking.objects.filter(event_id=event.pk).exclude(
        household__email__startswith="person10"
    )
    assert sorted(contested.values_list("status", flat=True)) == [BOOKED] + [WAITING] * (contenders - 1)
    assert EventBooking.objects.filter(event_id=event.pk, status=BOOKED).count() == 3


# The event page and its form


def form_data(**fields) -> dict:
    data = {
        "first_name": "Alex",
        "last_name": "Morgan",
        "email": "alex@example.com",
        "phone": "",
        "postcode": "ME14 1XX",
        "places": "1",
        "heard_about": "radio",
        "contact_consent": "on",
        "submission_key": str(uuid.uuid4()),
        "website": "",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.django_db
def test_event_page_shows_places_left_and_the_booking_form(client, evening):
    book(evening, 1)
    html = client.get(evening.url).content.decode()
    assert "1 place left." in html
    assert f'action="{evening.url}book/"' in html
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)
    assert 'tabindex="-1"' in html and "Leave this empty" in html
    assert 'name="newsletter_consent"' in html and 'name="newsletter_consent" checked' not in html


@pytest.mark.django_db
def test_a_full_event_offers_the_waiting_list(client, evening):
    book(evening, 1, places=2)
    html = client.get(evening.url).content.decode()
    assert "This event is full: join the waiting list." in html
    assert "Join the waiting list</button>" in html


@pytest.mark.django_db
def test_past_and_started_events_show_no_form(client, events):
    past = event_page(events, title="Last month", days=-30)
    started = event_page(events, title="Started", days=-1 / 24, hours=3)
    assert "booking-form" not in client.get(past.url).content.decode()
    html = client.get(started.url).content.decode()
    assert "booking-form" not in html
    assert "booking has closed" in html
    assert client.post(f"{past.url}book/", form_data()).status_code == 302
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_booking_from_the_event_page_redirects_to_the_confirmation(client, evening):
    response = client.post(f"{evening.url}book/", form_data(places="2"))
    booking = EventBooking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{evening.url}book/done/?b={booking.token}"
    assert (booking.places, booking.household.email, booking.enquiry.heard_about) == (
        2,
        "alex@example.com",
        "radio",
    )
    done = client.get(response["Location"])
    html = done.content.decode()
    assert "Your place is booked" in html
    assert f"/bookings/{booking.token}/cancel/" in html
    assert f"{evening.url}calendar/" in html
    assert done["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_campaign_parameters_are_kept_with_the_booking_enquiry(client, evening):
    html = client.get(evening.url, {"utm_source": "radio", "utm_campaign": "spring"}).content.decode()
    assert 'name="utm_source" value="radio"' in html
    client.post(f"{evening.url}book/", form_data(utm_source="radio", utm_campaign="s" * 1000))
    attribution = Enquiry.objects.get().attribution
    assert attribution == {
        "utm_source": "radio",
        "utm_campaign": "s" * 300,
        "host": "testserver",
        "landing": evening.url,
    }


@pytest.mark.django_db
def test_the_confirmation_says_when_you_are_on_the_waiting_list(client, evening):
    book(evening, 1, places=2)
    response = client.post(f"{evening.url}book/", form_data(), follow=True)
    assert "You are on the waiting list" in response.content.decode()
    assert EventBooking.objects.get(household__email="alex@example.com").status == WAITING


@pytest.mark.django_db
def test_a_double_clicked_submit_books_once(client, evening):
    data = form_data()
    first = client.post(f"{evening.url}book/", data)
    second = client.post(f"{evening.url}book/", data)
    assert first["Location"] == second["Location"]
    assert EventBooking.objects.count() == 1


@pytest.mark.django_db
def test_form_errors_are_summarised_and_everything_typed_is_kept(client, evening):
    data = form_data(email="", postcode="nowhere", phone="12", places="2", contact_consent=None)
    response = client.post(f"{evening.url}book/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    summary = html[
        html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))
    ]
    assert re.findall(r'href="#(id_\w+)"', summary) == [
        "id_email",
        "id_phone",
        "id_postcode",
        "id_contact_consent",
    ]
    assert 'id="id_email_error"' in html
    assert 'value="Alex"' in html and 'value="Morgan"' in html and 'value="nowhere"' in html
    assert f'value="{data["submission_key"]}"' in html
    assert re.search(r'value="2"\s+id="id_places_1"[^>]*checked|value="2"[^>]*checked', html)
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_a_filled_honeypot_is_quarantined_and_thanked_like_anyone(client, evening):
    response = client.post(f"{evening.url}book/", form_data(website="http://spam.example"), follow=True)
    assert "Thank you, we have your request" in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert (enquiry.status, enquiry.source, enquiry.household) == ("quarantined", "event", None)
    assert "Information evening in Maidstone" in enquiry.message
    assert enquiry.spam_reasons
    assert not EventBooking.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"places": "99"},
        {"places": "-1"},
        {"places": "abc"},
        {"places": ""},
        {"submission_key": "not-a-uuid"},
        {"submission_key": "'; DROP TABLE crm_household; --"},
        {"first_name": "A" * 5000},
        {"first_name": "Al\x00ex"},
        {"email": "x" * 300 + "@example.com"},
        {"heard_about": "<script>alert(1)</script>"},
        {"postcode": "ME14 1XX" * 50},
        {"phone": "+44 " + "7" * 40},
        {"contact_consent": "maybe"},
        {"csrfmiddlewaretoken": "nope", "extra": "field"},
    ],
)
def test_hostile_input_never_breaks_the_form(client, evening, fields):
    response = client.post(f"{evening.url}book/", form_data(**fields))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
    assert EventBooking.objects.count() <= 1


@pytest.mark.django_db
def test_getting_the_booking_address_goes_back_to_the_form(client, evening):
    response = client.get(f"{evening.url}book/")
    assert response.status_code == 302
    assert response["Location"] == f"{evening.url}#book"


@pytest.mark.django_db
def test_the_confirmation_page_shows_nothing_for_another_events_token(client, events, evening):
    other = event_page(events, title="Another evening", days=12)
    booking = book(other)
    html = client.get(f"{evening.url}book/done/", {"b": str(booking.token)}).content.decode()
    assert "Your place is booked" not in html
    assert str(booking.token) not in html


# Public cancellation


@pytest.mark.django_db
def test_cancellation_link_asks_then_cancels(client, evening):
    booking, waiting = book(evening, 1, places=2), book(evening, 2)
    address = f"/bookings/{booking.token}/cancel/"
    page = client.get(address)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Information evening in Maidstone" in html and "Cancel my place</button>" in html
    assert 'name="robots" content="noindex"' in html
    response = client.post(address)
    assert response.status_code == 302 and response["Location"] == address
    assert statuses(booking, waiting) == [CANCELLED, BOOKED]
    assert "Your booking is cancelled" in client.get(address).content.decode()
    assert client.post(address).status_code == 302


@pytest.mark.django_db
def test_cancellation_after_the_start_explains_why_not(client, evening):
    booking = book(evening)
    move_event(evening, start=timezone.now() - dt.timedelta(minutes=1))
    html = client.get(f"/bookings/{booking.token}/cancel/").content.decode()
    assert "already started" in html and "Cancel my place</button>" not in html
    response = client.post(f"/bookings/{booking.token}/cancel/")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert statuses(booking) == [BOOKED]


@pytest.mark.django_db
def test_an_unknown_cancellation_link_is_not_found(client, crm_reference):
    assert client.get(f"/bookings/{uuid.uuid4()}/cancel/").status_code == 404
    assert client.post(f"/bookings/{uuid.uuid4()}/cancel/").status_code == 404
    assert client.get("/bookings/not-a-token/cancel/").status_code == 404


# Staff screens


@pytest.fixture
def people(evening):
    """A Kent and a Medway household booked on the same event, and one of each role."""
    from website.roles import MARKETING_EDITORS, roles_sync

    medway_worker = staff_member("medway.worker", council="medway")
    kent = book(evening, 1, first_name="Kim", last_name="Kent")
    medway = book(evening, 2, first_name="Mo", last_name="Medway", postcode="ME4 4AA", places=1)
    marketing = UserFactory(username="marketing")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "kent": kent,
        "medway": medway,
        "manager": staff_member("boss", role="manager", council=None).user,
        "kent_worker": staff_member("kent.worker").user,
        "medway_worker": medway_worker.user,
        "marketing": marketing,
    }


def bookings_url(event) -> str:
    return f"/admin/crm/events/{event.pk}/bookings/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "sees_kent", "sees_medway"),
    [
        ("manager", 200, True, True),
        ("kent_worker", 200, True, False),
        ("medway_worker", 200, False, True),
        ("marketing", 404, False, False),
    ],
)
def test_bookings_screens_per_role(client, evening, people, role, status, sees_kent, sees_medway):
    client.force_login(people[role])
    listing = client.get("/admin/crm/events/")
    bookings = client.get(bookings_url(evening))
    assert (listing.status_code, bookings.status_code) == (status, status)
    if status == 200:
        assert "Information evening in Maidstone" in listing.content.decode()
        assert "2 of 2 places" in listing.content.decode()
        html = bookings.content.decode()
        assert ("Kim Kent" in html) is sees_kent
        assert (f'href="/admin/crm/households/{people["kent"].household_id}/"' in html) is sees_kent
        assert ("Mo Medway" in html) is sees_medway
        assert html.count("Another household") == [sees_kent, sees_medway].count(False)
        assert "2 of 2 places booked" in html


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, evening, people):
    for address in ("/admin/crm/events/", bookings_url(evening)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_an_unknown_event_is_not_found(client, people, home_page):
    client.force_login(people["manager"])
    assert client.get(f"/admin/crm/events/{home_page.pk + 999}/bookings/").status_code == 404


@pytest.mark.django_db
def test_staff_mark_attendance_for_households_they_can_see(client, evening, people):
    move_event(evening, start=timezone.now() - dt.timedelta(hours=1))
    kent, medway = people["kent"], people["medway"]
    client.force_login(people["kent_worker"])
    page = client.get(bookings_url(evening)).content.decode()
    assert f"/bookings/{kent.pk}/attendance/" in page
    assert f"/bookings/{medway.pk}/attendance/" not in page
    address = f"{bookings_url(evening)}{kent.pk}/attendance/"
    response = client.post(address, {"attended": "1"}, follow=True)
    assert response.status_code == 200
    assert "Kim Kent: attended." in response.content.decode()
    assert statuses(kent) == ["attended"]
    assert Household.objects.get(pk=kent.household_id).stage == Stage.INFORMATION_EVENT
    hidden = client.post(f"{bookings_url(evening)}{medway.pk}/attendance/", {"attended": "1"})
    assert hidden.status_code == 404
    assert statuses(medway) == [BOOKED]
    assert client.get(address).status_code == 405
    client.force_login(people["marketing"])
    assert client.post(address, {"attended": "0"}).status_code == 404
    assert statuses(kent) == ["attended"]


@pytest.mark.django_db
def test_attendance_before_the_day_is_explained(client, evening, people):
    client.force_login(people["manager"])
    kent = people["kent"]
    response = client.post(f"{bookings_url(evening)}{kent.pk}/attendance/", {"attended": "1"}, follow=True)
    assert "from the day of the event" in response.content.decode()
    assert statuses(kent) == [BOOKED]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("kent_worker", True), ("manager", True), ("marketing", False)])
def test_the_menu_item_sits_under_enquiries_for_people_who_can_see_people(rf, people, role, shown):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = people[role]
    submenus = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    labels = (
        [item.label for item in submenus["enquiries"].menu.menu_items_for_request(request)]
        if "enquiries" in submenus
        else []
    )
    assert ("Event bookings" in labels) is shown
