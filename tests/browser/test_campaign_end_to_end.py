"""From a radio advert to an approved adopter: the campaign gets the credit, and Mailchimp the tags.

Marketing creates a campaign with a vanity address in the admin; a visitor arrives through it,
browses and enquires (ticking the newsletter box); the household is later approved; the
campaign's page credits it under each attribution model; Mailchimp has the person with the tags
of their phase and council (never their stage: marketing does not learn casework from the audience).
"""

import time

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from crm.models import Enquiry, Stage
from crm.services import household_advance
from tests.browser.conftest import axe_violations, log_in
from tests.factories import staff_member
from tests.stand_ins.mailchimp import MailchimpStandIn, mailchimp_settings
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]

APPROVAL_PATH = [
    Stage.REGISTRATION_OF_INTEREST,
    Stage.ROI_ACCEPTED,
    Stage.STAGE_ONE,
    Stage.STAGE_TWO,
    Stage.PANEL,
    Stage.APPROVED,
]


@pytest.fixture
def mailchimp(settings):
    with MailchimpStandIn() as server:
        mailchimp_settings(settings, server)
        yield server


@pytest.fixture
def marketing(site):
    groups = roles_sync()
    user = get_user_model().objects.create_user("marketing", password="changeme", is_staff=True)
    user.groups.add(groups[MARKETING_EDITORS])
    return user


def create_campaign_in_admin(page, site):
    page.goto(site + "/admin/campaigns/campaigns/new/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_name").fill("Winter radio")
    page.locator("#id_code").fill("WINTER26")
    page.locator("#id_vanity_path").fill("radio")
    page.locator("#id_landing_path").fill("/events/")
    page.get_by_role("checkbox", name="Kent").check()
    page.locator("#id_starts_on").fill("2026-11-01")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add Channel").click()
    page.locator("#id_channel_spend-0-channel").select_option(label="Radio advertising")
    page.locator("#id_channel_spend-0-spend").fill("5000")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(site + "/admin/campaigns/campaigns/")
    return Campaign.objects.get(code="WINTER26")


def test_a_campaign_is_credited_from_vanity_address_to_approval(site, page, browser, marketing, mailchimp):
    staff_member("kent.worker", council="kent")
    log_in(page, site, "marketing")
    campaign = create_campaign_in_admin(page, site)
    assert [(line.channel.slug, int(line.spend)) for line in campaign.channel_spend.all()] == [
        ("radio", 5000)
    ]

    visitor = browser.new_page()
    visitor.goto(site + "/radio/")
    assert "/events/?" in visitor.url and "utm_campaign=WINTER26" in visitor.url
    visitor.get_by_role("link", name="Enquire now").click()
    form = visitor.locator("form.enquiry-form")
    form.get_by_role("textbox", name="First name", exact=True).fill("Sam")
    form.get_by_role("textbox", name="Last name", exact=True).fill("Jones")
    form.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?").get_by_label(
        "On my own"
    ).check()
    form.get_by_label("Email address").fill("sam@example.com")
    form.get_by_label("Postcode").fill("ME14 1XX")
    form.get_by_label("I agree that Adoption Partnership south east can contact me").check()
    form.get_by_label("Send me the Adoption Partnership south east newsletter").check()
    time.sleep(3)
    visitor.get_by_role("button", name="Send my enquiry").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )
    visitor.close()

    household = Enquiry.objects.get().household
    assert household.assigned_to.user.username == "kent.worker"
    member = mailchimp.member("sam@example.com")
    assert member.status == "subscribed"
    assert {"Council: Kent", "Phase 2: Fact-finding and research"} <= member.tags
    assert not any(tag.startswith("Stage: ") for tag in member.tags)

    for stage in APPROVAL_PATH:
        household_advance(household=household, to_stage=stage, by=household.assigned_to.user)

    # One household is fewer than 5: marketing sees the figures hidden, a manager sees them exactly.
    page.goto(f"{site}/admin/campaigns/results/campaign/{campaign.pk}/")
    expect(page.locator("#table-campaign")).to_be_visible()
    hidden = {text.strip() for text in page.locator("#table-campaign tbody td").all_inner_texts()}
    assert hidden == {"fewer than 5", "not shown"}
    staff_member("manager", role="manager", council=None)
    page.context.clear_cookies()
    log_in(page, site, "manager")
    page.goto(f"{site}/admin/campaigns/results/campaign/{campaign.pk}/")
    expect(page.locator("#table-campaign")).to_be_visible()
    rows = {
        row.locator("th").inner_text().strip(): [text.strip() for text in row.locator("td").all_inner_texts()]
        for row in page.locator("#table-campaign tbody tr").all()
    }
    # Columns: enquiry, cost, ROI, cost, approval, cost. Before the enquiry: the campaign's landing.
    # Before the ROI: that landing, the enquiry (also the campaign's) and the newsletter sign-up.
    # Before approval: those three and the four stage touches before it (no campaign): registration of
    # interest, stage one, stage two and panel; ROI accepted is an outcome that records no touch. So 7
    # touches, the campaign's the first two: linear 2/7 = 0.29; position 0.4 + 0.2/5 = 0.44; and the
    # cost per approval under linear £5,000 ÷ 2/7 = £17,500.
    assert rows["First touch"][0::2] == ["1.00", "1.00", "1.00"]
    assert rows["Last touch"][0::2] == ["1.00", "1.00", "0.00"]
    assert rows["Linear"][0::2] == ["1.00", "0.67", "0.29"]
    assert rows["Position-based (40/20/40)"][0::2] == ["1.00", "0.80", "0.44"]
    assert rows["Time decay (half-life 7 days)"][0::2][:2] == ["1.00", "0.67"]
    assert rows["First touch"][1] == "5,000.00"
    assert rows["Linear"][5] == "17,500.00"
    assert axe_violations(page) == []

    member = mailchimp.member("sam@example.com")
    # Approval is phase 5, the process and adoption; after care (6) begins after the adoption order.
    assert {"Council: Kent", "Phase 5: The process and adoption"} <= member.tags
    assert not any(tag.startswith("Stage: ") for tag in member.tags)
