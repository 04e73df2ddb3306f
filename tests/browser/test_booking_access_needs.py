"""A visitor tells us their access needs when booking; the staff who may see them do, in a real browser."""

import os
import re

import pytest
from playwright.sync_api import expect

from crm.models import EventBooking
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_event_booking import ASHFORD, fill_booking_form
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]

NEEDS = "A BSL interpreter please. I use a wheelchair, so step-free access too."


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def staff(site):
    return {
        "kent": staff_member("kent.worker", council="kent"),
        "medway": staff_member("medway.worker", council="medway"),
    }


def test_visitor_books_with_access_needs_and_only_their_team_sees_them(site, staff, page, browser):
    phone_context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    try:
        phone.goto(site + ASHFORD)
        form = phone.locator("form.booking-form")
        needs = form.get_by_label("Do you have any access needs? (optional)")
        expect(needs).to_be_visible()
        expect(form.get_by_text("For example a British Sign Language (BSL) interpreter")).to_be_visible()

        # Too long: a clear message, and nothing cut from what they wrote.
        fill_booking_form(phone, first_name="Robin", email="robin@example.com")
        needs.fill("x" * 520)
        assert needs.input_value() == "x" * 520, "the browser must not cut what was typed or pasted"
        phone.get_by_role("button", name="Book my place").click()
        summary = phone.get_by_role("alert")
        expect(summary).to_contain_text(
            "Keep your access needs to 500 characters or fewer (you wrote 520)", use_inner_text=True
        )
        expect(form.get_by_label("Do you have any access needs? (optional)")).to_have_value("x" * 520)
        assert axe_violations(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        shot(phone, "booking-access-needs-error-phone")
        summary.get_by_role("link", name=re.compile("Keep your access needs")).click()
        expect(form.get_by_label("Do you have any access needs? (optional)")).to_be_focused()

        form.get_by_label("Do you have any access needs? (optional)").fill(NEEDS)
        phone.get_by_role("button", name="Book my place").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "Your place is booked", use_inner_text=True
        )
        expect(phone.get_by_text("Thank you for telling us about your access needs.")).to_be_visible()
        assert axe_violations(phone) == []
        shot(phone, "booking-access-needs-done-phone")
    finally:
        phone_context.close()
    assert EventBooking.objects.get().access_needs == NEEDS

    # The Kent worker, whose team has the household, sees the needs in the bookings list.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, site, "kent.worker")
    page.goto(site + "/admin/crm/events/")
    page.get_by_role("link", name="Information evening in Ashford").click()
    table = page.get_by_role("table", name="Bookings for Information evening in Ashford")
    expect(table.get_by_role("columnheader", name="Access needs")).to_be_visible()
    row = table.get_by_role("row").filter(has_text="Robin Visitor")
    expect(row.get_by_role("cell", name=NEEDS)).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "bookings-list-access-needs-laptop")

    # A Medway worker sees that a household booked, but not who or what they need.
    medway = browser.new_context(viewport={"width": 1366, "height": 900})
    medway.set_default_timeout(15_000)
    other = medway.new_page()
    try:
        log_in(other, site, "medway.worker")
        other.goto(site + "/admin/crm/events/")
        other.get_by_role("link", name="Information evening in Ashford").click()
        table = other.get_by_role("table", name="Bookings for Information evening in Ashford")
        expect(table.get_by_role("cell", name="Another household")).to_be_visible()
        expect(table).not_to_contain_text("Robin")
        expect(table).not_to_contain_text("BSL")
    finally:
        medway.close()
