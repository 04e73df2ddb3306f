"""The marketing team reads campaign results in the Wagtail admin, in a real browser."""

import datetime as dt

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from campaigns.credits import credits_rebuild
from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from crm.models import Household, StageChange
from tests.browser.conftest import axe_violations, log_in
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 1, day, 10, tzinfo=dt.UTC)


@pytest.fixture
def marketing_user(site):
    user = get_user_model().objects.create_user("marketing", password="changeme", is_staff=True)
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


@pytest.fixture
def history(site):
    """Two households heard the winter radio advert; one then searched and registered interest."""
    winter = Campaign.objects.create(
        name="Winter radio", code="WINTER26", starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2026, 1, 31)
    )
    radio, search = Channel.objects.get(slug="radio"), Channel.objects.get(slug="search")
    CampaignChannel.objects.create(campaign=winter, channel=radio, spend=1200)
    first = Household.objects.create(
        first_name="Priya", last_name="Shah", council="kent", first_enquiry_at=at(10)
    )
    second = Household.objects.create(
        first_name="Sam", last_name="Jones", council="medway", first_enquiry_at=at(12)
    )
    for household in (first, second):
        Touchpoint.objects.create(
            household=household, kind="landing", channel=radio, phase=1, campaign=winter, occurred_at=at(3)
        )
    Touchpoint.objects.create(household=first, kind="landing", channel=search, phase=2, occurred_at=at(15))
    StageChange.objects.create(
        household=first,
        kind="advance",
        from_stage="information_event",
        to_stage="registration_of_interest",
        effective_at=at(20),
    )
    credits_rebuild()  # rows written around the services, as the nightly rebuild puts right
    return winter


def rows(table) -> list[list[str]]:
    expect(table).to_be_visible()
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def test_marketing_editor_changes_model_and_outcome_and_opens_a_campaign(site, page, marketing_user, history):
    log_in(page, site, "marketing")
    page.goto(site + "/admin/campaigns/results/")
    expect(page.get_by_role("link", name="Credit by model")).to_have_attribute("aria-current", "page")
    assert axe_violations(page) == []

    page.get_by_label("Start date", exact=True).fill("2026-01-01")
    page.get_by_label("End date", exact=True).fill("2026-01-31")
    page.get_by_label("Outcome").select_option(label="Registrations of interest")
    page.get_by_label("Attribution model").select_option(label="Last touch")
    page.get_by_role("button", name="Show results").click()

    # Two households: every figure is under 5, so marketing sees what Insight would show them.
    expect(page.locator(".results-summary")).to_contain_text("Fewer than 5 registrations of interest from")
    table = page.get_by_role("table", name="Credited registrations of interest by channel, last touch")
    # Key channels by default: the radio advert's spend and credit are Advertising's.
    assert rows(table) == [
        ["Online search", "fewer than 5", "not shown", "–", "not shown"],
        ["Advertising", "fewer than 5", "not shown", "1,200.00", "not shown"],
    ]
    expect(
        page.get_by_role("img", name="Credited registrations of interest by channel, last touch")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Outcome").select_option(label="Enquiries")
    page.get_by_label("Attribution model").select_option(label="Linear")
    page.get_by_label("Break down by").select_option(label="Campaign")
    page.get_by_role("button", name="Show results").click()
    table = page.get_by_role("table", name="Credited enquiries by campaign, linear")
    assert rows(table) == [["Winter radio (WINTER26)", "fewer than 5", "not shown", "1,200.00", "not shown"]]
    assert "Priya" not in page.content()

    table.get_by_role("link", name="Winter radio (WINTER26)").click()
    expect(page.get_by_role("heading", name="Winter radio (WINTER26)", level=1)).to_be_visible()
    campaign = page.get_by_role(
        "table", name="Credited outcomes and cost per outcome for Winter radio (WINTER26)"
    )
    assert set(rows(campaign)[0][1:]) == {"fewer than 5", "not shown"}
    assert axe_violations(page) == []

    page.get_by_role("link", name="Phase movement").click()
    expect(page.locator(".results-summary")).to_contain_text("Fewer than 5 households registered interest")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Said and tracked").click()
    expect(page.locator(".results-summary")).to_contain_text("Fewer than 5 enquiries")
    assert axe_violations(page) == []


def test_a_manager_sees_the_exact_figures(site, page, history):
    from tests.factories import staff_member

    staff_member("manager", role="manager", council=None)
    log_in(page, site, "manager")
    page.goto(
        site + "/admin/campaigns/results/?date_from=2026-01-01&date_to=2026-01-31"
        "&outcome=registration_of_interest&model=last_touch&dimension=channel"
    )
    expect(page.locator(".results-summary")).to_contain_text("1 registration of interest from 1 January 2026")
    table = page.get_by_role("table", name="Credited registrations of interest by channel, last touch")
    # The radio earned nothing under last touch, but it had spend in these dates, so it is shown, as
    # Advertising (key channels, the default), or under its own name with every channel.
    assert rows(table) == [
        ["Online search", "1.00", "100.0", "–", "–"],
        ["Advertising", "0.00", "0.0", "1,200.00", "–"],
    ]
    page.get_by_label("Channels", exact=True).select_option(label="All channels")
    page.get_by_role("button", name="Show results").click()
    table = page.get_by_role("table", name="Credited registrations of interest by channel, last touch")
    assert rows(table) == [
        ["Online search", "1.00", "100.0", "–", "–"],
        ["Radio advertising", "0.00", "0.0", "1,200.00", "–"],
    ]
    assert axe_violations(page) == []


def test_bad_dates_are_explained_in_the_browser(site, page, marketing_user):
    log_in(page, site, "marketing")
    page.goto(site + "/admin/campaigns/results/?date_from=2026-03-01&date_to=2026-01-01")
    expect(page.get_by_role("alert")).to_contain_text("Those figures could not be shown.")
    expect(page.get_by_label("End date", exact=True)).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
