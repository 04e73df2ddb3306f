"""A marketing editor enters this year's budget for a channel in the admin, and sees it against the spend on
Insight's Channels and phases screen, over budget said in words; on a laptop and on a phone, axe clean."""

import datetime as dt

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from campaigns.budgets import financial_year_of
from campaigns.models import Campaign, CampaignChannel, Channel, ChannelBudget
from tests.browser.conftest import axe_violations, log_in
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]

SHOTS = "/tmp/budget-shots"  # noqa: S108  (screenshots to look at, not test data)
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def radio(site, django_user_model):
    """Radio adverts that started today with £600 spent: all of it today, so in this year's spend to date."""
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    campaign = Campaign.objects.create(name="Radio now", code="RADIONOW", starts_on=timezone.localdate())
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=600)
    return campaign


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    """The page itself never scrolls sideways; a wide table scrolls within its own region."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_marketing_editor_enters_a_budget_and_sees_it_against_spend(site, sized_page, radio):
    page = sized_page
    year = financial_year_of(timezone.localdate())
    log_in(page, site, "marketing")

    page.goto(site + "/admin/campaigns/budgets/new/")
    page.get_by_label("Channel").select_option(label="Advertising")
    expect(page.get_by_label("Financial year")).to_have_value(str(year))
    page.get_by_role("textbox", name="Budget for the year (£)").fill("-500")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Enter an amount of £0 or more.")).to_be_visible()
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/budget-form-error-{page.size_name}.png", full_page=True)

    page.get_by_role("textbox", name="Budget for the year (£)").fill("£500")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("table")).to_contain_text("Advertising")
    expect(page.get_by_role("table")).to_contain_text("£500.00")
    assert ChannelBudget.objects.get().year == year
    no_sideways_scroll(page)
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/budget-list-{page.size_name}.png", full_page=True)

    page.goto(site + "/admin/insight/channels/")
    budget = page.locator("#table-budget")
    advertising = budget.locator("tbody tr", has=page.get_by_role("rowheader", name="Advertising"))
    # The radio adverts are Advertising's: £600 spent of a £500 budget.
    expect(advertising).to_contain_text("500.00")
    expect(advertising).to_contain_text("600.00")
    expect(advertising).to_contain_text("Over budget by £100.00")
    expect(
        page.get_by_role("heading", name=f"Marketing budget for {year} to {year + 1} by channel")
    ).to_be_visible()
    expect(page.locator("#table-budget_months")).to_contain_text("600.00")
    expect(
        page.get_by_role("img", name=f"Planned and actual spend so far, {year} to {year + 1}")
    ).to_be_attached()
    expect(page.locator("#table-costs")).to_be_visible()
    page.locator("#table-budget").screenshot(path=f"{SHOTS}/budget-screen-budget-{page.size_name}.png")
    no_sideways_scroll(page)
    assert axe_violations(page) == []
    for key in ("budget_months", "costs"):
        section = page.locator("section", has=page.locator(f"#{key}-heading"))
        section.screenshot(path=f"{SHOTS}/budget-screen-{key}-{page.size_name}.png")
        section.locator("figure").screenshot(path=f"{SHOTS}/budget-chart-{key}-{page.size_name}.png")


def test_costs_by_quarter_keep_the_other_choices(site, page, radio):
    log_in(page, site, "marketing")
    today = timezone.localdate()
    page.goto(site + f"/admin/insight/channels/?date_from={today - dt.timedelta(days=200):%Y-%m-%d}")

    page.get_by_label("Costs by").select_option(label="Quarter")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()

    expect(
        page.get_by_role("heading", name="Cost per enquiry and per approval by quarter", exact=False)
    ).to_be_visible()
    expect(page.get_by_label("Costs by")).to_have_value("quarter")
    assert axe_violations(page) == []
