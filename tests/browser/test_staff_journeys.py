"""Recruitment staff working the CRM in the Wagtail admin, in a real browser."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from crm.models import Household, Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def kent_enquiry(site, crm_reference):
    worker = staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")
    details = enquiry_details(
        first_name="Priya", last_name="Shah", postcode="ME14 1XX", email="priya@example.com"
    )
    household = enquiry_create(source=Source.WEB, details=details).household
    assert household.assigned_to == worker
    return household


def messages_settled(page):
    """Wagtail slides its messages in; check contrast once they have finished fading in."""
    expect(page.locator(".messages > ul")).to_have_css("opacity", "1")


def queue_names(page) -> list[str]:
    return page.locator("table.crm-queue tbody tr td:nth-child(3) a").all_inner_texts()


def test_kent_worker_finds_the_enquiry_logs_a_call_and_moves_it_on(site, page, kent_enquiry):
    log_in(page, site, "kent.worker")
    page.goto(site + "/admin/crm/households/")
    expect(page.get_by_role("link", name=re.compile("^Mine"))).to_have_attribute("aria-current", "page")
    assert queue_names(page) == ["Priya Shah"]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", name="Priya Shah", level=2)).to_be_visible()
    assert axe_violations(page) == []

    call = page.get_by_role("region", name="Log a call")
    call.get_by_label("Yes, we spoke").check()
    call.get_by_label("What was it about?").fill("Talked through the information pack")
    call.get_by_role("button", name="Log the call").click()
    expect(page.get_by_text("Call logged.")).to_be_visible()

    move = page.get_by_role("region", name="Move on")
    move.get_by_label("Move on to").select_option(label="Initial conversation")
    move.get_by_role("button", name="Move on").click()
    expect(page.get_by_text("Moved on to initial conversation.")).to_be_visible()

    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("Call: Talked through the information pack")).to_be_visible()
    expect(timeline.get_by_text("Moved from enquiry to initial conversation")).to_be_visible()
    kent_enquiry.refresh_from_db()
    assert kent_enquiry.stage == "initial_conversation" and kent_enquiry.first_contact_at is not None


def test_a_refused_move_is_explained_and_nothing_typed_is_lost(site, page, kent_enquiry):
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{kent_enquiry.pk}/")
    page.locator("summary", has_text="Close or reopen").click()
    page.get_by_role("region", name="Close the case").get_by_role("button", name="Close the case").click()
    alert = page.get_by_role("alert").filter(has_text="That was not saved")
    expect(alert).to_contain_text("Close the case: Choose a reason for closing the case.")
    assert axe_violations(page) == []


def test_medway_worker_cannot_open_or_find_the_kent_enquiry(site, page, kent_enquiry):
    staff_member("medway.worker", council="medway")
    log_in(page, site, "medway.worker")
    response = page.goto(f"{site}/admin/crm/households/{kent_enquiry.pk}/")
    assert response.status == 404
    for tab in ("unassigned", "mine", "team", "overdue", "all"):
        page.goto(f"{site}/admin/crm/households/?tab={tab}")
        assert "Priya Shah" not in queue_names(page)
    page.goto(f"{site}/admin/crm/households/?tab=all&q=priya")
    expect(page.get_by_role("status").filter(has_text="household")).to_have_text(
        re.compile(r"0 households match your search")
    )


def test_manager_sees_it_under_all_open_and_bulk_assigns_it(site, page, kent_enquiry):
    colleague = staff_member("kent.colleague", council="kent", first_name="Cat", last_name="Cole")
    staff_member("manager", role="manager", council=None)
    late = enquiry_create(
        source=Source.PHONE, details=enquiry_details(first_name="Lee", email="lee@example.com", phone="")
    ).household
    Household.objects.filter(pk=late.pk).update(due_on=late.first_enquiry_at.date() - dt.timedelta(days=5))
    log_in(page, site, "manager")
    page.goto(site + "/admin/crm/households/")
    expect(page.get_by_role("link", name=re.compile("^All open"))).to_have_attribute("aria-current", "page")
    assert "Priya Shah" in queue_names(page)
    expect(page.get_by_role("row").filter(has_text="Lee Morgan")).to_contain_text("Overdue")

    page.get_by_label("Select Priya Shah").check()
    page.get_by_label("Assign selected to").select_option(label="Cat Cole (Kent recruitment team)")
    page.get_by_role("button", name="Assign selected").click()
    expect(page.get_by_text("1 household assigned to Cat Cole.")).to_be_visible()
    assert Household.objects.get(pk=kent_enquiry.pk).assigned_to == colleague
    messages_settled(page)
    assert axe_violations(page) == []


def test_staff_log_a_phone_enquiry_without_javascript(site, no_js_page, crm_reference):
    staff_member("kent.worker", council="kent")
    page = no_js_page
    log_in(page, site, "kent.worker")
    page.goto(site + "/admin/crm/enquiries/new/")
    page.get_by_role("textbox", name="First name", exact=True).fill("Sam")
    page.get_by_label("Phone number").fill("01622 123456")
    page.get_by_label("Postcode").fill("ME14 2AA")
    page.get_by_role("button", name="Log the enquiry").click()
    expect(page.get_by_role("alert")).to_contain_text("We can only log an enquiry from someone who agreed")
    expect(page.get_by_label("Phone number")).to_have_value("01622 123456")
    page.get_by_label("They agreed to be contacted").check()
    page.get_by_role("button", name="Log the enquiry").click()
    expect(page.get_by_role("heading", name="Sam", level=2)).to_be_visible()
    assert Household.objects.get(first_name="Sam").enquiries.get().source == "phone"


def test_log_an_enquiry_and_quarantine_screens_are_accessible(site, page, kent_enquiry):
    enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Bot", email="bot@example.com", phone=""),
        spam_reasons=["Filled in too fast"],
    )
    log_in(page, site, "kent.worker")
    page.goto(site + "/admin/crm/households/")
    page.get_by_role("link", name="Log an enquiry").click()
    expect(page.get_by_role("textbox", name="First name", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Postcode").fill("ME14")
    page.get_by_role("button", name="Log the enquiry").click()
    expect(page.get_by_role("alert").filter(has_text="The enquiry was not saved")).to_contain_text(
        "Postcode: Enter a full postcode"
    )
    messages_settled(page)
    assert axe_violations(page) == []

    page.goto(site + "/admin/crm/quarantine/")
    row = page.get_by_role("row").filter(has_text="bot@example.com")
    expect(row).to_contain_text("Filled in too fast")
    assert axe_violations(page) == []
    row.get_by_role("button", name="Release").click()
    expect(page.get_by_text("The enquiry from Bot was released into the queue.")).to_be_visible()


def test_merge_confirmation_is_accessible(site, page, kent_enquiry):
    duplicate = enquiry_create(
        source=Source.PHONE, details=enquiry_details(first_name="Pri", email="pri@example.com", phone="")
    ).household
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{kent_enquiry.pk}/")
    page.locator("summary", has_text="Merge").click()
    merge = page.get_by_role("region", name="Merge a duplicate record")
    merge.get_by_label("Reference of the duplicate record").fill(duplicate.reference)
    merge.get_by_role("button", name="Check the records").click()
    expect(page.get_by_role("heading", name="Are these the same people?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Merge them").click()
    expect(
        page.get_by_text(f"{duplicate.reference} (Pri Morgan) was merged into this record.")
    ).to_be_visible()
