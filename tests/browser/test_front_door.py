"""The central front-door team, in a real browser: new enquiries land with it, it hands them to the council team,
and a council someone picks that disagrees with their postcode is shown to the worker to confirm."""

import time

import pytest
from playwright.sync_api import expect

from crm.models import Enquiry, Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_enquiry import fill_required
from tests.factories import central_team, enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def teams(site, crm_reference):
    return {
        "central": staff_member(
            "central.worker", council=None, team=central_team(), first_name="Cass", last_name="Central"
        ),
        "kent": staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent"),
        "bexley": staff_member("bexley.worker", council="bexley", first_name="Bea", last_name="Bexley"),
    }


def test_a_central_worker_hands_a_household_to_kent_after_the_initial_conversation(site, page, teams):
    household = enquire_as("Priya", "priya@example.com", "ME14 1XX")
    assert household.assigned_to == teams["central"]

    log_in(page, site, "central.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    expect(page.get_by_text("Front door team", exact=True)).to_be_visible()
    call = page.get_by_role("region", name="Log a call")
    call.get_by_label("Yes, we spoke").check()
    call.get_by_label("What was it about?").fill("First chat about adopting")
    call.get_by_role("button", name="Log the call").click()
    expect(page.get_by_text("Call logged.")).to_be_visible()
    move = page.get_by_role("region", name="Move on")
    move.get_by_label("Move on to").select_option(label="Initial conversation")
    move.get_by_role("button", name="Move on").click()
    # Handed over on reaching the initial conversation: the central worker no longer holds it.
    expect(
        page.get_by_text("Moved on to initial conversation. It is now with the Kent recruitment team.")
    ).to_be_visible()
    household.refresh_from_db()
    assert (household.team.council, household.assigned_to) == ("kent", teams["kent"])

    page.context.clear_cookies()
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/")
    expect(page.get_by_role("link", name="Priya Shah")).to_be_visible()
    page.get_by_role("link", name="Priya Shah").click()
    timeline = page.get_by_role("region", name="Timeline")
    expect(
        timeline.get_by_text(
            "Handed over from Front door team to Kent recruitment team: reached initial conversation"
        )
    ).to_be_visible()
    assert axe_violations(page) == []


def test_a_crayford_postcode_with_kent_chosen_goes_to_bexley_and_the_worker_is_shown_the_disagreement(
    site, page, teams
):
    page.goto(site + "/enquire/")
    fill_required(page, email="crayford@example.com", postcode="DA1 4AB")
    page.get_by_label("Postcode").press("Tab")
    page.get_by_label("Which council area do you live in? (optional)").select_option("kent")
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )
    household = Enquiry.objects.get().household
    assert (household.council, household.council_stated, household.assigned_to) == (
        "bexley",
        "kent",
        teams["central"],
    )

    log_in(page, site, "central.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    expect(page.get_by_role("note")).to_contain_text(
        "They said they live in Kent, but the postcode DA1 4AB is in Bexley's area."
    )
    assert axe_violations(page) == []
    handover = page.get_by_role("region", name="Hand over to the council team")
    handover.get_by_role("button", name="Hand over to the Bexley team").click()
    expect(page.get_by_text("Handed over to the Bexley recruitment team.")).to_be_visible()
    household.refresh_from_db()
    assert (household.team.council, household.assigned_to) == ("bexley", teams["bexley"])

    page.context.clear_cookies()
    log_in(page, site, "bexley.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    council = page.get_by_role("region", name="Confirm their council")
    council.get_by_label("Bexley").check()
    council.get_by_label("How do you know? (optional)").fill("Checked their address on the phone")
    council.get_by_role("button", name="Save the council").click()
    expect(page.get_by_text("Council saved: Bexley, with the Bexley recruitment team.")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)


def enquire_as(first_name, email, postcode):
    details = enquiry_details(first_name=first_name, last_name="Shah", email=email, postcode=postcode)
    return enquiry_create(source=Source.WEB, details=details).household
