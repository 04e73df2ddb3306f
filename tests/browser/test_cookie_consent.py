"""The cookie banner gives a real choice (PECR), and a consenting visitor's landing follows them to their enquiry."""

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from crm.models import Enquiry
from tests.browser.conftest import axe_violations
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]


LOOK = """el => {
    const style = getComputedStyle(el);
    return [el.className, style.backgroundColor, style.color, style.fontSize, style.fontWeight,
            style.padding, el.getBoundingClientRect().height];
}"""


def cookies(page) -> dict[str, str]:
    return {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}


def banner(page):
    return page.get_by_role("region", name="Cookies on this website")


def test_the_banner_offers_an_equal_choice_and_is_accessible(site, page):
    page.goto(site + "/stories/")

    expect(banner(page)).to_be_visible()
    accept = banner(page).get_by_role("button", name="Accept analytics cookies")
    reject = banner(page).get_by_role("button", name="Reject analytics cookies")
    assert accept.evaluate(LOOK) == reject.evaluate(LOOK)  # equally prominent
    assert (
        banner(page).get_by_role("link", name="Find out about our cookies").get_attribute("href")
        == "/cookies/"
    )
    assert axe_violations(page) == []


def test_rejecting_hides_the_choice_without_a_reload_and_sets_no_visitor_cookie(site, page):
    page.goto(site + "/stories/")
    page.evaluate("window.sameDocument = true")

    banner(page).get_by_role("button", name="Reject analytics cookies").click()

    status = page.get_by_role("status").filter(has_text="You’ve rejected analytics cookies.")
    expect(status).to_be_visible()
    expect(status).to_be_focused()
    expect(banner(page).get_by_role("button", name="Reject analytics cookies")).to_be_hidden()
    assert page.evaluate("window.sameDocument") is True
    assert cookies(page).get("apse_consent") == "rejected"
    assert "apse_visitor" not in cookies(page)
    assert axe_violations(page) == []

    banner(page).get_by_role("button", name="Hide cookie message").click()
    expect(banner(page)).to_have_count(0)
    expect(page.locator("main")).to_be_focused()

    page.goto(site + "/events/?utm_source=facebook&utm_medium=facebook")
    expect(banner(page)).to_have_count(0)
    assert "apse_visitor" not in cookies(page)
    assert not Touchpoint.objects.exists()


def test_accepting_with_javascript_starts_a_visitor_id(site, page):
    page.goto(site + "/")

    banner(page).get_by_role("button", name="Accept analytics cookies").click()

    expect(page.get_by_role("status").filter(has_text="You’ve accepted analytics cookies.")).to_be_visible()
    assert cookies(page)["apse_consent"] == "accepted"
    assert len(cookies(page)["apse_visitor"]) == 36
    page.reload()
    expect(banner(page)).to_have_count(0)


def test_accepting_on_a_campaign_landing_page_records_it_without_a_reload(site, page):
    campaign = Campaign.objects.create(name="Winter social", code="WINTER26", starts_on=dt.date(2026, 11, 1))
    page.goto(
        site + "/events/?utm_medium=facebook&utm_campaign=WINTER26", referer="https://www.facebook.com/"
    )
    page.evaluate("window.sameDocument = true")

    banner(page).get_by_role("button", name="Accept analytics cookies").click()

    expect(page.get_by_role("status").filter(has_text="You’ve accepted analytics cookies.")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    touch = Touchpoint.objects.get()
    assert str(touch.visitor) == cookies(page)["apse_visitor"]
    assert (touch.campaign, touch.channel.slug) == (campaign, "facebook")
    assert touch.detail["referrer"] == "https://www.facebook.com/"


def test_accepting_without_javascript_goes_back_to_the_same_page(site, no_js_page):
    no_js_page.goto(site + "/faqs/?q=rent")

    banner(no_js_page).get_by_role("button", name="Accept analytics cookies").click()

    expect(no_js_page).to_have_url(site + "/faqs/?q=rent")
    expect(banner(no_js_page)).to_have_count(0)
    assert cookies(no_js_page)["apse_consent"] == "accepted"
    assert "apse_visitor" in cookies(no_js_page)


def test_rejecting_without_javascript_sets_no_visitor_cookie(site, no_js_page):
    no_js_page.goto(site + "/events/")

    banner(no_js_page).get_by_role("button", name="Reject analytics cookies").click()

    expect(no_js_page).to_have_url(site + "/events/")
    expect(banner(no_js_page)).to_have_count(0)
    assert cookies(no_js_page) == {"apse_consent": "rejected", **_csrf(no_js_page)}


def _csrf(page) -> dict[str, str]:
    """Django's form protection cookie, which forms on the page may set whatever the visitor chooses."""
    return {name: value for name, value in cookies(page).items() if name == "csrftoken"}


def test_a_visitor_changes_their_mind_on_the_cookies_page(site, page):
    page.goto(site + "/")
    banner(page).get_by_role("button", name="Accept analytics cookies").click()
    expect(page.get_by_role("status").filter(has_text="accepted")).to_be_visible()

    page.goto(site + "/cookies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies", use_inner_text=True)
    expect(page.get_by_text("You have accepted analytics cookies.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("No, reject analytics cookies").check()
    page.get_by_role("button", name="Save cookie settings").click()

    expect(page.get_by_text("You have rejected analytics cookies.")).to_be_visible()
    assert cookies(page).get("apse_consent") == "rejected"
    assert "apse_visitor" not in cookies(page)
    assert axe_violations(page) == []


def test_a_consenting_visitors_landing_joins_their_household_when_they_enquire(site, page):
    staff_member("kent.worker", council="kent")
    campaign = Campaign.objects.create(name="Winter social", code="WINTER26", starts_on=dt.date(2026, 11, 1))
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="facebook"), spend=800)
    page.goto(site + "/")
    banner(page).get_by_role("button", name="Accept analytics cookies").click()
    expect(page.get_by_role("status").filter(has_text="accepted")).to_be_visible()
    visitor = cookies(page)["apse_visitor"]

    page.goto(site + "/?utm_source=facebook&utm_medium=facebook&utm_campaign=WINTER26")
    page.get_by_role("link", name="Stories").first.click()
    page.get_by_role("link", name="Three sisters, one home").first.click()
    page.get_by_role("link", name="Enquire now").click()
    form = page.locator("form.enquiry-form")
    form.get_by_role("textbox", name="First name", exact=True).fill("Sam")
    form.get_by_role("textbox", name="Last name", exact=True).fill("Jones")
    form.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?").get_by_label(
        "On my own"
    ).check()
    form.get_by_label("Email address").fill("sam@example.com")
    form.get_by_label("Postcode").fill("ME14 1XX")
    form.get_by_label("I agree that Adoption Partnership south east can contact me").check()
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )

    enquiry = Enquiry.objects.get()
    assert enquiry.attribution["visitor"] == visitor
    landing = Touchpoint.objects.get(kind="landing", visitor=visitor)
    assert (landing.household, landing.campaign, landing.channel.slug) == (
        enquiry.household,
        campaign,
        "facebook",
    )
    assert landing.detail["utm_campaign"] == "WINTER26"
