"""Adoptive families booking a support group on the public site, in a real browser: a booking, never a
recruitment enquiry. Workers' queues stay as they were; a manager sees the booking on the family's record."""

import re

import pytest
from playwright.sync_api import expect

from crm.models import EventBooking, Household, Source, Stage
from crm.services import enquiry_create, household_advance
from tests.browser.conftest import axe_violations, log_in
from tests.factories import enquiry_details, event_page, staff_member
from website.models import EventIndexPage, Venue

pytestmark = [pytest.mark.browser]

GROUP = "/events/support-group-in-ashford/"


@pytest.fixture
def family_world(site, crm_reference):
    """A Kent worker with an approved adopter, a manager, and a support group in Ashford next week."""
    worker = staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")
    staff_member("manager", role="manager", council=None, first_name="Mel", last_name="Manager")
    details = enquiry_details(first_name="Dana", last_name="Adebayo", email="dana@example.com", phone="")
    adopter = enquiry_create(source=Source.PHONE, details=details).household
    for stage in ("initial_conversation", "registration_of_interest", "roi_accepted", "stage_one"):
        household_advance(household=adopter, to_stage=stage, by=worker.user)
    for stage in ("stage_two", "panel", "approved"):
        household_advance(household=adopter, to_stage=stage, by=worker.user)
    event_page(
        EventIndexPage.objects.get(),
        title="Support group in Ashford",
        days=6,
        venue=Venue.objects.get(town="Ashford"),
        event_type="support_group",
    )
    return Household.objects.get(pk=adopter.pk)


def book(page, site, *, first_name: str, last_name: str, email: str):
    page.goto(site + GROUP)
    expect(page.get_by_text("For approved adopters and adoptive families.")).to_be_visible()
    form = page.locator("form.booking-form")
    form.get_by_label("First name").fill(first_name)
    form.get_by_label("Last name").fill(last_name)
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Postcode").fill("TN23 1AB")
    form.get_by_label(re.compile("contact me about this booking")).check()
    expect(form.get_by_label(re.compile("How did you hear"))).to_have_count(0)
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your place is booked", use_inner_text=True)


def queue_names(page) -> list[str]:
    return page.locator("table.crm-queue tbody tr td:nth-child(3) a").all_inner_texts()


def test_adoptive_families_book_a_support_group_and_no_case_appears(family_world, site, phone_page, browser):
    adopter = family_world
    before = adopter.stage, adopter.assigned_to_id, adopter.due_on

    # An approved adopter on her phone, then a family the agency has never heard from.
    book(phone_page, site, first_name="Dana", last_name="Adebayo", email="dana@example.com")
    assert axe_violations(phone_page) == []
    book(phone_page, site, first_name="Jess", last_name="Hughes", email="jess@example.com")

    bookings = dict(EventBooking.objects.values_list("household__email", "household__stage"))
    assert bookings == {"dana@example.com": Stage.APPROVED, "jess@example.com": Stage.FAMILY_EVENT_BOOKED}
    adopter.refresh_from_db()
    assert (adopter.stage, adopter.assigned_to_id, adopter.due_on) == before
    assert list(Household.objects.active()) == [adopter]

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        worker = context.new_page()
        log_in(worker, site, "kent.worker")
        worker.goto(site + "/admin/crm/households/")
        for tab in ("Unassigned", "My team", "All open"):
            link = worker.get_by_role("link", name=re.compile(f"^{tab}"))
            link.click()
            expect(link).to_have_attribute("aria-current", "page")
            assert "Jess Hughes" not in queue_names(worker), tab
        expect(worker.locator("table.crm-queue tbody tr td:nth-child(3) a")).to_have_text(["Dana Adebayo"])
    finally:
        context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        manager = context.new_page()
        log_in(manager, site, "manager")
        manager.goto(f"{site}/admin/crm/households/{adopter.pk}/")
        bookings = manager.get_by_role("region", name="Event bookings")
        row = bookings.get_by_role("row", name=re.compile("Support group in Ashford"))
        expect(row).to_contain_text("Family event")
        expect(row).to_contain_text("Booked")
        assert axe_violations(manager) == []

        # The family nobody knew is on the bookings list, and their record says they are not a case.
        manager.goto(site + "/admin/crm/events/")
        manager.get_by_role("link", name="Support group in Ashford").click()
        expect(manager.get_by_text("its bookings are not enquiries")).to_be_visible()
        manager.get_by_role("link", name="Jess Hughes").click()
        expect(manager.get_by_role("heading", name="Jess Hughes", level=2)).to_be_visible()
        expect(manager.get_by_text("Booked a family event", exact=False).first).to_be_visible()
        expect(manager.get_by_text("Not a case: they have not enquired about adopting")).to_be_visible()
        assert axe_violations(manager) == []
    finally:
        context.close()
