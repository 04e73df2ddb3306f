"""A support request worked by staff, in a real browser: logged from a phone call, held by the central team
with its own clock, the three-year rule shown, handed to the council team at the assessment of need, and
closed with a support reason."""

import datetime as dt

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.models import EnquiryType, Household
from tests.browser.conftest import axe_violations, log_in
from tests.factories import central_team, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def teams(site, crm_reference):
    return {
        "central": staff_member(
            "central.worker", council=None, team=central_team(), first_name="Cass", last_name="Central"
        ),
        "kent": staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent"),
    }


def test_a_support_call_is_logged_held_by_the_central_team_handed_to_kent_and_closed_as_support(
    site, page, teams
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "central.worker")
    page.goto(f"{site}/admin/crm/enquiries/new/")
    page.get_by_label("What is it about?").select_option(label="Adoption support")
    page.get_by_role("textbox", name="First name", exact=True).fill("Hannah")
    page.get_by_label("Last name", exact=True).fill("Price")
    page.get_by_label("Phone number").fill("07700 900555")
    page.get_by_label("Postcode").fill("ME14 1XX")
    order = timezone.localdate() - dt.timedelta(days=700)
    # A date in the future first: refused by name, with what was typed kept.
    page.get_by_label("When was the adoption order made?").fill(
        (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    )
    page.get_by_label("Medway").check()
    page.get_by_label("Therapy or help with the child's behaviour or emotions").check()
    page.get_by_label("They agreed to be contacted").check()
    page.get_by_role("button", name="Log the enquiry").click()
    expect(page.get_by_role("alert")).to_contain_text("The adoption order's date cannot be in the future.")
    expect(page.get_by_role("textbox", name="First name", exact=True)).to_have_value("Hannah")
    page.get_by_label("When was the adoption order made?").fill(order.isoformat())
    page.get_by_role("button", name="Log the enquiry").click()

    household = Household.objects.get(service=EnquiryType.SUPPORT)
    expect(page).to_have_url(f"{site}/admin/crm/households/{household.pk}/")
    assert household.team.is_central and household.assigned_to == teams["central"]
    assert household.clock.code == "support_first_contact"
    expect(page.get_by_text("Adoption support").first).to_be_visible()
    expect(page.get_by_text("Support: first contact due")).to_be_visible()
    rule = page.locator("#three-year-rule")
    expect(rule).to_contain_text("Who is responsible for support: Medway.")
    expect(rule).to_contain_text("Adoption and Special Guardianship Support Fund")
    # Adopting's printed pack and flags are no part of a support case.
    expect(page.get_by_role("region", name="Post a printed pack")).to_have_count(0)
    expect(page.get_by_role("region", name="Fast track and early permanence")).to_have_count(0)
    assert axe_violations(page) == []

    call = page.get_by_role("region", name="Log a call")
    call.get_by_label("Yes, we spoke").check()
    call.get_by_label("What was it about?").fill("Talked through what would help at school")
    call.get_by_role("button", name="Log the call").click()
    expect(page.get_by_text("Call logged.")).to_be_visible()
    move = page.get_by_role("region", name="Move on")
    options = move.get_by_label("Move on to").locator("option")
    expect(options).to_have_text(["Choose a stage", "Assessment of need"])
    move.get_by_label("Move on to").select_option(label="Assessment of need")
    move.get_by_role("button", name="Move on").click()
    expect(page.get_by_text("It is now with the Kent recruitment team.")).to_be_visible()
    household.refresh_from_db()
    assert (household.team.council, household.assigned_to) == ("kent", teams["kent"])
    assert household.clock.code == "support_assessment"

    page.context.clear_cookies()
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/?service=support")
    page.get_by_role("link", name="Hannah Price").click()
    page.locator("summary", has_text="Close or reopen").click()
    close = page.get_by_role("region", name="Close the case")
    reasons = close.get_by_label("Why is the case closing?").locator("option")
    expect(reasons).to_contain_text(["Support provided", "Referred to the responsible council"])
    expect(
        close.get_by_label("Why is the case closing?").locator("option", has_text="Not approved at stage two")
    ).to_have_count(0)
    close.get_by_label("Why is the case closing?").select_option(label="Support provided")
    close.get_by_role("button", name="Close the case").click()
    expect(
        page.locator("#timeline").get_by_text("Closed at assessment of need: Support provided")
    ).to_be_visible()
