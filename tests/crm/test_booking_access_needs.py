"""Access needs given when booking an event: kept, shown only to staff who may see the household,
sent to the organiser the day before, and treated as personal data (audit, subject access, erasure,
retention)."""

import datetime as dt
import io
import json
import zipfile

from django.core import mail
from django.utils import timezone

import pytest

from crm.forms_bookings import BookingForm
from crm.models import (
    ACCESS_NEEDS_MAX_LENGTH,
    AuditEvent,
    ClosureReason,
    EventBooking,
    RetentionRule,
    SideEffect,
)
from crm.selectors import person_for_anchor
from crm.services import BookingError, booking_create, booking_reminders_queue, household_close
from crm.services.privacy import person_erase, retention_apply, subject_access_export
from tests.factories import enquiry_details, event_index, event_page, staff_member
from website.models import EventPage

BSL = "A BSL interpreter please, and a seat near the front."
LOOP = "Hearing loop"

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def workers(crm_reference):
    return {
        "kent": staff_member("kent.worker", council="kent"),
        "medway": staff_member("medway.worker", council="medway"),
        "manager": staff_member("boss", role="manager", council=None),
    }


@pytest.fixture
def evening(home_page, workers):
    """A Kent evening organised by the Kent worker."""
    return event_page(
        event_index(home_page),
        title="Information evening in Maidstone",
        days=10,
        organiser=workers["kent"].user,
    )


def book(event, n: int, *, access_needs: str = "", **fields) -> EventBooking:
    fields.setdefault("email", f"person{n}@example.com")
    fields.setdefault("phone", "")
    return booking_create(
        event_id=event.pk,
        capacity=event.capacity,
        details=enquiry_details(**fields),
        access_needs=access_needs,
    )


@pytest.fixture
def bookings(evening):
    """A Kent household that needs an interpreter and a Medway household that needs a hearing loop."""
    return {
        "kent": book(evening, 1, first_name="Kim", last_name="Kent", access_needs=BSL),
        "medway": book(
            evening, 2, first_name="Mo", last_name="Medway", postcode="ME4 4AA", access_needs=LOOP
        ),
        "none": book(evening, 3, first_name="Nell", last_name="Kent"),
    }


def form_data(**fields) -> dict:
    return {
        "first_name": "Sam",
        "last_name": "Visitor",
        "email": "sam@example.com",
        "postcode": "ME14 1XX",
        "places": "1",
        "contact_consent": "on",
        **fields,
    }


# The form and the service


def test_the_form_asks_for_access_needs_and_keeps_what_was_typed():
    form = BookingForm(data=form_data(access_needs="  Step-free access\r\nand a BSL interpreter  "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["access_needs"] == "Step-free access\nand a BSL interpreter"
    html = str(BookingForm()["access_needs"])
    assert "<textarea" in html and "maxlength" not in html, (
        "a browser limit would cut a pasted answer silently"
    )
    assert "optional" in BookingForm().fields["access_needs"].label


def test_too_long_is_refused_with_a_count_never_cut():
    form = BookingForm(data=form_data(access_needs="x" * (ACCESS_NEEDS_MAX_LENGTH + 20)))
    assert not form.is_valid()
    assert form.errors["access_needs"] == [
        f"Keep your access needs to {ACCESS_NEEDS_MAX_LENGTH} characters or fewer (you wrote "
        f"{ACCESS_NEEDS_MAX_LENGTH + 20}). Give the main things here; we can talk through the rest when we call you."
    ]
    # Line breaks count once each, as the person sees them, whatever the browser sends.
    exactly = "\r\n".join(["x" * 99] * 5) + "x"
    assert len(exactly.replace("\r\n", "\n")) == ACCESS_NEEDS_MAX_LENGTH
    assert BookingForm(data=form_data(access_needs=exactly)).is_valid()


def test_the_service_refuses_too_long_too(evening):
    with pytest.raises(BookingError, match=f"{ACCESS_NEEDS_MAX_LENGTH} characters or fewer"):
        book(evening, 1, access_needs="x" * (ACCESS_NEEDS_MAX_LENGTH + 1))
    assert not EventBooking.objects.exists()


def test_a_booking_keeps_the_access_needs_and_booking_again_updates_them(evening):
    booking = book(evening, 1, access_needs=f"  {BSL}  ")
    assert EventBooking.objects.get(pk=booking.pk).access_needs == BSL
    assert AuditEvent.objects.filter(object_id=booking.pk, summary__endswith="with access needs").exists()
    again = book(evening, 1, access_needs=LOOP)
    assert again.pk == booking.pk
    assert EventBooking.objects.get(pk=booking.pk).access_needs == LOOP
    assert book(evening, 1).access_needs == LOOP, "booking again without saying does not wipe them"


def test_the_event_page_form_sends_them_to_the_booking(client, evening):
    response = client.post(
        evening.url + "book/", {**form_data(access_needs=BSL), "website": ""}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EventBooking.objects.get().access_needs == BSL


def test_the_event_page_says_what_is_wrong_when_too_long(client, evening):
    response = client.post(
        evening.url + "book/",
        form_data(access_needs="x" * 600),
        HTTP_ORIGIN="http://testserver",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "characters or fewer (you wrote 600)" in html
    assert "x" * 600 in html, "what they wrote is kept for them to shorten"
    assert not EventBooking.objects.exists()


# Staff: the bookings list and the organiser's list


@pytest.mark.parametrize(
    ("role", "sees_kent", "sees_medway"),
    [("kent", True, False), ("medway", False, True), ("manager", True, True)],
)
def test_the_bookings_list_shows_access_needs_only_for_households_they_may_see(
    client, evening, bookings, workers, role, sees_kent, sees_medway
):
    client.force_login(workers[role].user)
    html = client.get(f"/admin/crm/events/{evening.pk}/bookings/").content.decode()
    assert "Access needs" in html
    assert ("A BSL interpreter please" in html) is sees_kent
    assert (LOOP in html) is sees_medway
    shown = set(
        AuditEvent.objects.filter(user=workers[role].user, action=AuditEvent.Action.VIEW).values_list(
            "object_id", flat=True
        )
    )
    assert (bookings["kent"].pk in shown) is sees_kent
    assert (bookings["medway"].pk in shown) is sees_medway


def tomorrow_evening(event) -> dt.date:
    """Move the event to tomorrow evening; returns today."""
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(18, 30)))
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + dt.timedelta(hours=2))
    return today


def test_the_organiser_is_sent_who_is_coming_with_the_access_needs_they_may_see(
    evening, bookings, workers, django_capture_on_commit_callbacks
):
    today = tomorrow_evening(evening)
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_reminders_queue(today=today) == 3
    with django_capture_on_commit_callbacks(execute=True):
        booking_reminders_queue(today=today)
    [message] = [message for message in mail.outbox if message.to == [workers["kent"].user.email]]
    assert (
        message.subject
        == "Tomorrow: who is coming to Information evening in Maidstone, and their access needs"
    )
    body = message.body
    kent = bookings["kent"].household
    assert f"Kim Kent ({kent.reference}), 1 place:\n    {BSL}" in body
    assert "3 places booked by 3 households." in body
    assert "Nell Kent" in body
    # The Medway household is not the Kent worker's to see: neither who they are nor what they need.
    assert "Mo Medway" not in body and LOOP not in body
    assert "Another household, 1 place" in body
    assert "A manager can\nsee everyone's in the bookings list." in body
    assert SideEffect.objects.filter(kind="organiser_reminder").count() == 1
    shown = AuditEvent.objects.filter(
        user=workers["kent"].user, summary__startswith="Sent to them in the organiser"
    )
    assert set(shown.values_list("object_id", flat=True)) == {bookings["kent"].pk, bookings["none"].pk}


def test_a_manager_organising_sees_every_need(evening, bookings, workers, django_capture_on_commit_callbacks):
    EventPage.objects.filter(pk=evening.pk).update(organiser=workers["manager"].user)
    today = tomorrow_evening(evening)
    with django_capture_on_commit_callbacks(execute=True):
        booking_reminders_queue(today=today)
    [message] = [message for message in mail.outbox if message.to == [workers["manager"].user.email]]
    assert BSL in message.body and LOOP in message.body
    assert "Another household" not in message.body


def test_no_organiser_no_organiser_email(evening, bookings, django_capture_on_commit_callbacks):
    EventPage.objects.filter(pk=evening.pk).update(organiser=None)
    with django_capture_on_commit_callbacks(execute=True):
        booking_reminders_queue(today=tomorrow_evening(evening))
    assert not SideEffect.objects.filter(kind="organiser_reminder").exists()


# Personal data: subject access, erasure, retention


def test_subject_access_includes_the_access_needs(bookings, workers):
    anchor, person = person_for_anchor(key=f"household-{bookings['kent'].household_id}")
    export = subject_access_export(anchor=anchor, person=person, by=workers["manager"].user)
    [row] = export.sections["Event bookings"]
    assert row["Access needs you told us"] == BSL
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    [data] = [name for name in archive.namelist() if name.endswith("data.json")]
    document = json.loads(archive.read(data))
    assert document["sections"]["Event bookings"][0]["Access needs you told us"] == BSL


def test_erasure_blanks_the_access_needs_and_keeps_the_booking(bookings, workers):
    booking = bookings["kent"]
    household_close(
        household=booking.household, reason=ClosureReason.LOST_CONTACT, by=workers["manager"].user
    )
    _, person = person_for_anchor(key=f"household-{booking.household_id}")
    person_erase(person=person, by=workers["manager"].user, reason="Asked by phone")
    booking = EventBooking.objects.get(pk=booking.pk)
    assert (booking.access_needs, booking.places, booking.status) == ("", 1, "booked")
    assert EventBooking.objects.get(pk=bookings["medway"].pk).access_needs == LOOP


def test_retention_of_a_closed_case_blanks_its_access_needs(bookings, workers):
    booking = bookings["kent"]
    household_close(
        household=booking.household, reason=ClosureReason.LOST_CONTACT, by=workers["manager"].user
    )
    retention_apply(now=timezone.now() + dt.timedelta(days=366 * 3))
    assert EventBooking.objects.get(pk=booking.pk).access_needs == ""


def test_retention_blanks_access_needs_a_month_after_the_event(evening, bookings, home_page):
    rule = RetentionRule.objects.get(kind="access_needs")
    assert (rule.action, rule.period, rule.unit, rule.is_active) == ("anonymise", 1, "months", True)
    later = event_page(event_index_of(evening), title="Next month", days=60)
    kept = book(later, 9, first_name="Pat", access_needs=LOOP)

    # Ten days after the evening, nothing is past its time.
    assert retention_apply(now=evening.end + dt.timedelta(days=10))["access_needs"] == 0
    assert EventBooking.objects.get(pk=bookings["kent"].pk).access_needs == BSL

    # Over a month after it, the evening's access needs go; the bookings stay, and so do next month's.
    done = retention_apply(now=evening.end + dt.timedelta(days=40))
    assert done["access_needs"] == 2
    assert list(EventBooking.objects.filter(event=evening).values_list("access_needs", flat=True)) == [
        "",
        "",
        "",
    ]
    assert EventBooking.objects.get(pk=kept.pk).access_needs == LOOP
    entry = AuditEvent.objects.get(object_id=bookings["kent"].pk, action=AuditEvent.Action.ANONYMISE)
    assert entry.summary.startswith("Retention rule: Access needs given when booking an event")
    assert retention_apply(now=evening.end + dt.timedelta(days=40))["access_needs"] == 0


def event_index_of(event):
    return event.get_parent()
