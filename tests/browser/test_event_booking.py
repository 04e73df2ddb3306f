"""Booking a place at an event, in a real browser: the last place, the waiting list, cancelling."""

import re

import pytest
from playwright.sync_api import expect

from crm.models import EventBooking
from tests.browser.conftest import axe_violations
from website.models import EventPage

pytestmark = [pytest.mark.browser]

ASHFORD = "/events/information-evening-in-ashford/"


@pytest.fixture
def last_place(site, crm_reference):
    """The Ashford evening with room for one."""
    EventPage.objects.filter(slug="information-evening-in-ashford").update(capacity=1)
    return site


def fill_booking_form(page, *, first_name: str, email: str, postcode: str = "TN23 1AB"):
    form = page.locator("form.booking-form")
    form.get_by_label("First name").fill(first_name)
    form.get_by_label("Last name").fill("Visitor")
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Postcode").fill(postcode)
    form.get_by_label("I agree that Adoption Partnership south east can contact me").check()


def test_last_place_goes_to_one_visitor_and_the_next_joins_the_waiting_list(last_place, page, browser):
    site = last_place
    page.goto(site + ASHFORD)
    expect(page.get_by_text("1 place left.")).to_be_visible()
    assert axe_violations(page) == []
    fill_booking_form(page, first_name="Robin", email="robin@example.com")
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your place is booked", use_inner_text=True)
    expect(page.get_by_role("link", name=re.compile("Add to your calendar"))).to_be_visible()
    assert axe_violations(page) == []

    second_context = browser.new_context(locale="en-GB")
    second_context.set_default_timeout(15_000)
    second = second_context.new_page()
    try:
        second.goto(site + ASHFORD)
        expect(second.get_by_text("This event is full: join the waiting list.")).to_be_visible()
        second.locator("form.booking-form").get_by_label("First name").fill("Sam")
        second.get_by_role("button", name="Join the waiting list").click()
        summary = second.get_by_role("alert")
        expect(summary).to_contain_text("Enter your email address", use_inner_text=True)
        assert second.title().startswith("Error: ")
        expect(second.locator("form.booking-form").get_by_label("First name")).to_have_value("Sam")
        assert axe_violations(second) == []
        summary.get_by_role("link", name=re.compile("Enter your email address")).click()
        expect(second.locator("#id_email")).to_be_focused()
        fill_booking_form(second, first_name="Sam", email="sam@example.com")
        second.get_by_role("button", name="Join the waiting list").click()
        expect(second.get_by_role("heading", level=1)).to_have_text(
            "You are on the waiting list", use_inner_text=True
        )
        assert axe_violations(second) == []
    finally:
        second_context.close()

    page.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking", use_inner_text=True)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your booking is cancelled", use_inner_text=True
    )
    assert axe_violations(page) == []

    statuses = dict(EventBooking.objects.values_list("household__email", "status"))
    assert statuses == {"robin@example.com": "cancelled", "sam@example.com": "booked"}


def test_booking_works_without_javascript(site, crm_reference, no_js_page):
    no_js_page.goto(site + "/events/information-evening-in-chatham/")
    expect(no_js_page.get_by_text("30 places left.")).to_be_visible()
    no_js_page.get_by_role("button", name="Book my place").click()
    expect(no_js_page.get_by_role("alert")).to_contain_text("Enter your first name.", use_inner_text=True)
    fill_booking_form(no_js_page, first_name="Jo", email="jo@example.com", postcode="ME4 4AB")
    no_js_page.get_by_role("group", name=re.compile("How many places")).get_by_label("2 places").check()
    no_js_page.get_by_role("button", name="Book my place").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text(
        "Your place is booked", use_inner_text=True
    )
    booking = EventBooking.objects.get()
    assert (booking.places, booking.household.council) == (2, "medway")


def test_booking_form_fits_a_320px_phone(last_place, phone_page):
    phone_page.goto(last_place + ASHFORD + "#book")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(phone_page) == []


def test_a_worker_sees_the_bookings_and_marks_attendance(site, crm_reference, page):
    import datetime as dt

    from django.utils import timezone

    from crm.services import booking_create
    from tests.factories import enquiry_details, staff_member

    worker = staff_member("kent.worker", council="kent")
    worker.user.set_password("changeme")
    worker.user.save()
    event = EventPage.objects.get(slug="information-evening-in-ashford")
    for name, postcode in [("Kim", "TN23 1AB"), ("Mo", "ME4 4AB")]:
        booking_create(
            event_id=event.pk,
            capacity=event.capacity,
            details=enquiry_details(
                first_name=name, email=f"{name.lower()}@example.com", phone="", postcode=postcode
            ),
        )
    start = timezone.now() - dt.timedelta(hours=1)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + dt.timedelta(hours=2))

    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("kent.worker")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/admin/")
    page.goto(site + "/admin/crm/events/")
    expect(
        page.get_by_role("row", name=re.compile("Information evening in Ashford")).get_by_text(
            "2 of 30 places"
        )
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Information evening in Ashford").click()
    page.wait_for_url(f"{site}/admin/crm/events/{event.pk}/bookings/")
    expect(page.get_by_role("cell", name="Another household")).to_be_visible()
    assert page.get_by_role("button", name="Attended: Mo Morgan").count() == 0
    assert axe_violations(page) == []
    page.get_by_role("button", name="Attended: Kim Morgan").click()
    page.get_by_text("Kim Morgan: attended.").wait_for()
    row = page.get_by_role("row", name=re.compile("Kim Morgan"))
    expect(row.get_by_role("cell", name="Attended", exact=True)).to_be_visible()
    assert EventBooking.objects.get(household__first_name="Kim").household.stage == "information_event"
