"""A printed information pack, in a real browser: a worker asks for one, then it is posted from the print list."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Touchpoint
from crm.models import Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def household(site, crm_reference):
    staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")
    details = enquiry_details(
        first_name="Priya", last_name="Shah", postcode="ME14 1XX", email="priya@example.com"
    )
    return enquiry_create(source=Source.WEB, details=details).household


def test_a_worker_asks_for_a_printed_pack_and_it_is_posted_from_the_print_list(site, page, household):
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    page.locator("summary", has_text="Information pack").click()
    form = page.get_by_role("region", name="Post a printed pack")
    expect(form.get_by_label("Name on the envelope")).to_have_value("Priya Shah")

    # The wrong postcode is explained beside the form, with the address still there.
    form.get_by_label("Address").fill("12 Orchard Way\nBearsted\nMaidstone")
    form.get_by_label("Postcode").fill("ME14")
    form.get_by_role("button", name="Put on the print list").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a full UK postcode, like ME14 1XX.")
    form = page.get_by_role("region", name="Post a printed pack")
    expect(form.get_by_label("Address")).to_have_value("12 Orchard Way\nBearsted\nMaidstone")
    assert axe_violations(page) == []

    form.get_by_label("Postcode").fill("me14 4ab")
    form.get_by_role("button", name="Put on the print list").click()
    expect(page.get_by_text("The printed pack is on the print list.")).to_be_visible()
    expect(page.get_by_text("On the print list since")).to_be_visible()

    page.goto(f"{site}/admin/crm/printed-packs/")
    expect(
        page.get_by_role("cell", name="Priya Shah 12 Orchard Way Bearsted Maidstone ME14 4AB")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Posted to Priya Shah").check()
    page.get_by_role("button", name="Mark as posted").click()
    expect(page.get_by_text("1 printed pack marked as posted.")).to_be_visible()
    expect(page.get_by_text("No printed packs are waiting to be posted.")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    expect(
        page.get_by_role("region", name="Timeline").get_by_text("Printed information pack posted")
    ).to_be_visible()
    assert Touchpoint.objects.filter(household=household, kind=Touchpoint.Kind.PACK_POSTED).count() == 1


def test_the_print_list_at_phone_size(site, phone_page, household):
    from crm.services import printed_pack_request

    printed_pack_request(
        household=household,
        name="Priya Shah",
        address="12 Orchard Way\nMaidstone",
        postcode="ME14 4AB",
        by=None,
    )
    log_in(phone_page, site, "kent.worker")
    phone_page.goto(f"{site}/admin/crm/printed-packs/")
    expect(phone_page.get_by_role("button", name="Mark as posted")).to_be_visible()
    link = phone_page.get_by_role("link", name="Download the addresses for labels (CSV)")
    box, width = link.bounding_box(), phone_page.viewport_size["width"]
    assert box["x"] + box["width"] <= width, "the download link runs off a phone's screen"
    assert axe_violations(phone_page) == []
