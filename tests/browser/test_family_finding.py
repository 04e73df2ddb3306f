"""Family finding in a real browser: a Kent worker takes an approved family through a link with a child, the
matching panel, the placement and the adoption order on its page (a match dated before the link is refused
by name, with the date typed kept), and the family finder's list of families waiting shows a profile with
no name or contact details."""

import datetime as dt

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.journey import RECRUITMENT
from crm.models import Household, Link, Source, Stage
from crm.services import enquiry_create, household_advance, matching_profile_save
from tests.browser.conftest import axe_violations, log_in
from tests.factories import enquiry_details, family_finding_team, staff_member

pytestmark = [pytest.mark.browser]


def approved(
    *, first_name: str, last_name: str, email: str, phone: str, postcode: str, days_ago: int
) -> Household:
    route = RECRUITMENT.route(to=Stage.APPROVED)
    start = timezone.now() - dt.timedelta(days=days_ago + len(route))
    household = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(
            first_name=first_name, last_name=last_name, email=email, phone=phone, postcode=postcode
        ),
        received_at=start,
    ).household
    for step, stage in enumerate(route, start=1):
        household_advance(
            household=household,
            to_stage=stage,
            by=None,
            effective_at=start + dt.timedelta(days=step),
            note="Earlier",
        )
    household.refresh_from_db()
    return household


@pytest.fixture
def families(site, crm_reference):
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    staff_member(
        "family.finder", council=None, team=family_finding_team(), first_name="Fran", last_name="Finder"
    )
    kent = approved(
        first_name="Priya",
        last_name="Okafor",
        email="priya@example.com",
        phone="07700 900654",
        postcode="ME14 1XX",
        days_ago=100,
    )
    medway = approved(
        first_name="Sam",
        last_name="Quinnell",
        email="sam.quinnell@example.com",
        phone="07700 900321",
        postcode="ME4 4AA",
        days_ago=200,
    )
    matching_profile_save(
        household=medway,
        by=None,
        age_bands=["3_4", "5_7"],
        siblings="maybe",
        disability="no",
        early_permanence=True,
    )
    return {"kent": kent, "medway": medway}


def test_a_worker_takes_an_approved_family_from_a_link_to_the_adoption_order(site, page, families):
    family = families["kent"]
    today = timezone.localdate()
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{family.pk}/")
    section = page.get_by_role("region", name="Family finding")
    expect(section).to_contain_text("No links with a child yet.")
    expect(section).to_contain_text("never their name or date of birth")

    link = section.get_by_role("region", name="Record a link with a child")
    link.get_by_label("Child's reference").fill("CS-004512")
    link.get_by_label("Child's council").select_option(label="Kent")
    link.get_by_label("Child's age").select_option(label="1 to 2")
    link.get_by_label("Brothers and sisters in the link").fill("0")
    link.get_by_label("When were they linked?").fill(today.isoformat())
    link.get_by_role("button", name="Record the link").click()
    expect(page.get_by_text("Link with child CS-004512 recorded")).to_be_visible()
    expect(page.locator(".crm-household-head")).to_contain_text("Linked with a child")

    # A matching panel dated before the link is refused by name, and the date typed is kept.
    match = page.get_by_role("region", name="Record the match")
    yesterday = today - dt.timedelta(days=1)
    match.get_by_label("Date of the matching panel").fill(yesterday.isoformat())
    match.get_by_role("button", name="Record the match").click()
    expect(page.get_by_role("alert").first).to_contain_text("is before the link on")
    match = page.get_by_role("region", name="Record the match")
    expect(match.get_by_label("Date of the matching panel")).to_have_value(yesterday.isoformat())
    match.get_by_label("Date of the matching panel").fill(today.isoformat())
    match.get_by_role("button", name="Record the match").click()
    expect(page.get_by_text("Match recorded")).to_be_visible()

    place = page.get_by_role("region", name="Record the placement")
    place.get_by_label("When did the child move in?").fill(today.isoformat())
    place.get_by_role("button", name="Record the placement").click()
    expect(page.get_by_text("Placement recorded")).to_be_visible()

    order = page.get_by_role("region", name="Record the adoption order")
    order.get_by_label("When did the court make the adoption order?").fill(today.isoformat())
    order.get_by_role("button", name="Record the order").click()
    expect(page.get_by_text("Adoption order recorded")).to_be_visible()

    expect(page.locator(".crm-household-head")).to_contain_text("Adoption order")
    expect(page.locator("#links")).to_contain_text("Adoption order made")
    expect(page.locator("#timeline")).to_contain_text(f"Adoption order made on {today.day} {today:%B %Y}")
    family.refresh_from_db()
    assert family.stage == Stage.ADOPTION_ORDER
    assert Link.objects.get(household=family).order_on == today
    assert axe_violations(page) == []


def test_the_family_finders_list_shows_a_profile_without_contact_details(site, page, families):
    family = families["medway"]
    log_in(page, site, "family.finder")
    page.goto(f"{site}/admin/crm/families-waiting/")

    table = page.locator("#families-waiting")
    row = table.locator("tbody tr", has_text=family.reference)
    expect(row).to_contain_text("Medway")
    expect(row).to_contain_text("3 to 4, 5 to 7")
    expect(row).to_contain_text("Maybe: to talk about")
    expect(row).to_contain_text("6 to 12 months")
    expect(row).to_contain_text("Ask their worker")
    content = page.content()
    for secret in ("Quinnell", "sam.quinnell@example.com", "07700 900321", "07700900321"):
        assert secret not in content
    # Kent's family is waiting too (no profile yet), shown by reference alone.
    expect(table).to_contain_text(families["kent"].reference)
    assert "Okafor" not in content
    assert axe_violations(page) == []
